import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { AdminSongsService } from '@h4k/api-client';
import { finalize } from 'rxjs';
import { optionalTags } from '../core/tags';
import { SubmissionProgress } from '../core/submission-progress';
import { PageReload } from '../core/page-reload';

interface Sent {
  readonly id: string;
  readonly name: string;
}

/** `POST /admin/queue/add`: put a link in the listeners' queue as the station, then follow it. */
@Component({
  selector: 'h4k-add-to-queue-card',
  imports: [
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    ReactiveFormsModule,
    SubmissionProgress,
  ],
  template: `
    <mat-card appearance="outlined" data-testid="add-to-queue">
      <mat-card-header>
        <mat-icon mat-card-avatar aria-hidden="true" svgIcon="playlist_add" />
        <mat-card-title>Add to the listener queue</mat-card-title>
        <mat-card-subtitle>No quota; listeners see it as the station's</mat-card-subtitle>
      </mat-card-header>
      <form [formGroup]="form" (ngSubmit)="submit()">
        <mat-card-content class="form-fields">
          <mat-form-field appearance="outline" subscriptSizing="dynamic" class="wide">
            <mat-label>Link</mat-label>
            <input matInput formControlName="url" type="url" placeholder="https://…" />
            @if (form.controls.url.hasError('pattern')) {
              <mat-error>An http(s) link, please.</mat-error>
            }
          </mat-form-field>
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>Title (optional)</mat-label>
            <input matInput formControlName="title" maxlength="200" />
          </mat-form-field>
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>Artist (optional)</mat-label>
            <input matInput formControlName="artist" maxlength="200" />
          </mat-form-field>
        </mat-card-content>
        <mat-card-actions align="end">
          <button mat-flat-button type="submit" [disabled]="form.invalid || sending()">Add</button>
        </mat-card-actions>
      </form>
      @for (item of sent(); track item.id) {
        <h4k-submission-progress class="progress" [songId]="item.id" [name]="item.name" (finished)="refresh.reload()" />
      }
    </mat-card>
  `,
  styles: `
    .progress {
      margin: 0 16px 12px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AddToQueueCard {
  private readonly api = inject(AdminSongsService);
  protected readonly refresh = inject(PageReload);

  protected readonly form = inject(FormBuilder).nonNullable.group({
    url: ['', [Validators.required, Validators.maxLength(2000), Validators.pattern(/^https?:\/\/\S+$/i)]],
    title: [''],
    artist: [''],
  });
  protected readonly sending = signal(false);
  protected readonly sent = signal<readonly Sent[]>([]);

  protected submit(): void {
    if (this.form.invalid) return;
    const { url, title, artist } = this.form.getRawValue();
    this.sending.set(true);
    this.api
      .adminSubmissionsControllerAddToQueue$Json({ body: { url: url.trim(), ...optionalTags(title, artist) } })
      .pipe(finalize(() => this.sending.set(false)))
      .subscribe({
        next: ({ id }) => {
          this.sent.update((list) => [{ id, name: title.trim() || url.trim() }, ...list].slice(0, 5));
          this.form.reset();
        },
        error: () => undefined,
      });
  }
}
