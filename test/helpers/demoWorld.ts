/**
 * The mock Hub's demo world with extra people in it, written as a state file the mock Hub loads:
 * suites that need more members in a customer org than the demo seed has (each gets a token).
 */
import { writeFileSync } from "node:fs";
import { buildDemoState, demoPersonId, newToken } from "../../mockhub/seed";
import type { HubState, StoredPerson } from "../../mockhub/state";

export type ExtraPerson = Omit<StoredPerson, "id" | "created" | "displayName"> & { displayName?: string };

export function writeDemoStateWith(path: string, extra: readonly ExtraPerson[]): void {
  const now = new Date();
  const state: HubState = buildDemoState(now);
  for (const p of extra) {
    const person: StoredPerson = { ...p, id: demoPersonId(p.emails[0] ?? ""), displayName: p.displayName ?? `${p.firstName ?? ""} ${p.lastName ?? ""}`.trim(), created: now.toISOString() };
    state.people.push(person);
    state.tokens[newToken()] = person.id;
  }
  writeFileSync(path, JSON.stringify(state));
}
