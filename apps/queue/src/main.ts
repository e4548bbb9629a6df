import { loadQueueEnv, redisConnection, structuredLogger, withStructuredLogs } from '@h4k/config';
import { startService } from '@h4k/contracts';

import { QueueModule } from './queue.module';

const env = loadQueueEnv();
void startService('queue', withStructuredLogs('queue', QueueModule, env), redisConnection(env), structuredLogger);
