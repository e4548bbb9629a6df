import { z } from 'zod';

/** The station's microservices: each is a room whose only door is its contract. */
export const SERVICE_NAMES = ['queue', 'downloader', 'livestream'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** One external dependency as a service sees it (an MPD, Liquidsoap telnet, a binary). */
export const dependencyHealthSchema = z.object({
  name: z.string(),
  up: z.boolean(),
  detail: z.string().optional(),
});
export type DependencyHealth = z.infer<typeof dependencyHealthSchema>;

/** What every service's `health` pattern answers. */
export const serviceHealthSchema = z.object({
  service: z.enum(SERVICE_NAMES),
  dependencies: z.array(dependencyHealthSchema),
});
export type ServiceHealth = z.infer<typeof serviceHealthSchema>;
