import { loadStationEnv, redisConnection } from '@h4k/config';
import { startService } from '@h4k/contracts';
import { QueueModule } from './queue.module';

const env = loadStationEnv();
void startService('queue', QueueModule, redisConnection(env));
