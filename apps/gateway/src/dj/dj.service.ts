import { GATEWAY_ENV, type GatewayEnv } from '@h4k/config';
import { PATTERNS } from '@h4k/contracts';
import { Inject, Injectable } from '@nestjs/common';

import { Services } from '../rpc/services.module';
import type { LivestreamClaims } from '../tokens/token-claims';
import type { DjStatus, HarborAddress } from './dj.dto';

/** Mount and user name radio.liq's harbor takes (see liquidsoap/radio.liq). */
const HARBOR_MOUNT = '/live';
const HARBOR_USER = 'source';

/** What a DJ may know about their own slot, and where their encoder connects. */
@Injectable()
export class DjService {
  constructor(
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
    private readonly services: Services,
  ) {}

  harbor(): HarborAddress {
    return {
      host: this.env.HARBOR_PUBLIC_HOST ?? this.env.H4K_DOMAIN ?? null,
      port: this.env.HARBOR_PUBLIC_PORT ?? this.env.HARBOR_PORT,
      mount: HARBOR_MOUNT,
      user: HARBOR_USER,
    };
  }

  /** Their usage from the livestream service's accounting; the allowance of the token they hold. */
  async status(dj: LivestreamClaims): Promise<DjStatus> {
    const [users, { live }] = await Promise.all([
      this.services.send(PATTERNS.livestream.users, {}),
      this.services.send(PATTERNS.livestream.status, {}),
    ]);
    const usage = users.find((user) => user.userId === dj.user_id);
    const usedSeconds = usage?.usedSeconds ?? 0;
    const onAir = live?.userId === dj.user_id ? live : null;
    return {
      userId: dj.user_id,
      label: dj.label ?? null,
      maxStreamingSeconds: dj.max_streaming_seconds,
      usedSeconds,
      remainingSeconds: onAir?.remainingSeconds ?? Math.max(0, dj.max_streaming_seconds - usedSeconds),
      kicked: usage?.kicked ?? false,
      expiresAt: new Date(dj.exp * 1000).toISOString(),
      onAir: onAir && { since: onAir.since, endsAt: onAir.endsAt, remainingSeconds: onAir.remainingSeconds },
    };
  }
}
