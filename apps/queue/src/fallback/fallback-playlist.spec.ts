import { PATTERNS } from '@h4k/contracts';
import { eventually } from '@h4k/testing';

import { Mpds } from '../mpd/mpd.module';
import { QueueRig } from '../testing/queue-rig.e2e';

/** Real MPDs with a null output: the queue service must set them up and heal them without help. */
describe('queue service with real MPDs', () => {
  let rig: QueueRig;
  const fallbackStatus = () => rig.status('fallback');
  /**
   * Someone stops the fallback, then its MPD restarts with an empty playlist: each time it comes back
   * to `state` (playing, or the admin's pause), the restart with all three songs, random.
   */
  const itComesBackTo = (state: 'play' | 'pause', afterStop: string, afterRestart: string) => {
    it(afterStop, async () => {
      await rig.outside('fallback', (mpd) => mpd.playback.stop());
      await eventually(`fallback ${state} again`, async () => (await fallbackStatus()).state === state, 10_000);
    });

    it(
      afterRestart,
      async () => {
        await rig.restartMpd('fallback', '');
        await eventually(
          `fallback set up again (${state}) after the restart`,
          async () => {
            const status = await fallbackStatus();
            return status.playlistLength === 3 && status.random === true && status.state === state;
          },
          30_000,
        );
      },
      60_000,
    );
  };

  beforeAll(async () => {
    rig = await QueueRig.start({ fallbackSongs: 3, userSongs: 0 });
  }, 60_000);

  afterAll(async () => {
    await rig?.close();
  });

  it('loads every song of the fallback dir, repeat+random, and plays', async () => {
    await eventually('fallback playing', async () => (await fallbackStatus()).state === 'play', 20_000);
    const status = await fallbackStatus();
    expect(status.playlistLength).toBe(3);
    expect(status.repeat).toBe(true);
    expect(status.random).toBe(true);
  });

  it('puts the user MPD in consume mode', async () => {
    await eventually('user MPD consume on', async () => (await rig.status('user')).consume === true);
  });

  itComesBackTo(
    'play',
    'plays again when someone stops the fallback',
    'sets the fallback up again after its MPD restarts with an empty playlist',
  );

  describe("an admin's pause", () => {
    afterAll(async () => {
      await rig.client.send(PATTERNS.queue.playback, { playlist: 'fallback', action: 'resume' });
    });

    it('is not fought: it stays paused through player events and a reconnect', async () => {
      await eventually('fallback playing', async () => (await fallbackStatus()).state === 'play', 20_000);
      await rig.client.send(PATTERNS.queue.playback, { playlist: 'fallback', action: 'pause' });
      // A player event (skip) and a reconnect both run the keep-playing logic.
      await rig.client.send(PATTERNS.queue.playback, { playlist: 'fallback', action: 'skip' });
      const mpds = rig.get(Mpds);
      mpds.fallback.stop();
      mpds.fallback.start();
      await eventually('service reconnected', () => mpds.fallback.connected, 10_000);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect((await fallbackStatus()).state).toBe('pause');
    }, 30_000);

    itComesBackTo(
      'pause',
      'turns a stop into a pause, never into playing or stopped',
      'survives an MPD restart: the playlist comes back, paused',
    );

    it('survives a restart of the queue service', async () => {
      await rig.stopService();
      await rig.outside('fallback', (mpd) => mpd.playback.stop());
      await rig.startService();
      await eventually('fallback paused, not playing', async () => (await fallbackStatus()).state === 'pause', 10_000);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect((await fallbackStatus()).state).toBe('pause');
    }, 30_000);
  });
});
