import { STATION_ENV, type StationEnv } from '@h4k/config';
import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import {
  livestreamClaimsSchema,
  userClaimsSchema,
  type LivestreamClaims,
  type TokenType,
  type UserClaims,
} from './token-claims';

/** Only this algorithm is ever accepted: `alg: none` and key-confusion tricks fail verification. */
const ALGORITHM = 'HS256';

export interface MintedToken {
  token: string;
  expires_at: string;
}

@Injectable()
export class TokensService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(STATION_ENV) private readonly env: StationEnv,
  ) {}

  /** A livestream token lives twice as long as the streaming it allows. */
  async mintLivestream(userId: string, maxStreamingSeconds: number, label: string | null): Promise<MintedToken> {
    const expiresIn = 2 * maxStreamingSeconds;
    const token = await this.jwt.signAsync(
      { type: 'livestream', user_id: userId, max_streaming_seconds: maxStreamingSeconds, label },
      { secret: this.env.JWT_SECRET, algorithm: ALGORITHM, expiresIn, jwtid: randomUUID() },
    );
    return { token, expires_at: new Date(Date.now() + expiresIn * 1000).toISOString() };
  }

  /** A listener's token; each mint is a new listener (its own quota). */
  async mintUser(
    durationSeconds: number,
    maxQueueSongs: number,
    maxAddRequests: number | null,
  ): Promise<MintedToken & { user_id: string }> {
    const userId = randomUUID();
    const token = await this.jwt.signAsync(
      { type: 'user', max_queue_songs: maxQueueSongs, max_add_requests: maxAddRequests },
      { secret: this.env.JWT_SECRET, algorithm: ALGORITHM, expiresIn: durationSeconds, subject: userId },
    );
    return { token, expires_at: new Date(Date.now() + durationSeconds * 1000).toISOString(), user_id: userId };
  }

  verifyUser(token: string): Promise<UserClaims> {
    return this.verify(token, 'user', userClaimsSchema);
  }

  verifyLivestream(token: string): Promise<LivestreamClaims> {
    return this.verify(token, 'livestream', livestreamClaimsSchema);
  }

  private async verify<S extends z.ZodType<{ type: TokenType }>>(
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
    return claims.data;
  }
}
