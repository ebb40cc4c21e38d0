/** `webexhub plan` output: text for a terminal, markdown for a pull-request comment, JSON for tools. */
import { changeName, type PrivilegeChange } from "../core";
import type { PersonPlan, PlanReport } from "../core";
import { seeRuleDoc } from "../core";

const orgTitle = (r: PlanReport): string => `${r.org.kind} org ${r.org.displayName ? `"${r.org.displayName}" (${r.org.orgId})` : r.org.orgId}`;
const who = (p: PersonPlan): string => (p.displayName ? `${p.displayName} <${p.email}>` : p.email);
const privilege = (c: PrivilegeChange): string => `${changeName(c)}: ${c.before} → ${c.after}`;
const roles = (list: readonly string[]): string => (list.length ? list.join(", ") : "none");
const on = (value: boolean | null): string => (value === null ? "?" : value ? "on" : "off");
/** A customer by name and id when the Hub named it, else by id. */
const orgLabel = (r: PlanReport, id: string): string => (Object.hasOwn(r.orgNames, id) ? `${r.orgNames[id]} (${id})` : id);

function summaryLine(r: PlanReport): string {
  const s = r.summary;
  return `${s.changes} change${s.changes === 1 ? "" : "s"}, ${s.takeovers} takeover${s.takeovers === 1 ? "" : "s"}, ${s.errors} error${s.errors === 1 ? "" : "s"}, ${s.warnings} warning${s.warnings === 1 ? "" : "s"}`;
}

export function renderText(r: PlanReport): string {
  const out: string[] = [`Plan for ${orgTitle(r)} from ${r.file}${r.live ? ", against the live Hub" : " (offline: the roles as declared; pass --endpoint to compare with the Hub)"}`, ""];
  for (const p of r.people) {
    out.push(`${who(p)}${p.kind === "external" ? " (external administrator)" : ""}${p.omitted ? " (not in the file: loses every role)" : ""}`);
    out.push(`  roles: ${r.live ? `${roles(p.before ?? [])} → ` : ""}${roles(p.after)}`);
    if (p.added.length) out.push(`  + ${p.added.join(", ")}`);
    if (p.removed.length) out.push(`  - ${p.removed.join(", ")}`);
    const gained = p.privileges.filter((c) => c.direction !== "lost");
    const lost = p.privileges.filter((c) => c.direction === "lost");
    if (gained.length) out.push(`  privileges gained:`, ...gained.map((c) => `    ${privilege(c)}`));
    if (lost.length) out.push(`  privileges lost:`, ...lost.map((c) => `    ${privilege(c)}`));
    if (p.customers?.assigned.length) out.push(`  customers assigned: ${p.customers.assigned.map((c) => orgLabel(r, c)).join(", ")}`);
    if (p.customers?.unassigned.length) out.push(`  customers unassigned: ${p.customers.unassigned.map((c) => orgLabel(r, c)).join(", ")}`);
    if (p.takeover) out.push(`  ${p.takeover.certain ? "TAKEOVER" : "TAKEOVER (unless the file listed this admin before)"}: holds ${p.takeover.loses.join(", ")} outside the file and loses ${p.takeover.loses.length === 1 ? "it" : "them"}${p.takeover.adopt ? " (adopt: true)" : " — refused without adopt: true"}`);
    out.push("");
  }
  for (const m of r.restrictedMode) out.push(`Restricted Administrator Mode of ${orgLabel(r, m.orgId)}: ${on(m.before)} → ${on(m.after)}`);
  if (r.restrictedMode.length) out.push("");
  for (const v of r.violations) out.push(`${v.severity} ${v.code} at ${v.path || "(file)"}${v.line !== undefined ? ` (line ${v.line})` : ""}: ${v.message}${seeRuleDoc(v.code)}`);
  if (r.violations.length) out.push("");
  out.push(summaryLine(r));
  return `${out.join("\n")}\n`;
}

const cell = (text: string): string => text.replace(/\|/g, "\\|");

export function renderMarkdown(r: PlanReport): string {
  const out: string[] = [`### webexhub plan: ${cell(orgTitle(r))}`, "", `\`${r.file}\` ${r.live ? "against the live Hub" : "offline (roles as declared)"} — ${summaryLine(r)}`, ""];
  if (r.people.length) {
    out.push("| person | roles | privileges gained | privileges lost | customers |", "| --- | --- | --- | --- | --- |");
    for (const p of r.people) {
      const rolesCell = [...p.added.map((x) => `+${x}`), ...p.removed.map((x) => `−${x}`)].join(" ") || "—";
      const gained = p.privileges.filter((c) => c.direction !== "lost").map(privilege).join("<br>") || "—";
      const lost = p.privileges.filter((c) => c.direction === "lost").map(privilege).join("<br>") || "—";
      const customers = [...(p.customers?.assigned ?? []).map((c) => `+${orgLabel(r, c)}`), ...(p.customers?.unassigned ?? []).map((c) => `−${orgLabel(r, c)}`)].join("<br>") || "—";
      const notes = [p.kind === "external" ? "external" : "", p.omitted ? "not in the file" : "", p.takeover ? `**${p.takeover.certain ? "takeover" : "possible takeover"}**${p.takeover.adopt ? " (adopt)" : " (refused: needs adopt)"}` : ""].filter(Boolean).join(", ");
      out.push(`| ${cell(p.email)}${notes ? ` (${notes})` : ""} | ${cell(rolesCell)} | ${cell(gained)} | ${cell(lost)} | ${cell(customers)} |`);
    }
    out.push("");
  } else {
    out.push("No administrator changes.", "");
  }
  if (r.restrictedMode.length) {
    out.push("**Restricted Administrator Mode**", "", ...r.restrictedMode.map((m) => `- ${cell(orgLabel(r, m.orgId))}: ${on(m.before)} → ${on(m.after)}`), "");
  }
  if (r.violations.length) {
    out.push("**Violations**", "", ...r.violations.map((v) => `- ${v.severity === "error" ? "❌" : "⚠️"} \`${v.code}\` at \`${v.path || "(file)"}\`${v.line !== undefined ? ` (line ${v.line})` : ""}: ${v.message}${seeRuleDoc(v.code)}`), "");
  }
  return `${out.join("\n")}`;
}

export function renderJson(r: PlanReport): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}
