import { rmSync } from 'node:fs';
import { join } from 'node:path';

import { PATTERNS, type PlaybackAction, type Playlist, RpcRemoteError } from '@h4k/contracts';
import { eventually } from '@h4k/testing';

import { playingStateFile, QueueRig } from '../testing/queue-rig.e2e';

/** Admin playback control and the live hold, sent over the real Redis transport to real MPDs. */
describe('playback control', () => {
  jest.setTimeout(20_000);

  let rig: QueueRig;

  const send = (playlist: Playlist, action: PlaybackAction) =>
    rig.client.send(PATTERNS.queue.playback, { playlist, action });
  const stateOf = async (playlist: Playlist) => (await rig.status(playlist)).state;
  const settle = () => new Promise((resolve) => setTimeout(resolve, 1000));

  beforeAll(async () => {
    rig = await QueueRig.start({ fallbackSongs: 3, userSongs: 4 });
    await eventually('fallback playing', async () => (await stateOf('fallback')) === 'play', 20_000);
  }, 60_000);

  afterAll(async () => {
    await rig?.close();
  });

  it('refuses an unknown playlist or action with BAD_REQUEST', async () => {
    const bad = rig.client.send(PATTERNS.queue.playback, { playlist: 'jukebox', action: 'play' } as never);
    await expect(bad).rejects.toBeInstanceOf(RpcRemoteError);
    await expect(bad).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^playlist:/) });
    await expect(
      rig.client.send(PATTERNS.queue.playback, { playlist: 'user', action: 'rewind' } as never),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(rig.client.send(PATTERNS.queue.playbackState, { playlist: 'jukebox' } as never)).rejects.toMatchObject(
      { code: 'BAD_REQUEST' },
    );
  });

  describe('the fallback playlist', () => {
    it('pauses, stays paused, and resumes the same song', async () => {
      const paused = await send('fallback', 'pause');
      expect(paused).toEqual(
        expect.objectContaining({ playlist: 'fallback', state: 'pause', queued: 3, hold: 'admin' }),
      );
      expect(paused.title).toMatch(/^fallback tone \d+$/);
      await settle();
      expect(await stateOf('fallback')).toBe('pause');
      // The read-only state says the same, and changes nothing.
      expect(await rig.client.send(PATTERNS.queue.playbackState, { playlist: 'fallback' })).toEqual(paused);
      expect(await stateOf('fallback')).toBe('pause');
      const resumed = await send('fallback', 'resume');
      expect(resumed).toEqual(expect.objectContaining({ state: 'play', hold: null, title: paused.title }));
    });

    it('skips to another song while playing, and while paused without starting to play', async () => {
      const before = await rig.status('fallback');
      expect((await send('fallback', 'skip')).state).toBe('play');
      expect((await rig.status('fallback')).songId).not.toBe(before.songId);

      await send('fallback', 'pause');
      const pausedOn = await rig.status('fallback');
      const skipped = await send('fallback', 'skip');
      expect(skipped).toEqual(expect.objectContaining({ state: 'pause', queued: 3, hold: 'admin' }));
      expect((await rig.status('fallback')).songId).not.toBe(pausedOn.songId);
      await settle();
      expect(await stateOf('fallback')).toBe('pause');
    });

    it('plays again on play', async () => {
      expect(await send('fallback', 'play')).toEqual(expect.objectContaining({ state: 'play', hold: null }));
    });

    it('sets autoplay up again after the playlist was cleared', async () => {
      await rig.outside('fallback', (mpd) => mpd.currentPlaylist.clear());
      await rig.outside('fallback', (mpd) => mpd.playbackOptions.setRandom(false));
      expect(await rig.status('fallback')).toEqual(expect.objectContaining({ state: 'stop', playlistLength: 0 }));
      const state = await rig.client.send(PATTERNS.queue.setupAutoplay, {});
      expect(state).toEqual(expect.objectContaining({ playlist: 'fallback', state: 'play', queued: 3, hold: null }));
      expect(await rig.status('fallback')).toEqual(
        expect.objectContaining({ state: 'play', playlistLength: 3, repeat: true, random: true }),
      );
    });

    it("lifts an admin's pause on setup-autoplay, without duplicating songs", async () => {
      await send('fallback', 'pause');
      await rig.outside('fallback', (mpd) => mpd.currentPlaylist.add('fallback-0.ogg'));
      const state = await rig.client.send(PATTERNS.queue.setupAutoplay, {});
      expect(state).toEqual(expect.objectContaining({ state: 'play', queued: 3, hold: null }));
    });

    it('drops songs that left the fallback dir on setup-autoplay', async () => {
      rmSync(join(rig.root, 'fallback/music/fallback-2.ogg'));
      expect(await rig.client.send(PATTERNS.queue.setupAutoplay, {})).toEqual(
        expect.objectContaining({ state: 'play', queued: 2 }),
      );
      const paths = await rig.outside('fallback', (mpd) => mpd.currentPlaylist.playlistInfo());
      expect(paths.map((song) => song.path).sort()).toEqual(['fallback-0.ogg', 'fallback-1.ogg']);
    });
  });

  describe('the user queue', () => {
    it('plays songs as they are added', async () => {
      await rig.addUserSongs(0, 1, 2);
      await eventually('user queue playing', async () => (await stateOf('user')) === 'play', 10_000);
    });

    it('pauses and stays paused when a song is added, then resumes', async () => {
      expect(await send('user', 'pause')).toEqual(
        expect.objectContaining({ playlist: 'user', state: 'pause', queued: 3, hold: 'admin' }),
      );
      await rig.addUserSongs(3);
      await settle();
      expect(await rig.status('user')).toEqual(expect.objectContaining({ state: 'pause', playlistLength: 4 }));
      expect(await send('user', 'resume')).toEqual(expect.objectContaining({ state: 'play', queued: 4, hold: null }));
    });

    it('skips: the skipped song leaves the queue, a paused queue stays paused', async () => {
      const playing = await send('user', 'skip');
      expect(playing).toEqual(expect.objectContaining({ state: 'play', queued: 3, title: 'user tone 440' }));
      await send('user', 'pause');
      const paused = await send('user', 'skip');
      expect(paused).toEqual(expect.objectContaining({ state: 'pause', queued: 2, title: 'user tone 550' }));
      await settle();
      expect(await stateOf('user')).toBe('pause');
      expect(await send('user', 'play')).toEqual(expect.objectContaining({ state: 'play', queued: 2 }));
    });
  });

  describe('a DJ live', () => {
    afterEach(async () => {
      await rig.client.send(PATTERNS.queue.liveEnded, {});
      await send('user', 'resume');
    });

    it('pauses the user queue; a song added, a stray play or an admin play do not unpause it; it resumes after', async () => {
      await rig.addUserSongs(0);
      await eventually('user queue playing', async () => (await stateOf('user')) === 'play');
      const queued = (await rig.status('user')).playlistLength;

      expect(await rig.client.send(PATTERNS.queue.liveStarted, {})).toEqual(
        expect.objectContaining({ playlist: 'user', state: 'pause', hold: 'live' }),
      );
      await rig.addUserSongs(1);
      await rig.outside('user', (mpd) => mpd.playback.play());
      expect(await send('user', 'play')).toEqual(expect.objectContaining({ state: 'pause', hold: 'live' }));
      await settle();
      expect(await rig.status('user')).toEqual(
        expect.objectContaining({ state: 'pause', playlistLength: (queued ?? 0) + 1 }),
      );

      expect(await rig.client.send(PATTERNS.queue.liveEnded, {})).toEqual(
        expect.objectContaining({ state: 'play', hold: null }),
      );
      // Liquidsoap's disconnect callback fires more than once.
      expect(await rig.client.send(PATTERNS.queue.liveEnded, {})).toEqual(expect.objectContaining({ state: 'play' }));
    });

    it("keeps an admin's pause when the DJ leaves", async () => {
      await send('user', 'pause');
      await rig.client.send(PATTERNS.queue.liveStarted, {});
      expect(await rig.client.send(PATTERNS.queue.liveEnded, {})).toEqual(
        expect.objectContaining({ state: 'pause', hold: 'admin' }),
      );
    });

    it('keeps the user queue paused when its MPD restarts playing mid-set', async () => {
      await rig.client.send(PATTERNS.queue.liveStarted, {});
      // A crash before MPD saved the pause: it comes back playing from its state file.
      await rig.restartMpd('user', playingStateFile(['user-2.ogg', 'user-3.ogg'], true));
      await eventually(
        'user MPD back, paused',
        async () => {
          const status = await rig.status('user');
          return status.playlistLength === 2 && status.state === 'pause';
        },
        20_000,
      );
      await settle();
      expect(await stateOf('user')).toBe('pause');
    }, 30_000);

    it('keeps the user queue paused across a restart of the queue service', async () => {
      await rig.client.send(PATTERNS.queue.liveStarted, {});
      await rig.stopService();
      await rig.outside('user', (mpd) => mpd.playback.play());
      await rig.startService();
      await eventually('user queue paused again', async () => (await stateOf('user')) === 'pause', 10_000);
      expect((await rig.client.send(PATTERNS.queue.liveEnded, {})).state).toBe('play');
    }, 30_000);
  });
});
