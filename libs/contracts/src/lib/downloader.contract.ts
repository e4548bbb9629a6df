import { z } from 'zod';

import { emptyRequestSchema, rpc } from './rpc';
import { serviceHealthSchema } from './services';
import { MAX_TAG_LENGTH, strictText } from './text';

/**
 * BullMQ queue of song downloads: competing consumers, each job done once by one downloader.
 * Do not rename without a migration (waiting jobs live under this name in Redis).
 * Add with `queue.add(DOWNLOAD_JOB_NAME, job, { jobId: job.id })` so a job can be found and cancelled by id.
 */
export const DOWNLOAD_QUEUE = 'h4k-downloads';
export const DOWNLOAD_JOB_NAME = 'download';
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
    title: strictText(MAX_TAG_LENGTH).optional(),
    artist: strictText(MAX_TAG_LENGTH).optional(),
    target: downloadTargetSchema,
    owner: z.string().min(1).max(200).optional().describe('Who submitted it (user songs); echoed in song events'),
  })
  .strict();
export type DownloadJob = z.infer<typeof downloadJobSchema>;

export const downloadCancelSchema = z.object({ id: z.uuid() }).strict();

export const downloadCancelResultSchema = z.object({
  id: z.string(),
  /** `waiting` jobs are removed; `active` ones are killed by the downloader running them. */
  state: z.enum(['waiting', 'active', 'finished', 'unknown']),
  cancelled: z.boolean(),
});
export type DownloadCancelResult = z.infer<typeof downloadCancelResultSchema>;

export const downloadVetSchema = z.object({ source: downloadSourceSchema }).strict();
export type DownloadVet = z.infer<typeof downloadVetSchema>;

export const downloadVetResultSchema = z.object({
  /** One waiting copy per source: the normalised link, or `upload:<sha256>` of the file. */
  sourceKey: z.string(),
  /** Known for uploads (ffprobe); null for links until the download reads it. */
  durationSeconds: z.number().nullable(),
});
export type DownloadVetResult = z.infer<typeof downloadVetResultSchema>;

/** Downloader: owns yt-dlp and ffmpeg. */
export const DOWNLOADER_RPCS = {
  health: rpc('downloader.health', emptyRequestSchema, serviceHealthSchema),
  cancel: rpc('downloader.cancel', downloadCancelSchema, downloadCancelResultSchema),
  /**
   * The checks that need no download, before a song is accepted: the link's shape and addresses
   * (and obvious playlist links), or an upload's content, size and duration. BAD_REQUEST /
   * PAYLOAD_TOO_LARGE with the reason when refused. Read-only: any instance may answer.
   */
  vet: rpc('downloader.vet', downloadVetSchema, downloadVetResultSchema),
};
