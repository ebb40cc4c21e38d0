/**
 * Two stacks applied at once against a Hub that does not refuse a lockout (the mock with its rule
 * guard off, as Webex is not known to refuse one), with latency so the two applies overlap: each
 * stack is its own provider session (its own token and cache, as two `pulumi up` processes have)
 * and removes a different one of the partner org's two full admins — each the other, or each
 * itself. Every stack passes its preview on the world it read at the start; webexhub's own
 * re-read before the write (and check after it) must keep the org administrable.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startMockHub, type MockHub } from "../../mockhub/server";
import { DEMO_PARTNER_ORG_ID, demoPersonId } from "../../mockhub/seed";
import { resetHubSessions } from "../../hub/sessions";
import { HubClient } from "../../hub/client";
import { HubSession } from "../../hub/session";
import type { RoleId } from "../../core/rules/catalog";
import {
  createProvider,
  type PartnerAdminInputs,
  type PartnerAdminOutputs,
} from "../../provider/resources/partnerAdmin";

const ROUNDS = 50;
const FIRST = "admin@partner.example"; // full_admin, partner_full_admin
const SECOND = "second@partner.example"; // full_admin

type Variant = "each removes the other" | "each steps down itself";
type Op = "update" | "delete";

const dir = mkdtempSync(join(tmpdir(), "webexhub-race-"));
// A thousand lines of preview logs say nothing here.
beforeAll(() => {
  vi.spyOn(pulumi.log, "info").mockResolvedValue();
  vi.spyOn(pulumi.log, "warn").mockResolvedValue();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One stack's `pulumi up`: a fresh provider process (its own session) that checks, diffs, then writes. */
async function stack(hub: MockHub, actor: string, target: string, op: Op): Promise<string> {
  const config = new Map([
    ["webexhub:endpoint", hub.url],
    ["webexhub:token", hub.tokens[actor] ?? ""],
    ["webexhub:partnerOrgId", DEMO_PARTNER_ORG_ID],
  ]);
  const provider = createProvider({ get: (key) => config.get(key) });
  const held: RoleId[] = target === FIRST ? ["full_admin", "partner_full_admin"] : ["full_admin"];
  const id = demoPersonId(target);
  const olds: PartnerAdminOutputs = {
    email: target,
    roles: held,
    personId: id,
    orgId: DEMO_PARTNER_ORG_ID,
    displayName: target,
    unknownRoles: [],
  };
  try {
    if (op === "delete") {
      // The engine plans a delete without asking the provider: only the delete's own guard acts.
      await provider.delete(id, { ...olds, roles: ["full_admin"] });
      return "written";
    }
    const news: PartnerAdminInputs = { email: target, roles: held.filter((r) => r !== "full_admin") };
    const checked = await provider.check(olds, news);
    if (checked.failures.length > 0) return `check: ${checked.failures.map((f) => f.reason).join("; ")}`;
    await provider.diff(id, olds, news);
    await provider.update(id, olds, news);
    return "written";
  } catch (error) {
    return `refused: ${(error as Error).message}`;
  }
}

/** Gives full_admin back to whichever of the two lost it, with the token of the one who kept it. */
async function reset(hub: MockHub): Promise<void> {
  const full = (email: string): boolean =>
    hub
      .snapshot()
      .people.find((p) => p.id === demoPersonId(email))
      ?.roles.includes("full_admin") === true;
  const [keeper, other] = full(FIRST) ? [FIRST, SECOND] : [SECOND, FIRST];
  if (full(other)) return;
  const session = new HubSession(new HubClient({ endpoint: hub.url, token: hub.tokens[keeper] ?? "" }));
  await session.updatePerson(demoPersonId(other), (p) => ({ roles: [...p.roles, "full_admin"] }));
}

async function round(
  hub: MockHub,
  variant: Variant,
  op: Op,
  firstStarts: boolean,
): Promise<{ fullAdmins: number; outcomes: string[] }> {
  resetHubSessions();
  const plans: Array<[string, string]> =
    variant === "each removes the other"
      ? [
          [FIRST, SECOND],
          [SECOND, FIRST],
        ]
      : [
          [FIRST, FIRST],
          [SECOND, SECOND],
        ];
  const ordered = firstStarts ? plans : [...plans].reverse();
  const outcomes = await Promise.all(ordered.map(([actor, target]) => stack(hub, actor, target, op)));
  const fullAdmins = hub
    .snapshot()
    .people.filter((p) => p.orgId === DEMO_PARTNER_ORG_ID && p.roles.includes("full_admin")).length;
  return { fullAdmins, outcomes };
}

describe.each<Variant>(["each removes the other", "each steps down itself"])(
  "two stacks at once, %s, the Hub's rule guard off",
  (variant) => {
    let hub: MockHub;
    beforeAll(async () => {
      hub = await startMockHub({
        port: 0,
        seed: "demo",
        ruleGuard: false,
        latencyMs: 2,
        tokensPath: join(dir, "tokens.json"),
      });
    });
    afterAll(async () => {
      resetHubSessions();
      await hub.close();
    });

    it.each([true, false])(
      `0 lockouts in ${ROUNDS} rounds, updates and deletes (the first admin's stack starts first: %s)`,
      async (firstStarts) => {
        const left: number[] = [];
        const lockouts: string[][] = [];
        for (let i = 0; i < ROUNDS && lockouts.length === 0; i++) {
          const { fullAdmins, outcomes } = await round(hub, variant, i % 2 === 0 ? "update" : "delete", firstStarts);
          left.push(fullAdmins);
          if (fullAdmins === 0) lockouts.push(outcomes);
          await reset(hub);
        }
        expect(lockouts).toEqual([]);
        // Each round one removal goes through and the other is refused: not a Hub that refuses everything.
        expect(left).toEqual(Array.from({ length: ROUNDS }, () => 1));
      },
      120_000,
    );
  },
);
