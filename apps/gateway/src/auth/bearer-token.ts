import { timingSafeEqual } from 'node:crypto';

import type { Request } from 'express';

export function bearerTokenOf(request: Request): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** Constant-time membership test, so response timing never reveals how much of a token matched. */
export function tokenMatchesAny(candidate: string, allowed: readonly string[]): boolean {
  const given = Buffer.from(candidate);
  let matched = false;
  for (const token of allowed) {
    const expected = Buffer.from(token);
    if (expected.length === given.length && timingSafeEqual(expected, given)) matched = true;
  }
  return matched;
}
