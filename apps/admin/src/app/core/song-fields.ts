import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { ControlContainer, ReactiveFormsModule } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';

/**
 * A song's link and optional tags, inside a card's `.form-fields` grid, bound to the `url`, `title`
 * and `artist` controls of the enclosing `[formGroup]`. Without `link`, only the tags (the card
 * offers a file in its place).
 */
@Component({
  selector: 'h4k-song-fields',
  imports: [MatFormFieldModule, MatInputModule, ReactiveFormsModule],
  viewProviders: [{ provide: ControlContainer, useFactory: () => inject(ControlContainer, { skipSelf: true }) }],
  template: `
    @if (link()) {
      <mat-form-field appearance="outline" subscriptSizing="dynamic" class="wide">
        <mat-label>Link</mat-label>
        <input matInput formControlName="url" type="url" placeholder="https://…" />
        @if (form.control?.get('url')?.hasError('pattern')) {
          <mat-error>An http(s) link, please.</mat-error>
        }
      </mat-form-field>
    }
    <mat-form-field appearance="outline" subscriptSizing="dynamic">
      <mat-label>Title (optional)</mat-label>
      <input matInput formControlName="title" maxlength="200" />
    </mat-form-field>
    <mat-form-field appearance="outline" subscriptSizing="dynamic">
      <mat-label>Artist (optional)</mat-label>
      <input matInput formControlName="artist" maxlength="200" />
    </mat-form-field>
  `,
  // The fields are items of the card's grid, as if written there.
  styles: `
    :host {
      display: contents;
    }
    .wide {
      grid-column: 1 / -1;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SongFields {
  readonly link = input(true);
  protected readonly form = inject(ControlContainer);
}
