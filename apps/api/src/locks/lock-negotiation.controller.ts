import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  ROUTES,
  type HandoverRequestResponse,
  type LockLineResponse,
  type LockNegotiationsDto,
  type LockResponse,
  type SessionUser,
} from '@tdgen/contracts';
import { CurrentUser } from '../decorators/current-user.decorator';
import { HandoverRequestBodyDto, LockRefDto } from './dto/lock.dto';
import { JsonOrTextBodyPipe } from './json-or-text-body.pipe';
import { LockHandoverService } from './lock-handover.service';
import { LockLines } from './lock-lines';
import { LocksService } from './locks.service';

const NOT_HOLDER = [
  { status: 423, description: 'Another tab or user holds the lock: `{lock}`' },
  { status: 428, description: 'This tab holds no live lock on the record' },
] as const;

/** Negotiable locks (docs/product.md § Locks): handover requests, the wait-list, the holder's activity. */
@ApiTags('locks')
@Controller(ROUTES.locks)
export class LockNegotiationController {
  constructor(
    private readonly locks: LocksService,
    private readonly handover: LockHandoverService,
    private readonly lines: LockLines,
  ) {}

  @Get('negotiations')
  @ApiOkResponse({ description: 'Every open line (waiters in order, the offer) and handover request' })
  async negotiations(): Promise<LockNegotiationsDto> {
    const [lines, requests] = await Promise.all([this.lines.list(), this.handover.listRequests()]);
    return { lines, requests };
  }

  @Post('handover/request')
  @HttpCode(200)
  @ApiOkResponse({
    description:
      '`{request, lock: null}`: the holder is asked (lock:handover-requested) and has LOCK_HANDOVER_TIMEOUT_MS ' +
      'to answer; `{request: null, lock}`: the holder was idle and the lock passed at once (lock:handed-over)',
  })
  @ApiConflictResponse({
    description: 'The record is free (`NOT_LOCKED`), the caller holds it, or someone else asked (`HANDOVER_PENDING`)',
  })
  request(@CurrentUser() user: SessionUser, @Body() dto: HandoverRequestBodyDto): Promise<HandoverRequestResponse> {
    return this.handover.request(user, dto);
  }

  @Post('handover/accept')
  @HttpCode(200)
  @ApiOkResponse({ description: "`{lock}` as the requester now holds it (lock:handed-over, reason 'accepted')" })
  @ApiNotFoundResponse({ description: 'Nobody asked for this record' })
  @ApiResponse(NOT_HOLDER[0])
  @ApiResponse(NOT_HOLDER[1])
  async accept(@CurrentUser() user: SessionUser, @Body() dto: LockRefDto): Promise<LockResponse> {
    return { lock: await this.handover.accept(user, dto) };
  }

  @Post('handover/decline')
  @HttpCode(204)
  @ApiNoContentResponse({ description: "Kept; the requester gets lock:handover-declined (reason 'declined')" })
  @ApiNotFoundResponse({ description: 'Nobody asked for this record' })
  @ApiResponse(NOT_HOLDER[0])
  @ApiResponse(NOT_HOLDER[1])
  decline(@CurrentUser() user: SessionUser, @Body() dto: LockRefDto): Promise<void> {
    return this.handover.decline(user, dto);
  }

  @Post('handover/withdraw')
  @HttpCode(204)
  @ApiConsumes('application/json', 'text/plain')
  @ApiBody({ type: LockRefDto, description: 'JSON, or the same JSON as text/plain (navigator.sendBeacon)' })
  @ApiNoContentResponse({
    description: "The caller's request ended (lock:handover-declined, reason 'withdrawn'), or a no-op",
  })
  withdraw(@CurrentUser() user: SessionUser, @Body(new JsonOrTextBodyPipe(LockRefDto)) dto: unknown): Promise<void> {
    return this.handover.withdraw(user, dto as LockRefDto);
  }

  @Post('activity')
  @HttpCode(204)
  @ApiNoContentResponse({ description: "Input in the holder's tab noted (no event): the handover's idle rule" })
  @ApiResponse(NOT_HOLDER[0])
  @ApiResponse(NOT_HOLDER[1])
  activity(@CurrentUser() user: SessionUser, @Body() dto: LockRefDto): Promise<void> {
    return this.locks.recordActivity(user, dto);
  }

  @Post('queue/join')
  @HttpCode(200)
  @ApiOkResponse({ description: '`{line}` with the caller in it (lock:queue-changed)' })
  @ApiConflictResponse({ description: 'The record is free (`NOT_LOCKED`), or the caller holds it or has it offered' })
  async join(@CurrentUser() user: SessionUser, @Body() dto: LockRefDto): Promise<LockLineResponse> {
    return { line: await this.lines.join(user, dto) };
  }

  @Post('queue/leave')
  @HttpCode(204)
  @ApiConsumes('application/json', 'text/plain')
  @ApiBody({ type: LockRefDto, description: 'JSON, or the same JSON as text/plain (navigator.sendBeacon)' })
  @ApiNoContentResponse({
    description: 'Left the line (lock:queue-changed); an offer to this tab goes to the next (lock:offered). Idempotent',
  })
  leave(@CurrentUser() user: SessionUser, @Body(new JsonOrTextBodyPipe(LockRefDto)) dto: unknown): Promise<void> {
    return this.lines.leave(user, dto as LockRefDto);
  }
}
