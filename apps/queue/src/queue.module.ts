import { loadQueueEnv, ServiceConfigModule } from '@h4k/config';
import { RpcErrorFilter } from '@h4k/contracts';
import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';

import { AdminQueueController } from './admin-queue/admin-queue.controller';
import { AdminQueueService } from './admin-queue/admin-queue.service';
import { FallbackPlaylistService } from './fallback/fallback-playlist.service';
import { Handovers } from './handover/handovers';
import { HealthController } from './health/health.controller';
import { PlaybackHolds } from './holds/playback-holds';
import { fallbackMusicDirProvider } from './library/fallback-music-dir';
import { LibraryController } from './library/library.controller';
import { LibraryService } from './library/library.service';
import { TagWriter } from './library/tag-writer';
import { MpdModule } from './mpd/mpd.module';
import { PlaybackController } from './playback/playback.controller';
import { PlaybackService } from './playback/playback.service';
import { QueueRedisModule } from './redis/queue-redis';
import { UserQueueService } from './user-queue/user-queue.service';
import { DownloadedSongs } from './user-songs/downloaded-songs';
import { SongStore } from './user-songs/song-store';
import { userMusicDirProvider } from './user-songs/user-music-dir';
import { UserSongsController } from './user-songs/user-songs.controller';
import { UserSongsService } from './user-songs/user-songs.service';

@Module({
  imports: [ServiceConfigModule.forRoot(loadQueueEnv), MpdModule, QueueRedisModule],
  controllers: [HealthController, PlaybackController, UserSongsController, LibraryController, AdminQueueController],
  providers: [
    { provide: APP_FILTER, useClass: RpcErrorFilter },
    PlaybackHolds,
    Handovers,
    FallbackPlaylistService,
    UserQueueService,
    PlaybackService,
    userMusicDirProvider,
    SongStore,
    UserSongsService,
    DownloadedSongs,
    fallbackMusicDirProvider,
    TagWriter,
    LibraryService,
    AdminQueueService,
  ],
})
export class QueueModule {}
