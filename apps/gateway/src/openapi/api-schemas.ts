import { libraryPageSchema, librarySongSchema, playbackStateSchema, playlistContentsSchema } from '@h4k/contracts';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { z } from 'zod';

import { removedCountSchema } from '../admin-queue/admin-queue.dto';
import { djStatusSchema, harborAddressSchema } from '../dj/dj.dto';
import { httpErrorBodySchema } from '../errors/http-error.filter';
import { historyEntrySchema } from '../history/history.dto';
import { removedSchema } from '../library/library.dto';
import {
  djTokenSchema,
  kickResultSchema,
  livestreamStatusSchema,
  livestreamUserUsageSchema,
  usageResetSchema,
} from '../livestream/livestream.dto';
import { nowPlayingSchema } from '../now-playing/now-playing.dto';
import { stationOverviewSchema } from '../overview/station-overview.dto';
import { acceptedSchema, mySongsSchema, queueListSchema, songProgressSchema } from '../queue/submissions.dto';
import { recordingListSchema } from '../recordings/recordings.dto';
import { revokedTokenSchema } from '../tokens/admin-tokens.dto';
import { issuedTokenSchema } from '../tokens/token-registry';
import { userTokenSchema } from '../tokens/user-token.dto';
import { createdWebhookSchema, webhookDeliverySchema, webhookSchema } from '../webhooks/webhooks.dto';

/**
 * Response schemas, written once in zod and published under these names in the OpenAPI spec
 * (the panel's client is generated from it). Request bodies go through nestjs-zod DTOs.
 */
const RESPONSE_SCHEMAS = {
  NowPlaying: nowPlayingSchema,
  PlaybackState: playbackStateSchema,
  SubmissionAccepted: acceptedSchema,
  SongProgress: songProgressSchema,
  QueueList: queueListSchema,
  MySongs: mySongsSchema,
  UserToken: userTokenSchema,
  LibrarySong: librarySongSchema,
  LibraryPage: libraryPageSchema,
  AdminPlaylist: playlistContentsSchema,
  Removed: removedSchema,
  RemovedCount: removedCountSchema,
  LivestreamStatus: livestreamStatusSchema,
  LivestreamUserUsage: livestreamUserUsageSchema,
  DjToken: djTokenSchema,
  KickResult: kickResultSchema,
  UsageReset: usageResetSchema,
  IssuedToken: issuedTokenSchema.extend({ revoked: z.boolean().describe('Refused from now until it expires') }),
  RevokedToken: revokedTokenSchema,
  HttpError: httpErrorBodySchema,
  HarborAddress: harborAddressSchema,
  DjStatus: djStatusSchema,
  StationOverview: stationOverviewSchema,
  HistoryEntry: historyEntrySchema,
  Webhook: webhookSchema,
  CreatedWebhook: createdWebhookSchema,
  WebhookDelivery: webhookDeliverySchema,
  RecordingList: recordingListSchema,
} as const;

export type ResponseSchemaName = keyof typeof RESPONSE_SCHEMAS;

export function schemaRef(name: ResponseSchemaName): { $ref: string } {
  return { $ref: `#/components/schemas/${name}` };
}

export function responseSchemas(): Record<string, SchemaObject> {
  const schemas: Record<string, SchemaObject> = {};
  for (const [name, schema] of Object.entries(RESPONSE_SCHEMAS)) {
    const { $schema: _ignored, ...json } = z.toJSONSchema(schema, {
      target: 'openapi-3.0',
      io: 'output',
    }) as Record<string, unknown>;
    schemas[name] = hoistNullableObjects(name, json as SchemaObject, schemas);
  }
  return schemas;
}

/**
 * A nullable object inside a schema becomes a schema of its own (`<Parent><Property>`), referenced
 * as nullable: ng-openapi-gen drops `| null` from an inline object whose own properties are
 * nullable, and the panel's types would then say "never null".
 */
function hoistNullableObjects(parent: string, schema: SchemaObject, into: Record<string, SchemaObject>): SchemaObject {
  if (schema.type === 'array' && schema.items && !('$ref' in schema.items)) {
    return { ...schema, items: hoistNullableObjects(parent, schema.items, into) };
  }
  if (!schema.properties) return schema;
  const properties: Record<string, SchemaObject> = {};
  for (const [key, property] of Object.entries(schema.properties)) {
    if ('$ref' in property) {
      properties[key] = property as SchemaObject;
      continue;
    }
    const child = `${parent}${key.charAt(0).toUpperCase()}${key.slice(1)}`;
    const inner = hoistNullableObjects(child, property, into);
    if (inner.nullable && inner.type === 'object') {
      const { nullable: _nullable, description, ...object } = inner;
      into[child] = object;
      properties[key] = { nullable: true, description, allOf: [{ $ref: `#/components/schemas/${child}` }] };
    } else {
      properties[key] = inner;
    }
  }
  return { ...schema, properties };
}
