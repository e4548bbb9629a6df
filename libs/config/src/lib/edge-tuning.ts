/**
 * Caddy's Go GC (`npm run bench -- now-playing-http`): at 200 connections on 2 cores most of
 * Caddy's tail latency is collections of a heap that is mostly short-lived request garbage.
 * GOGC=400 collects a quarter as often (p99 ~100 → ~75 ms, +10 % req/s); GOMEMLIMIT keeps a burst
 * from growing the heap past 128 MiB. Idle, the heap is a few MiB either way.
 */
export const CADDY_GC = { GOGC: '400', GOMEMLIMIT: '128MiB' } as const;
