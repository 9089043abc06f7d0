import { describe, expect, it } from '@jest/globals';
import type { DomainEnvelope } from '@tdgen/contracts';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { domainFrame, jittered, parseEventId, streamFrame } from './sse-frame';

function parse(bytes: Buffer): { messages: EventSourceMessage[]; retries: number[] } {
  const messages: EventSourceMessage[] = [];
  const retries: number[] = [];
  const parser = createParser({ onEvent: (m) => messages.push(m), onRetry: (r) => retries.push(r) });
  parser.feed(bytes.toString('utf8'));
  return { messages, retries };
}

describe('SSE frames', () => {
  it('puts a domain envelope on one data line with its id as the SSE id', () => {
    const envelope: DomainEnvelope = {
      id: 42,
      type: 'job-task:permanent-deleted',
      data: { id: 7 },
      userId: 1,
      clientId: 'tab\n\r\u2028',
      timestamp: '2025-01-01T00:00:00.000Z',
    };
    const frame = domainFrame(envelope);
    expect(frame.id).toBe(42);
    expect(frame.bytes.toString().split('\n')).toHaveLength(4); // id, data, blank, ''
    const { messages } = parse(frame.bytes);
    expect(messages).toEqual([{ id: '42', data: JSON.stringify(envelope), event: undefined }]);
    expect(JSON.parse(messages[0].data)).toEqual(envelope);
  });

  it('sends stream events without an SSE id, optionally with retry', () => {
    const { messages, retries } = parse(streamFrame('heartbeat', { serverTime: 'now' }, 1234).bytes);
    expect(retries).toEqual([1234]);
    expect(messages[0].id).toBeUndefined();
    expect(JSON.parse(messages[0].data)).toMatchObject({ id: 0, type: 'heartbeat', userId: null, clientId: null });
  });

  it('jitters within the spread', () => {
    expect(jittered(1000, 0.25, () => 0)).toBe(750);
    expect(jittered(1000, 0.25, () => 1)).toBe(1250);
    expect(jittered(1000, 0.5, () => 0.5)).toBe(1000);
  });

  it.each([
    [undefined, null],
    ['', null],
    ['  ', null],
    ['17', 17],
    [' 17 ', 17],
    ['-1', Number.NaN],
    ['1e3', Number.NaN],
    ['12345678901234567', Number.NaN],
  ])('parses Last-Event-ID %p', (raw, expected) => {
    expect(parseEventId(raw)).toEqual(expected);
  });
});
