import { z } from 'zod';

/** One message of a service's contract: the name it travels under, what it takes, what it answers. */
export interface Rpc<Name extends string, Request extends z.ZodType, Response extends z.ZodType> {
  pattern: Name;
  request: Request;
  response: Response;
}

/** The pattern travels over Redis: do not rename without a migration. */
export function rpc<const Name extends string, Request extends z.ZodType, Response extends z.ZodType>(
  pattern: Name,
  request: Request,
  response: Response,
): Rpc<Name, Request, Response> {
  return { pattern, request, response };
}

/** A service's contract: one entry per message, keyed by the name code calls it by. */
export type RpcTable = Record<string, Rpc<string, z.ZodType, z.ZodType>>;

/** The request of a message that takes nothing. */
export const emptyRequestSchema = z.object({}).strict();

/** Key → pattern name, e.g. `{ health: 'queue.health' }`. */
export function patternsOf<T extends RpcTable>(table: T): { readonly [K in keyof T]: T[K]['pattern'] } {
  return Object.fromEntries(Object.entries(table).map(([key, entry]) => [key, entry.pattern])) as {
    readonly [K in keyof T]: T[K]['pattern'];
  };
}

/** Pattern name → the schema `part` of its message. */
export function schemasOf<T extends RpcTable, Part extends 'request' | 'response'>(
  table: T,
  part: Part,
): { [K in keyof T as T[K]['pattern']]: T[K][Part] } {
  return Object.fromEntries(Object.values(table).map((entry) => [entry.pattern, entry[part]])) as {
    [K in keyof T as T[K]['pattern']]: T[K][Part];
  };
}
