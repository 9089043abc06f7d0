import { DestroyRef, Injectable, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type {
  CreateJobDescriptionRequest,
  JobDescriptionDto,
  JobDescriptionEnvelope,
  JobDescriptionTaskEnvelope,
  SetPercentagesRequest,
  UpdateFrameworkDataRequest,
  UpdateJobDescriptionRequest,
} from '@tdgen/contracts';
import { ROUTES } from '@tdgen/contracts';
import { Observable, catchError, throwError } from 'rxjs';
import { apiUrl } from '../core/api-url';
import { CatalogueStore } from './catalogue.store';
import { withTaskMoved } from './workspace-preview';

const ASSOCIATIONS = apiUrl(ROUTES.jobDescriptionTasks);

/** All job descriptions with their ordered tasks, kept live by description and association events. */
@Injectable({ providedIn: 'root' })
export class JobDescriptionsStore extends CatalogueStore<JobDescriptionDto> {
  readonly descriptions$: Observable<JobDescriptionDto[]> = this.sorted$;
  readonly descriptionsById$: Observable<ReadonlyMap<number, JobDescriptionDto>> = this.collection.entities$;

  constructor() {
    super(apiUrl(ROUTES.jobDescriptions), 'description', $localize`Could not load the job descriptions`);
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
    return this.entity$(id);
  }

  /** Fetches one description (e.g. to open it) and keeps it in the store. */
  fetch(id: number): Observable<JobDescriptionDto> {
    return this.saved(this.http.get<JobDescriptionDto>(`${this.base}/${id}`));
  }

  create(request: CreateJobDescriptionRequest): Observable<JobDescriptionDto> {
    return this.saved(this.http.post<JobDescriptionDto>(this.base, request));
  }

  update(id: number, request: UpdateJobDescriptionRequest): Observable<JobDescriptionDto> {
    return this.saved(this.http.patch<JobDescriptionDto>(`${this.base}/${id}`, request));
  }

  updateFrameworkData(id: number, request: UpdateFrameworkDataRequest): Observable<JobDescriptionDto> {
    return this.saved(this.http.patch<JobDescriptionDto>(`${this.base}/${id}/framework-data`, request));
  }

  setPercentages(id: number, request: SetPercentagesRequest): Observable<JobDescriptionDto> {
    return this.saved(this.http.patch<JobDescriptionDto>(`${this.base}/${id}/percentages`, request));
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

  /** Routes one `job-description:*` envelope: every type but the permanent delete carries the new state. */
  applyDescriptionEvent(event: JobDescriptionEnvelope): void {
    if (event.type === 'job-description:permanent-deleted') return this.applyRemoval(event, event.data.id);
    this.applyUpsert(event, event.data);
  }

  /** Association events carry the whole description after the change (docs/product.md § Events). */
  applyAssociationChanged(event: JobDescriptionTaskEnvelope): void {
    this.applyUpsert(event, event.data.jobDescription);
  }
}
