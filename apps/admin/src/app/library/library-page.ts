import { ChangeDetectionStrategy, Component } from '@angular/core';

import { AdminOnly } from '../core/admin-sign-in';
import { AddSongCard } from './add-song-card';
import { LibraryTable } from './library-table';

/** The fallback library (admin only): browse, add by link or upload, retag, delete. */
@Component({
  selector: 'h4k-library-page',
  imports: [AddSongCard, AdminOnly, LibraryTable],
  template: `
    <h1 class="page-title">Fallback library</h1>
    <ng-container *h4kAdminOnly="'Sign in to manage the fallback library.'">
      <h4k-add-song-card (added)="table.reload()" />
      <h4k-library-table #table />
    </ng-container>
  `,
  styles: `
    :host {
      display: grid;
      gap: 16px;
      grid-template-columns: minmax(0, 1fr);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class LibraryPage {}
