import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { eventually } from '@h4k/testing';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';

import { reportNowPlaying, SpecRig } from '../testing/spec-rig.e2e';
import type { NowPlaying } from './now-playing.dto';

/** Caddy serves this file as GET /api/now-playing: it must say what the route says, and keep counting. */
describe('now-playing file for Caddy (NOW_PLAYING_FILE)', () => {
  const rig = new SpecRig();
  let app: INestApplication;
  let dir: string;
  let file: string;

  const read = (): NowPlaying | undefined => {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as NowPlaying;
    } catch {
      return undefined;
    }
  };
  const report = (body: object) => reportNowPlaying(app, body);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'h4k-now-playing-'));
    rig.onClose(() => rmSync(dir, { recursive: true, force: true }));
    file = join(dir, 'now-playing.json');
    app = await rig.gateway({ env: { NOW_PLAYING_FILE: file } });
  }, 30_000);

  it('is written at start, and on every change with what GET /now-playing answers', async () => {
    await eventually('the file at start', () => read() !== undefined, 5000);
    await report({ tier: 'live', title: 'Night shift', artist: 'DJ Ada' });
    await eventually('the change in the file', () => read()?.title === 'Night shift', 2000);
    const route = (await request(app.getHttpServer()).get('/now-playing').expect(200)).body as NowPlaying;
    expect({ ...read(), elapsedSeconds: 0 }).toEqual({ ...route, elapsedSeconds: 0 });
    // renamed into place: no temp file is left behind
    expect(readdirSync(dir)).toEqual(['now-playing.json']);
  });

  it('keeps elapsedSeconds counting between changes', async () => {
    await report({ tier: 'user', title: 'Counting', artist: null, age: 5 });
    await eventually('the new song', () => read()?.title === 'Counting', 2000);
    const first = read()?.elapsedSeconds ?? 0;
    expect(first).toBeGreaterThanOrEqual(5);
    await eventually('a later second', () => (read()?.elapsedSeconds ?? 0) >= first + 1, 3000);
  });
});
