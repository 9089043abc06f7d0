import { task } from '../../testing/fixtures';
import { EntityCollection, reflects } from './entity-collection';

describe('EntityCollection', () => {
  let collection: EntityCollection<ReturnType<typeof task>>;

  beforeEach(() => {
    collection = new EntityCollection();
  });

  it('applies an event once and ignores a duplicate or an older event for the same record', () => {
    expect(collection.applyEvent(5, task(1, { title: 'v5' }), false)).toBe(true);
    expect(collection.applyEvent(5, task(1, { title: 'duplicate' }), false)).toBe(false);
    expect(collection.applyEvent(4, task(1, { title: 'older' }), false)).toBe(false);
    expect(collection.get(1)?.title).toBe('v5');
    expect(collection.applyEvent(6, task(1, { title: 'v6' }), false)).toBe(true);
    expect(collection.get(1)?.title).toBe('v6');
  });

  it('tracks versions per record, so an older id for another record still applies', () => {
    collection.applyEvent(9, task(1), false);
    expect(collection.applyEvent(7, task(2), false)).toBe(true);
    expect(collection.get(2)).toBeDefined();
  });

  it('skips its own echo when the REST response already brought that state', () => {
    const saved = task(1, { title: 'saved', updatedAt: '2025-01-02T00:00:00.000Z' });
    collection.upsertLocal(saved);
    const echo = task(1, { title: 'saved', updatedAt: '2025-01-02T00:00:00.000Z' });
    expect(collection.applyEvent(3, echo, true)).toBe(false);
    expect(collection.get(1)).toBe(saved);
  });

  it('does not roll back a newer REST result with the echo of an earlier save', () => {
    collection.upsertLocal(task(1, { title: 'second', updatedAt: '2025-01-03T00:00:00.000Z' }));
    collection.applyEvent(3, task(1, { title: 'first', updatedAt: '2025-01-02T00:00:00.000Z' }), true);
    expect(collection.get(1)?.title).toBe('second');
  });

  it('applies its own echo when it carries news (e.g. a side effect the tab did not fetch)', () => {
    collection.upsertLocal(task(1, { updatedAt: '2025-01-01T00:00:00.000Z' }));
    const changed = task(1, { title: 'rebalanced', updatedAt: '2025-01-05T00:00:00.000Z' });
    expect(collection.applyEvent(8, changed, true)).toBe(false);
    expect(collection.get(1)?.title).toBe('rebalanced');
  });

  it('removes on a permanent deletion and ignores a late update for the removed record', () => {
    collection.applyEvent(1, task(1), false);
    expect(collection.applyRemovalEvent(2, 1)).toBe(true);
    expect(collection.applyEvent(1, task(1), false)).toBe(false);
    expect(collection.get(1)).toBeUndefined();
  });

  it('keeps changes that arrive while a reload is in flight', () => {
    collection.completeLoad([task(1), task(2)]);
    collection.beginLoad(10);
    collection.applyEvent(11, task(1, { title: 'changed during load' }), false);
    collection.applyRemovalEvent(12, 2);
    collection.applyEvent(13, task(3), false);
    collection.completeLoad([task(1, { title: 'stale response' }), task(2)]);
    expect(collection.get(1)?.title).toBe('changed during load');
    expect(collection.get(2)).toBeUndefined();
    expect(collection.get(3)).toBeDefined();
  });

  it('ignores events the reloaded data already reflects', () => {
    collection.beginLoad(10);
    collection.completeLoad([task(1, { title: 'from REST' })]);
    expect(collection.applyEvent(9, task(1, { title: 'replayed' }), false)).toBe(false);
    expect(collection.get(1)?.title).toBe('from REST');
  });

  it('compares deletion state and time when deciding whether local state reflects an event', () => {
    const live = task(1, { updatedAt: '2025-01-02T00:00:00.000Z' });
    expect(reflects(live, task(1, { updatedAt: '2025-01-01T00:00:00.000Z' }))).toBe(true);
    expect(reflects(live, task(1, { updatedAt: '2025-01-03T00:00:00.000Z' }))).toBe(false);
    expect(reflects(live, task(1, { updatedAt: '2025-01-01T00:00:00.000Z', deletedAt: '2025-01-02' }))).toBe(false);
  });
});
