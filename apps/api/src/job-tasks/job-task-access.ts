import { Injectable } from '@nestjs/common';
import type { JobTaskDto } from '@tdgen/contracts';
import type { CatalogueRecordType } from '../catalogue/catalogue-record';
import { JOB_TASK_INCLUDE, toJobTaskDto, type JobTaskRow } from '../catalogue/job-task.mapper';
import { JOB_TASK_JSON } from '../catalogue/list-json';
import { queryPage } from '../catalogue/list-sql';
import { RecordAccess } from '../catalogue/record-access';
import { LocksService } from '../locks/locks.service';
import { JOB_TASK_LIST } from './job-task-filters';

/** How the shared catalogue lifecycle reads and writes job tasks. */
export const JOB_TASK_RECORDS: CatalogueRecordType<JobTaskRow, JobTaskDto> = {
  entityType: 'JobTask',
  table: 'job_tasks',
  findPage: (prisma, query, page) => queryPage(prisma, JOB_TASK_LIST, query, page, JOB_TASK_JSON),
  findRow: (db, id) => db.jobTask.findUnique({ where: { id }, include: JOB_TASK_INCLUDE }),
  findDto: async (db, id) => {
    const row = await db.jobTask.findUnique({ where: { id }, include: JOB_TASK_INCLUDE });
    return row && toJobTaskDto(row);
  },
  findTitleHolder: (db, titleKey) =>
    db.jobTask.findUnique({ where: { titleKey }, select: { id: true, title: true, deletedAt: true } }),
  setDeletion: async (tx, id, deletion) => {
    await tx.jobTask.update({ where: { id }, data: deletion });
  },
  deletedEvent: (data, actor) => ({ type: 'job-task:deleted', data, ...actor }),
  restoredEvent: (data, actor) => ({ type: 'job-task:restored', data, ...actor }),
  permanentDeletedEvent: (id, actor) => ({ type: 'job-task:permanent-deleted', data: { id }, ...actor }),
};

/** The access rules of a task change (exists, editable, not deleted, lock held), inside its transaction. */
@Injectable()
export class JobTaskAccess extends RecordAccess<JobTaskRow> {
  constructor(locks: LocksService) {
    super(locks, JOB_TASK_RECORDS);
  }
}
