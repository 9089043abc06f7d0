import {
  LIST_LIMIT_DEFAULT,
  RECORD_NAMES,
  type DomainEventInput,
  type ListQuery,
  type SessionUser,
  type TitleExistsResponse,
} from '@tdgen/contracts';
import { ApiException } from '../common/api-exception';
import type { EventLog } from '../events/event-log';
import type { PrismaService, Tx } from '../prisma/prisma.service';
import type { CatalogueRecordType, CatalogueRow } from './catalogue-record';
import { decodeCursor, encodeCursor } from './page-cursor';
import type { PageCache } from './page-cache';
import type { RecordAccess } from './record-access';
import { assertTitleFree, namingTitleConflicts, titleKey } from './titles';

/**
 * The lifecycle job tasks and job descriptions share (docs/product.md § Titles, § Deletion and
 * restore): title check, read, soft delete, restore, permanent delete. Each change runs in one
 * transaction of the event log, access first, and records its events in it.
 */
/** The columns every new catalogue record starts with. */
export interface SharedColumns {
  title: string;
  titleKey: string;
  createdById: number;
  updatedById: number;
}

export abstract class CatalogueService<Row extends CatalogueRow, Dto> {
  protected constructor(
    protected readonly prisma: PrismaService,
    protected readonly log: EventLog,
    protected readonly access: RecordAccess<Row>,
    private readonly records: CatalogueRecordType<Row, Dto>,
    private readonly pages: PageCache,
  ) {}

  /**
   * Filtered, sorted by title (case-insensitive), paginated by offset or keyset cursor, with the
   * total the filter matches: a `Page<Dto>` already serialized (the items' JSON comes from the
   * database and is not parsed here), from this instance's page cache while nothing changed.
   */
  async list(query: ListQuery): Promise<Buffer> {
    if (query.cursor !== undefined && query.offset) {
      throw new ApiException(
        'VALIDATION_FAILED',
        { fields: [{ field: 'cursor', rules: ['notWithOffset'] }] },
        'offset and cursor cannot be combined: a cursor already says where the page starts',
      );
    }
    const page = {
      limit: query.limit ?? LIST_LIMIT_DEFAULT,
      offset: query.offset ?? 0,
      cursor: query.cursor === undefined ? null : decodeCursor(query.cursor),
    };
    return this.pages.get(pageKey(query), async () => {
      const { itemsJson, total, nextKey } = await this.records.findPage(this.prisma, query, page);
      const nextCursor = JSON.stringify(encodeCursor(nextKey));
      return `{"items":${itemsJson},"total":${total},"limit":${page.limit},"offset":${page.offset},"nextCursor":${nextCursor}}`;
    });
  }

  /** Whether a title is taken, by a live or a deleted record. */
  async exists(title: string): Promise<TitleExistsResponse> {
    const holder = await this.records.findTitleHolder(this.prisma, titleKey(title));
    return { exists: !!holder, id: holder?.id ?? null, deleted: !!holder?.deletedAt };
  }

  /** The record, also when soft-deleted; 404 when there is none. */
  get(id: number): Promise<Dto> {
    return this.load(this.prisma, id);
  }

  /** Soft delete by the lock holder: what refers to the record keeps referring to it. */
  async softDelete(id: number, user: SessionUser, clientId: string): Promise<Dto> {
    return this.log.transaction(async (tx, record) => {
      await this.access.forChange(tx, id, user, clientId);
      await this.records.setDeletion(tx, id, { deletedAt: new Date(), deletedById: user.id });
      const dto = await this.load(tx, id);
      record(this.records.deletedEvent(dto, { userId: user.id, clientId }));
      return dto;
    });
  }

  /** Admin: clears the deletion; 409 for a live record, 423 while someone else holds its lock. */
  async restore(id: number, user: SessionUser, clientId: string): Promise<Dto> {
    return this.log.transaction(async (tx, record) => {
      const current = await this.access.lockRow(tx, id);
      if (!current.deletedAt) {
        throw new ApiException(
          'RECORD_NOT_DELETED',
          { record: this.access.ref(id) },
          `${this.access.name(id)} is not deleted`,
        );
      }
      await this.access.assertNotLockedByOther(tx, id, user, clientId);
      await this.records.setDeletion(tx, id, { deletedAt: null, deletedById: null });
      const dto = await this.load(tx, id);
      record(this.records.restoredEvent(dto, { userId: user.id, clientId }));
      return dto;
    });
  }

  /**
   * Admin: deletes the record for good (423 while someone else holds its lock). The events of the
   * records that changed with it go out first, then the record's own `permanent-deleted`.
   */
  async permanentDelete(id: number, user: SessionUser, clientId: string): Promise<void> {
    await this.log.transaction(async (tx, record) => {
      await this.access.lockRow(tx, id);
      await this.access.assertNotLockedByOther(tx, id, user, clientId);
      for (const event of await this.removeForGood(tx, id, user, clientId)) record(event);
      record(this.records.permanentDeletedEvent(id, { userId: user.id, clientId }));
    });
  }

  /** Deletes the (locked, checked) row with what depends on it; returns the events of other records it changed. */
  protected abstract removeForGood(
    tx: Tx,
    id: number,
    user: SessionUser,
    clientId: string,
  ): Promise<DomainEventInput[]>;

  /** The record as its DTO, or 404 (inside a transaction: what was committed). */
  protected async load(db: Tx, id: number): Promise<Dto> {
    const dto = await this.records.findDto(db, id);
    if (!dto) {
      throw new ApiException('NOT_FOUND', { records: [this.access.ref(id)] }, `${this.access.name(id)} does not exist`);
    }
    return dto;
  }

  /**
   * Creates a record by `user` under a free title (409 otherwise) with these tags, in one
   * transaction: `insert` writes the row from the shared columns plus its own and returns its id.
   */
  protected insertTitled(
    { title, tags }: { title: string; tags?: string[] },
    user: SessionUser,
    insert: (tx: Tx, columns: SharedColumns) => Promise<number>,
    createdEvent: (dto: Dto) => DomainEventInput,
  ): Promise<Dto> {
    return this.writingTitle(title, undefined, () =>
      this.log.transaction(async (tx, record) => {
        const id = await insert(tx, { title, titleKey: titleKey(title), createdById: user.id, updatedById: user.id });
        await this.setTags(tx, id, tags ?? []);
        const dto = await this.load(tx, id);
        record(createdEvent(dto));
        return dto;
      }),
    );
  }

  /** Replaces the record's tags (normalized: trimmed, case-insensitively unique). */
  protected abstract setTags(tx: Tx, id: number, tags: string[]): Promise<void>;

  /** 409 naming the record that already carries the title (also a soft-deleted one). */
  protected async assertTitleFree(db: Tx, title: string, selfId?: number): Promise<void> {
    const holder = await this.records.findTitleHolder(db, titleKey(title));
    assertTitleFree(this.records.entityType, RECORD_NAMES[this.records.entityType], holder, selfId);
  }

  /**
   * Runs a transaction that writes `title`. The unique index on `title_key` decides whether it is
   * free (no check before the write: one round trip less, and no window between check and write);
   * when it refuses, the 409 names the record that holds the title.
   */
  protected writingTitle<T>(title: string, selfId: number | undefined, work: () => Promise<T>): Promise<T> {
    return namingTitleConflicts(work, () => this.assertTitleFree(this.prisma, title, selfId));
  }
}

/** The cache key of a list request: its parameters in a fixed order. */
function pageKey(query: ListQuery): string {
  const entries = Object.entries(query).filter(([, value]) => value !== undefined);
  return JSON.stringify(entries.sort(([a], [b]) => (a < b ? -1 : 1)));
}
