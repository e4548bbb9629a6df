/**
 * A song the pipeline will not accept; `message` is shown to the submitter as the failure reason.
 * `detail` (which address, which hop, what a tool said) is for the log and the admin only.
 */
export class SongRefused extends Error {
  constructor(
    reason: string,
    readonly detail?: string,
  ) {
    super(reason);
    this.name = 'SongRefused';
  }
}

/** Why a job's signal was aborted: `cancelled` by the user, or the wall-clock deadline. */
export function abortReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  if (reason instanceof SongRefused) return reason.message;
  if (reason instanceof DOMException && reason.name === 'TimeoutError') return 'timed out';
  return typeof reason === 'string' ? reason : 'cancelled';
}
