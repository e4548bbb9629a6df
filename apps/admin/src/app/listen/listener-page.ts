import { ChangeDetectionStrategy, Component, effect, inject, input, untracked } from '@angular/core';
import { Router } from '@angular/router';

import { STATION_NAME } from '../core/station';
import { ListenerSession } from './listener-session';
import { ListenerSongs } from './listener-songs';
import { MySongsCard } from './my-songs-card';
import { MyTokenCard } from './my-token-card';
import { NowPlayingCard } from './now-playing-card';
import { RadioPlayer } from './radio-player';
import { RecentlyPlayedCard } from './recently-played-card';
import { SubmitSongCard } from './submit-song-card';
import { UpNextCard } from './up-next-card';

/** The public page: the stream, what is on air and next; with a listener token, sending songs. */
@Component({
  selector: 'h4k-listener-page',
  imports: [MySongsCard, MyTokenCard, NowPlayingCard, RadioPlayer, RecentlyPlayedCard, SubmitSongCard, UpNextCard],
  providers: [ListenerSongs],
  template: `
    <h1 class="page-title">{{ stationName }} radio</h1>
    <h4k-radio-player />
    <div class="columns">
      <div class="column">
        <h4k-now-playing-card />
        <h4k-up-next-card />
        <h4k-recently-played-card />
      </div>
      <div class="column">
        <h4k-my-token-card />
        @if (session.present()) {
          <h4k-submit-song-card />
          <h4k-my-songs-card />
        }
      </div>
    </div>
  `,
  styles: `
    :host,
    .column {
      display: grid;
      gap: 16px;
      grid-template-columns: minmax(0, 1fr);
      align-content: start;
    }
    .columns {
      display: grid;
      gap: 16px;
      grid-template-columns: minmax(0, 1fr);
    }
    @media (min-width: 900px) {
      .columns {
        grid-template-columns: repeat(2, minmax(0, 1fr));
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class ListenerPage {
  /** `/?token=…`: a shared listener link. Kept, then dropped from the address bar and history. */
  readonly token = input<string>();
  protected readonly session = inject(ListenerSession);
  protected readonly stationName = STATION_NAME;
  private readonly router = inject(Router);

  constructor() {
    effect(() => {
      const token = this.token();
      if (!token) return;
      untracked(() => {
        this.session.set(token);
        void this.router.navigate([], { queryParams: { token: null }, queryParamsHandling: 'merge', replaceUrl: true });
      });
    });
  }
}
