import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { DOWNLOAD_QUEUE } from '@h4k/contracts';
import { eventually, freePort, type OwnedProcess, startProcess, tempDir } from '@h4k/testing';
import { type NodeService, startBareServices, startBuiltService } from '@h4k/testing/station';
import Redis from 'ioredis';
import request from 'supertest';

/**
 * A managed Redis (issue #15): the four built services reach a redis-server that speaks only TLS,
 * requires a password and is used at database 3, given nothing but REDIS_URL (REDIS_PORT points
 * where nothing listens). The certificate is self-signed: NODE_EXTRA_CA_CERTS makes Node trust it.
 */
describe('REDIS_URL: TLS, password and database', () => {
  const password = 'redis-url-password-0123456789';
  const admin = 'redis-url-admin-token-0123456789';
  let redis: OwnedProcess;
  let tlsPort: number;
  let certFile: string;
  let gatewayPort: number;
  let services: Map<NodeService, OwnedProcess> | undefined;

  beforeAll(async () => {
    const dir = tempDir('redis-url');
    certFile = join(dir, 'cert.pem');
    const keyFile = join(dir, 'key.pem');
    execFileSync(
      'openssl',
      [
        ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1'],
        ...['-keyout', keyFile, '-out', certFile, '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
      ],
      { stdio: 'ignore' },
    );
    tlsPort = await freePort();
    redis = startProcess('redis-server', [
      ...['--port', '0', '--tls-port', String(tlsPort), '--bind', '127.0.0.1'],
      ...['--tls-cert-file', certFile, '--tls-key-file', keyFile, '--tls-auth-clients', 'no'],
      ...['--requirepass', password, '--dir', dir, '--save', '', '--appendonly', 'no'],
    ]);
    await eventually(`TLS redis on ${tlsPort}`, () => redis.log.includes('Ready to accept connections'), 10_000);

    ({ gatewayPort, services } = await startBareServices('redis-url', {
      REDIS_URL: `rediss://:${password}@127.0.0.1:${tlsPort}/3`,
      REDIS_PORT: String(await freePort()),
      NODE_EXTRA_CA_CERTS: certFile,
    }));
  }, 60_000);

  afterAll(async () => {
    await Promise.all([...(services?.values() ?? [])].map((service) => service.stop()));
    await redis?.stop();
  });

  it('every service answers over the Redis transport, and the gateway reads its state there', async () => {
    await eventually(
      'redis and the three services up through the gateway',
      async () => {
        const response = await request(`http://127.0.0.1:${gatewayPort}`)
          .get('/health')
          .set('Authorization', `Bearer ${admin}`);
        const details = (response.body as { details?: Record<string, { status: string }> }).details ?? {};
        return ['redis', 'queue', 'downloader', 'livestream'].every((name) => details[name]?.status === 'up');
      },
      30_000,
    );
  }, 40_000);

  it('every connection authenticated and selected database 3 (transport, state clients, BullMQ)', async () => {
    const client = new Redis({ host: '127.0.0.1', port: tlsPort, password, tls: { ca: readFileSync(certFile) } });
    try {
      await client.client('SETNAME', 'redis-url-spec');
      const connections = String(await client.client('LIST'))
        .trim()
        .split('\n')
        .filter((line) => !line.includes('name=redis-url-spec'));
      // gateway: transport pub + sub, its state client, BullMQ; each service: transport pub + sub, its own clients
      expect(connections.length).toBeGreaterThanOrEqual(10);
      expect(connections.filter((line) => !/ db=3 /.test(line))).toEqual([]);
      await client.select(3);
      // The downloaders' BullMQ worker keeps its queue's keys there.
      expect(await client.keys(`bull:${DOWNLOAD_QUEUE}:*`)).not.toEqual([]);
    } finally {
      client.disconnect();
    }
  });

  it('refuses a REDIS_URL it cannot read, naming the variable', async () => {
    const service = startBuiltService('livestream', { REDIS_URL: 'redis://127.0.0.1:6379/cache' });
    await eventually('the livestream service exits', () => !service.running, 10_000);
    expect(service.log).toMatch(/REDIS_URL: must be redis:\/\/\[user:password@\]host\[:port\]\[\/db\] or rediss:\/\//);
    expect(service.child.exitCode).not.toBe(0);
  });
});
