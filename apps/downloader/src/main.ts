import { loadStationEnv, redisConnection, structuredLogger, withStructuredLogs } from '@h4k/config';
import { startService } from '@h4k/contracts';
import { DownloaderModule } from './downloader.module';

const env = loadStationEnv();
void startService(
  'downloader',
  withStructuredLogs('downloader', DownloaderModule, env),
  redisConnection(env),
  structuredLogger,
);
