/**
 * HTTP/1.1 by hand over a loopback socket, for requests no HTTP client would send (`GET //[`, a
 * CONNECT, a header line without a colon, two Content-Lengths) and for telling a well-formed answer
 * from a hang-up: the answer is parsed strictly, and a socket closed without one is an error.
 */
import { connect } from "node:net";

export interface RawAnswer {
  status: number;
  /** Header names in lower case; a repeated header keeps every value. */
  headers: Record<string, string[]>;
  body: string;
}

export class HangUp extends Error {}

/** The first header value, or undefined. */
export const header = (answer: RawAnswer, name: string): string | undefined => answer.headers[name.toLowerCase()]?.[0];

/** Chunked transfer coding, decoded; throws when it is not well-formed. */
function dechunk(bytes: Buffer): { body: Buffer; used: number } {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = bytes.indexOf("\r\n", at);
    const size = eol < 0 ? NaN : parseInt(bytes.subarray(at, eol).toString("latin1"), 16);
    if (!Number.isInteger(size) || size < 0) throw new HangUp("a chunked body that is cut short or malformed");
    if (size === 0) return { body: Buffer.concat(parts), used: eol + 4 };
    parts.push(bytes.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
    if (at > bytes.length) throw new HangUp("a chunked body that is cut short");
  }
}

/** One response at the start of `bytes`, or an interim 1xx one (skipped by the caller); `rest` is what follows it. */
function parseOne(bytes: Buffer, head: boolean): { answer: RawAnswer; rest: Buffer } {
  const end = bytes.indexOf("\r\n\r\n");
  const shown = JSON.stringify(bytes.toString("latin1").slice(0, 120));
  if (end < 0) throw new HangUp(`no complete response head in ${bytes.length} bytes: ${shown}`);
  const [statusLine = "", ...lines] = bytes.subarray(0, end).toString("latin1").split("\r\n");
  const m = /^HTTP\/1\.[01] ([1-5]\d\d)(?: .*)?$/.exec(statusLine);
  if (!m) throw new HangUp(`not an HTTP status line: ${JSON.stringify(statusLine)}`);
  const headers: Record<string, string[]> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon <= 0) throw new HangUp(`not a header line: ${JSON.stringify(line)}`);
    const name = line.slice(0, colon).trim().toLowerCase();
    (headers[name] ??= []).push(line.slice(colon + 1).trim());
  }
  const status = Number(m[1]);
  const after = bytes.subarray(end + 4);
  const length = headers["content-length"];
  if (length !== undefined && length.length !== 1) throw new HangUp(`Content-Length given ${length.length} times`);
  let body: Buffer;
  let rest: Buffer;
  // A HEAD's answer has no body; a parser's refusal of what came with it (sent on the same connection) does.
  const bodiless = head && (after.length === 0 || after.subarray(0, 7).equals(Buffer.from("HTTP/1.")));
  if (bodiless || status < 200 || status === 204 || status === 304) [body, rest] = [Buffer.alloc(0), after];
  else if (length !== undefined) {
    const n = Number(length[0]);
    if (!Number.isInteger(n) || n > after.length) {
      throw new HangUp(`Content-Length ${length[0]} but ${after.length} bytes came`);
    }
    [body, rest] = [after.subarray(0, n), after.subarray(n)];
  } else if (headers["transfer-encoding"]?.[0] === "chunked") {
    const { body: b, used } = dechunk(after);
    [body, rest] = [b, after.subarray(used)];
  } else [body, rest] = [after, Buffer.alloc(0)];
  return { answer: { status, headers, body: body.toString("utf8") }, rest };
}

/**
 * The final response at the start of `bytes` (after any 100 Continue); throws when it is not
 * well-formed HTTP/1.1 whose body is as long as it says. Anything after it must be another response
 * (a request that was really two gets two answers).
 */
export function parseAnswer(bytes: Buffer, head = false): RawAnswer {
  let { answer, rest } = parseOne(bytes, head);
  while (answer.status < 200) ({ answer, rest } = parseOne(rest, head));
  if (rest.length > 0 && !rest.subarray(0, 7).equals(Buffer.from("HTTP/1."))) {
    const shown = JSON.stringify(rest.toString("latin1").slice(0, 80));
    throw new HangUp(`${rest.length} stray bytes after the response: ${shown}`);
  }
  return answer;
}

/**
 * Sends `request` (the whole request, head and body) on a new connection, half-closes it, and reads
 * until the server closes. Rejects with HangUp when the server closes without a whole response, and
 * after `timeoutMs` without one (a hang is a failure, never a wait that passes).
 */
export function rawRequest(
  port: number,
  request: string | Buffer,
  options: { head?: boolean; timeoutMs?: number } = {},
): Promise<RawAnswer> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, "127.0.0.1", () => socket.end(request));
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      reject(new HangUp(`no answer within ${timeoutMs} ms`));
    });
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    // A server that answers before reading the whole body may reset the rest of the upload: what it sent still counts.
    socket.on("error", () => undefined);
    socket.on("close", () => {
      try {
        resolve(parseAnswer(Buffer.concat(chunks), options.head));
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  });
}

/** A request head and body as bytes; `Content-Length` from the body unless a header sets it or Transfer-Encoding. */
export function requestText(
  method: string,
  target: string,
  headers: ReadonlyArray<readonly [string, string]>,
  body: string | Buffer = "",
): Buffer {
  const hasLength = headers.some(([k]) => ["content-length", "transfer-encoding"].includes(k.toLowerCase()));
  const lines = [`${method} ${target} HTTP/1.1`, "Host: 127.0.0.1", ...headers.map(([k, v]) => `${k}: ${v}`)];
  if (!hasLength && body.length > 0) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  return Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "utf8"), bytes]);
}
