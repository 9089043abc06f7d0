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

  it('carries each message as one HTTP/1.1 chunk, the message being a view of it', () => {
    // Only the title matters here: letters of two and three bytes in UTF-8.
    const envelope = {
      id: 7,
      type: 'job-task:updated',
      data: { title: 'Łukasz Dvořák – Größe' },
      userId: 1,
      clientId: null,
      timestamp: '2025-01-01T00:00:00.000Z',
    } as unknown as DomainEnvelope;
    for (const f of [domainFrame(envelope), streamFrame('heartbeat', { serverTime: 'now' }, 1234)]) {
      const text = f.chunk.toString('utf8');
      const [size, ...rest] = text.split('\r\n');
      // The size is the message's length in bytes (not characters), in hex.
      expect(Number.parseInt(size, 16)).toBe(f.bytes.length);
      expect(rest.join('\r\n')).toBe(`${f.bytes.toString('utf8')}\r\n`);
      expect(f.bytes.buffer).toBe(f.chunk.buffer);
    }
    expect(domainFrame(envelope).bytes.length).toBeGreaterThan(JSON.stringify(envelope).length); // multi-byte letters
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
