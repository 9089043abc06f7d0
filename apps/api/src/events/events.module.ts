import { Global, Module } from '@nestjs/common';
import { LocksModule } from '../locks/locks.module';
import { EVENT_TRANSPORT, InProcessEventTransport } from './event-transport';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';
import { PresenceService } from './presence.service';

/**
 * Live events (SPEC §7). Global so every domain service can inject EventsService; the
 * transport is a provider so a distributed one can replace the in-process default.
 */
@Global()
@Module({
  imports: [LocksModule],
  controllers: [EventsController],
  providers: [EventsService, PresenceService, { provide: EVENT_TRANSPORT, useClass: InProcessEventTransport }],
  exports: [EventsService, PresenceService],
})
export class EventsModule {}
