import { existsSync } from 'node:fs';
import { join } from 'node:path';

import {
  parseSongEvent,
  PATTERNS,
  publishSongEvent,
  SONG_EVENTS_CHANNEL,
  type SongEvent,
  songStatusKey,
} from '@h4k/contracts';
import { eventually, writeTone } from '@h4k/testing';
import { Redis } from 'ioredis';

import { QueueRig } from '../testing/queue-rig.e2e';
import { DownloadedSongs, RESERVATION_MAX_AGE_MS } from './downloaded-songs';

/** The queue service reacting to the downloader's song events, over real Redis pub/sub and real MPDs. */
describe('downloaded songs', () => {
  jest.setTimeout(60_000);

  let rig: QueueRig;
  let redis: Redis;
  let subscriber: Redis;
  const events: SongEvent[] = [];
  const eventsOf = (id: string) => events.filter((event) => event.id === id);
  const statusesOf = (id: string) => eventsOf(id).map((event) => event.status);
  const owned = (owner: string) => rig.client.send(PATTERNS.queue.ownerSongs, { owner });

  async function downloaded(owner: string, seconds: number, frequency: number): Promise<string> {
    const { id } = await rig.client.send(PATTERNS.queue.reserve, {
      owner,
      limit: 3,
      sourceKey: `upload:${owner}-${frequency}`,
    });
    await writeTone(join(rig.userMusicDir, `${id}.ogg`), frequency, seconds, `tone ${frequency}`);
    return id;
  }

  beforeAll(async () => {
    rig = await QueueRig.start({ fallbackSongs: 1, userSongs: 0 });
    redis = new Redis({ port: rig.redisPort, host: '127.0.0.1' });
    subscriber = new Redis({ port: rig.redisPort, host: '127.0.0.1' });
    subscriber.on('message', (_channel: string, message: string) => {
      const event = parseSongEvent(message);
      if (event) events.push(event);
    });
    await subscriber.subscribe(SONG_EVENTS_CHANNEL);
    await eventually('user MPD consume on', async () => (await rig.status('user')).consume === true, 20_000);
  }, 60_000);

  afterAll(async () => {
    subscriber?.disconnect();
    redis?.disconnect();
    await rig?.close();
  });

  it('queues a song the downloader reports ready, tells its place in line, then playing and played', async () => {
    const id = await downloaded('ada', 2, 700);
    await publishSongEvent(redis, {
      id,
      status: 'ready',
      target: 'user',
      owner: 'ada',
      file: join(rig.userMusicDir, `${id}.ogg`),
    });
    await eventually('queued event', () => statusesOf(id).includes('queued'), 10_000);
    expect(eventsOf(id).find((event) => event.status === 'queued')).toEqual(
      expect.objectContaining({ position: expect.any(Number), owner: 'ada', target: 'user' }),
    );
    await eventually('played', () => statusesOf(id).includes('played'), 20_000);
    expect(statusesOf(id)).toEqual(['ready', 'queued', 'playing', 'played']);
    expect(existsSync(join(rig.userMusicDir, `${id}.ogg`))).toBe(false);
    expect(await owned('ada')).toEqual({ used: 0, songs: [] });
  });

  it('gives the slot back when the download failed', async () => {
    const id = await downloaded('bob', 2, 710);
    expect((await owned('bob')).used).toBe(1);
    await publishSongEvent(redis, { id, status: 'failed', reason: 'refused: not audio', target: 'user', owner: 'bob' });
    await eventually('slot freed', async () => (await owned('bob')).used === 0, 10_000);
  });

  it('ignores events of fallback songs and of songs nobody reserved', async () => {
    const stray = '00000000-0000-4000-8000-000000000001';
    await writeTone(join(rig.userMusicDir, `${stray}.ogg`), 720, 2, 'stray');
    await publishSongEvent(redis, {
      id: stray,
      status: 'ready',
      target: 'user',
      file: join(rig.userMusicDir, `${stray}.ogg`),
    });
    // songReady for an unknown reservation deletes the orphan file.
    await eventually('orphan deleted', () => !existsSync(join(rig.userMusicDir, `${stray}.ogg`)), 10_000);
    expect(statusesOf(stray)).toEqual(['ready']);
  });

  it('catches up on a ready song whose event it missed (from the kept status)', async () => {
    await rig.client.send(PATTERNS.queue.playback, { playlist: 'user', action: 'pause' });
    try {
      const id = await downloaded('cleo', 30, 730);
      const missed: SongEvent = {
        id,
        status: 'ready',
        target: 'user',
        owner: 'cleo',
        file: join(rig.userMusicDir, `${id}.ogg`),
      };
      await redis.set(songStatusKey(id), JSON.stringify(missed));
      expect((await owned('cleo')).songs).toEqual([{ id, state: 'downloading', title: null }]);
      await rig.get(DownloadedSongs).catchUp();
      expect((await owned('cleo')).songs).toEqual([{ id, state: 'queued', title: 'tone 730' }]);
      await rig.client.send(PATTERNS.queue.remove, { id, owner: 'cleo' });
      expect(statusesOf(id)).toContain('removed');
      expect(existsSync(join(rig.userMusicDir, `${id}.ogg`))).toBe(false);
    } finally {
      await rig.client.send(PATTERNS.queue.playback, { playlist: 'user', action: 'resume' });
    }
  });

  it('frees a reservation whose download never finished, and tells the submitter', async () => {
    const { id } = await rig.client.send(PATTERNS.queue.reserve, { owner: 'dan', limit: 3, sourceKey: 'upload:stuck' });
    await rig.get(DownloadedSongs).sweep(Date.now() + RESERVATION_MAX_AGE_MS - 60_000);
    expect((await owned('dan')).used).toBe(1);
    await rig.get(DownloadedSongs).sweep(Date.now() + RESERVATION_MAX_AGE_MS + 1000);
    expect((await owned('dan')).used).toBe(0);
    await eventually('failed told', () => statusesOf(id).includes('failed'));
    expect(eventsOf(id).at(-1)).toEqual(
      expect.objectContaining({ status: 'failed', owner: 'dan', reason: expect.stringMatching(/did not finish/) }),
    );
  });

  it('lets an admin reserve without a limit, and nobody else', async () => {
    const ids = [];
    for (let index = 0; index < 5; index++) {
      ids.push(
        (await rig.client.send(PATTERNS.queue.reserve, { owner: 'admin', sourceKey: `upload:admin-${index}` })).id,
      );
    }
    expect((await owned('admin')).used).toBe(5);
    await expect(
      rig.client.send(PATTERNS.queue.reserve, { owner: 'eve', sourceKey: 'upload:eve' }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    for (const id of ids) await rig.client.send(PATTERNS.queue.release, { id });
  });
});
