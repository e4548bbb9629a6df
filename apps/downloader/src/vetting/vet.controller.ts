import { type DownloadVet, type DownloadVetResult, PATTERNS, RpcHandler } from '@h4k/contracts';
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';

import { SongVetting } from './song-vetting';

@Controller()
export class VetController {
  constructor(private readonly vetting: SongVetting) {}

  /** Called by the gateway before it accepts a submission. */
  @RpcHandler(PATTERNS.downloader.vet)
  vet(@Payload() request: DownloadVet): Promise<DownloadVetResult> {
    return this.vetting.vet(request.source);
  }
}
