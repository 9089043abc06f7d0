import { Global, Module } from '@nestjs/common';
import { ChangeClock } from './change-clock';
import { EventFeed } from './event-feed';
import { EventLog } from './event-log';
import { EventLogPruner } from './event-log-pruner';
import { EventReplay } from './event-replay';
import { InstanceHeartbeat } from './instance-heartbeat';
import { PresenceService } from './presence.service';
import { StreamHub } from './stream-hub';
import { TabLiveness } from './tab-liveness';

/**
 * Live events across any number of API instances on one PostgreSQL (docs/product.md § Events,
 * docs/adr/0015-event-log-in-postgresql.md): the event log (EventLog, EventLogPruner), its
 * delivery (EventFeed → StreamHub, EventReplay), and the shared tab state (TabLiveness,
 * InstanceHeartbeat, PresenceService). Global so every domain service can record events.
 */
@Global()
@Module({
  providers: [
    ChangeClock,
    EventLog,
    EventLogPruner,
    EventFeed,
    EventReplay,
    StreamHub,
    TabLiveness,
    InstanceHeartbeat,
    PresenceService,
  ],
  exports: [
    ChangeClock,
    EventLog,
    EventFeed,
    StreamHub,
    TabLiveness,
    InstanceHeartbeat,
    PresenceService,
    EventLogPruner,
  ],
})
export class EventsModule {}
