import { ContractPayloadPipe, PATTERNS, type DownloadVet, type DownloadVetResult } from '@h4k/contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { SongVetting } from './song-vetting';

@Controller()
export class VetController {
  constructor(private readonly vetting: SongVetting) {}

  /** Called by the gateway before it accepts a submission. */
  @MessagePattern(PATTERNS.downloader.vet)
  vet(@Payload(new ContractPayloadPipe(PATTERNS.downloader.vet)) request: DownloadVet): Promise<DownloadVetResult> {
    return this.vetting.vet(request.source);
  }
}
