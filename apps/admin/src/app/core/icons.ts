import { EnvironmentProviders, inject, provideAppInitializer } from '@angular/core';
import { MatIconRegistry } from '@angular/material/icon';
import { DomSanitizer } from '@angular/platform-browser';

/**
 * Every icon the panel shows, by its Material Symbols name. The sprite `public/icons.svg` holds
 * exactly these (Material Symbols Outlined, weight 400, Apache-2.0), ~15 kB instead of the 4 MB
 * icon font; `scripts/icon-sprite.mjs` writes it, and a spec checks that templates use no other.
 */
export const ICON_NAMES = [
  'admin_panel_settings',
  'album',
  'block',
  'cell_tower',
  'check_circle',
  'content_copy',
  'delete',
  'delete_sweep',
  'do_not_disturb_on',
  'download',
  'downloading',
  'edit',
  'error',
  'folder_open',
  'graphic_eq',
  'history',
  'key',
  'library_add',
  'library_add_check',
  'library_music',
  'link',
  'logout',
  'mic',
  'pause',
  'person',
  'play_arrow',
  'play_circle',
  'playlist_add',
  'playlist_remove',
  'queue_music',
  'radio',
  'restart_alt',
  'search',
  'skip_next',
  'timer',
  'tune',
  'upload',
  'upload_file',
  'volume_off',
  'volume_up',
  'webhook',
] as const;

export type IconName = (typeof ICON_NAMES)[number];

/** Served beside index.html (Caddy: same origin, so the CSP's default-src 'self' allows it). */
export const ICON_SPRITE_URL = '/icons.svg';

/** Makes `<mat-icon svgIcon="name" />` draw the symbol of that id from the sprite (fetched once). */
export function provideIcons(): EnvironmentProviders {
  return provideAppInitializer(() => {
    const sanitizer = inject(DomSanitizer);
    inject(MatIconRegistry).addSvgIconSet(sanitizer.bypassSecurityTrustResourceUrl(ICON_SPRITE_URL));
  });
}
