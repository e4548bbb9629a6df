import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Request, Response } from 'express';

import { EventStreamLimit } from '../limits/event-stream-slots';
import { schemaRef } from '../openapi/api-schemas';
import type { NowPlaying } from './now-playing.dto';
import { NowPlayingService } from './now-playing.service';
import { NowPlayingEvents } from './now-playing-events';

/** Public and served from memory: no request ceiling; event streams are capped per address. */
@ApiTags('now-playing')
@SkipThrottle()
@Controller('now-playing')
export class NowPlayingController {
  constructor(
    private readonly nowPlaying: NowPlayingService,
    private readonly events: NowPlayingEvents,
  ) {}

  @Get()
  @ApiOperation({ summary: 'What is on air now, from which tier, and for how long' })
  @ApiOkResponse({ schema: schemaRef('NowPlaying') })
  get(): NowPlaying {
    return this.nowPlaying.get();
  }

  @Get('events')
  @ApiOperation({
    summary: 'Server-Sent Events: the NowPlaying JSON on every change',
    description:
      'Use an EventSource. Each event has an id and, as data, the NowPlaying JSON; the current state is sent on ' +
      'connect unless Last-Event-ID already names it. A listener or fallback song can come twice: at once, then with ' +
      'its duration and submitter when the queue service was slow to tell. `elapsedSeconds` is as of sending: count ' +
      'on from `since`. A comment line every 15 s keeps proxies from closing the stream.',
  })
  @ApiOkResponse({
    description: "An endless event stream; each event's data is a NowPlaying",
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  @EventStreamLimit()
  stream(@Req() request: Request, @Res() response: Response): void {
    this.events.open(request, response);
  }
}
