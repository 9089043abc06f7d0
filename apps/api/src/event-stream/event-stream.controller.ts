import { Body, Controller, Get, Headers, HttpCode, Post, Query, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ROUTES, type SessionUser } from '@tdgen/contracts';
import type { Response } from 'express';
import { CurrentUser } from '../decorators/current-user.decorator';
import type { AuthenticatedUser } from '../decorators/authenticated-user';
import { PresenceService } from '../events/presence.service';
import { StreamHub } from '../events/stream-hub';
import { SetPresenceDto, StreamQueryDto } from './dto/events.dto';
import { HelloSnapshotService } from './hello-snapshot.service';

@ApiTags('events')
@ApiUnauthorizedResponse({ description: 'No valid session (no stream is opened)' })
@Controller(ROUTES.events)
export class EventStreamController {
  constructor(
    private readonly hub: StreamHub,
    private readonly presence: PresenceService,
    private readonly hello: HelloSnapshotService,
  ) {}

  /**
   * The live event stream (docs/product.md § Events). Written on the raw response rather than through @Sse so
   * that each frame is serialized once for all clients, backpressure is visible per connection
   * and 401/429 are plain JSON answers (docs/adr/0006-sse-stream.md).
   */
  @Get('stream')
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'hello, then replayed or resync, then live events, heartbeats' })
  @ApiTooManyRequestsResponse({ description: 'Too many open streams for this user' })
  @ApiServiceUnavailableResponse({ description: 'The server is shutting down' })
  stream(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: StreamQueryDto,
    @Headers('last-event-id') lastEventIdHeader: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    return this.hub.openStream({
      user,
      clientId: query.clientId,
      lastEventId: lastEventIdHeader || query.lastEventId || null,
      response: res,
      loadSnapshot: () => this.hello.load(),
    });
  }

  @Post('presence')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Presence set; user:joined-workspace / user:left-workspace on change' })
  @ApiNotFoundResponse({ description: 'Unknown job description' })
  @ApiConflictResponse({ description: 'The job description is deleted' })
  setPresence(@CurrentUser() user: SessionUser, @Body() dto: SetPresenceDto): Promise<void> {
    return this.presence.set(user, dto.clientId, dto.jobDescriptionId);
  }
}
