import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

import { type LibrarySong, PATTERNS } from '@h4k/contracts';
import { eventually, writeTone } from '@h4k/testing';
import { Test } from '@nestjs/testing';

import { QueueRig } from '../testing/queue-rig.e2e';
import { SongStore } from '../user-songs/song-store';
import { USER_MUSIC_DIR } from '../user-songs/user-music-dir';
import { submitterLabel, UserSongsService } from '../user-songs/user-songs.service';
import { FALLBACK_MUSIC_DIR } from './fallback-music-dir';
import { fileOfLibraryId, libraryIdOf } from './library-id';

/**
 * The shared rig overrides only the user music dir; its fallback MPD's music dir sits beside it
 * (`<root>/<playlist>/music`), so the library is pointed there from the user dir it is given.
 */
const createTestingModule = Test.createTestingModule.bind(Test);
jest.spyOn(Test, 'createTestingModule').mockImplementation((metadata) =>
  createTestingModule(metadata)
    .overrideProvider(FALLBACK_MUSIC_DIR)
    .useFactory({
      factory: (userDir: string) => join(userDir, '..', '..', 'fallback', 'music'),
      inject: [USER_MUSIC_DIR],
    }),
);

describe('library ids', () => {
  it('are the uuid of a downloaded song, else f_ + base64url of the path, and read back only when canonical', () => {
    const uuid = randomUUID();
    expect(libraryIdOf(`${uuid}.ogg`)).toBe(uuid);
    expect(fileOfLibraryId(uuid)).toBe(`${uuid}.ogg`);
    for (const file of [
      'starter/Intro Jingle.mp3',
      'fallback-0.ogg',
      `${uuid}.mp3`,
      `dir/${uuid}.ogg`,
      'ünï cödé.flac',
    ]) {
      const id = libraryIdOf(file);
      expect(id).toMatch(/^f_[A-Za-z0-9_-]+$/);
      expect(fileOfLibraryId(id)).toBe(file);
    }
    const escape = `f_${Buffer.from('../user/music/x.ogg').toString('base64url')}`;
    expect(fileOfLibraryId(escape)).toBeUndefined();
    expect(fileOfLibraryId(`f_${Buffer.from(`${uuid}.ogg`).toString('base64url')}`)).toBeUndefined();
    expect(fileOfLibraryId('not-a-library-id')).toBeUndefined();
  });
});

/** The fallback library and the admin's view of both playlists, on real MPDs (null output) and a real Redis. */
describe('fallback library and admin playlists', () => {
  jest.setTimeout(30_000);

  let rig: QueueRig;
  const fallbackDir = () => join(rig.root, 'fallback', 'music');
  const fallbackPaths = async () =>
    (await rig.outside('fallback', (mpd) => mpd.currentPlaylist.playlistInfo())).map((item) => item.path);
  const databasePaths = async () =>
    (await rig.outside('fallback', (mpd) => mpd.database.listAllInfo()))
      .filter((entry) => entry.entryType === 'song')
      .map((entry) => entry.path);
  const playing = async () => (await rig.status('fallback')).state === 'play';
  /** What the downloader will do: write `<uuid>.ogg` into the fallback dir, then announce it. */
  const download = async (title: string, frequency: number): Promise<LibrarySong> => {
    const file = `${randomUUID()}.ogg`;
    await writeTone(join(fallbackDir(), file), frequency, 60, title);
    return rig.client.send(PATTERNS.queue.libraryAdded, { file });
  };

  beforeAll(async () => {
    rig = await QueueRig.start({ fallbackSongs: 3, userSongs: 0 });
    await eventually(
      'fallback playing 3 songs',
      async () => (await playing()) && (await fallbackPaths()).length === 3,
      20_000,
    );
  }, 60_000);

  afterAll(async () => {
    await rig?.close();
  });

  describe('queue.libraryAdded', () => {
    it('scans only that path, adds it to the looping playlist once, and the fallback plays on', async () => {
      const file = `${randomUUID()}.ogg`;
      await writeTone(join(fallbackDir(), file), 770, 60, 'Fresh Download');
      // Copied in by hand and never announced: a full rescan would pick it up.
      await writeTone(join(fallbackDir(), 'unannounced.ogg'), 880, 5, 'Unannounced');
      try {
        const song = await rig.client.send(PATTERNS.queue.libraryAdded, { file });
        expect(song).toEqual({
          id: file.replace('.ogg', ''),
          file,
          title: 'Fresh Download',
          artist: 'h4k-test',
          durationSeconds: 60,
        });
        expect(await rig.client.send(PATTERNS.queue.libraryAdded, { file })).toEqual(song);
        expect((await fallbackPaths()).filter((path) => path === file)).toHaveLength(1);
        expect(await fallbackPaths()).toHaveLength(4);
        expect(await databasePaths()).not.toContain('unannounced.ogg');
        expect(await rig.status('fallback')).toEqual(
          expect.objectContaining({ state: 'play', repeat: true, random: true }),
        );
      } finally {
        unlinkSync(join(fallbackDir(), 'unannounced.ogg'));
      }
    });

    it('refuses a file that is not there, and a path outside the fallback dir', async () => {
      await expect(rig.client.send(PATTERNS.queue.libraryAdded, { file: `${randomUUID()}.ogg` })).rejects.toMatchObject(
        { code: 'NOT_FOUND' },
      );
      await expect(rig.client.send(PATTERNS.queue.libraryAdded, { file: '../user/music/x.ogg' })).rejects.toMatchObject(
        {
          code: 'BAD_REQUEST',
          message: 'file: must be relative to the fallback music dir',
        },
      );
    });
  });

  describe('queue.libraryList', () => {
    beforeAll(async () => {
      await download('alpha Song', 990);
      await download('Beta song', 1100);
    });

    it('pages through every song sorted by title, case-insensitively', async () => {
      const all = await rig.client.send(PATTERNS.queue.libraryList, {});
      expect(all).toEqual(expect.objectContaining({ page: 1, pageSize: 50, total: 6 }));
      expect(all.songs.map((song) => song.title)).toEqual([
        'alpha Song',
        'Beta song',
        'fallback tone 330',
        'fallback tone 440',
        'fallback tone 550',
        'Fresh Download',
      ]);
      const second = await rig.client.send(PATTERNS.queue.libraryList, { page: 2, pageSize: 4 });
      expect(second).toEqual(expect.objectContaining({ page: 2, pageSize: 4, total: 6 }));
      expect(second.songs.map((song) => song.title)).toEqual(['fallback tone 550', 'Fresh Download']);
      expect((await rig.client.send(PATTERNS.queue.libraryList, { page: 3, pageSize: 4 })).songs).toEqual([]);
      const starter = all.songs.find((song) => song.file === 'fallback-0.ogg');
      expect(starter?.id).toMatch(/^f_/);
    });

    it('searches title, artist and file name, ignoring case', async () => {
      const titles = async (search: string) =>
        (await rig.client.send(PATTERNS.queue.libraryList, { search })).songs.map((song) => song.title);
      expect(await titles('SONG')).toEqual(['alpha Song', 'Beta song']);
      expect(await titles('  Tone 4 ')).toEqual(['fallback tone 440']);
      expect(await titles('FALLBACK-2.OGG')).toEqual(['fallback tone 550']);
      expect(await titles('H4K-TEST')).toHaveLength(6);
      expect(await titles('nothing like it')).toEqual([]);
      expect((await rig.client.send(PATTERNS.queue.libraryList, { search: 'tone', pageSize: 1 })).total).toBe(3);
    });

    it('refuses a page size above 200 and a page 0', async () => {
      await expect(rig.client.send(PATTERNS.queue.libraryList, { pageSize: 201 })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
      await expect(rig.client.send(PATTERNS.queue.libraryList, { page: 0 })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
    });
  });

  describe('queue.libraryRetag', () => {
    it('rewrites the tags in the file, keeps its name, and MPD reports them', async () => {
      const song = await download('Before', 1210);
      const retagged = await rig.client.send(PATTERNS.queue.libraryRetag, {
        id: song.id,
        title: '  After: the “remix”  ',
        artist: 'DJ Test',
      });
      expect(retagged).toEqual({ ...song, title: 'After: the “remix”', artist: 'DJ Test' });
      const [inDatabase] = await rig.outside('fallback', (mpd) => mpd.database.listAllInfo(song.file));
      expect(inDatabase).toEqual(expect.objectContaining({ title: 'After: the “remix”', artist: 'DJ Test' }));
      await eventually('the playlist entry shows the new tags', async () => {
        const entries = await rig.outside('fallback', (mpd) => mpd.currentPlaylist.playlistFind('file', song.file));
        return entries.length === 1 && entries[0]?.title === 'After: the “remix”';
      });
      // Only the artist: the title stays.
      const artistOnly = await rig.client.send(PATTERNS.queue.libraryRetag, { id: song.id, artist: 'Someone Else' });
      expect(artistOnly).toEqual(expect.objectContaining({ title: 'After: the “remix”', artist: 'Someone Else' }));
      await eventually('the playlist entry shows the new artist', async () => {
        const entries = await rig.outside('fallback', (mpd) => mpd.currentPlaylist.playlistFind('file', song.file));
        return entries[0]?.artist === 'Someone Else';
      });
      expect(readdirSync(fallbackDir()).filter((name) => name.startsWith('.'))).toEqual([]);
    });

    it('refuses no tags, blank or overlong tags, and unknown songs', async () => {
      const [song] = (await rig.client.send(PATTERNS.queue.libraryList, { search: 'fallback tone 330' })).songs;
      const id = song?.id ?? '';
      for (const tags of [{}, { title: '   ' }, { artist: 'x'.repeat(201) }, { title: 'line\nbreak' }]) {
        await expect(rig.client.send(PATTERNS.queue.libraryRetag, { id, ...tags })).rejects.toMatchObject({
          code: 'BAD_REQUEST',
        });
      }
      await expect(
        rig.client.send(PATTERNS.queue.libraryRetag, { id: randomUUID(), title: 'Nobody' }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });

  describe('queue.libraryRemove', () => {
    it('deletes the song on air: file, playlist entry and database entry go, the fallback plays another', async () => {
      await eventually('fallback playing', playing, 10_000);
      const onAir = await rig.outside('fallback', async (mpd) => {
        const { songId } = await mpd.status.status();
        return (await mpd.currentPlaylist.playlistInfo()).find((item) => item.id === songId);
      });
      const file = onAir?.path ?? '';
      const before = (await fallbackPaths()).length;
      expect(await rig.client.send(PATTERNS.queue.libraryRemove, { id: libraryIdOf(file) })).toEqual({ removed: true });
      expect(existsSync(join(fallbackDir(), file))).toBe(false);
      expect(await fallbackPaths()).not.toContain(file);
      expect(await fallbackPaths()).toHaveLength(before - 1);
      expect(await databasePaths()).not.toContain(file);
      await eventually('fallback playing another song', async () => {
        const status = await rig.status('fallback');
        return status.state === 'play' && status.songId !== undefined && status.songId !== onAir?.id;
      });
      await expect(rig.client.send(PATTERNS.queue.libraryRemove, { id: libraryIdOf(file) })).rejects.toMatchObject({
        code: 'NOT_FOUND',
        message: 'no such song in the library',
      });
    });

    it('answers NOT_FOUND for ids it never gave out', async () => {
      for (const id of [randomUUID(), 'f_bm9wZS5vZ2c', `f_${Buffer.from('../x.ogg').toString('base64url')}`, 'hello']) {
        await expect(rig.client.send(PATTERNS.queue.libraryRemove, { id })).rejects.toMatchObject({
          code: 'NOT_FOUND',
        });
      }
      await expect(rig.client.send(PATTERNS.queue.libraryRemove, { id: 'a/b' })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
    });
  });

  describe('the fallback playlist', () => {
    it('lists every entry with its library id, one of them current', async () => {
      const { playlist, songs } = await rig.client.send(PATTERNS.queue.playlistList, { playlist: 'fallback' });
      expect(playlist).toBe('fallback');
      expect(songs.map((song) => song.file).sort()).toEqual(((await fallbackPaths()) as string[]).sort());
      expect(songs.map((song) => song.position)).toEqual(songs.map((_, index) => index));
      expect(songs.filter((song) => song.current)).toHaveLength(1);
      for (const song of songs) {
        expect(fileOfLibraryId(song.id)).toBe(song.file);
        expect(song).toEqual(expect.objectContaining({ submitter: null, durationSeconds: 60 }));
      }
    });

    it('takes a song out of the playlist but keeps its file; NOT_FOUND once it is out', async () => {
      const song = await download('Playlist Only', 1320);
      const id = song.id;
      expect(await rig.client.send(PATTERNS.queue.playlistRemove, { playlist: 'fallback', id })).toEqual({
        removed: true,
      });
      expect(await fallbackPaths()).not.toContain(song.file);
      expect(existsSync(join(fallbackDir(), song.file))).toBe(true);
      expect((await rig.client.send(PATTERNS.queue.libraryList, { search: 'Playlist Only' })).total).toBe(1);
      await expect(rig.client.send(PATTERNS.queue.playlistRemove, { playlist: 'fallback', id })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      expect(await playing()).toBe(true);
    });

    it('is never cleared', async () => {
      const before = await fallbackPaths();
      await expect(rig.client.send(PATTERNS.queue.playlistClear, { playlist: 'fallback' })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: expect.stringMatching(/never cleared/),
      });
      expect(await fallbackPaths()).toEqual(before);
    });
  });

  describe('the user playlist', () => {
    const reserve = (owner: string, name: string) =>
      rig.client.send(PATTERNS.queue.reserve, { owner, limit: 5, sourceKey: `https://example.org/${name}` });
    const submit = async (owner: string, name: string, frequency: number) => {
      const { id } = await reserve(owner, name);
      await writeTone(join(rig.userMusicDir, `${name}.ogg`), frequency, 30, name);
      await rig.get(UserSongsService).songReady({ id, file: `${name}.ogg` });
      return id;
    };
    const slots = (owner: string) => rig.get(SongStore).slotsTaken(owner);
    const userPaths = async () =>
      (await rig.outside('user', (mpd) => mpd.currentPlaylist.playlistInfo())).map((item) => item.path);
    const hold = (action: 'pause' | 'resume') => rig.client.send(PATTERNS.queue.playback, { playlist: 'user', action });

    beforeAll(async () => {
      await eventually('user MPD consume on', async () => (await rig.status('user')).consume === true, 20_000);
      await hold('pause');
    });
    afterAll(async () => {
      await hold('resume');
    });

    it("lists listeners' songs by song id and hand-added entries as mpd:<songid>, and removes either", async () => {
      const first = await submit('alice', 'u-first', 400);
      const second = await submit('admin:panel', 'u-second', 500);
      await rig.addUserSongs(0);
      const { songs } = await rig.client.send(PATTERNS.queue.playlistList, { playlist: 'user' });
      expect(
        songs.map(({ id, position, title, submitter, file }) => ({ id, position, title, submitter, file })),
      ).toEqual([
        { id: first, position: 0, title: 'u-first', submitter: submitterLabel('alice'), file: 'u-first.ogg' },
        { id: second, position: 1, title: 'u-second', submitter: 'the station', file: 'u-second.ogg' },
        {
          id: expect.stringMatching(/^mpd:\d+$/),
          position: 2,
          title: 'user tone 330',
          submitter: null,
          file: 'user-0.ogg',
        },
      ]);
      expect(songs[0]).toEqual(expect.objectContaining({ artist: 'h4k-test', durationSeconds: 30 }));

      expect(await rig.client.send(PATTERNS.queue.playlistRemove, { playlist: 'user', id: first })).toEqual({
        removed: true,
      });
      expect(existsSync(join(rig.userMusicDir, 'u-first.ogg'))).toBe(false);
      expect(await slots('alice')).toBe(0);
      const handAdded = songs[2]?.id ?? '';
      expect(await rig.client.send(PATTERNS.queue.playlistRemove, { playlist: 'user', id: handAdded })).toEqual({
        removed: true,
      });
      expect(await userPaths()).toEqual(['u-second.ogg']);
      for (const id of [first, handAdded, 'mpd:999999', libraryIdOf('user-0.ogg')]) {
        await expect(rig.client.send(PATTERNS.queue.playlistRemove, { playlist: 'user', id })).rejects.toMatchObject({
          code: 'NOT_FOUND',
        });
      }
    });

    it('clears every song: queued ones lose their file, downloading ones their slot, hand-added ones their entry', async () => {
      await submit('bob', 'u-bob', 600);
      await submit('carol', 'u-carol', 700);
      const { id: downloading } = await reserve('carol', 'u-downloading');
      await rig.addUserSongs(1);
      expect(await userPaths()).toEqual(['u-second.ogg', 'u-bob.ogg', 'u-carol.ogg', 'user-1.ogg']);
      expect(await slots('carol')).toBe(2);

      expect(await rig.client.send(PATTERNS.queue.playlistClear, { playlist: 'user' })).toEqual({ removed: 5 });
      expect(await userPaths()).toEqual([]);
      for (const name of ['u-second', 'u-bob', 'u-carol'])
        expect(existsSync(join(rig.userMusicDir, `${name}.ogg`))).toBe(false);
      expect(await slots('bob')).toBe(0);
      expect(await slots('carol')).toBe(0);
      expect(await rig.get(SongStore).all()).toEqual([]);
      await expect(rig.client.send(PATTERNS.queue.release, { id: downloading })).resolves.toEqual({ released: false });
      expect((await rig.client.send(PATTERNS.queue.playlistList, { playlist: 'user' })).songs).toEqual([]);
      expect(await rig.client.send(PATTERNS.queue.playlistClear, { playlist: 'user' })).toEqual({ removed: 0 });
    });

    it('refuses an unknown playlist', async () => {
      await expect(
        rig.client.send(PATTERNS.queue.playlistList, { playlist: 'jukebox' as 'user' }),
      ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^playlist: /) });
    });
  });
});
