import { inject } from '@angular/core';
import { MatIconRegistry } from '@angular/material/icon';
import { DomSanitizer } from '@angular/platform-browser';
import { ICON_PATHS } from './icon-paths.generated';

const registered = new WeakSet<MatIconRegistry>();

/**
 * Registers the app's icons as inline SVGs for `<mat-icon svgIcon="…">`: only the icons used are
 * shipped (a few kB in the bundle, no request, visible with the first paint), instead of the whole
 * Material Symbols font (≈ 4 MB, icons invisible until it arrives). Called by the lazily loaded
 * entry components so the icon module stays out of the initial bundle.
 */
export function useIcons(): void {
  const registry = inject(MatIconRegistry);
  if (registered.has(registry)) return;
  registered.add(registry);
  const sanitizer = inject(DomSanitizer);
  for (const [name, path] of Object.entries(ICON_PATHS)) {
    // Static path data from this repository, not user input: safe to trust.
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 -960 960 960" fill="currentColor"><path d="${path}"/></svg>`;
    registry.addSvgIconLiteral(name, sanitizer.bypassSecurityTrustHtml(svg));
  }
}
