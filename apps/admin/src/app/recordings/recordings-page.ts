import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { AdminSession } from '../core/admin-session';
import { AdminSignIn } from '../core/admin-sign-in';
import { PageReload } from '../core/page-reload';
import { RecordingListCard } from './recording-list-card';

/** Recordings of live sets: list, play, download, delete. */
@Component({
  selector: 'h4k-recordings-page',
  imports: [AdminSignIn, RecordingListCard],
  providers: [PageReload],
  template: `
    <h1 class="page-title">Recordings</h1>
    @if (session.signedIn()) {
      <h4k-recording-list-card />
    } @else {
      <h4k-admin-sign-in purpose="Sign in to play, download and delete the recordings of live sets." />
    }
  `,
  host: { class: 'page-stack' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class RecordingsPage {
  protected readonly session = inject(AdminSession);
}
