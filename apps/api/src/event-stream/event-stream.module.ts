import { Module } from '@nestjs/common';
import { LocksModule } from '../locks/locks.module';
import { EventStreamController } from './event-stream.controller';
import { HelloSnapshotService } from './hello-snapshot.service';

/** The HTTP side of live events: the stream and presence endpoints (docs/product.md § Events, § Presence). */
@Module({
  imports: [LocksModule],
  controllers: [EventStreamController],
  providers: [HelloSnapshotService],
})
export class EventStreamModule {}
