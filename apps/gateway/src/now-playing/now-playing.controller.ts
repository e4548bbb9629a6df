import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { schemaRef } from '../openapi/api-schemas';
import type { NowPlaying } from './now-playing.dto';
import { NowPlayingService } from './now-playing.service';

@ApiTags('now-playing')
@Controller('now-playing')
export class NowPlayingController {
  constructor(private readonly nowPlaying: NowPlayingService) {}

  @Get()
  @ApiOperation({ summary: 'What is on air now, and from which tier' })
  @ApiOkResponse({ schema: schemaRef('NowPlaying') })
  get(): NowPlaying {
    return this.nowPlaying.get();
  }
}
