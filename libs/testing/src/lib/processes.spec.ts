import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort, listensOn } from './processes';

describe('ports for test servers', () => {
  it('hands out a port once, with a claim other test processes see', async () => {
    const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
    expect(new Set(ports).size).toBe(20);
    for (const port of ports) expect(existsSync(join(tmpdir(), 'h4k-port-claims', String(port)))).toBe(true);
  });

  it('hands out ports below the ephemeral range, which outgoing connections take their local ports from', async () => {
    const [ephemeralLow] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(10_000);
      expect(port).toBeLessThan(Number(ephemeralLow));
    }
  });

  it('tells whether a process holds the listening socket of a port', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      expect(listensOn(process.pid, port)).toBe(true);
      // Another process (pid 1) does not hold it; nobody listens on a port just handed out.
      expect(listensOn(1, port)).toBe(false);
      expect(listensOn(process.pid, await freePort())).toBe(false);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
