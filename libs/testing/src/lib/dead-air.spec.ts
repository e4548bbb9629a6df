import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';

import { DeadAirDetector } from './dead-air';
import { tempDir } from './processes';

/** 2 s tone, 1 s of digital silence, 2 s tone, as Ogg/Opus: what /radio would carry. */
function toneSilenceTone(dir: string): Buffer {
  const file = join(dir, 'tone-silence-tone.ogg');
  execFileSync('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-y'],
    ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=2'],
    ...['-f', 'lavfi', '-i', 'anullsrc=sample_rate=48000:channel_layout=mono:duration=1'],
    ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=2'],
    ...['-filter_complex', '[0][1][2]concat=n=3:v=0:a=1', '-c:a', 'libopus', '-b:a', '64k', file],
  ]);
  return readFileSync(file);
}

describe('DeadAirDetector', () => {
  let dir: string;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    dir = tempDir('dead-air');
    const stream = toneSilenceTone(dir);
    // The bytes arrive in two halves 1.6 s apart, then the server ends the stream.
    server = createServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'audio/ogg' });
      response.write(stream.subarray(0, Math.floor(stream.length / 2)));
      setTimeout(() => response.end(stream.subarray(Math.floor(stream.length / 2))), 1600);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (typeof address !== 'object' || !address) throw new Error('no address');
    url = `http://127.0.0.1:${address.port}/radio`;
  });

  afterAll(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports digital silence as silence, the byte gap and the end, each with the tier on air', async () => {
    const detector = new DeadAirDetector(url, { tierOnAir: () => 'fallback' });
    await detector.waitForAudio(4800, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const events = detector.stop();

    const silences = events.filter((event) => event.kind === 'silence');
    expect(silences).toHaveLength(1);
    expect(silences[0]?.seconds).toBeGreaterThanOrEqual(0.8);
    expect(silences[0]?.seconds).toBeLessThanOrEqual(1.2);
    expect(silences[0]?.tier).toBe('fallback');
    // The silent windows decode to −∞ dB and are counted, not skipped.
    expect(detector.windows.some((window) => window.rmsDb <= -120)).toBe(true);

    const gaps = events.filter((event) => event.kind === 'no-bytes');
    expect(gaps).toHaveLength(1);
    expect(gaps[0]?.seconds).toBeGreaterThanOrEqual(1.5);
    expect(events.filter((event) => event.kind === 'ended')).toHaveLength(1);
  }, 20_000);
});
