import type { LiveSession } from '@h4k/contracts';

import { allowanceLeftMs, cutoffAt, remainingSeconds } from '../accounting/allowance';
import type { PendingGrant } from '../slot/pending-grant';
import type { StoredSession } from './stored-session';

/** The session on air as the contract shows it; `usedBeforeMs` is the user's usage over closed sessions. */
export function onAirView(session: StoredSession, usedBeforeMs: number, now: number): LiveSession {
  const cutoff = cutoffAt(session, session.chargedFrom, usedBeforeMs);
  return {
    userId: session.userId,
    label: session.label,
    since: new Date(session.startedAt).toISOString(),
    remainingSeconds: remainingSeconds(cutoff - now),
    endsAt: new Date(cutoff).toISOString(),
    headers: session.headers,
  };
}

/** A DJ authorized but not yet connected. */
export function pendingView(grant: PendingGrant, usedMs: number, now: number): LiveSession {
  return {
    userId: grant.userId,
    label: grant.label,
    since: null,
    endsAt: null,
    remainingSeconds: remainingSeconds(
      Math.min(allowanceLeftMs(grant.maxStreamingSeconds, usedMs), grant.tokenExpiresAt * 1000 - now),
    ),
    headers: null,
  };
}
