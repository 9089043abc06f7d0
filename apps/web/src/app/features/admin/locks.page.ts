import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, OnInit, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatTableModule } from '@angular/material/table';
import type { LockDto } from '@tdgen/contracts';
import { CLIENT_ID } from '../../core/client-id';
import { LockFlowService } from '../../flows/locks/lock-flow.service';
import { JobDescriptionsStore } from '../../stores/job-descriptions.store';
import { JobTasksStore } from '../../stores/job-tasks.store';
import { LockStore } from '../../stores/lock.store';

interface LockRow {
  lock: LockDto;
  kind: string;
  title: string;
  isMine: boolean;
}

/** Admin: every active lock, live; break one with a reason (docs/product.md § Locks). */
@Component({
  selector: 'td-locks-page',
  imports: [DatePipe, MatButtonModule, MatIconModule, MatTableModule],
  template: `
    <section class="page" data-testid="locks-page">
      <header class="page__header">
        <h1 class="page__title" i18n>Active locks</h1>
        <span class="page__count">{{ rows().length }}</span>
      </header>
      @if (rows().length === 0) {
        <p class="td-empty" data-testid="locks-empty" i18n>Nobody is editing anything right now.</p>
      } @else {
        <table mat-table [dataSource]="rows()" data-testid="locks-table">
          <ng-container matColumnDef="record">
            <th mat-header-cell *matHeaderCellDef i18n>Record</th>
            <td mat-cell *matCellDef="let row">
              <span class="kind">{{ row.kind }}</span> {{ row.title }}
            </td>
          </ng-container>
          <ng-container matColumnDef="holder">
            <th mat-header-cell *matHeaderCellDef i18n>Held by</th>
            <td mat-cell *matCellDef="let row" data-testid="lock-row-holder">
              @if (row.isMine) {
                <ng-container i18n>{{ row.lock.holder.displayName }} (this tab)</ng-container>
              } @else {
                {{ row.lock.holder.displayName }}
              }
            </td>
          </ng-container>
          <ng-container matColumnDef="since">
            <th mat-header-cell *matHeaderCellDef i18n>Since</th>
            <td mat-cell *matCellDef="let row">{{ row.lock.acquiredAt | date: 'short' }}</td>
          </ng-container>
          <ng-container matColumnDef="expires">
            <th mat-header-cell *matHeaderCellDef i18n>Expires</th>
            <td mat-cell *matCellDef="let row">{{ row.lock.expiresAt | date: 'shortTime' }}</td>
          </ng-container>
          <ng-container matColumnDef="actions">
            <th mat-header-cell *matHeaderCellDef><span class="td-visually-hidden" i18n>Actions</span></th>
            <td mat-cell *matCellDef="let row">
              <button mat-button [disabled]="row.isMine" (click)="breakLock(row)" data-testid="lock-row-break">
                <mat-icon svgIcon="lock_open"></mat-icon><ng-container i18n="break a lock">Break</ng-container>
              </button>
            </td>
          </ng-container>
          <tr mat-header-row *matHeaderRowDef="columns"></tr>
          <tr mat-row *matRowDef="let row; columns: columns"></tr>
        </table>
      }
    </section>
  `,
  styleUrls: ['../../flows/records/management-page.scss'],
  styles: `
    .kind {
      font: var(--mat-sys-label-small);
      color: var(--mat-sys-on-surface-variant);
      text-transform: uppercase;
      margin-right: 4px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LocksPage implements OnInit {
  private readonly locks = inject(LockStore);
  private readonly lockFlow = inject(LockFlowService);
  private readonly tasks = inject(JobTasksStore);
  private readonly descriptions = inject(JobDescriptionsStore);
  private readonly clientId = inject(CLIENT_ID);

  protected readonly columns = ['record', 'holder', 'since', 'expires', 'actions'];
  private readonly lockList = toSignal(this.locks.lockList$, { initialValue: [] });
  private readonly tasksById = toSignal(this.tasks.tasksById$, { initialValue: new Map() });
  private readonly descriptionsById = toSignal(this.descriptions.descriptionsById$, { initialValue: new Map() });
  protected readonly rows = computed<LockRow[]>(() =>
    this.lockList()
      .map((lock) => {
        const isTask = lock.entityType === 'JobTask';
        const record = isTask ? this.tasksById().get(lock.entityId) : this.descriptionsById().get(lock.entityId);
        return {
          lock,
          kind: isTask ? $localize`:kind of a locked record:Task` : $localize`:kind of a locked record:Description`,
          title: record?.title ?? `#${lock.entityId}`,
          isMine: lock.clientId === this.clientId,
        };
      })
      .sort((a, b) => a.lock.acquiredAt.localeCompare(b.lock.acquiredAt)),
  );

  ngOnInit(): void {
    this.locks.loadAll();
    this.tasks.ensureLoaded();
    this.descriptions.ensureLoaded();
  }

  protected async breakLock(row: LockRow): Promise<void> {
    await this.lockFlow.breakLock(row.lock.entityType, row.lock.entityId, row.title);
  }
}
