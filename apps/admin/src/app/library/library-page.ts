import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { AdminSession } from '../core/admin-session';
import { AdminSignIn } from '../core/admin-sign-in';
import { AddSongCard } from './add-song-card';
import { LibraryTable } from './library-table';

/** The fallback library (admin only): browse, add by link or upload, retag, delete. */
@Component({
  selector: 'h4k-library-page',
  imports: [AddSongCard, AdminSignIn, LibraryTable],
  template: `
    <h1 class="page-title">Fallback library</h1>
    @if (session.signedIn()) {
      <h4k-add-song-card (added)="table.reload()" />
      <h4k-library-table #table />
    } @else {
      <h4k-admin-sign-in purpose="Sign in to manage the fallback library." />
    }
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
export default class LibraryPage {
  protected readonly session = inject(AdminSession);
}
