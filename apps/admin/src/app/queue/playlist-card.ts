import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toObservable } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatIconModule } from '@angular/material/icon';
import { MatListModule } from '@angular/material/list';
import { MatTooltipModule } from '@angular/material/tooltip';
import { AdminPlaybackService, AdminPlaylist, AdminQueueService, PlaybackState } from '@h4k/api-client';
import { combineLatest, map, Observable } from 'rxjs';

import { actionRunner } from '../core/action-runner';
import { loadOnEach } from '../core/api-state';
import { DurationPipe } from '../core/duration.pipe';
import { PageReload } from '../core/page-reload';
import { PanelCard } from '../core/panel-card';
import { refreshTicks } from '../core/refresh';

export type Playlist = AdminPlaylist['playlist'];
type Entry = AdminPlaylist['songs'][number];
type PlaybackCommand = 'play' | 'pause' | 'resume' | 'skip';

export const PLAYLIST_NAMES: Readonly<Record<Playlist, string>> = {
  user: 'Listener queue',
  fallback: 'Fallback playlist',
};

/** Admin view of one MPD playlist: its entries, playback buttons, delete and clear. */
@Component({
  selector: 'h4k-playlist-card',
  imports: [
    DurationPipe,
    MatButtonModule,
    MatButtonToggleModule,
    MatIconModule,
    MatListModule,
    MatTooltipModule,
    PanelCard,
  ],
  template: `
    <h4k-card data-testid="playlist" icon="tune" heading="Playlists" subheading="Control what each player does">
      <mat-button-toggle-group
        class="picker"
        aria-label="Playlist"
        [value]="playlist()"
        (change)="playlist.set($event.value)"
      >
        <mat-button-toggle value="user">{{ names.user }}</mat-button-toggle>
        <mat-button-toggle value="fallback">{{ names.fallback }}</mat-button-toggle>
      </mat-button-toggle-group>

      <div class="controls" role="toolbar" [attr.aria-label]="names[playlist()] + ' playback'">
        @if (playback()?.state === 'pause') {
          <button mat-stroked-button type="button" (click)="command('resume')" [disabled]="actions.busy()">
            <mat-icon svgIcon="play_arrow" /> Resume
          </button>
        } @else {
          <button mat-stroked-button type="button" (click)="command('play')" [disabled]="actions.busy()">
            <mat-icon svgIcon="play_arrow" /> Play
          </button>
        }
        <button mat-stroked-button type="button" (click)="command('pause')" [disabled]="actions.busy()">
          <mat-icon svgIcon="pause" /> Pause
        </button>
        <button mat-stroked-button type="button" (click)="command('skip')" [disabled]="actions.busy()">
          <mat-icon svgIcon="skip_next" /> Skip
        </button>
        @if (playlist() === 'user') {
          <button
            mat-stroked-button
            class="danger"
            type="button"
            (click)="clear()"
            [disabled]="actions.busy()"
            data-testid="clear"
          >
            <mat-icon svgIcon="delete_sweep" /> Clear queue
          </button>
        }
      </div>
      @if (playback(); as p) {
        <p class="state muted" data-testid="playback-state" role="status">{{ describe(p) }}</p>
      }

      @if (shown(); as list) {
        <mat-list>
          @for (entry of list.songs; track entry.id) {
            <mat-list-item data-testid="playlist-entry" [class.current-song]="entry.current">
              <span matListItemTitle>{{ entry.position + 1 }}. {{ entry.title }}</span>
              <span matListItemLine>
                {{ entry.artist ?? 'Unknown artist' }} · {{ entry.durationSeconds | duration }}
                @if (entry.submitter) {
                  · {{ entry.submitter }}
                }
                @if (entry.current) {
                  · current
                }
              </span>
              <button
                mat-icon-button
                matListItemMeta
                type="button"
                (click)="remove(list.playlist, entry)"
                [disabled]="actions.busy()"
                [attr.aria-label]="removeLabel(list.playlist) + ' ' + entry.title"
                [matTooltip]="removeLabel(list.playlist)"
              >
                <mat-icon [svgIcon]="list.playlist === 'user' ? 'delete' : 'playlist_remove'" />
              </button>
            </mat-list-item>
          } @empty {
            <p class="empty muted">{{ names[list.playlist] }} is empty.</p>
          }
        </mat-list>
      } @else {
        <p class="empty muted">Loading…</p>
      }
    </h4k-card>
  `,
  styles: `
    .picker {
      margin: 16px 0 12px;
    }
    .controls {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
    .danger {
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PlaylistCard {
  private readonly queueApi = inject(AdminQueueService);
  private readonly playbackApi = inject(AdminPlaybackService);
  private readonly refresh = inject(PageReload);

  protected readonly names = PLAYLIST_NAMES;
  readonly playlist = signal<Playlist>('user');
  /** Lists reload after every command: a refused one may still have changed the player. */
  protected readonly actions = actionRunner({ reloadOnFailure: true });
  /** Last state each player reported; there is no read-only playback endpoint, so only after a command. */
  private readonly states = signal<Partial<Record<Playlist, PlaybackState>>>({});
  protected readonly playback = computed(() => this.states()[this.playlist()]);

  private readonly state = loadOnEach(
    combineLatest([toObservable(this.playlist), refreshTicks(this.refresh.reloads)]).pipe(map(([p]) => p)),
    (playlist, context) => this.queueApi.adminQueueControllerList({ playlist }, context),
  );
  /** The last answer, only while it is for the chosen playlist. */
  protected readonly shown = computed(() => {
    const list = this.state().value;
    return list?.playlist === this.playlist() ? list : undefined;
  });

  protected command(command: PlaybackCommand): void {
    const playlist = this.playlist();
    const calls: Record<PlaybackCommand, () => Observable<PlaybackState>> = {
      play: () => this.playbackApi.playbackControllerPlay({ playlist }),
      pause: () => this.playbackApi.playbackControllerPause({ playlist }),
      resume: () => this.playbackApi.playbackControllerResume({ playlist }),
      skip: () => this.playbackApi.playbackControllerSkip({ playlist }),
    };
    this.actions.run(calls[command](), (state) => {
      this.states.update((all) => ({ ...all, [state.playlist]: state }));
    });
  }

  protected remove(playlist: Playlist, entry: Entry): void {
    this.actions.run(
      this.queueApi.adminQueueControllerRemove({ id: entry.id, playlist }),
      () => `Removed “${entry.title}”.`,
    );
  }

  protected clear(): void {
    this.actions.confirmThenRun(
      {
        title: 'Clear the listener queue?',
        message: 'Every waiting listener song is deleted, downloads included. Listeners get their slots back.',
        action: 'Clear queue',
      },
      () => this.queueApi.adminQueueControllerClear({ playlist: 'user' }),
      ({ removed }) => `Cleared: ${removed} song${removed === 1 ? '' : 's'} removed.`,
    );
  }

  protected removeLabel(playlist: Playlist): string {
    return playlist === 'user' ? 'Delete' : 'Remove from playlist (the file stays in the library)';
  }

  protected describe(state: PlaybackState): string {
    const name = PLAYLIST_NAMES[state.playlist];
    const song = state.title ? `“${state.title}”${state.artist ? ` by ${state.artist}` : ''}` : 'nothing';
    if (state.hold === 'live') return `${name} is held while a DJ is live (${state.queued} queued).`;
    if (state.hold === 'admin' || state.state === 'pause') return `${name} is paused on ${song}.`;
    if (state.state === 'stop') return `${name} is stopped (${state.queued} queued).`;
    return `${name} is playing ${song} (${state.queued} queued).`;
  }
}
