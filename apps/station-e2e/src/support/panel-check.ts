/**
 * Browser smoke test of the admin panel (playwright-core + Debian chromium).
 *
 * A plain module, not a test file: the whole-stack e2e test calls
 * `checkPanel(baseUrl)` against a running panel whose `/api/now-playing`
 * answers. It throws on the first failed check. Set `H4K_SCREENSHOT` to a
 * .png path to keep a full-page screenshot.
 */
import { chromium, type Browser, type Response } from 'playwright-core';

const CHROMIUM = process.env['H4K_CHROMIUM'] ?? '/usr/bin/chromium';
const TIMEOUT_MS = 15_000;
const TIERS = ['live', 'user', 'fallback', 'noise'] as const;

interface NowPlaying {
  tier: (typeof TIERS)[number];
  title: string | null;
  artist: string | null;
  submitter: string | null;
  since: string;
}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`checkPanel: ${message}`);
}

/** Normalises whitespace of an element's text. */
function squash(text: string | null): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

export async function checkPanel(baseUrl: string): Promise<void> {
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const page = await browser.newPage({
      viewport: { width: 1280, height: 800 },
    });
    page.setDefaultTimeout(TIMEOUT_MS);
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    // The panel must work under Caddy's Content-Security-Policy: a refused script or style shows here.
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) pageErrors.push(message.text());
    });

    // The card must show what the API said, so capture the panel's own call.
    const apiAnswer: Promise<Response> = page.waitForResponse(
      (r) => new URL(r.url()).pathname === '/api/now-playing' && r.request().method() === 'GET',
    );
    await page.goto(new URL('/', baseUrl).href, { waitUntil: 'load' });

    const response = await apiAnswer;
    check(response.ok(), `GET /api/now-playing answered ${response.status()} ${response.statusText()}`);
    const nowPlaying = (await response.json()) as NowPlaying;
    check(TIERS.includes(nowPlaying.tier), `unexpected tier from the API: ${JSON.stringify(nowPlaying.tier)}`);

    const stationName = page.locator('mat-toolbar [data-testid="station-name"]');
    await stationName.waitFor({ state: 'visible' });
    check(
      squash(await stationName.textContent()) === 'h4kstream',
      `toolbar title is "${squash(await stationName.textContent())}"`,
    );

    const card = page.locator('[data-testid="now-playing"]');
    await card.waitFor({ state: 'visible' });
    const chip = card.locator('[data-testid="tier"]');
    await chip.waitFor({ state: 'visible' });
    const chipText = squash(await chip.textContent());
    check(chipText.endsWith(nowPlaying.tier), `tier chip shows "${chipText}", the API said "${nowPlaying.tier}"`);
    if (nowPlaying.title !== null) {
      const title = squash(await card.locator('[data-testid="title"]').textContent());
      check(title === nowPlaying.title, `title shows "${title}", the API said "${nowPlaying.title}"`);
    }

    const player = page.locator('audio[controls]');
    check((await player.getAttribute('src')) === '/radio', 'the Listen card has no <audio controls src="/radio">');

    // Fonts come from the bundle (no CDN): icons must not render as ligature text.
    const fontsLoaded = await page.evaluate(async () => {
      await document.fonts.ready;
      const loaded: string[] = [];
      document.fonts.forEach((f) => {
        if (f.status === 'loaded') loaded.push(f.family.replace(/["']/g, ''));
      });
      return loaded;
    });
    for (const family of ['Material Symbols Outlined', 'Roboto']) {
      check(fontsLoaded.includes(family), `font "${family}" did not load (loaded: ${fontsLoaded.join(', ')})`);
    }

    const screenshot = process.env['H4K_SCREENSHOT'];
    if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });

    const unappliedSheets = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]'))
        .filter((link) => link.media === 'print' || !link.sheet)
        .map((link) => link.href),
    );
    check(unappliedSheets.length === 0, `stylesheets not applied: ${unappliedSheets.join(', ')}`);
    check(pageErrors.length === 0, `uncaught errors in the page: ${pageErrors.join(' | ')}`);
  } finally {
    await browser.close();
  }
}
