import { describe, expect, it } from '@jest/globals';
import { ReplayBuffer } from './replay-buffer';
import type { SseFrame } from './sse-frame';

const BOOT = 1_000_000;
const frame = (id: number): SseFrame => ({ id, bytes: Buffer.from(`id: ${id}\n\n`) });
const filled = (capacity: number, count: number) => {
  const buffer = new ReplayBuffer(capacity);
  for (let i = 1; i <= count; i++) buffer.push(frame(BOOT + i));
  return buffer;
};
const ids = (frames: SseFrame[]) => frames.map((f) => f.id - BOOT);

describe('ReplayBuffer', () => {
  it('holds no more bytes than its byte bound, dropping the oldest frames first', () => {
    const sized = (id: number, size: number): SseFrame => ({ id, bytes: Buffer.alloc(size) });
    const buffer = new ReplayBuffer(100, 1000);
    for (let i = 1; i <= 10; i++) buffer.push(sized(BOOT + i, 300));
    expect(buffer.bytes).toBe(900);
    expect(ids(buffer.after(0))).toEqual([8, 9, 10]);
    expect(buffer.plan(BOOT + 6, BOOT, BOOT + 10)).toEqual({ kind: 'resync', reason: 'buffer-exceeded' });
    // A frame larger than the whole bound is not kept; a client that missed it resyncs.
    buffer.push(sized(BOOT + 11, 5000));
    expect(buffer.length).toBe(0);
    expect(buffer.bytes).toBe(0);
    expect(buffer.plan(BOOT + 10, BOOT, BOOT + 11)).toEqual({ kind: 'resync', reason: 'buffer-exceeded' });
    buffer.push(sized(BOOT + 12, 100));
    expect(ids(buffer.after(0))).toEqual([12]);
  });

  it('keeps the newest frames in order once it wraps around', () => {
    const buffer = filled(5, 12);
    expect(buffer.length).toBe(5);
    expect(buffer.oldestId()).toBe(BOOT + 8);
    expect(ids(buffer.after(0))).toEqual([8, 9, 10, 11, 12]);
    expect(ids(buffer.after(BOOT + 10))).toEqual([11, 12]);
    expect(ids(buffer.after(BOOT + 12))).toEqual([]);
  });

  it.each([
    ['no id: a fresh start', null, { kind: 'fresh' }],
    ['the newest id: nothing to replay', BOOT + 12, { kind: 'replay', frames: [] }],
    ['an id in the buffer', BOOT + 9, { kind: 'replay', ids: [10, 11, 12] }],
    ['the id just before the oldest', BOOT + 7, { kind: 'replay', ids: [8, 9, 10, 11, 12] }],
    ['an id older than the buffer', BOOT + 6, { kind: 'resync', reason: 'buffer-exceeded' }],
    ['an id of an earlier run', BOOT - 1, { kind: 'resync', reason: 'server-restarted' }],
    ['an id from the future', BOOT + 13, { kind: 'resync', reason: 'unknown-id' }],
    ['a malformed id', Number.NaN, { kind: 'resync', reason: 'unknown-id' }],
  ])('plans %s', (_, lastEventId, expected) => {
    const plan = filled(5, 12).plan(lastEventId, BOOT, BOOT + 12);
    if ('ids' in expected) {
      expect(plan.kind).toBe('replay');
      expect(plan.kind === 'replay' && ids(plan.frames)).toEqual(expected.ids);
    } else {
      expect(plan).toEqual(expected);
    }
  });

  it('replays everything of this run while nothing has been dropped', () => {
    const plan = filled(10, 3).plan(BOOT, BOOT, BOOT + 3);
    expect(plan.kind === 'replay' && ids(plan.frames)).toEqual([1, 2, 3]);
  });

  it('can only resync when configured without a buffer', () => {
    const buffer = filled(0, 3);
    expect(buffer.length).toBe(0);
    expect(buffer.plan(BOOT + 1, BOOT, BOOT + 3)).toEqual({ kind: 'resync', reason: 'buffer-exceeded' });
    expect(buffer.plan(BOOT + 3, BOOT, BOOT + 3)).toEqual({ kind: 'replay', frames: [] });
  });
});
