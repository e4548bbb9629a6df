import { createHash, randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { type Observable, Subject } from 'rxjs';
import { z } from 'zod';

/** What a webhook can subscribe to. Do not rename without telling every receiver: they filter on these. */
export const STATION_EVENT_TYPES = [
  'song.changed',
  'live.started',
  'live.ended',
  'song.submitted',
  'song.failed',
  'station.off_air',
  'station.on_air',
] as const;
export const stationEventTypeSchema = z.enum(STATION_EVENT_TYPES);
export type StationEventType = z.infer<typeof stationEventTypeSchema>;

/** One thing that happened, as every webhook of its type receives it (`{type, timestamp, data}` is the JSON body). */
export interface StationEvent {
  /** `msg_…`: the Standard Webhooks `webhook-id`, the same on every retry. */
  id: string;
  type: StationEventType;
  timestamp: string;
  data: Record<string, unknown>;
}

/**
 * The station's events, as the gateway learns them (Liquidsoap's callbacks, submissions, song
 * events). A `key` names the occurrence (a song's id, a set's start): two gateways that see the
 * same occurrence make the same id, so its delivery is queued once.
 */
@Injectable()
export class StationEvents {
  private readonly subject = new Subject<StationEvent>();
  readonly events: Observable<StationEvent> = this.subject.asObservable();

  emit(type: StationEventType, data: Record<string, unknown>, key?: string): StationEvent {
    const id = key
      ? `msg_${createHash('sha256').update(`${type}\n${key}`).digest('hex').slice(0, 32)}`
      : `msg_${randomUUID().replaceAll('-', '')}`;
    const event: StationEvent = { id, type, timestamp: new Date().toISOString(), data };
    this.subject.next(event);
    return event;
  }
}
