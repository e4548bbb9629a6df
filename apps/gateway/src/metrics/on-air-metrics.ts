import { type Tier, TIERS } from '@h4k/contracts';
import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import type { Subscription } from 'rxjs';

import { NowPlayingService } from '../now-playing/now-playing.service';
import { MetricsRegistry } from './metrics-registry';

/** The tier that plays when every source is gone: the station is off air while it does. */
const OFF_AIR_TIER: Tier = 'noise';

/** What is on air, from the now-playing reports Liquidsoap sends the gateway. */
@Injectable()
export class OnAirMetrics implements OnApplicationBootstrap, OnModuleDestroy {
  private tier: Tier = OFF_AIR_TIER;
  /** Off-air time is added up to this moment. */
  private accountedAt = Date.now();
  private subscription: Subscription | undefined;
  private readonly onAir: Gauge<'tier'>;
  private readonly switches: Counter<'from' | 'to'>;
  private readonly deadAir: Counter;

  constructor(
    private readonly nowPlaying: NowPlayingService,
    registry: MetricsRegistry,
  ) {
    this.onAir = new Gauge({
      name: 'h4k_tier_on_air',
      help: 'The tier on air: 1 for the one playing, 0 for the others (live, user, fallback, noise)',
      labelNames: ['tier'],
      registers: [registry],
      collect: () => {
        for (const tier of TIERS) this.onAir.set({ tier }, tier === this.tier ? 1 : 0);
      },
    });
    this.switches = new Counter({
      name: 'h4k_tier_switches_total',
      help: 'Changes of the tier on air, by the tier before and after',
      labelNames: ['from', 'to'],
      registers: [registry],
    });
    this.deadAir = new Counter({
      name: 'h4k_dead_air_seconds_total',
      help: 'Seconds off air: the noise tier playing because no other source could',
      registers: [registry],
      collect: () => this.accountDeadAir(),
    });
  }

  /** After every module's init, so the tier restored from Redis is the starting point. */
  onApplicationBootstrap(): void {
    this.tier = this.nowPlaying.get().tier;
    this.accountedAt = Date.now();
    this.subscription = this.nowPlaying.changes.subscribe(({ nowPlaying }) => this.observe(nowPlaying.tier));
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  private observe(next: Tier): void {
    if (next === this.tier) return;
    this.accountDeadAir();
    this.switches.inc({ from: this.tier, to: next });
    this.tier = next;
  }

  private accountDeadAir(): void {
    const now = Date.now();
    if (this.tier === OFF_AIR_TIER) this.deadAir.inc((now - this.accountedAt) / 1000);
    this.accountedAt = now;
  }
}
