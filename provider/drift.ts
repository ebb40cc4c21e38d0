/**
 * Drift: the Hub differs from what the last apply left, because someone changed it outside Pulumi
 * (in Control Hub, say). `check` notes it in the new inputs under `drift`, one line per property,
 * so `pulumi preview --diff` shows it without `--refresh` (see detailedDiff.ts for why the new
 * inputs are the only place the engine reads such a value from). Only drift the update reverts is
 * noted: drift the declaration now agrees with changes nothing.
 */
import type { DetailedDiff } from "./detailedDiff";

export type DriftNote = Record<string, string>;

const them = (n: number): string => (n === 1 ? "it" : "them");

/** What the Hub gained and lost outside Pulumi that the update reverts (the values `setDrift` names). */
export function driftedValues(
  live: readonly string[],
  lastApplied: readonly string[],
  desired: readonly string[],
): { gained: string[]; lost: string[] } {
  return {
    gained: live.filter((x) => !lastApplied.includes(x) && !desired.includes(x)),
    lost: lastApplied.filter((x) => !live.includes(x) && desired.includes(x)),
  };
}

/**
 * One line for a set property: what the Hub holds that neither the last apply nor the declaration
 * has (the update removes it), and what the last apply set that the Hub lost (the update restores it).
 */
export function setDrift(
  live: readonly string[],
  lastApplied: readonly string[],
  desired: readonly string[],
  show: (x: string) => string = (x) => x,
): string | undefined {
  const { gained, lost } = driftedValues(live, lastApplied, desired);
  const parts = [
    ...(gained.length
      ? [
          `the Hub holds ${gained.map(show).join(", ")}, added outside Pulumi: this update removes ${them(gained.length)}`,
        ]
      : []),
    ...(lost.length
      ? [
          `the Hub no longer holds ${lost.map(show).join(", ")}, removed outside Pulumi: this update restores ${them(lost.length)}`,
        ]
      : []),
  ];
  return parts.length ? parts.join("; ") : undefined;
}

/** A single value: the Hub's differs from the last apply's, and the update sets the declared one. */
export function valueDrift(live: string, lastApplied: string, desired: string): string | undefined {
  return live !== lastApplied && live !== desired
    ? `the Hub holds ${live}, changed outside Pulumi from ${lastApplied}: this update sets ${desired}`
    : undefined;
}

/** The note, or nothing when no property drifted. */
export function noteOf(entries: Record<string, string | undefined>): { drift?: DriftNote } {
  const note = Object.fromEntries(Object.entries(entries).filter((e): e is [string, string] => e[1] !== undefined));
  return Object.keys(note).length ? { drift: note } : {};
}

/** The detailed diff's entry for a drift note the new inputs carry. */
export function driftPath(news: { drift?: unknown }): DetailedDiff {
  const note = news.drift;
  return note !== null && typeof note === "object" && Object.keys(note).length > 0 ? { drift: { kind: "add" } } : {};
}
