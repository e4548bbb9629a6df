import { randomUUID } from 'node:crypto';

import { type DjHeaders, type LiveSession, rpcError } from '@h4k/contracts';
import { Inject, Injectable, Logger } from '@nestjs/common';

import { cutoffAt, usedSeconds } from '../accounting/allowance';
import { UsageStore } from '../accounting/usage.store';
import { describeError } from '../describe-error';
import { Kicker } from '../enforcement/kicker';
import { SessionEnforcer, type SourceGoneReason } from '../enforcement/session-enforcer';
import { LiveSource } from '../liquidsoap/live-source';
import { BootGate } from '../reconcile/boot-gate';
import { SlotStore } from '../slot/slot.store';
import { LIVESTREAM_TIMINGS, type LivestreamTimings } from '../timings';
import { SessionStore } from './session.store';
import { onAirView } from './session-view';
import type { StoredSession } from './stored-session';

/**
 * The session on air, from Liquidsoap's connect to its end (disconnect, kick, admin kick, or
 * Liquidsoap reporting the DJ gone). Changes run one at a time so a callback, a timer and an admin
 * never interleave between reading the session and ending it.
 */
@Injectable()
export class LiveSessions {
  private readonly logger = new Logger('LiveSessions');
  private lane: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: SessionStore,
    private readonly slots: SlotStore,
    private readonly usage: UsageStore,
    private readonly enforcer: SessionEnforcer,
    private readonly kicker: Kicker,
    private readonly source: LiveSource,
    private readonly gate: BootGate,
    @Inject(LIVESTREAM_TIMINGS) private readonly timings: LivestreamTimings,
  ) {}

  /**
   * Liquidsoap's on_connect: the encoder of the user holding the grant is on air. `ageSeconds`: how long
   * ago it really connected (Liquidsoap retries a callback the gateway did not take); charged from then,
   * but never from before the grant.
   */
  async connect(headers: DjHeaders, ageSeconds = 0): Promise<LiveSession> {
    await this.gate.ready;
    return this.serially(async () => {
      const now = Date.now();
      const [grant, current] = await Promise.all([this.slots.pending(), this.store.current()]);
      if (!grant) {
        // Liquidsoap fires on_connect once; a repeat delivery finds the session already started.
        if (current) return onAirView(current, await this.usage.usedMs(current.userId), now);
        // Retried past the lease: whoever is on the harbor now is not that connection (the harbor watch
        // has dealt with it); only a fresh callback proves the source on the harbor is the unauthorized one.
        if (ageSeconds * 1000 >= this.timings.leaseMs) throw rpcError('NOT_FOUND', 'a stale connect: no grant left');
        return this.refuseUnauthorizedSource();
      }
      // A fresh grant with a session still on record: the old connection's disconnect never arrived.
      if (current) await this.close(current, now, 'replaced by a new connection');
      const startedAt = Math.min(now, Math.max(grant.authorizedAt, now - Math.round(ageSeconds * 1000)));
      const session: StoredSession = {
        id: randomUUID(),
        userId: grant.userId,
        label: grant.label,
        maxStreamingSeconds: grant.maxStreamingSeconds,
        tokenExpiresAt: grant.tokenExpiresAt,
        startedAt,
        chargedFrom: startedAt,
        headers,
        tokenId: grant.tokenId,
      };
      if (!(await this.store.start(session))) return this.refuseUnauthorizedSource();
      const usedBeforeMs = await this.usage.usedMs(session.userId);
      this.follow(session, usedBeforeMs);
      return onAirView(session, usedBeforeMs, now);
    });
  }

  /** Liquidsoap's on_disconnect; it fires several times for one disconnect, so only the first one counts. */
  async disconnect(): Promise<{ userId: string | null; streamedSeconds: number }> {
    await this.gate.ready;
    return this.serially(async () => {
      const current = await this.store.current();
      if (!current) return { userId: null, streamedSeconds: 0 };
      if (await this.sourceStillConnected()) {
        // Someone is on the harbor right now: this callback is late (its session was already replaced).
        this.logger.warn(`ignoring a late disconnect: a source is connected while ${current.userId} is on record`);
        return { userId: null, streamedSeconds: 0 };
      }
      const charged = await this.close(current, Date.now(), 'disconnected');
      return { userId: current.userId, streamedSeconds: usedSeconds(charged ?? 0) };
    });
  }

  /** Admin: drop whoever is on air (or holds a grant) now. Their remaining time is untouched. */
  async kick(): Promise<{ kicked: boolean; userId: string | null }> {
    await this.gate.ready;
    return this.serially(async () => {
      const [current, grant] = await Promise.all([this.store.current(), this.slots.pending()]);
      try {
        await this.source.stop();
      } catch (error) {
        throw rpcError('UNAVAILABLE', `Liquidsoap did not take the kick: ${describeError(error)}`);
      }
      if (current) await this.close(current, Date.now(), 'kicked by an admin');
      if (grant) await this.slots.release(grant.userId);
      const userId = current?.userId ?? grant?.userId ?? null;
      if (userId !== null) await this.usage.markKicked(userId);
      return { kicked: userId !== null, userId };
    });
  }

  /**
   * A credential was revoked: drop the session or grant it opened, now. The user is not marked kicked:
   * another credential of theirs still works.
   */
  async revoke(tokenId: string): Promise<{ kicked: boolean; userId: string | null }> {
    await this.gate.ready;
    return this.serially(async () => {
      const [current, grant] = await Promise.all([this.store.current(), this.slots.pending()]);
      const onAir = current?.tokenId === tokenId ? current : null;
      const granted = grant?.tokenId === tokenId ? grant : null;
      if (!onAir && !granted) return { kicked: false, userId: null };
      if (onAir) {
        try {
          await this.source.stop();
        } catch (error) {
          throw rpcError('UNAVAILABLE', `Liquidsoap did not take the kick: ${describeError(error)}`);
        }
        await this.close(onAir, Date.now(), 'its credential was revoked');
      }
      if (granted) await this.slots.release(granted.userId);
      return { kicked: true, userId: onAir?.userId ?? granted?.userId ?? null };
    });
  }

  /**
   * The harbor's side of reconciliation: a source on the harbor with no session on record and no grant
   * waiting for its connect got there outside the rules (a lost or refused connect callback, a bypassed
   * auth): drop it. Liquidsoap unreachable: nothing to do until it answers.
   */
  async dropUnrecordedSource(): Promise<boolean> {
    await this.gate.ready;
    return this.serially(async () => {
      const [current, grant] = await Promise.all([this.store.current(), this.slots.pending()]);
      if (current || grant || !(await this.sourceStillConnected())) return false;
      this.logger.error('a source is on the harbor with no session on record: dropping it');
      return this.kicker.kick('an unrecorded source', AbortSignal.timeout(this.timings.leaseMs));
    });
  }

  /** Reconciliation: the DJ on record is (or may be) still on air; enforce their limit again. */
  async resume(session: StoredSession): Promise<void> {
    await this.serially(async () => this.follow(session, await this.usage.usedMs(session.userId)));
  }

  /**
   * Reconciliation: the DJ on record is gone and nobody saw when. Charge up to now, but never past
   * the moment they would have been cut off (they cannot have been allowed more).
   */
  async closeUnobserved(session: StoredSession, reason: string): Promise<void> {
    await this.serially(async () => this.closeCapped(session, reason));
  }

  private follow(session: StoredSession, usedBeforeMs: number): void {
    this.enforcer.track(session, cutoffAt(session, session.chargedFrom, usedBeforeMs), (reason) =>
      this.onSourceGone(session, reason),
    );
  }

  private onSourceGone(session: StoredSession, reason: SourceGoneReason): void {
    this.serially(async () => {
      const current = await this.store.current();
      // Ended elsewhere, or its record was lost: stop enforcing it, or its cut-off would kick whoever is on air then.
      if (current?.id !== session.id) return this.enforcer.untrack(session.id);
      if (reason === 'kicked') {
        await this.close(current, Date.now(), 'cut off: time is up');
        await this.usage.markKicked(current.userId);
      } else await this.closeCapped(current, 'Liquidsoap reports no source (disconnect callback lost)');
    }).catch((error: unknown) =>
      // The session stays on record and tracked: the next lease tick tries again.
      this.logger.error(`could not end ${session.userId}'s session: ${describeError(error)}`),
    );
  }

  private async closeCapped(session: StoredSession, reason: string): Promise<void> {
    const limit = cutoffAt(session, session.chargedFrom, await this.usage.usedMs(session.userId));
    await this.close(session, Math.min(Date.now(), limit), reason);
  }

  private async close(session: StoredSession, chargeUntil: number, reason: string): Promise<number | null> {
    const charged = await this.store.end(session, chargeUntil);
    this.enforcer.untrack(session.id);
    if (charged !== null) this.logger.log(`${session.userId} off air (${reason}), charged ${charged} ms`);
    return charged;
  }

  /** An encoder got on air without a grant (it lapsed before the connect): drop it, fail closed. */
  private refuseUnauthorizedSource(): never {
    this.logger.error('a source connected without a valid grant: dropping it');
    void this.kicker.kick('an unauthorized source', AbortSignal.timeout(this.timings.leaseMs));
    throw rpcError('NOT_FOUND', 'no authorized DJ for this connection: the source was dropped');
  }

  /** Unknown (Liquidsoap unreachable) counts as not connected: then the callback is the best evidence. */
  private async sourceStillConnected(): Promise<boolean> {
    try {
      return await this.source.isConnected();
    } catch {
      return false;
    }
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.lane.then(work);
    this.lane = run.catch(() => undefined);
    return run;
  }
}
