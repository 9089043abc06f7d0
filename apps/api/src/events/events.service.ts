import { Injectable } from '@nestjs/common';
import type { DomainEnvelope, DomainEventInput } from '@tdgen/contracts';
import { Subject } from 'rxjs';

/**
 * Fan-out of domain events to every open event stream (SPEC §7). Services call
 * `broadcastEvent` after their transaction commits, exactly once per change.
 */
@Injectable()
export class EventsService {
  private sequence = Date.now() * 1000;
  readonly published = new Subject<DomainEnvelope>();

  broadcastEvent(input: DomainEventInput): DomainEnvelope {
    const envelope = { ...input, id: ++this.sequence, timestamp: new Date().toISOString() } as DomainEnvelope;
    this.published.next(envelope);
    return envelope;
  }
}
