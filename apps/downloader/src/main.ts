import { loadDownloaderEnv, redisConnection, structuredLogger, withStructuredLogs } from '@h4k/config';
import { startService } from '@h4k/contracts';

import { DownloaderModule } from './downloader.module';

const env = loadDownloaderEnv();
void startService(
  'downloader',
  withStructuredLogs('downloader', DownloaderModule, env),
  redisConnection(env),
  structuredLogger,
);
