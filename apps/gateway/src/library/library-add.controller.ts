import { Controller, HttpCode, HttpStatus, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';

import { AdminTokenGuard } from '../auth/static-token.guards';
import { FreeDiskGuard } from '../disk/free-disk';
import { ApiSongSubmission } from '../queue/submission-openapi';
import { type Accepted, SubmissionsService } from '../queue/submissions.service';

/**
 * A song an admin adds to the fallback library, through the listeners' pipeline and safety rules.
 * Its tag and operation id are the panel client's names: keep them.
 */
@ApiTags('admin: songs')
@ApiBearerAuth()
@UseGuards(AdminTokenGuard)
@Controller('admin/library')
export class LibraryAddController {
  constructor(private readonly submissions: SubmissionsService) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @UseGuards(FreeDiskGuard)
  @ApiOperation({
    operationId: 'AdminSubmissionsController_addToLibrary',
    summary: 'Add a song to the fallback library (it joins the looping fallback playlist)',
  })
  @ApiSongSubmission()
  addToLibrary(@Req() request: Request): Promise<Accepted> {
    return this.submissions.submitToLibrary(request);
  }
}
