import { Injectable, OnDestroy } from '@angular/core';
import { BehaviorSubject, Observable, distinctUntilChanged, map } from 'rxjs';

export type CardKind = 'task' | 'description';
export type CardKey = `${CardKind}:${number}`;

export function cardKey(kind: CardKind, id: number): CardKey {
  return `${kind}:${id}`;
}

/** How long a remotely changed card stays highlighted (docs/product.md § Web app). */
export const HIGHLIGHT_MS = 2000;

/** UI state of cards and accordion rows: which are expanded, which flash after a remote change. */
@Injectable({ providedIn: 'root' })
export class CardStore implements OnDestroy {
  private readonly expandedSubject = new BehaviorSubject<ReadonlySet<string>>(new Set());
  private readonly highlightedSubject = new BehaviorSubject<ReadonlySet<string>>(new Set());
  private readonly highlightTimers = new Map<CardKey, ReturnType<typeof setTimeout>>();

  readonly expanded$: Observable<ReadonlySet<string>> = this.expandedSubject.asObservable();
  readonly highlighted$: Observable<ReadonlySet<string>> = this.highlightedSubject.asObservable();

  isExpanded$(key: CardKey): Observable<boolean> {
    return this.expanded$.pipe(
      map((set) => set.has(key)),
      distinctUntilChanged(),
    );
  }

  isExpanded(key: CardKey): boolean {
    return this.expandedSubject.value.has(key);
  }

  setExpanded(key: CardKey, isExpanded: boolean): void {
    if (this.isExpanded(key) === isExpanded) return;
    const next = new Set(this.expandedSubject.value);
    if (isExpanded) next.add(key);
    else next.delete(key);
    this.expandedSubject.next(next);
  }

  isHighlighted(key: CardKey): boolean {
    return this.highlightedSubject.value.has(key);
  }

  isHighlighted$(key: CardKey): Observable<boolean> {
    return this.highlighted$.pipe(
      map((set) => set.has(key)),
      distinctUntilChanged(),
    );
  }

  /** Highlights a card for HIGHLIGHT_MS; a new change while it flashes restarts the timer. */
  flash(key: CardKey): void {
    const timer = this.highlightTimers.get(key);
    if (timer) clearTimeout(timer);
    this.updateHighlighted(key, true);
    this.highlightTimers.set(
      key,
      setTimeout(() => {
        this.highlightTimers.delete(key);
        this.updateHighlighted(key, false);
      }, HIGHLIGHT_MS),
    );
  }

  ngOnDestroy(): void {
    this.highlightTimers.forEach((timer) => clearTimeout(timer));
  }

  private updateHighlighted(key: CardKey, isOn: boolean): void {
    const next = new Set(this.highlightedSubject.value);
    if (isOn) next.add(key);
    else next.delete(key);
    this.highlightedSubject.next(next);
  }
}
