import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { AdminOverviewService, PlaybackState } from '@h4k/api-client';

import { loadWithPage } from '../core/page-data';
import { PanelCard } from '../core/panel-card';
import { Playlist, PLAYLIST_NAMES } from '../queue/playlist-card';

const PLAYLISTS: readonly Playlist[] = ['user', 'fallback'];

/** One line per player: what it does, on which song, how many songs it holds. */
export function describePlayer(state: PlaybackState): string {
  const song = state.title ? `“${state.title}”${state.artist ? ` by ${state.artist}` : ''}` : null;
  const count = `${state.queued} song${state.queued === 1 ? '' : 's'}`;
  if (state.hold === 'live') return `Held while a DJ is live · ${count}`;
  if (state.hold === 'admin' || state.state === 'pause') return `Paused${song ? ` on ${song}` : ''} · ${count}`;
  if (state.state === 'stop') return `Stopped · ${count}`;
  return `Playing ${song ?? 'a song'} · ${count}`;
}

/** `GET /admin/overview`: listeners and downloads in flight, and both players' state. */
@Component({
  selector: 'h4k-station-cards',
  imports: [MatIconModule, PanelCard],
  template: `
    <h4k-card data-testid="station-numbers" heading="Audience and downloads">
      <dl class="numbers">
        <div class="number">
          <dt><mat-icon aria-hidden="true" svgIcon="person" /> Listeners now</dt>
          <dd data-testid="listeners">{{ overview()?.listeners ?? '—' }}</dd>
        </div>
        <div class="number">
          <dt><mat-icon aria-hidden="true" svgIcon="downloading" /> Downloading</dt>
          <dd data-testid="downloads-active">{{ overview()?.downloads?.active ?? '—' }}</dd>
        </div>
        <div class="number">
          <dt><mat-icon aria-hidden="true" svgIcon="timer" /> Waiting to download</dt>
          <dd data-testid="downloads-waiting">{{ overview()?.downloads?.waiting ?? '—' }}</dd>
        </div>
      </dl>
      @if (state().failing) {
        <p class="error" role="status">Could not refresh, retrying.</p>
      }
    </h4k-card>
    <h4k-card data-testid="players" heading="Playlists">
      @if (overview()) {
        <ul class="players">
          @for (player of players(); track player.playlist) {
            <li [attr.data-playlist]="player.playlist" data-testid="player">
              <span class="player-name">{{ names[player.playlist] }}</span>
              <span class="player-state" [class.error]="!player.state">
                {{ player.state ? describe(player.state) : 'Not answering (its MPD is away)' }}
              </span>
            </li>
          }
        </ul>
      } @else {
        <p class="muted">{{ state().settled ? 'Not available.' : 'Loading…' }}</p>
      }
    </h4k-card>
  `,
  styles: `
    :host {
      display: grid;
      gap: 16px;
      grid-template-columns: minmax(0, 1fr);
    }
    .numbers {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(7.5em, 1fr));
      gap: 12px;
      margin: 12px 0 0;
    }
    .number dt {
      display: flex;
      align-items: center;
      gap: 4px;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-label-large);
    }
    .number dt mat-icon {
      width: 18px;
      height: 18px;
    }
    .number dd {
      margin: 4px 0 0;
      font: var(--mat-sys-headline-medium);
    }
    .players {
      display: grid;
      gap: 12px;
      margin: 12px 0 0;
      padding: 0;
      list-style: none;
    }
    .player-name {
      display: block;
      font: var(--mat-sys-title-small);
    }
    .player-state {
      color: var(--mat-sys-on-surface-variant);
      overflow-wrap: anywhere;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StationCards {
  private readonly api = inject(AdminOverviewService);
  protected readonly names = PLAYLIST_NAMES;
  protected readonly describe = describePlayer;
  protected readonly state = loadWithPage((context) => this.api.stationOverviewControllerRead(undefined, context));
  protected readonly overview = computed(() => this.state().value);
  protected readonly players = computed(() =>
    PLAYLISTS.map((playlist) => ({
      playlist,
      state: this.overview()?.playlists.find((state) => state.playlist === playlist) ?? null,
    })),
  );
}
