import type { IncomingMessage, ServerResponse } from 'node:http';

import type { DynamicModule, INestApplicationContext, LoggerService, Type } from '@nestjs/common';
import { Logger, LoggerModule } from 'nestjs-pino';
import { type DestinationStream, type LevelWithSilent, stdTimeFunctions } from 'pino';
import type { Options } from 'pino-http';
import PinoPretty from 'pino-pretty';

import type { StationEnv } from './station-env';

/** Nest's level names (LOG_LEVEL) in pino's terms. */
const PINO_LEVEL: Record<StationEnv['LOG_LEVEL'], LevelWithSilent> = {
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/** Query parameters that carry credentials (`?token=` for an EventSource, a DJ `key`…). */
const SECRET_PARAM = /token|key|secret|password|passwd|pass|jwt|auth/i;

export const REDACTED = '[redacted]';

/** A request URL with the value of every credential-looking query parameter replaced. */
export function redactUrl(url: string): string {
  const query = url.indexOf('?');
  if (query < 0) return url;
  const params = url
    .slice(query + 1)
    .split('&')
    .map((pair) => {
      const [name = '', ...rest] = pair.split('=');
      let decoded = name;
      try {
        decoded = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        // an undecodable name is judged as written
      }
      return rest.length > 0 && SECRET_PARAM.test(decoded) ? `${name}=${REDACTED}` : pair;
    });
  return `${url.slice(0, query)}?${params.join('&')}`;
}

export interface LoggingOptions {
  /** Log every HTTP request once it is answered (the gateway). */
  http?: boolean;
  /** Where the lines go: stdout unless a test reads them. */
  destination?: DestinationStream;
}

/**
 * pino options: one JSON line per event with `level` as a word, ISO `time`, `service`, and no
 * colours; request lines carry method, URL (credentials redacted), status and duration, no header
 * but the user agent.
 */
export function pinoOptions(
  service: string,
  env: Pick<StationEnv, 'LOG_LEVEL'>,
  options: LoggingOptions = {},
): Options {
  return {
    level: PINO_LEVEL[env.LOG_LEVEL],
    base: { service, pid: process.pid },
    timestamp: stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    autoLogging: options.http === true,
    // Request ids: the client's X-Request-Id when it sends one (Caddy can), else a counter.
    genReqId: requestId(),
    customLogLevel: (_request, response, error) =>
      error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
    // Headers are not logged (Authorization, cookies, ice-* of encoders): only what helps read a request.
    serializers: {
      req: (request: IncomingMessage & { id?: unknown }) => ({
        id: request.id,
        method: request.method,
        url: redactUrl(request.url ?? ''),
        remoteAddress: request.socket?.remoteAddress,
        userAgent: request.headers['user-agent'],
      }),
      res: (response: ServerResponse) => ({ statusCode: response.statusCode }),
    },
  };
}

/** A module that is `module` plus structured logging; boot it with `bufferLogs` and `useStructuredLogs`. */
export function withStructuredLogs(
  service: string,
  module: Type<unknown>,
  env: Pick<StationEnv, 'LOG_LEVEL'> & Partial<Pick<StationEnv, 'LOG_PRETTY'>>,
  options: LoggingOptions = {},
): DynamicModule {
  const destination = options.destination ?? (wantsPretty(env.LOG_PRETTY) ? prettyLines() : undefined);
  class StructuredLogsRoot {}
  Object.defineProperty(StructuredLogsRoot, 'name', { value: `${module.name}WithLogs` });
  return {
    module: StructuredLogsRoot,
    imports: [
      LoggerModule.forRoot({
        pinoHttp: destination ? [pinoOptions(service, env, options), destination] : pinoOptions(service, env, options),
      }),
      module,
    ],
  };
}

/** Hands every Nest log (the static `Logger` too) to pino. */
export function structuredLogger(app: INestApplicationContext): LoggerService {
  return app.get(Logger);
}

function wantsPretty(setting: StationEnv['LOG_PRETTY'] = 'auto'): boolean {
  return setting === 'true' || (setting === 'auto' && process.stdout.isTTY === true);
}

/**
 * One readable line per event for a person at a terminal (`npm start` sends the services' output to
 * files, never here). Synchronous and in-process: no transport worker for the bundles to ship.
 */
export function prettyLines(
  destination: DestinationStream | NodeJS.WritableStream = process.stdout,
): DestinationStream {
  return PinoPretty({
    sync: true,
    destination,
    colorize: destination === process.stdout && process.stdout.isTTY === true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,service,context',
    messageFormat: '{service} {if context}[{context}] {end}{msg}',
  });
}

function requestId(): (request: IncomingMessage) => string {
  let next = 0;
  return (request) => {
    const given = request.headers['x-request-id'];
    if (typeof given === 'string' && /^[\w.-]{1,64}$/.test(given)) return given;
    next = (next + 1) % Number.MAX_SAFE_INTEGER;
    return String(next);
  };
}

/** What logConnectionErrors needs of a client (structural: this lib depends on neither bullmq nor ioredis). */
export interface ErrorEmitter {
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** A lost Redis connection errors on every retry: one warning per this long is enough. */
const CONNECTION_WARN_EVERY_MS = 10_000;

/** Logs `source`'s error events through `logger` as `<label>: <message>`, at most once per 10 s. */
export function logConnectionErrors(source: ErrorEmitter, label: string, logger: Pick<LoggerService, 'warn'>): void {
  let warnedAt = 0;
  source.on('error', (error: Error) => {
    if (Date.now() - warnedAt < CONNECTION_WARN_EVERY_MS) return;
    warnedAt = Date.now();
    logger.warn(`${label}: ${error.message}`);
  });
}

/**
 * BullMQ re-emits its connection's errors on a queue and, with no listener, prints them with
 * console.error: coloured multi-line text in the middle of the JSON log while Redis restarts.
 */
export function logQueueErrors(
  queue: ErrorEmitter & { readonly name: string },
  logger: Pick<LoggerService, 'warn'>,
): void {
  logConnectionErrors(queue, `queue ${queue.name}`, logger);
}
