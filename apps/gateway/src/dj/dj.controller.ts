import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';

import { schemaRef } from '../openapi/api-schemas';
import type { LivestreamClaims } from '../tokens/token-claims';
import type { DjStatus, HarborAddress } from './dj.dto';
import { DjService } from './dj.service';
import { CurrentDj, DjTokenGuard } from './dj-token.guard';

/** The DJ's own routes: what their `/dj` page shows. */
@ApiTags('livestream')
@Controller('livestream')
export class DjController {
  constructor(private readonly dj: DjService) {}

  @Get('harbor')
  @SkipThrottle()
  @ApiOperation({ summary: "Where a DJ's encoder connects (host, port, mount, user): public, as on any DJ's page" })
  @ApiOkResponse({ schema: schemaRef('HarborAddress') })
  harbor(): HarborAddress {
    return this.dj.harbor();
  }

  @Get('me')
  @ApiBearerAuth()
  @UseGuards(DjTokenGuard)
  @ApiOperation({
    summary: 'The calling DJ (DJ token or DJ key): streamed and remaining time, and whether they are on air now',
  })
  @ApiOkResponse({ schema: schemaRef('DjStatus') })
  me(@CurrentDj() dj: LivestreamClaims): Promise<DjStatus> {
    return this.dj.status(dj);
  }
}
