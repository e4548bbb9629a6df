import { Controller, Delete, Get, Param, ParseUUIDPipe, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { AdminTokenGuard } from '../auth/static-token.guards';
import { schemaRef } from '../openapi/api-schemas';
import type { RevokedToken } from './admin-tokens.dto';
import { type IssuedToken, TokenRegistry } from './token-registry';
import { TokenRevocation } from './token-revocation';

@ApiTags('admin: tokens')
@ApiBearerAuth()
@UseGuards(AdminTokenGuard)
@Controller('admin/tokens')
export class AdminTokensController {
  constructor(
    private readonly registry: TokenRegistry,
    private readonly revocation: TokenRevocation,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Listener and DJ tokens issued and not yet expired, newest first, revoked ones marked' })
  @ApiOkResponse({ schema: { type: 'array', items: schemaRef('IssuedToken') } })
  list(): Promise<(IssuedToken & { revoked: boolean })[]> {
    return this.registry.list();
  }

  @Delete(':jti')
  @ApiOperation({
    summary: 'Revoke a token (and a DJ token’s DJ key) now; a DJ on air with it is dropped',
  })
  @ApiOkResponse({ schema: schemaRef('RevokedToken') })
  revoke(@Param('jti', new ParseUUIDPipe({ version: '4' })) jti: string): Promise<RevokedToken> {
    return this.revocation.revoke(jti);
  }
}
