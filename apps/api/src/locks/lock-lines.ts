import { Injectable } from '@nestjs/common';
import {
  HANDOVER_DECLINED_REASON,
  type LockLineDto,
  type LockOfferDto,
  type LockRefRequest,
  type SessionUser,
  type UserRef,
} from '@tdgen/contracts';
import { ConfigService } from '../config/config.service';
import { EventLog, type RecordEvent } from '../events/event-log';
import type { Tx } from '../prisma/prisma.service';
import { ApiException } from '../common/api-exception';
import { ownLock, recordFree } from './lock-errors';
import { present } from './lock-rows';
import { LockNegotiationRepository, toOfferDto, toRequestDto, type RecordRef } from './lock-negotiation.repository';

/** What a tab that wants a free record learns from the line. */
export type FreeRecordVerdict = { isGranted: true } | { isGranted: false; offer: LockOfferDto };

/**
 * The wait-list of a record and the offer to its first waiter (docs/product.md § Locks, docs/adr/0016).
 * A free record with a line belongs to the line: every lock ending offers it to the first waiter
 * for LOCK_OFFER_MS, and only that user may take it meanwhile. Every method runs inside the
 * caller's transaction (or its own) and records its events there.
 */
@Injectable()
export class LockLines {
  constructor(
    private readonly log: EventLog,
    private readonly config: ConfigService,
    private readonly repository: LockNegotiationRepository,
  ) {}

  /** Every line, for a tab's starting point. */
  list(): Promise<LockLineDto[]> {
    return this.repository.loadLines();
  }

  /**
   * "Notify me when free": the user waits for a record someone else holds (or that is offered to
   * someone else). Joining again from another tab keeps the place and moves it there.
   * 409 when the record is free (take the lock) or the user holds it or has it offered.
   */
  async join(user: SessionUser, ref: LockRefRequest): Promise<LockLineDto> {
    return this.log.transaction(async (tx, record) => {
      const [lock] = await tx.$queryRaw<{ user_id: number }[]>`
        SELECT user_id FROM locks WHERE entity_type = ${ref.entityType}::lock_entity_type
          AND entity_id = ${ref.entityId} AND expires_at > now() FOR SHARE`;
      const recordRef = { entityType: ref.entityType, id: ref.entityId };
      if (lock?.user_id === user.id) throw ownLock(recordRef, false);
      const existing = await this.repository.lockLine(tx, ref);
      const isOffered = existing?.is_offer_live === true;
      if (!lock && !isOffered) throw recordFree(ref.entityType, ref.entityId);
      if (isOffered && existing?.offered_user_id === user.id) {
        throw new ApiException('OFFERED_TO_YOU', { record: recordRef }, 'The record is offered to you; take the lock');
      }
      await this.repository.ensureLine(tx, ref);
      await this.repository.upsertWaiter(tx, ref, user.id, ref.clientId);
      return this.recordChanged(tx, record, ref);
    });
  }

  /** Leaves the line (and turns down an offer to this tab, which then goes to the next). Idempotent. */
  async leave(user: SessionUser, ref: LockRefRequest): Promise<void> {
    await this.log.transaction((tx, record) => this.removeTab(tx, record, ref, user.id, ref.clientId));
  }

  /**
   * Inside any transaction that ended a lock (release, expiry, orphan, break, sign-out), after the
   * lock row is gone: an open handover request ends ("lock ended"), and the line's first waiter
   * gets the record offered — or, with `clearedBy`, the line is emptied and its waiters told.
   */
  async afterLockEnded(tx: Tx, record: RecordEvent, ref: RecordRef, clearedBy?: UserRef): Promise<void> {
    await this.endRequest(tx, record, ref);
    const line = await this.repository.lockLine(tx, ref);
    if (!line) return;
    if (clearedBy) {
      await this.repository.deleteLine(tx, ref);
      record({
        type: 'lock:queue-changed',
        data: { line: { ...ref, waiting: [], offer: null }, clearedBy },
        userId: clearedBy.id,
        clientId: null,
      });
      return;
    }
    if (!line.is_offer_live) await this.offerNext(tx, record, ref);
  }

  /** Ends the record's open handover request because its lock ended another way. */
  async endRequest(tx: Tx, record: RecordEvent, ref: RecordRef): Promise<void> {
    const request = await this.repository.findRequest(tx, ref, true);
    if (!request) return;
    await this.repository.deleteRequest(tx, ref);
    record({
      type: 'lock:handover-declined',
      data: { request: toRequestDto(request), reason: HANDOVER_DECLINED_REASON.lockEnded },
      userId: null,
      clientId: null,
    });
  }

  /**
   * Inside an acquire of a free record (no live lock; the lock row, if any, already locked):
   * granted when the record has no line, or it is offered to this user, or this user is next in
   * line without an open offer; otherwise the offer that reserves it for someone else (made now if
   * it had lapsed). Granting consumes the offer or the user's place.
   */
  async claimFreeRecord(tx: Tx, record: RecordEvent, ref: RecordRef, userId: number): Promise<FreeRecordVerdict> {
    const line = await this.repository.lockLine(tx, ref);
    if (!line) return { isGranted: true };
    if (line.is_offer_live && line.offered_user_id !== userId)
      return { isGranted: false, offer: present(toOfferDto(line), 'the offer') };
    if (line.is_offer_live) {
      await this.repository.setOffer(tx, ref, null, 0);
      await this.repository.deleteWaiter(tx, ref, userId);
      await this.dropLineIfEmpty(tx, ref);
      this.recordLineChange(record, await this.repository.loadLine(tx, ref), null);
      return { isGranted: true };
    }
    // No open offer (it lapsed, or the lock ended without one): the line decides now.
    const offer = await this.offerNext(tx, record, ref);
    if (!offer) return { isGranted: true };
    if (offer.user.id !== userId) return { isGranted: false, offer };
    await this.repository.setOffer(tx, ref, null, 0);
    await this.dropLineIfEmpty(tx, ref);
    this.recordLineChange(record, await this.repository.loadLine(tx, ref), null);
    return { isGranted: true };
  }

  /** A lock just changed hands to `userId` (handover): their place in the line is no longer needed. */
  async removeNewHolder(tx: Tx, record: RecordEvent, ref: RecordRef, userId: number): Promise<void> {
    const line = await this.repository.lockLine(tx, ref);
    if (!line) return;
    if ((await this.repository.deleteWaiter(tx, ref, userId)) === 0) return;
    await this.dropLineIfEmpty(tx, ref);
    await this.recordChanged(tx, record, ref);
  }

  /** Sweeper: one due line (an offer ran out, or a free record without an offer) moves on; false when none was due. */
  async advanceOneDueLine(): Promise<boolean> {
    return this.log.transaction(async (tx, record) => {
      const due = await this.repository.lockDueLine(tx);
      if (!due) return false;
      // Lock order: the locks row before the line; a live lock makes the line wait for its end.
      const [live] = await tx.$queryRaw<{ n: number }[]>`
        SELECT 1 AS n FROM locks WHERE entity_type = ${due.entityType}::lock_entity_type
          AND entity_id = ${due.entityId} AND expires_at > now()`;
      const line = present(await this.repository.lockLine(tx, due), 'the line');
      if (live) {
        if (line.offered_user_id !== null) await this.repository.setOffer(tx, due, null, 0);
        await this.dropLineIfEmpty(tx, due);
        await this.recordChanged(tx, record, due);
        return true;
      }
      await this.offerNext(tx, record, due);
      return true;
    });
  }

  /** Sweeper: lines of records deleted meanwhile go, their waiters told by an empty line. */
  async dropLinesOfVanishedRecords(): Promise<void> {
    await this.log.transaction(async (tx, record) => {
      for (const ref of await this.repository.deleteLinesOfVanishedRecords(tx)) {
        this.recordLineChange(record, { ...ref, waiting: [], offer: null }, null);
      }
    });
  }

  /** Sweeper: tabs that left the page (no event stream for LOCK_QUEUE_LEAVE_GRACE_MS) leave their lines. */
  async removeGoneTabs(): Promise<number> {
    const gone = await this.repository.findGoneTabs(this.config.get('lock').queueLeaveGraceMs);
    for (const place of gone) {
      await this.log.transaction((tx, record) => this.removeTab(tx, record, place, place.userId, place.clientId));
    }
    return gone.length;
  }

  /**
   * Inside the sign-out transaction: the user's handover requests end (`withdrawn`) and they leave
   * every line; an offer to them goes to the next.
   */
  async forgetUser(tx: Tx, record: RecordEvent, userId: number): Promise<void> {
    for (const request of await this.repository.deleteRequestsOf(tx, userId)) {
      record({
        type: 'lock:handover-declined',
        data: { request: toRequestDto(request), reason: HANDOVER_DECLINED_REASON.withdrawn },
        userId,
        clientId: null,
      });
    }
    for (const ref of await this.repository.linesOfUser(tx, userId)) {
      const line = await this.repository.lockLine(tx, ref);
      if (!line) continue;
      await this.repository.deleteWaiter(tx, ref, userId);
      if (line.offered_user_id === userId) {
        await this.repository.setOffer(tx, ref, null, 0);
        await this.offerNext(tx, record, ref);
        continue;
      }
      await this.dropLineIfEmpty(tx, ref);
      await this.recordChanged(tx, record, ref);
    }
  }

  private async removeTab(tx: Tx, record: RecordEvent, ref: RecordRef, userId: number, clientId: string) {
    const line = await this.repository.lockLine(tx, ref);
    if (!line) return;
    const removed = await this.repository.deleteWaiter(tx, ref, userId, clientId);
    const wasOffered = line.offered_user_id === userId && line.offered_client_id === clientId;
    if (wasOffered) {
      await this.repository.setOffer(tx, ref, null, 0);
      await this.offerNext(tx, record, ref);
      return;
    }
    if (removed === 0) return;
    await this.dropLineIfEmpty(tx, ref);
    await this.recordChanged(tx, record, ref);
  }

  /**
   * Offers the record to the first waiter (removing them from the waiting list) for LOCK_OFFER_MS,
   * or drops the line when nobody waits. Records `lock:offered` and `lock:queue-changed`.
   */
  private async offerNext(tx: Tx, record: RecordEvent, ref: RecordRef): Promise<LockOfferDto | null> {
    const next = await this.repository.popFirstWaiter(tx, ref);
    if (!next) {
      await this.repository.deleteLine(tx, ref);
      this.recordLineChange(record, { ...ref, waiting: [], offer: null }, null);
      return null;
    }
    await this.repository.setOffer(
      tx,
      ref,
      { userId: next.user_id, clientId: next.client_id },
      this.config.get('lock').offerMs,
    );
    const line = await this.repository.loadLine(tx, ref);
    const offer = present(line.offer, 'the offer');
    record({ type: 'lock:offered', data: { offer }, userId: null, clientId: null });
    this.recordLineChange(record, line, null);
    return offer;
  }

  private async dropLineIfEmpty(tx: Tx, ref: RecordRef): Promise<void> {
    await tx.$executeRaw`
      DELETE FROM lock_lines ll WHERE ll.entity_type = ${ref.entityType}::lock_entity_type AND ll.entity_id = ${ref.entityId}
        AND ll.offered_user_id IS NULL
        AND NOT EXISTS (SELECT 1 FROM lock_waiters w WHERE w.entity_type = ll.entity_type AND w.entity_id = ll.entity_id)`;
  }

  private async recordChanged(tx: Tx, record: RecordEvent, ref: RecordRef): Promise<LockLineDto> {
    const line = await this.repository.loadLine(tx, ref);
    this.recordLineChange(record, line, null);
    return line;
  }

  private recordLineChange(record: RecordEvent, line: LockLineDto, actor: { userId: number; clientId: string } | null) {
    record({
      type: 'lock:queue-changed',
      data: { line },
      userId: actor?.userId ?? null,
      clientId: actor?.clientId ?? null,
    });
  }
}
