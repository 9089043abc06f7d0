import { DestroyRef, Signal, inject, signal } from '@angular/core';

/** Whole seconds until `deadline` (ISO), never below 0, ticking every second while the owner lives. */
export function countdownTo(deadline: () => string | null | undefined): Signal<number> {
  const seconds = (): number => {
    const at = Date.parse(deadline() ?? '');
    return Number.isNaN(at) ? 0 : Math.max(0, Math.ceil((at - Date.now()) / 1000));
  };
  const left = signal(seconds());
  const timer = setInterval(() => left.set(seconds()), 1000);
  inject(DestroyRef).onDestroy(() => clearInterval(timer));
  return left.asReadonly();
}

/** 75 → "1:15". */
export function formatSeconds(total: number): string {
  const minutes = Math.floor(total / 60);
  return `${minutes}:${String(total % 60).padStart(2, '0')}`;
}
