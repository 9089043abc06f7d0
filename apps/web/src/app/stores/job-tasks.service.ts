import { HttpClient, HttpParams } from '@angular/common/http';
import { DestroyRef, Injectable, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type {
  CreateJobTaskRequest,
  JobTaskDto,
  TitleExistsResponse,
  UpdateJobTaskRequest,
  UsageResponse,
} from '@tdgen/contracts';
import { ROUTES } from '@tdgen/contracts';
import { BehaviorSubject, Observable, distinctUntilChanged, map, shareReplay, tap } from 'rxjs';
import { apiUrl } from '../core/api-url';
import { CLIENT_ID } from '../core/client-id';
import { NotificationService } from '../core/notification.service';
import { JobTaskEnvelope, SseService } from '../core/sse/sse.service';
import { CardService, cardKey } from './card.service';
import { EntityCollection, byTitle } from './entity-collection';
import { loadAllPages } from './load-all-pages';

const BASE = apiUrl(ROUTES.jobTasks);

/** The task catalogue, kept live by `job-task:*` events (SPEC §8.6). */
@Injectable({ providedIn: 'root' })
export class JobTasksService {
  private readonly http = inject(HttpClient);
  private readonly sse = inject(SseService);
  private readonly cards = inject(CardService);
  private readonly notifications = inject(NotificationService);
  private readonly clientId = inject(CLIENT_ID);

  private readonly collection = new EntityCollection<JobTaskDto>();
  private readonly loadingSubject = new BehaviorSubject<boolean>(false);
  private hasLoaded = false;

  /** Every task, deleted ones included, sorted by title. */
  readonly tasks$: Observable<JobTaskDto[]> = this.collection.entities$.pipe(
    map((entities) => [...entities.values()].sort(byTitle)),
    shareReplay({ bufferSize: 1, refCount: false }),
  );
  readonly tasksById$: Observable<ReadonlyMap<number, JobTaskDto>> = this.collection.entities$;
  readonly isLoading$: Observable<boolean> = this.loadingSubject.asObservable();

  constructor() {
    const destroyRef = inject(DestroyRef);
    this.sse.jobTaskEvents.pipe(takeUntilDestroyed(destroyRef)).subscribe((event) => this.applyEvent(event));
    this.sse.resync$.pipe(takeUntilDestroyed(destroyRef)).subscribe(() => {
      if (this.hasLoaded) this.load();
    });
  }

  task$(id: number): Observable<JobTaskDto | undefined> {
    return this.collection.entities$.pipe(
      map((entities) => entities.get(id)),
      distinctUntilChanged(),
    );
  }

  get(id: number): JobTaskDto | undefined {
    return this.collection.get(id);
  }

  ensureLoaded(): void {
    if (!this.hasLoaded) this.load();
  }

  load(): void {
    this.hasLoaded = true;
    this.loadingSubject.next(true);
    this.collection.beginLoad(this.sse.lastEventId);
    loadAllPages<JobTaskDto>(this.http, BASE, { includeDeleted: 'true' }).subscribe({
      next: (tasks) => {
        this.collection.completeLoad(tasks);
        this.loadingSubject.next(false);
      },
      error: (error: unknown) => {
        this.collection.abortLoad();
        this.loadingSubject.next(false);
        this.notifications.error(error, 'Could not load the job tasks');
      },
    });
  }

  create(request: CreateJobTaskRequest): Observable<JobTaskDto> {
    return this.http.post<JobTaskDto>(BASE, request).pipe(tap((task) => this.collection.upsertLocal(task)));
  }

  update(id: number, request: UpdateJobTaskRequest): Observable<JobTaskDto> {
    return this.http.patch<JobTaskDto>(`${BASE}/${id}`, request).pipe(tap((task) => this.collection.upsertLocal(task)));
  }

  softDelete(id: number): Observable<JobTaskDto> {
    return this.http.delete<JobTaskDto>(`${BASE}/${id}`).pipe(tap((task) => this.collection.upsertLocal(task)));
  }

  restore(id: number): Observable<JobTaskDto> {
    return this.http
      .post<JobTaskDto>(`${BASE}/${id}/restore`, {})
      .pipe(tap((task) => this.collection.upsertLocal(task)));
  }

  permanentlyDelete(id: number): Observable<void> {
    return this.http.delete<void>(`${BASE}/${id}/permanent`).pipe(tap(() => this.collection.removeLocal(id)));
  }

  usage(id: number): Observable<UsageResponse> {
    return this.http.get<UsageResponse>(`${BASE}/${id}/usage`);
  }

  titleExists(title: string): Observable<TitleExistsResponse> {
    return this.http.get<TitleExistsResponse>(`${BASE}/exists`, { params: new HttpParams().set('title', title) });
  }

  /** Routes one `job-task:*` envelope to its named handler. */
  applyEvent(event: JobTaskEnvelope): void {
    switch (event.type) {
      case 'job-task:created':
        return this.applyTaskCreated(event);
      case 'job-task:updated':
        return this.applyTaskUpdated(event);
      case 'job-task:deleted':
        return this.applyTaskDeleted(event);
      case 'job-task:restored':
        return this.applyTaskRestored(event);
      case 'job-task:permanent-deleted':
        return this.applyTaskPermanentDeleted(event);
    }
  }

  applyTaskCreated(event: JobTaskEnvelope): void {
    this.applyUpsert(event);
  }

  applyTaskUpdated(event: JobTaskEnvelope): void {
    this.applyUpsert(event);
  }

  applyTaskDeleted(event: JobTaskEnvelope): void {
    this.applyUpsert(event);
  }

  applyTaskRestored(event: JobTaskEnvelope): void {
    this.applyUpsert(event);
  }

  applyTaskPermanentDeleted(event: JobTaskEnvelope): void {
    this.collection.applyRemovalEvent(event.id, event.data.id);
  }

  private applyUpsert(event: JobTaskEnvelope): void {
    const task = event.data as JobTaskDto;
    const isRemote = this.collection.applyEvent(event.id, task, event.clientId === this.clientId);
    if (isRemote) this.cards.flash(cardKey('task', task.id));
  }
}
