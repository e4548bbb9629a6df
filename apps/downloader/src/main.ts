import { loadDownloaderEnv, serviceLaunch } from '@h4k/config';
import { startService } from '@h4k/contracts';

import { DownloaderModule } from './downloader.module';

void startService(...serviceLaunch('downloader', DownloaderModule, loadDownloaderEnv()));
