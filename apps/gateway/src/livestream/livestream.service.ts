import { type LiveSession, type LivestreamGrant, PATTERNS } from '@h4k/contracts';
import { Injectable, Logger, UnauthorizedException } from '@nestjs/common';

import { NowPlayingService } from '../now-playing/now-playing.service';
import { Services } from '../rpc/services.module';
import type { LivestreamClaims } from '../tokens/token-claims';
import { TokensService } from '../tokens/tokens.service';
import { credentialFromHarbor } from './harbor-password';
import type { HarborAuthDto, HarborConnectDto } from './livestream.dto';

@Injectable()
export class LivestreamGatewayService {
  private readonly logger = new Logger('Livestream');

  constructor(
    private readonly tokens: TokensService,
    private readonly services: Services,
    private readonly nowPlaying: NowPlayingService,
  ) {}

  /** Harbor auth: a valid, unrevoked DJ JWT or DJ key with time left, and the single live slot free. */
  async authorizeHarbor(request: HarborAuthDto): Promise<LivestreamGrant> {
    try {
      const claims = await this.harborClaims(request);
      const grant = await this.services.send(PATTERNS.livestream.authorize, {
        userId: claims.user_id,
        label: claims.label ?? null,
        maxStreamingSeconds: claims.max_streaming_seconds,
        tokenExpiresAt: claims.exp,
        address: request.address,
        tokenId: claims.jti,
      });
      if (await this.tokens.isRevoked(claims.jti)) {
        // Revoked while the slot was being taken: that revocation's drop may have come before this grant.
        await this.services.send(PATTERNS.livestream.revoke, { tokenId: claims.jti });
        throw new UnauthorizedException('token revoked');
      }
      this.logger.log(`DJ ${grant.userId} from ${request.address} authorized, ${grant.remainingSeconds} s left`);
      return grant;
    } catch (error) {
      this.logger.warn(`DJ from ${request.address} refused: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    }
  }

  async connected(request: HarborConnectDto): Promise<LiveSession> {
    const headers = {
      name: request.headers['ice-name'],
      description: request.headers['ice-description'],
      genre: request.headers['ice-genre'],
      url: request.headers['ice-url'],
    };
    const session = await this.services.send(PATTERNS.livestream.connected, {
      headers,
      ageSeconds: request.age ?? 0,
    });
    this.nowPlaying.setLiveShow({ name: headers.name ?? session.label, description: headers.description });
    await this.holdUserQueue(true);
    return session;
  }

  async disconnected(): Promise<void> {
    this.nowPlaying.setLiveShow(null);
    await this.services.send(PATTERNS.livestream.disconnected, {});
    await this.holdUserQueue(false);
  }

  private async harborClaims(request: HarborAuthDto): Promise<LivestreamClaims> {
    const credential = credentialFromHarbor(request.user, request.password);
    if (!credential) throw new UnauthorizedException('no token in the harbor password');
    if (credential.kind === 'jwt') return this.tokens.verifyLivestream(credential.token);
    const claims = await this.tokens.verifyDjKey(credential.key);
    if (credential.user !== null && credential.user !== claims.user_id) {
      throw new UnauthorizedException('this DJ key belongs to another user name');
    }
    return claims;
  }

  /**
   * Queued songs wait while a DJ is live (the user MPD pauses) and play on after. Never blocks or
   * fails the harbor callback: the queue service stores the flag even when its MPD is down.
   */
  private async holdUserQueue(live: boolean): Promise<void> {
    const pattern = live ? PATTERNS.queue.liveStarted : PATTERNS.queue.liveEnded;
    await this.services.send(pattern, {}, { timeoutMs: 2000 }).catch((error: unknown) => {
      this.logger.warn(`${pattern} failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  }
}
