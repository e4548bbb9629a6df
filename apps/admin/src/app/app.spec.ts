import { importProvidersFrom } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatIconTestingModule } from '@angular/material/icon/testing';
import { provideRouter } from '@angular/router';

import { App } from './app';
import { ADMIN_TOKEN_KEY, AdminSession } from './core/admin-session';

describe('App shell', () => {
  beforeEach(async () => {
    await TestBed.configureTestingModule({
      imports: [App],
      providers: [provideRouter([]), importProvidersFrom(MatIconTestingModule)],
    }).compileComponents();
  });

  it('shows the station name in the toolbar', async () => {
    const fixture = TestBed.createComponent(App);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('mat-toolbar [data-testid="station-name"]')?.textContent).toContain('h4kstream');
  });

  it('links to the listener page and the admin pages under /admin', async () => {
    const fixture = TestBed.createComponent(App);
    await fixture.whenStable();
    const links = Array.from((fixture.nativeElement as HTMLElement).querySelectorAll<HTMLAnchorElement>('nav a')).map(
      (a) => [
        a.querySelector('mat-icon')?.getAttribute('data-mat-icon-name'),
        a.querySelector('.label')?.textContent?.trim(),
        a.getAttribute('href'),
      ],
    );
    expect(links).toEqual([
      ['radio', 'Listen', '/'],
      ['graphic_eq', 'Dashboard', '/admin'],
      ['queue_music', 'Queue', '/admin/queue'],
      ['library_music', 'Library', '/admin/library'],
      ['mic', 'Live', '/admin/live'],
      ['album', 'Recordings', '/admin/recordings'],
      ['key', 'Tokens', '/admin/tokens'],
      ['webhook', 'Webhooks', '/admin/webhooks'],
    ]);
  });

  it('offers sign-out only while an admin token is known, and forgets it', async () => {
    const fixture = TestBed.createComponent(App);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('[data-testid="sign-out"]')).toBeNull();

    TestBed.inject(AdminSession).signIn('sesame');
    await fixture.whenStable();
    expect(localStorage.getItem(ADMIN_TOKEN_KEY)).toBe('sesame');
    (el.querySelector('[data-testid="sign-out"]') as HTMLButtonElement).click();
    await fixture.whenStable();

    expect(localStorage.getItem(ADMIN_TOKEN_KEY)).toBeNull();
    expect(el.querySelector('[data-testid="sign-out"]')).toBeNull();
  });
});
