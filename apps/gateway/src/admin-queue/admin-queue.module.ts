import { Module } from '@nestjs/common';
import { AdminQueueController } from './admin-queue.controller';

@Module({ controllers: [AdminQueueController] })
export class AdminQueueModule {}
