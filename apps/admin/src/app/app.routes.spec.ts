import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { importProvidersFrom, Type } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatIconTestingModule } from '@angular/material/icon/testing';
import { Title } from '@angular/platform-browser';
import { provideRouter, Router, TitleStrategy, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { provideApiClient } from '@h4k/api-client';

import { appRoutes } from './app.routes';
import { PageTitleStrategy } from './core/page-title.strategy';
import DashboardPage from './dashboard/dashboard-page';
import DjPage from './dj/dj-page';
import LibraryPage from './library/library-page';
import ListenerPage from './listen/listener-page';
import LivePage from './live/live-page';
import QueuePage from './queue/queue-page';
import TokensPage from './tokens/tokens-page';

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
        importProvidersFrom(MatIconTestingModule),
      ],
    });
    harness = await RouterTestingHarness.create();
  });

  afterEach(() => {
    // The pages poll; nothing here answers them.
    TestBed.inject(HttpTestingController).match(() => true);
  });

  it('lazy-loads every feature route', () => {
    for (const route of appRoutes.filter((r) => r.redirectTo === undefined)) {
      expect(route.loadComponent).toEqual(expect.any(Function));
      expect(route.component).toBeUndefined();
    }
  });

  it('shows the listener page on /', async () => {
    const page = await harness.navigateByUrl('/', ListenerPage);
    expect(page).toBeInstanceOf(ListenerPage);
    expect(harness.routeNativeElement?.querySelector('h1')?.textContent).toBe('h4kstream radio');
    expect(TestBed.inject(Title).getTitle()).toBe('Listen · h4kstream');
  });

  it.each<[string, Type<unknown>, string]>([
    ['/dj', DjPage, 'DJ'],
    ['/admin', DashboardPage, 'Dashboard'],
    ['/admin/tokens', TokensPage, 'Tokens'],
    ['/admin/queue', QueuePage, 'Queue'],
    ['/admin/library', LibraryPage, 'Library'],
    ['/admin/live', LivePage, 'Live'],
  ])('shows the %s page', async (url, page, heading) => {
    expect(await harness.navigateByUrl(url, page)).toBeInstanceOf(page);
    expect(TestBed.inject(Title).getTitle()).toBe(`${heading} · h4kstream`);
    expect(harness.routeNativeElement?.querySelectorAll('h1').length).toBe(1);
  });

  it.each([
    ['/queue', '/admin/queue'],
    ['/library', '/admin/library'],
    ['/live', '/admin/live'],
  ])('keeps the old address %s working: it leads to %s', async (old, moved) => {
    await harness.navigateByUrl(old);
    expect(TestBed.inject(Router).url).toBe(moved);
  });

  it.each(['/admin', '/admin/tokens', '/admin/library', '/admin/live'])(
    'asks for the admin token on %s when none is known',
    async (url) => {
      await harness.navigateByUrl(url);
      expect(harness.routeNativeElement?.querySelector('[data-testid="admin-sign-in"]')?.textContent).toContain(
        'Admin token',
      );
    },
  );

  it('sends unknown URLs home', async () => {
    await harness.navigateByUrl('/no/such/page');
    expect(TestBed.inject(Router).url).toBe('/');
  });
});
