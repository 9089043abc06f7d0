import type { AnySseEnvelope } from '@tdgen/contracts';
import type { EventSourceLike } from '../app/core/sse/event-source.factory';

/** A hand-driven EventSource for tests: `emit` delivers an envelope, `fail` an error. */
export class FakeEventSource implements EventSourceLike {
  static instances: FakeEventSource[] = [];

  onopen: ((event: Event) => unknown) | null = null;
  onmessage: ((event: MessageEvent) => unknown) | null = null;
  onerror: ((event: Event) => unknown) | null = null;
  isClosed = false;

  constructor(readonly url: string) {
    FakeEventSource.instances.push(this);
  }

  static get latest(): FakeEventSource {
    const latest = FakeEventSource.instances.at(-1);
    if (!latest) throw new Error('no EventSource was created');
    return latest;
  }

  static reset(): void {
    FakeEventSource.instances = [];
  }

  static factory = (url: string): FakeEventSource => new FakeEventSource(url);

  close(): void {
    this.isClosed = true;
  }

  open(): void {
    this.onopen?.(new Event('open'));
  }

  /** Delivers an unnamed message (the `data:` line only), as the server sends envelopes. */
  emit(envelope: AnySseEnvelope | Record<string, unknown>): void {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(envelope) }));
  }

  fail(): void {
    this.onerror?.(new Event('error'));
  }

  get params(): URLSearchParams {
    return new URL(this.url, 'http://localhost').searchParams;
  }
}
