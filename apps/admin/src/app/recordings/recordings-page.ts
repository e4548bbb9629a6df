import { ChangeDetectionStrategy, Component } from '@angular/core';

import { AdminOnly } from '../core/admin-sign-in';
import { PageReload } from '../core/page-reload';
import { RecordingListCard } from './recording-list-card';

/** Recordings of live sets: list, play, download, delete. */
@Component({
  selector: 'h4k-recordings-page',
  imports: [AdminOnly, RecordingListCard],
  providers: [PageReload],
  template: `
    <h1 class="page-title">Recordings</h1>
    <ng-container *h4kAdminOnly="'Sign in to play, download and delete the recordings of live sets.'">
      <h4k-recording-list-card />
    </ng-container>
  `,
  host: { class: 'page-stack' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class RecordingsPage {}
