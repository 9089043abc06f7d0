import { DestroyRef, Injectable, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type {
  CreateJobTaskRequest,
  JobTaskDto,
  JobTaskEnvelope,
  UpdateJobTaskRequest,
  UsageResponse,
} from '@tdgen/contracts';
import { ROUTES } from '@tdgen/contracts';
import { Observable } from 'rxjs';
import { apiUrl } from '../core/api-url';
import { CatalogueStore } from './catalogue.store';

/** The task catalogue, kept live by `job-task:*` events (docs/product.md § Events). */
@Injectable({ providedIn: 'root' })
export class JobTasksStore extends CatalogueStore<JobTaskDto> {
  /** Every task, deleted ones included, sorted by title. */
  readonly tasks$: Observable<JobTaskDto[]> = this.sorted$;
  readonly tasksById$: Observable<ReadonlyMap<number, JobTaskDto>> = this.collection.entities$;

  constructor() {
    super(apiUrl(ROUTES.jobTasks), 'task', 'job tasks');
    const destroyRef = inject(DestroyRef);
    this.sse.jobTaskEvents.pipe(takeUntilDestroyed(destroyRef)).subscribe((event) => this.applyEvent(event));
    this.sse.resync$.pipe(takeUntilDestroyed(destroyRef)).subscribe(() => {
      // What was missed is unknown: reload the whole list when it is held, else forget the tasks
      // held from pages (the views that fetched them search again on resync).
      if (this.hasLoaded) this.load();
      else this.collection.reset();
    });
  }

  task$(id: number): Observable<JobTaskDto | undefined> {
    return this.entity$(id);
  }

  create(request: CreateJobTaskRequest): Observable<JobTaskDto> {
    return this.saved(this.http.post<JobTaskDto>(this.base, request));
  }

  update(id: number, request: UpdateJobTaskRequest): Observable<JobTaskDto> {
    return this.saved(this.http.patch<JobTaskDto>(`${this.base}/${id}`, request));
  }

  usage(id: number): Observable<UsageResponse> {
    return this.http.get<UsageResponse>(`${this.base}/${id}/usage`);
  }

  /** Routes one `job-task:*` envelope: every type but the permanent delete carries the task's new state. */
  applyEvent(event: JobTaskEnvelope): void {
    if (event.type === 'job-task:permanent-deleted') return this.applyRemoval(event, event.data.id);
    this.applyUpsert(event, event.data);
  }
}
