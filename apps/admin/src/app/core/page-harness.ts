// Spec support (not part of the app build: see tsconfig.app.json): one page under test with
// the panel's HTTP stack, fake timers and fake EventSources, set up and torn down the same way
// in every page spec.
import { jest } from '@jest/globals';
import { HttpTestingController } from '@angular/common/http/testing';
import { EnvironmentProviders, Provider, Type } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { FakeEventSource, providePanelTesting } from './testing';

export interface PageHarnessOptions {
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
    for (const [key, value] of Object.entries(options.storage ?? {})) localStorage.setItem(key, value);
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

  /** For afterEach: no request left unanswered, nothing left on the page or in storage. */
  stop(): void {
    this.backend.verify();
    this.fixture.destroy();
    TestBed.resetTestingModule(); // closes snackbars and dialogs left on the page
    localStorage.clear();
    jest.useRealTimers();
  }
}
