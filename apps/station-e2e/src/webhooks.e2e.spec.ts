import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

import { eventually } from '@h4k/testing';
import { Webhook as Verifier } from 'standardwebhooks';

import { sharedStation } from './support/shared-station';

interface Received {
  path: string;
  at: number;
  headers: IncomingHttpHeaders;
  body: string;
}

interface HistoryEntry {
  id: string;
  tier: string;
  title: string | null;
  startedAt: string;
  endedAt: string | null;
}

interface Delivery {
  eventId: string;
  event: string;
  attempt: number;
  status: string;
  httpStatus: number | null;
}

/**
 * History and webhooks on the real station: a track change (the fallback skipped) is in
 * /api/history and reaches a receiver on loopback as a signed song.changed; a receiver that fails
 * twice gets the same message a third time. The receiver's port is on the station's allow-list
 * (DOWNLOAD_ALLOWED_HOSTS); any other private address is refused.
 */
describe('history and webhooks on the real station', () => {
  const station = sharedStation();
  const auth = { Authorization: `Bearer ${station.adminToken}`, 'Content-Type': 'application/json' };
  const received: Received[] = [];
  const counts = new Map<string, number>();
  const hooks: string[] = [];
  let server: Server;

  const api = async <T>(method: string, path: string, body?: object): Promise<{ status: number; body: T }> => {
    const response = await fetch(station.url(`/api${path}`), {
      method,
      headers: auth,
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
  const addHook = async (body: object): Promise<{ id: string; secret: string }> => {
    const answer = await api<{ id: string; secret: string }>('POST', '/admin/webhooks', body);
    expect(answer.status).toBe(201);
    hooks.push(answer.body.id);
    return answer.body;
  };

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        const path = request.url ?? '';
        received.push({ path, at: Date.now(), headers: request.headers, body });
        // Per message: another track change may be delivered in between, and gets its own two 503s.
        const key = `${path} ${String(request.headers['webhook-id'])}`;
        const seen = (counts.get(key) ?? 0) + 1;
        counts.set(key, seen);
        response.statusCode = path === '/flaky' && seen <= 2 ? 503 : 200;
        response.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(station.ports.webhookReceiver, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    for (const id of hooks) await api('DELETE', `/admin/webhooks/${id}`);
    await new Promise((resolve) => server.close(resolve));
  });

  it('a track change is in /history and reaches webhooks signed; a failing receiver is retried until it succeeds', async () => {
    const ok = await addHook({
      url: `http://127.0.0.1:${station.ports.webhookReceiver}/ok`,
      events: ['song.changed'],
    });
    const flaky = await addHook({
      url: `http://127.0.0.1:${station.ports.webhookReceiver}/flaky`,
      events: ['song.changed'],
      format: 'discord',
    });
    await eventually(
      'the fallback on air',
      async () => (await api<{ tier: string }>('GET', '/now-playing')).body.tier === 'fallback',
      60_000,
    );
    // The play on air before the skip: a track that began just before it must not pass for the new one.
    const onAirBefore = (await api<HistoryEntry[]>('GET', '/history?limit=1')).body[0]?.id;
    const before = Date.now();
    const skipped = await api('POST', '/admin/skip?playlist=fallback');
    expect(skipped.status).toBeLessThan(300);

    // The new track in the history, newest first; the one before it ended when it started.
    let newest: HistoryEntry | undefined;
    await eventually(
      'a history entry after the skip',
      async () => {
        const history = (await api<HistoryEntry[]>('GET', '/history?limit=5')).body;
        newest = history[0];
        return (
          newest !== undefined &&
          newest.id !== onAirBefore &&
          Date.parse(newest.startedAt) > before - 2000 &&
          history.length >= 2
        );
      },
      30_000,
    );
    const history = (await api<HistoryEntry[]>('GET', '/history?limit=5')).body;
    expect(history[0]?.tier).toBe('fallback');
    expect(history[1]?.endedAt).not.toBeNull();

    // song.changed at the receiver, its Standard Webhooks signature verified with the station's secret.
    await eventually(
      'song.changed at /ok',
      () => received.some((entry) => entry.path === '/ok' && entry.at > before),
      30_000,
    );
    const deliveries = received.filter((entry) => entry.path === '/ok' && entry.at > before);
    const verified = deliveries.map(
      (entry) =>
        new Verifier(ok.secret).verify(entry.body, {
          'webhook-id': String(entry.headers['webhook-id']),
          'webhook-timestamp': String(entry.headers['webhook-timestamp']),
          'webhook-signature': String(entry.headers['webhook-signature']),
        }) as { type: string; data: { title: string | null; startedAt: string } },
    );
    expect(deliveries.every((entry) => entry.headers['x-h4k-event'] === 'song.changed')).toBe(true);
    expect(verified.map((payload) => payload.data.startedAt)).toContain(newest?.startedAt);
    expect(() =>
      new Verifier(flaky.secret).verify(deliveries[0]?.body ?? '', {
        'webhook-id': String(deliveries[0]?.headers['webhook-id']),
        'webhook-timestamp': String(deliveries[0]?.headers['webhook-timestamp']),
        'webhook-signature': String(deliveries[0]?.headers['webhook-signature']),
      }),
    ).toThrow();

    // The flaky receiver: 503, 503, then 200 for the same message (the same webhook-id each time).
    const firstMessage = () => {
      const atFlaky = received.filter((entry) => entry.path === '/flaky');
      return atFlaky.filter((entry) => entry.headers['webhook-id'] === atFlaky[0]?.headers['webhook-id']);
    };
    await eventually('the third attempt of one message at /flaky', () => firstMessage().length >= 3, 30_000);
    const attempts = firstMessage().slice(0, 3);
    expect(attempts).toHaveLength(3);
    expect((JSON.parse(attempts[2]?.body ?? '{}') as { content?: string }).content).toMatch(/^Now playing: /);
    await eventually(
      'the delivery log of /flaky',
      async () =>
        (await api<Delivery[]>('GET', `/admin/webhooks/${flaky.id}/deliveries`)).body.some(
          (entry) => entry.status === 'delivered',
        ),
      10_000,
    );
    const log = (await api<Delivery[]>('GET', `/admin/webhooks/${flaky.id}/deliveries`)).body;
    const first = log.filter((entry) => entry.eventId === attempts[0]?.headers['webhook-id']);
    expect(first.map((entry) => [entry.attempt, entry.status, entry.httpStatus])).toEqual([
      [3, 'delivered', 200],
      [2, 'failed', 503],
      [1, 'failed', 503],
    ]);
    const shown = (await api<{ enabled: boolean }>('GET', `/admin/webhooks/${flaky.id}`)).body;
    expect(shown.enabled).toBe(true);
  }, 120_000);

  it.each([
    ['a private address', { url: 'http://192.168.0.10/hook', events: ['song.changed'] }],
    ['the station’s own Redis', { url: `http://127.0.0.1:${station.ports.redis}/`, events: ['song.changed'] }],
    ['no events', { url: `http://127.0.0.1:${station.ports.webhookReceiver}/x`, events: [] }],
  ])('POST /admin/webhooks with %s is 400 with a JSON reason', async (_what, body) => {
    const answer = await api<{ message: unknown }>('POST', '/admin/webhooks', body);
    expect(answer.status).toBe(400);
    expect(answer.body.message).toBeDefined();
  });

  it('GET /history refuses a limit out of range with 400', async () => {
    for (const limit of ['0', '201', 'x']) {
      expect((await api('GET', `/history?limit=${limit}`)).status).toBe(400);
    }
  });
});
