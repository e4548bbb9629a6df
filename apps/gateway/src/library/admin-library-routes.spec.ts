import { randomUUID } from 'node:crypto';

import {
  ContractPayloadPipe,
  type LibraryList,
  type LibraryPage,
  type LibraryRemove,
  type LibraryRetag,
  type LibrarySong,
  PATTERNS,
  type Playlist,
  type PlaylistContents,
  type PlaylistRemove,
  rpcError,
} from '@h4k/contracts';
import { Controller, type INestApplication } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import request from 'supertest';

import { SpecRig } from '../testing/spec-rig.e2e';
import { TEST_TOKENS, testJwt } from '../testing/test-gateway';

const ADMIN_TOKEN = TEST_TOKENS.admin;
const SONG_ID = '3f1c2b8a-6d4e-4f5a-9b7c-2e1d0a9f8c7b';
const SONG: LibrarySong = { id: SONG_ID, file: `${SONG_ID}.ogg`, title: 'Tone', artist: null, durationSeconds: 60 };

/** Stands in for the queue service on the real Redis transport: records each call, answers like it would. */
@Controller()
class QueueStandIn {
  static calls: [string, unknown][] = [];

  @MessagePattern(PATTERNS.queue.libraryList)
  list(@Payload(new ContractPayloadPipe(PATTERNS.queue.libraryList)) payload: LibraryList): LibraryPage {
    QueueStandIn.calls.push(['libraryList', payload]);
    return { songs: [SONG], total: 1, page: payload.page, pageSize: payload.pageSize };
  }

  @MessagePattern(PATTERNS.queue.libraryRemove)
  remove(@Payload(new ContractPayloadPipe(PATTERNS.queue.libraryRemove)) payload: LibraryRemove): { removed: true } {
    QueueStandIn.calls.push(['libraryRemove', payload]);
    if (payload.id !== SONG_ID) throw rpcError('NOT_FOUND', 'no such song in the library');
    return { removed: true };
  }

  @MessagePattern(PATTERNS.queue.libraryRetag)
  retag(@Payload(new ContractPayloadPipe(PATTERNS.queue.libraryRetag)) payload: LibraryRetag): LibrarySong {
    QueueStandIn.calls.push(['libraryRetag', payload]);
    return { ...SONG, title: payload.title ?? SONG.title, artist: payload.artist ?? SONG.artist };
  }

  @MessagePattern(PATTERNS.queue.playlistList)
  playlist(
    @Payload(new ContractPayloadPipe(PATTERNS.queue.playlistList)) payload: { playlist: Playlist },
  ): PlaylistContents {
    QueueStandIn.calls.push(['playlistList', payload]);
    return { playlist: payload.playlist, songs: [] };
  }

  @MessagePattern(PATTERNS.queue.playlistRemove)
  unqueue(@Payload(new ContractPayloadPipe(PATTERNS.queue.playlistRemove)) payload: PlaylistRemove): {
    removed: true;
  } {
    QueueStandIn.calls.push(['playlistRemove', payload]);
    return { removed: true };
  }

  @MessagePattern(PATTERNS.queue.playlistClear)
  clear(@Payload(new ContractPayloadPipe(PATTERNS.queue.playlistClear)) payload: { playlist: Playlist }): {
    removed: number;
  } {
    QueueStandIn.calls.push(['playlistClear', payload]);
    if (payload.playlist === 'fallback') throw rpcError('BAD_REQUEST', 'the fallback playlist is never cleared');
    return { removed: 3 };
  }
}

const ROUTES = [
  ['get', '/admin/library'],
  ['delete', `/admin/library/${SONG_ID}`],
  ['patch', `/admin/library/${SONG_ID}`],
  ['get', '/admin/queue?playlist=user'],
  ['delete', `/admin/queue/${SONG_ID}?playlist=user`],
  ['post', '/admin/queue/clear?playlist=user'],
] as const;
type Method = (typeof ROUTES)[number][0];

describe('admin library and queue routes', () => {
  const rig = new SpecRig();
  let gateway: INestApplication;

  const call = (method: Method, path: string, token: string | null = ADMIN_TOKEN) => {
    const pending = request(gateway.getHttpServer())[method](path);
    return token === null ? pending : pending.set('Authorization', `Bearer ${token}`);
  };

  beforeAll(async () => {
    await rig.standIn([QueueStandIn]);
    gateway = await rig.gateway({ env: { RPC_TIMEOUT_MS: '1000' } });
  }, 30_000);

  beforeEach(() => {
    QueueStandIn.calls = [];
  });

  it.each([
    ['no token', null],
    ['the Liquidsoap token', TEST_TOKENS.liquidsoap],
    ['a livestream JWT', testJwt({ type: 'livestream', user_id: 'dj-ada', max_streaming_seconds: 600, jti: 'x' })],
    ['a user JWT', testJwt({ type: 'user', sub: randomUUID(), max_queue_songs: 3 })],
    ['a wrong admin token', `${ADMIN_TOKEN}x`],
  ])('refuses %s on every route with 401 and a JSON reason', async (_name, token) => {
    for (const [method, path] of ROUTES) {
      const response = await call(method, path, token).send({ title: 'x' }).expect(401);
      expect(response.body).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        message: expect.stringMatching(token === null ? /missing "Authorization: Bearer/ : /not a valid admin token/),
      });
    }
    expect(QueueStandIn.calls).toEqual([]);
  });

  it('GET /admin/library passes page, page_size and search on, with defaults', async () => {
    const response = await call('get', '/admin/library?page=2&page_size=10&search=%20tone%20').expect(200);
    expect(response.body).toEqual({ songs: [SONG], total: 1, page: 2, pageSize: 10 });
    await call('get', '/admin/library').expect(200);
    expect(QueueStandIn.calls).toEqual([
      ['libraryList', { page: 2, pageSize: 10, search: 'tone' }],
      ['libraryList', { page: 1, pageSize: 50 }],
    ]);
  });

  it.each([
    ['/admin/library?page_size=201', /^page_size: /],
    ['/admin/library?page=0', /^page: /],
    ['/admin/library?page=two', /^page: /],
  ])('GET %s: 400 with the reason', async (path, reason) => {
    const response = await call('get', path).expect(400);
    expect(response.body).toEqual({ statusCode: 400, error: 'Bad Request', message: [expect.stringMatching(reason)] });
    expect(QueueStandIn.calls).toEqual([]);
  });

  it('PATCH /admin/library/{id} sends the trimmed tags; refuses none, blank or unknown fields', async () => {
    const response = await call('patch', `/admin/library/${SONG_ID}`).send({ title: '  New Title ' }).expect(200);
    expect(response.body).toEqual({ ...SONG, title: 'New Title' });
    expect(QueueStandIn.calls).toEqual([['libraryRetag', { id: SONG_ID, title: 'New Title' }]]);
    for (const body of [{}, { title: '   ' }, { artist: 'a'.repeat(201) }, { title: 'x', genre: 'y' }]) {
      const refused = await call('patch', `/admin/library/${SONG_ID}`).send(body).expect(400);
      expect(refused.body).toEqual(expect.objectContaining({ statusCode: 400, message: [expect.any(String)] }));
    }
    expect(QueueStandIn.calls).toHaveLength(1);
  });

  it("DELETE /admin/library/{id}: the queue service's answer, its NOT_FOUND as 404, a malformed id as 400", async () => {
    expect((await call('delete', `/admin/library/${SONG_ID}`).expect(200)).body).toEqual({ removed: true });
    const missing = await call('delete', '/admin/library/f_bm9wZS5vZ2c').expect(404);
    expect(missing.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'no such song in the library' });
    const malformed = await call('delete', '/admin/library/no.dots').expect(400);
    expect(malformed.body.message).toEqual([expect.stringMatching(/^id: /)]);
    expect(QueueStandIn.calls).toHaveLength(2);
  });

  it.each([
    ['get', '/admin/queue?playlist=jukebox'],
    ['get', '/admin/queue'],
    ['delete', `/admin/queue/${SONG_ID}?playlist=jukebox`],
    ['post', '/admin/queue/clear?playlist=everything'],
  ] as const)('%s %s: an unknown playlist is 400 with the reason', async (method, path) => {
    const response = await call(method, path).expect(400);
    expect(response.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: [expect.stringMatching(/^playlist: /)],
    });
    expect(QueueStandIn.calls).toEqual([]);
  });

  it('GET, DELETE and clear of /admin/queue reach the queue service with the playlist', async () => {
    expect((await call('get', '/admin/queue?playlist=fallback').expect(200)).body).toEqual({
      playlist: 'fallback',
      songs: [],
    });
    await call('delete', '/admin/queue/mpd:12?playlist=user').expect(200);
    expect((await call('post', '/admin/queue/clear?playlist=user').expect(200)).body).toEqual({ removed: 3 });
    const refused = await call('post', '/admin/queue/clear?playlist=fallback').expect(400);
    expect(refused.body.message).toBe('the fallback playlist is never cleared');
    expect(QueueStandIn.calls).toEqual([
      ['playlistList', { playlist: 'fallback' }],
      ['playlistRemove', { playlist: 'user', id: 'mpd:12' }],
      ['playlistClear', { playlist: 'user' }],
      ['playlistClear', { playlist: 'fallback' }],
    ]);
  });
});
