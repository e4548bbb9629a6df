import { PATTERNS } from '@h4k/contracts';
import { Injectable, Logger, NotFoundException } from '@nestjs/common';

import { Services } from '../rpc/services.module';
import type { RevokedToken } from './admin-tokens.dto';
import { RevokedTokenSignals } from './revoked-token-signals';
import { TokenRegistry } from './token-registry';

/**
 * Revocation takes effect at once: the denylist is written first (every guard and the harbor auth refuse
 * the token from then on), a listener's open event streams are cut, then a DJ who is on air with it is
 * dropped. A failed drop surfaces as an error
 * (504/503) and revoking again retries it.
 */
@Injectable()
export class TokenRevocation {
  private readonly logger = new Logger('TokenRevocation');

  constructor(
    private readonly registry: TokenRegistry,
    private readonly services: Services,
    private readonly signals: RevokedTokenSignals,
  ) {}

  async revoke(jti: string): Promise<RevokedToken> {
    const token = await this.registry.revoke(jti);
    if (!token) throw new NotFoundException('no live token with this id (unknown, or already expired)');
    await this.signals.revoked(jti);
    let kicked = false;
    if (token.kind === 'livestream') {
      kicked = (await this.services.send(PATTERNS.livestream.revoke, { tokenId: jti })).kicked;
    }
    this.logger.log(`${token.kind} token ${jti} of ${token.user_id} revoked${kicked ? ', DJ dropped' : ''}`);
    return { jti, kind: token.kind, kicked };
  }
}
