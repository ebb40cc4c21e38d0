/** `webexhub plan` output: text for a terminal, markdown for a pull-request comment, JSON for tools. */
import { changeName, type PrivilegeChange } from "../core";
import type { PersonReview, Review, ReportedViolation } from "../core";
import { seeRuleDoc } from "../core";

type Mode = Review["restrictedMode"][number];

const orgTitle = (r: Review): string =>
  `${r.org.kind} org ${r.org.displayName ? `"${r.org.displayName}" (${r.org.orgId})` : r.org.orgId}`;
const who = (p: { email: string; displayName?: string }): string =>
  p.displayName ? `${p.displayName} <${p.email}>` : p.email;
const privilege = (c: PrivilegeChange): string => `${changeName(c)}: ${c.before} → ${c.after}`;
const roles = (list: readonly string[]): string => (list.length ? list.join(", ") : "none");
const on = (value: boolean | null): string => (value === null ? "?" : value ? "on" : "off");
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
const them = (list: readonly unknown[]): string => (list.length === 1 ? "it" : "them");
/** An org by name and id when the Hub or a comment named it, else by id. */
const orgLabel = (r: Review, id: string): string => (Object.hasOwn(r.orgNames, id) ? `${r.orgNames[id]} (${id})` : id);
const orgList = (r: Review, ids: readonly string[]): string => ids.map((c) => orgLabel(r, c)).join(", ") || "none";
const gainedOf = (p: PersonReview): PrivilegeChange[] => p.privileges.filter((c) => c.direction !== "lost");
const lostOf = (p: PersonReview): PrivilegeChange[] => p.privileges.filter((c) => c.direction === "lost");
/** What the Hub holds now, where it differs from the base file. */
const liveText = (r: Review, live: NonNullable<PersonReview["live"]>): string =>
  `${roles(live.roles)}${live.customers ? `; customers ${orgList(r, live.customers)}` : ""}`;
const modeText = (r: Review, m: Mode): string => {
  const now = m.live !== undefined ? ` (on the Hub now: ${on(m.live)})` : "";
  return `${orgLabel(r, m.orgId)}: ${on(m.before)} → ${on(m.after)}${now}`;
};
const where = (v: ReportedViolation): string =>
  `${v.path || "(file)"}${v.line !== undefined ? ` (line ${v.line})` : ""}`;

function summaryLine(r: Review): string {
  const s = r.summary;
  const counts = [plural(s.changes, "change"), plural(s.takeovers, "takeover"), plural(s.errors, "error")];
  const drift = s.drift > 0 ? `, ${plural(s.drift, "admin")} drifted on the Hub` : "";
  return `${[...counts, plural(s.warnings, "warning")].join(", ")}${drift}`;
}

/** What the change is measured against, said once at the top. */
function against(r: Review): string {
  if (r.base !== undefined) {
    return `compared with ${r.base}${r.live ? " (the live Hub adds names and what it holds now)" : " (offline)"}`;
  }
  return r.live
    ? "against the live Hub"
    : "offline: the roles as declared; pass --base with the previous file or --endpoint to compare";
}

function applierLine(r: Review): string | undefined {
  if (!r.applier) return undefined;
  const as = r.applier.source === "token" ? "the token's person" : "who applies (--applier)";
  return `Judged as ${who(r.applier)}, ${as}`;
}

function takeoverText(p: PersonReview): string | undefined {
  const t = p.takeover;
  if (!t) return undefined;
  const label = t.certain ? "TAKEOVER" : "TAKEOVER (unless the file listed this admin before)";
  const outcome = t.adopt ? " (adopt: true)" : " — refused without adopt: true";
  return `${label}: holds ${t.loses.join(", ")} outside the file and loses ${them(t.loses)}${outcome}`;
}

function rolesLine(p: PersonReview): string {
  if (p.before === null) return `  roles: ${roles(p.after)}`;
  if (p.added.length + p.removed.length === 0) return `  roles: ${roles(p.after)} (unchanged)`;
  return `  roles: ${roles(p.before)} → ${roles(p.after)}`;
}

function personText(r: Review, p: PersonReview): string[] {
  const kind = p.kind === "external" ? " (external administrator)" : "";
  const out = [`${who(p)}${kind}${p.omitted ? " (not in the file: loses every role)" : ""}`, rolesLine(p)];
  if (p.live) out.push(`  on the Hub now: ${liveText(r, p.live)}${p.changedBy ? ` — ${p.changedBy.text}` : ""}`);
  if (p.added.length) out.push(`  + ${p.added.join(", ")}`);
  if (p.removed.length) out.push(`  - ${p.removed.join(", ")}`);
  const gained = gainedOf(p);
  const lost = lostOf(p);
  if (gained.length) out.push(`  privileges gained:`, ...gained.map((c) => `    ${privilege(c)}`));
  if (lost.length) out.push(`  privileges lost:`, ...lost.map((c) => `    ${privilege(c)}`));
  if (p.customers?.assigned.length) out.push(`  customers assigned: ${orgList(r, p.customers.assigned)}`);
  if (p.customers?.unassigned.length) out.push(`  customers unassigned: ${orgList(r, p.customers.unassigned)}`);
  const takeover = takeoverText(p);
  if (takeover) out.push(`  ${takeover}`);
  return [...out, ""];
}

function driftText(r: Review, p: PersonReview): string {
  const customers = p.live?.customers ? ` (customers ${orgList(r, p.live.customers)})` : "";
  const author = p.changedBy ? ` — ${p.changedBy.text}` : "";
  return `${who(p)}: on the Hub ${roles(p.live?.roles ?? [])}${customers}; the file ${roles(p.after)}${author}`;
}

const DRIFT_TITLE = "Not changed by this file, but the Hub differs from it (the apply resets them)";

export function renderText(r: Review): string {
  const out: string[] = [`Plan for ${orgTitle(r)} from ${r.file}, ${against(r)}`];
  const applier = applierLine(r);
  if (applier) out.push(applier);
  out.push("");
  for (const p of r.people) out.push(...personText(r, p));
  if (r.drift.length) out.push(`${DRIFT_TITLE}:`, ...r.drift.map((p) => `  ${driftText(r, p)}`), "");
  for (const m of r.restrictedMode) out.push(`Restricted Administrator Mode of ${modeText(r, m)}`);
  if (r.restrictedMode.length) out.push("");
  for (const v of r.violations) out.push(`${v.severity} ${v.code} at ${where(v)}: ${v.message}${seeRuleDoc(v.code)}`);
  if (r.violations.length) out.push("");
  out.push(summaryLine(r));
  return `${out.join("\n")}\n`;
}

const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const mdWho = (p: PersonReview): string =>
  p.displayName ? `${cell(p.displayName)} (${cell(p.email)})` : cell(p.email);

function notesOf(r: Review, p: PersonReview): string {
  const t = p.takeover;
  const takeover = t
    ? `**${t.certain ? "takeover" : "possible takeover"}**${t.adopt ? " (adopt)" : " (refused: needs adopt)"}`
    : "";
  const notes = [
    p.kind === "external" ? "external" : "",
    p.omitted ? "not in the file" : "",
    takeover,
    p.live ? `Hub now: ${liveText(r, p.live)}${p.changedBy ? `, ${p.changedBy.text}` : ""}` : "",
  ];
  return notes.filter(Boolean).join(", ");
}

function personRow(r: Review, p: PersonReview): string {
  const rolesCell = [...p.added.map((x) => `+${x}`), ...p.removed.map((x) => `−${x}`)].join(" ") || "—";
  const customers = [
    ...(p.customers?.assigned ?? []).map((c) => `+${orgLabel(r, c)}`),
    ...(p.customers?.unassigned ?? []).map((c) => `−${orgLabel(r, c)}`),
  ];
  const gained = gainedOf(p).length;
  const lost = lostOf(p).length;
  const counts = [gained ? `${gained} gained` : "", lost ? `${lost} lost` : ""].filter(Boolean).join(", ") || "—";
  const notes = notesOf(r, p);
  const person = `${mdWho(p)}${notes ? ` (${cell(notes)})` : ""}`;
  return `| ${person} | ${cell(rolesCell)} | ${customers.map(cell).join("<br>") || "—"} | ${counts} |`;
}

/** The full privilege lists, folded: the table says how many, a reviewer opens the ones that matter. */
function privilegeDetails(p: PersonReview): string[] {
  if (!p.privileges.length) return [];
  const lines = [
    ...gainedOf(p).map((c) => `- gained ${cell(privilege(c))}`),
    ...lostOf(p).map((c) => `- lost ${cell(privilege(c))}`),
  ];
  const summary = `${cell(p.email)}: ${plural(p.privileges.length, "privilege")} change`;
  return [`<details><summary>${summary}</summary>`, "", ...lines, "", "</details>", ""];
}

function violationLine(v: ReportedViolation): string {
  const mark = v.severity === "error" ? "❌" : "⚠️";
  const line = v.line !== undefined ? ` (line ${v.line})` : "";
  return `- ${mark} \`${v.code}\` at \`${v.path || "(file)"}\`${line}: ${cell(v.message)}${seeRuleDoc(v.code)}`;
}

export function renderMarkdown(r: Review): string {
  const out = [
    `### webexhub plan: ${cell(orgTitle(r))}`,
    "",
    `\`${r.file}\` ${cell(against(r))} — ${summaryLine(r)}`,
    "",
  ];
  const applier = applierLine(r);
  if (applier) out.push(cell(applier), "");
  if (r.people.length) {
    out.push("| person | roles | customers | privileges |", "| --- | --- | --- | --- |");
    out.push(...r.people.map((p) => personRow(r, p)), "", ...r.people.flatMap(privilegeDetails));
  } else {
    out.push("No administrator changes.", "");
  }
  if (r.drift.length) out.push(`**${DRIFT_TITLE}**`, "", ...r.drift.map((p) => `- ${cell(driftText(r, p))}`), "");
  if (r.audit) out.push(`_${cell(r.audit)}_`, "");
  if (r.restrictedMode.length) {
    out.push("**Restricted Administrator Mode**", "", ...r.restrictedMode.map((m) => `- ${cell(modeText(r, m))}`), "");
  }
  if (r.violations.length) out.push("**Violations**", "", ...r.violations.map(violationLine), "");
  return `${out.join("\n")}`;
}

export function renderJson(r: Review): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}
