import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { finalize } from 'rxjs';

import { FORM_CARD_IMPORTS } from '../core/form-card';
import { ListenerSongs, SongSource } from './listener-songs';

/** `POST /queue/add` with the listener's token: a link, or an audio file chosen or dropped. */
@Component({
  selector: 'h4k-submit-song-card',
  imports: [FORM_CARD_IMPORTS],
  template: `
    <mat-card appearance="outlined" data-testid="submit-song">
      <mat-card-content>
        <h2 class="card-heading">Send a song</h2>
        <form (submit)="$event.preventDefault(); send()">
          <mat-form-field appearance="outline" class="wide" subscriptSizing="dynamic">
            <mat-label>Link to a song</mat-label>
            <input
              matInput
              type="url"
              name="url"
              inputmode="url"
              autocomplete="off"
              data-testid="song-link"
              [value]="link()"
              (input)="link.set(linkInput.value); file.set(null)"
              #linkInput
            />
            <mat-hint>A video or audio page, e.g. YouTube or Bandcamp</mat-hint>
          </mat-form-field>
          <div
            class="drop"
            [class.over]="dragging()"
            (dragover)="$event.preventDefault(); dragging.set(true)"
            (dragleave)="dragging.set(false)"
            (drop)="dropped($event)"
            data-testid="drop-zone"
          >
            <mat-icon aria-hidden="true" svgIcon="upload_file" />
            <span class="drop-text">{{ file()?.name ?? 'or drop an audio file here' }}</span>
            <label class="pick">
              <input type="file" accept="audio/*" class="visually-hidden" (change)="picked(picker)" #picker />
              <span>Choose file</span>
            </label>
          </div>
          <div class="tags">
            @for (tag of tags; track tag.name) {
              <mat-form-field appearance="outline" subscriptSizing="dynamic">
                <mat-label>{{ tag.label }}</mat-label>
                <input
                  matInput
                  maxlength="200"
                  [name]="tag.name"
                  [value]="tag.value()"
                  (input)="tag.value.set(tagInput.value)"
                  #tagInput
                />
              </mat-form-field>
            }
          </div>
          <div class="actions">
            <button mat-flat-button type="submit" data-testid="send-song" [disabled]="sending() || !source()">
              <mat-icon svgIcon="playlist_add" /> Send
            </button>
          </div>
        </form>
      </mat-card-content>
    </mat-card>
  `,
  styles: `
    form {
      display: grid;
      gap: 12px;
    }
    .drop {
      display: flex;
      align-items: center;
      flex-wrap: wrap;
      gap: 12px;
      padding: 12px;
      border: 2px dashed var(--mat-sys-outline-variant);
      border-radius: 12px;
    }
    .drop.over {
      border-color: var(--mat-sys-primary);
      background: var(--mat-sys-primary-container);
    }
    .drop-text {
      flex: 1;
      min-width: 0;
      overflow-wrap: anywhere;
      color: var(--mat-sys-on-surface-variant);
    }
    .pick span {
      display: inline-block;
      padding: 8px 16px;
      border: 1px solid var(--mat-sys-outline);
      border-radius: 999px;
      cursor: pointer;
      color: var(--mat-sys-primary);
      font: var(--mat-sys-label-large);
    }
    .pick:focus-within span {
      outline: 2px solid var(--mat-sys-primary);
      outline-offset: 2px;
    }
    .tags {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(200px, 1fr));
      gap: 12px;
    }
    .actions {
      display: flex;
      justify-content: flex-end;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SubmitSongCard {
  private readonly songs = inject(ListenerSongs);
  protected readonly link = signal('');
  protected readonly file = signal<File | null>(null);
  private readonly title = signal('');
  private readonly artist = signal('');
  protected readonly tags = [
    { name: 'title', label: 'Title (optional)', value: this.title },
    { name: 'artist', label: 'Artist (optional)', value: this.artist },
  ] as const;
  protected readonly dragging = signal(false);
  protected readonly sending = signal(false);

  protected source(): SongSource | null {
    const file = this.file();
    if (file) return { file };
    return this.link().trim() ? { url: this.link() } : null;
  }

  protected picked(input: HTMLInputElement): void {
    this.choose(input.files?.item(0) ?? null);
    input.value = '';
  }

  protected dropped(event: DragEvent): void {
    event.preventDefault();
    this.dragging.set(false);
    this.choose(event.dataTransfer?.files.item(0) ?? null);
  }

  protected send(): void {
    const source = this.source();
    if (!source || this.sending()) return;
    this.sending.set(true);
    this.songs
      .submit(source, this.title(), this.artist())
      .pipe(finalize(() => this.sending.set(false)))
      .subscribe({
        next: () => {
          this.link.set('');
          this.file.set(null);
          this.title.set('');
          this.artist.set('');
        },
        error: () => undefined, // the error interceptor tells why
      });
  }

  private choose(file: File | null): void {
    if (!file) return;
    this.file.set(file);
    this.link.set('');
  }
}
