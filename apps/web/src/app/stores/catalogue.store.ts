import { HttpClient, HttpParams } from '@angular/common/http';
import { inject } from '@angular/core';
import type { Page, TitleExistsResponse } from '@tdgen/contracts';
import { BehaviorSubject, Observable, distinctUntilChanged, map, shareReplay, tap } from 'rxjs';
import { CLIENT_ID } from '../core/client-id';
import { NotificationService } from '../core/notification.service';
import { SseService } from '../core/sse/sse.service';
import { CardStore, cardKey, type CardKind } from './card.store';
import { EntityCollection, byTitle, type EntityChange, type VersionedEntity } from './entity-collection';
import { loadAllPages } from './load-all-pages';

type CatalogueEntity = VersionedEntity & { title: string };

/**
 * What the task catalogue and the job descriptions store share: every record of one
 * kind in an `EntityCollection`, loaded page by page (deleted ones included), sorted by title,
 * kept live by events, and the lifecycle requests whose answer replaces the record locally.
 * Subclasses route their own event types to `applyUpsert` / `applyRemoval`.
 */
export abstract class CatalogueStore<T extends CatalogueEntity> {
  protected readonly http = inject(HttpClient);
  protected readonly sse = inject(SseService);
  private readonly cards = inject(CardStore);
  private readonly notifications = inject(NotificationService);
  private readonly clientId = inject(CLIENT_ID);

  protected readonly collection = new EntityCollection<T>();
  private readonly loadingSubject = new BehaviorSubject<boolean>(false);
  protected hasLoaded = false;

  /** Every record, deleted ones included, sorted by title. */
  protected readonly sorted$: Observable<T[]> = this.collection.entities$.pipe(
    map((entities) => [...entities.values()].sort(byTitle)),
    shareReplay({ bufferSize: 1, refCount: false }),
  );
  readonly isLoading$: Observable<boolean> = this.loadingSubject.asObservable();
  /** Single-record changes (events and this tab's own saves), for views holding part of the records. */
  readonly changes$: Observable<EntityChange<T>> = this.collection.changes$;

  /**
   * @param base the REST collection, e.g. `/api/job-tasks`
   * @param cardKind which cards flash when someone else changes a record
   * @param plural for the load error, e.g. "job tasks"
   */
  protected constructor(
    protected readonly base: string,
    private readonly cardKind: CardKind,
    private readonly plural: string,
  ) {}

  protected entity$(id: number): Observable<T | undefined> {
    return this.collection.entities$.pipe(
      map((entities) => entities.get(id)),
      distinctUntilChanged(),
    );
  }

  get(id: number): T | undefined {
    return this.collection.get(id);
  }

  ensureLoaded(): void {
    if (!this.hasLoaded) this.load();
  }

  load(): void {
    this.hasLoaded = true;
    this.loadingSubject.next(true);
    this.collection.beginLoad(this.sse.lastEventId);
    loadAllPages<T>(this.http, this.base, { includeDeleted: 'true' }).subscribe({
      next: (records) => {
        this.collection.completeLoad(records);
        this.loadingSubject.next(false);
      },
      error: (error: unknown) => {
        this.collection.abortLoad();
        this.loadingSubject.next(false);
        this.notifications.error(error, `Could not load the ${this.plural}`);
      },
    });
  }

  /**
   * One page of the list, filtered and paged on the server (for views that cannot hold every
   * record); its records join the store, so events keep them current.
   */
  fetchPage(params: Record<string, string | string[]>): Observable<Page<T>> {
    const floor = this.sse.lastEventId;
    return this.http
      .get<Page<T>>(this.base, { params: new HttpParams({ fromObject: params }) })
      .pipe(tap((page) => this.collection.mergePage(page.items, floor)));
  }

  softDelete(id: number): Observable<T> {
    return this.saved(this.http.delete<T>(`${this.base}/${id}`));
  }

  restore(id: number): Observable<T> {
    return this.saved(this.http.post<T>(`${this.base}/${id}/restore`, {}));
  }

  permanentlyDelete(id: number): Observable<void> {
    return this.http.delete<void>(`${this.base}/${id}/permanent`).pipe(tap(() => this.collection.removeLocal(id)));
  }

  titleExists(title: string): Observable<TitleExistsResponse> {
    return this.http.get<TitleExistsResponse>(`${this.base}/exists`, { params: new HttpParams().set('title', title) });
  }

  /** Keeps the record a mutation answered with (the tab's own event echo is then skipped). */
  protected saved(request: Observable<T>): Observable<T> {
    return request.pipe(tap((record) => this.collection.upsertLocal(record)));
  }

  /** Applies an event carrying the record's new state; someone else's change makes its cards flash. */
  protected applyUpsert(event: { id: number; clientId: string | null }, record: T): void {
    const isRemote = this.collection.applyEvent(event.id, record, event.clientId === this.clientId);
    if (isRemote) this.cards.flash(cardKey(this.cardKind, record.id));
  }

  protected applyRemoval(event: { id: number }, id: number): void {
    this.collection.applyRemovalEvent(event.id, id);
  }
}
