import type { DomainEventInput, ListQuery, LockEntityType } from '@tdgen/contracts';
import type { PrismaService, Tx } from '../prisma/prisma.service';
import type { PageRows } from './list-sql';
import type { PageCursor } from './page-cursor';
import type { TitleHolder } from './titles';

/** The columns of a catalogue record (job task, job description) that the shared rules read. */
export interface CatalogueRow {
  id: number;
  readOnlyForEditors: boolean;
  deletedAt: Date | null;
}

/** Who made a change: the user and the browser tab. */
export interface Actor {
  userId: number;
  clientId: string;
}

/**
 * What the shared lifecycle (RecordAccess, CatalogueService) needs to know of one record type:
 * its lock type and table, how its rows are read and written, and its lifecycle events.
 */
export interface CatalogueRecordType<Row extends CatalogueRow, Dto> {
  entityType: LockEntityType;
  /** The table, for the row lock (a constant of the code, never input). */
  table: 'job_tasks' | 'job_descriptions';
  /** One page of the list (filtered, sorted by title key and id) with its total, in one snapshot. */
  findPage(
    prisma: PrismaService,
    query: ListQuery,
    page: { limit: number; offset: number; cursor: PageCursor | null },
  ): Promise<PageRows>;
  /** The record's row, locked FOR UPDATE (serializing concurrent changes of it), or null. */
  lockRow(tx: Tx, id: number): Promise<Row | null>;
  findDto(db: Tx, id: number): Promise<Dto | null>;
  findTitleHolder(db: Tx, titleKey: string): Promise<TitleHolder | null>;
  /** Sets (soft delete) or clears (restore) the deletion. */
  setDeletion(tx: Tx, id: number, deletion: { deletedAt: Date | null; deletedById: number | null }): Promise<void>;
  deletedEvent(data: Dto, actor: Actor): DomainEventInput;
  restoredEvent(data: Dto, actor: Actor): DomainEventInput;
  permanentDeletedEvent(id: number, actor: Actor): DomainEventInput;
}
