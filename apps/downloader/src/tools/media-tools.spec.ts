import { loadStationEnv } from '@h4k/config';
import { MediaTools } from './media-tools';

const secrets = {
  ADMIN_API_TOKEN: 'unit-admin-token-0123456789',
  LIQUIDSOAP_TOKEN: 'unit-liquidsoap-token-0123456789',
  JWT_SECRET: 'unit-jwt-secret-0123456789',
};

describe('MediaTools', () => {
  it('reports the installed yt-dlp, ffmpeg and ffprobe with their versions', async () => {
    const health = await new MediaTools(loadStationEnv(secrets)).probeAll();
    expect(health.map((tool) => [tool.name, tool.up])).toEqual([
      ['yt-dlp', true],
      ['ffmpeg', true],
      ['ffprobe', true],
    ]);
    expect(health[1]?.detail).toMatch(/^ffmpeg version/);
  });

  it('reports a missing binary down with its path', async () => {
    const health = await new MediaTools(loadStationEnv({ ...secrets, YTDLP_PATH: '/nonexistent/yt-dlp' })).probeAll();
    expect(health[0]).toEqual(
      expect.objectContaining({
        name: 'yt-dlp',
        up: false,
        detail: expect.stringMatching(/nonexistent/),
      }),
    );
  });
});
