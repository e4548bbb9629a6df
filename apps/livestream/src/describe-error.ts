/** A thrown value as one log-friendly line. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
