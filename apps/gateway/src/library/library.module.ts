import { Module } from '@nestjs/common';

import { DiskModule } from '../disk/disk.module';
import { SubmissionsModule } from '../queue/submissions.module';
import { LibraryController } from './library.controller';
import { LibraryAddController } from './library-add.controller';

@Module({ imports: [SubmissionsModule, DiskModule], controllers: [LibraryController, LibraryAddController] })
export class LibraryModule {}
