import {
  RECORD_NAMES,
  type DomainEventInput,
  type ListQuery,
  type Page,
  type SessionUser,
  type TitleExistsResponse,
} from '@tdgen/contracts';
import { ApiException } from '../common/api-exception';
import type { EventsService } from '../events/events.service';
import type { PrismaService, Tx } from '../prisma/prisma.service';
import type { CatalogueRecordType, CatalogueRow } from './catalogue-record';
import { pageOf } from './list-where';
import type { RecordAccess } from './record-access';
import { assertTitleFree, namingTitleConflicts, titleKey } from './titles';

/**
 * The lifecycle job tasks and job descriptions share (docs/product.md § Titles, § Deletion and
 * restore): title check, read, soft delete, restore, permanent delete. Each change runs in one
 * transaction, access first, and publishes its events after the commit.
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
    protected readonly events: EventsService,
    protected readonly access: RecordAccess<Row>,
    private readonly records: CatalogueRecordType<Row, Dto>,
  ) {}

  /** Filtered, sorted by title (case-insensitive), paginated, with the total the filter matches. */
  async list(query: ListQuery): Promise<Page<Dto>> {
    const page = pageOf(query);
    const { items, total } = await this.records.findPage(this.prisma, query, page);
    return { items, total, limit: page.take, offset: page.skip };
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
    const record = await this.prisma.$transaction(async (tx) => {
      await this.access.forChange(tx, id, user, clientId);
      await this.records.setDeletion(tx, id, { deletedAt: new Date(), deletedById: user.id });
      return this.load(tx, id);
    });
    this.events.broadcastEvent(this.records.deletedEvent(record, { userId: user.id, clientId }));
    return record;
  }

  /** Admin: clears the deletion; 409 for a live record, 423 while someone else holds its lock. */
  async restore(id: number, user: SessionUser, clientId: string): Promise<Dto> {
    const record = await this.prisma.$transaction(async (tx) => {
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
      return this.load(tx, id);
    });
    this.events.broadcastEvent(this.records.restoredEvent(record, { userId: user.id, clientId }));
    return record;
  }

  /**
   * Admin: deletes the record for good (423 while someone else holds its lock). The events of the
   * records that changed with it go out first, then the record's own `permanent-deleted`.
   */
  async permanentDelete(id: number, user: SessionUser, clientId: string): Promise<void> {
    const followUps = await this.prisma.$transaction(async (tx) => {
      await this.access.lockRow(tx, id);
      await this.access.assertNotLockedByOther(tx, id, user, clientId);
      return this.removeForGood(tx, id, user, clientId);
    });
    for (const event of followUps) this.events.broadcastEvent(event);
    this.events.broadcastEvent(this.records.permanentDeletedEvent(id, { userId: user.id, clientId }));
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
  ): Promise<Dto> {
    return this.writingTitle(title, undefined, () =>
      this.prisma.$transaction(async (tx) => {
        await this.assertTitleFree(tx, title);
        const id = await insert(tx, { title, titleKey: titleKey(title), createdById: user.id, updatedById: user.id });
        await this.setTags(tx, id, tags ?? []);
        return this.load(tx, id);
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
   * Runs a transaction that writes `title`; when a concurrent request took it between the check
   * and the write, the unique index refuses it and the same 409 as the check's follows.
   */
  protected writingTitle<T>(title: string, selfId: number | undefined, work: () => Promise<T>): Promise<T> {
    return namingTitleConflicts(work, () => this.assertTitleFree(this.prisma, title, selfId));
  }
}
