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

/** Parses one complete response; throws when it is not well-formed HTTP/1.1 with a body of its Content-Length. */
export function parseAnswer(bytes: Buffer): RawAnswer {
  const end = bytes.indexOf("\r\n\r\n");
  if (end < 0) throw new HangUp(`no complete response head in ${bytes.length} bytes: ${JSON.stringify(bytes.toString("latin1").slice(0, 120))}`);
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
  const body = bytes.subarray(end + 4);
  const length = headers["content-length"];
  if (length !== undefined && (length.length !== 1 || Number(length[0]) !== body.length)) {
    throw new HangUp(`Content-Length ${length.join(",")} but a body of ${body.length} bytes`);
  }
  return { status: Number(m[1]), headers, body: body.toString("utf8") };
}

/**
 * Sends `request` (the whole request, head and body) on a new connection, half-closes it, and reads
 * until the server closes. Rejects with HangUp when the server closes without a whole response, and
 * after `timeoutMs` without one (a hang is a failure, never a wait that passes).
 */
export function rawRequest(port: number, request: string | Buffer, timeoutMs = 10_000): Promise<RawAnswer> {
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
        resolve(parseAnswer(Buffer.concat(chunks)));
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  });
}

/** A request head and body as bytes; `Content-Length` is added from the body unless a header sets it. */
export function requestText(method: string, target: string, headers: ReadonlyArray<readonly [string, string]>, body = ""): string {
  const hasLength = headers.some(([k]) => k.toLowerCase() === "content-length" || k.toLowerCase() === "transfer-encoding");
  const lines = [`${method} ${target} HTTP/1.1`, "Host: 127.0.0.1", ...headers.map(([k, v]) => `${k}: ${v}`)];
  if (!hasLength && body !== "") lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return `${lines.join("\r\n")}\r\n\r\n${body}`;
}
