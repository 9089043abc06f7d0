import type { DomainEnvelope, DomainEventInput } from '@tdgen/contracts';
import { EventFeed } from '../../src/events/event-feed';
import { EventLog } from '../../src/events/event-log';
import { StreamHub } from '../../src/events/stream-hub';
import { TabLiveness } from '../../src/events/tab-liveness';
import type { TestApp } from './test-app';

/** The parts of an app's events layer the tests drive and inspect. */
export interface EventsProbe {
  /** Records one event through the log (its own transaction) and returns it as sent. */
  publish(input: DomainEventInput): Promise<DomainEnvelope>;
  /** Records `n` probe events one after the other. */
  publishProbes(n: number): Promise<DomainEnvelope[]>;
  /** The newest id in the log (0 when empty). */
  lastEventId(): Promise<number>;
  /** This app's open streams. */
  listConnections: StreamHub['listConnections'];
  /** Null while the tab has a stream on any instance, else since when it has had none. */
  tabIdleSince(userId: number, clientId: string): Promise<number | null>;
  feed: EventFeed;
}

export function eventsOf(t: TestApp): EventsProbe {
  const log = t.app.get(EventLog);
  const hub = t.app.get(StreamHub);
  const liveness = t.app.get(TabLiveness);
  const probe: EventsProbe = {
    publish: async (input) => (await log.publish(input))[0],
    async publishProbes(n) {
      const sent: DomainEnvelope[] = [];
      for (let i = 0; i < n; i++) {
        sent.push(
          await probe.publish({
            type: 'job-task:permanent-deleted',
            data: { id: i + 1 },
            userId: null,
            clientId: null,
          }),
        );
      }
      return sent;
    },
    async lastEventId() {
      const { rows } = await t.db.query<{ id: string | null }>('SELECT max(id)::text AS id FROM events');
      return Number(rows[0].id ?? 0);
    },
    listConnections: () => hub.listConnections(),
    tabIdleSince: (userId, clientId) => liveness.idleSince({ userId, clientId }),
    feed: t.app.get(EventFeed),
  };
  return probe;
}
