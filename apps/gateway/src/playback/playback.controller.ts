import { PATTERNS, type PlaybackState } from '@h4k/contracts';
import { Controller, HttpCode, HttpStatus, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { AdminTokenGuard } from '../auth/static-token.guards';
import { schemaRef } from '../openapi/api-schemas';
import { Services } from '../rpc/services.module';
import { PlaylistQueryDto } from './playback.dto';

/** Admin control of the two MPDs; the queue service does the work and answers with the resulting state. */
@ApiTags('admin: playback')
@ApiBearerAuth()
@UseGuards(AdminTokenGuard)
@Controller('admin')
export class PlaybackController {
  constructor(private readonly services: Services) {}

  @Post('play')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Play a playlist (lifts an admin's pause; the user queue stays paused while a DJ is live)" })
  @ApiOkResponse({ schema: schemaRef('PlaybackState') })
  play(@Query() query: PlaylistQueryDto): Promise<PlaybackState> {
    return this.services.send(PATTERNS.queue.playback, { playlist: query.playlist, action: 'play' });
  }

  @Post('pause')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Pause a playlist until play or resume (a paused fallback goes off air)' })
  @ApiOkResponse({ schema: schemaRef('PlaybackState') })
  pause(@Query() query: PlaylistQueryDto): Promise<PlaybackState> {
    return this.services.send(PATTERNS.queue.playback, { playlist: query.playlist, action: 'pause' });
  }

  @Post('resume')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Resume a paused playlist where it was (same as play)' })
  @ApiOkResponse({ schema: schemaRef('PlaybackState') })
  resume(@Query() query: PlaylistQueryDto): Promise<PlaybackState> {
    return this.services.send(PATTERNS.queue.playback, { playlist: query.playlist, action: 'resume' });
  }

  @Post('skip')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Skip to the next song; a paused playlist stays paused; a skipped user song leaves the queue',
  })
  @ApiOkResponse({ schema: schemaRef('PlaybackState') })
  skip(@Query() query: PlaylistQueryDto): Promise<PlaybackState> {
    return this.services.send(PATTERNS.queue.playback, { playlist: query.playlist, action: 'skip' });
  }

  @Post('setup-autoplay')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Reload every song of the fallback dir into the fallback playlist, repeat+random, play' })
  @ApiOkResponse({ schema: schemaRef('PlaybackState') })
  setupAutoplay(): Promise<PlaybackState> {
    return this.services.send(PATTERNS.queue.setupAutoplay, {});
  }
}
