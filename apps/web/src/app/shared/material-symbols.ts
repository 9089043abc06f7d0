import { inject } from '@angular/core';
import { MatIconRegistry } from '@angular/material/icon';

/**
 * Makes `<mat-icon>` use the self-hosted Material Symbols font (material-symbols/outlined.css)
 * instead of the Google-hosted Material Icons. Called by the lazily loaded entry components so
 * the icon module stays out of the initial bundle.
 */
export function useMaterialSymbols(): void {
  inject(MatIconRegistry).setDefaultFontSetClass('material-symbols-outlined');
}
