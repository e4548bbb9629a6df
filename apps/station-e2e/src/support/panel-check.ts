/**
 * Browser checks of the panel (playwright-core + Debian chromium, never a downloaded browser).
 *
 * `openPanelBrowser()` starts Chromium with the flags that work here and collects page errors and
 * Content-Security-Policy refusals; `checkPanel(baseUrl)` is the whole-stack smoke test of the
 * listener page. Set `H4K_SCREENSHOT` to a .png path to keep its full-page screenshot.
 */
import { type Browser, chromium, type Page } from 'playwright-core';

const CHROMIUM = process.env['H4K_CHROMIUM'] ?? '/usr/bin/chromium';
const TIMEOUT_MS = 15_000;
const TIER_LABELS = { live: 'LIVE', user: 'QUEUE', fallback: 'FALLBACK', noise: 'OFF AIR' } as const;

interface NowPlaying {
  tier: keyof typeof TIER_LABELS;
  title: string | null;
  since: string;
}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`checkPanel: ${message}`);
}

/** Normalises whitespace of an element's text. */
export function squash(text: string | null): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

export interface PanelBrowser {
  readonly browser: Browser;
  /** Uncaught errors and CSP refusals seen on every page opened with `newPage`. */
  readonly errors: string[];
  /** API answers of 400 and above, for the message of a failed check. */
  readonly refusedApiCalls: string[];
  newPage(width?: number, height?: number): Promise<Page>;
  close(): Promise<void>;
}

export async function openPanelBrowser(): Promise<PanelBrowser> {
  const browser = await chromium.launch({
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
  const errors: string[] = [];
  const refusedApiCalls: string[] = [];
  return {
    browser,
    errors,
    refusedApiCalls,
    async newPage(width = 1280, height = 800) {
      const page = await browser.newPage({ viewport: { width, height } });
      page.setDefaultTimeout(TIMEOUT_MS);
      page.on('pageerror', (err) => errors.push(err.message));
      // The panel must work under Caddy's Content-Security-Policy: a refused script or style shows here.
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) errors.push(message.text());
      });
      page.on('response', (response) => {
        const url = new URL(response.url());
        if (url.pathname.startsWith('/api/') && response.status() >= 400) {
          refusedApiCalls.push(`${response.status()} ${response.request().method()} ${url.pathname}`);
        }
      });
      return page;
    },
    close: () => browser.close(),
  };
}

/** The listener page shows what the API says is on air, has the player, and loads its fonts and styles. */
export async function checkPanel(baseUrl: string): Promise<void> {
  const panel = await openPanelBrowser();
  try {
    const page = await panel.newPage();
    await page.goto(new URL('/', baseUrl).href, { waitUntil: 'load' });

    const stationName = page.locator('mat-toolbar [data-testid="station-name"]');
    await stationName.waitFor({ state: 'visible' });
    check(
      squash(await stationName.textContent()) === 'h4kstream',
      `toolbar title is "${squash(await stationName.textContent())}"`,
    );

    const card = page.locator('[data-testid="now-playing"]');
    const badge = card.locator('[data-testid="tier"]');
    await badge.waitFor({ state: 'visible' });
    // Pushed over SSE: compare with what the API answers now (a track may change in between: retry once).
    let shown = '';
    let nowPlaying: NowPlaying | undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await fetch(new URL('/api/now-playing', baseUrl));
      check(response.ok, `GET /api/now-playing answered ${response.status}`);
      nowPlaying = (await response.json()) as NowPlaying;
      shown = squash(await badge.textContent());
      if (shown === TIER_LABELS[nowPlaying.tier]) break;
      await page.waitForTimeout(1000);
    }
    check(
      nowPlaying && shown === TIER_LABELS[nowPlaying.tier],
      `tier badge shows "${shown}", the API said "${nowPlaying?.tier}"`,
    );
    if (nowPlaying.title !== null && nowPlaying.tier !== 'live') {
      const title = squash(await card.locator('[data-testid="title"]').textContent());
      check(title === nowPlaying.title, `title shows "${title}", the API said "${nowPlaying.title}"`);
    }
    check((await page.locator('audio[data-testid="stream-audio"]').count()) === 1, 'no stream player on the page');
    check((await page.locator('h1').count()) === 1, 'the page has no single h1');

    const fontsLoaded = await page.evaluate(async () => {
      await document.fonts.ready;
      const loaded: string[] = [];
      document.fonts.forEach((f) => {
        if (f.status === 'loaded') loaded.push(f.family.replace(/["']/g, ''));
      });
      return loaded;
    });
    check(fontsLoaded.includes('Roboto'), `font Roboto did not load (loaded: ${fontsLoaded.join(', ')})`);
    const iconsDrawn = await page.evaluate(() =>
      Array.from(document.querySelectorAll('mat-icon')).every((icon) => icon.querySelector('svg') !== null),
    );
    check(iconsDrawn, 'an icon has no SVG');

    const screenshot = process.env['H4K_SCREENSHOT'];
    if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });

    const unappliedSheets = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]'))
        .filter((link) => link.media === 'print' || !link.sheet)
        .map((link) => link.href),
    );
    check(unappliedSheets.length === 0, `stylesheets not applied: ${unappliedSheets.join(', ')}`);
    check(panel.errors.length === 0, `uncaught errors in the page: ${panel.errors.join(' | ')}`);
  } finally {
    await panel.close();
  }
}
