import { PATTERNS, type PlaylistContents } from '@h4k/contracts';
import { Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { AdminTokenGuard } from '../auth/static-token.guards';
import { schemaRef } from '../openapi/api-schemas';
import { PlaylistQueryDto } from '../playback/playback.dto';
import { Services } from '../rpc/services.module';
import { PlaylistEntryParamDto } from './admin-queue.dto';

/** The admin's view of either playlist: every entry, with ids to take one out. */
@ApiTags('admin: queue')
@ApiBearerAuth()
@UseGuards(AdminTokenGuard)
@Controller('admin/queue')
export class AdminQueueController {
  constructor(private readonly services: Services) {}

  @Get()
  @ApiOperation({ summary: "Every entry of one playlist, in MPD's order, the one on air marked current" })
  @ApiOkResponse({ schema: schemaRef('AdminPlaylist') })
  list(@Query() query: PlaylistQueryDto): Promise<PlaylistContents> {
    return this.services.send(PATTERNS.queue.playlistList, { playlist: query.playlist });
  }

  @Delete(':id')
  @ApiOperation({
    summary:
      "Take one entry out of a playlist: a listener's song loses its file and frees its slot; " +
      'a fallback song keeps its file (DELETE /admin/library/{id} deletes it)',
  })
  @ApiOkResponse({ schema: schemaRef('Removed') })
  remove(@Param() params: PlaylistEntryParamDto, @Query() query: PlaylistQueryDto): Promise<{ removed: true }> {
    return this.services.send(PATTERNS.queue.playlistRemove, { playlist: query.playlist, id: params.id });
  }

  @Post('clear')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: "Empty the listeners' queue (files deleted, slots freed, downloads dropped); the fallback is refused",
  })
  @ApiOkResponse({ schema: schemaRef('RemovedCount') })
  clear(@Query() query: PlaylistQueryDto): Promise<{ removed: number }> {
    return this.services.send(PATTERNS.queue.playlistClear, { playlist: query.playlist });
  }
}
