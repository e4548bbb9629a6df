import { Module } from '@nestjs/common';

import { DiskModule } from '../disk/disk.module';
import { SubmissionsModule } from '../queue/submissions.module';
import { AdminQueueController } from './admin-queue.controller';
import { AdminQueueAddController } from './admin-queue-add.controller';

@Module({ imports: [SubmissionsModule, DiskModule], controllers: [AdminQueueController, AdminQueueAddController] })
export class AdminQueueModule {}
