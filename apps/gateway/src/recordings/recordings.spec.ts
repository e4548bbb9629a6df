import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { eventually, tempDir } from '@h4k/testing';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';

import { SpecRig } from '../testing/spec-rig.e2e';
import { TEST_TOKENS } from '../testing/test-gateway';
import type { RecordingList } from './recordings.dto';
import { loadRecordingsSettings, RECORDINGS_SETTINGS } from './recordings.settings';

jest.setTimeout(30_000);

const ADMIN = { Authorization: `Bearer ${TEST_TOKENS.admin}` };
const ALICE = '20261130T054206Z_dj-alice';
const BOB = '20261130T060000Z_dj.bob';

/** `seconds` of a tone as Ogg/Opus, as Liquidsoap writes recordings (48 kHz stereo). */
function opusFile(path: string, seconds: number): void {
  execFileSync('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi'],
    ...['-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`],
    ...['-ac', '2', '-c:a', 'libopus', '-b:a', '64k', path],
  ]);
}

function dayStamp(daysAgo: number): string {
  return new Date(Date.now() - daysAgo * 86_400_000)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

describe('admin recordings (real files, real Redis)', () => {
  const rig = new SpecRig();
  let gateway: INestApplication;
  let dataDir: string;
  let dir: string;
  const old = `${dayStamp(40)}_dj-old`;

  beforeAll(async () => {
    dataDir = tempDir('recordings');
    dir = join(dataDir, 'recordings');
    mkdirSync(join(dir, '.partial'), { recursive: true });
    opusFile(join(dir, `${ALICE}.opus`), 3);
    writeFileSync(join(dir, `${ALICE}.json`), JSON.stringify({ dj: 'dj-alice', show: 'Morning Show' }));
    // no sidecar: the DJ comes from the name, the show is unknown
    opusFile(join(dir, `${BOB}.opus`), 1);
    opusFile(join(dir, `${old}.opus`), 1);
    // neither is a recording: a set still being written, and a stray file
    opusFile(join(dir, '.partial', `${dayStamp(0)}_dj-live.opus`), 1);
    writeFileSync(join(dir, 'notes.opus'), 'not a recording');
    writeFileSync(join(dataDir, 'secrets.env'), 'ADMIN_API_TOKEN=do-not-leak\n');
    gateway = await rig.gateway({
      env: { H4K_DATA_DIR: dataDir },
      values: [[RECORDINGS_SETTINGS, loadRecordingsSettings({ RECORDINGS_RETENTION_DAYS: '30' })]],
    });
  }, 60_000);

  it('refuses callers without the admin token', async () => {
    await request(gateway.getHttpServer()).get('/admin/recordings').expect(401);
    await request(gateway.getHttpServer()).get(`/admin/recordings/${ALICE}/file`).expect(401);
    await request(gateway.getHttpServer()).delete(`/admin/recordings/${ALICE}`).expect(401);
  });

  it('lists recordings newest first with DJ, show, start, duration and size; deletes expired ones at start', async () => {
    // The start-up sweep runs beside the first requests (a slow disk must not hold the gateway's start).
    await eventually('the expired recording swept', () => !existsSync(join(dir, `${old}.opus`)), 10_000);
    const { body } = await request(gateway.getHttpServer()).get('/admin/recordings').set(ADMIN).expect(200);
    const list = body as RecordingList;
    expect(list.recordings.map((recording) => recording.id)).toEqual([BOB, ALICE]);
    const alice = list.recordings[1];
    expect(alice).toMatchObject({ dj: 'dj-alice', show: 'Morning Show', startedAt: '2026-11-30T05:42:06.000Z' });
    expect(alice?.sizeBytes).toBe(statSync(join(dir, `${ALICE}.opus`)).size);
    expect(alice?.durationSeconds).toBeCloseTo(3, 1);
    expect(list.recordings[0]).toMatchObject({ dj: 'dj.bob', show: null });
    expect(list.recording).toBe('on');
    expect(list.retentionDays).toBe(30);
    expect(existsSync(join(dir, `${old}.opus`))).toBe(false);
  });

  it('serves the file whole and by byte ranges', async () => {
    const size = statSync(join(dir, `${ALICE}.opus`)).size;
    const whole = await request(gateway.getHttpServer()).get(`/admin/recordings/${ALICE}/file`).set(ADMIN).expect(200);
    expect(whole.headers['content-type']).toBe('audio/ogg');
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(whole.headers['content-disposition']).toBe(`attachment; filename="${ALICE}.opus"`);
    expect(Number(whole.headers['content-length'])).toBe(size);
    const part = await request(gateway.getHttpServer())
      .get(`/admin/recordings/${ALICE}/file`)
      .set({ ...ADMIN, Range: 'bytes=0-3' })
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(206);
    expect(part.headers['content-range']).toBe(`bytes 0-3/${size}`);
    expect((part.body as Buffer).toString('latin1')).toBe('OggS');
    await request(gateway.getHttpServer())
      .get(`/admin/recordings/${ALICE}/file`)
      .set({ ...ADMIN, Range: `bytes=${size + 10}-` })
      .expect(416);
  });

  it.each([
    ['..%2F..%2Fsecrets.env', 400],
    ['..%2Fsecrets', 400],
    [`${ALICE}%2F..%2F..%2Fsecrets.env`, 400],
    ['%2e%2e%2f%2e%2e%2fsecrets.env', 400],
    ['20261130T054206Z_..%2F..%2Fsecrets', 400],
    ['20261130T054206Z_%00', 400],
    ['notes', 400],
    [`${ALICE}.opus`, 404],
    ['20261130T054206Z_nobody', 404],
  ])('refuses the id %s with %i and a JSON reason, and leaks no file', async (id, status) => {
    for (const call of [
      request(gateway.getHttpServer()).get(`/admin/recordings/${id}/file`),
      request(gateway.getHttpServer()).delete(`/admin/recordings/${id}`),
    ]) {
      const response = await call.set(ADMIN).expect(status);
      expect(response.headers['content-type']).toMatch(/application\/json/);
      expect(JSON.stringify(response.body)).not.toContain('do-not-leak');
      expect(response.body).toMatchObject({ statusCode: status });
    }
    expect(existsSync(join(dataDir, 'secrets.env'))).toBe(true);
  });

  it('deletes a recording and its details', async () => {
    await request(gateway.getHttpServer()).delete(`/admin/recordings/${BOB}`).set(ADMIN).expect(200, { removed: true });
    expect(existsSync(join(dir, `${BOB}.opus`))).toBe(false);
    await request(gateway.getHttpServer()).delete(`/admin/recordings/${BOB}`).set(ADMIN).expect(404);
    await request(gateway.getHttpServer()).get(`/admin/recordings/${BOB}/file`).set(ADMIN).expect(404);
    const { body } = await request(gateway.getHttpServer()).get('/admin/recordings').set(ADMIN).expect(200);
    expect((body as RecordingList).recordings.map((recording) => recording.id)).toEqual([ALICE]);
  });
});

describe('recording paused for want of disk space', () => {
  const rig = new SpecRig();
  let gateway: INestApplication;

  beforeAll(async () => {
    const dataDir = tempDir('recordings-full');
    mkdirSync(join(dataDir, 'recordings'));
    gateway = await rig.gateway({
      env: { H4K_DATA_DIR: dataDir },
      // more free space than any disk here has: as if the disk were full
      values: [[RECORDINGS_SETTINGS, loadRecordingsSettings({ RECORDINGS_MIN_FREE_MB: '999999999' })]],
    });
  }, 60_000);

  it('says so on /health and in the list', async () => {
    const health = await request(gateway.getHttpServer()).get('/health').set(ADMIN);
    expect(health.body.details.recordings).toMatchObject({ status: 'down', min_free_mb: 999999999 });
    expect(health.body.details.recordings.detail).toMatch(/^paused: \d+ MB free/);
    const { body } = await request(gateway.getHttpServer()).get('/admin/recordings').set(ADMIN).expect(200);
    expect((body as RecordingList).recording).toBe('paused');
  });
});

describe('recordings settings', () => {
  it('are checked once, every bad one named', () => {
    expect(() => loadRecordingsSettings({ RECORDINGS: 'yes', RECORDINGS_RETENTION_DAYS: '0' })).toThrow(
      /RECORDINGS: must be true or false[\s\S]*RECORDINGS_RETENTION_DAYS/,
    );
    expect(loadRecordingsSettings({})).toEqual({
      RECORDINGS: true,
      RECORDINGS_RETENTION_DAYS: 30,
      RECORDINGS_MIN_FREE_MB: 1024,
    });
  });
});
