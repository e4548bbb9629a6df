import { randomUUID } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { type ClientRequest, type IncomingMessage, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';

import {
  ContractPayloadPipe,
  type DownloadVet,
  type DownloadVetResult,
  type LibraryRetag,
  type LibrarySong,
  type OwnerSongs,
  PATTERNS,
  type QueueClaimSource,
  type QueueRelease,
  type QueueReservation,
  type QueueReserve,
  rpcError,
} from '@h4k/contracts';
import { eventually, freePort, tempDir } from '@h4k/testing';
import { Controller, type INestApplication } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import request from 'supertest';

import { SpecRig } from '../testing/spec-rig.e2e';
import { TEST_TOKENS, testJwt } from '../testing/test-gateway';
import { TokensService } from '../tokens/tokens.service';

const ADMIN = TEST_TOKENS.admin;
const LIQUIDSOAP = TEST_TOKENS.liquidsoap;
const FAILURES_MAX = 3;
const RATE_LIMIT = 40;
const IDLE_SECONDS = 2;
const BOUNDARY = 'h4k-limits-boundary';

/**
 * Stands in for the queue service and the downloader on the real Redis transport: slots counted per
 * owner like the queue's own reservation script, every release recorded.
 */
@Controller()
class ServicesStandIn {
  static slots = new Map<string, { owner: string; sourceKey: string }>();
  static released: string[] = [];
  static retagged: LibraryRetag[] = [];
  /** Takes the slot, then answers this late (past the gateway's RPC deadline: the answer is lost). */
  static reserveAnswerDelayMs = 0;
  /** The late answers still to be sent: a test waits for them, or they land on a closed connection. */
  static lateAnswers: Promise<unknown>[] = [];

  static used(owner: string): number {
    return [...ServicesStandIn.slots.values()].filter((slot) => slot.owner === owner).length;
  }

  @MessagePattern(PATTERNS.queue.reserve)
  async reserve(
    @Payload(new ContractPayloadPipe(PATTERNS.queue.reserve)) payload: QueueReserve,
  ): Promise<QueueReservation> {
    if (payload.limit !== undefined && ServicesStandIn.used(payload.owner) >= payload.limit) {
      throw rpcError('TOO_MANY', `queue limit of ${payload.limit} songs reached`);
    }
    const id = payload.id ?? randomUUID();
    ServicesStandIn.slots.set(id, { owner: payload.owner, sourceKey: payload.sourceKey });
    if (ServicesStandIn.reserveAnswerDelayMs > 0) {
      const late = new Promise((resolve) => setTimeout(resolve, ServicesStandIn.reserveAnswerDelayMs));
      ServicesStandIn.lateAnswers.push(late);
      await late;
    }
    return { id };
  }

  @MessagePattern(PATTERNS.queue.release)
  release(@Payload(new ContractPayloadPipe(PATTERNS.queue.release)) payload: QueueRelease): { released: boolean } {
    ServicesStandIn.released.push(payload.id);
    return { released: ServicesStandIn.slots.delete(payload.id) };
  }

  @MessagePattern(PATTERNS.queue.claimSource)
  claimSource(@Payload(new ContractPayloadPipe(PATTERNS.queue.claimSource)) payload: QueueClaimSource): {
    claimed: true;
  } {
    const slot = ServicesStandIn.slots.get(payload.id);
    if (!slot) throw rpcError('NOT_FOUND', 'no such reservation');
    slot.sourceKey = payload.sourceKey;
    return { claimed: true };
  }

  @MessagePattern(PATTERNS.queue.ownerSongs)
  ownerSongs(@Payload(new ContractPayloadPipe(PATTERNS.queue.ownerSongs)) payload: { owner: string }): OwnerSongs {
    return { used: ServicesStandIn.used(payload.owner), songs: [] };
  }

  @MessagePattern(PATTERNS.queue.libraryRetag)
  retag(@Payload(new ContractPayloadPipe(PATTERNS.queue.libraryRetag)) payload: LibraryRetag): LibrarySong {
    ServicesStandIn.retagged.push(payload);
    return { id: payload.id, file: `${payload.id}.ogg`, title: payload.title ?? 't', artist: null, durationSeconds: 1 };
  }

  @MessagePattern(PATTERNS.downloader.vet)
  vet(@Payload(new ContractPayloadPipe(PATTERNS.downloader.vet)) payload: DownloadVet): DownloadVetResult {
    return {
      sourceKey: payload.source.kind === 'url' ? payload.source.url : `upload:${randomUUID()}`,
      durationSeconds: 5,
    };
  }
}

/** A JWT with the right shape signed with another secret: what a guesser forges. */
const forgedJwt = (claims: object): string => testJwt(claims, 'not-the-station-secret-0123');

/** Where the tests' own admin calls come from: never one a test blocks. */
const ADMIN_ADDRESS = '192.0.2.1';
let addresses = 0;
/** A fresh documentation address per use, so no test meets another's counters. */
const newAddress = () => `203.0.113.${++addresses}`;

interface RawResponse {
  status: number;
  body: string;
  headers: IncomingMessage['headers'];
  atMs: number;
}

/** A multipart upload whose file part the test writes itself, as slowly as it likes. */
class SlowUpload {
  readonly response: Promise<RawResponse>;
  private readonly request: ClientRequest;
  private readonly started = Date.now();
  private timer: NodeJS.Timeout | undefined;

  constructor(port: number, token: string, address: string) {
    this.request = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/queue/add',
      headers: {
        Authorization: `Bearer ${token}`,
        'X-Forwarded-For': address,
        'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`,
        'Transfer-Encoding': 'chunked',
      },
    });
    this.response = new Promise((resolve, reject) => {
      this.request.on('response', (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body,
            headers: response.headers,
            atMs: Date.now() - this.started,
          }),
        );
      });
      this.request.on('error', reject);
    });
    // Aborted uploads reject it; only the tests that wait for an answer look.
    this.response.catch(() => undefined);
    this.request.write(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="song.ogg"\r\n` +
        'Content-Type: audio/ogg\r\n\r\n',
    );
    this.request.write(Buffer.alloc(1024, 1));
  }

  /** Sends `bytes` every `everyMs` until stopped. */
  trickle(bytes: number, everyMs: number): this {
    this.timer = setInterval(() => {
      if (!this.request.destroyed) this.request.write(Buffer.alloc(bytes, 1));
    }, everyMs);
    return this;
  }

  abort(): void {
    clearInterval(this.timer);
    this.request.destroy();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

describe('per-address limits (real gateway, real Redis transport)', () => {
  // Uploads and streams wait on real clocks; a loaded CI box needs more than jest's 5 s.
  jest.setTimeout(30_000);

  const rig = new SpecRig();
  let gateway: INestApplication;
  let port: number;
  let dataDir: string;

  const http = () => request(gateway.getHttpServer());
  const uploads = () => readdirSync(join(dataDir, 'tmp/uploads'));
  const mintListener = async (maxQueueSongs = 3): Promise<{ token: string; user_id: string }> => {
    const minted = await http()
      .post('/admin/token')
      .set('X-Forwarded-For', ADMIN_ADDRESS)
      .set('Authorization', `Bearer ${ADMIN}`)
      .send({ duration_seconds: 3600, max_queue_songs: maxQueueSongs })
      .expect(201);
    return minted.body as { token: string; user_id: string };
  };

  beforeAll(async () => {
    dataDir = tempDir('limits');
    rig.onClose(() => rmSync(dataDir, { recursive: true, force: true }));
    await rig.standIn([ServicesStandIn]);
    port = await freePort();
    gateway = await rig.gateway({
      env: {
        H4K_DATA_DIR: dataDir,
        RPC_TIMEOUT_MS: '2000',
        AUTH_FAILURES_MAX: String(FAILURES_MAX),
        AUTH_FAILURE_WINDOW_SECONDS: '60',
        AUTH_BLOCK_SECONDS: '60',
        RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
        UPLOAD_IDLE_SECONDS: String(IDLE_SECONDS),
      },
      listenPort: port,
    });
  }, 30_000);

  describe('refused credentials', () => {
    it(`answers 429 to an address after ${FAILURES_MAX} wrong admin tokens, even with the right one; another address is unaffected`, async () => {
      const guesser = newAddress();
      const admin = newAddress();
      const mint = (token: string, address: string) =>
        http()
          .post('/admin/token')
          .set('Authorization', `Bearer ${token}`)
          .set('X-Forwarded-For', address)
          .send({ duration_seconds: 3600 });

      for (let guess = 0; guess < FAILURES_MAX; guess++) {
        await mint(`guess-${guess}-0123456789abcdef`, guesser).expect(401);
      }
      const blocked = await mint('guess-x-0123456789abcdef', guesser).expect(429);
      expect(blocked.body).toEqual({
        statusCode: 429,
        error: 'Too Many Requests',
        message: expect.stringMatching(/too many refused credentials from this address: try again in \d+ s/),
      });
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(50);
      await mint(ADMIN, guesser).expect(429);

      await mint('wrong-too-0123456789abcdef', admin).expect(401);
      await mint(ADMIN, admin).expect(201);
    });

    it('counts forged listener tokens, wrong tokens on /health and admin guesses against the same address', async () => {
      const guesser = newAddress();
      await http()
        .get('/queue/mine')
        .set('X-Forwarded-For', guesser)
        .set('Authorization', `Bearer ${forgedJwt({ type: 'user', sub: randomUUID(), max_queue_songs: 3 })}`)
        .expect(401);
      // /health answers a wrong token with the public report, but counts it.
      await http()
        .get('/health')
        .set('X-Forwarded-For', guesser)
        .set('Authorization', 'Bearer health-guess-0123456789');
      await http()
        .delete(`/queue/${randomUUID()}`)
        .set('X-Forwarded-For', guesser)
        .set('Authorization', 'Bearer delete-guess-0123456789')
        .expect(401);
      await http()
        .post('/admin/play?playlist=user')
        .set('X-Forwarded-For', guesser)
        .set('Authorization', 'Bearer admin-guess-0123456789')
        .expect(429);
      const listener = await mintListener();
      await http()
        .get('/queue/mine')
        .set('X-Forwarded-For', guesser)
        .set('Authorization', `Bearer ${listener.token}`)
        .expect(429);
    });

    it('bounds parallel guesses as tightly as sequential ones', async () => {
      const guesser = newAddress();
      const statuses = await Promise.all(
        Array.from({ length: 30 }, (_, index) =>
          http()
            .post('/admin/pause?playlist=user')
            .set('X-Forwarded-For', guesser)
            .set('Authorization', `Bearer parallel-${index}-0123456789`)
            .then((response) => response.status),
        ),
      );
      expect(statuses.filter((status) => status === 401)).toHaveLength(FAILURES_MAX);
      expect(statuses.filter((status) => status === 429)).toHaveLength(30 - FAILURES_MAX);
    });

    it('never counts right tokens: a caller who uses theirs keeps every failure it is allowed', async () => {
      const caller = newAddress();
      const listener = await mintListener();
      const mine = (token: string) =>
        http().get('/queue/mine').set('X-Forwarded-For', caller).set('Authorization', `Bearer ${token}`);
      await mine('typo-0123456789abcdef').expect(401);
      for (let call = 0; call < 10; call++) await mine(listener.token).expect(200);
      for (let typo = 1; typo < FAILURES_MAX; typo++) await mine(`typo-${typo}-0123456789abcdef`).expect(401);
      await mine('one-too-many-0123456789').expect(429);
    });
  });

  describe('harbor auth (Liquidsoap on loopback, the DJ address in the body)', () => {
    const harborAuth = (address: string, password: string) =>
      http()
        .post('/internal/livestream/auth')
        .set('Authorization', `Bearer ${LIQUIDSOAP}`)
        .send({ user: 'source', password, address });

    it('refuses a flood of wrong passwords from one DJ address without verifying them; other DJs still get in line', async () => {
      const verify = jest.spyOn(gateway.get(TokensService), 'verifyLivestream');
      const flooder = '198.51.100.66';
      const wrong = forgedJwt({ type: 'livestream', user_id: 'dj-mallory', max_streaming_seconds: 600, jti: 'x' });
      for (let attempt = 0; attempt < FAILURES_MAX; attempt++) await harborAuth(flooder, wrong).expect(401);
      await harborAuth(flooder, wrong).expect(429);
      const verifiedBeforeBlock = verify.mock.calls.length;
      expect(verifiedBeforeBlock).toBe(FAILURES_MAX + 1);

      const flood = await Promise.all(Array.from({ length: 50 }, () => harborAuth(flooder, wrong)));
      expect(flood.map((response) => response.status)).toEqual(Array(50).fill(429));
      expect(flood[0]?.body).toEqual(expect.objectContaining({ statusCode: 429, message: expect.any(String) }));
      expect(verify.mock.calls.length).toBe(verifiedBeforeBlock);

      // Another DJ address is judged on its own password, and Liquidsoap's other callbacks go on.
      await harborAuth('198.51.100.67', wrong).expect(401);
      await http()
        .post('/internal/now-playing')
        .set('Authorization', `Bearer ${LIQUIDSOAP}`)
        .send({ tier: 'noise', title: null, artist: null })
        .expect(204);
      verify.mockRestore();
    });
  });

  describe('request ceiling', () => {
    it(`answers 429 after ${RATE_LIMIT} requests a minute from one address on one route, with Retry-After`, async () => {
      const busy = newAddress();
      const listener = await mintListener();
      const mine = (address: string) =>
        http().get('/queue/mine').set('X-Forwarded-For', address).set('Authorization', `Bearer ${listener.token}`);
      for (let call = 0; call < RATE_LIMIT; call++) await mine(busy).expect(200);
      const refused = await mine(busy).expect(429);
      expect(refused.body).toEqual(
        expect.objectContaining({ statusCode: 429, message: expect.stringMatching(/too many requests/) }),
      );
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      await mine(newAddress()).expect(200);
    });
  });

  describe('event streams', () => {
    const openStream = (address: string) =>
      new Promise<{ status: number; body: string; close: () => void }>((resolve, reject) => {
        const client = httpRequest(
          { host: '127.0.0.1', port, path: '/now-playing/events', headers: { 'X-Forwarded-For': address } },
          (response) => {
            let body = '';
            response.setEncoding('utf8');
            const done = () => resolve({ status: response.statusCode ?? 0, body, close: () => client.destroy() });
            if (response.statusCode === 200) done();
            response.on('data', (chunk: string) => (body += chunk));
            response.on('end', done);
          },
        );
        client.on('error', reject);
        client.end();
      });

    it('refuses the 11th open stream of an address with a JSON reason, and takes one again once a stream closes', async () => {
      const address = newAddress();
      const streams = await Promise.all(Array.from({ length: 10 }, () => openStream(address)));
      expect(streams.map((stream) => stream.status)).toEqual(Array(10).fill(200));

      const eleventh = await openStream(address);
      expect(eleventh.status).toBe(429);
      expect(JSON.parse(eleventh.body)).toEqual({
        statusCode: 429,
        error: 'Too Many Requests',
        message: 'at most 10 event streams per address: close one first',
      });
      expect((await openStream(newAddress())).status).toBe(200);

      streams[0]?.close();
      await eventually(
        'a slot again',
        async () => {
          const again = await openStream(address);
          if (again.status === 200) streams.push(again);
          return again.status === 200;
        },
        5000,
      );
      for (const stream of streams) stream.close();
    });
  });

  describe('uploads', () => {
    afterEach(() => {
      ServicesStandIn.slots.clear();
    });

    it('cuts a 1 byte/s upload off with 408 after the idle time: temp file gone, quota free again', async () => {
      const listener = await mintListener(1);
      const upload = new SlowUpload(port, listener.token, newAddress()).trickle(1, 1000);
      // The first bytes make busboy open the temp file; then 1 byte a second.
      await eventually(
        'upload in flight',
        () => uploads().length === 1 && ServicesStandIn.used(listener.user_id) === 1,
        IDLE_SECONDS * 1000,
      );
      const response = await upload.response;
      upload.stop();
      expect(response.status).toBe(408);
      expect(JSON.parse(response.body)).toEqual({
        statusCode: 408,
        error: 'Request Timeout',
        message: expect.stringMatching(
          new RegExp(`^the upload stalled: less than \\d+ bytes arrived in ${IDLE_SECONDS} s$`),
        ),
      });
      expect(response.headers.connection).toBe('close');
      expect(response.atMs).toBeGreaterThanOrEqual(IDLE_SECONDS * 1000);
      // Far below Node's own 300 s request timeout, which is all there was before.
      expect(response.atMs).toBeLessThan(IDLE_SECONDS * 1000 * 10);
      expect(uploads()).toEqual([]);
      expect(ServicesStandIn.used(listener.user_id)).toBe(0);
      upload.abort();
    });

    it('counts uploads in flight against the quota: a listener with 3 slots cannot start a 4th while 3 stream', async () => {
      const listener = await mintListener(3);
      const address = newAddress();
      const streaming = Array.from({ length: 3 }, () =>
        new SlowUpload(port, listener.token, address).trickle(16 * 1024, 200),
      );
      await eventually('three uploads in flight', () => ServicesStandIn.used(listener.user_id) === 3, 5000);

      const fourth = new SlowUpload(port, listener.token, address).trickle(16 * 1024, 200);
      const refused = await fourth.response;
      fourth.abort();
      expect(refused.status).toBe(429);
      expect(JSON.parse(refused.body)).toEqual(
        expect.objectContaining({ statusCode: 429, message: 'queue limit of 3 songs reached' }),
      );
      expect(uploads()).toHaveLength(3);

      const released = ServicesStandIn.released.length;
      for (const upload of streaming) upload.abort();
      await eventually('every slot given back, every temp file gone', () => uploads().length === 0, 5000);
      await eventually('slots free', () => ServicesStandIn.used(listener.user_id) === 0, 5000);
      expect(ServicesStandIn.released.length - released).toBe(3);
    });

    it('answers an over-size upload with its JSON 413 and reads the rest of the body instead of resetting under the sender', async () => {
      const listener = await mintListener(1);
      const socket = connect(port, '127.0.0.1');
      const events: string[] = [];
      socket.on('error', (error: NodeJS.ErrnoException) => events.push(`error ${error.code}`));
      socket.on('end', () => events.push('end'));
      let answer = '';
      socket.setEncoding('latin1');
      socket.on('data', (chunk: string) => (answer += chunk));
      socket.write(
        'POST /queue/add HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
          `Authorization: Bearer ${listener.token}\r\nX-Forwarded-For: ${newAddress()}\r\n` +
          `Content-Type: multipart/form-data; boundary=${BOUNDARY}\r\n` +
          `Content-Length: ${400 * 1024 * 1024}\r\n\r\n`,
      );
      // A client uploading as fast as it can, as a browser or curl does, until it has read the answer.
      const sending = setInterval(() => socket.write(Buffer.alloc(64 * 1024, 1)), 5);
      try {
        await eventually('the whole answer', () => /\r\n\r\n\{.*\}$/s.test(answer), 5000);
        const [head = '', body = ''] = answer.split('\r\n\r\n');
        expect(head).toMatch(/^HTTP\/1\.1 413 /);
        expect(head).not.toMatch(/^connection: close/im);
        expect(JSON.parse(body)).toEqual({
          statusCode: 413,
          error: 'Payload Too Large',
          message: expect.stringMatching(/larger than 100 MiB/),
        });
        // The sender goes on writing for a second: its bytes are read and dropped, never reset.
        await new Promise((resolve) => setTimeout(resolve, 1000));
        expect(events).toEqual([]);
      } finally {
        clearInterval(sending);
        socket.destroy();
      }
    });
  });

  describe('lost answers', () => {
    afterEach(async () => {
      ServicesStandIn.reserveAnswerDelayMs = 0;
      await Promise.all(ServicesStandIn.lateAnswers.splice(0));
      // the late answer is published after the promise settles
      await new Promise((resolve) => setTimeout(resolve, 100));
    });

    it("gives a slot back when the queue took it but its answer never came (504): the listener's quota stays whole", async () => {
      const listener = await mintListener(1);
      ServicesStandIn.reserveAnswerDelayMs = 3000; // past RPC_TIMEOUT_MS (2 s)
      const lost = await http()
        .post('/queue/add')
        .set('Authorization', `Bearer ${listener.token}`)
        .send({ url: 'https://example.org/lost-answer' })
        .expect(504);
      expect(lost.body).toEqual(expect.objectContaining({ statusCode: 504 }));
      await eventually('the slot given back', () => ServicesStandIn.used(listener.user_id) === 0, 5000);
      ServicesStandIn.reserveAnswerDelayMs = 0;
      await http()
        .post('/queue/add')
        .set('Authorization', `Bearer ${listener.token}`)
        .send({ url: 'https://example.org/lost-answer' })
        .expect(202);
    });
  });

  describe('clean text', () => {
    it('refuses control characters in a submitted title or artist with a JSON reason, keeping nothing', async () => {
      const listener = await mintListener();
      const refused = await http()
        .post('/queue/add')
        .set('Authorization', `Bearer ${listener.token}`)
        .send({ url: 'https://example.org/song', title: 'Nice\u0000Song' })
        .expect(400);
      expect(refused.body).toEqual(
        expect.objectContaining({ statusCode: 400, message: [expect.stringMatching(/^title: no control characters/)] }),
      );
      const form = await http()
        .post('/queue/add')
        .set('Authorization', `Bearer ${listener.token}`)
        .field('artist', 'Esc\u001b[2J')
        .attach('file', Buffer.alloc(2048, 1), 'song.ogg')
        .expect(400);
      expect(form.body.message).toEqual([expect.stringMatching(/^artist: no control characters/)]);
      expect(uploads()).toEqual([]);
      expect(ServicesStandIn.used(listener.user_id)).toBe(0);
    });

    it('refuses control characters in a library retag before the queue service hears of it', async () => {
      const retagged = ServicesStandIn.retagged.length;
      const refused = await http()
        .patch(`/admin/library/${randomUUID()}`)
        .set('Authorization', `Bearer ${ADMIN}`)
        .send({ title: 'two\nlines' })
        .expect(400);
      expect(refused.body.message).toEqual([expect.stringMatching(/^title: no control characters/)]);
      expect(ServicesStandIn.retagged.length).toBe(retagged);
    });

    it('cleans and cuts a long, dirty tag Liquidsoap reports: now-playing moves on, never a 400', async () => {
      const dirty = `  Über\u0000 Song\r\n${'x'.repeat(5000)}\u0007`;
      await http()
        .post('/internal/now-playing')
        .set('Authorization', `Bearer ${LIQUIDSOAP}`)
        .send({ tier: 'live', title: dirty, artist: '\u0001\u0002' })
        .expect(204);
      const now = (await http().get('/now-playing').expect(200)).body as { title: string; artist: string | null };
      expect(now.title).toHaveLength(200);
      expect(now.title.startsWith('Über Song  xxx')).toBe(true);
      expect(now.artist).toBeNull();
    });
  });

  // Last: it blocks loopback itself (where Liquidsoap calls from) for the rest of the run.
  describe('loopback', () => {
    it('keeps Liquidsoap token failures apart: admin guessing from loopback never blocks its callbacks', async () => {
      for (let guess = 0; guess <= FAILURES_MAX; guess++) {
        await http().post('/admin/skip?playlist=user').set('Authorization', `Bearer loopback-${guess}-0123456789`);
      }
      await http().post('/admin/skip?playlist=user').set('Authorization', `Bearer ${ADMIN}`).expect(429);
      await http()
        .post('/internal/now-playing')
        .set('Authorization', `Bearer ${LIQUIDSOAP}`)
        .send({ tier: 'fallback', title: 'Still reported', artist: null })
        .expect(204);
    });
  });
});
