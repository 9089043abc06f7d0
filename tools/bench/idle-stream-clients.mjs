// The clients of tools/bench/idle-streams.mjs, in a process of their own (forked with IPC, several
// when one process's open-files limit would not hold them all): opens event streams on bare TCP
// sockets (sse-client.mjs), reads and discards what arrives, and counts receipts of one published
// event. Driven by messages from the parent; every command is answered with one message.
//   { cmd: 'open', urls: string[], headers, localAddresses: string[], batch }
//       opens one stream per url (source address round robin), `batch` at a time
//       → { open, opened, failed, errors: { [code]: n } }
//   { cmd: 'mark', type }   counts frames of that event type from now on → { open }
//   { cmd: 'await', timeoutMs }   waits until every open stream has one → { open, reached }
//   { cmd: 'close', count }   closes that many open streams → { open }
import { openStream } from './sse-client.mjs';

/** @type {Set<{ close: () => void, receipts: number }>} */
const streams = new Set();
let markedType = null;
let notify = null;

function onFrame(stream, frame) {
  if (markedType && frame.includes(markedType)) {
    stream.receipts++;
    notify?.();
  }
}

async function open({ urls, headers, localAddresses, batch }) {
  let opened = 0;
  let failed = 0;
  const errors = {};
  for (let i = 0; i < urls.length; i += batch) {
    const attempts = [];
    for (let j = i; j < Math.min(urls.length, i + batch); j++) {
      const stream = { close: () => undefined, receipts: 0 };
      attempts.push(
        openStream(urls[j], headers, (_id, _readCommittedAt, _receivedAt, frame) => onFrame(stream, frame), {
          localAddress: localAddresses[j % localAddresses.length],
          onClose: () => streams.delete(stream),
        }).then(
          ({ close }) => {
            stream.close = close;
            streams.add(stream);
            opened++;
          },
          (err) => {
            failed++;
            const code = err.code ?? err.message;
            errors[code] = (errors[code] ?? 0) + 1;
          },
        ),
      );
    }
    await Promise.all(attempts);
  }
  return { open: streams.size, opened, failed, errors };
}

function reachedCount() {
  let reached = 0;
  for (const stream of streams) if (stream.receipts > 0) reached++;
  return reached;
}

async function awaitEvent({ timeoutMs }) {
  const deadline = Date.now() + timeoutMs;
  while (reachedCount() < streams.size && Date.now() < deadline) {
    await new Promise((resolve) => {
      notify = resolve;
      setTimeout(resolve, 200);
    });
  }
  notify = null;
  return { open: streams.size, reached: reachedCount() };
}

process.on('message', async (message) => {
  let reply;
  switch (message.cmd) {
    case 'open':
      reply = await open(message);
      break;
    case 'mark':
      markedType = Buffer.from(`"type":"${message.type}"`);
      for (const stream of streams) stream.receipts = 0;
      reply = { open: streams.size };
      break;
    case 'await':
      reply = await awaitEvent(message);
      break;
    case 'close':
      for (const stream of [...streams].slice(0, message.count)) {
        streams.delete(stream);
        stream.close();
      }
      reply = { open: streams.size };
      break;
    default:
      reply = { error: `unknown command ${message.cmd}` };
  }
  process.send(reply);
});
process.on('disconnect', () => process.exit(0));
