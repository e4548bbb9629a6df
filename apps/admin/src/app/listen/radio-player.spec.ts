import { ComponentFixture, TestBed } from '@angular/core/testing';

import { providePanelTesting } from '../core/testing';
import { RadioPlayer } from './radio-player';

describe('RadioPlayer', () => {
  let fixture: ComponentFixture<RadioPlayer>;
  let audio: HTMLAudioElement;
  let play: jest.SpyInstance;

  const el = () => fixture.nativeElement as HTMLElement;
  const render = () => TestBed.tick();
  const toggle = () => (el().querySelector('[data-testid="play-toggle"]') as HTMLButtonElement).click();
  const state = () => el().querySelector('[data-testid="player-state"]')?.textContent?.trim();

  beforeEach(() => {
    jest.useFakeTimers();
    play = jest.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue(undefined);
    jest.spyOn(HTMLMediaElement.prototype, 'pause').mockReturnValue(undefined);
    jest.spyOn(HTMLMediaElement.prototype, 'load').mockReturnValue(undefined);
    // a browser that plays Ogg/Opus (jsdom plays nothing)
    jest
      .spyOn(HTMLMediaElement.prototype, 'canPlayType')
      .mockImplementation((type) => (type === 'audio/ogg; codecs=opus' ? 'probably' : ''));
    TestBed.configureTestingModule({ imports: [RadioPlayer], providers: providePanelTesting() });
    fixture = TestBed.createComponent(RadioPlayer);
    render();
    audio = el().querySelector('audio') as HTMLAudioElement;
  });

  afterEach(() => {
    fixture.destroy();
    jest.restoreAllMocks();
    jest.useRealTimers();
  });

  it('opens the same-origin stream on play, fresh each time', () => {
    expect(audio.getAttribute('src')).toBeNull();
    toggle();
    render();
    expect(audio.getAttribute('src')).toMatch(/^\/radio\?t=\d+$/);
    expect(play).toHaveBeenCalledTimes(1);
    audio.dispatchEvent(new Event('playing'));
    render();
    expect(state()).toBe('Playing');
  });

  it('opens the MP3 mount in a browser that cannot play Ogg/Opus', () => {
    jest.spyOn(HTMLMediaElement.prototype, 'canPlayType').mockReturnValue('');
    toggle();
    render();
    expect(audio.getAttribute('src')).toMatch(/^\/radio\.mp3\?t=\d+$/);
  });

  it('reconnects within 2 s when the stream ends or errors, while the listener wants it', () => {
    toggle();
    render();
    const first = audio.getAttribute('src');
    jest.advanceTimersByTime(5);
    audio.dispatchEvent(new Event('ended'));
    render();
    expect(state()).toBe('Reconnecting…');
    jest.advanceTimersByTime(999);
    expect(audio.getAttribute('src')).toBe(first);
    jest.advanceTimersByTime(1);
    render();
    expect(audio.getAttribute('src')).not.toBe(first);
    expect(audio.getAttribute('data-reconnects')).toBe('1');

    audio.dispatchEvent(new Event('error'));
    jest.advanceTimersByTime(1000);
    render();
    expect(audio.getAttribute('data-reconnects')).toBe('2');
  });

  it('reconnects a stream whose position stopped moving', () => {
    toggle();
    render();
    jest.advanceTimersByTime(6000); // jsdom's currentTime never moves
    render();
    expect(Number(audio.getAttribute('data-reconnects'))).toBeGreaterThanOrEqual(1);
  });

  it('stays quiet after pause, and goes back to live on request', () => {
    toggle();
    render();
    toggle();
    render();
    expect(state()).toBe('Paused');
    audio.dispatchEvent(new Event('ended'));
    jest.advanceTimersByTime(10_000);
    render();
    expect(audio.getAttribute('data-reconnects')).toBe('0');

    const live = el().querySelector('[data-testid="back-to-live"]') as HTMLButtonElement;
    expect(live.disabled).toBe(false);
    const before = audio.getAttribute('src');
    jest.advanceTimersByTime(5);
    live.click();
    render();
    expect(audio.getAttribute('src')).not.toBe(before);
    expect(live.disabled).toBe(true);
  });

  it('sets the volume from the slider', () => {
    const range = el().querySelector('input[type="range"]') as HTMLInputElement;
    range.value = '0.25';
    range.dispatchEvent(new Event('input'));
    render();
    expect(audio.volume).toBe(0.25);
  });
});
