import { eventually, freePort, WebhookReceiver } from '@h4k/testing';
import type { INestApplication } from '@nestjs/common';
import { Webhook as Verifier } from 'standardwebhooks';
import request from 'supertest';

import type { HistoryEntry } from '../history/history.dto';
import { NowPlayingService } from '../now-playing/now-playing.service';
import { EventStreamClient } from '../testing/event-stream-client.e2e';
import { reportNowPlaying, SpecRig } from '../testing/spec-rig.e2e';
import { TEST_TOKENS } from '../testing/test-gateway';
import { WEBHOOK_BACKOFF_MS } from './webhook-deliveries';
import { MAX_CONSECUTIVE_FAILURES, WebhookRegistry } from './webhook-registry';
import type { CreatedWebhook, Webhook, WebhookDelivery } from './webhooks.dto';

describe('history and webhooks', () => {
  const rig = new SpecRig();
  let app: INestApplication;
  let port: number;
  let receiverPort: number;
  /** `/fail-twice/<name>` answers 500 to the first two requests of each name. */
  const receiver = new WebhookReceiver((path, seen) => (path.startsWith('/fail-twice/') && seen <= 2 ? 500 : 204));

  const admin = () => ({ Authorization: `Bearer ${TEST_TOKENS.admin}` });
  const report = (body: object) => reportNowPlaying(app, body);
  const addHook = async (body: object): Promise<CreatedWebhook> =>
    (await request(app.getHttpServer()).post('/admin/webhooks').set(admin()).send(body).expect(201))
      .body as CreatedWebhook;
  const deliveries = async (id: string): Promise<WebhookDelivery[]> =>
    (await request(app.getHttpServer()).get(`/admin/webhooks/${id}/deliveries`).set(admin()).expect(200))
      .body as WebhookDelivery[];

  beforeAll(async () => {
    receiverPort = await freePort();
    await receiver.listen(receiverPort);
    rig.onClose(() => receiver.close());
    port = await freePort();
    app = await rig.gateway({
      env: { DOWNLOAD_ALLOWED_HOSTS: `127.0.0.1:${receiverPort}` },
      values: [[WEBHOOK_BACKOFF_MS, 200]],
      listenPort: port,
    });
  }, 30_000);

  it('keeps what played, newest first, ends each play when the next starts, and pushes it on the event stream', async () => {
    const stream = new EventStreamClient<HistoryEntry>(port, { event: 'history' });
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      await report({ tier: 'fallback', title: 'First tune', artist: 'h4k' });
      await report({ tier: 'user', title: 'Second tune', artist: 'someone' });
      await eventually('two history entries', async () => {
        const body = (await request(app.getHttpServer()).get('/history?limit=2').expect(200)).body as HistoryEntry[];
        return body[0]?.title === 'Second tune' && body[1]?.title === 'First tune';
      });
      const [second, first] = (await request(app.getHttpServer()).get('/history').expect(200)).body as HistoryEntry[];
      expect(second).toMatchObject({ tier: 'user', title: 'Second tune', artist: 'someone', endedAt: null });
      expect(first).toMatchObject({ tier: 'fallback', title: 'First tune', endedAt: second?.startedAt });
      expect(Object.keys(second ?? {})).not.toContain('key');
      await eventually('history events', () => stream.received.some((entry) => entry.title === 'Second tune'));
      expect(stream.received.find((entry) => entry.title === 'Second tune')?.id).toBe(second?.id);

      // Noise is not a play: it only ends the one on air.
      await report({ tier: 'noise', title: null, artist: null });
      await eventually('the user song ended', async () => {
        const body = (await request(app.getHttpServer()).get('/history?limit=1').expect(200)).body as HistoryEntry[];
        return body[0]?.title === 'Second tune' && body[0].endedAt !== null;
      });
    } finally {
      stream.close();
    }
  });

  it('a later detail of the play on air updates its entry (same id), it does not add one', async () => {
    await report({ tier: 'live', title: null, artist: null });
    await eventually('the live entry', async () => {
      const body = (await request(app.getHttpServer()).get('/history?limit=1').expect(200)).body as HistoryEntry[];
      return body[0]?.tier === 'live';
    });
    const [before] = (await request(app.getHttpServer()).get('/history?limit=1').expect(200)).body as HistoryEntry[];
    app.get(NowPlayingService).setLiveShow({ name: 'Night Shift', description: null });
    await eventually('the show name in the entry', async () => {
      const body = (await request(app.getHttpServer()).get('/history?limit=2').expect(200)).body as HistoryEntry[];
      return body[0]?.title === 'Night Shift';
    });
    const [after, previous] = (await request(app.getHttpServer()).get('/history?limit=2').expect(200))
      .body as HistoryEntry[];
    expect(after).toMatchObject({ id: before?.id, startedAt: before?.startedAt, show: 'Night Shift', endedAt: null });
    expect(previous?.tier).not.toBe('live');
  });

  it.each(['0', '201', 'ten', '2.5'])('GET /history?limit=%s is 400 with what is wrong', async (limit) => {
    const answer = await request(app.getHttpServer()).get(`/history?limit=${limit}`).expect(400);
    expect(JSON.stringify(answer.body)).toContain('limit');
  });

  it('signs song.changed per Standard Webhooks, names it in X-H4K-Event, and shows the secret once', async () => {
    const hook = await addHook({ url: `http://127.0.0.1:${receiverPort}/ok`, events: ['song.changed'] });
    expect(hook.secret).toMatch(/^whsec_/);
    const listed = (await request(app.getHttpServer()).get('/admin/webhooks').set(admin()).expect(200))
      .body as Webhook[];
    expect(listed.find((entry) => entry.id === hook.id)).toMatchObject({ enabled: true, consecutiveFailures: 0 });
    expect(JSON.stringify(listed)).not.toContain(hook.secret);

    await report({ tier: 'fallback', title: 'Signed tune', artist: 'h4k' });
    await eventually('a delivery', () => receiver.at('/ok').length > 0);
    const [delivery] = receiver.at('/ok');
    const headers = delivery?.headers ?? {};
    expect(headers['x-h4k-event']).toBe('song.changed');
    const payload = new Verifier(hook.secret).verify(delivery?.body ?? '', {
      'webhook-id': String(headers['webhook-id']),
      'webhook-timestamp': String(headers['webhook-timestamp']),
      'webhook-signature': String(headers['webhook-signature']),
    }) as { type: string; data: { title: string; tier: string } };
    expect(payload).toMatchObject({ type: 'song.changed', data: { title: 'Signed tune', tier: 'fallback' } });
    // A signature made with another secret does not verify: the check above can fail.
    const other = new Verifier(`whsec_${Buffer.alloc(32, 7).toString('base64')}`);
    expect(() =>
      other.verify(delivery?.body ?? '', {
        'webhook-id': String(headers['webhook-id']),
        'webhook-timestamp': String(headers['webhook-timestamp']),
        'webhook-signature': String(headers['webhook-signature']),
      }),
    ).toThrow();
    await eventually('the attempt is logged', async () => (await deliveries(hook.id)).length === 1);
    expect((await deliveries(hook.id))[0]).toMatchObject({ status: 'delivered', httpStatus: 204, attempt: 1 });
    await request(app.getHttpServer()).delete(`/admin/webhooks/${hook.id}`).set(admin()).expect(204);
  });

  it('retries a receiver that fails twice with backoff, then delivers the same message', async () => {
    const hook = await addHook({
      url: `http://127.0.0.1:${receiverPort}/fail-twice/a`,
      events: ['song.changed', 'station.off_air'],
      format: 'discord',
      secret: `whsec_${Buffer.alloc(32, 1).toString('base64')}`,
    });
    await report({ tier: 'user', title: 'Retried tune', artist: 'x' });
    await eventually('third attempt', () => receiver.at('/fail-twice/a').length >= 3, 20_000);
    const attempts = receiver.at('/fail-twice/a');
    expect(new Set(attempts.map((attempt) => attempt.headers['webhook-id'])).size).toBe(1);
    const body = JSON.parse(attempts[2]?.body ?? '{}') as { content: string; embeds: unknown[] };
    expect(body.content).toContain('Retried tune');
    expect(body.embeds).toHaveLength(1);
    await eventually('three attempts logged', async () => (await deliveries(hook.id)).length === 3);
    expect((await deliveries(hook.id)).map((entry) => [entry.attempt, entry.status, entry.httpStatus])).toEqual([
      [3, 'delivered', 204],
      [2, 'failed', 500],
      [1, 'failed', 500],
    ]);
    await request(app.getHttpServer()).delete(`/admin/webhooks/${hook.id}`).set(admin()).expect(204);
  }, 30_000);

  it.each([
    [{ url: 'http://10.1.2.3/hook', events: ['song.changed'] }, 'refused'],
    [{ url: `http://127.0.0.1:${6379}/`, events: ['song.changed'] }, 'refused'],
    [{ url: 'ftp://example.com/', events: ['song.changed'] }, 'url'],
    [{ url: 'https://example.com/', events: [] }, 'events'],
    [{ url: 'https://example.com/', events: ['song.exploded'] }, 'events'],
    [{ url: 'https://example.com/', events: ['song.changed'], secret: 'hunter2' }, 'secret'],
    [{ url: 'https://example.com/', events: ['song.changed'], format: 'xml' }, 'format'],
    [{ url: 'https://example.com/', events: ['song.changed'], extra: 1 }, 'extra'],
  ])('POST /admin/webhooks %j is 400 naming %s', async (body, word) => {
    const answer = await request(app.getHttpServer()).post('/admin/webhooks').set(admin()).send(body).expect(400);
    expect(JSON.stringify(answer.body)).toContain(word);
  });

  it('needs the admin token; unknown ids are 404, bad ids 400; PATCH changes and re-enables', async () => {
    await request(app.getHttpServer()).get('/admin/webhooks').expect(401);
    await request(app.getHttpServer()).get(`/admin/webhooks/${crypto.randomUUID()}`).set(admin()).expect(404);
    await request(app.getHttpServer()).get('/admin/webhooks/not-a-uuid').set(admin()).expect(400);
    const hook = await addHook({ url: `http://127.0.0.1:${receiverPort}/patch`, events: ['live.started'] });
    await request(app.getHttpServer()).patch(`/admin/webhooks/${hook.id}`).set(admin()).send({}).expect(400);
    const patched = (
      await request(app.getHttpServer())
        .patch(`/admin/webhooks/${hook.id}`)
        .set(admin())
        .send({ events: ['live.ended'], enabled: false })
        .expect(200)
    ).body as Webhook;
    expect(patched).toMatchObject({ events: ['live.ended'], enabled: false, disabledReason: 'disabled by an admin' });
    await request(app.getHttpServer())
      .patch(`/admin/webhooks/${hook.id}`)
      .set(admin())
      .send({ url: 'http://192.168.1.1/' })
      .expect(400);
    await request(app.getHttpServer()).delete(`/admin/webhooks/${hook.id}`).set(admin()).expect(204);
    await request(app.getHttpServer()).delete(`/admin/webhooks/${hook.id}`).set(admin()).expect(404);
  });

  it(`disables a webhook after ${MAX_CONSECUTIVE_FAILURES} failed attempts in a row, and a success resets the count`, async () => {
    const hook = await addHook({ url: `http://127.0.0.1:${receiverPort}/count`, events: ['song.failed'] });
    const registry = app.get(WebhookRegistry);
    const stored = await registry.stored(hook.id);
    if (!stored) throw new Error('not stored');
    const attempt = (status: 'delivered' | 'failed', n: number): WebhookDelivery => ({
      id: crypto.randomUUID(),
      eventId: `msg_${n}`,
      event: 'song.failed',
      attempt: 1,
      status,
      httpStatus: status === 'failed' ? 503 : 204,
      error: status === 'failed' ? 'the receiver answered HTTP 503' : null,
      durationMs: 1,
      at: new Date().toISOString(),
    });
    for (let n = 1; n < MAX_CONSECUTIVE_FAILURES; n++) await registry.recordAttempt(stored, attempt('failed', n));
    await registry.recordAttempt(stored, attempt('delivered', 0));
    expect(await registry.get(hook.id)).toMatchObject({ enabled: true, consecutiveFailures: 0 });
    for (let n = 1; n < MAX_CONSECUTIVE_FAILURES; n++) await registry.recordAttempt(stored, attempt('failed', n));
    expect(await registry.recordAttempt(stored, attempt('failed', 99))).toBe(false);
    const shown = (await request(app.getHttpServer()).get(`/admin/webhooks/${hook.id}`).set(admin()).expect(200))
      .body as Webhook;
    expect(shown).toMatchObject({ enabled: false, consecutiveFailures: MAX_CONSECUTIVE_FAILURES });
    expect(shown.disabledReason).toContain('20 failed attempts in a row');
    expect(await deliveries(hook.id)).toHaveLength(40);
  });
});
