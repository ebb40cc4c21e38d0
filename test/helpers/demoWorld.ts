/**
 * The mock Hub's demo world with extra people in it, written as a state file the mock Hub loads:
 * suites that need more members in a customer org than the demo seed has (each gets a token).
 */
import { writeFileSync } from "node:fs";
import { buildDemoState, demoPersonId, newToken } from "../../mockhub/seed";
import type { HubState, StoredPerson } from "../../mockhub/state";

export type ExtraPerson = Pick<StoredPerson, "emails" | "orgId" | "roles"> &
  Partial<Omit<StoredPerson, "id" | "emails" | "orgId" | "roles">>;

export function writeDemoStateWith(path: string, extra: readonly ExtraPerson[]): void {
  const now = new Date();
  const state: HubState = buildDemoState(now);
  for (const p of extra) {
    const person: StoredPerson = {
      loginEnabled: true,
      created: now.toISOString(),
      lastModified: now.toISOString(),
      // As the seed does, and as a PUT does (Webex makes the first name the nickname).
      ...(p.firstName !== undefined ? { nickName: p.firstName } : {}),
      ...p,
      id: demoPersonId(p.emails[0] ?? ""),
      displayName: p.displayName ?? `${p.firstName ?? ""} ${p.lastName ?? ""}`.trim(),
    };
    state.people.push(person);
    state.tokens[newToken()] = person.id;
  }
  writeFileSync(path, JSON.stringify(state));
}
