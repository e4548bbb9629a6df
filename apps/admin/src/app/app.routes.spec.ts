import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Title } from '@angular/platform-browser';
import { Router, TitleStrategy, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { provideApiClient } from '@h4k/api-client';
import { appRoutes } from './app.routes';
import ComingSoonPage from './coming-soon/coming-soon-page';
import { PageTitleStrategy } from './core/page-title.strategy';
import NowPlayingPage from './now-playing/now-playing-page';

describe('appRoutes', () => {
  let harness: RouterTestingHarness;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter(appRoutes, withComponentInputBinding()),
        { provide: TitleStrategy, useClass: PageTitleStrategy },
        provideHttpClient(),
        provideHttpClientTesting(),
        provideApiClient('/api'),
      ],
    });
    harness = await RouterTestingHarness.create();
  });

  afterEach(() => {
    // The now-playing page polls; nothing here answers it.
    TestBed.inject(HttpTestingController).match(() => true);
  });

  it('lazy-loads every feature route', () => {
    for (const route of appRoutes.filter((r) => r.path !== '**')) {
      expect(route.loadComponent).toEqual(expect.any(Function));
      expect(route.component).toBeUndefined();
    }
  });

  it('shows now playing on /', async () => {
    const page = await harness.navigateByUrl('/', NowPlayingPage);
    expect(page).toBeInstanceOf(NowPlayingPage);
    expect(harness.routeNativeElement?.textContent).toContain('Now playing');
    expect(TestBed.inject(Title).getTitle()).toBe('Now playing · h4kstream');
  });

  it.each([
    ['/queue', 'Queue'],
    ['/library', 'Library'],
    ['/live', 'Live'],
  ])('shows a coming-soon card on %s', async (url, heading) => {
    await harness.navigateByUrl(url, ComingSoonPage);
    const card = harness.routeNativeElement?.querySelector('[data-testid="coming-soon"]');
    expect(card?.querySelector('mat-card-title')?.textContent).toBe(heading);
    expect(card?.textContent).toContain('Coming soon');
    expect(TestBed.inject(Title).getTitle()).toBe(`${heading} · h4kstream`);
  });

  it('sends unknown URLs home', async () => {
    await harness.navigateByUrl('/no/such/page');
    expect(TestBed.inject(Router).url).toBe('/');
  });
});
