import { ContractPayloadPipe, PATTERNS, type DownloadCancelResult } from '@h4k/contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { DownloadCancellation } from './download-cancellation';

@Controller()
export class CancelController {
  constructor(private readonly cancellation: DownloadCancellation) {}

  @MessagePattern(PATTERNS.downloader.cancel)
  cancel(
    @Payload(new ContractPayloadPipe(PATTERNS.downloader.cancel)) payload: { id: string },
  ): Promise<DownloadCancelResult> {
    return this.cancellation.cancel(payload.id);
  }
}
