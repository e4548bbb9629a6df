import { randomBytes, randomUUID } from 'node:crypto';

import { GATEWAY_ENV, type GatewayEnv } from '@h4k/config';
import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { z } from 'zod';

import { djKeyHint, DjKeys } from './dj-keys';
import {
  type LivestreamClaims,
  livestreamClaimsSchema,
  type TokenType,
  type UserClaims,
  userClaimsSchema,
} from './token-claims';
import { TokenRegistry } from './token-registry';

/** Only this algorithm is ever accepted: `alg: none` and key-confusion tricks fail verification. */
const ALGORITHM = 'HS256';

export interface MintedToken {
  token: string;
  expires_at: string;
  /** The token's id: `DELETE /admin/tokens/{jti}` revokes it. */
  jti: string;
}

/** A DJ's credentials: the JWT and a short DJ key with the same claims, revoked together by their jti. */
export interface MintedDjToken extends MintedToken {
  key: string;
  user_id: string;
}

@Injectable()
export class TokensService {
  constructor(
    private readonly jwt: JwtService,
    private readonly registry: TokenRegistry,
    private readonly djKeys: DjKeys,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {}

  /** A livestream token lives twice as long as the streaming it allows; without a DJ id, one is made up. */
  async mintLivestream(
    userIdAsked: string | undefined,
    maxStreamingSeconds: number,
    label: string | null,
  ): Promise<MintedDjToken> {
    const userId = userIdAsked ?? `dj-${randomBytes(4).toString('hex')}`;
    const jti = randomUUID();
    const token = await this.jwt.signAsync(
      { type: 'livestream', user_id: userId, max_streaming_seconds: maxStreamingSeconds, label },
      { secret: this.env.JWT_SECRET, algorithm: ALGORITHM, expiresIn: 2 * maxStreamingSeconds, jwtid: jti },
    );
    const claims = livestreamClaimsSchema.parse(this.jwt.decode(token));
    const key = await this.djKeys.issue(claims);
    const expiresAt = new Date(claims.exp * 1000).toISOString();
    await this.registry.record({
      jti,
      kind: 'livestream',
      user_id: userId,
      label,
      created_at: new Date(claims.iat * 1000).toISOString(),
      expires_at: expiresAt,
      dj_key_hint: djKeyHint(key),
    });
    return { token, expires_at: expiresAt, jti, key, user_id: userId };
  }

  /** A listener's token; each mint is a new listener (its own quota). */
  async mintUser(
    durationSeconds: number,
    maxQueueSongs: number,
    maxAddRequests: number | null,
  ): Promise<MintedToken & { user_id: string }> {
    const userId = randomUUID();
    const jti = randomUUID();
    const token = await this.jwt.signAsync(
      { type: 'user', max_queue_songs: maxQueueSongs, max_add_requests: maxAddRequests },
      { secret: this.env.JWT_SECRET, algorithm: ALGORITHM, expiresIn: durationSeconds, subject: userId, jwtid: jti },
    );
    const claims = userClaimsSchema.parse(this.jwt.decode(token));
    const expiresAt = new Date(claims.exp * 1000).toISOString();
    await this.registry.record({
      jti,
      kind: 'user',
      user_id: userId,
      label: null,
      created_at: new Date(claims.iat * 1000).toISOString(),
      expires_at: expiresAt,
      dj_key_hint: null,
    });
    return { token, expires_at: expiresAt, jti, user_id: userId };
  }

  verifyUser(token: string): Promise<UserClaims> {
    return this.verify(token, 'user', userClaimsSchema);
  }

  verifyLivestream(token: string): Promise<LivestreamClaims> {
    return this.verify(token, 'livestream', livestreamClaimsSchema);
  }

  /** A DJ key stands for the JWT it was minted with: same claims, same expiry, same revocation. */
  async verifyDjKey(key: string): Promise<LivestreamClaims> {
    const claims = await this.djKeys.claimsOf(key);
    if (!claims) throw new UnauthorizedException('invalid DJ key');
    if (claims.exp * 1000 <= Date.now()) throw new UnauthorizedException('token expired');
    await this.refuseRevoked(claims.jti);
    return claims;
  }

  /** Revoked since it was checked? (The harbor auth asks again once the slot is taken.) */
  isRevoked(jti: string): Promise<boolean> {
    return this.registry.isRevoked(jti);
  }

  private async verify<S extends z.ZodType<{ type: TokenType; jti: string }>>(
    token: string,
    type: TokenType,
    schema: S,
  ): Promise<z.infer<S>> {
    let payload: unknown;
    try {
      payload = await this.jwt.verifyAsync(token, { secret: this.env.JWT_SECRET, algorithms: [ALGORITHM] });
    } catch (error) {
      const reason = error instanceof Error && error.name === 'TokenExpiredError' ? 'token expired' : 'invalid token';
      throw new UnauthorizedException(reason);
    }
    const typeOf = (payload as { type?: unknown }).type;
    if (typeOf !== type) throw new UnauthorizedException(`not a ${type} token`);
    const claims = schema.safeParse(payload);
    if (!claims.success) throw new UnauthorizedException(`malformed ${type} token`);
    await this.refuseRevoked(claims.data.jti);
    return claims.data;
  }

  private async refuseRevoked(jti: string): Promise<void> {
    if (await this.registry.isRevoked(jti)) throw new UnauthorizedException('token revoked');
  }
}
