import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Type } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Title } from '@angular/platform-browser';
import { Router, TitleStrategy, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { provideApiClient } from '@h4k/api-client';
import { appRoutes } from './app.routes';
import { PageTitleStrategy } from './core/page-title.strategy';
import LibraryPage from './library/library-page';
import LivePage from './live/live-page';
import NowPlayingPage from './now-playing/now-playing-page';
import QueuePage from './queue/queue-page';

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
    // The pages poll; nothing here answers them.
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

  it.each<[string, Type<unknown>, string]>([
    ['/queue', QueuePage, 'Queue'],
    ['/library', LibraryPage, 'Library'],
    ['/live', LivePage, 'Live'],
  ])('shows the %s page', async (url, page, heading) => {
    expect(await harness.navigateByUrl(url, page)).toBeInstanceOf(page);
    expect(TestBed.inject(Title).getTitle()).toBe(`${heading} · h4kstream`);
  });

  it.each(['/library', '/live'])('asks for the admin token on %s when none is known', async (url) => {
    await harness.navigateByUrl(url);
    expect(harness.routeNativeElement?.querySelector('[data-testid="admin-sign-in"]')?.textContent).toContain(
      'Admin token',
    );
  });

  it('sends unknown URLs home', async () => {
    await harness.navigateByUrl('/no/such/page');
    expect(TestBed.inject(Router).url).toBe('/');
  });
});
