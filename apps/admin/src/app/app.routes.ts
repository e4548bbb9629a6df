import { Routes } from '@angular/router';

export const appRoutes: Routes = [
  {
    path: '',
    pathMatch: 'full',
    title: 'Listen',
    loadComponent: () => import('./listen/listener-page'),
  },
  { path: 'dj', title: 'DJ', loadComponent: () => import('./dj/dj-page') },
  {
    path: 'admin',
    pathMatch: 'full',
    title: 'Dashboard',
    loadComponent: () => import('./dashboard/dashboard-page'),
  },
  { path: 'admin/tokens', title: 'Tokens', loadComponent: () => import('./tokens/tokens-page') },
  { path: 'admin/queue', title: 'Queue', loadComponent: () => import('./queue/queue-page') },
  { path: 'admin/library', title: 'Library', loadComponent: () => import('./library/library-page') },
  { path: 'admin/live', title: 'Live', loadComponent: () => import('./live/live-page') },
  { path: 'admin/webhooks', title: 'Webhooks', loadComponent: () => import('./webhooks/webhooks-page') },
  { path: 'admin/recordings', title: 'Recordings', loadComponent: () => import('./recordings/recordings-page') },
  // Where the admin pages were before they moved under /admin (bookmarks, scripts).
  { path: 'queue', redirectTo: 'admin/queue' },
  { path: 'library', redirectTo: 'admin/library' },
  { path: 'live', redirectTo: 'admin/live' },
  { path: '**', redirectTo: '' },
];
