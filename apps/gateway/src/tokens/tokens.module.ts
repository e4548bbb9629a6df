import { Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';

import { AdminTokensController } from './admin-tokens.controller';
import { DjKeys } from './dj-keys';
import { RevokedTokenSignals } from './revoked-token-signals';
import { TokenRegistry } from './token-registry';
import { TokenRevocation } from './token-revocation';
import { TokensService } from './tokens.service';
import { UserTokenController } from './user-token.controller';

@Global()
@Module({
  imports: [JwtModule.register({})],
  controllers: [UserTokenController, AdminTokensController],
  providers: [TokensService, TokenRegistry, DjKeys, TokenRevocation, RevokedTokenSignals],
  exports: [TokensService, RevokedTokenSignals],
})
export class TokensModule {}
