import { Injectable } from '@nestjs/common';
import type { HandoverRequestDto, LockEntityType, LockLineDto, LockOfferDto, LockWaiterDto } from '@tdgen/contracts';
import { Prisma } from '../generated/prisma/client';
import { PrismaService, type Tx } from '../prisma/prisma.service';

/** One record: the key of its lock, request and line. */
export interface RecordRef {
  entityType: LockEntityType;
  entityId: number;
}

/** A handover request joined with the lock it asks for (holder, last input) and both names. */
export interface RequestRow {
  entity_type: LockEntityType;
  entity_id: number;
  requester_id: number;
  requester_client_id: string;
  requester_name: string;
  message: string | null;
  requested_at: Date;
  decide_by: Date;
  holder_id: number | null;
  holder_client_id: string | null;
  holder_name: string | null;
}

export interface LineRow {
  entity_type: LockEntityType;
  entity_id: number;
  offered_user_id: number | null;
  offered_client_id: string | null;
  offered_name: string | null;
  offered_at: Date | null;
  offer_expires_at: Date | null;
  is_offer_live: boolean;
}

interface WaiterRow {
  entity_type: LockEntityType;
  entity_id: number;
  user_id: number;
  client_id: string;
  display_name: string;
  joined_at: Date;
}

const REQUEST_SELECT = Prisma.sql`
  SELECT r.entity_type, r.entity_id, r.requester_id, r.requester_client_id, ru.display_name AS requester_name,
         r.message, r.requested_at, r.decide_by,
         l.user_id AS holder_id, l.client_id AS holder_client_id, hu.display_name AS holder_name
  FROM lock_handover_requests r
  JOIN users ru ON ru.id = r.requester_id
  LEFT JOIN locks l ON l.entity_type = r.entity_type AND l.entity_id = r.entity_id
  LEFT JOIN users hu ON hu.id = l.user_id`;

/**
 * Every SQL statement on handover requests, lines and waiters (docs/adr/0016-negotiable-locks-in-postgresql.md).
 * The rules live in LockLines and LockHandoverService; callers keep the lock order
 * (locks row → request row → line row).
 */
@Injectable()
export class LockNegotiationRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The record's open request, locked for the transaction when `forUpdate`. */
  async findRequest(db: Tx, ref: RecordRef, forUpdate = false): Promise<RequestRow | undefined> {
    const [row] = await db.$queryRaw<RequestRow[]>`
      ${REQUEST_SELECT} WHERE r.entity_type = ${ref.entityType}::lock_entity_type AND r.entity_id = ${ref.entityId}
      ${forUpdate ? Prisma.sql`FOR UPDATE OF r` : Prisma.empty}`;
    return row;
  }

  async listRequests(): Promise<RequestRow[]> {
    return this.prisma.$queryRaw<RequestRow[]>`${REQUEST_SELECT} ORDER BY r.requested_at`;
  }

  async insertRequest(
    tx: Tx,
    ref: RecordRef,
    requester: { userId: number; clientId: string },
    message: string | null,
    timeoutMs: number,
  ): Promise<void> {
    await tx.$executeRaw`
      INSERT INTO lock_handover_requests (entity_type, entity_id, requester_id, requester_client_id, message, decide_by)
      VALUES (${ref.entityType}::lock_entity_type, ${ref.entityId}, ${requester.userId}, ${requester.clientId},
              ${message}, now() + ${timeoutMs}::float8 * interval '1 millisecond')`;
  }

  async deleteRequest(tx: Tx, ref: RecordRef): Promise<number> {
    return tx.$executeRaw`
      DELETE FROM lock_handover_requests
      WHERE entity_type = ${ref.entityType}::lock_entity_type AND entity_id = ${ref.entityId}`;
  }

  /**
   * One request whose deadline has come (the holder idle for `idleMs`, or `decide_by` passed),
   * with its live lock; both rows locked, rows another instance holds skipped.
   */
  async lockDueRequest(
    tx: Tx,
    idleMs: number,
  ): Promise<(RecordRef & { is_idle: boolean; had_input: boolean }) | undefined> {
    const [row] = await tx.$queryRaw<(RecordRef & { is_idle: boolean; had_input: boolean })[]>`
      SELECT r.entity_type AS "entityType", r.entity_id AS "entityId",
             l.last_input_at <= now() - ${idleMs}::float8 * interval '1 millisecond' AS is_idle,
             l.last_input_at > r.requested_at AS had_input
      FROM lock_handover_requests r
      JOIN locks l ON l.entity_type = r.entity_type AND l.entity_id = r.entity_id AND l.expires_at > now()
      WHERE r.decide_by <= now() OR l.last_input_at <= now() - ${idleMs}::float8 * interval '1 millisecond'
      ORDER BY r.decide_by
      LIMIT 1
      FOR UPDATE OF l, r SKIP LOCKED`;
    return row;
  }

  /** Requests whose lock is gone (a path that ended it without us, e.g. a permanent delete): removed and returned. */
  async deleteOrphanedRequests(tx: Tx): Promise<RequestRow[]> {
    return tx.$queryRaw<RequestRow[]>`
      WITH gone AS (
        DELETE FROM lock_handover_requests r
        WHERE NOT EXISTS (SELECT 1 FROM locks l WHERE l.entity_type = r.entity_type AND l.entity_id = r.entity_id)
        RETURNING r.*)
      SELECT gone.entity_type, gone.entity_id, gone.requester_id, gone.requester_client_id,
             ru.display_name AS requester_name, gone.message, gone.requested_at, gone.decide_by,
             NULL::int AS holder_id, NULL::varchar AS holder_client_id, NULL::varchar AS holder_name
      FROM gone JOIN users ru ON ru.id = gone.requester_id`;
  }

  /** Deletes every open request of the requester; returns them (sign-out). */
  async deleteRequestsOf(tx: Tx, requesterId: number): Promise<RequestRow[]> {
    return tx.$queryRaw<RequestRow[]>`
      WITH gone AS (DELETE FROM lock_handover_requests r WHERE r.requester_id = ${requesterId} RETURNING r.*)
      SELECT gone.entity_type, gone.entity_id, gone.requester_id, gone.requester_client_id,
             ru.display_name AS requester_name, gone.message, gone.requested_at, gone.decide_by,
             l.user_id AS holder_id, l.client_id AS holder_client_id, hu.display_name AS holder_name
      FROM gone JOIN users ru ON ru.id = gone.requester_id
      LEFT JOIN locks l ON l.entity_type = gone.entity_type AND l.entity_id = gone.entity_id
      LEFT JOIN users hu ON hu.id = l.user_id
      ORDER BY gone.requested_at`;
  }

  /** The records whose line the user waits in or has an offer of, in record order. */
  async linesOfUser(tx: Tx, userId: number): Promise<RecordRef[]> {
    return tx.$queryRaw<RecordRef[]>`
      SELECT entity_type AS "entityType", entity_id AS "entityId" FROM lock_waiters WHERE user_id = ${userId}
      UNION
      SELECT entity_type, entity_id FROM lock_lines WHERE offered_user_id = ${userId}
      ORDER BY 1, 2`;
  }

  /** The record's line, locked for the transaction (the line's mutex); undefined when it has none. */
  async lockLine(tx: Tx, ref: RecordRef): Promise<LineRow | undefined> {
    const [row] = await tx.$queryRaw<LineRow[]>`
      SELECT ll.*, u.display_name AS offered_name,
             (ll.offered_user_id IS NOT NULL AND ll.offer_expires_at > now()) AS is_offer_live
      FROM lock_lines ll LEFT JOIN users u ON u.id = ll.offered_user_id
      WHERE ll.entity_type = ${ref.entityType}::lock_entity_type AND ll.entity_id = ${ref.entityId}
      FOR UPDATE OF ll`;
    return row;
  }

  /** Creates the record's line if missing and locks it. */
  async ensureLine(tx: Tx, ref: RecordRef): Promise<LineRow> {
    await tx.$executeRaw`
      INSERT INTO lock_lines (entity_type, entity_id) VALUES (${ref.entityType}::lock_entity_type, ${ref.entityId})
      ON CONFLICT DO NOTHING`;
    const line = await this.lockLine(tx, ref);
    if (!line) throw new Error('The line just created is missing');
    return line;
  }

  /** One line that needs the sweeper (offer expired, or free record without offer), locked; others' skipped. */
  async lockDueLine(tx: Tx): Promise<RecordRef | undefined> {
    const [row] = await tx.$queryRaw<RecordRef[]>`
      SELECT ll.entity_type AS "entityType", ll.entity_id AS "entityId" FROM lock_lines ll
      WHERE ll.offer_expires_at <= now()
         OR (ll.offered_user_id IS NULL AND NOT EXISTS (
               SELECT 1 FROM locks l WHERE l.entity_type = ll.entity_type AND l.entity_id = ll.entity_id
                 AND l.expires_at > now()))
      LIMIT 1
      FOR UPDATE SKIP LOCKED`;
    return row;
  }

  /** Lines of records that no longer exist: removed (their waiters with them). */
  async deleteLinesOfVanishedRecords(tx: Tx): Promise<RecordRef[]> {
    return tx.$queryRaw<RecordRef[]>`
      DELETE FROM lock_lines ll
      WHERE (ll.entity_type = 'JobTask' AND NOT EXISTS (SELECT 1 FROM job_tasks r WHERE r.id = ll.entity_id))
         OR (ll.entity_type = 'JobDescription'
             AND NOT EXISTS (SELECT 1 FROM job_descriptions r WHERE r.id = ll.entity_id))
      RETURNING ll.entity_type AS "entityType", ll.entity_id AS "entityId"`;
  }

  async setOffer(tx: Tx, ref: RecordRef, to: { userId: number; clientId: string } | null, offerMs: number) {
    await tx.$executeRaw`
      UPDATE lock_lines SET offered_user_id = ${to?.userId ?? null}, offered_client_id = ${to?.clientId ?? null},
        offered_at = CASE WHEN ${to === null} THEN NULL ELSE now() END,
        offer_expires_at = CASE WHEN ${to === null} THEN NULL
                                ELSE now() + ${offerMs}::float8 * interval '1 millisecond' END
      WHERE entity_type = ${ref.entityType}::lock_entity_type AND entity_id = ${ref.entityId}`;
  }

  async deleteLine(tx: Tx, ref: RecordRef): Promise<void> {
    await tx.$executeRaw`
      DELETE FROM lock_lines WHERE entity_type = ${ref.entityType}::lock_entity_type AND entity_id = ${ref.entityId}`;
  }

  /** Adds the user at the end of the line, or moves their place to this tab (keeping it). */
  async upsertWaiter(tx: Tx, ref: RecordRef, userId: number, clientId: string): Promise<void> {
    await tx.$executeRaw`
      INSERT INTO lock_waiters (entity_type, entity_id, user_id, client_id)
      VALUES (${ref.entityType}::lock_entity_type, ${ref.entityId}, ${userId}, ${clientId})
      ON CONFLICT (entity_type, entity_id, user_id) DO UPDATE SET client_id = EXCLUDED.client_id`;
  }

  /** Removes the user's place (any tab, or only `clientId`'s); the number removed. */
  async deleteWaiter(tx: Tx, ref: RecordRef, userId: number, clientId?: string): Promise<number> {
    return tx.$executeRaw`
      DELETE FROM lock_waiters
      WHERE entity_type = ${ref.entityType}::lock_entity_type AND entity_id = ${ref.entityId} AND user_id = ${userId}
        AND (${clientId ?? null}::text IS NULL OR client_id = ${clientId ?? null})`;
  }

  /** Removes and returns the first in line. */
  async popFirstWaiter(tx: Tx, ref: RecordRef): Promise<{ user_id: number; client_id: string } | undefined> {
    const [row] = await tx.$queryRaw<{ user_id: number; client_id: string }[]>`
      DELETE FROM lock_waiters WHERE position = (
        SELECT position FROM lock_waiters
        WHERE entity_type = ${ref.entityType}::lock_entity_type AND entity_id = ${ref.entityId}
        ORDER BY position LIMIT 1)
      RETURNING user_id, client_id`;
    return row;
  }

  /** Waiting tabs and offered tabs without an event stream for `graceMs` (they left the page). */
  async findGoneTabs(graceMs: number): Promise<(RecordRef & { userId: number; clientId: string })[]> {
    return this.prisma.$queryRaw<(RecordRef & { userId: number; clientId: string })[]>`
      WITH places AS (
        SELECT entity_type, entity_id, user_id, client_id, joined_at AS since FROM lock_waiters
        UNION ALL
        SELECT entity_type, entity_id, offered_user_id, offered_client_id, offered_at FROM lock_lines
        WHERE offered_user_id IS NOT NULL)
      SELECT p.entity_type AS "entityType", p.entity_id AS "entityId", p.user_id AS "userId", p.client_id AS "clientId"
      FROM places p
      WHERE NOT EXISTS (SELECT 1 FROM event_streams s WHERE s.user_id = p.user_id AND s.client_id = p.client_id)
        AND greatest(p.since, coalesce((SELECT t.closed_at FROM browser_tabs t
                                         WHERE t.user_id = p.user_id AND t.client_id = p.client_id), p.since))
            <= now() - ${graceMs}::float8 * interval '1 millisecond'`;
  }

  /** The record's line as the API shows it (waiters in order, the offer), or an empty one. */
  async loadLine(db: Tx, ref: RecordRef): Promise<LockLineDto> {
    return (await this.loadLines(db, ref))[0] ?? { ...ref, waiting: [], offer: null };
  }

  /** Every line (or one record's), ordered by record. */
  async loadLines(db: Tx = this.prisma, only?: RecordRef): Promise<LockLineDto[]> {
    const lineFilter = only
      ? Prisma.sql`WHERE ll.entity_type = ${only.entityType}::lock_entity_type AND ll.entity_id = ${only.entityId}`
      : Prisma.empty;
    const waiterFilter = only
      ? Prisma.sql`WHERE w.entity_type = ${only.entityType}::lock_entity_type AND w.entity_id = ${only.entityId}`
      : Prisma.empty;
    const lines = await db.$queryRaw<LineRow[]>`
      SELECT ll.*, u.display_name AS offered_name,
             (ll.offered_user_id IS NOT NULL AND ll.offer_expires_at > now()) AS is_offer_live
      FROM lock_lines ll LEFT JOIN users u ON u.id = ll.offered_user_id ${lineFilter}
      ORDER BY ll.entity_type, ll.entity_id`;
    if (lines.length === 0) return [];
    const waiters = await db.$queryRaw<WaiterRow[]>`
      SELECT w.entity_type, w.entity_id, w.user_id, w.client_id, u.display_name, w.joined_at
      FROM lock_waiters w JOIN users u ON u.id = w.user_id ${waiterFilter}
      ORDER BY w.position`;
    return lines.map((line) => ({
      entityType: line.entity_type,
      entityId: line.entity_id,
      waiting: waiters
        .filter((w) => w.entity_type === line.entity_type && w.entity_id === line.entity_id)
        .map(toWaiterDto),
      offer: toOfferDto(line),
    }));
  }
}

function toWaiterDto(row: WaiterRow): LockWaiterDto {
  return {
    user: { id: row.user_id, displayName: row.display_name },
    clientId: row.client_id,
    since: row.joined_at.toISOString(),
  };
}

export function toOfferDto(line: LineRow): LockOfferDto | null {
  if (line.offered_user_id === null || !line.offered_at || !line.offer_expires_at) return null;
  return {
    entityType: line.entity_type,
    entityId: line.entity_id,
    user: { id: line.offered_user_id, displayName: line.offered_name ?? '' },
    clientId: line.offered_client_id ?? '',
    offeredAt: line.offered_at.toISOString(),
    expiresAt: line.offer_expires_at.toISOString(),
  };
}

export function toRequestDto(row: RequestRow): HandoverRequestDto {
  return {
    entityType: row.entity_type,
    entityId: row.entity_id,
    requester: { id: row.requester_id, displayName: row.requester_name },
    requesterClientId: row.requester_client_id,
    holder: { id: row.holder_id ?? 0, displayName: row.holder_name ?? '' },
    holderClientId: row.holder_client_id ?? '',
    message: row.message,
    requestedAt: row.requested_at.toISOString(),
    decideBy: row.decide_by.toISOString(),
  };
}
