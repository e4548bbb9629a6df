import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { AdminTokenGuard } from '../auth/static-token.guards';
import { schemaRef } from '../openapi/api-schemas';
import type { StationOverview } from './station-overview.dto';
import { StationOverviewService } from './station-overview.service';

@ApiTags('admin: overview')
@ApiBearerAuth()
@UseGuards(AdminTokenGuard)
@Controller('admin/overview')
export class StationOverviewController {
  constructor(private readonly overview: StationOverviewService) {}

  @Get()
  @ApiOperation({
    summary: 'Listeners now, what each player is doing, and downloads in flight; a part that does not answer is null',
  })
  @ApiOkResponse({ schema: schemaRef('StationOverview') })
  read(): Promise<StationOverview> {
    return this.overview.read();
  }
}
