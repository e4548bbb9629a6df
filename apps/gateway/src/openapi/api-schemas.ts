import { libraryPageSchema, librarySongSchema, playbackStateSchema, playlistContentsSchema } from '@h4k/contracts';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { z } from 'zod';
import { removedCountSchema } from '../admin-queue/admin-queue.dto';
import { removedSchema } from '../library/library.dto';
import { nowPlayingSchema } from '../now-playing/now-playing.dto';
import { acceptedSchema, mySongsSchema, queueListSchema, songProgressSchema } from '../submissions/submissions.dto';
import { userTokenSchema } from '../tokens/user-token.dto';

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
} as const;

export type ResponseSchemaName = keyof typeof RESPONSE_SCHEMAS;

export function schemaRef(name: ResponseSchemaName): { $ref: string } {
  return { $ref: `#/components/schemas/${name}` };
}

export function responseSchemas(): Record<string, SchemaObject> {
  return Object.fromEntries(
    Object.entries(RESPONSE_SCHEMAS).map(([name, schema]) => {
      const { $schema: _ignored, ...json } = z.toJSONSchema(schema, {
        target: 'openapi-3.0',
        io: 'output',
      }) as Record<string, unknown>;
      return [name, json as SchemaObject];
    }),
  );
}
