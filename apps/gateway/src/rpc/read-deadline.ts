/**
 * How long /health, /metrics and the dashboard wait for one reading of another part (a service,
 * Icecast, Redis, the download queue): each shows what answered in time and the rest as down or
 * unknown, well inside Prometheus's default 10 s scrape timeout even when every part is slow.
 */
export const READ_TIMEOUT_MS = 2000;

/** What `work` resolves to, or a rejection once `ms` pass without an answer. */
export function withTimeout<T>(work: Promise<T>, ms = READ_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}
