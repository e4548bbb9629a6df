import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatToolbarModule } from '@angular/material/toolbar';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';

import { AdminSession } from './core/admin-session';
import { STATION_NAME } from './core/station';

export interface NavLink {
  readonly path: string;
  readonly label: string;
  readonly icon: string;
  readonly exact: boolean;
}

export const NAV_LINKS: readonly NavLink[] = [
  { path: '/', label: 'Listen', icon: 'radio', exact: true },
  { path: '/admin', label: 'Dashboard', icon: 'graphic_eq', exact: true },
  { path: '/admin/queue', label: 'Queue', icon: 'queue_music', exact: false },
  { path: '/admin/library', label: 'Library', icon: 'library_music', exact: false },
  { path: '/admin/live', label: 'Live', icon: 'mic', exact: false },
  { path: '/admin/recordings', label: 'Recordings', icon: 'album', exact: false },
  { path: '/admin/tokens', label: 'Tokens', icon: 'key', exact: false },
  { path: '/admin/webhooks', label: 'Webhooks', icon: 'webhook', exact: false },
];

@Component({
  selector: 'h4k-root',
  imports: [MatButtonModule, MatIconModule, MatToolbarModule, RouterLink, RouterLinkActive, RouterOutlet],
  templateUrl: './app.html',
  styleUrl: './app.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class App {
  protected readonly stationName = STATION_NAME;
  protected readonly links = NAV_LINKS;
  protected readonly session = inject(AdminSession);
}
