import { EnvironmentProviders, inject, provideAppInitializer } from '@angular/core';
import { MatIconRegistry } from '@angular/material/icon';

/** CSS class of the `material-symbols` npm package's outlined font (see styles.scss). */
export const MATERIAL_SYMBOLS_CLASS = 'material-symbols-outlined';

/** Makes `<mat-icon>name</mat-icon>` render with Material Symbols Outlined. */
export function provideMaterialSymbols(): EnvironmentProviders {
  return provideAppInitializer(() => {
    inject(MatIconRegistry).setDefaultFontSetClass(MATERIAL_SYMBOLS_CLASS);
  });
}
