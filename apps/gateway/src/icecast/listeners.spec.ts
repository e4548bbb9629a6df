import { createServer, type Server } from 'node:http';

import { freePort } from '@h4k/testing';

import { stationListeners } from './listeners';

/** A status page as Icecast 2.4 writes it: one source is an object, several an array. */
async function statusPage(sources: { mount: string; listeners: number }[]): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    if (req.url !== '/status-json.xsl') return void res.writeHead(404).end();
    const list = sources.map(({ mount, listeners }) => ({ listenurl: `http://radio.example:8000${mount}`, listeners }));
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ icestats: { source: list.length === 1 ? list[0] : list } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { server, port: typeof address === 'object' && address ? address.port : 0 };
}

describe('stationListeners', () => {
  const servers: Server[] = [];
  const page = async (sources: { mount: string; listeners: number }[]) => {
    const { server, port } = await statusPage(sources);
    servers.push(server);
    return port;
  };
  afterAll(() => servers.forEach((server) => server.close()));

  it("adds the station's streams and its relays', less each relay's pulls from the station", async () => {
    // The relay pulls /radio and /radio.mp3: one listener each here.
    const master = await page([
      { mount: '/radio', listeners: 10 },
      { mount: '/radio.mp3', listeners: 4 },
      { mount: '/something-else', listeners: 9 },
    ]);
    const relay = await page([
      { mount: '/radio', listeners: 100 },
      { mount: '/radio.mp3', listeners: 50 },
    ]);
    const oneStreamRelay = await page([{ mount: '/radio', listeners: 7 }]);
    const silentRelay = await freePort();
    const env = {
      ICECAST_HOST: '127.0.0.1',
      ICECAST_PORT: master,
      RELAY_STATUS_URLS: [
        `http://127.0.0.1:${relay}/status-json.xsl`,
        `http://127.0.0.1:${oneStreamRelay}/status-json.xsl`,
        `http://127.0.0.1:${silentRelay}/status-json.xsl`,
      ],
    };
    expect(await stationListeners(env, 1000)).toBe(10 + 4 + (150 - 2) + (7 - 1));
    expect(await stationListeners({ ...env, RELAY_STATUS_URLS: [] }, 1000)).toBe(14);
  });

  it('fails when the station Icecast does not answer (the dashboard shows unknown, not 0)', async () => {
    const env = { ICECAST_HOST: '127.0.0.1', ICECAST_PORT: await freePort(), RELAY_STATUS_URLS: [] };
    await expect(stationListeners(env, 1000)).rejects.toThrow();
  });
});
