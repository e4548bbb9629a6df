import { Module } from '@nestjs/common';

import { FreeDisk, FreeDiskGuard } from './free-disk';

/** Free space of the dirs songs are written to: read by the submission routes' guard and /health. */
@Module({ providers: [FreeDisk, FreeDiskGuard], exports: [FreeDisk, FreeDiskGuard] })
export class DiskModule {}
