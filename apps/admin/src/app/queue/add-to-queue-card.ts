import { ChangeDetectionStrategy, Component, inject, signal, viewChild } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { AdminSongsService } from '@h4k/api-client';
import { finalize } from 'rxjs';

import { FORM_CARD_IMPORTS, FormCard } from '../core/form-card';
import { PageReload } from '../core/page-reload';
import { SongFields } from '../core/song-fields';
import { SentSongs } from '../core/submission-progress';
import { optionalTags } from '../core/tags';

/** `POST /admin/queue/add`: put a link in the listeners' queue as the station, then follow it. */
@Component({
  selector: 'h4k-add-to-queue-card',
  imports: [FORM_CARD_IMPORTS, FormCard, ReactiveFormsModule, SentSongs, SongFields],
  template: `
    <h4k-form-card data-testid="add-to-queue" [formGroup]="form" (ngSubmit)="submit()">
      <h4k-card-header
        icon="playlist_add"
        heading="Add to the listener queue"
        subheading="No quota; listeners see it as the station's"
      />
      <h4k-song-fields />
      <button submit mat-flat-button type="submit" [disabled]="form.invalid || sending()">Add</button>
      <h4k-sent-songs after (finished)="refresh.reload()" />
    </h4k-form-card>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AddToQueueCard {
  private readonly api = inject(AdminSongsService);
  protected readonly refresh = inject(PageReload);
  private readonly sent = viewChild.required(SentSongs);

  protected readonly form = inject(FormBuilder).nonNullable.group({
    url: ['', [Validators.required, Validators.maxLength(2000), Validators.pattern(/^https?:\/\/\S+$/i)]],
    title: [''],
    artist: [''],
  });
  protected readonly sending = signal(false);

  protected submit(): void {
    if (this.form.invalid) return;
    const { url, title, artist } = this.form.getRawValue();
    this.sending.set(true);
    this.api
      .adminSubmissionsControllerAddToQueue$Json({ body: { url: url.trim(), ...optionalTags(title, artist) } })
      .pipe(finalize(() => this.sending.set(false)))
      .subscribe({
        next: ({ id }) => {
          this.sent().add({ id, name: title.trim() || url.trim() });
          this.form.reset();
        },
        error: () => undefined,
      });
  }
}
