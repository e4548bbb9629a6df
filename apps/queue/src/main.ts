import { loadQueueEnv, serviceLaunch } from '@h4k/config';
import { startService } from '@h4k/contracts';

import { QueueModule } from './queue.module';

void startService(...serviceLaunch('queue', QueueModule, loadQueueEnv()));
