import { Injectable } from '@nestjs/common';
import type { JobTaskDto } from '@tdgen/contracts';
import type { CatalogueRecordType } from '../catalogue/catalogue-record';
import type { CatalogueRow } from '../catalogue/catalogue-record';
import { JOB_TASK_JSON } from '../catalogue/list-json';
import { queryPage, queryRecord } from '../catalogue/list-sql';
import { RecordAccess } from '../catalogue/record-access';
import { LocksService } from '../locks/locks.service';
import { Prisma } from '../generated/prisma/client';
import { prepared } from '../prisma/prepared-statements';
import { JOB_TASK_LIST } from './job-task-filters';

/** What a change of a task compares against: its own columns and its tag names (unsorted). */
export interface JobTaskRow extends CatalogueRow {
  title: string;
  text: string;
  payGroup: number | null;
  tags: string[];
}

/** How the shared catalogue lifecycle reads and writes job tasks. */
export const JOB_TASK_RECORDS: CatalogueRecordType<JobTaskRow, JobTaskDto> = {
  entityType: 'JobTask',
  table: 'job_tasks',
  findPage: (prisma, query, page) => queryPage(prisma, JOB_TASK_LIST, query, page, JOB_TASK_JSON),
  // One statement: the row lock and what the change compares against.
  lockRow: async (tx, id) => {
    const rows = await tx.$queryRaw<JobTaskRow[]>(
      prepared(Prisma.sql`
      SELECT t.id, t.title, t.text, t.pay_group AS "payGroup", t.read_only_for_editors AS "readOnlyForEditors",
             t.deleted_at AS "deletedAt",
             array(SELECT g.name FROM job_task_tags l JOIN tags g ON g.id = l.tag_id WHERE l.job_task_id = t.id) AS tags
      FROM job_tasks t WHERE t.id = ${id} FOR UPDATE OF t`),
    );
    return rows[0] ?? null;
  },
  findDto: (db, id) => queryRecord<JobTaskDto>(db, 'job_tasks', id, JOB_TASK_JSON),
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
