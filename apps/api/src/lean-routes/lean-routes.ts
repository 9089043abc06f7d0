import { type INestApplication, Logger } from '@nestjs/common';
import { API_PREFIX } from '@tdgen/contracts';
import bodyParser from 'body-parser';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import type { TLSSocket } from 'node:tls';
import { originVerdict } from '../auth/same-origin.guard';
import { SessionAuthenticator } from '../auth/session-authenticator';
import { JSON_BODY, TEXT_BODY } from '../common/body-parsing';
import { apiErrorOf } from '../common/http-exception.filter';
import { parseId } from '../common/id-param.decorator';
import { setApiCaching, setSecurityHeaders } from '../common/security-headers';
import { ConfigService } from '../config/config.service';
import type { AuthenticatedUser } from '../decorators/authenticated-user';
import { LocksController } from '../locks/locks.controller';
import { EventStreamController } from '../event-stream/event-stream.controller';
import { JobTasksController } from '../job-tasks/job-tasks.controller';
import { eventStreamLeanRoute } from './event-stream-route';
import { jobTaskUpdateLeanRoute } from './job-task-update-route';
import { lockLeanRoutes } from './lock-routes';

/** How the body of a lean route is read: the same body-parser instances and options as the Express app's. */
export type LeanBody = 'json' | 'json-or-text';

/** Returned by a route that wrote its response itself (the event stream). */
export const WRITTEN = Symbol('written');

/** A route served in front of Express for its common case (ADR 0020). */
export type LeanRoute<I = unknown> = ({ method: 'POST' | 'PATCH'; body: LeanBody } | { method: 'GET' }) & {
  /** Under /api; a last segment `:id` stands for a record id (digits only; anything else is unusual). */
  path: string;
  /** Further conditions on the headers for the common case (the full pipeline answers the rest). */
  accepts?(req: IncomingMessage): boolean;
  /**
   * The validated input from the parsed body (POST, PATCH) or query (GET, parsed as Express's
   * default parser does) and the path's id, or the same VALIDATION_FAILED the full pipeline throws.
   */
  validate(parsed: unknown, req: IncomingMessage, id: number | undefined): Promise<I>;
  /** The answer for a signed-in user: a JSON body (200), undefined (204), or WRITTEN. */
  serve(user: AuthenticatedUser, input: I, res: ServerResponse): Promise<unknown>;
};

const PARSERS: Record<LeanBody, { mediaTypes: readonly string[]; parsers: readonly Middleware[] }> = {
  json: { mediaTypes: ['application/json'], parsers: [bodyParser.json(JSON_BODY)] },
  'json-or-text': {
    mediaTypes: ['application/json', 'text/plain'],
    parsers: [bodyParser.json(JSON_BODY), bodyParser.text(TEXT_BODY)],
  },
};

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;
type TrustProxy = (address: string | undefined, hop: number) => boolean;
type ExpressApp = RequestListener & { get(setting: 'trust proxy fn'): TrustProxy };

/**
 * The hottest routes — a lock acquire and release and a task save, every few seconds per editing
 * tab, and the event stream every tab keeps open — answered straight from Node's HTTP server when
 * the request is the common case: a signed-in user's same-origin request (with a body of the
 * route's type). Whatever is unusual (no or an invalid session, a cross-site or CORS request,
 * another content type, another path or method) goes on to Express and Nest untouched, which then
 * answer it exactly as before; so every refusal by a guard is still the full pipeline's. What the
 * lean routes answer themselves uses the same pieces as that pipeline: the session check
 * (SessionAuthenticator), body-parser with the same options, the same validation pipes, the
 * controllers' own methods, the exception filter's error mapping and the same headers. A new global
 * guard, interceptor or middleware must be weighed here too. Why: docs/adr/0020-lean-routes.md; the
 * figures: docs/performance.md § Evening of 2026-11-30.
 */
export class LeanRoutes {
  private readonly logger = new Logger('LeanRoutes');
  private readonly routes: ReadonlyMap<string, LeanRoute>;
  private readonly corsOrigins: readonly string[];
  private readonly trustProxy: TrustProxy;

  /** Puts the lean routes in front of the application's Express app, on its server's request event. */
  static install(app: INestApplication): LeanRoutes {
    const expressApp = app.getHttpAdapter().getInstance() as ExpressApp;
    const routes = [
      ...lockLeanRoutes(app.get(LocksController)),
      eventStreamLeanRoute(app.get(EventStreamController)),
      jobTaskUpdateLeanRoute(app.get(JobTasksController)),
    ];
    const lean = new LeanRoutes(app.get(SessionAuthenticator), app.get(ConfigService), expressApp, routes);
    lean.listenOn(app.getHttpServer());
    return lean;
  }

  constructor(
    private readonly sessions: SessionAuthenticator,
    config: ConfigService,
    expressApp: ExpressApp,
    routes: readonly LeanRoute[],
  ) {
    this.corsOrigins = config.get('corsOrigin') ?? [];
    this.trustProxy = expressApp.get('trust proxy fn');
    this.routes = new Map(routes.map((route) => [`${route.method} /${API_PREFIX}/${route.path}`, route]));
  }

  private listenOn(server: Server): void {
    const full = server.listeners('request') as RequestListener[];
    server.removeAllListeners('request');
    const toFullPipeline = (req: IncomingMessage, res: ServerResponse) => {
      for (const listener of full) listener.call(server, req, res);
    };
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const url = req.url ?? '';
      const q = url.indexOf('?');
      const path = q < 0 ? url : url.slice(0, q);
      let route = this.routes.get(`${req.method} ${path}`);
      let id: number | undefined;
      if (!route) {
        const slash = path.lastIndexOf('/');
        route = this.routes.get(`${req.method} ${path.slice(0, slash)}/:id`);
        id = route ? recordId(path.slice(slash + 1)) : undefined;
        if (id === undefined) route = undefined;
      }
      // A query string only where the route reads one (GET); elsewhere it is unusual.
      const query = route?.method === 'GET' ? (q < 0 ? '' : url.slice(q + 1)) : q < 0 ? '' : null;
      if (route && query !== null && this.isCommonCase(req, route)) {
        void this.serve(route, query, id, req, res, toFullPipeline);
      } else toFullPipeline(req, res);
    });
  }

  /** What the headers can tell: a body type the route reads, and no cross-site or CORS question. */
  private isCommonCase(req: IncomingMessage, route: LeanRoute): boolean {
    const { origin } = req.headers;
    if (origin && this.corsOrigins.length > 0) return false; // CORS headers: Express's cors middleware
    const fetchSite = req.headers['sec-fetch-site'];
    if (originVerdict(req.method, fetchSite as string | undefined, origin, this.corsOrigins) !== 'allowed')
      return false;
    if (route.accepts && !route.accepts(req)) return false;
    if (route.method === 'GET') return true;
    const type = req.headers['content-type'];
    const mediaType = type?.split(';', 1)[0].trim().toLowerCase();
    return mediaType !== undefined && PARSERS[route.body].mediaTypes.includes(mediaType);
  }

  private async serve(
    route: LeanRoute,
    query: string,
    id: number | undefined,
    req: IncomingMessage,
    res: ServerResponse,
    toFullPipeline: (req: IncomingMessage, res: ServerResponse) => void,
  ): Promise<void> {
    let user: AuthenticatedUser | null;
    try {
      user = await this.sessions.userOfRequest(req);
    } catch {
      user = null; // the database is out of reach: the full pipeline answers 503 as always
    }
    // The body has not been touched yet, so the full pipeline can still read it.
    if (!user) return toFullPipeline(req, res);
    // First, as in the Express app: every answer carries them, a route's own response included.
    setSecurityHeaders(res, this.isSecure(req));
    setApiCaching(res);
    try {
      const parsed = route.method === 'GET' ? parseQuery(query) : await readBody(PARSERS[route.body].parsers, req, res);
      const answer = await route.serve(user, await route.validate(parsed, req, id), res);
      if (answer !== WRITTEN) send(res, answer === undefined ? 204 : 200, answer);
    } catch (err) {
      if (res.headersSent) return void res.destroy();
      const error = apiErrorOf(err, this.logger);
      const { retryAfterS } = error.body as { retryAfterS?: unknown };
      if (typeof retryAfterS === 'number') res.setHeader('Retry-After', String(retryAfterS));
      send(res, error.getStatus(), error.body);
    }
  }

  /** Express's `req.secure`: TLS here, or X-Forwarded-Proto when a trusted proxy (TRUST_PROXY) sent it. */
  private isSecure(req: IncomingMessage): boolean {
    const encrypted = (req.socket as Partial<TLSSocket>).encrypted === true;
    if (!this.trustProxy(req.socket.remoteAddress, 0)) return encrypted;
    const header = req.headers['x-forwarded-proto'];
    const proto = typeof header === 'string' && header ? header : encrypted ? 'https' : 'http';
    return proto.split(',', 1)[0].trim() === 'https';
  }
}

/** A path segment that `parseId` (the routes' `@IdParam`) reads as a record id; else undefined. */
function recordId(segment: string): number | undefined {
  try {
    return parseId(segment);
  } catch {
    return undefined; // the full pipeline refuses it
  }
}

/** Runs the parsers in turn (each reads only its own content type), as the Express app does. */
async function readBody(parsers: readonly Middleware[], req: IncomingMessage, res: ServerResponse): Promise<unknown> {
  for (const parser of parsers) {
    await new Promise<void>((resolve, reject) => parser(req, res, (err) => (err ? reject(err) : resolve())));
  }
  return (req as IncomingMessage & { body?: unknown }).body;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  if (status === 204) return void res.end();
  const json = JSON.stringify(body);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(json));
  res.end(json);
}
