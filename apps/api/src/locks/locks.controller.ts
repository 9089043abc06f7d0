import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ROUTES, type LockDto, type LockResponse, type LockStatusResponse, type SessionUser } from '@tdgen/contracts';
import { CurrentUser } from '../decorators/current-user.decorator';
import { Roles } from '../decorators/roles.decorator';
import { AcquireLockDto, BreakLockDto, LockRefDto, LockStatusQueryDto } from './dto/lock.dto';
import { JsonOrTextBodyPipe } from './json-or-text-body.pipe';
import { LocksService } from './locks.service';

const LOCKED = {
  status: 423,
  description:
    'Held by someone else: `{lock, heldBySelfElsewhere?}`; or free but offered to the first in its line: ' +
    '`{error: "LOCK_OFFERED", offer}`',
};

@ApiTags('locks')
@Controller(ROUTES.locks)
export class LocksController {
  constructor(private readonly locks: LocksService) {}

  @Post('acquire')
  @HttpCode(200)
  @ApiOkResponse({
    description:
      '`{lock}`: acquired (lock:acquired), or extended when this tab already holds it (lock:refreshed). ' +
      'With `takeover: true` a lock of the same user in another tab moves here; that tab gets lock:broken ' +
      'with reason "taken over".',
  })
  @ApiResponse(LOCKED)
  @ApiNotFoundResponse({ description: 'Unknown record' })
  @ApiForbiddenResponse({ description: 'The record is read-only for editors' })
  @ApiConflictResponse({ description: 'The job description is deleted' })
  async acquire(@CurrentUser() user: SessionUser, @Body() dto: AcquireLockDto): Promise<LockResponse> {
    return { lock: await this.locks.acquire(user, dto) };
  }

  @Post('release')
  @HttpCode(204)
  @ApiConsumes('application/json', 'text/plain')
  @ApiBody({ type: LockRefDto, description: 'JSON, or the same JSON as text/plain (navigator.sendBeacon)' })
  @ApiNoContentResponse({ description: 'Released (lock:released), or a no-op when nobody holds a live lock there' })
  @ApiResponse(LOCKED)
  release(@CurrentUser() user: SessionUser, @Body(new JsonOrTextBodyPipe(LockRefDto)) dto: unknown): Promise<void> {
    return this.locks.release(user, dto as LockRefDto);
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The lock with its new expiry' })
  @ApiResponse(LOCKED)
  @ApiResponse({ status: 428, description: 'This tab holds no live lock on the record' })
  async refresh(@CurrentUser() user: SessionUser, @Body() dto: LockRefDto): Promise<LockResponse> {
    return { lock: await this.locks.refresh(user, dto) };
  }

  @Post('break')
  @HttpCode(200)
  @Roles('ADMIN')
  @ApiOkResponse({
    description:
      '`{lock}` that was broken; its holder gets lock:broken with the reason. The first in the line gets the ' +
      'record offered (lock:offered), or with `clearQueue: true` the line is emptied (lock:queue-changed with clearedBy)',
  })
  @ApiForbiddenResponse({ description: 'Administrators only' })
  @ApiNotFoundResponse({ description: 'The record is not locked' })
  async breakLock(@CurrentUser() admin: SessionUser, @Body() dto: BreakLockDto): Promise<LockResponse> {
    return {
      lock: await this.locks.breakLock(
        admin,
        dto.entityType,
        dto.entityId,
        dto.reason ?? null,
        dto.clearQueue === true,
      ),
    };
  }

  @Get('status')
  @ApiOkResponse({ description: '`{lock}` — the live lock of the record, or null' })
  async status(@Query() query: LockStatusQueryDto): Promise<LockStatusResponse> {
    return { lock: await this.locks.status(query.entityType, query.entityId) };
  }

  @Get()
  @ApiOkResponse({ description: 'Every live lock, oldest first' })
  list(): Promise<LockDto[]> {
    return this.locks.listActive();
  }
}
