/** How long the slot survives without renewal, and how often things are retried. Tests shorten these. */
export interface LivestreamTimings {
  /** The slot's lease: a crashed service or a lost disconnect frees the slot after this. */
  leaseMs: number;
  /** Renewal (and the "is the DJ still there?" check) runs this often while a DJ is on air. */
  renewEveryMs: number;
  /** A failed kick is retried this often until it succeeds or the session ends. */
  kickRetryMs: number;
  /** Deadline of one telnet command on the enforcement path. */
  telnetTimeoutMs: number;
}

export const LIVESTREAM_TIMINGS = Symbol('LIVESTREAM_TIMINGS');

export const DEFAULT_TIMINGS: LivestreamTimings = {
  leaseMs: 15_000,
  renewEveryMs: 5_000,
  kickRetryMs: 1_000,
  telnetTimeoutMs: 1_500,
};
