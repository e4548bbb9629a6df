import { z } from 'zod';
import type { ServiceHealth } from './services';

/** Downloader: owns yt-dlp and ffmpeg. Do not rename patterns. */
export const DOWNLOADER_PATTERNS = {
  health: 'downloader.health',
  cancel: 'downloader.cancel',
} as const;

/**
 * BullMQ queue of song downloads: competing consumers, each job done once by one downloader.
 * Do not rename without a migration (waiting jobs live under this name in Redis).
 * Add with `queue.add(DOWNLOAD_JOB_NAME, job, { jobId: job.id })` so a job can be found and cancelled by id.
 */
export const DOWNLOAD_QUEUE = 'h4k-downloads';
export const DOWNLOAD_JOB_NAME = 'download';
/** Redis pub/sub channel of `DownloadEvent`s (JSON), for the gateway's SSE. Do not rename. */
export const DOWNLOAD_EVENTS_CHANNEL = 'h4k:downloads:events';
/** Uploaded files must be written under `${H4K_DATA_DIR}/<this>`; the downloader refuses any other path and deletes the upload when done. */
export const DOWNLOAD_UPLOADS_SUBDIR = 'tmp/uploads';

export const downloadTargetSchema = z.enum(['user', 'fallback']);
export type DownloadTarget = z.infer<typeof downloadTargetSchema>;

export const downloadSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('url'), url: z.string().min(1).max(2000) }).strict(),
  z.object({ kind: z.literal('file'), path: z.string().min(1).max(1000) }).strict(),
]);
export type DownloadSource = z.infer<typeof downloadSourceSchema>;

export const downloadJobSchema = z
  .object({
    id: z.uuid(),
    source: downloadSourceSchema,
    title: z.string().trim().min(1).max(200).optional(),
    artist: z.string().trim().min(1).max(200).optional(),
    target: downloadTargetSchema,
    owner: z.string().min(1).max(64).optional(),
  })
  .strict();
export type DownloadJob = z.infer<typeof downloadJobSchema>;

export const downloadStatusSchema = z.enum(['downloading', 'processing', 'ready', 'failed']);
export type DownloadStatus = z.infer<typeof downloadStatusSchema>;

export const downloadEventSchema = z
  .object({
    id: z.uuid(),
    status: downloadStatusSchema,
    percent: z.number().min(0).max(100).optional(),
    reason: z.string().optional(),
    /** Absolute path of the finished song (status `ready`): `${H4K_DATA_DIR}/music/<target>/<id>.ogg`. */
    file: z.string().optional(),
  })
  .strict();
export type DownloadEvent = z.infer<typeof downloadEventSchema>;

export const downloadCancelSchema = z.object({ id: z.uuid() }).strict();

export interface DownloadCancelResult {
  id: string;
  /** `waiting` jobs are removed; `active` ones are killed by the downloader running them. */
  state: 'waiting' | 'active' | 'finished' | 'unknown';
  cancelled: boolean;
}

export const downloaderRequestSchemas = {
  [DOWNLOADER_PATTERNS.health]: z.object({}).strict(),
  [DOWNLOADER_PATTERNS.cancel]: downloadCancelSchema,
};

export interface DownloaderResponses {
  [DOWNLOADER_PATTERNS.health]: ServiceHealth;
  [DOWNLOADER_PATTERNS.cancel]: DownloadCancelResult;
}
