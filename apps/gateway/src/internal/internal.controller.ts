import type { LiveSession, LivestreamGrant } from '@h4k/contracts';
import { Body, Controller, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { LiquidsoapTokenGuard } from '../auth/static-token.guards';
import { HarborAuthDto, HarborConnectDto } from '../livestream/livestream.dto';
import { LivestreamGatewayService } from '../livestream/livestream.service';
import { NowPlayingReportDto } from '../now-playing/now-playing.dto';
import { NowPlayingService } from '../now-playing/now-playing.service';

/** Liquidsoap's callbacks. Not in the public OpenAPI; only the Liquidsoap token gets in. */
@ApiExcludeController()
@UseGuards(LiquidsoapTokenGuard)
@Controller('internal')
export class InternalController {
  constructor(
    private readonly nowPlaying: NowPlayingService,
    private readonly livestream: LivestreamGatewayService,
  ) {}

  @Post('now-playing')
  @HttpCode(HttpStatus.NO_CONTENT)
  async reportNowPlaying(@Body() report: NowPlayingReportDto): Promise<void> {
    await this.nowPlaying.report(report);
  }

  /** 200 lets the DJ in; anything else keeps them out (Liquidsoap fails closed). */
  @Post('livestream/auth')
  @HttpCode(HttpStatus.OK)
  authorize(@Body() request: HarborAuthDto): Promise<LivestreamGrant> {
    return this.livestream.authorizeHarbor(request);
  }

  @Post('livestream/connect')
  @HttpCode(HttpStatus.OK)
  connect(@Body() request: HarborConnectDto): Promise<LiveSession> {
    return this.livestream.connected(request);
  }

  @Post('livestream/disconnect')
  @HttpCode(HttpStatus.NO_CONTENT)
  disconnect(): Promise<void> {
    return this.livestream.disconnected();
  }
}
