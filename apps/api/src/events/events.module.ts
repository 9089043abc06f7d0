import { DynamicModule, Global, Module, type Type } from '@nestjs/common';
import { EVENT_TRANSPORT, InProcessEventTransport } from './event-transport';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';
import { LiveLocksSource } from './live-locks-source';
import { PresenceService } from './presence.service';

/**
 * Live events (docs/product.md § Events). Global so every domain service can inject EventsService; the
 * transport is a provider so a distributed one can replace the in-process default.
 */
@Global()
@Module({
  controllers: [EventsController],
  providers: [EventsService, PresenceService, { provide: EVENT_TRANSPORT, useClass: InProcessEventTransport }],
  exports: [EventsService, PresenceService],
})
export class EventsModule {
  /** The module with the `hello` snapshot's lock source: the module that provides it, and the provider. */
  static withLiveLocks(locksModule: Type<unknown>, source: Type<LiveLocksSource>): DynamicModule {
    return {
      module: EventsModule,
      imports: [locksModule],
      providers: [{ provide: LiveLocksSource, useExisting: source }],
    };
  }
}
