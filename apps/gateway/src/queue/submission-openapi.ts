import { MAX_TAG_LENGTH } from '@h4k/contracts';
import { applyDecorators } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConsumes,
  ApiRequestTimeoutResponse,
  ApiResponse,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';

import { schemaRef } from '../openapi/api-schemas';

/** The request body of every song submission route: a link as JSON, or a file as multipart. */
export function ApiSongSubmission(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiConsumes('application/json', 'multipart/form-data'),
    ApiBody({
      description:
        'JSON `{url, title?, artist?}`, or multipart/form-data with one `file` (audio) and optional `title`, ' +
        '`artist` fields. Exactly one of url and file.',
      schema: {
        type: 'object',
        properties: {
          url: { type: 'string', description: 'A song page or media link (http/https)', maxLength: 2000 },
          file: { type: 'string', format: 'binary', description: 'An audio file (multipart only)' },
          title: { type: 'string', maxLength: MAX_TAG_LENGTH, description: 'No control characters' },
          artist: { type: 'string', maxLength: MAX_TAG_LENGTH, description: 'No control characters' },
        },
      },
    }),
    ApiAcceptedResponse({
      description: 'Accepted: downloading. Follow it on GET /queue/{id} or the event streams.',
      schema: schemaRef('SubmissionAccepted'),
    }),
    ApiRequestTimeoutResponse({
      description:
        'The upload stalled: less than UPLOAD_MIN_PROGRESS_BYTES arrived in UPLOAD_IDLE_SECONDS (nothing kept)',
      schema: schemaRef('HttpError'),
    }),
    ApiResponse({
      status: 507,
      description:
        'The music or temp dir has less free space than MIN_FREE_DISK_MB: refused before the body is read (nothing kept)',
      schema: schemaRef('HttpError'),
    }),
    ApiTooManyRequestsResponse({
      description:
        "The listener's quota is full (uploads in progress count), the token's submissions are used up, " +
        'or the address sent too many requests or refused credentials',
      schema: schemaRef('HttpError'),
    }),
  );
}
