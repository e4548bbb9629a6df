import { Controller, HttpCode, HttpStatus, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AdminTokenGuard } from '../auth/static-token.guards';
import { FreeDiskGuard } from '../disk/free-disk';
import { ApiSongSubmission } from './submission-openapi';
import { SubmissionsService, type Accepted } from './submissions.service';

/** Songs an admin adds: through the same pipeline and safety rules as listeners', without a quota. */
@ApiTags('admin: songs')
@ApiBearerAuth()
@UseGuards(AdminTokenGuard)
@Controller('admin')
export class AdminSubmissionsController {
  constructor(private readonly submissions: SubmissionsService) {}

  @Post('queue/add')
  @HttpCode(HttpStatus.ACCEPTED)
  @UseGuards(FreeDiskGuard)
  @ApiOperation({ summary: "Put a song in the listeners' queue (no quota; shown as the station's)" })
  @ApiSongSubmission()
  addToQueue(@Req() request: Request): Promise<Accepted> {
    return this.submissions.submitAsAdmin(request);
  }

  @Post('library')
  @HttpCode(HttpStatus.ACCEPTED)
  @UseGuards(FreeDiskGuard)
  @ApiOperation({ summary: 'Add a song to the fallback library (it joins the looping fallback playlist)' })
  @ApiSongSubmission()
  addToLibrary(@Req() request: Request): Promise<Accepted> {
    return this.submissions.submitToLibrary(request);
  }
}
