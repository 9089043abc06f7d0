import { HttpClient, HttpParams } from '@angular/common/http';
import { DestroyRef, Injectable, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type {
  CreateJobDescriptionRequest,
  JobDescriptionDto,
  SetPercentagesRequest,
  TitleExistsResponse,
  UpdateFrameworkDataRequest,
  UpdateJobDescriptionRequest,
} from '@tdgen/contracts';
import { ROUTES } from '@tdgen/contracts';
import { BehaviorSubject, Observable, catchError, distinctUntilChanged, map, shareReplay, tap, throwError } from 'rxjs';
import { apiUrl } from '../core/api-url';
import { CLIENT_ID } from '../core/client-id';
import { NotificationService } from '../core/notification.service';
import { JobDescriptionEnvelope, JobDescriptionTaskEnvelope, SseService } from '../core/sse/sse.service';
import { CardService, cardKey } from './card.service';
import { EntityCollection, byTitle } from './entity-collection';
import { loadAllPages } from './load-all-pages';
import { withTaskMoved } from './workspace-preview';

const BASE = apiUrl(ROUTES.jobDescriptions);
const ASSOCIATIONS = apiUrl(ROUTES.jobDescriptionTasks);

/** All job descriptions with their ordered tasks, kept live by description and association events. */
@Injectable({ providedIn: 'root' })
export class JobDescriptionsService {
  private readonly http = inject(HttpClient);
  private readonly sse = inject(SseService);
  private readonly cards = inject(CardService);
  private readonly notifications = inject(NotificationService);
  private readonly clientId = inject(CLIENT_ID);

  private readonly collection = new EntityCollection<JobDescriptionDto>();
  private readonly loadingSubject = new BehaviorSubject<boolean>(false);
  private hasLoaded = false;

  readonly descriptions$: Observable<JobDescriptionDto[]> = this.collection.entities$.pipe(
    map((entities) => [...entities.values()].sort(byTitle)),
    shareReplay({ bufferSize: 1, refCount: false }),
  );
  readonly descriptionsById$: Observable<ReadonlyMap<number, JobDescriptionDto>> = this.collection.entities$;
  readonly isLoading$: Observable<boolean> = this.loadingSubject.asObservable();

  constructor() {
    const destroyRef = inject(DestroyRef);
    this.sse.jobDescriptionEvents
      .pipe(takeUntilDestroyed(destroyRef))
      .subscribe((event) => this.applyDescriptionEvent(event));
    this.sse.jobDescriptionTaskEvents
      .pipe(takeUntilDestroyed(destroyRef))
      .subscribe((event) => this.applyAssociationChanged(event));
    this.sse.resync$.pipe(takeUntilDestroyed(destroyRef)).subscribe(() => {
      if (this.hasLoaded) return this.load();
      // Not listed yet, but single descriptions may be held (the open workspace): refresh those.
      for (const id of this.collection.snapshot.keys()) this.fetch(id).subscribe({ error: () => undefined });
    });
  }

  description$(id: number): Observable<JobDescriptionDto | undefined> {
    return this.collection.entities$.pipe(
      map((entities) => entities.get(id)),
      distinctUntilChanged(),
    );
  }

  get(id: number): JobDescriptionDto | undefined {
    return this.collection.get(id);
  }

  ensureLoaded(): void {
    if (!this.hasLoaded) this.load();
  }

  load(): void {
    this.hasLoaded = true;
    this.loadingSubject.next(true);
    this.collection.beginLoad(this.sse.lastEventId);
    loadAllPages<JobDescriptionDto>(this.http, BASE, { includeDeleted: 'true' }).subscribe({
      next: (descriptions) => {
        this.collection.completeLoad(descriptions);
        this.loadingSubject.next(false);
      },
      error: (error: unknown) => {
        this.collection.abortLoad();
        this.loadingSubject.next(false);
        this.notifications.error(error, 'Could not load the job descriptions');
      },
    });
  }

  /** Fetches one description (e.g. to open it) and keeps it in the store. */
  fetch(id: number): Observable<JobDescriptionDto> {
    return this.http.get<JobDescriptionDto>(`${BASE}/${id}`).pipe(tap((d) => this.collection.upsertLocal(d)));
  }

  create(request: CreateJobDescriptionRequest): Observable<JobDescriptionDto> {
    return this.http.post<JobDescriptionDto>(BASE, request).pipe(tap((d) => this.collection.upsertLocal(d)));
  }

  update(id: number, request: UpdateJobDescriptionRequest): Observable<JobDescriptionDto> {
    return this.saved(this.http.patch<JobDescriptionDto>(`${BASE}/${id}`, request));
  }

  updateFrameworkData(id: number, request: UpdateFrameworkDataRequest): Observable<JobDescriptionDto> {
    return this.saved(this.http.patch<JobDescriptionDto>(`${BASE}/${id}/framework-data`, request));
  }

  setPercentages(id: number, request: SetPercentagesRequest): Observable<JobDescriptionDto> {
    return this.saved(this.http.patch<JobDescriptionDto>(`${BASE}/${id}/percentages`, request));
  }

  softDelete(id: number): Observable<JobDescriptionDto> {
    return this.saved(this.http.delete<JobDescriptionDto>(`${BASE}/${id}`));
  }

  restore(id: number): Observable<JobDescriptionDto> {
    return this.saved(this.http.post<JobDescriptionDto>(`${BASE}/${id}/restore`, {}));
  }

  permanentlyDelete(id: number): Observable<void> {
    return this.http.delete<void>(`${BASE}/${id}/permanent`).pipe(tap(() => this.collection.removeLocal(id)));
  }

  titleExists(title: string): Observable<TitleExistsResponse> {
    return this.http.get<TitleExistsResponse>(`${BASE}/exists`, { params: new HttpParams().set('title', title) });
  }

  addTask(jobDescriptionId: number, jobTaskId: number, index?: number): Observable<JobDescriptionDto> {
    const body = index === undefined ? { jobDescriptionId, jobTaskId } : { jobDescriptionId, jobTaskId, index };
    return this.saved(this.http.post<JobDescriptionDto>(ASSOCIATIONS, body));
  }

  /** Moves a task; the new order shows at once and is rolled back if the server refuses. */
  moveTask(jobDescriptionId: number, jobTaskId: number, index: number): Observable<JobDescriptionDto> {
    const before = this.collection.get(jobDescriptionId);
    if (before) this.collection.upsertLocal(withTaskMoved(before, jobTaskId, index));
    return this.saved(
      this.http.patch<JobDescriptionDto>(`${ASSOCIATIONS}/${jobDescriptionId}/${jobTaskId}`, { index }),
    ).pipe(
      catchError((error: unknown) => {
        if (before) this.collection.upsertLocal(before);
        return throwError(() => error);
      }),
    );
  }

  removeTask(jobDescriptionId: number, jobTaskId: number): Observable<JobDescriptionDto> {
    return this.saved(this.http.delete<JobDescriptionDto>(`${ASSOCIATIONS}/${jobDescriptionId}/${jobTaskId}`));
  }

  applyDescriptionEvent(event: JobDescriptionEnvelope): void {
    switch (event.type) {
      case 'job-description:created':
        return this.applyDescriptionCreated(event);
      case 'job-description:updated':
        return this.applyDescriptionUpdated(event);
      case 'job-description:deleted':
        return this.applyDescriptionDeleted(event);
      case 'job-description:restored':
        return this.applyDescriptionRestored(event);
      case 'job-description:permanent-deleted':
        return this.applyDescriptionPermanentDeleted(event);
    }
  }

  applyDescriptionCreated(event: JobDescriptionEnvelope): void {
    this.applyUpsert(event, event.data as JobDescriptionDto);
  }

  applyDescriptionUpdated(event: JobDescriptionEnvelope): void {
    this.applyUpsert(event, event.data as JobDescriptionDto);
  }

  applyDescriptionDeleted(event: JobDescriptionEnvelope): void {
    this.applyUpsert(event, event.data as JobDescriptionDto);
  }

  applyDescriptionRestored(event: JobDescriptionEnvelope): void {
    this.applyUpsert(event, event.data as JobDescriptionDto);
  }

  applyDescriptionPermanentDeleted(event: JobDescriptionEnvelope): void {
    this.collection.applyRemovalEvent(event.id, event.data.id);
  }

  /** Association events carry the whole description after the change (SPEC §7.3). */
  applyAssociationChanged(event: JobDescriptionTaskEnvelope): void {
    this.applyUpsert(event, event.data.jobDescription);
  }

  private applyUpsert(event: JobDescriptionEnvelope | JobDescriptionTaskEnvelope, dto: JobDescriptionDto): void {
    const isRemote = this.collection.applyEvent(event.id, dto, event.clientId === this.clientId);
    if (isRemote) this.cards.flash(cardKey('description', dto.id));
  }

  private saved(request: Observable<JobDescriptionDto>): Observable<JobDescriptionDto> {
    return request.pipe(tap((d) => this.collection.upsertLocal(d)));
  }
}
