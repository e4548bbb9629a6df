import { Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AdminTokensController } from './admin-tokens.controller';
import { DjKeys } from './dj-keys';
import { TokenRegistry } from './token-registry';
import { TokenRevocation } from './token-revocation';
import { TokensService } from './tokens.service';
import { UserTokenController } from './user-token.controller';

@Global()
@Module({
  imports: [JwtModule.register({})],
  controllers: [UserTokenController, AdminTokensController],
  providers: [TokensService, TokenRegistry, DjKeys, TokenRevocation],
  exports: [TokensService],
})
export class TokensModule {}
