import { resolve } from 'node:path';

import { loadQueueEnv } from '@h4k/config';
import { freePort, liquidsoapCommand, type OwnedProcess, startLiquidsoapScript } from '@h4k/testing';

import { Handovers } from './handovers';

const handoversOn = (telnetPort: number) =>
  new Handovers(
    loadQueueEnv({
      ADMIN_API_TOKEN: 'unit-admin-token-0123456789',
      LIQUIDSOAP_TOKEN: 'unit-liquidsoap-token-0123456789',
      JWT_SECRET: 'unit-jwt-secret-0123456789',
      LIQUIDSOAP_TELNET_PORT: String(telnetPort),
    }),
  );

/**
 * The station's radio.liq itself (real Liquidsoap) answering `h4k.release` and `h4k.cue`. Its MPD tiers have no
 * MPD here, so nothing is on air but noise: a release is answered at once and changes no audio (the
 * crossfade itself is measured on the whole station, apps/station-e2e handover spec).
 */
describe('announced handovers against radio.liq', () => {
  let liquidsoap: OwnedProcess;
  let telnetPort: number;

  beforeAll(async () => {
    telnetPort = await freePort();
    liquidsoap = await startLiquidsoapScript(resolve(__dirname, '../../../../liquidsoap/radio.liq'), telnetPort, {
      LIQUIDSOAP_TELNET_PORT: String(telnetPort),
      HARBOR_BIND: '127.0.0.1',
      // Nothing listens on these: the MPD tiers stay off and Icecast is retried in the background.
      ...Object.fromEntries(
        await Promise.all(
          ['HARBOR_PORT', 'ICECAST_PORT', 'MPD_USER_HTTP_PORT', 'MPD_FALLBACK_HTTP_PORT'].map(
            async (name) => [name, String(await freePort())] as const,
          ),
        ),
      ),
      GATEWAY_URL: `http://127.0.0.1:${await freePort()}`,
      ICECAST_SOURCE_PASSWORD: 'unused',
      LIQUIDSOAP_TOKEN: 'unused',
    });
  }, 90_000);

  afterAll(async () => {
    await liquidsoap?.stop();
  });

  it('answers whether the released tier was on air, and refuses an unknown tier', async () => {
    expect(await liquidsoapCommand(telnetPort, 'h4k.release user')).toMatch(/^released: was not on air/);
    expect(await liquidsoapCommand(telnetPort, 'h4k.release fallback')).toMatch(/^released: was not on air/);
    expect(await liquidsoapCommand(telnetPort, 'h4k.release jukebox')).toMatch(/^ERROR: usage h4k.release/);
  });

  it('lets the MPD change follow at once when the tier was not on air', async () => {
    const started = Date.now();
    await handoversOn(telnetPort).release('fallback');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(liquidsoap.log).toMatch(/h4k.release: off air \(was not on air\)/);
  });

  it('does not hold the MPD change back when Liquidsoap is unreachable (the level gate is the safety net)', async () => {
    const started = Date.now();
    await expect(handoversOn(await freePort()).release('user')).resolves.toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('cues a start only on a connected stream: with no MPD here, nothing changes', async () => {
    expect(await handoversOn(telnetPort).cue('user')).toBe('not connected');
    expect(await liquidsoapCommand(telnetPort, 'h4k.cue fallback')).toMatch(/^not connected/);
    expect(await liquidsoapCommand(telnetPort, 'h4k.cue jukebox')).toMatch(/^ERROR: usage h4k.cue/);
    expect(liquidsoap.log).toMatch(/h4k.cue: not connected yet/);
  });

  it('starts the song anyway when Liquidsoap is unreachable (the level gate puts it on air)', async () => {
    expect(await handoversOn(await freePort()).cue('user')).toBe('no answer');
  });
});
