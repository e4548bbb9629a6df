import { type IncomingMessage, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';

import { type GatewayEnv, STATION_ENV } from '@h4k/config';
import { decideEgress, type EgressPolicy, systemResolveAll } from '@h4k/egress-policy';
import { Inject, Injectable } from '@nestjs/common';
import { Webhook as Signer } from 'standardwebhooks';

import type { StationEvent } from './station-events';
import type { StoredWebhook } from './webhook-registry';

/** Each attempt is given up after this long (connect, send and the receiver's answer together). */
export const ATTEMPT_TIMEOUT_MS = 5000;

export type AttemptResult = { ok: true; httpStatus: number } | { ok: false; httpStatus: number | null; error: string };

/**
 * POSTs one event to one webhook: signed per Standard Webhooks, sent only to addresses the
 * station's outbound policy allows (the same one as downloads, DOWNLOAD_ALLOWED_HOSTS included),
 * resolved once and connected to as vetted (no second DNS answer), never following redirects.
 */
@Injectable()
export class WebhookSender {
  private readonly policy: EgressPolicy;

  constructor(@Inject(STATION_ENV) env: GatewayEnv) {
    this.policy = { allowedHosts: env.DOWNLOAD_ALLOWED_HOSTS, resolveAll: systemResolveAll };
  }

  /** Why the station may not send to this URL, or null when it may (checked again at every attempt). */
  async refusal(url: string): Promise<string | null> {
    const decision = await decideEgress(new URL(url), this.policy);
    return decision.ok ? null : `refused: ${decision.detail}`;
  }

  async send(hook: StoredWebhook, event: StationEvent): Promise<AttemptResult> {
    const target = new URL(hook.url);
    const decision = await decideEgress(target, this.policy);
    if (!decision.ok) return { ok: false, httpStatus: null, error: `refused: ${decision.detail}` };
    const body = JSON.stringify(hook.format === 'discord' ? discordMessage(event) : jsonBody(event));
    const now = new Date();
    return post(target, decision.addresses, body, {
      'webhook-id': event.id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': new Signer(hook.secret).sign(event.id, now, body),
      'content-type': 'application/json',
      'user-agent': 'h4kstream-webhooks',
      'x-h4k-event': event.type,
    });
  }
}

function jsonBody(event: StationEvent): Record<string, unknown> {
  return { type: event.type, timestamp: event.timestamp, data: event.data };
}

function post(target: URL, addresses: string[], body: string, headers: Record<string, string>): Promise<AttemptResult> {
  // The vetted addresses, whatever the system resolver would say now.
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if (options.all) {
      callback(
        null,
        addresses.map((address) => ({ address, family: isIP(address) })),
      );
    } else callback(null, addresses[0] ?? '', isIP(addresses[0] ?? ''));
  };
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const started = send(
      target,
      {
        method: 'POST',
        lookup: pinned,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      },
      (response: IncomingMessage) => {
        response.resume();
        response.once('end', () => {
          const status = response.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve({ ok: true, httpStatus: status });
          else resolve({ ok: false, httpStatus: status, error: `the receiver answered HTTP ${status}` });
        });
        response.once('error', (error) => resolve({ ok: false, httpStatus: null, error: messageOf(error) }));
      },
    );
    started.once('error', (error) => resolve({ ok: false, httpStatus: null, error: messageOf(error) }));
    started.end(body);
  });
}

function messageOf(error: Error): string {
  if (error.name === 'AbortError' || error.name === 'TimeoutError') {
    return `no answer within ${ATTEMPT_TIMEOUT_MS / 1000} s`;
  }
  return error.message;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);

/** A message a Discord webhook accepts: one line of content and an embed with the details. */
export function discordMessage(event: StationEvent): { content: string; embeds: Record<string, unknown>[] } {
  const data = event.data;
  const song = [text(data['artist']), text(data['title'])].filter(Boolean).join(' – ') || 'an untitled track';
  const lines: Record<StationEvent['type'], string> = {
    'song.changed': `Now playing: ${song}`,
    'live.started': `Live now: ${text(data['show']) ?? text(data['dj']) ?? 'a DJ'}`,
    'live.ended': `Live set ended: ${text(data['show']) ?? text(data['dj']) ?? 'a DJ'}`,
    'song.submitted': `Song submitted${text(data['submitter']) ? ` by ${text(data['submitter'])}` : ''}`,
    'song.failed': `A submitted song failed: ${text(data['reason']) ?? 'no reason given'}`,
    'station.off_air': 'Off air: nothing but noise is playing',
    'station.on_air': 'Back on air',
  };
  const fields = Object.entries(data)
    .filter(([, value]) => typeof value === 'string' || typeof value === 'number')
    .slice(0, 10)
    .map(([name, value]) => ({ name, value: String(value).slice(0, 1024), inline: true }));
  return {
    content: lines[event.type].slice(0, 2000),
    embeds: [{ title: event.type, timestamp: event.timestamp, fields }],
  };
}
