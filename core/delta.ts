/**
 * Privilege deltas: what a change of roles means in privileges, per organization and for the
 * customers a person manages. One module for what `pulumi preview` logs and `webexhub plan` prints.
 */
import type { AccessSummary } from "./summary";

export interface PrivilegeChange {
  /**
   * `organization` (the person's own org), `customers` (the customers they manage), `customer list`,
   * or `site <url>` (one Webex site).
   */
  readonly scope: "organization" | "customers" | "customer list" | `site ${string}`;
  readonly privilege: string;
  readonly before: string;
  readonly after: string;
  readonly direction: "gained" | "lost" | "changed";
}

const LEVELS = ["none", "read", "temporary", "full"];
const levelOf = (text: string): number => LEVELS.indexOf(text.split(" ")[0] ?? "none");

function direction(before: string, after: string): PrivilegeChange["direction"] {
  const a = levelOf(before);
  const b = levelOf(after);
  return b > a ? "gained" : b < a ? "lost" : "changed";
}

export function privilegeChanges(before: AccessSummary, after: AccessSummary): PrivilegeChange[] {
  const changes: PrivilegeChange[] = [];
  const compare = (scope: PrivilegeChange["scope"], x: Record<string, string>, y: Record<string, string>): void => {
    for (const key of [...new Set([...Object.keys(x), ...Object.keys(y)])].sort()) {
      const b = x[key] ?? "none";
      const a = y[key] ?? "none";
      if (a !== b) changes.push({ scope, privilege: key, before: b, after: a, direction: direction(b, a) });
    }
  };
  compare("organization", before.organization, after.organization);
  compare("customers", before.customers.privileges, after.customers.privileges);
  const sites = [...new Set([...Object.keys(before.sites ?? {}), ...Object.keys(after.sites ?? {})])].sort();
  for (const url of sites) compare(`site ${url}`, before.sites?.[url] ?? {}, after.sites?.[url] ?? {});
  if (before.customers.list !== after.customers.list) {
    const order = ["none", "assigned", "all"];
    const up = order.indexOf(after.customers.list) > order.indexOf(before.customers.list);
    changes.push({
      scope: "customer list",
      privilege: "customers",
      before: before.customers.list,
      after: after.customers.list,
      direction: up ? "gained" : "lost",
    });
  }
  return changes;
}

/** `device_management`, `customers.device_management`, `customer list` or `site acme.webex.com: site_licenses`. */
export function changeName(c: PrivilegeChange): string {
  if (c.scope === "organization") return c.privilege;
  if (c.scope === "customers") return `customers.${c.privilege}`;
  if (c.scope === "customer list") return "customer list";
  return `${c.scope}: ${c.privilege}`;
}

/**
 * "gains customers.device_management, customers.troubleshooting: none → full" lines for logs: the
 * changes of one direction and one before → after, grouped, so a reviewer reads a few lines.
 */
export function privilegeDeltaLines(before: AccessSummary, after: AccessSummary): string[] {
  const groups = new Map<string, string[]>();
  for (const c of privilegeChanges(before, after)) {
    const name = changeName(c);
    const verb = c.direction === "gained" ? "gains" : c.direction === "lost" ? "loses" : "changes";
    const key = `${verb}\u0000${c.before} → ${c.after}`;
    groups.set(key, [...(groups.get(key) ?? []), name]);
  }
  return [...groups].map(([key, names]) => {
    const [verb, change] = key.split("\u0000");
    return `${verb} ${names.join(", ")}: ${change}`;
  });
}
