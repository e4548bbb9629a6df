import { Body, Controller, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { AdminTokenGuard } from '../auth/static-token.guards';
import { schemaRef } from '../openapi/api-schemas';
import { type MintedToken, TokensService } from './tokens.service';
import { MintUserTokenDto } from './user-token.dto';

@ApiTags('admin: tokens')
@ApiBearerAuth()
@UseGuards(AdminTokenGuard)
@Controller('admin')
export class UserTokenController {
  constructor(private readonly tokens: TokensService) {}

  @Post('token')
  @ApiOperation({ summary: "Mint a listener's token: may submit songs, at most max_queue_songs waiting at once" })
  @ApiCreatedResponse({ schema: schemaRef('UserToken') })
  mint(@Body() request: MintUserTokenDto): Promise<MintedToken & { user_id: string }> {
    return this.tokens.mintUser(request.duration_seconds, request.max_queue_songs, request.max_add_requests ?? null);
  }
}
