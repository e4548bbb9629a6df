import { Routes } from '@angular/router';
const comingSoon = () => import('./coming-soon/coming-soon-page');

export const appRoutes: Routes = [
  {
    path: '',
    pathMatch: 'full',
    title: 'Now playing',
    loadComponent: () => import('./now-playing/now-playing-page'),
  },
  {
    path: 'queue',
    title: 'Queue',
    loadComponent: comingSoon,
    data: {
      heading: 'Queue',
      icon: 'queue_music',
      blurb: 'Review and reorder the tracks listeners submitted.',
    },
  },
  {
    path: 'library',
    title: 'Library',
    loadComponent: comingSoon,
    data: {
      heading: 'Library',
      icon: 'library_music',
      blurb: 'Browse and manage the fallback playlist.',
    },
  },
  {
    path: 'live',
    title: 'Live',
    loadComponent: comingSoon,
    data: {
      heading: 'Live',
      icon: 'mic',
      blurb: 'See who is connected as a live DJ and take over the air.',
    },
  },
  { path: '**', redirectTo: '' },
];
