import { Body, Controller, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { LiquidsoapTokenGuard } from '../auth/static-token.guards';
import { NowPlayingReportDto } from '../now-playing/now-playing.dto';
import { NowPlayingService } from '../now-playing/now-playing.service';

/** Liquidsoap's callbacks. Not in the public OpenAPI; only the Liquidsoap token gets in. */
@ApiExcludeController()
@UseGuards(LiquidsoapTokenGuard)
@Controller('internal')
export class InternalController {
  constructor(private readonly nowPlaying: NowPlayingService) {}

  @Post('now-playing')
  @HttpCode(HttpStatus.NO_CONTENT)
  async reportNowPlaying(@Body() report: NowPlayingReportDto): Promise<void> {
    await this.nowPlaying.report(report);
  }
}
