import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { schemaRef } from '../openapi/api-schemas';
import { type HistoryEntry, HistoryQueryDto } from './history.dto';
import { HistoryService } from './history.service';

@ApiTags('now-playing')
@Controller('history')
export class HistoryController {
  constructor(private readonly history: HistoryService) {}

  @Get()
  @ApiOperation({
    summary: 'What played in the last 7 days, newest first',
    description:
      'Each change is also sent on GET /now-playing/events as an event named `history` (the entry as data; an ' +
      'entry already sent comes again when its details arrive, with the same id).',
  })
  @ApiOkResponse({ schema: { type: 'array', items: schemaRef('HistoryEntry') } })
  @ApiBadRequestResponse({ schema: schemaRef('HttpError') })
  list(@Query() query: HistoryQueryDto): Promise<HistoryEntry[]> {
    return this.history.list(query.limit);
  }
}
