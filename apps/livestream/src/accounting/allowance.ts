/** Below this a grant is refused: a DJ could not even finish connecting before the cut-off. */
export const MIN_GRANT_MS = 1_000;

/** What bounds a DJ's time on air: their allowance, what they already used, and their token. */
export interface AllowanceTerms {
  maxStreamingSeconds: number;
  /** Unix seconds; the slot is never held past it (contract). */
  tokenExpiresAt: number;
}

/** Ms the user may still stream, ignoring the token's expiry. */
export function allowanceLeftMs(maxStreamingSeconds: number, usedMs: number): number {
  return maxStreamingSeconds * 1000 - usedMs;
}

/** The exact moment a DJ who started being charged at `chargedFrom` must be off air. */
export function cutoffAt(terms: AllowanceTerms, chargedFrom: number, usedBeforeMs: number): number {
  return Math.min(chargedFrom + allowanceLeftMs(terms.maxStreamingSeconds, usedBeforeMs), terms.tokenExpiresAt * 1000);
}

/** Usage is shown to the nearest second; remaining time is never rounded up. */
export function usedSeconds(usedMs: number): number {
  return Math.round(usedMs / 1000);
}

export function remainingSeconds(remainingMs: number): number {
  return Math.max(0, Math.floor(remainingMs / 1000));
}
