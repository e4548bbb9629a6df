import { computed, Signal, signal } from '@angular/core';

/**
 * A token kept in this browser's localStorage under `key` (admin, listener or DJ): it survives a
 * reload until it is removed. Where storage is disabled (privacy mode) it lasts until the reload.
 */
export class StoredToken {
  private readonly stored: ReturnType<typeof signal<string | null>>;
  readonly value: Signal<string | null>;
  readonly present: Signal<boolean>;

  constructor(private readonly key: string) {
    this.stored = signal(readStored(key));
    this.value = this.stored.asReadonly();
    this.present = computed(() => this.stored() !== null);
  }

  /** Keeps the trimmed token; blank input is ignored. */
  set(token: string): void {
    const trimmed = token.trim();
    if (!trimmed) return;
    this.stored.set(trimmed);
    writeStored(this.key, trimmed);
  }

  clear(): void {
    this.stored.set(null);
    writeStored(this.key, null);
  }
}

function readStored(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) || null;
  } catch {
    return null;
  }
}

function writeStored(key: string, token: string | null): void {
  try {
    if (token === null) globalThis.localStorage?.removeItem(key);
    else globalThis.localStorage?.setItem(key, token);
  } catch {
    // see readStored
  }
}
