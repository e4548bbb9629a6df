import { DOCUMENT } from '@angular/common';
import { HttpContext } from '@angular/common/http';
import { computed, inject, Injectable } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { HarborAddress, LivestreamService } from '@h4k/api-client';
import { catchError, map, of } from 'rxjs';

import { SILENT_HTTP_ERRORS } from './error.interceptor';
import { HARBOR } from './station';

/** What a DJ sees where the harbor goes until the station has said where it is. */
export const HARBOR_LOADING = 'Asking the station where its harbor is…';

/** Where DJs' encoders connect, host and port as the station publishes them. */
export interface HarborEndpoint {
  readonly host: string;
  readonly port: number;
  readonly mount: string;
  readonly user: string;
}

/**
 * `GET /livestream/harbor`, read once per page load. `endpoint` is undefined until it answers, so
 * no page shows a DJ a port that may be wrong; if it cannot answer, the default harbor on the host
 * this page came from. A host the station does not name is that one too.
 */
@Injectable({ providedIn: 'root' })
export class Harbor {
  private readonly pageHost = inject(DOCUMENT).location.hostname;
  private readonly published = toSignal(
    inject(LivestreamService)
      .djControllerHarbor(undefined, new HttpContext().set(SILENT_HTTP_ERRORS, true))
      .pipe(
        map((address): { address: HarborAddress | null } => ({ address })),
        catchError(() => of({ address: null })),
      ),
    { initialValue: undefined },
  );

  readonly endpoint = computed<HarborEndpoint | undefined>(() => {
    const answer = this.published();
    if (!answer) return undefined;
    const published = answer.address;
    return {
      host: published?.host ?? this.pageHost,
      port: published?.port ?? HARBOR.port,
      mount: published?.mount ?? HARBOR.mount,
      user: published?.user ?? HARBOR.user,
    };
  });
}

/** `icecast://user:password@host:port/mount`, as ffmpeg and OBS take it. */
export function icecastUrl(endpoint: HarborEndpoint, password: string, user = endpoint.user): string {
  const { host, port, mount } = endpoint;
  return `icecast://${user}:${password}@${host}:${port}${mount}`;
}
