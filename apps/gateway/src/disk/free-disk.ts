import { statfs } from 'node:fs/promises';
import { dirname } from 'node:path';

import { dataDirs, type GatewayEnv, STATION_ENV } from '@h4k/config';
import { type CanActivate, Inject, Injectable } from '@nestjs/common';

/** What the station writes songs to: the music dirs, and the temp dir uploads and downloads pass through. */
export type StorageDir = 'music' | 'temp';

export interface DirSpace {
  dir: StorageDir;
  path: string;
  freeMb: number;
}

/** A submission refused because a dir it would fill has less free space than MIN_FREE_DISK_MB (HTTP 507). */
export class InsufficientStorageError extends Error {
  constructor(
    readonly low: DirSpace[],
    readonly minFreeMb: number,
  ) {
    super(
      `the station's disk is nearly full (${low.map((space) => `${space.dir} dir: ${space.freeMb} MB free`).join(', ')}; ` +
        `${minFreeMb} MB are kept free): no new songs until space is freed`,
    );
    this.name = 'InsufficientStorageError';
  }
}

@Injectable()
export class FreeDisk {
  constructor(@Inject(STATION_ENV) private readonly env: GatewayEnv) {}

  get minFreeMb(): number {
    return this.env.MIN_FREE_DISK_MB;
  }

  /** Free space for unprivileged writers (statfs `bavail`), per dir; a dir not made yet reads as its parent's. */
  async read(): Promise<DirSpace[]> {
    const dirs: [StorageDir, string][] = [
      ['music', dataDirs(this.env.H4K_DATA_DIR).music],
      ['temp', dataDirs(this.env.H4K_DATA_DIR).tmp],
    ];
    return Promise.all(dirs.map(async ([dir, path]) => ({ dir, path, freeMb: await freeMbAt(path) })));
  }

  async low(): Promise<DirSpace[]> {
    return (await this.read()).filter((space) => space.freeMb < this.env.MIN_FREE_DISK_MB);
  }

  async assertRoom(): Promise<void> {
    const low = await this.low();
    if (low.length > 0) throw new InsufficientStorageError(low, this.env.MIN_FREE_DISK_MB);
  }
}

/** On routes that store a song: refused before a byte of the body is read. */
@Injectable()
export class FreeDiskGuard implements CanActivate {
  constructor(private readonly disk: FreeDisk) {}

  async canActivate(): Promise<boolean> {
    await this.disk.assertRoom();
    return true;
  }
}

async function freeMbAt(path: string): Promise<number> {
  for (let current = path; ; current = dirname(current)) {
    try {
      const stats = await statfs(current);
      return Math.floor((stats.bavail * stats.bsize) / (1024 * 1024));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(current) === current) throw error;
    }
  }
}
