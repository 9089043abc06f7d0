import { Injectable } from '@nestjs/common';
import type { JobDescriptionDto } from '@tdgen/contracts';
import type { CatalogueRecordType } from '../catalogue/catalogue-record';
import { JOB_DESCRIPTION_JSON } from '../catalogue/list-json';
import { queryPage, queryRecord } from '../catalogue/list-sql';
import { RecordAccess } from '../catalogue/record-access';
import type { JobDescription } from '../generated/prisma/client';
import { LocksService } from '../locks/locks.service';
import { JOB_DESCRIPTION_LIST } from './job-description-filters';

/** How the shared catalogue lifecycle reads and writes job descriptions. */
export const JOB_DESCRIPTION_RECORDS: CatalogueRecordType<JobDescription, JobDescriptionDto> = {
  entityType: 'JobDescription',
  table: 'job_descriptions',
  findPage: (prisma, query, page) => queryPage(prisma, JOB_DESCRIPTION_LIST, query, page, JOB_DESCRIPTION_JSON),
  lockRow: async (tx, id) => {
    const [row] = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM job_descriptions WHERE id = ${id} FOR UPDATE`;
    return row ? tx.jobDescription.findUnique({ where: { id } }) : null;
  },
  findDto: (db, id) => queryRecord<JobDescriptionDto>(db, 'job_descriptions', id, JOB_DESCRIPTION_JSON),
  findTitleHolder: (db, titleKey) =>
    db.jobDescription.findUnique({ where: { titleKey }, select: { id: true, title: true, deletedAt: true } }),
  setDeletion: async (tx, id, deletion) => {
    await tx.jobDescription.update({ where: { id }, data: deletion });
  },
  deletedEvent: (data, actor) => ({ type: 'job-description:deleted', data, ...actor }),
  restoredEvent: (data, actor) => ({ type: 'job-description:restored', data, ...actor }),
  permanentDeletedEvent: (id, actor) => ({ type: 'job-description:permanent-deleted', data: { id }, ...actor }),
};

/**
 * The access rules of a description change (exists, editable, not deleted, lock held), inside its
 * transaction — shared by the description's own endpoints and the association endpoints
 * (docs/product.md § Roles, § Locks).
 */
@Injectable()
export class JobDescriptionAccess extends RecordAccess<JobDescription> {
  constructor(locks: LocksService) {
    super(locks, JOB_DESCRIPTION_RECORDS);
  }
}
