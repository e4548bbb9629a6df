import { get, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
  ContractPayloadPipe,
  type LiveSession,
  type LivestreamAuthorize,
  type LivestreamConnected,
  type LivestreamGrant,
  PATTERNS,
} from '@h4k/contracts';
import { Controller, type INestApplication } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import request from 'supertest';

import { mintDjToken, SpecRig } from '../testing/spec-rig.e2e';
import { TEST_TOKENS } from '../testing/test-gateway';

/** Stands in for the livestream service on the real Redis transport: records what the gateway sends. */
@Controller()
class LivestreamStandIn {
  static authorized: LivestreamAuthorize[] = [];
  static revoked: string[] = [];
  static connected: LivestreamConnected[] = [];

  @MessagePattern(PATTERNS.livestream.authorize)
  authorize(
    @Payload(new ContractPayloadPipe(PATTERNS.livestream.authorize)) claims: LivestreamAuthorize,
  ): LivestreamGrant {
    LivestreamStandIn.authorized.push(claims);
    return { userId: claims.userId, remainingSeconds: claims.maxStreamingSeconds };
  }

  @MessagePattern(PATTERNS.livestream.revoke)
  revoke(@Payload(new ContractPayloadPipe(PATTERNS.livestream.revoke)) payload: { tokenId: string }) {
    LivestreamStandIn.revoked.push(payload.tokenId);
    return { kicked: true, userId: 'dj-key-e2e' };
  }

  /** The queue service's answer a listener's event stream starts with. */
  @MessagePattern(PATTERNS.queue.ownerSongs)
  ownerSongs() {
    return { songs: [] };
  }

  @MessagePattern(PATTERNS.livestream.connected)
  connected(
    @Payload(new ContractPayloadPipe(PATTERNS.livestream.connected)) payload: LivestreamConnected,
  ): LiveSession {
    LivestreamStandIn.connected.push(payload);
    return {
      userId: 'dj-key-e2e',
      label: null,
      since: new Date().toISOString(),
      remainingSeconds: 60,
      endsAt: new Date().toISOString(),
      headers: payload.headers,
    };
  }
}

describe('token revocation, DJ keys and the harbor (gateway over real Redis)', () => {
  const rig = new SpecRig();
  let gateway: INestApplication;
  const api = () => request(gateway.getHttpServer());
  const admin = `Bearer ${TEST_TOKENS.admin}`;
  const harborAuth = (user: string, password: string) =>
    api()
      .post('/internal/livestream/auth')
      .set('Authorization', `Bearer ${TEST_TOKENS.liquidsoap}`)
      .send({ user, password, address: '192.0.2.44' });
  const mintDj = (userId: string) => mintDjToken(gateway, { user_id: userId, max_streaming_seconds: 600 });

  beforeAll(async () => {
    await rig.standIn([LivestreamStandIn]);
    gateway = await rig.gateway({ env: { RPC_TIMEOUT_MS: '1000' }, listenPort: 0 });
  }, 30_000);

  beforeEach(() => {
    LivestreamStandIn.authorized = [];
    LivestreamStandIn.revoked = [];
    LivestreamStandIn.connected = [];
  });

  it('mints a DJ key (≤ 64 characters) that the harbor takes with user "source" or the DJ id, beside the JWT', async () => {
    const dj = await mintDj('dj-key-e2e');
    expect(dj.key.length).toBeLessThanOrEqual(64);
    expect(dj.token.length).toBeGreaterThan(255);

    await harborAuth('source', dj.key).expect(200);
    await harborAuth('dj-key-e2e', dj.key).expect(200);
    await harborAuth('source', dj.token).expect(200);
    const refused = await harborAuth('dj-someone-else', dj.key).expect(401);
    expect(refused.body.message).toMatch(/another user name/);
    await harborAuth('source', 'h4kdj_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA').expect(401);

    expect(LivestreamStandIn.authorized).toHaveLength(3);
    for (const claims of LivestreamStandIn.authorized) {
      expect(claims).toMatchObject({ userId: 'dj-key-e2e', maxStreamingSeconds: 600, tokenId: dj.jti });
    }
  });

  it('lists issued tokens; revoking a DJ token refuses its JWT and its key at once and drops the DJ', async () => {
    const dj = await mintDj('dj-revoked');
    const listener = (
      await api().post('/admin/token').set('Authorization', admin).send({ duration_seconds: 3600 }).expect(201)
    ).body as { token: string; jti: string; user_id: string };

    const listed = (await api().get('/admin/tokens').set('Authorization', admin).expect(200)).body as {
      jti: string;
      kind: string;
      user_id: string;
      revoked: boolean;
      dj_key_hint: string | null;
    }[];
    expect(listed.find((token) => token.jti === dj.jti)).toMatchObject({
      kind: 'livestream',
      user_id: 'dj-revoked',
      revoked: false,
      dj_key_hint: dj.key.slice(0, 10),
    });
    expect(listed.find((token) => token.jti === listener.jti)).toMatchObject({
      kind: 'user',
      user_id: listener.user_id,
      revoked: false,
    });
    expect(JSON.stringify(listed)).not.toContain(dj.key);
    expect(JSON.stringify(listed)).not.toContain(dj.token);

    const revoked = await api().delete(`/admin/tokens/${dj.jti}`).set('Authorization', admin).expect(200);
    expect(revoked.body).toEqual({ jti: dj.jti, kind: 'livestream', kicked: true });
    expect(LivestreamStandIn.revoked).toEqual([dj.jti]);
    expect((await harborAuth('source', dj.key).expect(401)).body.message).toBe('token revoked');
    expect((await harborAuth('source', dj.token).expect(401)).body.message).toBe('token revoked');
    expect(LivestreamStandIn.authorized).toEqual([]);

    // A listener's token: every guard refuses it once revoked.
    await api().delete(`/admin/tokens/${listener.jti}`).set('Authorization', admin).expect(200);
    const mine = await api().get('/queue/mine').set('Authorization', `Bearer ${listener.token}`).expect(401);
    expect(mine.body.message).toBe('token revoked');
    const after = (await api().get('/admin/tokens').set('Authorization', admin).expect(200)).body as {
      jti: string;
      revoked: boolean;
    }[];
    expect(after.filter((token) => token.revoked).map((token) => token.jti)).toEqual(
      expect.arrayContaining([dj.jti, listener.jti]),
    );
  });

  it("cuts a listener's open event stream the moment its token is revoked", async () => {
    const listener = (
      await api().post('/admin/token').set('Authorization', admin).send({ duration_seconds: 3600 }).expect(201)
    ).body as { token: string; jti: string };
    const address = gateway.getHttpServer().address() as AddressInfo;
    const stream = await new Promise<IncomingMessage>((resolve, reject) =>
      get(`http://127.0.0.1:${address.port}/queue/events?token=${listener.token}`, resolve).on('error', reject),
    );
    expect(stream.statusCode).toBe(200);
    const ended = new Promise<number>((resolve) => stream.once('close', () => resolve(Date.now())));
    stream.resume();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stream.destroyed).toBe(false);

    const revokedAt = Date.now();
    await api().delete(`/admin/tokens/${listener.jti}`).set('Authorization', admin).expect(200);
    expect((await ended) - revokedAt).toBeLessThan(1_000);
  });

  it('answers an unknown id with 404, a malformed one with 400, and only the admin', async () => {
    await api().delete('/admin/tokens/00000000-0000-4000-8000-000000000000').set('Authorization', admin).expect(404);
    await api().delete('/admin/tokens/not-a-jti').set('Authorization', admin).expect(400);
    await api().get('/admin/tokens').expect(401);
    const dj = await mintDj('dj-not-admin');
    await api().delete(`/admin/tokens/${dj.jti}`).set('Authorization', `Bearer ${dj.token}`).expect(401);
    await api().get('/admin/tokens').set('Authorization', `Bearer ${dj.token}`).expect(401);
  });

  it('never refuses a connect over its ice headers: cleaned and cut to the contract lengths', async () => {
    const response = await api()
      .post('/internal/livestream/connect')
      .set('Authorization', `Bearer ${TEST_TOKENS.liquidsoap}`)
      .send({
        headers: {
          'ice-name': `  ${'N'.repeat(5_000)}`,
          'ice-description': `line one\nline two\u0000${'d'.repeat(5_000)}`,
          'ice-genre': '🎵'.repeat(150),
          'ice-url': `http://example.test/${'u'.repeat(5_000)}`,
        },
        age: 2.5,
      })
      .expect(200);
    const [sent] = LivestreamStandIn.connected;
    expect(sent?.ageSeconds).toBe(2.5);
    expect(sent?.headers.name).toBe('N'.repeat(200));
    expect(sent?.headers.description?.startsWith('line one line two' + 'd')).toBe(true);
    expect(sent?.headers.description).toHaveLength(500);
    expect(sent?.headers.genre).toBe('🎵'.repeat(50));
    expect(sent?.headers.url).toHaveLength(300);
    expect(response.body.headers).toEqual(sent?.headers);
  });
});
