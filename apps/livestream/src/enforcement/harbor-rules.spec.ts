import { eventually, type OwnedProcess } from '@h4k/testing';

import { UsageReset } from '../accounting/usage-reset';
import { LiveOverview } from '../overview/live-overview';
import { REDIS_KEYS } from '../redis/keys';
import { LiveSessions } from '../session/live-sessions';
import { SessionStore } from '../session/session.store';
import { Authorizer } from '../slot/authorizer';
import { claims, HarborRig, NO_HEADERS, refusalOf, TEST_TIMINGS } from '../testing/livestream-rig.e2e';
import { SessionEnforcer } from './session-enforcer';

const KICKED = { code: 'FORBIDDEN', message: 'kicked off the air: refused until an admin resets this DJ' };

/** Nobody streams outside the rules: a real Liquidsoap harbor, real ffmpeg encoders, a real Redis. */
describe('DJs inside the rules', () => {
  const rig = HarborRig.forSuite();

  afterEach(async () => {
    await Promise.all(rig.encoders.splice(0).map((encoder) => encoder.stop()));
    await eventually('the harbor is empty', async () => !(await rig.liquidsoap.sourceConnected()), 5_000);
    await rig.moduleRef.get(LiveSessions).disconnect();
    await rig.data.flushall();
  });

  const connectEncoder = async (): Promise<OwnedProcess> => {
    const encoder = await rig.liquidsoap.connectEncoder();
    rig.encoders.push(encoder);
    return encoder;
  };
  const goLive = async (userId: string): Promise<OwnedProcess> => {
    await rig.moduleRef.get(Authorizer).authorize(claims(userId, 600));
    const encoder = await connectEncoder();
    await rig.moduleRef.get(LiveSessions).connect(NO_HEADERS);
    return encoder;
  };
  const droppedWithin = async (encoder: OwnedProcess, ms: number): Promise<number> => {
    const started = Date.now();
    await eventually(
      'the encoder was dropped',
      async () => !encoder.running || !(await rig.liquidsoap.sourceConnected()),
      ms,
    );
    return Date.now() - started;
  };

  it('drops a source that is on the harbor without any session or grant, within one renewal period', async () => {
    const intruder = await connectEncoder();
    // One renewal period, plus the time a loaded machine takes to ask Liquidsoap and drop it.
    const took = await droppedWithin(intruder, TEST_TIMINGS.renewEveryMs + 2_000);
    console.log(`unrecorded source dropped ${took} ms after it was on the harbor`);
    expect(await rig.moduleRef.get(SessionStore).current()).toBeNull();
  });

  it('waits for the connect callback while the grant lives, then drops the source when it lapses', async () => {
    await rig.moduleRef.get(Authorizer).authorize(claims('pia', 600));
    const authorizedAt = Date.now();
    // The encoder is on the harbor but its connect callback never arrives (the gateway refused it).
    const encoder = await connectEncoder();
    const beforeLapse = TEST_TIMINGS.leaseMs - (Date.now() - authorizedAt) - 300;
    if (beforeLapse > 0) {
      await new Promise((resolve) => setTimeout(resolve, beforeLapse));
      expect(await rig.liquidsoap.sourceConnected()).toBe(true);
    } else {
      console.log(`the encoder took ${Date.now() - authorizedAt} ms to connect: too late to see it kept`);
    }
    await droppedWithin(encoder, TEST_TIMINGS.renewEveryMs + 2_000);
    expect(Date.now() - authorizedAt).toBeLessThan(TEST_TIMINGS.leaseMs + TEST_TIMINGS.renewEveryMs + 2_500);
    expect(await rig.data.get(REDIS_KEYS.slot)).toBeNull();
  });

  it('charges a connect that Liquidsoap delivered late from the real connect, never from before the grant', async () => {
    await rig.moduleRef.get(Authorizer).authorize(claims('quin', 600));
    await connectEncoder();
    const before = Date.now();
    const live = await rig.moduleRef.get(LiveSessions).connect(NO_HEADERS, 3);
    const since = Date.parse(live.since ?? '');
    expect(before - since).toBeLessThanOrEqual(3_000);
    expect(before - since).toBeGreaterThan(0);
    // A reconnect's callback claiming a minute: charged from its grant, not from before it.
    const reauthorizedAt = Date.now();
    await rig.moduleRef.get(Authorizer).authorize(claims('quin', 600));
    const replaced = await rig.moduleRef.get(LiveSessions).connect(NO_HEADERS, 60);
    expect(Date.parse(replaced.since ?? '')).toBeGreaterThanOrEqual(reauthorizedAt);
    expect(Date.parse(replaced.since ?? '')).toBeLessThanOrEqual(Date.now());
  });

  it('keeps a DJ the admin kicked out until the admin resets them', async () => {
    const encoder = await goLive('rex');
    expect(await rig.moduleRef.get(LiveSessions).kick()).toEqual({ kicked: true, userId: 'rex' });
    await droppedWithin(encoder, 3_000);
    expect(await refusalOf(rig.moduleRef.get(Authorizer).authorize(claims('rex', 600)))).toEqual(KICKED);
    // Another DJ is not affected.
    await expect(rig.moduleRef.get(Authorizer).authorize(claims('sia', 600))).resolves.toMatchObject({ userId: 'sia' });
    await rig.moduleRef.get(LiveSessions).kick();
    expect(await refusalOf(rig.moduleRef.get(Authorizer).authorize(claims('sia', 600)))).toEqual(KICKED);

    // The admin sees who is kept out, a DJ kicked before streaming a second included.
    expect((await rig.moduleRef.get(LiveOverview).users()).map(({ userId, kicked }) => ({ userId, kicked }))).toEqual([
      { userId: 'rex', kicked: true },
      { userId: 'sia', kicked: true },
    ]);
    await rig.moduleRef.get(UsageReset).reset('rex');
    expect((await rig.moduleRef.get(LiveOverview).users()).find((user) => user.userId === 'rex')?.kicked).toBe(false);
    await expect(rig.moduleRef.get(Authorizer).authorize(claims('rex', 600))).resolves.toMatchObject({ userId: 'rex' });
    // Resetting one DJ lifts only their kick.
    expect(await refusalOf(rig.moduleRef.get(Authorizer).authorize(claims('sia', 600)))).toEqual(KICKED);
  });

  it('drops the session and the encoder opened with a revoked credential, and only that one', async () => {
    const encoder = await goLive('tom');
    expect(await rig.moduleRef.get(LiveSessions).revoke('token-of-someone-else')).toEqual({
      kicked: false,
      userId: null,
    });
    expect(encoder.running).toBe(true);

    const started = Date.now();
    expect(await rig.moduleRef.get(LiveSessions).revoke('token-of-tom')).toEqual({ kicked: true, userId: 'tom' });
    const took = await droppedWithin(encoder, 3_000);
    console.log(`revoked DJ off the harbor ${Date.now() - started - took} + ${took} ms after the revoke`);
    expect(await rig.moduleRef.get(SessionStore).current()).toBeNull();
    expect(await rig.data.get(REDIS_KEYS.slot)).toBeNull();
    // Revocation refuses the credential (the gateway's job), not the DJ: no kick flag.
    expect(await rig.data.exists(REDIS_KEYS.kicked('tom'))).toBe(0);

    // A grant not yet connected is withdrawn too.
    await rig.moduleRef.get(Authorizer).authorize(claims('uma', 600));
    expect(await rig.moduleRef.get(LiveSessions).revoke('token-of-uma')).toEqual({ kicked: true, userId: 'uma' });
    expect(await rig.data.get(REDIS_KEYS.pending)).toBeNull();
  });
  it('drops the source of a session whose record was lost, and stops enforcing that session', async () => {
    const encoder = await goLive('vic');
    const session = await rig.moduleRef.get(SessionStore).current();
    if (!session) throw new Error('no session');
    expect(rig.moduleRef.get(SessionEnforcer).cutoffOf(session.id)).not.toBeNull();
    await rig.data.del(REDIS_KEYS.session, REDIS_KEYS.slot);
    await droppedWithin(encoder, TEST_TIMINGS.renewEveryMs + 1_500);
    // Its cut-off timer would otherwise kick whoever is on air at that moment.
    await eventually(
      'the lost session no longer enforced',
      () => rig.moduleRef.get(SessionEnforcer).cutoffOf(session.id) === null,
      TEST_TIMINGS.renewEveryMs + 1_500,
    );
  });
});
