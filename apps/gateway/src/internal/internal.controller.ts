import type { LiveSession, LivestreamGrant } from '@h4k/contracts';
import { Body, Controller, HttpCode, HttpStatus, Post, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle, Throttle } from '@nestjs/throttler';
import type { Request } from 'express';

import { LiquidsoapTokenGuard } from '../auth/static-token.guards';
import { harborAddressOf, HarborAuthFailures } from '../limits/harbor-auth-failures';
import { HarborAuthDto, HarborConnectDto } from '../livestream/livestream.dto';
import { LivestreamGatewayService } from '../livestream/livestream.service';
import { NowPlayingReportDto } from '../now-playing/now-playing.dto';
import { NowPlayingService } from '../now-playing/now-playing.service';
import { LiveSets } from '../webhooks/live-sets';

/**
 * Liquidsoap's callbacks. Not in the public OpenAPI; only the Liquidsoap token gets in (wrong ones
 * are counted like any credential). The request ceiling counts harbor logins per DJ address; the
 * other callbacks are Liquidsoap's own and never throttled (a refused report leaves now-playing stale).
 */
@ApiExcludeController()
@SkipThrottle()
@UseGuards(LiquidsoapTokenGuard)
@Controller('internal')
export class InternalController {
  constructor(
    private readonly nowPlaying: NowPlayingService,
    private readonly livestream: LivestreamGatewayService,
    private readonly liveSets: LiveSets,
  ) {}

  @Post('now-playing')
  @HttpCode(HttpStatus.NO_CONTENT)
  async reportNowPlaying(@Body() report: NowPlayingReportDto): Promise<void> {
    await this.nowPlaying.report(report);
  }

  /** 200 lets the DJ in; anything else keeps them out (Liquidsoap fails closed). */
  @Post('livestream/auth')
  @HttpCode(HttpStatus.OK)
  @SkipThrottle({ default: false })
  @Throttle({ default: { getTracker: (request) => harborAddressOf(request as Request) } })
  @UseInterceptors(HarborAuthFailures)
  authorize(@Body() request: HarborAuthDto): Promise<LivestreamGrant> {
    return this.livestream.authorizeHarbor(request);
  }

  @Post('livestream/connect')
  @HttpCode(HttpStatus.OK)
  async connect(@Body() request: HarborConnectDto): Promise<LiveSession> {
    const session = await this.livestream.connected(request);
    this.liveSets.started(session);
    return session;
  }

  @Post('livestream/disconnect')
  @HttpCode(HttpStatus.NO_CONTENT)
  async disconnect(): Promise<void> {
    this.liveSets.ended();
    await this.livestream.disconnected();
  }
}
