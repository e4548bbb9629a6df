import { freePort } from '@h4k/testing';

import { testEnv, TestLiquidsoap } from '../testing/livestream-rig.e2e';
import { LiquidsoapTelnet } from './liquidsoap-telnet';

/** A real Liquidsoap with a harbor named "live", like the station's, talking telnet. */
describe('LiquidsoapTelnet against a real Liquidsoap', () => {
  let liquidsoap: TestLiquidsoap;
  let telnet: LiquidsoapTelnet;

  beforeAll(async () => {
    liquidsoap = await TestLiquidsoap.start();
    telnet = liquidsoap.telnet;
  }, 40_000);

  afterAll(() => liquidsoap?.stop());

  it('returns a command answer without the END line', async () => {
    expect(await telnet.command('live.status')).toBe('no source client connected');
    expect(await telnet.command('uptime')).toMatch(/^\d+d \d\dh \d\dm \d\ds$/);
  });

  it('keeps answers in order under concurrent commands', async () => {
    const answers = await Promise.all([
      telnet.command('live.status'),
      telnet.command('uptime'),
      telnet.command('live.status'),
    ]);
    expect(answers[0]).toBe('no source client connected');
    expect(answers[1]).toMatch(/^\d+d/);
    expect(answers[2]).toBe('no source client connected');
  });

  it('refuses a multi-line command (no telnet injection)', async () => {
    await expect(telnet.command('live.status\nlive.stop')).rejects.toThrow(/one line/);
  });

  it('fails fast when Liquidsoap is not there', async () => {
    const nowhere = new LiquidsoapTelnet(testEnv(6379, await freePort()));
    await expect(nowhere.command('uptime', 1000)).rejects.toThrow(/ECONNREFUSED/);
  });
});
