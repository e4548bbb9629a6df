import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { PATTERNS, publishSongEvent } from '@h4k/contracts';
import { eventually, freePort } from '@h4k/testing';
import { Controller, type INestApplication } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import Redis from 'ioredis';
import request from 'supertest';

import { EventStreamClient } from '../testing/event-stream-client.e2e';
import { reportNowPlaying, SpecRig } from '../testing/spec-rig.e2e';
import { TEST_TOKENS } from '../testing/test-gateway';
import { NowPlayingService } from './now-playing.service';

/** The queue service's answers a listener's event stream and a fallback report need. */
@Controller()
class QueueStandIn {
  @MessagePattern(PATTERNS.queue.ownerSongs)
  ownerSongs() {
    return { songs: [] };
  }

  @MessagePattern(PATTERNS.queue.list)
  list() {
    return { songs: [] };
  }
}

/**
 * Two gateways on one Redis, as behind Caddy with two upstreams: Liquidsoap reports to one, the clients
 * of both hear it; a token revoked on one is cut and refused on the other; the request ceiling is shared.
 */
describe('two gateways on one Redis', () => {
  const RATE = 6;
  const rig = new SpecRig();
  const gateways: { app: INestApplication; port: number }[] = [];
  const streams: EventStreamClient[] = [];
  const open = (port: number, path: string, headers?: Record<string, string>) => {
    const stream = new EventStreamClient(port, { path, headers });
    streams.push(stream);
    return stream;
  };
  const nth = (index: number) => {
    const gateway = gateways[index];
    if (!gateway) throw new Error(`gateway ${index} did not start`);
    return gateway;
  };
  const [a, b] = [() => nth(0), () => nth(1)];
  const report = (body: object) => reportNowPlaying(a().app, body);

  const dir = mkdtempSync(join(tmpdir(), 'h4k-two-gateways-'));
  const file = join(dir, 'now-playing.json');
  const titleInFile = (): unknown => {
    try {
      return (JSON.parse(readFileSync(file, 'utf8')) as { title?: unknown }).title;
    } catch {
      return undefined;
    }
  };

  beforeAll(async () => {
    rig.onClose(() => rmSync(dir, { recursive: true, force: true }));
    await rig.standIn([QueueStandIn]);
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const app = await rig.gateway({
        // Both on one host with Caddy: both keep the one now-playing file.
        env: { RATE_LIMIT_PER_MINUTE: String(RATE), RPC_TIMEOUT_MS: '2000', NOW_PLAYING_FILE: file },
        listenPort: port,
      });
      gateways.push({ app, port });
    }
  }, 30_000);

  afterEach(() => {
    for (const stream of streams.splice(0)) stream.close();
  });

  it("pushes a report to one gateway to both gateways' now-playing streams, with the same event id", async () => {
    const onA = open(a().port, '/now-playing/events');
    const onB = open(b().port, '/now-playing/events');
    await eventually('current state on both', () => onA.events.length === 1 && onB.events.length === 1, 5000);

    await report({ tier: 'live', title: 'Across gateways', artist: 'DJ Ada' });
    await eventually('the change on both', () => onA.events.length === 2 && onB.events.length === 2, 5000);
    expect(onB.events[1]?.data).toEqual(expect.objectContaining({ tier: 'live', title: 'Across gateways' }));
    expect(onB.events[1]?.id).toBe(onA.events[1]?.id);
    const fromB = (await request(b().app.getHttpServer()).get('/now-playing').expect(200)).body as object;
    expect(fromB).toEqual(expect.objectContaining({ tier: 'live', title: 'Across gateways', artist: 'DJ Ada' }));

    // A client moving to the other gateway with the id it has is up to date there: nothing sent twice.
    const moved = open(b().port, '/now-playing/events', { 'Last-Event-ID': onA.events[1]?.id ?? '' });
    await eventually('stream open', () => moved.status === 200, 5000);
    await report({ tier: 'noise', title: null, artist: null });
    await eventually('the next change', () => moved.events.length === 1, 5000);
    expect(moved.events[0]?.data).toEqual(expect.objectContaining({ tier: 'noise' }));
  });

  it("shows the DJ's show from the harbor's connect callback on one gateway in the live reports to the other", async () => {
    const onB = open(b().port, '/now-playing/events');
    await eventually('current state', () => onB.events.length === 1, 5000);
    b().app.get(NowPlayingService).setLiveShow({ name: 'Night shift', description: 'with Ada' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await report({ tier: 'live', title: null, artist: null });
    await eventually('the live show on B', () => onB.events.length === 2, 5000);
    const show = { tier: 'live', title: 'Night shift', artist: 'with Ada' };
    expect(onB.events[1]?.data).toEqual(expect.objectContaining(show));
    const fromA = (await request(a().app.getHttpServer()).get('/now-playing').expect(200)).body as object;
    expect(fromA).toEqual(
      expect.objectContaining({ ...show, stream: { name: 'Night shift', description: 'with Ada' } }),
    );
  });

  it('keeps one now-playing file with both gateways writing it: the change, and never the old state again', async () => {
    await report({ tier: 'live', title: 'Both write this', artist: null });
    await eventually('the change in the file', () => titleInFile() === 'Both write this', 3000);
    // Each gateway rewrites the file every second: one that missed the change would put the old state back.
    const seen = new Set<unknown>();
    for (const end = Date.now() + 2500; Date.now() < end;) {
      seen.add(titleInFile());
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect([...seen]).toEqual(['Both write this']);
    expect(readdirSync(dir)).toEqual(['now-playing.json']);
  });

  it("passes song events to the owner's stream on either gateway", async () => {
    const minted = await request(a().app.getHttpServer())
      .post('/admin/token')
      .set('Authorization', `Bearer ${TEST_TOKENS.admin}`)
      .send({ duration_seconds: 3600, max_queue_songs: 3 })
      .expect(201);
    const { token, user_id } = minted.body as { token: string; user_id: string };
    const onA = open(a().port, '/queue/events', { Authorization: `Bearer ${token}` });
    const onB = open(b().port, '/queue/events', { Authorization: `Bearer ${token}` });
    await eventually('both streams open', () => onA.status === 200 && onB.status === 200, 5000);
    const publisher = new Redis({ port: rig.redis.port, host: '127.0.0.1' });
    try {
      await publishSongEvent(publisher, {
        id: '0b6f3f7e-4a3c-4d2b-9c55-000000000001',
        status: 'downloading',
        percent: 40,
        target: 'user',
        owner: user_id,
      });
    } finally {
      publisher.disconnect();
    }
    await eventually('the event on both', () => onA.events.length === 1 && onB.events.length === 1, 5000);
    expect(onB.events[0]?.data).toEqual(expect.objectContaining({ status: 'downloading', percent: 40 }));
  });

  it("cuts a listener's stream on the other gateway when its token is revoked, and refuses the token there", async () => {
    const admin = `Bearer ${TEST_TOKENS.admin}`;
    const minted = await request(a().app.getHttpServer())
      .post('/admin/token')
      .set('Authorization', admin)
      .send({ duration_seconds: 3600, max_queue_songs: 3 })
      .expect(201);
    const { token, jti } = minted.body as { token: string; jti: string };
    const onB = open(b().port, '/queue/events', { Authorization: `Bearer ${token}` });
    await eventually('stream open on B', () => onB.status === 200, 5000);

    await request(a().app.getHttpServer()).delete(`/admin/tokens/${jti}`).set('Authorization', admin).expect(200);
    await eventually("B cut the revoked listener's stream", () => onB.ended, 5000);
    const refused = await request(b().app.getHttpServer())
      .get('/queue/mine')
      .set('Authorization', `Bearer ${token}`)
      .expect(401);
    expect(refused.body).toEqual(expect.objectContaining({ message: expect.stringMatching(/revoked/) }));
  });

  it('counts the request ceiling across both gateways', async () => {
    const address = '203.0.113.9';
    const mint = (gateway: INestApplication) =>
      request(gateway.getHttpServer())
        .post('/admin/token')
        .set('Authorization', `Bearer ${TEST_TOKENS.admin}`)
        .set('X-Forwarded-For', address)
        .send({ duration_seconds: 3600, max_queue_songs: 1 });
    const statuses: number[] = [];
    for (let i = 0; i < RATE; i++) statuses.push((await mint(i % 2 === 0 ? a().app : b().app)).status);
    expect(statuses).toEqual(Array<number>(RATE).fill(201));
    expect((await mint(a().app)).status).toBe(429);
    expect((await mint(b().app)).status).toBe(429);
  });
});
