import { loadLivestreamEnv, serviceLaunch } from '@h4k/config';
import { startService } from '@h4k/contracts';

import { LivestreamModule } from './livestream.module';

void startService(...serviceLaunch('livestream', LivestreamModule, loadLivestreamEnv()));
