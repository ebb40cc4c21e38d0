/**
 * Disagreements the matrix finds whose fix belongs to the live-world work (one live world built
 * from evidence; what a token cannot see is *unknown*, said as `not-checked`, never guessed), by
 * class. The rules over the Hub's full state are the reference: a case is known when every judge
 * that says otherwise does so for a class listed here. Remove a class once that work lands; a
 * disagreement of no class fails the matrix.
 */
import type { ActorKind } from "./world";
import type { Disagreement, JudgeName } from "./judges";

interface KnownClass {
  readonly name: string;
  readonly judge: JudgeName;
  readonly matches: (d: Disagreement) => boolean;
}

const GUESSED = new Set(["customer-not-managed", "actor-lacks-privilege", "unknown-user", "external-admin-chain"]);
const codesOf = (said: string): string[] => said.replace(/^exit \d+: /, "").split(", ").filter((c) => c !== "");
/** Tokens that see every customer and every partner admin's assignments: nothing for them to guess. */
const SEE_ALL: readonly ActorKind[] = ["partner full admin + partner_full_admin", "partner full administrator"];
const EXTERNALS: readonly ActorKind[] = ["external full admin", "external read-only admin"];
const READ_ONLY: readonly ActorKind[] = ["partner read-only administrator", "help desk (basic)", "customer read-only admin"];

export const KNOWN_CLASSES: readonly KnownClass[] = [
  {
    // A partner token that sees only some customers, or a customer token that sees only its org:
    // customers outside its view are "not managed", other admins' unread assignments look changed.
    name: "validate guesses customers and assignments the token cannot see",
    judge: "validate",
    matches: (d) =>
      !SEE_ALL.includes(d.c.actor) && d.judgments.validate.verdict === "refuse" && /^exit 1: /.test(d.judgments.validate.said) && codesOf(d.judgments.validate.said).every((c) => GUESSED.has(c)),
  },
  {
    // Any token: people of other orgs outside the loaded lists (a customer's external admins) are
    // called unknown without a look-up by email, and the external admins they hold then look new.
    name: "validate: people outside the loaded lists are unknown-user",
    judge: "validate",
    matches: (d) => {
      const codes = codesOf(d.judgments.validate.said);
      return d.judgments.validate.verdict === "refuse" && codes.includes("unknown-user") && codes.every((c) => c === "unknown-user" || c === "external-admin-chain");
    },
  },
  {
    name: "validate: a token that cannot list a customer's external admins sees none (a removal passes)",
    judge: "validate",
    matches: (d) => d.change.kind === "external" && d.judgments.validate.verdict === "allow",
  },
  {
    name: "provider: assignments the token cannot read count as none (unassigning them looks like no change)",
    judge: "provider",
    matches: (d) => d.change.kind === "assignment" && d.judgments.provider.verdict === "allow",
  },
  {
    name: "provider: customers outside the token's view are guessed not managed",
    judge: "provider",
    matches: (d) => d.judgments.provider.verdict === "refuse" && codesOf(d.judgments.provider.said).every((c) => c === "customer-not-managed"),
  },
  {
    // A customer org's token sees none of the partner's people: taking the only role of one away
    // looks like no change, where the Hub refuses the write.
    name: "provider: partner people a customer token cannot see hold nothing",
    judge: "provider",
    matches: (d) => d.change.kind === "partner-role" && d.judgments.provider.verdict === "allow" && !d.c.actor.startsWith("partner"),
  },
  ...(["validate", "provider", "mock"] as const).map((judge): KnownClass => ({
    name: "an external administrator's token cannot read the Hub (GET /roles answers 403)",
    judge,
    matches: (d) => EXTERNALS.includes(d.c.actor) && d.judgments[judge].verdict === "refuse" && /hub-forbidden/.test(d.judgments[judge].said),
  })),
  {
    // Not live-world's: the mock's writer check comes before its rules; the rules let anyone give
    // their own role up. Which is Webex's behaviour is not documented; kept visible here.
    name: "mock: a read-only administrator giving up their own role is refused by the writer check",
    judge: "mock",
    matches: (d) => READ_ONLY.includes(d.c.actor) && d.judgments.mock.verdict === "refuse" && "target" in d.change && d.change.target.startsWith(d.c.actor === "customer read-only admin" ? "ro@customer01" : d.c.actor === "help desk (basic)" ? "hdb@" : "ro@partner"),
  },
];

/** The classes that explain a disagreement, or undefined when a judge differs for no known class. */
export function knownClassOf(d: Disagreement): string | undefined {
  const reference = d.judgments.rules.verdict;
  const deviating = (["validate", "provider", "mock"] as const).filter((j) => d.judgments[j].verdict !== "abstain" && d.judgments[j].verdict !== reference);
  const names = deviating.map((j) => KNOWN_CLASSES.find((k) => k.judge === j && k.matches(d))?.name);
  if (names.length === 0 || names.some((n) => n === undefined)) return undefined;
  return [...new Set(names)].join(" + ");
}
