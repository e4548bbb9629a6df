// Test helpers for the page specs (no jest globals here: this file is type-checked with the app).
import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { EnvironmentProviders, importProvidersFrom, Provider } from '@angular/core';
import { MatIconTestingModule } from '@angular/material/icon/testing';
import { provideApiClient } from '@h4k/api-client';

import { authInterceptor } from './auth.interceptor';
import { errorInterceptor } from './error.interceptor';
import { EVENT_SOURCE } from './server-sent-events';

/** Stands in for the browser's EventSource: the test pushes events with `emit`. */
export class FakeEventSource {
  onmessage: ((event: MessageEvent<string>) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  readyState = 1;
  closed = false;

  private readonly named = new Map<string, ((event: MessageEvent<string>) => void)[]>();

  constructor(readonly url: string) {}

  emit(data: unknown): void {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(data) }));
  }

  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void {
    this.named.set(type, [...(this.named.get(type) ?? []), listener]);
  }

  /** A named event (`event: <type>`), which only addEventListener handlers see. */
  emitNamed(type: string, data: unknown): void {
    for (const listener of this.named.get(type) ?? []) listener(new MessageEvent(type, { data: JSON.stringify(data) }));
  }

  /** The browser giving up on the stream (an HTTP error answer). */
  fail(): void {
    this.readyState = 2;
    this.onerror?.(new Event('error'));
  }

  close(): void {
    this.closed = true;
    this.readyState = 2;
  }
}

/** The panel's HTTP stack (both interceptors, API at /api) against HttpTestingController. */
export function providePanelTesting(sources: FakeEventSource[] = []): (Provider | EnvironmentProviders)[] {
  return [
    provideHttpClient(withInterceptors([authInterceptor, errorInterceptor])),
    provideHttpClientTesting(),
    provideApiClient('/api'),
    importProvidersFrom(MatIconTestingModule),
    {
      provide: EVENT_SOURCE,
      useValue: (url: string) => {
        const source = new FakeEventSource(url);
        sources.push(source);
        return source as unknown as EventSource;
      },
    },
  ];
}

/** A gateway error body, as its exception filter sends it (validation failures send a list). */
export function apiError(status: number, message: string | string[]): [object, { status: number; statusText: string }] {
  return [
    { statusCode: status, error: 'Error', message },
    { status, statusText: 'Error' },
  ];
}

/** Text of the snackbar on screen ('' when none). */
export function snackbarText(): string {
  return document.querySelector('mat-snack-bar-container')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

/** Collapsed text of the first element with this data-testid under root. */
export function textOf(root: ParentNode, testId: string): string | undefined {
  return root.querySelector(`[data-testid="${testId}"]`)?.textContent?.replace(/\s+/g, ' ').trim();
}

/** Types into an input the way a user does (value + input event). */
export function typeInto(input: Element | null | undefined, value: string): void {
  if (!(input instanceof HTMLInputElement)) throw new Error('no such input');
  input.value = value;
  input.dispatchEvent(new Event('input'));
}

/** The button whose text contains label, under root (document by default). */
export function button(label: string, root: ParentNode = document): HTMLButtonElement {
  const found = Array.from(root.querySelectorAll('button')).find((b) => b.textContent?.includes(label));
  if (!found) throw new Error(`no button "${label}"`);
  return found;
}
