import { describe, expect, it } from '@jest/globals';
import type { ChangeClock } from '../events/change-clock';
import { PageCache } from './page-cache';

/** A ChangeClock moved by hand. */
function clock() {
  let version = 0;
  const listeners: (() => void)[] = [];
  const fake = {
    get version() {
      return version;
    },
    isListening: true,
    onTick: (listener: () => void) => listeners.push(listener),
  } as unknown as ChangeClock;
  const tick = () => {
    version++;
    listeners.forEach((listener) => listener());
  };
  return { fake, tick };
}

describe('PageCache', () => {
  it('reads a page once and serves it until the clock moves', async () => {
    const { fake, tick } = clock();
    const cache = new PageCache(fake);
    let reads = 0;
    const load = async () => `{"read":${++reads}}`;
    expect((await cache.get('k', load)).toString()).toBe('{"read":1}');
    expect((await cache.get('k', load)).toString()).toBe('{"read":1}');
    tick();
    expect((await cache.get('k', load)).toString()).toBe('{"read":2}');
    expect(reads).toBe(2);
  });

  it('answers but does not keep a page whose read overlapped a change', async () => {
    const { fake, tick } = clock();
    const cache = new PageCache(fake);
    let reads = 0;
    const first = cache.get('k', async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return `{"read":${++reads}}`;
    });
    tick(); // a commit the read may have missed
    expect((await first).toString()).toBe('{"read":1}');
    expect((await cache.get('k', async () => `{"read":${++reads}}`)).toString()).toBe('{"read":2}');
    expect(cache.size.pages).toBe(1);
  });

  it('lets concurrent requests for a page share one read, but not across a change', async () => {
    const { fake, tick } = clock();
    const cache = new PageCache(fake);
    let reads = 0;
    const slow = async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return `{"read":${++reads}}`;
    };
    const together = await Promise.all([cache.get('k', slow), cache.get('k', slow), cache.get('k', slow)]);
    expect(together.map(String)).toEqual(['{"read":1}', '{"read":1}', '{"read":1}']);
    const before = cache.get('j', slow);
    tick();
    const after = cache.get('j', slow);
    expect([(await before).toString(), (await after).toString()]).toEqual(['{"read":2}', '{"read":3}']);
  });

  it('keeps distinct keys apart and counts what it holds', async () => {
    const { fake } = clock();
    const cache = new PageCache(fake);
    await cache.get('a', async () => 'aaaa');
    await cache.get('b', async () => 'bb');
    expect(cache.size).toEqual({ pages: 2, bytes: 6 });
  });
});
