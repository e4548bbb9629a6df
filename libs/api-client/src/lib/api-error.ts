/**
 * Body of every error response of the gateway (NestJS' default exception
 * filter shape). `message` is an array for validation errors.
 *
 * Not part of openapi.json (the spec only documents success bodies), so it
 * is written by hand here.
 */
export interface ApiErrorBody {
  statusCode: number;
  error?: string;
  message: string | string[];
}

export function isApiErrorBody(body: unknown): body is ApiErrorBody {
  if (typeof body !== 'object' || body === null) return false;
  const { statusCode, message } = body as Record<string, unknown>;
  return (
    typeof statusCode === 'number' &&
    (typeof message === 'string' ||
      (Array.isArray(message) && message.every((m): m is string => typeof m === 'string')))
  );
}
