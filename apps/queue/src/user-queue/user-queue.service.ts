import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Mpds } from '../mpd/mpd.module';

/** The listeners' MPD plays each song once: consume on, no repeat, no random. */
@Injectable()
export class UserQueueService implements OnModuleInit {
  private readonly logger = new Logger(UserQueueService.name);

  constructor(private readonly mpds: Mpds) {}

  onModuleInit(): void {
    this.mpds.user.on('ready', () => {
      void this.mpds.user
        .use(async (mpd) => {
          await mpd.playbackOptions.setConsume(true);
          await mpd.playbackOptions.setRepeat(false);
          await mpd.playbackOptions.setRandom(false);
        })
        .catch((error: unknown) => this.logger.warn(`could not set consume mode: ${String(error)}`));
    });
  }
}
