import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { eventually, startToneEncoder } from '@h4k/testing';
import { Listener } from '@h4k/testing/station';
import type { Page } from 'playwright-core';

import { openPanelBrowser, type PanelBrowser, squash } from './support/panel-check';
import { sharedStation } from './support/shared-station';

/** Where the screenshots are kept (look at them: the checks below cannot see a layout). */
const SCREENSHOTS = process.env['H4K_SCREENSHOT_DIR'] ?? resolve(__dirname, '../../../dist/screenshots/panel');
const ADMIN_TOKEN_KEY = 'h4kstream.adminToken';

/** Every console error of the page (a refused request, an uncaught error, a CSP refusal…). */
function consoleErrorsOf(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return errors;
}

describe('the panel in Chromium: listener, DJ and admin pages, and every page on a phone', () => {
  const station = sharedStation();
  let panel: PanelBrowser;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    panel = await openPanelBrowser();
  });

  afterAll(async () => {
    await panel?.close();
  });

  afterEach(() => {
    expect(panel.errors).toEqual([]);
  });

  const adminPost = async <T>(path: string, body: unknown): Promise<T> => {
    const response = await fetch(station.url(`/api${path}`), {
      method: 'POST',
      headers: { Authorization: `Bearer ${station.adminToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status !== 201) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };

  /** The row of my song whose name contains `name`. */
  const mySong = (page: Page, name: string) => page.locator('[data-testid="my-song"]', { hasText: name });

  it('a listener opens their link, sends a link and a file, follows them, and deletes one', async () => {
    const listener = await Listener.mint(station, { max_queue_songs: 3 });
    const page = await panel.newPage();
    const opened = Date.now();
    await page.goto(station.url(`/?token=${encodeURIComponent(listener.token)}`));
    await page.locator('[data-testid="now-playing"] [data-testid="tier"]').waitFor({ state: 'visible' });
    const nowPlayingMs = Date.now() - opened;
    process.stdout.write(`now playing visible ${nowPlayingMs} ms after navigation\n`);
    expect(nowPlayingMs).toBeLessThan(5000);
    // Bytes over the wire for the first load (the stream and event streams left out: they never end).
    const firstLoadBytes = await page.evaluate(() =>
      [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
        .filter((entry) => !/\/radio|\/events/.test(entry.name))
        .reduce((total, entry) => total + (entry as PerformanceResourceTiming).transferSize, 0),
    );
    process.stdout.write(`first load of / transferred ${Math.round(firstLoadBytes / 1024)} KiB\n`);
    // The 4 MB icon font must not come back, and Caddy compresses JavaScript (served as text/javascript).
    expect(firstLoadBytes).toBeLessThan(600 * 1024);

    // The token is kept in this browser and dropped from the address bar.
    await eventually('the token dropped from the address bar', () => new URL(page.url()).search === '');
    expect(await page.evaluate(() => localStorage.getItem('h4kstream.listenerToken'))).toBe(listener.token);
    await page.locator('[data-testid="free-slots"]').waitFor();
    expect(squash(await page.locator('[data-testid="free-slots"]').textContent())).toBe('3 of 3 slots free');

    const link = station.mediaLink('tone-770.ogg');
    await page.locator('[data-testid="song-link"]').fill(link);
    await page.locator('[data-testid="send-song"]').click();
    const linked = mySong(page, 'tone-770');
    await linked.waitFor();
    await eventually(
      'the link queued',
      async () => ['queued', 'playing', 'played'].includes((await linked.getAttribute('data-status')) ?? ''),
      60_000,
    );
    process.stdout.write(`link: ${squash(await linked.locator('[data-testid="song-status"]').textContent())}\n`);

    // A file, chosen like a listener would (the drop zone's picker), then taken back at once.
    await page.locator('[data-testid="drop-zone"] input[type="file"]').setInputFiles(station.mediaFile('tone-990.ogg'));
    await page.locator('[data-testid="send-song"]').click();
    const uploaded = mySong(page, 'tone-990.ogg');
    await uploaded.waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'listener-songs-1280.png'), fullPage: true });
    const uploadedId = await uploaded.getAttribute('data-song-id');
    // Followed by its id: its name changes to its title tag once ingested (the row stays).
    const uploadedRow = page.locator(`[data-testid="my-song"][data-song-id="${uploadedId}"]`);
    await uploadedRow.locator('[data-testid="delete-song"]').click();
    await uploadedRow.waitFor({ state: 'detached', timeout: 15_000 });
    const mine = await listener.mine();
    expect(uploadedId).toBeTruthy();
    expect(mine.songs.map((song) => song.id)).not.toContain(uploadedId);
    await page.close();
  });

  it('the player plays the stream and plays again by itself after Caddy, then Icecast, is killed', async () => {
    const page = await panel.newPage();
    await page.goto(station.url('/'));
    await page.locator('[data-testid="play-toggle"]').click();
    const audio = page.locator('audio[data-testid="stream-audio"]');
    const position = () => audio.evaluate((element: HTMLAudioElement) => element.currentTime);
    const reconnects = async () => Number(await audio.getAttribute('data-reconnects'));
    await eventually('the stream playing', async () => (await position()) > 1, 20_000);

    /** Watches the position for `ms` from the cut: how long it stood still at most, and whether it moves at the end. */
    async function afterCut(what: string, ms: number): Promise<{ longestStill: number; movingAtEnd: boolean }> {
      const cut = Date.now();
      let last = await position();
      let lastMoved = Date.now();
      let longestStill = 0;
      while (Date.now() - cut < ms) {
        await page.waitForTimeout(250);
        const now = await position();
        if (now !== last) {
          last = now;
          lastMoved = Date.now();
        }
        longestStill = Math.max(longestStill, Date.now() - lastMoved);
      }
      const paused = await audio.evaluate((element: HTMLAudioElement) => element.paused);
      const result = { longestStill, movingAtEnd: !paused && Date.now() - lastMoved < 1000 };
      process.stdout.write(
        `${what}: ${await reconnects()} reconnect(s) so far, position still at most ${longestStill} ms, ` +
          `playing at the end: ${result.movingAtEnd}\n`,
      );
      return result;
    }

    // Caddy: Chromium's own range retry may carry the stream over the restart; either way it plays on.
    const caddy = station.pidOf('caddy');
    process.kill(caddy, 'SIGKILL');
    const caddyCut = await afterCut('Caddy killed', 12_000);
    expect(station.pidOf('caddy')).not.toBe(caddy);
    expect(caddyCut.movingAtEnd).toBe(true);
    expect(caddyCut.longestStill).toBeLessThan(8000);

    // Icecast: every listener connection ends; the player opens the stream again until it answers.
    const before = await reconnects();
    const icecast = station.pidOf('icecast');
    process.kill(icecast, 'SIGKILL');
    const icecastCut = await afterCut('Icecast killed', 20_000);
    expect(station.pidOf('icecast')).not.toBe(icecast);
    expect(await reconnects()).toBeGreaterThan(before);
    expect(icecastCut.movingAtEnd).toBe(true);
    await page.close();
  });

  it('a DJ opens their link and sees how to connect', async () => {
    const dj = await adminPost<{ token: string; key: string }>('/admin/livestream/token', {
      max_streaming_seconds: 1800,
      user_id: 'e2e-panel-dj',
      label: 'Panel show',
    });
    const page = await panel.newPage();
    await page.goto(station.url(`/dj?token=${encodeURIComponent(dj.token)}&key=${encodeURIComponent(dj.key)}`));
    const ffmpeg = page.locator('[data-testid="ffmpeg"] [data-testid="secret-value"]');
    await ffmpeg.waitFor();
    const command = squash(await ffmpeg.textContent());
    // The station's harbor port (the e2e station runs it on a free port), not Liquidsoap's default.
    expect(command).toContain(`:${station.ports.harbor}/live`);
    expect(squash(await page.locator('[data-testid="harbor-port"]').textContent())).toBe(String(station.ports.harbor));
    expect(command).toContain(`source:${dj.key}@`);
    expect(command).toContain("-ice_name 'Panel show'");
    expect(squash(await page.locator('[data-testid="dj-id"]').textContent())).toBe('e2e-panel-dj');
    expect(squash(await page.locator('[data-testid="dj-allowance"]').textContent())).toBe('30 min of streaming');
    // From GET /livestream/me with the DJ's own token.
    await page.locator('[data-testid="dj-remaining"]').waitFor();
    expect(squash(await page.locator('[data-testid="dj-used"]').textContent())).toBe('0 s');
    expect(squash(await page.locator('[data-testid="dj-remaining"]').textContent())).toBe('30 min');
    await eventually('the token dropped from the address bar', () => new URL(page.url()).search === '');
    await page.close();
  });

  it('while a DJ streams with ffmpeg, their page says they are on air and the dashboard shows every part up and the live DJ', async () => {
    const dj = await adminPost<{ token: string; key: string }>('/admin/livestream/token', {
      max_streaming_seconds: 1800,
      user_id: 'e2e-dashboard-dj',
      label: 'Dashboard show',
    });
    const encoder = startToneEncoder({
      harborPort: station.ports.harbor,
      password: dj.key,
      frequency: 660,
      show: { name: 'Night Shift (e2e)', description: 'Tones for the dashboard' },
    });
    try {
      await eventually(
        'the DJ on air',
        async () =>
          ((await (await fetch(station.url('/api/now-playing'))).json()) as { tier?: string }).tier === 'live',
        20_000,
      );

      const djPage = await panel.newPage();
      const djConsole = consoleErrorsOf(djPage);
      await djPage.goto(station.url(`/dj?token=${encodeURIComponent(dj.token)}&key=${encodeURIComponent(dj.key)}`));
      const slot = djPage.locator('[data-testid="live-slot"]');
      await eventually('the DJ page says they are on air', async () =>
        /^You are on air, since /.test(squash(await slot.textContent())),
      );
      await djPage.locator('[data-testid="dj-remaining"]', { hasText: 'cut off at' }).waitFor();
      await djPage.screenshot({ path: join(SCREENSHOTS, 'dj-on-air-1280.png'), fullPage: true });
      expect(djConsole).toEqual([]);
      await djPage.close();

      for (const width of [1280, 390]) {
        const page = await panel.newPage(width, 900);
        const pageConsole = consoleErrorsOf(page);
        await page.goto(station.url('/'));
        await page.evaluate(({ key, token }) => localStorage.setItem(key, token), {
          key: ADMIN_TOKEN_KEY,
          token: station.adminToken,
        });
        await page.goto(station.url('/admin'));
        await page.locator('[data-testid="health-summary"]').waitFor();
        const chips = await page
          .locator('[data-testid="health-part"]')
          .evaluateAll((parts) =>
            parts.map((part) => [part.getAttribute('data-part'), part.classList.contains('down')]),
          );
        // One chip a part /health reports, none down (the list grows as parts get probes).
        const health = (await (await fetch(station.url('/api/health'))).json()) as { details: object };
        expect(Object.keys(health.details)).toEqual(expect.arrayContaining(['redis', 'queue', 'icecast', 'on_air']));
        expect(chips).toEqual(Object.keys(health.details).map((part) => [part, false]));
        expect(squash(await page.locator('[data-testid="health-summary"]').textContent())).toBe('Every part is up.');
        // The admin token shows the details: the tier on air, and Icecast's /radio mount.
        expect(squash(await page.locator('[data-part="on_air"]').textContent())).toBe('On air up live');
        expect(squash(await page.locator('[data-part="icecast"]').textContent())).toContain('/radio on air');
        expect(squash(await page.locator('[data-testid="live-dj"]').textContent())).toBe('Night Shift (e2e)');
        expect(squash(await page.locator('[data-testid="now-playing"] [data-testid="tier"]').textContent())).toBe(
          'LIVE',
        );
        await eventually('listeners counted', async () =>
          /^\d+$/.test(squash(await page.locator('[data-testid="listeners"]').textContent())),
        );
        const players = await page.locator('[data-testid="player"]').allTextContents();
        expect(players.map(squash)).toEqual([
          expect.stringMatching(/^Listener queue Held while a DJ is live · \d+ songs?$/),
          expect.stringMatching(/^Fallback playlist (Playing|Paused|Stopped)/),
        ]);
        expect(squash(await page.locator('[data-testid="downloads-active"]').textContent())).toMatch(/^\d+$/);
        await page.waitForTimeout(300);
        const layout = await page.evaluate(() => ({
          scrollWidth: document.scrollingElement?.scrollWidth ?? 0,
          h1: document.querySelectorAll('h1').length,
        }));
        expect(layout).toEqual({ scrollWidth: width, h1: 1 });
        await page.screenshot({ path: join(SCREENSHOTS, `dashboard-live-${width}.png`), fullPage: true });
        expect(pageConsole).toEqual([]);
        await page.close();
      }
    } finally {
      await encoder.stop('SIGKILL');
    }
  });

  it('the tokens page lists a minted token, and revoking it there refuses it at once', async () => {
    const label = `Tokens page e2e ${Date.now()}`;
    const dj = await adminPost<{ token: string; jti: string }>('/admin/livestream/token', {
      max_streaming_seconds: 900,
      user_id: 'e2e-tokens-dj',
      label,
    });
    const me = () => fetch(station.url('/api/livestream/me'), { headers: { Authorization: `Bearer ${dj.token}` } });
    expect((await me()).status).toBe(200);

    const page = await panel.newPage();
    const pageConsole = consoleErrorsOf(page);
    await page.goto(station.url('/'));
    await page.evaluate(({ key, token }) => localStorage.setItem(key, token), {
      key: ADMIN_TOKEN_KEY,
      token: station.adminToken,
    });
    await page.goto(station.url('/admin/tokens'));
    const row = page.locator(`[data-testid="token-row"][data-jti="${dj.jti}"]`);
    await row.waitFor();
    expect(squash(await row.locator('[data-testid="token-label"]').textContent())).toBe(label);
    expect(squash(await row.locator('[data-testid="token-use"]').textContent())).toBe('not streamed yet');
    expect(squash(await row.locator('[data-testid="token-expiry"]').textContent())).not.toBe('');

    // A listener token minted here comes with the link to share.
    const listenerCard = page.locator('[data-testid="listener-token"]');
    await listenerCard.getByRole('button', { name: 'Mint token' }).click();
    const link = squash(
      await listenerCard.locator('[data-testid="listener-link"] [data-testid="secret-value"]').textContent(),
    );
    expect(link.startsWith(station.url('/?token='))).toBe(true);

    await row.getByRole('button', { name: /^Revoke/ }).click();
    await page.locator('[data-testid="confirm-ok"]').click();
    await row.locator('[data-testid="token-revoked"]').waitFor();
    expect(await row.getByRole('button', { name: /^Revoke/ }).count()).toBe(0);
    expect((await me()).status).toBe(401);
    await row.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'tokens-1280.png'), fullPage: true });
    // The one refused call is ours (GET /livestream/me after the revocation), not the page's.
    expect(pageConsole).toEqual([]);
    await page.close();
  });

  it.each([1280, 390])('every page at %i px has a heading and no sideways scroll', async (width) => {
    const dj = await adminPost<{ token: string; key: string }>('/admin/livestream/token', {
      max_streaming_seconds: 600,
      // No break opportunity in the id: the allowances table gets wider than a phone and must scroll inside its card.
      user_id: `e2e_layout_dj_with_a_long_id_${width}`,
    });
    // A DJ who streamed and was kicked: the allowances table on /live in its widest state (a row with the
    // "kicked" note and a Reset button), whatever ran before.
    const encoder = startToneEncoder({ harborPort: station.ports.harbor, password: dj.key, frequency: 1000 });
    try {
      await eventually(
        'the layout DJ on air',
        async () =>
          ((await (await fetch(station.url('/api/now-playing'))).json()) as { tier?: string }).tier === 'live',
        20_000,
      );
      const kick = await fetch(station.url('/api/admin/livestream/kick'), {
        method: 'POST',
        headers: { Authorization: `Bearer ${station.adminToken}` },
      });
      expect(kick.ok).toBe(true);
    } finally {
      await encoder.stop('SIGKILL');
    }
    // A webhook to a port where nothing listens: the webhooks page with a row and failed deliveries.
    const hook = await adminPost<{ id: string }>('/admin/webhooks', {
      url: `http://127.0.0.1:${station.ports.webhookReceiver}/layout-${width}`,
      events: ['song.changed', 'station.off_air'],
      format: 'discord',
    });
    const page = await panel.newPage(width, 844);
    await page.goto(station.url(`/dj?token=${encodeURIComponent(dj.token)}&key=${encodeURIComponent(dj.key)}`));
    await page.locator('[data-testid="encoder-settings"]').waitFor(); // the DJ token is kept by now
    await page.evaluate(({ key, token }) => localStorage.setItem(key, token), {
      key: ADMIN_TOKEN_KEY,
      token: station.adminToken,
    });
    for (const [path, ready] of [
      ['/', '[data-testid="now-playing"] [data-testid="tier"]'],
      ['/dj', '[data-testid="encoder-settings"]'],
      ['/admin', '[data-testid="health-part"]'],
      ['/admin/live', '[data-testid="dj-usage"] table'],
      // the layout DJ's set above, recorded: its row, then its player open
      ['/admin/recordings', '[data-testid="recording-row"]'],
      ['/admin/library', '[data-testid="song-row"]'],
      ['/admin/queue', '[data-testid="upcoming"]'],
      ['/admin/tokens', '[data-testid="token-row"]'],
      ['/admin/webhooks', '[data-testid="webhook-row"]'],
    ] as const) {
      await page.goto(station.url(path));
      await page
        .locator(ready)
        .first()
        .waitFor()
        .catch((error: unknown) => {
          throw new Error(`${path}: ${String(error)}; refused API calls: ${panel.refusedApiCalls.join(', ')}`);
        });
      if (path === '/admin/recordings') {
        await page.locator('[data-testid="recording-play"]').first().click();
        await page.locator('[data-testid="recording-audio"]').waitFor();
      }
      await page.waitForTimeout(300); // fonts and late layout
      const layout = await page.evaluate(() => ({
        scrollWidth: document.scrollingElement?.scrollWidth ?? 0,
        innerWidth: window.innerWidth,
        h1: Array.from(document.querySelectorAll('h1')).map((h) => h.textContent?.trim()),
      }));
      if (layout.scrollWidth > layout.innerWidth) {
        // Name what sticks out, for the failure message.
        const wide = await page.evaluate(() =>
          Array.from(document.querySelectorAll<HTMLElement>('body *'))
            .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 0.5)
            .slice(0, 8)
            .map(
              (element) =>
                `${element.tagName.toLowerCase()}.${element.className} →${Math.round(element.getBoundingClientRect().right)}`,
            ),
        );
        process.stdout.write(`${path} at ${width} px is ${layout.scrollWidth} px wide: ${wide.join(' | ')}\n`);
      }
      const name = path === '/' ? 'listen' : path.slice(1).replace(/\//g, '-');
      await page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
      expect({ path, ...layout, h1: layout.h1.length }).toEqual({
        path,
        scrollWidth: layout.innerWidth,
        innerWidth: layout.innerWidth,
        h1: 1,
      });
      if (path === '/admin/webhooks') {
        await page.locator('[data-testid="webhook-deliveries-toggle"]').first().click();
        await page.locator('[data-testid="webhook-deliveries"]').waitFor();
        await page.screenshot({ path: join(SCREENSHOTS, `admin-webhooks-deliveries-${width}.png`), fullPage: true });
      }
    }
    await page.close();
    await fetch(station.url(`/api/admin/webhooks/${hook.id}`), {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${station.adminToken}` },
    });
  });
});
