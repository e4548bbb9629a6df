import { PATTERNS, type QueueList, type SongProgress } from '@h4k/contracts';
import {
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Request, Response } from 'express';

import {
  type Caller,
  CurrentCaller,
  CurrentListener,
  UserOrAdminGuard,
  UserTokenGuard,
} from '../auth/user-token.guard';
import { FreeDiskGuard } from '../disk/free-disk';
import { EventStreamLimit } from '../limits/event-stream-slots';
import { schemaRef } from '../openapi/api-schemas';
import { Services } from '../rpc/services.module';
import type { UserClaims } from '../tokens/token-claims';
import { ListenerSongsService } from './listener-songs.service';
import { SongEventStreams } from './song-event-streams';
import { ApiSongSubmission } from './submission-openapi';
import type { MySongs } from './submissions.dto';
import { type Accepted, SubmissionsService } from './submissions.service';

const SSE_RESPONSE = {
  description: "An endless event stream; each event's data is a SongProgress",
  content: { 'text/event-stream': { schema: { type: 'string' } } },
};

/** The listeners' queue: submit, follow, list and delete songs. */
@ApiTags('queue')
@Controller('queue')
export class QueueController {
  constructor(
    private readonly submissions: SubmissionsService,
    private readonly songs: ListenerSongsService,
    private readonly streams: SongEventStreams,
    private readonly services: Services,
  ) {}

  @Post('add')
  @HttpCode(HttpStatus.ACCEPTED)
  @UseGuards(UserTokenGuard, FreeDiskGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Submit a song (link or file): downloaded, normalised, then queued in fair order' })
  @ApiSongSubmission()
  add(@CurrentListener() claims: UserClaims, @Req() request: Request): Promise<Accepted> {
    return this.submissions.submitAsListener(claims, request);
  }

  @Get()
  @SkipThrottle()
  @ApiOperation({ summary: "What plays next: listeners' songs in order, then the next fallback songs" })
  @ApiOkResponse({ schema: schemaRef('QueueList') })
  list(): Promise<QueueList> {
    return this.services.send(PATTERNS.queue.list, {});
  }

  @Get('mine')
  @UseGuards(UserTokenGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: "The caller's songs, and how much of the quota they take" })
  @ApiOkResponse({ schema: schemaRef('MySongs') })
  mine(@CurrentListener() claims: UserClaims): Promise<MySongs> {
    return this.songs.mine(claims);
  }

  @Get('events')
  @UseGuards(UserTokenGuard)
  @ApiBearerAuth()
  @ApiQuery({ name: 'token', required: false, description: 'The user token, for an EventSource (no headers)' })
  @ApiOperation({
    summary: "Server-Sent Events: progress of the caller's songs",
    description:
      "Sends the latest status of each of the caller's songs first, then every change; a comment every 15 s.",
  })
  @ApiOkResponse(SSE_RESPONSE)
  @EventStreamLimit()
  events(@CurrentListener() claims: UserClaims, @Req() request: Request, @Res() response: Response): Promise<void> {
    return this.streams.openForOwner(claims.sub, request, response);
  }

  @Get(':id')
  @SkipThrottle()
  @ApiOperation({ summary: "A song's status: downloading/processing (percent), queued (position), played, failed…" })
  @ApiOkResponse({ schema: schemaRef('SongProgress') })
  status(@Param('id', new ParseUUIDPipe({ version: '4' })) id: string): Promise<SongProgress> {
    return this.songs.status(id);
  }

  @Get(':id/events')
  @SkipThrottle()
  @ApiOperation({ summary: "Server-Sent Events: one song's status, now and on every change" })
  @ApiOkResponse(SSE_RESPONSE)
  @EventStreamLimit()
  async songEvents(
    @Param('id', new ParseUUIDPipe({ version: '4' })) id: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    this.streams.openForSong(id, await this.songs.status(id), request, response);
  }

  @Delete(':id')
  @UseGuards(UserOrAdminGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Delete a song (its submitter, or an admin); cancels it while downloading' })
  remove(
    @Param('id', new ParseUUIDPipe({ version: '4' })) id: string,
    @CurrentCaller() caller: Caller,
  ): Promise<{ removed: true }> {
    return this.songs.remove(id, caller);
  }
}
