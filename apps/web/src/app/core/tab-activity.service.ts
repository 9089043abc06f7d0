import { DOCUMENT } from '@angular/common';
import { DestroyRef, Injectable, inject } from '@angular/core';
import { Observable, Subject } from 'rxjs';

/** What counts as the user working in this tab (docs/product.md § Locks: idle rule, warning before expiry). */
const INPUT_EVENTS = ['keydown', 'pointerdown', 'input', 'wheel'] as const;

/**
 * When the user last gave input in this tab. Lock refreshes follow it (an idle tab's locks run
 * down, with a warning), and the holder's tab reports it to the server for the handover's idle rule.
 */
@Injectable({ providedIn: 'root' })
export class TabActivityService {
  private readonly document = inject(DOCUMENT);
  private readonly inputSubject = new Subject<void>();
  private last = Date.now();

  /** Every input (not throttled; consumers throttle). */
  readonly input$: Observable<void> = this.inputSubject.asObservable();

  constructor() {
    const onInput = (): void => {
      this.last = Date.now();
      this.inputSubject.next();
    };
    for (const type of INPUT_EVENTS) this.document.addEventListener(type, onInput, { capture: true, passive: true });
    inject(DestroyRef).onDestroy(() => {
      for (const type of INPUT_EVENTS) this.document.removeEventListener(type, onInput, { capture: true });
    });
  }

  /** Epoch ms of the last input (the service's start before any). */
  get lastInputAt(): number {
    return this.last;
  }
}
