import { Injectable } from '@nestjs/common';
import {
  HANDED_OVER_REASON,
  HANDOVER_DECLINED_REASON,
  type HandedOverReason,
  type HandoverRequestBody,
  type HandoverRequestDto,
  type HandoverRequestResponse,
  type LockDto,
  type LockRefRequest,
  type SessionUser,
} from '@tdgen/contracts';
import { ConfigService } from '../config/config.service';
import { EventLog, type RecordEvent } from '../events/event-log';
import type { Tx } from '../prisma/prisma.service';
import { ApiException } from '../common/api-exception';
import { locked, lockRequired, ownLock, recordFree } from './lock-errors';
import { LockLines } from './lock-lines';
import {
  LockNegotiationRepository,
  toRequestDto,
  type RecordRef,
  type RequestRow,
} from './lock-negotiation.repository';
import { present, rowToLockDto, type LockRow } from './lock-rows';
import { LockRepository } from './lock.repository';
import { LocksService } from './locks.service';

const TX_OPTIONS = { maxWait: 20_000, timeout: 20_000 };

/**
 * "Ask <holder> to hand over" (docs/product.md § Locks, docs/adr/0016): one open request per
 * record; the holder's tab hands over or keeps editing; a holder tab without input for
 * LOCK_HANDOVER_IDLE_MS passes the lock at once, one that neither answers nor types until
 * LOCK_HANDOVER_TIMEOUT_MS passes it then, one that typed but did not answer keeps it. The lock
 * moves in one UPDATE with a new fencing token, so nobody can take it in between and a late
 * write of the old holder is refused (423).
 */
@Injectable()
export class LockHandoverService {
  constructor(
    private readonly log: EventLog,
    private readonly config: ConfigService,
    private readonly locks: LocksService,
    private readonly lockRepository: LockRepository,
    private readonly repository: LockNegotiationRepository,
    private readonly lines: LockLines,
  ) {}

  listRequests(): Promise<HandoverRequestDto[]> {
    return this.repository.listRequests().then((rows) => rows.map(toRequestDto));
  }

  /**
   * Asks the holder. 409 when the record is free (take it), the user holds it (in another tab:
   * take over) or someone else already asked; the same user asking again gets their open request.
   */
  async request(user: SessionUser, body: HandoverRequestBody): Promise<HandoverRequestResponse> {
    const ref = { entityType: body.entityType, entityId: body.entityId };
    const message = body.message?.trim() || null;
    return this.log.transaction(async (tx, record) => {
      await this.locks.assertLockable(tx, user, ref.entityType, ref.entityId);
      const holder = await this.lockRepository.findForAcquire(tx, ref.entityType, ref.entityId);
      const recordRef = { entityType: ref.entityType, id: ref.entityId };
      if (!holder || holder.is_expired) throw recordFree(ref.entityType, ref.entityId);
      if (holder.user_id === user.id) throw ownLock(recordRef, holder.client_id !== body.clientId);
      const open = await this.repository.findRequest(tx, ref, true);
      if (open && open.requester_id === user.id) return { request: toRequestDto(open), lock: null };
      if (open) {
        throw new ApiException(
          'HANDOVER_PENDING',
          { record: recordRef, requester: { id: open.requester_id, displayName: open.requester_name } },
          `${open.requester_name} has already asked for this record; wait in line instead`,
        );
      }
      const { handoverIdleMs, handoverTimeoutMs } = this.config.get('lock');
      await this.repository.insertRequest(
        tx,
        ref,
        { userId: user.id, clientId: body.clientId },
        message,
        handoverTimeoutMs,
      );
      const request = present(await this.repository.findRequest(tx, ref), 'the new request');
      const [{ is_idle }] = await tx.$queryRaw<{ is_idle: boolean }[]>`
        SELECT ${holder.last_input_at}::timestamptz <= now() - ${handoverIdleMs}::float8 * interval '1 millisecond' AS is_idle`;
      if (is_idle) {
        const lock = await this.transfer(tx, record, holder, request, HANDED_OVER_REASON.idle);
        return { request: null, lock };
      }
      record({
        type: 'lock:handover-requested',
        data: { request: toRequestDto(request) },
        userId: user.id,
        clientId: body.clientId,
      });
      return { request: toRequestDto(request), lock: null };
    }, TX_OPTIONS);
  }

  /** The holder's tab hands over (its unsaved changes saved or discarded by the web app first). */
  async accept(user: SessionUser, ref: LockRefRequest): Promise<LockDto> {
    return this.log.transaction(async (tx, record) => {
      const holder = await this.lockHeldByTab(tx, user, ref);
      const request = await this.repository.findRequest(tx, ref, true);
      if (!request) throw noRequest(ref);
      return this.transfer(tx, record, holder, request, HANDED_OVER_REASON.accepted);
    }, TX_OPTIONS);
  }

  /** The holder's tab keeps editing; the requester is told. */
  async decline(user: SessionUser, ref: LockRefRequest): Promise<void> {
    await this.log.transaction(async (tx, record) => {
      await this.lockHeldByTab(tx, user, ref);
      const request = await this.repository.findRequest(tx, ref, true);
      if (!request) throw noRequest(ref);
      await this.end(tx, record, request, HANDOVER_DECLINED_REASON.declined, {
        userId: user.id,
        clientId: ref.clientId,
      });
    }, TX_OPTIONS);
  }

  /** The requester takes the request back (idempotent). */
  async withdraw(user: SessionUser, ref: LockRefRequest): Promise<void> {
    await this.log.transaction(async (tx, record) => {
      const request = await this.repository.findRequest(tx, ref, true);
      if (!request || request.requester_id !== user.id) return;
      await this.end(tx, record, request, HANDOVER_DECLINED_REASON.withdrawn, {
        userId: user.id,
        clientId: ref.clientId,
      });
    }, TX_OPTIONS);
  }

  /**
   * Sweeper: decides one request whose deadline came — the holder idle (passes, `idle`), or the
   * answer time over (passes when the tab had no input since the request, `timeout`; otherwise
   * it stays with the holder, `no answer`). False when none was due. Rows another instance is
   * deciding are skipped.
   */
  async decideOneDueRequest(): Promise<boolean> {
    const { handoverIdleMs } = this.config.get('lock');
    return this.log.transaction(async (tx, record) => {
      const due = await this.repository.lockDueRequest(tx, handoverIdleMs);
      if (!due) return false;
      const holder = present(await this.lockRepository.findForAcquire(tx, due.entityType, due.entityId), 'the lock');
      const request = present(await this.repository.findRequest(tx, due), 'the request');
      if (due.is_idle || !due.had_input) {
        const reason = due.is_idle ? HANDED_OVER_REASON.idle : HANDED_OVER_REASON.timeout;
        await this.transfer(tx, record, holder, request, reason);
      } else {
        await this.end(tx, record, request, HANDOVER_DECLINED_REASON.noAnswer, null);
      }
      return true;
    });
  }

  /** Sweeper: requests whose lock vanished without telling us end with "lock ended". */
  async endOrphanedRequests(): Promise<void> {
    await this.log.transaction(async (tx, record) => {
      for (const row of await this.repository.deleteOrphanedRequests(tx)) {
        record({
          type: 'lock:handover-declined',
          data: { request: toRequestDto(row), reason: HANDOVER_DECLINED_REASON.lockEnded },
          userId: null,
          clientId: null,
        });
      }
    });
  }

  /** The live lock this tab holds, locked for the transaction; 428 / 423 like a refresh. */
  private async lockHeldByTab(tx: Tx, user: SessionUser, ref: LockRefRequest): Promise<LockRow> {
    const row = await this.lockRepository.findForAcquire(tx, ref.entityType, ref.entityId);
    if (!row || row.is_expired) throw lockRequired(ref.entityType, ref.entityId);
    if (row.user_id !== user.id || row.client_id !== ref.clientId) {
      throw locked(rowToLockDto(row), row.user_id === user.id);
    }
    return row;
  }

  private async transfer(
    tx: Tx,
    record: RecordEvent,
    holder: LockRow,
    request: RequestRow,
    reason: HandedOverReason,
  ): Promise<LockDto> {
    const ref: RecordRef = { entityType: request.entity_type, entityId: request.entity_id };
    const moved = await this.lockRepository.transfer(
      tx,
      { ...ref, userId: holder.user_id, clientId: holder.client_id },
      { userId: request.requester_id, clientId: request.requester_client_id },
      this.config.get('lock').durationMs,
    );
    if (!moved) throw new Error('The lock changed while it was locked for the handover');
    await this.repository.deleteRequest(tx, ref);
    const lock = rowToLockDto(moved);
    const previous = rowToLockDto(holder);
    const requestDto = { ...toRequestDto(request), holder: previous.holder, holderClientId: previous.clientId };
    record({
      type: 'lock:handed-over',
      data: { lock, previous, request: requestDto, reason },
      userId: reason === HANDED_OVER_REASON.accepted ? holder.user_id : null,
      clientId: reason === HANDED_OVER_REASON.accepted ? holder.client_id : null,
    });
    await this.lines.removeNewHolder(tx, record, ref, request.requester_id);
    return lock;
  }

  private async end(
    tx: Tx,
    record: RecordEvent,
    request: RequestRow,
    reason: (typeof HANDOVER_DECLINED_REASON)[keyof typeof HANDOVER_DECLINED_REASON],
    actor: { userId: number; clientId: string } | null,
  ): Promise<void> {
    await this.repository.deleteRequest(tx, { entityType: request.entity_type, entityId: request.entity_id });
    record({
      type: 'lock:handover-declined',
      data: { request: toRequestDto(request), reason },
      userId: actor?.userId ?? null,
      clientId: actor?.clientId ?? null,
    });
  }
}

/** 404: answering a handover request nobody made. */
function noRequest(ref: RecordRef): ApiException<'NO_HANDOVER_REQUEST'> {
  return new ApiException(
    'NO_HANDOVER_REQUEST',
    { record: { entityType: ref.entityType, id: ref.entityId } },
    'Nobody asked for this record',
  );
}
