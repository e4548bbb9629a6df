import { loadLivestreamEnv } from '@h4k/config';
import { freePort, startProcess, tempDir, type OwnedProcess } from '@h4k/testing';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LiquidsoapTelnet } from './liquidsoap-telnet';

/** A real Liquidsoap with a harbor named "live", like the station's, talking telnet. */
describe('LiquidsoapTelnet against a real Liquidsoap', () => {
  let liquidsoap: OwnedProcess;
  let telnet: LiquidsoapTelnet;

  beforeAll(async () => {
    const port = await freePort();
    const harbor = await freePort();
    const script = join(tempDir('liq'), 'telnet.liq');
    writeFileSync(
      script,
      [
        'settings.init.allow_root.set(true)',
        'settings.server.telnet.set(true)',
        `settings.server.telnet.port.set(${port})`,
        'settings.server.telnet.bind_addr.set("127.0.0.1")',
        'settings.harbor.bind_addrs.set(["127.0.0.1"])',
        `live = input.harbor(id="live", port=${harbor}, "live")`,
        'output.dummy(fallback(track_sensitive=false, [live, blank()]))',
      ].join('\n'),
    );
    liquidsoap = startProcess('liquidsoap', [script]);
    telnet = new LiquidsoapTelnet(
      loadLivestreamEnv({
        ADMIN_API_TOKEN: 'unit-admin-token-0123456789',
        LIQUIDSOAP_TOKEN: 'unit-liquidsoap-token-0123456789',
        JWT_SECRET: 'unit-jwt-secret-0123456789',
        LIQUIDSOAP_TELNET_PORT: String(port),
      }),
    );
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await telnet.command('uptime');
        break;
      } catch {
        if (Date.now() > deadline || !liquidsoap.running)
          throw new Error(`liquidsoap did not start:\n${liquidsoap.log}`);
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    }
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
    const nowhere = new LiquidsoapTelnet(
      loadLivestreamEnv({
        ADMIN_API_TOKEN: 'unit-admin-token-0123456789',
        LIQUIDSOAP_TOKEN: 'unit-liquidsoap-token-0123456789',
        JWT_SECRET: 'unit-jwt-secret-0123456789',
        LIQUIDSOAP_TELNET_PORT: String(await freePort()),
      }),
    );
    await expect(nowhere.command('uptime', 1000)).rejects.toThrow(/ECONNREFUSED/);
  });
});
