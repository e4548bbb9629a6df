import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { tempDir } from '@h4k/testing';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';

import { SpecRig } from '../testing/spec-rig.e2e';
import { TEST_TOKENS } from '../testing/test-gateway';

const ADMIN = `Bearer ${TEST_TOKENS.admin}`;

function freeMb(path: string): number {
  const stats = statfsSync(path);
  return Math.floor((stats.bavail * stats.bsize) / (1024 * 1024));
}

/**
 * A full disk, forced by asking for more free space than the disk has (no mount needed): every route
 * that stores a song answers 507 before reading the body, and /health says which dir and how much.
 */
describe('a nearly full disk refuses new songs (507) instead of failing on them', () => {
  const rig = new SpecRig();
  let full: INestApplication;
  let roomy: INestApplication;
  let dataDir: string;
  let margin = 0;

  beforeAll(async () => {
    dataDir = tempDir('disk');
    rig.onClose(() => rmSync(dataDir, { recursive: true, force: true }));
    mkdirSync(join(dataDir, 'music'));
    margin = freeMb(dataDir) + 10_000;
    full = await rig.gateway({
      env: { H4K_DATA_DIR: dataDir, MIN_FREE_DISK_MB: String(margin), RPC_TIMEOUT_MS: '300' },
    });
    roomy = await rig.gateway({ env: { H4K_DATA_DIR: dataDir, MIN_FREE_DISK_MB: '0', RPC_TIMEOUT_MS: '300' } });
  }, 30_000);

  const listenerToken = async (app: INestApplication): Promise<string> => {
    const minted = await request(app.getHttpServer())
      .post('/admin/token')
      .set('Authorization', ADMIN)
      .send({ duration_seconds: 3600 })
      .expect(201);
    return (minted.body as { token: string }).token;
  };

  const insufficient = () => ({
    statusCode: 507,
    error: 'Insufficient Storage',
    message: expect.stringMatching(
      new RegExp(`^the station's disk is nearly full \\(music dir: \\d+ MB free, temp dir: \\d+ MB free; ${margin} MB`),
    ),
  });

  it('answers 507 with a JSON reason to a listener link and a listener upload, keeping nothing', async () => {
    const token = await listenerToken(full);
    const link = await request(full.getHttpServer())
      .post('/queue/add')
      .set('Authorization', `Bearer ${token}`)
      .send({ url: 'https://example.org/song' })
      .expect(507);
    expect(link.body).toEqual(insufficient());
    const upload = await request(full.getHttpServer())
      .post('/queue/add')
      .set('Authorization', `Bearer ${token}`)
      .attach('file', Buffer.alloc(256 * 1024, 1), 'song.ogg')
      .expect(507);
    expect(upload.body).toEqual(insufficient());
    expect(readdirSync(dataDir)).not.toContain('tmp');
  });

  it('answers 507 to the admin routes that store songs: library upload and queue add', async () => {
    const library = await request(full.getHttpServer())
      .post('/admin/library')
      .set('Authorization', ADMIN)
      .attach('file', Buffer.alloc(64 * 1024, 1), 'song.flac')
      .expect(507);
    expect(library.body).toEqual(insufficient());
    await request(full.getHttpServer())
      .post('/admin/queue/add')
      .set('Authorization', ADMIN)
      .send({ url: 'https://example.org/song' })
      .expect(507);
  });

  it('still checks the token first: a stranger learns nothing about the disk', async () => {
    const refused = await request(full.getHttpServer()).post('/queue/add').send({ url: 'https://x.org/a' });
    expect(refused.status).toBe(401);
  });

  it('/health says the disk is down (degraded), and with the admin token which dir and how many MB are free', async () => {
    const admin = await request(full.getHttpServer()).get('/health').set('Authorization', ADMIN).expect(503);
    const disk = (admin.body as { details: Record<string, Record<string, unknown>> }).details['disk'];
    expect(disk).toEqual({
      status: 'down',
      detail: expect.stringMatching(
        /^degraded: music dir \d+ MB free, temp dir \d+ MB free \(< \d+ MB\): new songs refused$/,
      ),
      free_mb: { music: expect.any(Number), temp: expect.any(Number) },
      min_free_mb: margin,
    });
    const music = (disk?.['free_mb'] as { music: number }).music;
    expect(Math.abs(music - freeMb(join(dataDir, 'music')))).toBeLessThan(100);
    const anyone = await request(full.getHttpServer()).get('/health').expect(503);
    expect((anyone.body as { details: Record<string, unknown> }).details['disk']).toEqual({ status: 'down' });
  }, 30_000);

  it('takes songs again with room to spare: the same requests get past the disk check', async () => {
    const token = await listenerToken(roomy);
    const link = await request(roomy.getHttpServer())
      .post('/queue/add')
      .set('Authorization', `Bearer ${token}`)
      .send({ url: 'https://example.org/song' });
    // No queue or downloader service runs here: the request gets as far as asking them.
    expect(link.status).toBe(504);
    const health = await request(roomy.getHttpServer()).get('/health').set('Authorization', ADMIN);
    expect((health.body as { details: Record<string, { status: string }> }).details['disk']?.status).toBe('up');
  }, 30_000);
});

/** Mounting a tmpfs needs root (and a kernel that lets this container mount): CI and the dev box have both. */
function mountTmpfs(dir: string, sizeMb: number): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'h4k-test', dir], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/** Whether this machine lets a test mount one (tried once, unmounted at once: the suite mounts its own). */
function canMountTmpfs(): boolean {
  const probe = tempDir('tmpfs-probe');
  const mounted = mountTmpfs(probe, 1);
  if (mounted) execFileSync('umount', [probe]);
  rmSync(probe, { recursive: true, force: true });
  return mounted;
}

(canMountTmpfs() ? describe : describe.skip)('on a real 64 MB filesystem that fills up (tmpfs)', () => {
  let dataDir: string;
  const rig = new SpecRig();
  let gateway: INestApplication;
  let token: string;

  beforeAll(async () => {
    dataDir = tempDir('tmpfs');
    if (!mountTmpfs(dataDir, 64)) throw new Error(`could not mount a tmpfs on ${dataDir}`);
    rig.onClose(() => {
      execFileSync('umount', [dataDir]);
      rmSync(dataDir, { recursive: true, force: true });
    });
    mkdirSync(join(dataDir, 'music'));
    gateway = await rig.gateway({ env: { H4K_DATA_DIR: dataDir, MIN_FREE_DISK_MB: '32', RPC_TIMEOUT_MS: '300' } });
    const minted = await request(gateway.getHttpServer())
      .post('/admin/token')
      .set('Authorization', ADMIN)
      .send({ duration_seconds: 3600 })
      .expect(201);
    token = (minted.body as { token: string }).token;
  }, 30_000);

  const submit = () =>
    request(gateway.getHttpServer())
      .post('/queue/add')
      .set('Authorization', `Bearer ${token}`)
      .send({ url: 'https://example.org/song' });
  const diskHealth = async () =>
    (
      (await request(gateway.getHttpServer()).get('/health').set('Authorization', ADMIN)).body as {
        details: Record<string, { status: string; free_mb?: { music: number } }>;
      }
    ).details['disk'];

  it('takes songs, refuses them once the music dir passes the margin, and takes them again once space is freed', async () => {
    expect((await submit()).status).toBe(504);
    expect(await diskHealth()).toEqual(expect.objectContaining({ status: 'up', free_mb: { music: 64, temp: 64 } }));

    writeFileSync(join(dataDir, 'music', 'big.flac'), Buffer.alloc(40 * 1024 * 1024, 1));
    const refused = await submit();
    expect(refused.status).toBe(507);
    expect(refused.body.message).toMatch(/music dir: 24 MB free, temp dir: 24 MB free; 32 MB are kept free/);
    expect(await diskHealth()).toEqual(expect.objectContaining({ status: 'down', free_mb: { music: 24, temp: 24 } }));

    rmSync(join(dataDir, 'music', 'big.flac'));
    expect((await submit()).status).toBe(504);
    expect((await diskHealth())?.status).toBe('up');
  }, 30_000);
});
