import { BehaviorSubject, Observable, Subject } from 'rxjs';

export interface VersionedEntity {
  id: number;
  updatedAt: string;
  deletedAt: string | null;
}

/** One record's change in the collection: `before` undefined when it was not held, `after` null when removed. */
export interface EntityChange<T> {
  id: number;
  before: T | undefined;
  after: T | null;
}

/**
 * The state of one kind of record (tasks or descriptions), keyed by id, with the bookkeeping that
 * makes event handling idempotent (docs/product.md § Events):
 * - every entity remembers the id of the last event applied to it, so duplicates and late,
 *   out-of-order events are ignored;
 * - the tab's own echo is skipped when the REST response already brought the same state;
 * - events that arrive while a full reload is in flight are laid over its result, so a reload
 *   never rolls back what an event just changed.
 */
export class EntityCollection<T extends VersionedEntity> {
  private readonly subject = new BehaviorSubject<ReadonlyMap<number, T>>(new Map());
  private readonly versions = new Map<number, number>();
  private versionFloor = 0;
  /** Changes made while a reload is in flight (null = removed). */
  private changesDuringLoad: Map<number, T | null> | null = null;

  private readonly changeSubject = new Subject<EntityChange<T>>();

  readonly entities$: Observable<ReadonlyMap<number, T>> = this.subject.asObservable();
  /**
   * Every single-record change (events, this tab's REST answers) — not loads and merged pages —
   * for views that hold only part of the records (the backlog's search window).
   */
  readonly changes$: Observable<EntityChange<T>> = this.changeSubject.asObservable();

  get snapshot(): ReadonlyMap<number, T> {
    return this.subject.value;
  }

  get(id: number): T | undefined {
    return this.subject.value.get(id);
  }

  /** @param floor the last event id seen when the request started: the response reflects everything up to it. */
  beginLoad(floor: number | null): void {
    this.changesDuringLoad = new Map();
    this.versions.clear();
    this.versionFloor = floor ?? 0;
  }

  completeLoad(items: readonly T[]): void {
    const next = new Map(items.map((item) => [item.id, item] as const));
    for (const [id, change] of this.changesDuringLoad ?? []) {
      if (change) next.set(id, change);
      else next.delete(id);
    }
    this.changesDuringLoad = null;
    this.subject.next(next);
  }

  abortLoad(): void {
    this.changesDuringLoad = null;
  }

  /**
   * Adds one page of a list to what is held, in one step. `floor` is the last event id seen when
   * the request started: a record an event changed after that keeps its newer state.
   */
  mergePage(items: readonly T[], floor: number | null): void {
    const next = new Map(this.subject.value);
    for (const item of items) {
      if ((this.versions.get(item.id) ?? 0) > (floor ?? 0)) continue;
      const held = next.get(item.id);
      if (held && Date.parse(held.updatedAt) > Date.parse(item.updatedAt)) continue;
      next.set(item.id, item);
      this.changesDuringLoad?.set(item.id, item);
    }
    this.subject.next(next);
  }

  /** A REST response of this tab: always the newest state this tab knows of. */
  upsertLocal(entity: T): void {
    this.write(entity.id, entity);
  }

  removeLocal(id: number): void {
    this.write(id, null);
  }

  /** Applies an entity-carrying event; true when the state changed because of someone else. */
  applyEvent(eventId: number, entity: T, isOwnEcho: boolean): boolean {
    if (this.isStale(entity.id, eventId)) return false;
    this.versions.set(entity.id, eventId);
    const local = this.get(entity.id);
    if (isOwnEcho && local && reflects(local, entity)) return false;
    this.write(entity.id, entity);
    return !isOwnEcho;
  }

  /** Applies a permanent deletion; true when something was removed. */
  applyRemovalEvent(eventId: number, id: number): boolean {
    if (this.isStale(id, eventId)) return false;
    this.versions.set(id, eventId);
    if (!this.subject.value.has(id) && !this.changesDuringLoad) return false;
    this.write(id, null);
    return true;
  }

  reset(): void {
    this.versions.clear();
    this.versionFloor = 0;
    this.changesDuringLoad = null;
    this.subject.next(new Map());
  }

  private isStale(id: number, eventId: number): boolean {
    return eventId <= Math.max(this.versionFloor, this.versions.get(id) ?? 0);
  }

  private write(id: number, entity: T | null): void {
    this.changesDuringLoad?.set(id, entity);
    const before = this.subject.value.get(id);
    const next = new Map(this.subject.value);
    if (entity) next.set(id, entity);
    else next.delete(id);
    this.subject.next(next);
    this.changeSubject.next({ id, before, after: entity });
  }
}

/** True when `local` already shows what `incoming` says (same or later content, same deletion state). */
export function reflects(local: VersionedEntity, incoming: VersionedEntity): boolean {
  const isDeletedAlike = (local.deletedAt === null) === (incoming.deletedAt === null);
  return isDeletedAlike && Date.parse(local.updatedAt) >= Date.parse(incoming.updatedAt);
}

/** Case-insensitive title order, as the server sorts (docs/product.md § Job tasks). */
export function byTitle<E extends { title: string }>(a: E, b: E): number {
  return a.title.localeCompare(b.title, undefined, { sensitivity: 'base' });
}
