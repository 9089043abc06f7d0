import type { AnySseEnvelope, EventType } from '@tdgen/contracts';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import http from 'node:http';
import net from 'node:net';
import request from 'supertest';
import { PASSWORD, type TestApp, type TestUsername } from './test-app';

/** A signed-in user: the session cookie and helpers for REST calls with it. */
export interface Session {
  username: TestUsername;
  id: number;
  displayName: string;
  cookie: string;
  get(path: string): request.Test;
  post(path: string, body?: object | string): request.Test;
}

export async function signIn(t: TestApp, username: TestUsername): Promise<Session> {
  const res = await request(t.baseUrl).post('/api/auth/login').send({ username, password: PASSWORD }).expect(200);
  const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const cookie = setCookie.map((c) => c.split(';')[0]).find((c) => c.startsWith('tdgen_session='));
  if (!cookie) throw new Error(`No session cookie for ${username}`);
  const user = t.users[username];
  return {
    username,
    id: user.id,
    displayName: user.displayName,
    cookie,
    get: (path) => request(t.baseUrl).get(path).set('Cookie', cookie),
    post: (path, body) => {
      const req = request(t.baseUrl).post(path).set('Cookie', cookie);
      return body === undefined ? req : req.send(body);
    },
  };
}

export interface OpenOptions {
  cookie?: string;
  clientId?: string;
  /** Sent as ?lastEventId= */
  lastEventIdQuery?: string;
  /** Sent as the Last-Event-ID header (what a browser sends on its own reconnect). */
  lastEventIdHeader?: string;
  /** Extra query string, appended verbatim. */
  extraQuery?: string;
}

/**
 * An event-stream client for tests over a plain http.get, parsed by `eventsource-parser` (the
 * parser the `eventsource` package is built on). Unlike a browser EventSource it never
 * reconnects by itself, exposes the status, headers and `retry:` values, and can vanish
 * abruptly (`destroy`), like a tab whose machine went to sleep.
 */
export class SseClient {
  readonly messages: EventSourceMessage[] = [];
  readonly envelopes: AnySseEnvelope[] = [];
  readonly retries: number[] = [];
  status = 0;
  headers: http.IncomingHttpHeaders = {};
  /** The raw body of a non-stream answer (401, 429 ...). */
  body = '';
  readonly ended: Promise<void>;
  private isEnded = false;
  private waiters: { check: () => boolean }[] = [];
  private req!: http.ClientRequest;

  private constructor() {
    let resolveEnded!: () => void;
    this.ended = new Promise((resolve) => (resolveEnded = resolve));
    this.markEnded = () => {
      if (this.isEnded) return;
      this.isEnded = true;
      resolveEnded();
      this.notify();
    };
  }

  private readonly markEnded: () => void;

  get hasEnded(): boolean {
    return this.isEnded;
  }

  /** Opens the stream and resolves once the response head has arrived (whatever its status). */
  static open(baseUrl: string, options: OpenOptions = {}): Promise<SseClient> {
    const client = new SseClient();
    const params = new URLSearchParams();
    if (options.clientId !== undefined) params.set('clientId', options.clientId);
    if (options.lastEventIdQuery !== undefined) params.set('lastEventId', options.lastEventIdQuery);
    const query = [params.toString(), options.extraQuery].filter(Boolean).join('&');
    const headers: http.OutgoingHttpHeaders = { Accept: 'text/event-stream' };
    if (options.cookie) headers['Cookie'] = options.cookie;
    if (options.lastEventIdHeader !== undefined) headers['Last-Event-ID'] = options.lastEventIdHeader;
    return new Promise((resolve, reject) => {
      client.req = http.get(`${baseUrl}/api/events/stream?${query}`, { headers, agent: false }, (res) => {
        client.status = res.statusCode ?? 0;
        client.headers = res.headers;
        res.setEncoding('utf8');
        const isStream = client.status === 200;
        const parser = createParser({
          onEvent: (message) => client.receive(message),
          onRetry: (ms) => client.retries.push(ms),
        });
        res.on('data', (chunk: string) => (isStream ? parser.feed(chunk) : (client.body += chunk)));
        res.on('end', client.markEnded);
        res.on('close', client.markEnded);
        res.on('error', client.markEnded);
        resolve(client);
      });
      client.req.on('error', (err) => {
        client.markEnded();
        reject(err);
      });
    });
  }

  /** Opens a stream and waits for its hello; fails unless the answer is a 200 stream. */
  static async connect(baseUrl: string, options: OpenOptions): Promise<SseClient> {
    const client = await SseClient.open(baseUrl, options);
    if (client.status !== 200) {
      await client.ended;
      throw new Error(`Expected an event stream, got ${client.status}: ${client.body}`);
    }
    await client.waitFor((e) => e.type === 'hello', 'hello');
    return client;
  }

  /** The envelopes of the given types, in arrival order. */
  ofType<T extends EventType>(...types: T[]): Extract<AnySseEnvelope, { type: T }>[] {
    return this.envelopes.filter((e) => (types as EventType[]).includes(e.type)) as Extract<
      AnySseEnvelope,
      { type: T }
    >[];
  }

  /** Resolves with the first envelope (already received or future) that matches. */
  waitFor<E extends AnySseEnvelope = AnySseEnvelope>(
    predicate: (envelope: AnySseEnvelope) => boolean,
    description: string,
    timeoutMs = 15_000,
  ): Promise<E> {
    return this.waitUntil(() => this.envelopes.find(predicate) as E | undefined, description, timeoutMs);
  }

  /** Resolves once `count` envelopes match. */
  waitForCount(
    predicate: (envelope: AnySseEnvelope) => boolean,
    count: number,
    description: string,
    timeoutMs = 15_000,
  ) {
    return this.waitUntil(
      () => {
        const found = this.envelopes.filter(predicate);
        return found.length >= count ? found : undefined;
      },
      `${count} × ${description}`,
      timeoutMs,
    );
  }

  /** Resolves when the server has closed the stream. */
  async waitForEnd(timeoutMs = 15_000): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`The stream did not end within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([this.ended, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes the connection from the client side (a tab closing, or vanishing). */
  close(): void {
    this.req.destroy();
  }

  private waitUntil<T>(find: () => T | undefined, description: string, timeoutMs: number): Promise<T> {
    const found = find();
    if (found !== undefined) return Promise.resolve(found);
    return new Promise<T>((resolve, reject) => {
      const waiter = {
        check: () => {
          const value = find();
          if (value === undefined) {
            if (!this.isEnded) return false;
            reject(new Error(`The stream ended while waiting for ${description}; got ${this.describe()}`));
            return true;
          }
          resolve(value);
          return true;
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${description}; got ${this.describe()}`));
      }, timeoutMs);
      const check = waiter.check;
      waiter.check = () => {
        const isDone = check();
        if (isDone) clearTimeout(timer);
        return isDone;
      };
      this.waiters.push(waiter);
    });
  }

  private receive(message: EventSourceMessage): void {
    this.messages.push(message);
    this.envelopes.push(JSON.parse(message.data) as AnySseEnvelope);
    this.notify();
  }

  private notify(): void {
    this.waiters = this.waiters.filter((w) => !w.check());
  }

  private describe(): string {
    const types = this.envelopes.map((e) => e.type).filter((t) => t !== 'heartbeat');
    return `[${types.join(', ')}]${this.isEnded ? ' (ended)' : ''}`;
  }
}

/**
 * Opens a stream on a raw socket that never reads: the kernel buffers fill and the server sees
 * a consumer that stopped taking data (a frozen tab, a dead link). Resolves once connected.
 */
export function openStalledStream(baseUrl: string, cookie: string, clientId: string): Promise<net.Socket> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port) }, () => {
      socket.write(
        `GET /api/events/stream?clientId=${clientId} HTTP/1.1\r\nHost: ${hostname}:${port}\r\n` +
          `Accept: text/event-stream\r\nCookie: ${cookie}\r\n\r\n`,
      );
      socket.pause();
      resolve(socket);
    });
    socket.on('error', reject);
  });
}
