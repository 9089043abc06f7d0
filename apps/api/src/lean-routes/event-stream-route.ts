import { ROUTES } from '@tdgen/contracts';
import { validated } from '../common/validation-pipe';
import type { Response } from 'express';
import type { EventStreamController } from '../event-stream/event-stream.controller';
import { StreamQueryDto } from '../event-stream/dto/events.dto';
import { WRITTEN, type LeanRoute } from './lean-routes';

interface StreamInput {
  query: StreamQueryDto;
  lastEventIdHeader: string | undefined;
}

/**
 * GET /api/events/stream as a lean route (ADR 0020): the controller's own method behind the global
 * pipe's validation of the query. A stream lives for hours; served here, it keeps none of Express's
 * and Nest's per-request objects alive with it (docs/performance.md § Idle streams).
 */
export function eventStreamLeanRoute(controller: EventStreamController): LeanRoute {
  const stream: LeanRoute<StreamInput> = {
    method: 'GET',
    path: `${ROUTES.events}/stream`,
    validate: async (query, req) => {
      const header = req.headers['last-event-id'];
      return {
        query: await validated(StreamQueryDto, query, 'query'),
        lastEventIdHeader: typeof header === 'string' ? header : undefined,
      };
    },
    serve: async (user, { query, lastEventIdHeader }, res) => {
      // The controller hands the response on as the plain ServerResponse it is (StreamHub, SseConnection).
      await controller.stream(user, query, lastEventIdHeader, res as Response);
      return WRITTEN;
    },
  };
  return stream as LeanRoute;
}
