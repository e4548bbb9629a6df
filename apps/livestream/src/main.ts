import { loadLivestreamEnv, redisConnection, structuredLogger, withStructuredLogs } from '@h4k/config';
import { startService } from '@h4k/contracts';

import { LivestreamModule } from './livestream.module';

const env = loadLivestreamEnv();
void startService(
  'livestream',
  withStructuredLogs('livestream', LivestreamModule, env),
  redisConnection(env),
  structuredLogger,
);
