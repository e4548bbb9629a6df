import { HttpClient, HttpContext } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { API_BASE_URL, AdminLivestreamService, MintLivestreamTokenDto } from '@h4k/api-client';
import { Observable } from 'rxjs';

// Stopgap: apps/gateway/openapi.json gives these three routes no response schema, so the
// generated AdminLivestreamService types them `void` and throws their bodies away. Until the
// gateway documents them (and `api-client:generate` runs), they are read here with the generated
// paths and these copies of the gateway's answers (LivestreamStatus, LivestreamUserUsage and
// MintedToken in libs/contracts and the gateway, which the panel may not import).

export interface LiveSession {
  readonly userId: string;
  readonly label: string | null;
  /** ISO time the encoder connected; null between auth and connect. */
  readonly since: string | null;
  readonly remainingSeconds: number;
  /** ISO time the DJ is cut off (allowance spent or token expired); null between auth and connect. */
  readonly endsAt: string | null;
  readonly headers: {
    readonly name: string | null;
    readonly description: string | null;
    readonly genre: string | null;
    readonly url: string | null;
  } | null;
}

export interface LivestreamStatus {
  readonly live: LiveSession | null;
}

export interface LivestreamUserUsage {
  readonly userId: string;
  readonly usedSeconds: number;
  /** From the DJ's latest token; null if no token of theirs was ever used. */
  readonly maxStreamingSeconds: number | null;
  readonly remainingSeconds: number | null;
}

export interface DjToken {
  readonly token: string;
  readonly expires_at: string;
}

@Injectable({ providedIn: 'root' })
export class LivestreamApi {
  private readonly http = inject(HttpClient);
  private readonly root = inject(API_BASE_URL);

  status(context?: HttpContext): Observable<LivestreamStatus> {
    return this.http.get<LivestreamStatus>(this.url(AdminLivestreamService.AdminLivestreamControllerStatusPath), {
      context,
    });
  }

  users(context?: HttpContext): Observable<LivestreamUserUsage[]> {
    return this.http.get<LivestreamUserUsage[]>(this.url(AdminLivestreamService.AdminLivestreamControllerUsersPath), {
      context,
    });
  }

  mintToken(body: MintLivestreamTokenDto): Observable<DjToken> {
    return this.http.post<DjToken>(this.url(AdminLivestreamService.AdminLivestreamControllerMintTokenPath), body);
  }

  private url(path: string): string {
    return `${this.root}${path}`;
  }
}
