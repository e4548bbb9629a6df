import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { LibrarySong, LibraryTagsDto } from '@h4k/api-client';

/** Edits a library song's title and artist tags; closes with only the changed tags (or nothing). */
@Component({
  selector: 'h4k-edit-song-dialog',
  imports: [MatButtonModule, MatDialogModule, MatFormFieldModule, MatInputModule, ReactiveFormsModule],
  template: `
    <h2 mat-dialog-title>Edit tags</h2>
    <form [formGroup]="form" (ngSubmit)="save()">
      <mat-dialog-content>
        <p class="file">{{ song.file }}</p>
        <mat-form-field appearance="outline" class="field">
          <mat-label>Title</mat-label>
          <input matInput formControlName="title" maxlength="200" data-testid="edit-title" />
          @if (form.controls.title.hasError('required')) {
            <mat-error>A title is needed.</mat-error>
          }
        </mat-form-field>
        <mat-form-field appearance="outline" class="field">
          <mat-label>Artist</mat-label>
          <input matInput formControlName="artist" maxlength="200" data-testid="edit-artist" />
          <mat-hint>Tags can be changed, not removed.</mat-hint>
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>Cancel</button>
        <button mat-flat-button type="submit" [disabled]="form.invalid" data-testid="edit-save">Save</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .field {
      display: block;
      width: 100%;
    }
    .file {
      margin-top: 0;
      overflow-wrap: anywhere;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EditSongDialog {
  protected readonly song = inject<LibrarySong>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<EditSongDialog, LibraryTagsDto>>(MatDialogRef);
  protected readonly form = inject(FormBuilder).nonNullable.group({
    title: [this.song.title, [Validators.required, Validators.maxLength(200), Validators.pattern(/\S/)]],
    artist: [this.song.artist ?? '', Validators.maxLength(200)],
  });

  protected save(): void {
    if (this.form.invalid) return;
    const title = this.form.controls.title.value.trim();
    const artist = this.form.controls.artist.value.trim();
    const changes: LibraryTagsDto = {};
    if (title !== this.song.title) changes.title = title;
    if (artist && artist !== (this.song.artist ?? '')) changes.artist = artist;
    this.ref.close(Object.keys(changes).length ? changes : undefined);
  }
}
