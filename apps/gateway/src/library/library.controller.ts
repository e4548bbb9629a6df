import { type LibraryPage, type LibrarySong, PATTERNS } from '@h4k/contracts';
import { Body, Controller, Delete, Get, Param, Patch, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { AdminTokenGuard } from '../auth/static-token.guards';
import { schemaRef } from '../openapi/api-schemas';
import { Services } from '../rpc/services.module';
import { LibraryIdParamDto, LibraryQueryDto, LibraryTagsDto } from './library.dto';

/** The fallback library: the songs the fallback playlist loops. The queue service owns the files and the MPD. */
@ApiTags('admin: library')
@ApiBearerAuth()
@UseGuards(AdminTokenGuard)
@Controller('admin/library')
export class LibraryController {
  constructor(private readonly services: Services) {}

  @Get()
  @ApiOperation({ summary: 'One page of the fallback library, sorted by title, optionally searched' })
  @ApiOkResponse({ schema: schemaRef('LibraryPage') })
  list(@Query() query: LibraryQueryDto): Promise<LibraryPage> {
    return this.services.send(PATTERNS.queue.libraryList, {
      page: query.page,
      pageSize: query.page_size,
      search: query.search,
    });
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete a song from the library: its file, and its place in the fallback playlist' })
  @ApiOkResponse({ schema: schemaRef('Removed') })
  remove(@Param() params: LibraryIdParamDto): Promise<{ removed: true }> {
    return this.services.send(PATTERNS.queue.libraryRemove, { id: params.id });
  }

  @Patch(':id')
  @ApiOperation({ summary: "Rewrite a library song's title and/or artist tags (the file keeps its name and id)" })
  @ApiOkResponse({ schema: schemaRef('LibrarySong') })
  retag(@Param() params: LibraryIdParamDto, @Body() tags: LibraryTagsDto): Promise<LibrarySong> {
    return this.services.send(PATTERNS.queue.libraryRetag, { id: params.id, title: tags.title, artist: tags.artist });
  }
}
