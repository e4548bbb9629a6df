/**
 * A value read from elsewhere (Icecast, a service), kept for `ttlMs` so scrapes from several
 * Prometheus servers cost one read; concurrent scrapes share one read in flight. A failed read is
 * kept as NaN for the same time: Prometheus's "unknown", never a stale number.
 */
export class CachedReading {
  private reading: Promise<number> | undefined;
  private readAt = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly read: () => Promise<number>,
  ) {}

  value(): Promise<number> {
    if (!this.reading || Date.now() - this.readAt >= this.ttlMs) {
      this.readAt = Date.now();
      this.reading = this.read().catch(() => Number.NaN);
    }
    return this.reading;
  }
}
