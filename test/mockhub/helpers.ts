import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { webexId } from "../../api/ids";
import { WEBEX_ROLE_NAMES, WEBEX_ROLE_TABLE } from "../../api/roles";
import type { WireAuditEvent, WireError } from "../../api/wire";
import type { RoleId } from "../../core/rules/catalog";
import { DEMO_MSP_ORG_ID, DEMO_PARTNER_ORG_ID, demoCustomerOrgId, demoPersonId } from "../../mockhub/seed";
import { startMockHub, type MockHub, type MockHubOptions } from "../../mockhub/server";

export interface Answer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** A temporary directory removed by the returned cleanup. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "mockhub-test-"));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Starts a demo-seeded Hub whose tokens file lands in a temp dir, never in the repository. */
export async function startDemoHub(
  options: MockHubOptions = {},
): Promise<{ hub: MockHub; dir: string; stop: () => Promise<void> }> {
  const { dir, cleanup } = tempDir();
  const hub = await startMockHub({ seed: "demo", tokensPath: join(dir, "tokens.json"), ...options });
  return {
    hub,
    dir,
    stop: async () => {
      await hub.close();
      cleanup();
    },
  };
}

export function token(hub: MockHub, email: string): string {
  const value = hub.tokens[email];
  if (value === undefined) throw new Error(`no token for ${email}`);
  return value;
}

/** One request; `path` is under `/v1` unless it is a full URL (a `Link` target). */
export async function call<T = unknown>(
  hub: MockHub,
  tokenValue: string | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<Answer<T>> {
  const headers: Record<string, string> = {};
  if (tokenValue !== undefined) headers.Authorization = `Bearer ${tokenValue}`;
  let payload: string | undefined;
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    payload = typeof body === "string" ? body : JSON.stringify(body);
  }
  const url = path.startsWith("http") ? path : `${hub.url}/v1${path}`;
  const res = await fetch(url, { method, headers, body: payload });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text === "" ? undefined : JSON.parse(text)) as T };
}

/** Asserts the Webex error shape and returns it. */
export function errorOf(answer: Answer): WireError {
  const body = answer.body as WireError;
  const tracking = answer.headers.get("trackingid");
  if (!tracking || body.trackingId !== tracking || typeof body.message !== "string" || !Array.isArray(body.errors)) {
    throw new Error(`not a Webex error: ${answer.status} ${JSON.stringify(body)} (Trackingid ${tracking})`);
  }
  return body;
}

export function nextLink(answer: Answer): string | undefined {
  const link = answer.headers.get("link");
  return link ? /<([^>]+)>;\s*rel="next"/.exec(link)?.[1] : undefined;
}

/** Follows `Link: rel="next"` to the end, returning every item and the number of pages read. */
export async function readAll<T>(
  hub: MockHub,
  tokenValue: string,
  path: string,
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let pages = 0;
  let next: string | undefined = path;
  while (next !== undefined) {
    const answer: Answer<{ items: T[] }> = await call<{ items: T[] }>(hub, tokenValue, "GET", next);
    if (answer.status !== 200) throw new Error(`GET ${next}: ${answer.status}`);
    items.push(...answer.body.items);
    pages += 1;
    next = nextLink(answer);
  }
  return { items, pages };
}

/** Demo ids by what they are: `pid(email)`, `cid(7)` for Customer 07, the partner and MSP orgs. */
export const pid = demoPersonId;
export const cid = demoCustomerOrgId;
export const PARTNER = DEMO_PARTNER_ORG_ID;
export const MSP = DEMO_MSP_ORG_ID;

/** The Hub's (opaque) role ids of catalog roles, as a client finds them by name in `GET /roles`. */
export function rids(...ids: RoleId[]): string[] {
  return ids.map((id) => {
    const entry = WEBEX_ROLE_TABLE[WEBEX_ROLE_NAMES[id]];
    if (!entry) throw new Error(`no Webex role for ${id}`);
    return webexId("ROLE", entry.value);
  });
}

const ALL_TIME = "from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z";

/** Every audit event of the orgs the token administers (or of one org), oldest first within each org. */
export async function auditEvents(
  hub: MockHub,
  tokenValue: string,
  orgId?: string,
  max = 200,
): Promise<WireAuditEvent[]> {
  const orgs =
    orgId !== undefined
      ? [orgId]
      : (await call<{ items: Array<{ id: string }> }>(hub, tokenValue, "GET", "/organizations")).body.items.map(
          (o) => o.id,
        );
  const out: WireAuditEvent[] = [];
  for (const id of orgs)
    out.push(
      ...(await readAll<WireAuditEvent>(hub, tokenValue, `/adminAudit/events?orgId=${id}&${ALL_TIME}&max=${max}`))
        .items,
    );
  return out;
}
