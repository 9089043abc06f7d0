// The receiving side of the SSE benchmarks (sse-fanout.mjs, idle-stream-clients.mjs): event
// streams on bare TCP sockets. Kept apart from bench-server.mjs so that a client process loads
// no database or server code.
import net from 'node:net';

const DATA_PREFIX = Buffer.from('data: {"id":');
const FRAME_END = Buffer.from('\n\n');
const nowMs = () => performance.timeOrigin + performance.now();

/**
 * Opens one stream on a bare TCP socket: the receiving side shares the machine with the server,
 * so it must cost as little as possible — no HTTP parser, no string decoding. Frames of both
 * servers are one `data:` line starting with `{"id":N`, written in one chunk each, so finding
 * that prefix and the digits after it is enough (chunked-encoding size lines fall outside it).
 * The receipt time is taken when the bytes arrive; `onEnvelope` reads the frame's timestamp
 * lazily (once per event, not once per client) and gets the frame's bytes (`data: {…}`). Id 0
 * marks the stream's own frames. Resolves after the first of those (the hello); rejects when the
 * connection fails or ends before it.
 * @param {string} url
 * @param {Record<string, string>} headers
 * @param {(id: number, readCommittedAt: () => number, receivedAt: number, frame: Buffer) => void} onEnvelope
 * @param {{ localAddress?: string, onClose?: () => void }} [options] the loopback source address
 *   (a port range each); `onClose` runs when an opened stream ends
 * @returns {Promise<{ close: () => void }>}
 */
export function openStream(url, headers, onEnvelope, { localAddress, onClose } = {}) {
  const { hostname, port, pathname, search } = new URL(url);
  const head = [`GET ${pathname}${search} HTTP/1.1`, `Host: ${hostname}:${port}`, 'Accept: text/event-stream'];
  for (const [name, value] of Object.entries(headers)) head.push(`${name}: ${value}`);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port), localAddress });
    socket.setNoDelay(true);
    let pending = Buffer.alloc(0);
    let isOpen = false;
    let isHeadChecked = false;
    socket.on('connect', () => socket.write(`${head.join('\r\n')}\r\n\r\n`));
    socket.on('data', (chunk) => {
      const receivedAt = nowMs();
      const bytes = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      if (!isHeadChecked) {
        isHeadChecked = true;
        if (!bytes.subarray(0, 13).toString().startsWith('HTTP/1.1 200')) {
          reject(new Error(`stream answered ${bytes.subarray(0, 12).toString()}`));
          socket.destroy();
          return;
        }
      }
      let start = 0;
      for (let end = bytes.indexOf(FRAME_END); end !== -1; end = bytes.indexOf(FRAME_END, start)) {
        const data = bytes.indexOf(DATA_PREFIX, start);
        if (data !== -1 && data < end) {
          let id = 0;
          for (let i = data + DATA_PREFIX.length; bytes[i] >= 48 && bytes[i] <= 57; i++) id = id * 10 + bytes[i] - 48;
          if (id === 0) {
            if (!isOpen) {
              isOpen = true;
              resolve({ close: () => socket.destroy() });
            }
          } else {
            const frame = bytes.subarray(data, end);
            onEnvelope(
              id,
              () => Date.parse(/"timestamp":"([^"]+)"\}$/.exec(frame.toString())?.[1] ?? ''),
              receivedAt,
              frame,
            );
          }
        }
        start = end + FRAME_END.length;
      }
      pending = start < bytes.length ? Buffer.from(bytes.subarray(start)) : Buffer.alloc(0);
    });
    socket.on('error', (err) => (isOpen ? undefined : reject(err)));
    socket.on('close', () => {
      if (isOpen) onClose?.();
      else reject(new Error('the connection ended before the hello'));
    });
  });
}
