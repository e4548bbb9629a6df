import type { LiveSession } from '@h4k/contracts';
import { Injectable } from '@nestjs/common';

import { StationEvents } from './station-events';

export interface LiveSet {
  /** The DJ's token label, else their user id. */
  dj: string;
  /** The show as the encoder named it (ice-name), when it did. */
  show: string | null;
  since: string;
}

/**
 * The live set on air, from the harbor callbacks: `live.started` on connect, `live.ended` once per
 * set (Liquidsoap calls disconnect up to three times for one kick).
 */
@Injectable()
export class LiveSets {
  private open: LiveSet | null = null;

  constructor(private readonly events: StationEvents) {}

  get current(): LiveSet | null {
    return this.open;
  }

  started(session: LiveSession): void {
    const set: LiveSet = {
      dj: session.label ?? session.userId,
      show: session.headers?.name ?? null,
      since: session.since ?? new Date().toISOString(),
    };
    this.open = set;
    this.events.emit('live.started', { ...set, endsAt: session.endsAt }, `${set.dj}\n${set.since}`);
  }

  ended(): void {
    const set = this.open;
    if (!set) return;
    this.open = null;
    const endedAt = new Date().toISOString();
    this.events.emit('live.ended', { ...set, endedAt }, `${set.dj}\n${set.since}`);
  }
}
