import { HttpContext } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import {
  AdminLivestreamService,
  DjToken,
  LivestreamStatus,
  LivestreamStatusLive,
  LivestreamUserUsage,
  MintLivestreamTokenDto,
} from '@h4k/api-client';
import { Observable } from 'rxjs';

export type { DjToken, LivestreamStatus, LivestreamUserUsage };
/** The DJ on air. */
export type LiveSession = LivestreamStatusLive;

/** The Live page's calls, named for what they do, on the generated client. */
@Injectable({ providedIn: 'root' })
export class LivestreamApi {
  private readonly livestream = inject(AdminLivestreamService);

  status(context?: HttpContext): Observable<LivestreamStatus> {
    return this.livestream.adminLivestreamControllerStatus(undefined, context);
  }

  users(context?: HttpContext): Observable<LivestreamUserUsage[]> {
    return this.livestream.adminLivestreamControllerUsers(undefined, context);
  }

  mintToken(body: MintLivestreamTokenDto): Observable<DjToken> {
    return this.livestream.adminLivestreamControllerMintToken({ body });
  }
}
