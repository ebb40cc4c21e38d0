/**
 * The mock Hub's request pipeline: routing, latency and fault injection, authentication, the
 * per-token rate limit, JSON body parsing, and the Webex error shape for everything that fails.
 * Handlers (mockhub/handlers/*) only see a `Call` and return a `Reply` or throw a `HubError`.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { WireError } from "../api";
import type { StoredPerson } from "./state";

export interface Faults {
  /** Requests per second per token; excess requests get 429. 0 or undefined: no limit. */
  rateLimit?: number;
  /** Share (0..1) of requests answered 503 before they are handled. */
  faultRate?: number;
  /** Delay before every response, in milliseconds. */
  latencyMs?: number;
}

export interface MockHubStats {
  total: number;
  /** Keyed by route, e.g. `GET /v1/people/{id}`; unmatched paths count under `unmatched`. */
  byRoute: Record<string, number>;
}

const MAX_BODY_BYTES = 1024 * 1024;

export class HubError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: Array<{ description: string; code?: string }> = [{ description: message }],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const notFound = (what: string): HubError => new HubError(404, `${what} was not found.`);

export function badRequest(problems: string[]): HubError {
  return new HubError(
    400,
    `Invalid request: ${problems.join("; ")}`,
    problems.map((description) => ({ description })),
  );
}

/** A 403 that names why; the code lets a client tell it from a rule's refusal. */
export function forbidden(message: string): HubError {
  return new HubError(403, message, [{ description: message, code: "actor-lacks-privilege" }]);
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Call {
  params: Record<string, string>;
  query: URLSearchParams;
  path: string;
  actor: StoredPerson;
  /** The request body, parsed; throws a 400 when it is not JSON. */
  json(): unknown;
}

export type Handler = (call: Call) => Reply | Promise<Reply>;

/** Registers a handler for a method and a path pattern such as `/v1/people/{id}`. */
export type RouteFn = (method: string, pattern: string, handler: Handler) => void;

interface Route {
  method: string;
  pattern: string;
  segments: string[];
  handler: Handler;
}

export function validateFaults(faults: Faults): void {
  const { rateLimit, faultRate, latencyMs } = faults;
  if (rateLimit !== undefined && !(Number.isInteger(rateLimit) && rateLimit >= 0)) {
    throw new RangeError(`rateLimit must be a whole number of requests per second (0 = no limit), got ${rateLimit}`);
  }
  if (faultRate !== undefined && !(faultRate >= 0 && faultRate <= 1)) {
    throw new RangeError(`faultRate must be between 0 and 1, got ${faultRate}`);
  }
  if (latencyMs !== undefined && !(Number.isFinite(latencyMs) && latencyMs >= 0)) {
    throw new RangeError(`latencyMs must be a number of milliseconds >= 0, got ${latencyMs}`);
  }
}

/** Routes in registration order; order matters only where a literal segment shadows a parameter (`/people/me`). */
export class Router {
  private readonly routes: Route[] = [];

  readonly route: RouteFn = (method, pattern, handler) => {
    this.routes.push({ method, pattern, segments: pattern.split("/").filter(Boolean), handler });
  };

  match(method: string, path: string): { route?: Route; params: Record<string, string>; allowed: string[] } {
    const parts = path.split("/").filter(Boolean);
    const allowed: string[] = [];
    for (const r of this.routes) {
      if (r.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      const ok = r.segments.every((seg, i) => {
        const part = parts[i] ?? "";
        if (seg.startsWith("{")) {
          try {
            params[seg.slice(1, -1)] = decodeURIComponent(part);
          } catch {
            throw badRequest([`${seg.slice(1, -1)}: "${part}" is not a valid URL path segment`]);
          }
          return true;
        }
        return seg === part;
      });
      if (!ok) continue;
      if (r.method === method) return { route: r, params, allowed };
      allowed.push(r.method);
    }
    return { params: {}, allowed };
  }
}

export interface PipelineOptions {
  router: Router;
  faults: Required<Faults>;
  stats: MockHubStats;
  now: () => Date;
  random: () => number;
  log?: (line: string) => void;
  baseUrl: () => string;
  /** The person behind a bearer token, if any. */
  personOfToken: (token: string) => StoredPerson | undefined;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => (size > MAX_BODY_BYTES ? reject(new HubError(413, `body: larger than ${MAX_BODY_BYTES} bytes`)) : resolve(Buffer.concat(chunks))));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, reply: Reply, trackingId: string): void {
  const headers: Record<string, string> = { Trackingid: trackingId, ...reply.headers };
  if (reply.body === undefined) {
    res.writeHead(reply.status, headers).end();
    return;
  }
  const text = JSON.stringify(reply.body);
  res
    .writeHead(reply.status, {
      ...headers,
      "Content-Type": "application/json;charset=UTF-8",
      "Content-Length": String(Buffer.byteLength(text)),
    })
    .end(text);
}

/** The server's request listener: latency, faults, routing, authentication, rate limit, handler. */
export function requestPipeline(o: PipelineOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const windows = new Map<string, { start: number; count: number }>();

  const authenticate = (req: IncomingMessage): { token: string; actor: StoredPerson } => {
    const header = req.headers.authorization;
    const m = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) throw new HubError(401, "The request requires a valid access token set in the Authorization header (Bearer <token>).");
    const token = m[1] ?? "";
    const actor = o.personOfToken(token);
    if (!actor) throw new HubError(401, "The access token is not valid for this Hub.");
    return { token, actor };
  };

  const rateLimit = (token: string): void => {
    if (o.faults.rateLimit <= 0) return;
    const at = o.now().getTime();
    const window = windows.get(token);
    if (!window || at - window.start >= 1000) {
      windows.set(token, { start: at, count: 1 });
      return;
    }
    window.count += 1;
    if (window.count > o.faults.rateLimit) {
      const seconds = Math.max(1, Math.ceil((window.start + 1000 - at) / 1000));
      throw new HubError(429, `Too many requests: at most ${o.faults.rateLimit} per second per token.`, undefined, {
        "Retry-After": String(seconds),
      });
    }
  };

  return async (req, res) => {
    const started = Date.now();
    const trackingId = `MOCKHUB_${randomUUID()}`;
    const method = req.method ?? "GET";
    const url = new URL(req.url ?? "/", o.baseUrl());
    let reply: Reply;
    let routeKey = "unmatched";
    try {
      const raw = await readBody(req);
      if (o.faults.latencyMs > 0) await new Promise((r) => setTimeout(r, o.faults.latencyMs));
      const found = o.router.match(method, url.pathname);
      if (found.route) routeKey = `${method} ${found.route.pattern}`;
      o.stats.total += 1;
      o.stats.byRoute[routeKey] = (o.stats.byRoute[routeKey] ?? 0) + 1;
      if (o.faults.faultRate > 0 && o.random() < o.faults.faultRate) {
        throw new HubError(503, "Service temporarily unavailable (injected fault).");
      }
      if (!found.route) {
        if (found.allowed.length > 0) {
          throw new HubError(405, `${method} is not allowed on ${url.pathname}.`, undefined, { Allow: found.allowed.join(", ") });
        }
        throw notFound(`The resource ${url.pathname}`);
      }
      const { token, actor } = authenticate(req);
      rateLimit(token);
      let parsed: { value: unknown } | undefined;
      reply = await found.route.handler({
        params: found.params,
        query: url.searchParams,
        path: url.pathname,
        actor,
        json: () => {
          if (parsed) return parsed.value;
          const text = raw.toString("utf8");
          if (text.trim() === "") throw badRequest(["body: a JSON object is required"]);
          try {
            parsed = { value: JSON.parse(text) };
          } catch (err) {
            throw badRequest([`body: malformed JSON (${(err as Error).message})`]);
          }
          return parsed.value;
        },
      });
    } catch (err) {
      const error = err instanceof HubError ? err : new HubError(500, `Internal error: ${(err as Error).message}`);
      const body: WireError = { message: error.message, errors: error.errors, trackingId };
      reply = { status: error.status, body, headers: error.headers };
    }
    if (!res.writableEnded && !res.destroyed) send(res, reply, trackingId);
    o.log?.(`${method} ${url.pathname}${url.search} ${reply.status} ${Date.now() - started}ms ${trackingId}`);
  };
}
