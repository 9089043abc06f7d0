// The baseline of the SSE fan-out benchmark: the least a Node server can do to fan an event out
// over Server-Sent Events — no framework, no auth, no replay, no backpressure accounting. Each
// published event is serialized once and written to every open response.
//   GET  /stream   opens a stream
//   POST /publish  body = the event's `data` (JSON); answers 204 after writing it to every stream
import http from 'node:http';

const port = Number(process.argv[2] ?? 0);
const streams = new Set();
let sequence = 0;

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url.startsWith('/stream')) {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
    res.write(`data: ${JSON.stringify({ id: 0, type: 'hello', data: {}, timestamp: new Date().toISOString() })}\n\n`);
    streams.add(res);
    res.on('close', () => streams.delete(res));
    return;
  }
  if (req.method === 'POST' && req.url === '/publish') {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const envelope = {
        id: ++sequence,
        type: 'lock:acquired',
        data: JSON.parse(body || '{}'),
        userId: 1,
        clientId: 'bench-writer',
        timestamp: new Date().toISOString(),
      };
      const frame = Buffer.from(`id: ${envelope.id}\ndata: ${JSON.stringify(envelope)}\n\n`);
      for (const stream of streams) stream.write(frame);
      res.writeHead(204).end();
    });
    return;
  }
  res.writeHead(404).end();
});

server.listen(port, '127.0.0.1', () => {
  process.send?.({ port: server.address().port });
});
process.on('SIGTERM', () => {
  for (const stream of streams) stream.destroy();
  server.close(() => process.exit(0));
});
