import {
  ConfigError,
  gatewayUrl,
  loadDownloaderEnv,
  loadGatewayEnv,
  loadLivestreamEnv,
  loadQueueEnv,
  loadStationEnv,
  ytdlpBuildPath,
} from './station-env';

const secrets = {
  ADMIN_API_TOKEN: 'admin-token-0123456789',
  LIQUIDSOAP_TOKEN: 'liquidsoap-token-0123456789',
  JWT_SECRET: 'jwt-secret-0123456789abcdef',
};

describe('loadStationEnv', () => {
  it('applies the design defaults', () => {
    const env = loadStationEnv(secrets);
    expect(env.GATEWAY_PORT).toBe(8383);
    expect(env.HARBOR_PORT).toBe(8003);
    expect(env.ICECAST_PORT).toBe(8005);
    expect(env.LIQUIDSOAP_TELNET_PORT).toBe(1234);
    expect(env.MPD_USER_PORT).toBe(6600);
    expect(env.MPD_FALLBACK_HTTP_PORT).toBe(8002);
    expect(gatewayUrl(env)).toBe('http://127.0.0.1:8383');
  });

  it('publishes the harbor where the operator says, else leaves the host to the page', () => {
    const unset = loadStationEnv({ HARBOR_PUBLIC_HOST: '', HARBOR_PUBLIC_PORT: '' });
    expect([unset.HARBOR_PUBLIC_HOST, unset.HARBOR_PUBLIC_PORT]).toEqual([undefined, undefined]);
    const set = loadStationEnv({ HARBOR_PUBLIC_HOST: ' DJ.Example.org ', HARBOR_PUBLIC_PORT: '18003' });
    expect([set.HARBOR_PUBLIC_HOST, set.HARBOR_PUBLIC_PORT]).toEqual(['dj.example.org', 18003]);
    expect(() => loadStationEnv({ HARBOR_PUBLIC_HOST: 'dj example' })).toThrow(/HARBOR_PUBLIC_HOST/);
    expect(() => loadStationEnv({ HARBOR_PUBLIC_PORT: '70000' })).toThrow(/HARBOR_PUBLIC_PORT/);
  });

  it('takes a silent DJ off air after LIVE_SILENCE_SECONDS (default 10, at least 1)', () => {
    expect(loadStationEnv({}).LIVE_SILENCE_SECONDS).toBe(10);
    expect(loadStationEnv({ LIVE_SILENCE_SECONDS: '2.5' }).LIVE_SILENCE_SECONDS).toBe(2.5);
    expect(() => loadStationEnv({ LIVE_SILENCE_SECONDS: '0' })).toThrow(/LIVE_SILENCE_SECONDS/);
    expect(() => loadStationEnv({ LIVE_SILENCE_SECONDS: 'ten' })).toThrow(/LIVE_SILENCE_SECONDS/);
  });

  it('limits listeners per stream with MAX_LISTENERS and reads relays from RELAY_STATUS_URLS', () => {
    expect(loadStationEnv({}).MAX_LISTENERS).toBe(1000);
    expect(loadStationEnv({ MAX_LISTENERS: '2500' }).MAX_LISTENERS).toBe(2500);
    expect(() => loadStationEnv({ MAX_LISTENERS: '0' })).toThrow(/MAX_LISTENERS/);
    expect(() => loadStationEnv({ MAX_LISTENERS: 'many' })).toThrow(/MAX_LISTENERS/);
    expect(loadStationEnv({}).RELAY_STATUS_URLS).toEqual([]);
    expect(
      loadStationEnv({ RELAY_STATUS_URLS: ' http://a:8105/status-json.xsl,,http://b:8105/status-json.xsl ' })
        .RELAY_STATUS_URLS,
    ).toEqual(['http://a:8105/status-json.xsl', 'http://b:8105/status-json.xsl']);
    expect(() => loadStationEnv({ RELAY_STATUS_URLS: 'relay-a:8105' })).toThrow(/RELAY_STATUS_URLS/);
  });

  it('splits a comma-separated admin token list', () => {
    const env = loadGatewayEnv({
      ...secrets,
      ADMIN_API_TOKEN: ' first-admin-token-abc , second-admin-token-xyz,',
    });
    expect(env.ADMIN_API_TOKEN).toEqual(['first-admin-token-abc', 'second-admin-token-xyz']);
  });

  it('starts a service without the gateway secrets, and never hands it one it was given', () => {
    const env = loadStationEnv({ REDIS_PASSWORD: 'redis-password-0123456789', ...secrets });
    expect(env.REDIS_PASSWORD).toBe('redis-password-0123456789');
    expect(Object.keys(env)).not.toEqual(expect.arrayContaining(['ADMIN_API_TOKEN']));
    expect('JWT_SECRET' in env || 'LIQUIDSOAP_TOKEN' in env).toBe(false);
    expect(() => loadStationEnv({})).not.toThrow();
    expect(() => loadGatewayEnv({})).toThrow(ConfigError);
  });

  it('lists every bad variable in one error', () => {
    let error: unknown;
    try {
      loadGatewayEnv({
        ...secrets,
        JWT_SECRET: 'short',
        GATEWAY_PORT: '99999',
        ADMIN_API_TOKEN: undefined,
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/JWT_SECRET/);
    expect(problems).toMatch(/GATEWAY_PORT/);
    expect(problems).toMatch(/ADMIN_API_TOKEN/);
  });

  it('keeps yt-dlp current from the official releases unless pinned or turned off', () => {
    const env = loadStationEnv({ H4K_DATA_DIR: '/srv/h4k' });
    expect(env.YTDLP_PATH).toBeUndefined();
    expect(env.YTDLP_AUTO_UPDATE).toBe(true);
    expect(env.YTDLP_UPDATE_URL).toBe('https://github.com/yt-dlp/yt-dlp/releases/latest/download');
    expect(ytdlpBuildPath(env)).toBe('/srv/h4k/bin/yt-dlp');
    const pinned = loadStationEnv({
      YTDLP_PATH: '/opt/yt-dlp',
      YTDLP_AUTO_UPDATE: 'false',
      YTDLP_UPDATE_URL: 'http://mirror.lan/yt-dlp/',
    });
    expect([pinned.YTDLP_PATH, pinned.YTDLP_AUTO_UPDATE, pinned.YTDLP_UPDATE_URL]).toEqual([
      '/opt/yt-dlp',
      false,
      'http://mirror.lan/yt-dlp',
    ]);
  });

  it('refuses an update switch or URL it cannot read', () => {
    expect(() => loadStationEnv({ YTDLP_AUTO_UPDATE: 'no', YTDLP_UPDATE_URL: 'ftp://mirror.lan/x' })).toThrow(
      /YTDLP_AUTO_UPDATE: must be true or false[\s\S]*YTDLP_UPDATE_URL: must be an http\(s\) URL/,
    );
  });
});

describe('one schema per service', () => {
  const all = {
    ...secrets,
    REDIS_PASSWORD: 'redis-password-0123456789',
    MPD_USER_PORT: '7600',
    YTDLP_PATH: '/opt/yt-dlp',
    LIQUIDSOAP_TELNET_PORT: '2234',
    RATE_LIMIT_PER_MINUTE: '5',
  };

  it('gives each service only its own settings, and the token secrets to the gateway alone', () => {
    const queue = loadQueueEnv(all);
    const livestream = loadLivestreamEnv(all);
    const downloader = loadDownloaderEnv(all);
    const gateway = loadGatewayEnv(all);
    expect(queue.MPD_USER_PORT).toBe(7600);
    expect(livestream.LIQUIDSOAP_TELNET_PORT).toBe(2234);
    expect(downloader.YTDLP_PATH).toBe('/opt/yt-dlp');
    expect(gateway.RATE_LIMIT_PER_MINUTE).toBe(5);
    for (const env of [queue, livestream, downloader]) {
      expect(Object.keys(env)).not.toEqual(expect.arrayContaining(['JWT_SECRET']));
      expect(Object.keys(env).filter((name) => /TOKEN|SECRET/.test(name))).toEqual([]);
      expect(env.REDIS_PASSWORD).toBe('redis-password-0123456789');
    }
    expect('YTDLP_PATH' in queue || 'MPD_USER_PORT' in downloader || 'RATE_LIMIT_PER_MINUTE' in livestream).toBe(false);
    expect('MPD_USER_PORT' in gateway || 'YTDLP_PATH' in gateway).toBe(false);
    expect(gateway.JWT_SECRET).toBe(secrets.JWT_SECRET);
  });

  it("ignores a bad setting that is another service's", () => {
    expect(() => loadLivestreamEnv({ YTDLP_UPDATE_URL: 'ftp://x', MPD_USER_PORT: 'x' })).not.toThrow();
    expect(() => loadQueueEnv({ MPD_USER_PORT: 'x' })).toThrow(/MPD_USER_PORT/);
    expect(() => loadDownloaderEnv({ YTDLP_UPDATE_URL: 'ftp://x' })).toThrow(/YTDLP_UPDATE_URL/);
  });
});
