import { Routes } from '@angular/router';

export const appRoutes: Routes = [
  {
    path: '',
    pathMatch: 'full',
    title: 'Listen',
    loadComponent: () => import('./listen/listener-page'),
  },
  { path: 'dj', title: 'DJ', loadComponent: () => import('./dj/dj-page') },
  { path: 'queue', title: 'Queue', loadComponent: () => import('./queue/queue-page') },
  { path: 'library', title: 'Library', loadComponent: () => import('./library/library-page') },
  { path: 'live', title: 'Live', loadComponent: () => import('./live/live-page') },
  { path: '**', redirectTo: '' },
];
