import { Controller, HttpCode, HttpStatus, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';

import { AdminTokenGuard } from '../auth/static-token.guards';
import { FreeDiskGuard } from '../disk/free-disk';
import { ApiSongSubmission } from '../queue/submission-openapi';
import { type Accepted, SubmissionsService } from '../queue/submissions.service';

/**
 * A song an admin adds to the listeners' queue: the same pipeline and safety rules as listeners',
 * without a quota. Its tag and operation id are the panel client's names: keep them.
 */
@ApiTags('admin: songs')
@ApiBearerAuth()
@UseGuards(AdminTokenGuard)
@Controller('admin/queue')
export class AdminQueueAddController {
  constructor(private readonly submissions: SubmissionsService) {}

  @Post('add')
  @HttpCode(HttpStatus.ACCEPTED)
  @UseGuards(FreeDiskGuard)
  @ApiOperation({
    operationId: 'AdminSubmissionsController_addToQueue',
    summary: "Put a song in the listeners' queue (no quota; shown as the station's)",
  })
  @ApiSongSubmission()
  addToQueue(@Req() request: Request): Promise<Accepted> {
    return this.submissions.submitAsAdmin(request);
  }
}
