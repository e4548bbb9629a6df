import { readFileSync } from 'node:fs';

/**
 * Open files each listener costs: one socket in Icecast, and two in Caddy when it passes the stream
 * on. Icecast 2.4 does not raise its own limit, so the runner's (inherited by every process) decides.
 */
export function openFilesNeeded(maxListeners: number): number {
  // /radio and /radio.mp3 may each be full, plus sources, status reads, logs.
  return 2 * maxListeners + 256;
}

/** The soft "Max open files" of a /proc/<pid>/limits text; undefined when unlimited or absent. */
export function parseOpenFilesLimit(limits: string): number | undefined {
  const value = /^Max open files\s+(\d+)/m.exec(limits)?.[1];
  return value === undefined ? undefined : Number(value);
}

/** A warning when this process (and so every process it starts) may not open enough files for MAX_LISTENERS. */
export function openFilesWarning(
  maxListeners: number,
  limits = readFileSync('/proc/self/limits', 'utf8'),
): string | undefined {
  const limit = parseOpenFilesLimit(limits);
  const needed = openFilesNeeded(maxListeners);
  if (limit === undefined || limit >= needed) return undefined;
  return (
    `Warning: only ${limit} open files allowed, and MAX_LISTENERS=${maxListeners} needs about ${needed}: ` +
    `listeners past the limit would be cut off. Raise it (ulimit -Hn, or LimitNOFILE in a systemd unit) or lower MAX_LISTENERS.`
  );
}
