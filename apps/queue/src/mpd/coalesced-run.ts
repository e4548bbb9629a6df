/**
 * Runs `work` one at a time. A call while it runs gets a fresh run that starts after it, shared by
 * every caller in the meantime: each caller sees a run that began after its own call, and a burst
 * of MPD events costs two runs, not one per event.
 */
export class CoalescedRun {
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;

  constructor(private readonly work: () => Promise<void>) {}

  run(): Promise<void> {
    if (!this.running) {
      this.running = this.work().finally(() => (this.running = undefined));
      return this.running;
    }
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.run();
      });
    return this.queued;
  }
}
