import { rename, writeFile } from 'node:fs/promises';

import { GATEWAY_ENV, type GatewayEnv } from '@h4k/config';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Subscription } from 'rxjs';

import { NowPlayingService } from './now-playing.service';

/** `elapsedSeconds` is whole seconds: rewriting once a second keeps the file as fresh as the route. */
const REWRITE_EVERY_MS = 1000;

/**
 * Keeps `GET /now-playing`'s JSON in NOW_PLAYING_FILE, for Caddy to serve as a static file at any
 * rate (a busy station's widgets and players poll it): rewritten on every change and every second,
 * atomically (a temp file renamed over it), so a reader never sees half a file. Off when unset.
 */
@Injectable()
export class NowPlayingFile implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(NowPlayingFile.name);
  private readonly file: string | undefined;
  private subscription: Subscription | undefined;
  private timer: NodeJS.Timeout | undefined;
  private written = '';
  private writing: Promise<void> | undefined;
  private again = false;
  private failing = false;

  constructor(
    private readonly nowPlaying: NowPlayingService,
    @Inject(GATEWAY_ENV) env: GatewayEnv,
  ) {
    this.file = env.NOW_PLAYING_FILE;
  }

  onModuleInit(): void {
    if (!this.file) return;
    this.subscription = this.nowPlaying.changes.subscribe(() => void this.refresh());
    this.timer = setInterval(() => void this.refresh(), REWRITE_EVERY_MS).unref();
    void this.refresh();
  }

  async onModuleDestroy(): Promise<void> {
    this.subscription?.unsubscribe();
    clearInterval(this.timer);
    await this.writing;
  }

  /** One write at a time; a change during a write is written right after it. */
  refresh(): Promise<void> {
    if (this.writing) {
      this.again = true;
      return this.writing;
    }
    this.writing = this.write().finally(() => {
      this.writing = undefined;
      if (this.again) {
        this.again = false;
        void this.refresh();
      }
    });
    return this.writing;
  }

  private async write(): Promise<void> {
    const file = this.file;
    if (!file) return;
    const text = JSON.stringify(this.nowPlaying.get());
    if (text === this.written) return;
    const temp = `${file}.${process.pid}.tmp`;
    try {
      await writeFile(temp, text, { mode: 0o644 });
      await rename(temp, file);
      this.written = text;
      if (this.failing) this.logger.log(`writing ${file} again`);
      this.failing = false;
    } catch (error) {
      if (!this.failing)
        this.logger.warn(`cannot write ${file} (Caddy proxies to the route meanwhile): ${String(error)}`);
      this.failing = true;
    }
  }
}
