import { loadStationEnv, redisConnection } from '@h4k/config';
import { startService } from '@h4k/contracts';
import { DownloaderModule } from './downloader.module';

const env = loadStationEnv();
void startService('downloader', DownloaderModule, redisConnection(env));
