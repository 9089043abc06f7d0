import { DOMAIN_EVENT_TYPES, type DomainEnvelope, type DomainEventType, isEventOf } from './events';

const envelopeOf = (type: DomainEventType) =>
  ({ id: 1, type, userId: null, clientId: null, timestamp: '' }) as DomainEnvelope;

describe('domain event families', () => {
  it('lists every domain event type once', () => {
    expect(new Set(DOMAIN_EVENT_TYPES).size).toBe(DOMAIN_EVENT_TYPES.length);
    expect(DOMAIN_EVENT_TYPES).toHaveLength(27);
  });

  it.each([
    ['job-task:updated', 'job-task'],
    ['job-description:updated', 'job-description'],
    ['job-description-task:reordered', 'job-description-task'],
    ['lock:broken', 'lock'],
    ['user:left-workspace', 'user'],
  ] as const)('puts %s in exactly the family %s', (type, family) => {
    const families = (['job-task', 'job-description', 'job-description-task', 'lock', 'user'] as const).filter((f) =>
      isEventOf(envelopeOf(type), f),
    );
    expect(families).toEqual([family]);
  });
});
