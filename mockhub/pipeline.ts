/**
 * The mock Hub's request pipeline: routing, latency and fault injection, authentication, the
 * per-token rate limit, JSON body parsing, and the Webex error shape for everything that fails.
 * Handlers (mockhub/handlers/*) only see a `Call` and return a `Reply` or throw a `HubError`.
 */
import { randomUUID } from "node:crypto";
import { STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { Socket } from "node:net";
import type { Duplex } from "node:stream";
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
      // Two patterns can match one path (`/people/me` and `/people/{id}`): name each method once.
      if (!allowed.includes(r.method)) allowed.push(r.method);
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

/** Reads the body, keeping at most MAX_BODY_BYTES of it; a client that goes away mid-body ends the wait. */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => {
      if (size <= MAX_BODY_BYTES) resolve(Buffer.concat(chunks));
      else reject(new HubError(413, `body: larger than ${MAX_BODY_BYTES} bytes; send at most 1 MB`));
    });
    req.on("error", reject);
    req.on("close", () => {
      if (!req.complete) reject(new HubError(400, "body: the request ended before its body did"));
    });
  });
}

/**
 * The path and query of a request target. Only a path (`/…`) or an absolute URL is one; the path is
 * read as a path even when it starts with `//` (`GET //x:99999/` once ended the process, read as a
 * URL whose host was `x:99999`). Undefined for anything else.
 */
export function parseTarget(raw: string): URL | undefined {
  try {
    if (raw.startsWith("/")) return new URL(`http://mockhub.invalid${raw}`);
    return /^https?:\/\//i.test(raw) ? new URL(raw) : undefined;
  } catch {
    return undefined;
  }
}

/** The Webex error body of a failure; anything not a HubError is a 500 that names no internals beyond its message. */
export function errorReply(err: unknown, trackingId: string): Reply {
  const message = err instanceof Error ? err.message : String(err);
  const error = err instanceof HubError ? err : new HubError(500, `Internal error: ${message}`);
  const body: WireError = { message: error.message, errors: error.errors, trackingId };
  return { status: error.status, body, headers: error.headers };
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

/** Sends the reply; if that fails (a header value the reply cannot carry), a plain 500 instead, and never a throw. */
function respond(res: ServerResponse, reply: Reply, trackingId: string): void {
  if (res.writableEnded || res.destroyed) return;
  try {
    send(res, reply, trackingId);
  } catch (err) {
    if (res.headersSent) res.destroy();
    else send(res, errorReply(err, trackingId), trackingId);
  }
}

/**
 * Answers what Node's HTTP parser refuses before a request exists (a malformed request line or
 * header, headers too large, an unknown method) with a Webex error body rather than a bare close.
 */
export function answerClientError(err: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable || err.code === "ECONNRESET") {
    socket.destroy();
    return;
  }
  const status = err.code === "HPE_HEADER_OVERFLOW" ? 431 : err.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : 400;
  const trackingId = `MOCKHUB_${randomUUID()}`;
  const malformed = `request: not a well-formed HTTP request (${err.code ?? err.message})`;
  const description = status === 431 ? "headers: larger than this Hub accepts" : malformed;
  const body: WireError = { message: description, errors: [{ description }], trackingId };
  socket.end(rawResponse(status, body, trackingId));
}

/**
 * Makes every connection end in an answer: what the parser refuses, and CONNECT (which Node would
 * otherwise hand to no one and close), get a Webex error body; the request listener itself never
 * rejects (`serve`).
 */
export function hardenServer(server: Server): void {
  server.on("clientError", answerClientError);
  server.on("connect", (_req: IncomingMessage, socket: Duplex) => {
    // A socket handed over by "connect" has no error listener of Node's: a reset would end the process.
    socket.on("error", () => socket.destroy());
    // Nor is it read any more: drain what the client still sends, so it can finish and close, and
    // drop it if it never does (the server's close does not wait for sockets it handed over).
    socket.resume();
    if (socket instanceof Socket) socket.setTimeout(5_000, () => socket.destroy());
    const trackingId = `MOCKHUB_${randomUUID()}`;
    const description = "method: CONNECT is not a method of this Hub; it is not a proxy";
    socket.end(rawResponse(400, { message: description, errors: [{ description }], trackingId }, trackingId));
  });
}

type Listener<R> = (req: IncomingMessage, res: ServerResponse) => R;

/** The listener of a pipeline for `http.createServer`: a failure nothing caught ends one response, not the Hub. */
export function serve(handle: Listener<Promise<void>>): Listener<void> {
  return (req, res) => {
    handle(req, res).catch(() => res.destroy());
  };
}

/** A whole HTTP/1.1 response as text, for a socket no `ServerResponse` was made for. */
export function rawResponse(
  status: number,
  body: WireError,
  trackingId: string,
  headers: Record<string, string> = {},
): string {
  const text = JSON.stringify(body);
  const lines = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "Error"}`,
    "Content-Type: application/json;charset=UTF-8",
    `Content-Length: ${Buffer.byteLength(text)}`,
    `Trackingid: ${trackingId}`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    "Connection: close",
  ];
  return `${lines.join("\r\n")}\r\n\r\n${text}`;
}

/** The person behind the request's bearer token; a 401 when there is none or it is unknown. */
function authenticator(o: PipelineOptions): (req: IncomingMessage) => { token: string; actor: StoredPerson } {
  return (req) => {
    const header = req.headers.authorization;
    const m = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m)
      throw new HubError(
        401,
        "The request requires a valid access token set in the Authorization header (Bearer <token>).",
      );
    const token = m[1] ?? "";
    const actor = o.personOfToken(token);
    if (!actor) throw new HubError(401, "The access token is not valid for this Hub.");
    return { token, actor };
  };
}

/** The per-token limit of requests per second: a 429 with `Retry-After` past it. */
function rateLimiter(o: PipelineOptions): (token: string) => void {
  const windows = new Map<string, { start: number; count: number }>();
  return (token) => {
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
}

/** The server's request listener: latency, faults, authentication, rate limit, routing, handler. */
export function requestPipeline(o: PipelineOptions): Listener<Promise<void>> {
  const authenticate = authenticator(o);
  const rateLimit = rateLimiter(o);

  /** Route lookup that never throws: a path segment that is not valid percent-encoding comes back as the error. */
  const lookup = (method: string, url: URL | undefined): ReturnType<Router["match"]> & { error?: unknown } => {
    if (url === undefined) return { params: {}, allowed: [] };
    try {
      return o.router.match(method, url.pathname);
    } catch (error) {
      return { params: {}, allowed: [], error };
    }
  };

  /**
   * Everything that can fail, in order; authentication comes before routing, so an unknown path
   * tells a stranger nothing.
   */
  const handle = async (req: IncomingMessage, method: string, url: URL | undefined): Promise<Reply> => {
    const raw = await readBody(req);
    if (o.faults.latencyMs > 0) await new Promise((r) => setTimeout(r, o.faults.latencyMs));
    const found = lookup(method, url);
    const routeKey = found.route ? `${method} ${found.route.pattern}` : "unmatched";
    o.stats.total += 1;
    o.stats.byRoute[routeKey] = (o.stats.byRoute[routeKey] ?? 0) + 1;
    if (o.faults.faultRate > 0 && o.random() < o.faults.faultRate) {
      throw new HubError(503, "Service temporarily unavailable (injected fault).");
    }
    const { token, actor } = authenticate(req);
    rateLimit(token);
    if (url === undefined) {
      throw badRequest([`path: ${JSON.stringify(req.url)} is not a path; request one such as /v1/people/me`]);
    }
    if (found.error !== undefined) throw found.error;
    if (!found.route) {
      if (found.allowed.length > 0) {
        const allow = { Allow: found.allowed.join(", ") };
        throw new HubError(405, `${method} is not allowed on ${url.pathname}.`, undefined, allow);
      }
      throw notFound(`The resource ${url.pathname}`);
    }
    const { params } = found;
    return found.route.handler({ params, query: url.searchParams, path: url.pathname, actor, json: jsonOf(raw) });
  };

  return async (req, res) => {
    const started = Date.now();
    const trackingId = `MOCKHUB_${randomUUID()}`;
    const method = req.method ?? "GET";
    const url = parseTarget(req.url ?? "/");
    let reply: Reply;
    try {
      reply = await handle(req, method, url);
    } catch (err) {
      reply = errorReply(err, trackingId);
    }
    respond(res, reply, trackingId);
    const shown = url === undefined ? JSON.stringify(req.url) : `${url.pathname}${url.search}`;
    o.log?.(`${method} ${shown} ${reply.status} ${Date.now() - started}ms ${trackingId}`);
  };
}

/** The body as JSON, parsed once and only when a handler asks; not JSON is a 400 naming the parser's complaint. */
function jsonOf(raw: Buffer): () => unknown {
  let parsed: { value: unknown } | undefined;
  return () => {
    if (parsed) return parsed.value;
    const text = raw.toString("utf8");
    if (text.trim() === "") throw badRequest(["body: a JSON object is required"]);
    try {
      parsed = { value: JSON.parse(text) };
    } catch (err) {
      throw badRequest([`body: malformed JSON (${(err as Error).message})`]);
    }
    return parsed.value;
  };
}
