import { Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { TokensService } from './tokens.service';
import { UserTokenController } from './user-token.controller';

@Global()
@Module({
  imports: [JwtModule.register({})],
  controllers: [UserTokenController],
  providers: [TokensService],
  exports: [TokensService],
})
export class TokensModule {}
