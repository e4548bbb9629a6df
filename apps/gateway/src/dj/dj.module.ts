import { Module } from '@nestjs/common';

import { DjController } from './dj.controller';
import { DjService } from './dj.service';
import { DjTokenGuard } from './dj-token.guard';

@Module({
  controllers: [DjController],
  providers: [DjService, DjTokenGuard],
})
export class DjModule {}
