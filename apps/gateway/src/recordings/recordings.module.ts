import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';

import { RecordingsController } from './recordings.controller';
import { RecordingsHealth } from './recordings.health';
import { loadRecordingsSettings, RECORDINGS_SETTINGS } from './recordings.settings';
import { RecordingsStore } from './recordings.store';

@Module({
  imports: [TerminusModule],
  controllers: [RecordingsController],
  providers: [
    { provide: RECORDINGS_SETTINGS, useFactory: () => loadRecordingsSettings() },
    RecordingsStore,
    RecordingsHealth,
  ],
  exports: [RecordingsHealth],
})
export class RecordingsModule {}
