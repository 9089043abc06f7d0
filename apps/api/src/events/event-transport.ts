import { Injectable } from '@nestjs/common';
import type { DomainEnvelope } from '@tdgen/contracts';
import { Subject } from 'rxjs';

/**
 * The seam between publishing and delivering. `EventsService.broadcastEvent`
 * hands each envelope to `publish`; every server instance `subscribe`s and fans what it
 * receives out to its own streams. In one process that is a Subject; a Redis or PostgreSQL
 * LISTEN/NOTIFY transport implements the same two methods (and then also owns id assignment,
 * see docs/adr/0006-sse-stream.md) without touching the services that publish.
 */
export interface EventTransport {
  publish(envelope: DomainEnvelope): void;
  /** Registers the delivery handler; returns the function that unsubscribes it. */
  subscribe(handler: (envelope: DomainEnvelope) => void): () => void;
}

export const EVENT_TRANSPORT = Symbol('EVENT_TRANSPORT');

/** Default transport: synchronous, in-process delivery in publish order. */
@Injectable()
export class InProcessEventTransport implements EventTransport {
  private readonly bus = new Subject<DomainEnvelope>();

  publish(envelope: DomainEnvelope): void {
    this.bus.next(envelope);
  }

  subscribe(handler: (envelope: DomainEnvelope) => void): () => void {
    const subscription = this.bus.subscribe(handler);
    return () => subscription.unsubscribe();
  }
}
