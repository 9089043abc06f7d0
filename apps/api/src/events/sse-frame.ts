import type { AnySseEnvelope, DomainEnvelope, StreamEventMap } from '@tdgen/contracts';

/** One preformatted SSE message. `id` 0 marks stream-only frames (hello, heartbeat, ...). */
export interface SseFrame {
  id: number;
  /** The SSE message: what the client reads. */
  bytes: Buffer;
  /**
   * The same message as one HTTP/1.1 chunk (`<length in hex>\r\n<bytes>\r\n`), so that a stream
   * can hand it to its socket as it stands: framed once per event, not per stream. `bytes` is a
   * view into this buffer, so the chunk costs no copy.
   */
  chunk: Buffer;
  /** The event type of a domain frame (e.g. `job-task:updated`). */
  type: string | undefined;
}

/** A frame of the given message text; its chunk shares the message's memory. */
function frame(id: number, type: string | undefined, message: string): SseFrame {
  const length = Buffer.byteLength(message);
  const prefix = `${length.toString(16)}\r\n`;
  const chunk = Buffer.allocUnsafe(prefix.length + length + 2);
  chunk.write(prefix, 0, 'latin1');
  chunk.write(message, prefix.length, 'utf8');
  chunk.write('\r\n', prefix.length + length, 'latin1');
  return { id, bytes: chunk.subarray(prefix.length, prefix.length + length), chunk, type };
}

/**
 * Serializes a domain envelope once into the bytes every connection receives. JSON.stringify
 * escapes line breaks, so the payload always fits on one `data:` line.
 */
export function domainFrame(envelope: DomainEnvelope): SseFrame {
  return frame(envelope.id, envelope.type, `id: ${envelope.id}\ndata: ${JSON.stringify(envelope)}\n\n`);
}

/**
 * The frame of an event read from the log: `envelope` is the wire JSON the log's commit trigger wrote,
 * so each event is serialized once, by its writer, for every instance and every client.
 */
export function logFrame(id: number, envelope: string): SseFrame {
  return frame(id, envelopeType(envelope), `id: ${id}\ndata: ${envelope}\n\n`);
}

/** The type of a log envelope, which starts `{"id":N,"type":"…"` (written so by the log's trigger). */
function envelopeType(envelope: string): string | undefined {
  const start = envelope.indexOf('"type":"');
  if (start < 0 || start > 40) return undefined;
  const end = envelope.indexOf('"', start + 8);
  return end < 0 ? undefined : envelope.slice(start + 8, end);
}

/**
 * A frame that belongs to the stream rather than the domain. It carries no SSE `id:` line, so
 * the browser's Last-Event-ID keeps naming the last domain event it saw.
 */
export function streamFrame<K extends keyof StreamEventMap>(
  type: K,
  data: StreamEventMap[K],
  retryMs?: number,
): SseFrame {
  const envelope = {
    id: 0,
    type,
    data,
    userId: null,
    clientId: null,
    timestamp: new Date().toISOString(),
  } as AnySseEnvelope;
  const retry = retryMs === undefined ? '' : `retry: ${retryMs}\n`;
  return frame(0, undefined, `${retry}data: ${JSON.stringify(envelope)}\n\n`);
}

/** `baseMs` spread by ±`spread` (0.25 → 75 %–125 %), so reconnecting clients do not arrive together. */
export function jittered(baseMs: number, spread: number, random: () => number = Math.random): number {
  return Math.max(0, Math.round(baseMs * (1 - spread + 2 * spread * random())));
}

/** Parses a Last-Event-ID value; null when absent, NaN when it is not a sequence number. */
export function parseEventId(raw: string | null | undefined): number | null {
  if (raw === undefined || raw === null || raw.trim() === '') return null;
  const value = raw.trim();
  return /^\d{1,16}$/.test(value) ? Number(value) : Number.NaN;
}
