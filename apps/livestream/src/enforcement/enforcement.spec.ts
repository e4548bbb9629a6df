import { setTimeout as sleep } from 'node:timers/promises';

import { eventually } from '@h4k/testing';
import { Logger } from '@nestjs/common';

import { LiveSource } from '../liquidsoap/live-source';
import { LiveOverview } from '../overview/live-overview';
import { REDIS_KEYS } from '../redis/keys';
import { LiveSessions } from '../session/live-sessions';
import { SessionStore } from '../session/session.store';
import { Authorizer } from '../slot/authorizer';
import {
  bootLivestream,
  claims,
  HarborRig,
  NO_HEADERS,
  refusalOf,
  setUsedMs,
  TEST_TIMINGS,
  usedMs,
} from '../testing/livestream-rig.e2e';
import { SessionEnforcer } from './session-enforcer';

/** Enforcement against a real Liquidsoap harbor with a real ffmpeg encoder on it. */
describe('enforcement against a real Liquidsoap', () => {
  const rig = HarborRig.forSuite();

  /**
   * As on the station: authorize, the encoder connects, then the connect callback. A DJ who has `leftMs`
   * of a 60 s allowance; returns when the encoder connected and the scheduled cut-off.
   */
  const goLive = async (
    userId: string,
    leftMs: number,
  ): Promise<{ connectedAt: number; recordedAt: number; cutoff: number }> => {
    await setUsedMs(rig.data, userId, 60_000 - leftMs);
    await rig.moduleRef.get(Authorizer).authorize(claims(userId, 60));
    rig.encoders.push(await rig.liquidsoap.connectEncoder());
    const connectedAt = Date.now();
    await rig.moduleRef.get(LiveSessions).connect(NO_HEADERS);
    const recordedAt = Date.now();
    const session = await rig.moduleRef.get(SessionStore).current();
    const cutoff = session && rig.moduleRef.get(SessionEnforcer).cutoffOf(session.id);
    if (!cutoff) throw new Error('no cut-off scheduled');
    return { connectedAt, recordedAt, cutoff };
  };

  it('drops the encoder at the exact moment the time runs out, and refuses the next authorize', async () => {
    // The allowance left, counted from the connect callback (a loaded box may take a while to answer it).
    const { connectedAt, recordedAt, cutoff } = await goLive('cleo', 3_000);
    expect(cutoff).toBeGreaterThanOrEqual(connectedAt + 3_000);
    expect(cutoff).toBeLessThanOrEqual(recordedAt + 3_000);

    // Not early: still on air half a second before the limit.
    await sleep(cutoff - 500 - Date.now());
    expect(await rig.liquidsoap.sourceConnected()).toBe(true);

    let goneAt = 0;
    while (Date.now() < cutoff + 5_000) {
      if (!(await rig.liquidsoap.sourceConnected())) {
        goneAt = Date.now();
        break;
      }
      await sleep(20);
    }
    const lateness = goneAt - cutoff;
    console.log(`kick lateness: ${lateness} ms after the scheduled cut-off (poll every 20 ms)`);
    expect(goneAt).toBeGreaterThan(0);
    expect(lateness).toBeLessThan(1_500);

    // Refused at once (no time left), and once the kick is on record (it is written after the source is
    // gone), refused as kicked until an admin resets them.
    const refusal = () => refusalOf(rig.moduleRef.get(Authorizer).authorize(claims('cleo', 60)));
    expect(await refusal()).toEqual(expect.objectContaining({ code: 'FORBIDDEN' }));
    await eventually(
      'the kick on record',
      async () =>
        ((await refusal()) as { message?: string }).message ===
        'kicked off the air: refused until an admin resets this DJ',
      5_000,
    );
    // The kick ends the session itself: no disconnect callback comes in this test.
    await eventually(
      'the kick closed the session and freed the slot',
      async () =>
        (await rig.moduleRef.get(SessionStore).current()) === null && (await rig.data.get(REDIS_KEYS.slot)) === null,
      1_000,
    );
    const closedBy = Date.now();
    // A lease renewal racing the end of the session must not bring the slot back.
    await sleep(2 * TEST_TIMINGS.renewEveryMs);
    expect(await rig.data.get(REDIS_KEYS.slot)).toBeNull();
    // Charged the whole allowance and up to the end of the session, nothing after it (the renewals above).
    const charged = await usedMs(rig.data, 'cleo');
    expect(charged).toBeGreaterThanOrEqual(60_000);
    expect(charged).toBeLessThanOrEqual(60_000 + (closedBy - cutoff));
  }, 20_000);

  it('ignores a late disconnect while a DJ is on air, and notices a lost one through the lease check', async () => {
    await rig.moduleRef.get(Authorizer).authorize(claims('kai', 60));
    const encoder = await rig.liquidsoap.connectEncoder();
    rig.encoders.push(encoder);
    const live = await rig.moduleRef.get(LiveSessions).connect(NO_HEADERS);
    const startedAt = Date.parse(live.since ?? '');

    // A callback from an earlier connection: Liquidsoap still has a source, so the session stays.
    expect(await rig.moduleRef.get(LiveSessions).disconnect()).toEqual({ userId: null, streamedSeconds: 0 });
    await expect(rig.moduleRef.get(SessionStore).current()).resolves.toMatchObject({ userId: 'kai' });

    // The encoder leaves and its disconnect callback never arrives.
    await encoder.stop();
    const leftAt = Date.now();
    await eventually(
      'the lease check ended the session and freed the slot',
      async () =>
        (await rig.moduleRef.get(SessionStore).current()) === null && (await rig.data.get(REDIS_KEYS.slot)) === null,
      TEST_TIMINGS.renewEveryMs + 2_000,
    );
    const charged = await usedMs(rig.data, 'kai');
    expect(charged).toBeGreaterThanOrEqual(leftAt - startedAt - 100);
    expect(charged).toBeLessThanOrEqual(Date.now() - startedAt);
    await expect(rig.moduleRef.get(Authorizer).authorize(claims('lea', 60))).resolves.toMatchObject({ userId: 'lea' });
    // An admin kick also withdraws a grant whose encoder has not connected yet.
    expect(await rig.moduleRef.get(LiveSessions).kick()).toEqual({ kicked: true, userId: 'lea' });
    expect(await rig.data.get(REDIS_KEYS.slot)).toBeNull();
  }, 20_000);

  it('keeps retrying the kick while Liquidsoap is down, keeps counting, and kicks once it is back', async () => {
    // Lease checks would also end the session once Liquidsoap answers again; keep them out of the way
    // so that only the retried kick can end it.
    const retrying = await bootLivestream(rig.redis.port, rig.liquidsoap.telnetPort, {
      ...TEST_TIMINGS,
      renewEveryMs: 60_000,
    });
    await rig.liquidsoap.stop();
    const stop = jest.spyOn(retrying.get(LiveSource), 'stop');
    const errors = jest.spyOn(Logger.prototype, 'error');
    const warnings = jest.spyOn(Logger.prototype, 'warn');
    try {
      await setUsedMs(rig.data, 'dino', 59_000);
      await retrying.get(Authorizer).authorize(claims('dino', 60));
      await retrying.get(LiveSessions).connect(NO_HEADERS);
      const cutoff = Date.now() + 1_000;
      await sleep(cutoff + 4 * TEST_TIMINGS.kickRetryMs + 200 - Date.now());

      expect(stop.mock.calls.length).toBeGreaterThanOrEqual(4);
      const kickErrors = errors.mock.calls.filter(([message]) => /^kick of dino failed/.test(String(message)));
      expect(kickErrors.length).toBeGreaterThanOrEqual(4);
      expect(String(kickErrors[0]?.[0])).toMatch(/ECONNREFUSED/);
      // Time keeps counting past the allowance while the DJ may still be on air.
      const dino = (await retrying.get(LiveOverview).users()).find((user) => user.userId === 'dino');
      expect(dino?.usedSeconds).toBeGreaterThanOrEqual(61);
      expect(dino?.remainingSeconds).toBe(0);
      await expect(retrying.get(SessionStore).current()).resolves.toMatchObject({ userId: 'dino' });

      await rig.liquidsoap.restart();
      await eventually(
        'the retried kick went through',
        async () => (await retrying.get(SessionStore).current()) === null,
        5_000,
      );
      expect(warnings.mock.calls.some(([message]) => /^kicked dino at attempt \d+/.test(String(message)))).toBe(true);
      const attempts = stop.mock.calls.length;
      await sleep(2 * TEST_TIMINGS.kickRetryMs);
      expect(stop.mock.calls.length).toBe(attempts);
      // Charged up to the kick that worked, not to the allowance.
      expect(await usedMs(rig.data, 'dino')).toBeGreaterThan(62_000);
    } finally {
      stop.mockRestore();
      errors.mockRestore();
      warnings.mockRestore();
      await retrying.close();
    }
  }, 30_000);
});
