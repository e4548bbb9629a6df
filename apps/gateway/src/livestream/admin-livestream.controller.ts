import type { LivestreamStatus, LivestreamUserUsage } from '@h4k/contracts';
import { PATTERNS } from '@h4k/contracts';
import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { AdminTokenGuard } from '../auth/static-token.guards';
import { schemaRef } from '../openapi/api-schemas';
import { Services } from '../rpc/services.module';
import { type MintedDjToken, TokensService } from '../tokens/tokens.service';
import { MintLivestreamTokenDto } from './livestream.dto';

@ApiTags('admin: livestream')
@ApiBearerAuth()
@UseGuards(AdminTokenGuard)
@Controller('admin/livestream')
export class AdminLivestreamController {
  constructor(
    private readonly tokens: TokensService,
    private readonly services: Services,
  ) {}

  @Post('token')
  @ApiOperation({
    summary: 'Mint a DJ token and its short DJ key: either is the harbor password, valid 2 × max_streaming_seconds',
  })
  @ApiCreatedResponse({ schema: schemaRef('DjToken') })
  mintToken(@Body() request: MintLivestreamTokenDto): Promise<MintedDjToken> {
    return this.tokens.mintLivestream(request.user_id, request.max_streaming_seconds, request.label ?? null);
  }

  @Get()
  @ApiOperation({ summary: 'Who is live, since when, and how much time they have left' })
  @ApiOkResponse({ schema: schemaRef('LivestreamStatus') })
  status(): Promise<LivestreamStatus> {
    return this.services.send(PATTERNS.livestream.status, {});
  }

  @Get('users')
  @ApiOperation({ summary: 'Streamed and remaining time per DJ (totals are kept 30 days)' })
  @ApiOkResponse({ schema: { type: 'array', items: schemaRef('LivestreamUserUsage') } })
  users(): Promise<LivestreamUserUsage[]> {
    return this.services.send(PATTERNS.livestream.users, {});
  }

  @Post('kick')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Drop the current DJ now' })
  @ApiOkResponse({ schema: schemaRef('KickResult') })
  kick(): Promise<{ kicked: boolean; userId: string | null }> {
    return this.services.send(PATTERNS.livestream.kick, {});
  }

  @Post('reset/:user_id')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Give a DJ their whole allowance back (zero their streamed time) and lift a kick' })
  @ApiOkResponse({ schema: schemaRef('UsageReset') })
  reset(@Param('user_id') userId: string): Promise<{ userId: string; usedSeconds: number }> {
    return this.services.send(PATTERNS.livestream.reset, { userId });
  }
}
