import { ChangeDetectionStrategy, Component, inject, output, signal, viewChild } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { AdminSongsService, SongProgress, SubmissionAccepted } from '@h4k/api-client';
import { finalize, Observable } from 'rxjs';

import { FORM_CARD_IMPORTS } from '../core/form-card';
import { SongFields } from '../core/song-fields';
import { SentSongs } from '../core/submission-progress';
import { optionalTags } from '../core/tags';

type Source = 'link' | 'file';

/** `POST /admin/library` by link (JSON) or upload (multipart), then follows each song until added or failed. */
@Component({
  selector: 'h4k-add-song-card',
  imports: [FORM_CARD_IMPORTS, MatButtonToggleModule, MatProgressBarModule, ReactiveFormsModule, SentSongs, SongFields],
  template: `
    <mat-card appearance="outlined" data-testid="add-song">
      <h4k-card-header
        icon="library_add"
        heading="Add to the library"
        subheading="It joins the looping fallback playlist once processed"
      />
      <form [formGroup]="form" (ngSubmit)="submit()">
        <mat-card-content>
          <mat-button-toggle-group
            class="source"
            aria-label="Add by"
            [value]="source()"
            (change)="source.set($event.value)"
          >
            <mat-button-toggle value="link"><mat-icon svgIcon="link" /> Link</mat-button-toggle>
            <mat-button-toggle value="file"><mat-icon svgIcon="upload_file" /> File</mat-button-toggle>
          </mat-button-toggle-group>
          <div class="form-fields">
            @if (source() === 'file') {
              <div class="wide picker">
                <input
                  #picker
                  class="native"
                  type="file"
                  accept="audio/*"
                  data-testid="file-input"
                  (change)="pick(picker)"
                />
                <button mat-stroked-button type="button" (click)="picker.click()">
                  <mat-icon svgIcon="folder_open" /> Choose a file
                </button>
                <span class="file-name" data-testid="file-name">{{ file()?.name ?? 'No file chosen' }}</span>
              </div>
            }
            <h4k-song-fields [link]="source() === 'link'" />
          </div>
          @if (sending()) {
            <mat-progress-bar mode="indeterminate" aria-label="Sending" />
          }
        </mat-card-content>
        <mat-card-actions align="end">
          <button mat-flat-button type="submit" [disabled]="!ready() || sending()">
            {{ source() === 'file' ? 'Upload' : 'Add' }}
          </button>
        </mat-card-actions>
      </form>
      <h4k-sent-songs (finished)="settled($event)" />
    </mat-card>
  `,
  styles: `
    .source {
      margin: 16px 0 12px;
    }
    .form-fields {
      padding-top: 0;
    }
    .picker {
      display: flex;
      align-items: center;
      gap: 12px;
      margin-bottom: 16px;
    }
    .native {
      display: none;
    }
    .file-name {
      overflow-wrap: anywhere;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AddSongCard {
  /** A song reached the library: the table should reload. */
  readonly added = output<SongProgress>();

  private readonly api = inject(AdminSongsService);
  protected readonly source = signal<Source>('link');
  protected readonly file = signal<File | null>(null);
  protected readonly sending = signal(false);
  private readonly sent = viewChild.required(SentSongs);
  protected readonly form = inject(FormBuilder).nonNullable.group({
    url: ['', [Validators.maxLength(2000), Validators.pattern(/^https?:\/\/\S+$/i)]],
    title: [''],
    artist: [''],
  });

  protected ready(): boolean {
    if (this.form.invalid) return false;
    return this.source() === 'file' ? this.file() !== null : this.form.controls.url.value.trim() !== '';
  }

  protected pick(input: HTMLInputElement): void {
    this.file.set(input.files?.item(0) ?? null);
    input.value = ''; // so picking the same file again still fires "change"
  }

  protected submit(): void {
    if (!this.ready()) return;
    const { url, title, artist } = this.form.getRawValue();
    const tags = optionalTags(title, artist);
    const file = this.file();
    let call: Observable<SubmissionAccepted>;
    let name: string;
    if (this.source() === 'file' && file) {
      call = this.api.adminSubmissionsControllerAddToLibrary$FormData({ body: { file, ...tags } });
      name = tags.title ?? file.name;
    } else {
      call = this.api.adminSubmissionsControllerAddToLibrary$Json({ body: { url: url.trim(), ...tags } });
      name = tags.title ?? url.trim();
    }
    this.sending.set(true);
    call.pipe(finalize(() => this.sending.set(false))).subscribe({
      next: ({ id }) => {
        this.sent().add({ id, name });
        this.form.reset();
        this.file.set(null);
      },
      error: () => undefined,
    });
  }

  protected settled(progress: SongProgress): void {
    if (progress.status === 'added') this.added.emit(progress);
  }
}
