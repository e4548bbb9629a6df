import { existsSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { PATTERNS, RpcRemoteError } from '@h4k/contracts';
import { eventually, writeTone } from '@h4k/testing';

import { QueueRig } from '../testing/queue-rig.e2e';
import { fairPosition } from './fair-order';
import { SongStore } from './song-store';
import { submitterLabel, UserSongsService } from './user-songs.service';

/** Listeners' songs over the real Redis transport, with real MPDs (null output) and a real Redis. */
describe('listeners songs', () => {
  jest.setTimeout(30_000);

  let rig: QueueRig;
  let tone = 0;

  const reserve = (owner: string, sourceKey: string, limit = 5) =>
    rig.client.send(PATTERNS.queue.reserve, { owner, limit, sourceKey });
  /** What the gateway and downloader do: reserve, write the file; then what the queue does on `ready`. */
  const submit = async (owner: string, name: string, seconds = 30) => {
    const { id } = await reserve(owner, `https://example.org/${name}`);
    tone++;
    await writeTone(join(rig.userMusicDir, `${name}.ogg`), 300 + 20 * tone, seconds, name);
    await rig.get(UserSongsService).songReady({
      id,
      file: `${name}.ogg`,
      title: name,
      artist: 'h4k-test',
      durationSeconds: seconds,
    });
    return id;
  };
  const userPaths = async () =>
    (await rig.outside('user', (mpd) => mpd.currentPlaylist.playlistInfo())).map((item) => item.path);
  const slots = (owner: string) => rig.get(SongStore).slotsTaken(owner);
  const hold = (action: 'pause' | 'resume') => rig.client.send(PATTERNS.queue.playback, { playlist: 'user', action });
  const clearQueue = async () => {
    for (const song of rig.client ? (await rig.client.send(PATTERNS.queue.list, {})).songs : []) {
      if (song.id) await rig.client.send(PATTERNS.queue.remove, { id: song.id });
    }
  };

  beforeAll(async () => {
    rig = await QueueRig.start({ fallbackSongs: 2, userSongs: 0 });
    await eventually('user MPD consume on', async () => (await rig.status('user')).consume === true, 20_000);
  }, 60_000);

  afterAll(async () => {
    await rig?.close();
  });

  describe('quota', () => {
    it('lets exactly `limit` of 50 parallel reserves by one listener through', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, (_, index) => reserve('racer', `https://example.org/race-${index}`, 3)),
      );
      const granted = results.filter((result) => result.status === 'fulfilled');
      expect(granted).toHaveLength(3);
      for (const result of results) {
        if (result.status === 'rejected') {
          expect(result.reason).toBeInstanceOf(RpcRemoteError);
          expect(result.reason).toMatchObject({ code: 'TOO_MANY', message: 'queue limit of 3 songs reached' });
        }
      }
      expect(await slots('racer')).toBe(3);
    });

    it('refuses a link that is already waiting, whoever sends it', async () => {
      await reserve('first', 'https://example.org/twice');
      await expect(reserve('second', 'https://example.org/twice')).rejects.toMatchObject({
        code: 'CONFLICT',
        message: 'this link is already waiting in the queue',
      });
    });

    it('frees the slot and the link on release, once', async () => {
      const { id } = await reserve('releaser', 'https://example.org/release', 1);
      await expect(reserve('releaser', 'https://example.org/other', 1)).rejects.toMatchObject({ code: 'TOO_MANY' });
      expect(await rig.client.send(PATTERNS.queue.release, { id })).toEqual({ released: true });
      expect(await rig.client.send(PATTERNS.queue.release, { id })).toEqual({ released: false });
      await reserve('releaser', 'https://example.org/release', 1);
    });

    it('gives an upload reserved before its body arrived its real source, unless that source is waiting', async () => {
      const waiting = await reserve('uploader', 'upload:same-hash');
      const first = await reserve('uploader', `upload-in-flight:${waiting.id}-a`);
      const second = await reserve('uploader', `upload-in-flight:${waiting.id}-b`);
      await expect(
        rig.client.send(PATTERNS.queue.claimSource, { id: first.id, sourceKey: 'upload:same-hash' }),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      await rig.client.send(PATTERNS.queue.release, { id: waiting.id });
      expect(
        await rig.client.send(PATTERNS.queue.claimSource, { id: first.id, sourceKey: 'upload:same-hash' }),
      ).toEqual({ claimed: true });
      await expect(
        rig.client.send(PATTERNS.queue.claimSource, { id: second.id, sourceKey: 'upload:same-hash' }),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      // The placeholder key is free again and the real one leaves with the song.
      await reserve('other', `upload-in-flight:${waiting.id}-a`);
      await rig.client.send(PATTERNS.queue.release, { id: first.id });
      await reserve('other', 'upload:same-hash');
      await expect(
        rig.client.send(PATTERNS.queue.claimSource, { id: first.id, sourceKey: 'upload:another' }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await slots('uploader')).toBe(1);
    });

    it('refuses a limit outside 1..50', async () => {
      await expect(reserve('x', 'https://example.org/x', 51)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    });
  });

  describe('a held queue', () => {
    beforeAll(async () => {
      await hold('pause');
    });
    afterAll(async () => {
      await clearQueue();
      await hold('resume');
    });

    it('orders songs round-robin between listeners: A1 A2 A3 B1 C1 → A1 B1 C1 A2 A3', async () => {
      for (const [owner, name] of [
        ['alice', 'a1'],
        ['alice', 'a2'],
        ['alice', 'a3'],
        ['bob', 'b1'],
        ['carol', 'c1'],
      ] as const) {
        await submit(owner, name);
      }
      expect(await userPaths()).toEqual(['a1.ogg', 'b1.ogg', 'c1.ogg', 'a2.ogg', 'a3.ogg']);
      expect((await rig.status('user')).state).not.toBe('play');
    });

    it('lists the user songs in play order, then the fallback', async () => {
      await eventually(
        'fallback in the list',
        async () => (await rig.client.send(PATTERNS.queue.list, {})).songs.some((song) => song.tier === 'fallback'),
        10_000,
      );
      const { songs } = await rig.client.send(PATTERNS.queue.list, {});
      const user = songs.filter((song) => song.tier === 'user');
      expect(user.map((song) => [song.title, song.submitter])).toEqual([
        ['a1', submitterLabel('alice')],
        ['b1', submitterLabel('bob')],
        ['c1', submitterLabel('carol')],
        ['a2', submitterLabel('alice')],
        ['a3', submitterLabel('alice')],
      ]);
      expect(user[0]).toEqual(
        expect.objectContaining({ artist: 'h4k-test', durationSeconds: 30, id: expect.any(String) }),
      );
      expect(submitterLabel('alice')).toMatch(/^listener [0-9a-f]{4}$/);
      expect(songs.findIndex((song) => song.tier === 'fallback')).toBe(5);
      expect(songs.slice(5).every((song) => song.tier === 'fallback' && /^fallback tone/.test(song.title))).toBe(true);
    });

    it("refuses to remove another listener's song, removes the owner's own", async () => {
      const b1 = (await rig.client.send(PATTERNS.queue.list, {})).songs.find((song) => song.title === 'b1');
      const id = b1?.id ?? '';
      await expect(rig.client.send(PATTERNS.queue.remove, { id, owner: 'alice' })).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
      expect(await userPaths()).toContain('b1.ogg');
      expect(await rig.client.send(PATTERNS.queue.remove, { id, owner: 'bob' })).toEqual({ removed: true });
      expect(await userPaths()).not.toContain('b1.ogg');
      expect(existsSync(join(rig.userMusicDir, 'b1.ogg'))).toBe(false);
      expect(await slots('bob')).toBe(0);
      expect((await rig.client.send(PATTERNS.queue.list, {})).songs.map((song) => song.title)).not.toContain('b1');
      await expect(rig.client.send(PATTERNS.queue.remove, { id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('deletes the file and frees the slot of a song deleted from MPD by hand', async () => {
      const c1 = (await rig.outside('user', (mpd) => mpd.currentPlaylist.playlistInfo())).find(
        (item) => item.path === 'c1.ogg',
      );
      await rig.outside('user', (mpd) => mpd.currentPlaylist.deleteId(c1?.id ?? -1));
      await eventually('c1 deleted', () => !existsSync(join(rig.userMusicDir, 'c1.ogg')));
      expect(await slots('carol')).toBe(0);
    });

    it('reconciles after a restart: songs gone meanwhile and stray files are deleted, queued ones kept', async () => {
      expect(await slots('alice')).toBe(3);
      await rig.stopService();
      const a2 = (await rig.outside('user', (mpd) => mpd.currentPlaylist.playlistInfo())).find(
        (item) => item.path === 'a2.ogg',
      );
      await rig.outside('user', (mpd) => mpd.currentPlaylist.deleteId(a2?.id ?? -1));
      writeFileSync(join(rig.userMusicDir, 'stray.ogg'), 'left by a crashed download');
      const anHourAgo = new Date(Date.now() - 3_600_000);
      utimesSync(join(rig.userMusicDir, 'stray.ogg'), anHourAgo, anHourAgo);
      // Reservations are pending (the quota tests): a fresh file may be a download in progress.
      writeFileSync(join(rig.userMusicDir, 'downloading.ogg'), 'still being written');
      await rig.startService();
      await eventually('a2 and the stray file deleted', () => {
        return !existsSync(join(rig.userMusicDir, 'a2.ogg')) && !existsSync(join(rig.userMusicDir, 'stray.ogg'));
      });
      await eventually('alice has 2 slots taken', async () => (await slots('alice')) === 2);
      expect(existsSync(join(rig.userMusicDir, 'a1.ogg'))).toBe(true);
      expect(existsSync(join(rig.userMusicDir, 'a3.ogg'))).toBe(true);
      expect(existsSync(join(rig.userMusicDir, 'downloading.ogg'))).toBe(true);
      await eventually('list rebuilt', async () => {
        const { songs } = await rig.client.send(PATTERNS.queue.list, {});
        return (
          songs
            .filter((song) => song.tier === 'user')
            .map((song) => song.title)
            .join() === 'a1,a3'
        );
      });
    });
  });

  it('plays a song once, then deletes its file and frees its slot', async () => {
    const { id } = await reserve('dora', 'upload:short');
    await writeTone(join(rig.userMusicDir, `${id}.ogg`), 660, 2, 'short tone');
    // Without tags in the call: read from the file by MPD.
    const entry = await rig.get(UserSongsService).songReady({ id, file: `${id}.ogg` });
    expect(entry).toEqual(expect.objectContaining({ id, title: 'short tone', artist: 'h4k-test', durationSeconds: 2 }));
    expect(await slots('dora')).toBe(1);
    await eventually('short playing', async () => (await rig.status('user')).state === 'play', 10_000);
    await eventually('short played and deleted', () => !existsSync(join(rig.userMusicDir, `${id}.ogg`)), 15_000);
    await eventually('slot freed', async () => (await slots('dora')) === 0);
    await expect(rig.client.send(PATTERNS.queue.remove, { id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await rig.client.send(PATTERNS.queue.list, {})).songs.filter((song) => song.tier === 'user')).toEqual([]);
  });
});

describe('fairPosition', () => {
  it('puts a newcomer after the first round, a regular after its own last turn', () => {
    expect(fairPosition([], 'a')).toBe(0);
    expect(fairPosition(['a', 'a', 'a'], 'b')).toBe(1);
    expect(fairPosition(['a', 'b', 'a', 'a'], 'c')).toBe(2);
    expect(fairPosition(['a', 'b', 'c', 'a'], 'b')).toBe(4);
  });
});
