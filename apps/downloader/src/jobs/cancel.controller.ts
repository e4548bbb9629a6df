import { type DownloadCancelResult, PATTERNS, RpcHandler } from '@h4k/contracts';
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';

import { DownloadCancellation } from './download-cancellation';

@Controller()
export class CancelController {
  constructor(private readonly cancellation: DownloadCancellation) {}

  @RpcHandler(PATTERNS.downloader.cancel)
  cancel(@Payload() payload: { id: string }): Promise<DownloadCancelResult> {
    return this.cancellation.cancel(payload.id);
  }
}
