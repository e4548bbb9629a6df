import { ConfigError } from '@h4k/config';
import { z } from 'zod';

/**
 * Recordings of live sets. Liquidsoap reads the same variables (it writes the files and pauses
 * below the free-space floor); the gateway lists, serves and deletes them and reports the pause.
 */
export const recordingsSettingsSchema = z.object({
  /** `false`: live sets are not recorded (existing recordings stay listed). */
  RECORDINGS: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default('true')
    .transform((raw) => raw === 'true'),
  /** Recordings whose set started longer ago than this are deleted (checked hourly). */
  RECORDINGS_RETENTION_DAYS: z.coerce.number().min(1).max(36_500).default(30),
  /** Below this much free space (MB) where recordings go, recording pauses and /health says so. */
  RECORDINGS_MIN_FREE_MB: z.coerce.number().int().min(0).max(1_000_000_000).default(1024),
});

export type RecordingsSettings = z.infer<typeof recordingsSettingsSchema>;

export const RECORDINGS_SETTINGS = Symbol('RECORDINGS_SETTINGS');

export function loadRecordingsSettings(env: Record<string, string | undefined> = process.env): RecordingsSettings {
  const parsed = recordingsSettingsSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  return parsed.data;
}
