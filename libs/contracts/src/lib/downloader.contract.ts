import { z } from 'zod';
import type { ServiceHealth } from './services';

/** Downloader: owns yt-dlp and ffmpeg. Do not rename patterns. */
export const DOWNLOADER_PATTERNS = {
  health: 'downloader.health',
} as const;

export const downloaderRequestSchemas = {
  [DOWNLOADER_PATTERNS.health]: z.object({}).strict(),
};

export interface DownloaderResponses {
  [DOWNLOADER_PATTERNS.health]: ServiceHealth;
}
