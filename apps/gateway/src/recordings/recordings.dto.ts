import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

/**
 * A recording's id is its file name without `.opus`: `<UTC start>_<DJ>`, e.g. `20261130T054206Z_dj-alice`
 * (what Liquidsoap names it). Nothing else is accepted, so no id can name a path outside the dir.
 */
export const RECORDING_ID_PATTERN = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z_([A-Za-z0-9@._-]{1,64})$/;

export const recordingIdSchema = z
  .string()
  .regex(
    RECORDING_ID_PATTERN,
    'must be a recording id as GET /admin/recordings lists it, e.g. 20261130T054206Z_dj-alice',
  )
  .describe('The recording id from GET /admin/recordings');

export const recordingIdParamSchema = z.object({ id: recordingIdSchema });
export class RecordingIdParamDto extends createZodDto(recordingIdParamSchema) {}

export const recordingSchema = z.object({
  id: z.string().describe('Stable id: `<UTC start>_<DJ>`'),
  dj: z.string().describe('The DJ (user id of their livestream token)'),
  show: z.string().nullable().describe('The show name their encoder sent (ice-name), if any'),
  startedAt: z.string().describe('ISO time the recording started (the DJ first heard)'),
  durationSeconds: z.number().nullable().describe('Seconds of audio; null if the file holds none'),
  sizeBytes: z.number().int().describe('File size in bytes'),
});
export type Recording = z.infer<typeof recordingSchema>;

export const recordingListSchema = z.object({
  recordings: z.array(recordingSchema).describe('Newest first'),
  recording: z
    .enum(['on', 'paused', 'off'])
    .describe('Whether live sets are being recorded now: paused while the disk is below RECORDINGS_MIN_FREE_MB'),
  freeMb: z.number().int().nullable().describe('Free space where recordings go (MB)'),
  retentionDays: z.number().describe('Recordings older than this are deleted'),
});
export type RecordingList = z.infer<typeof recordingListSchema>;
