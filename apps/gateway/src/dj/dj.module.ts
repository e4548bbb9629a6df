import { Module } from '@nestjs/common';
import { DjTokenGuard } from './dj-token.guard';
import { DjController } from './dj.controller';
import { DjService } from './dj.service';

@Module({
  controllers: [DjController],
  providers: [DjService, DjTokenGuard],
})
export class DjModule {}
