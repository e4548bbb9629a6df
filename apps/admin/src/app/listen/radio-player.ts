import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  ElementRef,
  inject,
  InjectionToken,
  signal,
  viewChild,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';

import { STATION_NAME, streamUrlFor } from '../core/station';

/** Wait before reconnecting a stream that ended or failed (the issue asks for "within 2 s"). */
export const RECONNECT_MS = new InjectionToken<number>('RECONNECT_MS', { providedIn: 'root', factory: () => 1000 });

/**
 * A stream whose position has not moved for this long while it should play is taken as broken:
 * a dropped connection can leave the element waiting on its own retries instead of ending.
 */
export const STALL_MS = new InjectionToken<number>('STALL_MS', { providedIn: 'root', factory: () => 4000 });

/** How often the position is checked for a stall. */
const WATCH_MS = 1000;

type PlayerState = 'stopped' | 'connecting' | 'playing' | 'paused' | 'reconnecting';

const STATE_TEXT: Readonly<Record<PlayerState, string>> = {
  stopped: 'Press play to listen',
  connecting: 'Connecting…',
  playing: 'Playing',
  paused: 'Paused',
  reconnecting: 'Reconnecting…',
};

/**
 * The station's stream with play/pause, volume and "back to live". A live Ogg stream that breaks
 * (Icecast or Caddy restarting) ends, or errors: while the listener wants to hear it, it is
 * opened again after RECONNECT_MS, as often as it takes.
 */
@Component({
  selector: 'h4k-radio-player',
  imports: [MatButtonModule, MatIconModule],
  template: `
    <section class="player" aria-label="Stream player">
      <audio
        #audio
        preload="none"
        data-testid="stream-audio"
        [attr.data-reconnects]="reconnects()"
        [volume]="volume()"
        (playing)="state.set('playing')"
        (waiting)="onWaiting()"
        (ended)="onBroken()"
        (error)="onBroken()"
      ></audio>
      <button
        mat-fab
        type="button"
        class="toggle"
        data-testid="play-toggle"
        (click)="toggle()"
        [attr.aria-label]="wanted() ? 'Pause' : 'Play ' + stationName"
      >
        <mat-icon [svgIcon]="wanted() ? 'pause' : 'play_arrow'" />
      </button>
      <div class="middle">
        <span class="state" data-testid="player-state" aria-live="polite">{{ stateText() }}</span>
        <label class="volume">
          <mat-icon aria-hidden="true" [svgIcon]="volume() === 0 ? 'volume_off' : 'volume_up'" />
          <span class="visually-hidden">Volume</span>
          <input
            type="range"
            min="0"
            max="1"
            step="0.05"
            [value]="volume()"
            (input)="volume.set(range.valueAsNumber)"
            #range
          />
        </label>
      </div>
      <button
        mat-stroked-button
        type="button"
        data-testid="back-to-live"
        (click)="backToLive()"
        [disabled]="!behindLive()"
        title="Skip what was buffered while paused"
      >
        <mat-icon svgIcon="skip_next" /> Back to live
      </button>
    </section>
  `,
  styles: `
    .player {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 16px;
      padding: 16px;
      border-radius: 16px;
      background: var(--mat-sys-primary-container);
      color: var(--mat-sys-on-primary-container);
    }
    .middle {
      flex: 1 1 0;
      min-width: 120px;
      display: flex;
      flex-direction: column;
      gap: 4px;
    }
    .state {
      font: var(--mat-sys-title-medium);
    }
    .volume {
      display: flex;
      align-items: center;
      gap: 8px;
    }
    .volume input {
      flex: 1 1 0;
      width: 100%;
      min-width: 0;
      max-width: 220px;
      accent-color: var(--mat-sys-primary);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RadioPlayer {
  private readonly audio = viewChild.required<ElementRef<HTMLAudioElement>>('audio');
  private readonly reconnectMs = inject(RECONNECT_MS);
  private readonly stallMs = inject(STALL_MS);
  protected readonly stationName = STATION_NAME;

  /** The listener pressed play and not pause since. */
  protected readonly wanted = signal(false);
  protected readonly state = signal<PlayerState>('stopped');
  protected readonly volume = signal(1);
  /** Paused since the stream was opened: resuming plays the buffer, behind live. */
  protected readonly behindLive = signal(false);
  /** How often the stream was opened again after it broke (the e2e test reads it). */
  protected readonly reconnects = signal(0);
  protected readonly stateText = computed(() =>
    this.state() === 'playing' && this.behindLive() ? 'Playing (behind live)' : STATE_TEXT[this.state()],
  );

  private retry: ReturnType<typeof setTimeout> | undefined;
  private opened = false;
  private lastPosition = -1;
  private lastMoved = 0;

  constructor() {
    const watch = setInterval(() => this.watchForStall(), WATCH_MS);
    inject(DestroyRef).onDestroy(() => {
      clearInterval(watch);
      clearTimeout(this.retry);
      if (!this.opened) return;
      const audio = this.audio().nativeElement;
      audio.pause();
      audio.removeAttribute('src');
    });
  }

  protected toggle(): void {
    if (this.wanted()) {
      this.wanted.set(false);
      this.cancelRetry();
      this.audio().nativeElement.pause();
      this.state.set('paused');
      this.behindLive.set(this.opened);
      return;
    }
    this.wanted.set(true);
    if (this.opened) this.play();
    else this.open('connecting');
  }

  protected backToLive(): void {
    this.wanted.set(true);
    this.open('connecting');
  }

  protected onWaiting(): void {
    if (this.wanted() && this.state() === 'playing') this.state.set('connecting');
  }

  /** A broken Ogg stream ends rather than errors; either way, open it again if it is wanted. */
  protected onBroken(): void {
    if (!this.wanted()) return;
    this.state.set('reconnecting');
    this.cancelRetry();
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.reconnects.update((n) => n + 1);
      this.open('reconnecting');
    }, this.reconnectMs);
  }

  private watchForStall(): void {
    const position = this.audio().nativeElement.currentTime;
    const now = Date.now();
    if (!this.wanted() || position !== this.lastPosition || this.retry !== undefined) {
      this.lastPosition = position;
      this.lastMoved = now;
      return;
    }
    if (now - this.lastMoved >= this.stallMs) this.onBroken();
  }

  /** A fresh connection: the live edge, never a cached or half-read response. */
  private open(state: PlayerState): void {
    this.cancelRetry();
    this.lastMoved = Date.now();
    this.opened = true;
    this.behindLive.set(false);
    this.state.set(state);
    const audio = this.audio().nativeElement;
    audio.src = `${streamUrlFor(audio)}?t=${Date.now()}`;
    this.play();
  }

  private cancelRetry(): void {
    clearTimeout(this.retry);
    this.retry = undefined;
  }

  private play(): void {
    // Rejected when a newer src or a pause interrupts it: the media events tell what happened.
    this.audio()
      .nativeElement.play()
      ?.catch(() => undefined);
  }
}
