import { type LivestreamStatus, type LivestreamUserUsage, PATTERNS, type PlaybackState } from '@h4k/contracts';
import { Controller, type INestApplication } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import request from 'supertest';

import { mintDjToken, SpecRig } from '../testing/spec-rig.e2e';
import { TEST_TOKENS } from '../testing/test-gateway';

/** Stands in for the livestream and queue services on the real Redis transport. */
@Controller()
class StandIn {
  static live: LivestreamStatus['live'] = null;
  static users: LivestreamUserUsage[] = [];

  @MessagePattern(PATTERNS.livestream.status)
  status(): LivestreamStatus {
    return { live: StandIn.live };
  }

  @MessagePattern(PATTERNS.livestream.users)
  users(): LivestreamUserUsage[] {
    return StandIn.users;
  }

  @MessagePattern(PATTERNS.livestream.revoke)
  revoke() {
    return { kicked: false, userId: null };
  }

  @MessagePattern(PATTERNS.queue.playbackState)
  playbackState(payload: { playlist: 'user' | 'fallback' }): PlaybackState {
    if (payload.playlist === 'user') throw new Error('the user MPD is away');
    return { playlist: 'fallback', state: 'play', title: 'tone 1', artist: null, queued: 3, hold: null };
  }
}

describe('DJ-facing routes and the admin overview (gateway over real Redis)', () => {
  const rig = new SpecRig();
  let gateway: INestApplication;
  const api = () => request(gateway.getHttpServer());
  const admin = `Bearer ${TEST_TOKENS.admin}`;
  const mintDj = (userId: string, label?: string) =>
    mintDjToken(gateway, { user_id: userId, max_streaming_seconds: 3600, ...(label ? { label } : {}) });

  beforeAll(async () => {
    await rig.standIn([StandIn]);
    gateway = await rig.gateway({
      env: { RPC_TIMEOUT_MS: '1000', HARBOR_PORT: '18003', ICECAST_PORT: '1' },
    });
  }, 30_000);

  it('publishes the harbor address without a token: HARBOR_PORT, host left to the page', async () => {
    const { body } = await api().get('/livestream/harbor').expect(200);
    expect(body).toEqual({ host: null, port: 18003, mount: '/live', user: 'source' });
  });

  it("tells a DJ their used and remaining time, with the token's or the key's credential", async () => {
    const dj = await mintDj('dj-me', 'Night Shift');
    StandIn.users = [
      { userId: 'dj-me', usedSeconds: 900, maxStreamingSeconds: 3600, remainingSeconds: 2700, kicked: false },
      { userId: 'dj-other', usedSeconds: 60, maxStreamingSeconds: 600, remainingSeconds: 540, kicked: true },
    ];
    StandIn.live = null;
    const byToken = (await api().get('/livestream/me').set('Authorization', `Bearer ${dj.token}`).expect(200)).body;
    expect(byToken).toEqual({
      userId: 'dj-me',
      label: 'Night Shift',
      maxStreamingSeconds: 3600,
      usedSeconds: 900,
      remainingSeconds: 2700,
      kicked: false,
      expiresAt: dj.expires_at.replace(/\.\d{3}Z$/, '.000Z'),
      onAir: null,
    });
    const byKey = (await api().get('/livestream/me').set('Authorization', `Bearer ${dj.key}`).expect(200)).body;
    expect(byKey).toEqual(byToken);
  });

  it('says when the DJ is on air, and not when someone else is', async () => {
    const dj = await mintDj('dj-live');
    StandIn.users = [];
    StandIn.live = {
      userId: 'dj-live',
      label: null,
      since: '2026-11-30T03:00:00.000Z',
      remainingSeconds: 3000,
      endsAt: '2026-11-30T03:50:00.000Z',
      headers: null,
    };
    const mine = (await api().get('/livestream/me').set('Authorization', `Bearer ${dj.token}`).expect(200)).body;
    expect(mine).toMatchObject({
      usedSeconds: 0,
      remainingSeconds: 3000,
      onAir: { since: '2026-11-30T03:00:00.000Z', endsAt: '2026-11-30T03:50:00.000Z', remainingSeconds: 3000 },
    });
    const other = await mintDj('dj-waiting');
    const theirs = (await api().get('/livestream/me').set('Authorization', `Bearer ${other.token}`).expect(200)).body;
    expect(theirs).toMatchObject({ onAir: null, remainingSeconds: 3600 });
  });

  it('refuses no token, a listener token, the admin token and a revoked DJ token with 401 and a reason', async () => {
    const none = await api().get('/livestream/me').expect(401);
    expect(none.body.message).toMatch(/DJ token or DJ key/);
    const listener = (
      await api().post('/admin/token').set('Authorization', admin).send({ duration_seconds: 3600 }).expect(201)
    ).body as { token: string };
    await api().get('/livestream/me').set('Authorization', `Bearer ${listener.token}`).expect(401);
    await api().get('/livestream/me').set('Authorization', admin).expect(401);
    const dj = await mintDj('dj-revoked');
    await api().delete(`/admin/tokens/${dj.jti}`).set('Authorization', admin).expect(200);
    const revoked = await api().get('/livestream/me').set('Authorization', `Bearer ${dj.key}`).expect(401);
    expect(revoked.body.message).toEqual(expect.any(String));
    await api().get('/livestream/me').set('Authorization', `Bearer ${dj.token}`).expect(401);
  });

  it('gives the admin the players, downloads and listeners, each part that does not answer as null', async () => {
    await api().get('/admin/overview').expect(401);
    const { body } = await api().get('/admin/overview').set('Authorization', admin).expect(200);
    expect(body).toEqual({
      listeners: null,
      playlists: [{ playlist: 'fallback', state: 'play', title: 'tone 1', artist: null, queued: 3, hold: null }],
      downloads: { waiting: 0, active: 0 },
    });
  });
});
