/**
 * Providers against a real mock Hub on a random loopback port. Each "operation" (a preview, an
 * update) is a fresh dynamic-provider process in real life, so `fresh()` drops the per-process
 * Hub sessions between steps; otherwise the cache would hide out-of-band changes the test makes.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startMockHub, type MockHub } from "../../mockhub/server";
import { DEMO_PARTNER_ORG_ID } from "../../mockhub/seed";
import { HubClient } from "../../hub/client";
import { HubSession } from "../../hub/session";
import { resetHubSessions } from "../../hub/sessions";
import type { RoleId } from "../../core/rules/catalog";
import type { ConfigSource } from "../../hub/credentials";
import { writeDemoStateWith, type ExtraPerson } from "../helpers/demoWorld";

export type { ExtraPerson };

export interface Harness {
  readonly hub: MockHub;
  /** Act as this person: the providers use their token from now on. */
  as(email: string): void;
  /** A client acting behind Pulumi's back. */
  client(email: string): HubClient;
  fresh(): void;
  stop(): Promise<void>;
}

const settings = new Map<string, string>();

/**
 * The stack configuration the providers under test read: `as()` changes it, so a provider made
 * once at the top of a test file acts as whoever the test says.
 */
export const harnessConfig: ConfigSource = { get: (key) => settings.get(key) };

export async function startHarness(extra: readonly ExtraPerson[] = []): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), "webexhub-provider-"));
  const statePath = extra.length > 0 ? join(dir, "state.json") : undefined;
  if (statePath) writeDemoStateWith(statePath, extra);
  const hub = await startMockHub({
    port: 0,
    seed: "demo",
    tokensPath: join(dir, "tokens.json"),
    ...(statePath ? { statePath } : {}),
  });
  const tokenOf = (email: string): string => {
    const token = hub.tokens[email];
    if (!token) throw new Error(`no demo token for ${email}`);
    return token;
  };
  const harness: Harness = {
    hub,
    as(email) {
      resetHubSessions();
      settings.set("webexhub:endpoint", hub.url);
      settings.set("webexhub:token", tokenOf(email));
      // The stack says what no Webex API does: which org is the partner, and that it sells wholesale.
      settings.set("webexhub:partnerOrgId", DEMO_PARTNER_ORG_ID);
      settings.set("webexhub:wholesale", "true");
    },
    client: (email) => new HubClient({ endpoint: hub.url, token: tokenOf(email) }),
    fresh: () => resetHubSessions(),
    async stop() {
      settings.clear();
      resetHubSessions();
      await hub.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  harness.as("admin@partner.example");
  return harness;
}

export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The rule codes inside check failures, e.g. `[exclusive-roles] …` → "exclusive-roles". */
export function codesOf(failures: ReadonlyArray<{ reason: string }>): string[] {
  return failures.map((f) => /^\[([a-z-]+)\]/.exec(f.reason)?.[1] ?? f.reason);
}

/** A person's roles in the Hub, as catalog ids (the Hub holds opaque ids, named by `GET /roles`). */
export async function rolesInHub(h: Harness, email: string): Promise<RoleId[]> {
  const client = h.client("admin@partner.example");
  const [person] = await client.listPeople({ email });
  const directory = await new HubSession(client).roleDirectory();
  return directory.split(person?.roles ?? []).roles.sort();
}

/** The Hub's opaque role ids of catalog roles, for writes made behind the provider's back. */
export async function hubRoleIds(h: Harness, roles: readonly RoleId[]): Promise<string[]> {
  const directory = await new HubSession(h.client("admin@partner.example")).roleDirectory();
  return roles.map((r) => directory.hubRole(r)!.id);
}

/**
 * A Hub whose persons carry no `siteRoles` field at all, as Webex's do: the mock behind a proxy that
 * strips the field from every answer.
 */
export async function withoutSiteRoles(h: Harness): Promise<{ url: string; close(): Promise<void> }> {
  const { createServer } = await import("node:http");
  const target = new URL(h.hub.url);
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v !== null && typeof v === "object")
      return Object.fromEntries(
        Object.entries(v)
          .filter(([k]) => k !== "siteRoles")
          .map(([k, x]) => [k, strip(x)]),
      );
    return v;
  };
  const proxy = createServer((req, res) => {
    void (async () => {
      const body = await new Promise<Buffer>((resolve) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => resolve(Buffer.concat(chunks)));
      });
      const upstream = await fetch(`${target.origin}${req.url ?? "/"}`, {
        method: req.method,
        headers: {
          authorization: req.headers.authorization ?? "",
          ...(body.length ? { "content-type": "application/json" } : {}),
        },
        ...(body.length ? { body } : {}),
      });
      const text = await upstream.text();
      const headers: Record<string, string> = {};
      upstream.headers.forEach((value, key) => {
        if (key !== "content-length" && key !== "content-encoding" && key !== "transfer-encoding")
          headers[key] = value.replace(target.origin, `http://127.0.0.1:${(proxy.address() as { port: number }).port}`);
      });
      res.writeHead(upstream.status, headers);
      res.end(text ? JSON.stringify(strip(JSON.parse(text))) : "");
    })();
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const port = (proxy.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => proxy.close(() => resolve())) };
}
