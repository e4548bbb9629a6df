// Spec support (not part of the app build: see tsconfig.app.json): one page under test with
// the panel's HTTP stack, fake timers and fake EventSources, set up and torn down the same way
// in every page spec.
import { HttpTestingController, TestRequest } from '@angular/common/http/testing';
import { EnvironmentProviders, Provider, Type } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { NowPlaying } from '@h4k/api-client';
import { expect, jest } from '@jest/globals';

import { ADMIN_TOKEN_KEY } from './admin-session';
import { button, FakeEventSource, providePanelTesting, typeInto } from './testing';

/** The admin token a signed-in page sends (`Authorization: Bearer sesame`). */
export const ADMIN_TOKEN = 'sesame';

/** A now-playing event: a DJ on air with this show name since 20:00 UTC. */
export function liveOnAir(show: string): NowPlaying {
  return {
    tier: 'live',
    title: show,
    artist: null,
    submitter: null,
    durationSeconds: null,
    elapsedSeconds: 0,
    stream: { name: show, description: null },
    since: '2026-11-24T20:00:00Z',
    liveSilent: false,
  };
}

/** What a fake API answer may hold. */
type Body = Parameters<TestRequest['flush']>[0];

export interface PageHarnessOptions {
  /** The admin is signed in (with ADMIN_TOKEN) when the page starts. */
  admin?: boolean;
  /** localStorage entries the page finds when it starts (a stored admin or listener token). */
  storage?: Record<string, string>;
  /** Providers beside the panel's HTTP stack (a router, for example). */
  providers?: (Provider | EnvironmentProviders)[];
}

export class PageHarness<T> {
  /** The EventSources the page opened, newest last. */
  readonly sources: FakeEventSource[] = [];
  readonly backend: HttpTestingController;
  readonly fixture: ComponentFixture<T>;

  constructor(component: Type<T>, options: PageHarnessOptions = {}) {
    jest.useFakeTimers();
    const storage = { ...(options.admin ? { [ADMIN_TOKEN_KEY]: ADMIN_TOKEN } : {}), ...options.storage };
    for (const [key, value] of Object.entries(storage)) localStorage.setItem(key, value);
    TestBed.configureTestingModule({
      imports: [component],
      providers: [...providePanelTesting(this.sources), ...(options.providers ?? [])],
    });
    this.backend = TestBed.inject(HttpTestingController);
    this.fixture = TestBed.createComponent(component);
    this.settle();
  }

  get el(): HTMLElement {
    return this.fixture.nativeElement as HTMLElement;
  }

  render(): void {
    TestBed.tick();
  }

  /** Lets timers due within ms fire, and renders before and after. */
  settle(ms = 0): void {
    this.render();
    jest.advanceTimersByTime(ms);
    this.render();
  }

  /** The element with this data-testid on the page (a card). */
  card(testId: string): HTMLElement {
    const found = this.el.querySelector(`[data-testid="${testId}"]`);
    if (!(found instanceof HTMLElement)) throw new Error(`no element with data-testid "${testId}"`);
    return found;
  }

  /** The one request to url, which must carry `Authorization: Bearer <token>` (unanswered). */
  expectAuthorized(url: string, token = ADMIN_TOKEN): TestRequest {
    const request = this.backend.expectOne(url);
    expect(request.request.headers.get('Authorization')).toBe(`Bearer ${token}`);
    return request;
  }

  /**
   * Types values into the inputs of the card with this test id, in their order, presses its
   * `label` button and returns the POST it sent to url (unanswered).
   */
  submit(testId: string, values: readonly string[], label: string, url: string): TestRequest {
    const card = this.card(testId);
    const inputs = Array.from(card.querySelectorAll('input'));
    values.forEach((value, i) => typeInto(inputs[i], value));
    this.render();
    button(label, card).click();
    const request = this.backend.expectOne(url);
    expect(request.request.method).toBe('POST');
    return request;
  }

  /** Answers the one request to url with body, and lets the page settle; returns it to inspect. */
  answer(url: string, body: Body): TestRequest {
    const request = this.backend.expectOne(url);
    request.flush(body);
    this.settle();
    return request;
  }

  /**
   * A change that asks first: `open` opens the confirmation, which must ask `question`. Cancelled,
   * nothing is sent to url; confirmed, the request to url is returned (unanswered).
   */
  confirmed(open: () => HTMLElement, question: string, url: string): TestRequest {
    open().click();
    this.settle();
    button('Cancel').click();
    this.settle(500);
    this.backend.expectNone(url);

    open().click();
    this.settle();
    expect(document.querySelector('mat-dialog-container')?.textContent).toContain(question);
    (document.querySelector('[data-testid="confirm-ok"]') as HTMLButtonElement).click();
    this.settle(500);
    return this.backend.expectOne(url);
  }

  /**
   * For afterEach: answers the reloads still waiting (url → body, where the page polls), then
   * checks no request is left unanswered, and leaves nothing on the page or in storage.
   */
  stop(leftovers: Record<string, Body> = {}): void {
    for (const [url, body] of Object.entries(leftovers)) {
      for (const request of this.backend.match(url)) if (!request.cancelled) request.flush(body);
    }
    this.backend.verify();
    this.fixture.destroy();
    TestBed.resetTestingModule(); // closes snackbars and dialogs left on the page
    localStorage.clear();
    jest.useRealTimers();
  }
}
