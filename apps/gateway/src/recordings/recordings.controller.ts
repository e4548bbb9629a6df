import {
  Controller,
  Delete,
  Get,
  HttpException,
  HttpStatus,
  NotFoundException,
  Param,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { AdminTokenGuard } from '../auth/static-token.guards';
import { schemaRef } from '../openapi/api-schemas';
import { RecordingIdParamDto, type RecordingList } from './recordings.dto';
import { RecordingsStore } from './recordings.store';

/** Recordings of live sets: Liquidsoap writes them to data/recordings, the admin lists, plays and deletes them. */
@ApiTags('admin: recordings')
@ApiBearerAuth()
@UseGuards(AdminTokenGuard)
@Controller('admin/recordings')
export class RecordingsController {
  constructor(private readonly store: RecordingsStore) {}

  @Get()
  @ApiOperation({ summary: 'Every recording of a live set, newest first, and whether recording is on now' })
  @ApiOkResponse({ schema: schemaRef('RecordingList') })
  async list(): Promise<RecordingList> {
    const [recordings, state] = await Promise.all([this.store.list(), this.store.state()]);
    return { recordings, ...state, retentionDays: this.store.settings.RECORDINGS_RETENTION_DAYS };
  }

  @Get(':id/file')
  @ApiOperation({
    summary: 'The recording as an Ogg/Opus file (HTTP Range requests supported: seek, resume)',
  })
  @ApiProduces('audio/ogg')
  @ApiOkResponse({ description: 'The Ogg/Opus file', schema: { type: 'string', format: 'binary' } })
  async file(@Param() params: RecordingIdParamDto, @Res() response: Response): Promise<void> {
    const path = await this.store.file(params.id);
    await new Promise<void>((done, fail) =>
      response.sendFile(
        path,
        {
          headers: {
            'Content-Type': 'audio/ogg',
            'Content-Disposition': `attachment; filename="${params.id}.opus"`,
            'Cache-Control': 'private, no-cache',
          },
        },
        (error?: Error & { status?: number }) => {
          // Sent, or the listener went away mid-file: nothing left to answer.
          if (!error || response.headersSent) return done();
          if (error.status === HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE) {
            return fail(new HttpException('the range asked for is past the end of the file', error.status));
          }
          fail(error.status === HttpStatus.NOT_FOUND ? new NotFoundException(`no recording ${params.id}`) : error);
        },
      ),
    );
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete a recording (its file and its details)' })
  @ApiOkResponse({ schema: schemaRef('Removed') })
  async remove(@Param() params: RecordingIdParamDto): Promise<{ removed: true }> {
    await this.store.remove(params.id);
    return { removed: true };
  }
}
