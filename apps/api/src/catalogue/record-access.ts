import { RECORD_NAMES, type CatalogueRecordRef, type SessionUser } from '@tdgen/contracts';
import { ApiException } from '../common/api-exception';
import type { LocksService } from '../locks/locks.service';
import type { Tx } from '../prisma/prisma.service';
import type { CatalogueRecordType, CatalogueRow } from './catalogue-record';
import { assertMayChange } from './permissions';

/**
 * The access rules every change of a catalogue record runs first, inside its transaction
 * (docs/product.md § Roles, § Locks): named once here, used by tasks, descriptions and associations.
 */
export class RecordAccess<Row extends CatalogueRow> {
  constructor(
    private readonly locks: LocksService,
    private readonly records: CatalogueRecordType<Row, unknown>,
  ) {}

  /** The record as errors name it. */
  ref(id: number): CatalogueRecordRef {
    return { entityType: this.records.entityType, id };
  }

  /** "Job task 7", for messages. */
  name(id: number): string {
    const name = RECORD_NAMES[this.records.entityType];
    return `${name.charAt(0).toUpperCase()}${name.slice(1)} ${id}`;
  }

  /** The record's row, locked FOR UPDATE (serializing concurrent changes of it), or 404. */
  async lockRow(tx: Tx, id: number): Promise<Row> {
    const row = await this.records.lockRow(tx, id);
    if (!row) throw new ApiException('NOT_FOUND', { records: [this.ref(id)] }, `${this.name(id)} does not exist`);
    return row;
  }

  /** The row, locked, after the checks every edit shares: exists (404), editable by this user (403), not deleted (409). */
  async forEdit(tx: Tx, id: number, user: SessionUser): Promise<Row> {
    const row = await this.lockRow(tx, id);
    assertMayChange(user, row, this.ref(id), this.name(id));
    if (row.deletedAt) {
      throw new ApiException(
        'RECORD_DELETED',
        { record: this.ref(id) },
        `${this.name(id)} is deleted and cannot be changed; an administrator can restore it`,
      );
    }
    return row;
  }

  /** The calling tab holds the record's lock (428 without one, 423 when another user or tab holds it). */
  assertLockHeld(tx: Tx, id: number, user: SessionUser, clientId: string): Promise<void> {
    return this.locks.assertHeld(tx, this.records.entityType, id, user.id, clientId);
  }

  /** For a change by the lock holder: `forEdit`, then the lock. */
  async forChange(tx: Tx, id: number, user: SessionUser, clientId: string): Promise<Row> {
    const row = await this.forEdit(tx, id, user);
    await this.assertLockHeld(tx, id, user, clientId);
    return row;
  }

  /** No other user or tab holds the record's lock (423): an admin's restore or permanent delete respects it. */
  assertNotLockedByOther(tx: Tx, id: number, user: SessionUser, clientId: string): Promise<void> {
    return this.locks.assertNotHeldByOther(tx, this.records.entityType, id, user.id, clientId);
  }
}
