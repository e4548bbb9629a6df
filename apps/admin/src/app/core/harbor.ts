import { DOCUMENT } from '@angular/common';
import { HttpContext } from '@angular/common/http';
import { computed, inject, Injectable } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { HarborAddress, LivestreamService } from '@h4k/api-client';
import { catchError, of } from 'rxjs';

import { SILENT_HTTP_ERRORS } from './error.interceptor';
import { HARBOR } from './station';

/** Where DJs' encoders connect, host and port as the station publishes them. */
export interface HarborEndpoint {
  readonly host: string;
  readonly port: number;
  readonly mount: string;
  readonly user: string;
}

/**
 * `GET /livestream/harbor`, read once per page load. Until it answers (or if it cannot), the
 * default harbor on the host this page came from; a host the station does not name is that one too.
 */
@Injectable({ providedIn: 'root' })
export class Harbor {
  private readonly pageHost = inject(DOCUMENT).location.hostname;
  private readonly published = toSignal(
    inject(LivestreamService)
      .djControllerHarbor(undefined, new HttpContext().set(SILENT_HTTP_ERRORS, true))
      .pipe(catchError(() => of<HarborAddress | null>(null))),
    { initialValue: null },
  );

  readonly endpoint = computed<HarborEndpoint>(() => {
    const published = this.published();
    return {
      host: published?.host ?? this.pageHost,
      port: published?.port ?? HARBOR.port,
      mount: published?.mount ?? HARBOR.mount,
      user: published?.user ?? HARBOR.user,
    };
  });

  /** `icecast://user:password@host:port/mount`, as ffmpeg and OBS take it. */
  icecastUrl(password: string, user = this.endpoint().user): string {
    const { host, port, mount } = this.endpoint();
    return `icecast://${user}:${password}@${host}:${port}${mount}`;
  }
}
