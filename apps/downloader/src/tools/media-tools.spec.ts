import { loadDownloaderEnv } from '@h4k/config';
import { tempDir } from '@h4k/testing';

import { YtdlpBinaries } from '../fetch/ytdlp-binary';
import { MediaTools } from './media-tools';

const secrets = {
  ADMIN_API_TOKEN: 'unit-admin-token-0123456789',
  LIQUIDSOAP_TOKEN: 'unit-liquidsoap-token-0123456789',
  JWT_SECRET: 'unit-jwt-secret-0123456789',
};

function mediaTools(settings: Record<string, string> = {}): MediaTools {
  const env = loadDownloaderEnv({ ...secrets, H4K_DATA_DIR: tempDir('media-tools'), ...settings });
  return new MediaTools(env, new YtdlpBinaries(env));
}

describe('MediaTools', () => {
  it('reports the installed yt-dlp, ffmpeg and ffprobe with their versions, and where yt-dlp came from', async () => {
    const health = await mediaTools().probeAll();
    expect(health.map((tool) => [tool.name, tool.up])).toEqual([
      ['yt-dlp', true],
      ['ffmpeg', true],
      ['ffprobe', true],
    ]);
    expect(health[0]?.detail).toMatch(/^\d{4}\.\d{2}\.\d{2}\S* \(Debian package, \/usr\/bin\/yt-dlp\)$/);
    expect(health[1]?.detail).toMatch(/^ffmpeg version/);
  });

  it('reports a missing binary down with its path', async () => {
    const health = await mediaTools({ YTDLP_PATH: '/nonexistent/yt-dlp' }).probeAll();
    expect(health[0]).toEqual(
      expect.objectContaining({
        name: 'yt-dlp',
        up: false,
        detail: expect.stringMatching(/^pinned by YTDLP_PATH, \/nonexistent\/yt-dlp: .*ENOENT/),
      }),
    );
  });
});
