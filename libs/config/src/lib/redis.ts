import { Logger, type LoggerService } from '@nestjs/common';
import type { RedisOptions } from 'ioredis';
import { z } from 'zod';

import { type ErrorEmitter, logConnectionErrors } from './logging';

const REDIS_URL_FORM = 'must be redis://[user:password@]host[:port][/db] or rediss://… (TLS)';

/**
 * Where every process reaches Redis: REDIS_URL (a managed Redis: password, TLS, database) or, when it
 * is unset, REDIS_HOST/REDIS_PORT/REDIS_PASSWORD. A URL without a password takes REDIS_PASSWORD.
 */
export const redisSettings = {
  REDIS_URL: z
    .string()
    .optional()
    .transform((raw) => (raw?.trim() ? raw.trim() : undefined))
    .refine((raw) => raw === undefined || parseRedisUrl(raw) !== undefined, REDIS_URL_FORM),
  REDIS_HOST: z.string().min(1).default('127.0.0.1'),
  REDIS_PORT: z.coerce.number().int().min(1).max(65535).default(6379),
  /** Required by the native station and compose (generated into secrets.env); empty = no AUTH. */
  REDIS_PASSWORD: z
    .string()
    .optional()
    .transform((raw) => (raw ? raw : undefined)),
};

export type RedisSettings = z.infer<z.ZodObject<typeof redisSettings>>;

/**
 * ioredis options, as BullMQ, the Nest Redis transport and a plain ioredis client all take them;
 * `tls` for rediss:// (the system's CAs; NODE_EXTRA_CA_CERTS adds a private one).
 */
export type RedisConnection = Pick<RedisOptions, 'username' | 'password' | 'db' | 'tls'> & {
  host: string;
  port: number;
};

/** A redis:// or rediss:// URL as connection options; undefined when it is not one. */
export function parseRedisUrl(raw: string): RedisConnection | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'redis:' && url.protocol !== 'rediss:') || url.hostname === '') return undefined;
  const dbText = url.pathname.replace(/^\/+/, '');
  if (dbText !== '' && !/^\d{1,5}$/.test(dbText)) return undefined;
  if (url.search !== '' || url.hash !== '') return undefined;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const username = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  return {
    host,
    port: url.port === '' ? 6379 : Number(url.port),
    ...(username !== '' && { username }),
    ...(password !== '' && { password }),
    ...(dbText !== '' && { db: Number(dbText) }),
    // Node checks the certificate against the host (name or IP) by itself.
    ...(url.protocol === 'rediss:' && { tls: {} }),
  };
}

/** The one place every Redis client's options come from (ioredis, BullMQ, the Nest transport, the runner). */
export function redisConnection(env: RedisSettings): RedisConnection {
  if (env.REDIS_URL !== undefined) {
    const parsed = parseRedisUrl(env.REDIS_URL);
    if (!parsed) throw new Error(`REDIS_URL: ${REDIS_URL_FORM}`);
    return parsed.password === undefined && env.REDIS_PASSWORD !== undefined
      ? { ...parsed, password: env.REDIS_PASSWORD }
      : parsed;
  }
  return {
    host: env.REDIS_HOST,
    port: env.REDIS_PORT,
    ...(env.REDIS_PASSWORD !== undefined && { password: env.REDIS_PASSWORD }),
  };
}

/** host:port for log lines (never the password). */
export function redisAddress(connection: RedisConnection): string {
  return `${connection.tls ? 'rediss' : 'redis'}://${connection.host}:${connection.port}`;
}

/**
 * A Redis client whose connection errors go to the log, one warning per 10 s: failures also surface
 * through the commands that hit them, and without a listener ioredis prints every retry as an
 * "Unhandled error event" (multi-line text in the middle of the JSON log while Redis restarts).
 */
export function quietRedis<T extends ErrorEmitter>(
  client: T,
  label: string,
  logger: Pick<LoggerService, 'warn'> = new Logger('Redis'),
): T {
  logConnectionErrors(client, `redis (${label})`, logger);
  return client;
}
