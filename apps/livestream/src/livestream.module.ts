import { loadLivestreamEnv, ServiceConfigModule } from '@h4k/config';
import { RpcErrorFilter } from '@h4k/contracts';
import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';

import { UsageStore } from './accounting/usage.store';
import { UsageReset } from './accounting/usage-reset';
import { HarborWatch } from './enforcement/harbor-watch';
import { Kicker } from './enforcement/kicker';
import { LeaseKeeper } from './enforcement/lease-keeper';
import { SessionEnforcer } from './enforcement/session-enforcer';
import { HealthController } from './health/health.controller';
import { LiquidsoapTelnet } from './liquidsoap/liquidsoap-telnet';
import { LiveSource } from './liquidsoap/live-source';
import { LiveOverview } from './overview/live-overview';
import { BootGate } from './reconcile/boot-gate';
import { Reconciler } from './reconcile/reconciler';
import { LivestreamRedis } from './redis/livestream-redis';
import { LivestreamController } from './rpc/livestream.controller';
import { LiveSessions } from './session/live-sessions';
import { SessionStore } from './session/session.store';
import { Authorizer } from './slot/authorizer';
import { SlotStore } from './slot/slot.store';
import { DEFAULT_TIMINGS, LIVESTREAM_TIMINGS } from './timings';

@Module({
  imports: [ServiceConfigModule.forRoot(loadLivestreamEnv)],
  controllers: [HealthController, LivestreamController],
  providers: [
    { provide: APP_FILTER, useClass: RpcErrorFilter },
    { provide: LIVESTREAM_TIMINGS, useValue: DEFAULT_TIMINGS },
    LiquidsoapTelnet,
    LiveSource,
    LivestreamRedis,
    SlotStore,
    UsageStore,
    UsageReset,
    SessionStore,
    Kicker,
    LeaseKeeper,
    SessionEnforcer,
    HarborWatch,
    LiveSessions,
    BootGate,
    Reconciler,
    Authorizer,
    LiveOverview,
  ],
})
export class LivestreamModule {}
