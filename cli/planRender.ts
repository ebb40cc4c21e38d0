/** `webexhub plan` output: text for a terminal, markdown for a pull-request comment, JSON for tools. */
import { changeName, type PrivilegeChange } from "../core";
import type { PersonPlan, PlanReport } from "../core";
import { seeRuleDoc } from "../core";

const orgTitle = (r: PlanReport): string => `${r.org.kind} org ${r.org.displayName ? `"${r.org.displayName}" (${r.org.orgId})` : r.org.orgId}`;
const who = (p: { email: string; displayName?: string }): string => (p.displayName ? `${p.displayName} <${p.email}>` : p.email);
const privilege = (c: PrivilegeChange): string => `${changeName(c)}: ${c.before} → ${c.after}`;
const roles = (list: readonly string[]): string => (list.length ? list.join(", ") : "none");
const on = (value: boolean | null): string => (value === null ? "?" : value ? "on" : "off");
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
/** An org by name and id when the Hub or a comment named it, else by id. */
const orgLabel = (r: PlanReport, id: string): string => (Object.hasOwn(r.orgNames, id) ? `${r.orgNames[id]} (${id})` : id);
const gainedOf = (p: PersonPlan): PrivilegeChange[] => p.privileges.filter((c) => c.direction !== "lost");
const lostOf = (p: PersonPlan): PrivilegeChange[] => p.privileges.filter((c) => c.direction === "lost");

function summaryLine(r: PlanReport): string {
  const s = r.summary;
  const drift = s.drift > 0 ? `, ${plural(s.drift, "admin")} drifted on the Hub` : "";
  return `${plural(s.changes, "change")}, ${plural(s.takeovers, "takeover")}, ${plural(s.errors, "error")}, ${plural(s.warnings, "warning")}${drift}`;
}

/** What the change is measured against, said once at the top. */
function against(r: PlanReport): string {
  if (r.base !== undefined) return `compared with ${r.base}${r.live ? " (the live Hub adds names and what it holds now)" : " (offline)"}`;
  return r.live ? "against the live Hub" : "offline: the roles as declared; pass --base with the previous file or --endpoint to compare";
}

const applierLine = (r: PlanReport): string | undefined =>
  r.applier ? `Judged as ${who(r.applier)}, ${r.applier.source === "token" ? "the token's person" : "who applies (--applier)"}` : undefined;

function takeoverText(p: PersonPlan): string | undefined {
  const t = p.takeover;
  if (!t) return undefined;
  const label = t.certain ? "TAKEOVER" : "TAKEOVER (unless the file listed this admin before)";
  return `${label}: holds ${t.loses.join(", ")} outside the file and loses ${t.loses.length === 1 ? "it" : "them"}${t.adopt ? " (adopt: true)" : " — refused without adopt: true"}`;
}

function personText(r: PlanReport, p: PersonPlan): string[] {
  const out = [`${who(p)}${p.kind === "external" ? " (external administrator)" : ""}${p.omitted ? " (not in the file: loses every role)" : ""}`];
  const same = p.before !== null && p.added.length + p.removed.length === 0;
  out.push(`  roles: ${same ? `${roles(p.after)} (unchanged)` : `${p.before !== null ? `${roles(p.before)} → ` : ""}${roles(p.after)}`}`);
  if (p.live) out.push(`  on the Hub now: ${roles(p.live.roles)}${p.live.customers ? `; customers ${p.live.customers.map((c) => orgLabel(r, c)).join(", ") || "none"}` : ""}`);
  if (p.added.length) out.push(`  + ${p.added.join(", ")}`);
  if (p.removed.length) out.push(`  - ${p.removed.join(", ")}`);
  const gained = gainedOf(p);
  const lost = lostOf(p);
  if (gained.length) out.push(`  privileges gained:`, ...gained.map((c) => `    ${privilege(c)}`));
  if (lost.length) out.push(`  privileges lost:`, ...lost.map((c) => `    ${privilege(c)}`));
  if (p.customers?.assigned.length) out.push(`  customers assigned: ${p.customers.assigned.map((c) => orgLabel(r, c)).join(", ")}`);
  if (p.customers?.unassigned.length) out.push(`  customers unassigned: ${p.customers.unassigned.map((c) => orgLabel(r, c)).join(", ")}`);
  const takeover = takeoverText(p);
  if (takeover) out.push(`  ${takeover}`);
  return [...out, ""];
}

const driftText = (r: PlanReport, p: PersonPlan): string =>
  `  ${who(p)}: on the Hub ${roles(p.live?.roles ?? [])}${p.live?.customers ? ` (customers ${p.live.customers.map((c) => orgLabel(r, c)).join(", ") || "none"})` : ""}; the file ${roles(p.after)}`;

export function renderText(r: PlanReport): string {
  const out: string[] = [`Plan for ${orgTitle(r)} from ${r.file}, ${against(r)}`];
  const applier = applierLine(r);
  if (applier) out.push(applier);
  out.push("");
  for (const p of r.people) out.push(...personText(r, p));
  if (r.drift.length) out.push("Not changed by this file, but the Hub differs from it (the apply resets them):", ...r.drift.map((p) => driftText(r, p)), "");
  for (const m of r.restrictedMode) out.push(`Restricted Administrator Mode of ${orgLabel(r, m.orgId)}: ${on(m.before)} → ${on(m.after)}${m.live !== undefined ? ` (on the Hub now: ${on(m.live)})` : ""}`);
  if (r.restrictedMode.length) out.push("");
  for (const v of r.violations) out.push(`${v.severity} ${v.code} at ${v.path || "(file)"}${v.line !== undefined ? ` (line ${v.line})` : ""}: ${v.message}${seeRuleDoc(v.code)}`);
  if (r.violations.length) out.push("");
  out.push(summaryLine(r));
  return `${out.join("\n")}\n`;
}

const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const mdWho = (p: PersonPlan): string => (p.displayName ? `${cell(p.displayName)} (${cell(p.email)})` : cell(p.email));

function personRow(r: PlanReport, p: PersonPlan): string {
  const rolesCell = [...p.added.map((x) => `+${x}`), ...p.removed.map((x) => `−${x}`)].join(" ") || "—";
  const customers = [...(p.customers?.assigned ?? []).map((c) => `+${orgLabel(r, c)}`), ...(p.customers?.unassigned ?? []).map((c) => `−${orgLabel(r, c)}`)];
  const counts = [gainedOf(p).length ? `${gainedOf(p).length} gained` : "", lostOf(p).length ? `${lostOf(p).length} lost` : ""].filter(Boolean).join(", ") || "—";
  const notes = [
    p.kind === "external" ? "external" : "",
    p.omitted ? "not in the file" : "",
    p.takeover ? `**${p.takeover.certain ? "takeover" : "possible takeover"}**${p.takeover.adopt ? " (adopt)" : " (refused: needs adopt)"}` : "",
    p.live ? `Hub now: ${roles(p.live.roles)}${p.live.customers ? `; customers ${p.live.customers.map((c) => orgLabel(r, c)).join(", ") || "none"}` : ""}` : "",
  ].filter(Boolean).join(", ");
  return `| ${mdWho(p)}${notes ? ` (${cell(notes)})` : ""} | ${cell(rolesCell)} | ${customers.map(cell).join("<br>") || "—"} | ${counts} |`;
}

/** The full privilege lists, folded: the table says how many, a reviewer opens the ones that matter. */
function privilegeDetails(p: PersonPlan): string[] {
  if (!p.privileges.length) return [];
  const lines = [...gainedOf(p).map((c) => `- gained ${cell(privilege(c))}`), ...lostOf(p).map((c) => `- lost ${cell(privilege(c))}`)];
  return [`<details><summary>${cell(p.email)}: ${plural(p.privileges.length, "privilege")} change</summary>`, "", ...lines, "", "</details>", ""];
}

export function renderMarkdown(r: PlanReport): string {
  const out: string[] = [`### webexhub plan: ${cell(orgTitle(r))}`, "", `\`${r.file}\` ${cell(against(r))} — ${summaryLine(r)}`, ""];
  const applier = applierLine(r);
  if (applier) out.push(cell(applier), "");
  if (r.people.length) {
    out.push("| person | roles | customers | privileges |", "| --- | --- | --- | --- |", ...r.people.map((p) => personRow(r, p)), "");
    out.push(...r.people.flatMap(privilegeDetails));
  } else {
    out.push("No administrator changes.", "");
  }
  if (r.drift.length) out.push("**Not changed by this file, but the Hub differs from it** (the apply resets them)", "", ...r.drift.map((p) => `-${cell(driftText(r, p).slice(1))}`), "");
  if (r.restrictedMode.length) {
    out.push("**Restricted Administrator Mode**", "", ...r.restrictedMode.map((m) => `- ${cell(orgLabel(r, m.orgId))}: ${on(m.before)} → ${on(m.after)}${m.live !== undefined ? ` (on the Hub now: ${on(m.live)})` : ""}`), "");
  }
  if (r.violations.length) {
    out.push("**Violations**", "", ...r.violations.map((v) => `- ${v.severity === "error" ? "❌" : "⚠️"} \`${v.code}\` at \`${v.path || "(file)"}\`${v.line !== undefined ? ` (line ${v.line})` : ""}: ${cell(v.message)}${seeRuleDoc(v.code)}`), "");
  }
  return `${out.join("\n")}`;
}

export function renderJson(r: PlanReport): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}
