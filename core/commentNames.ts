/**
 * Organization names from a GitOps file's comments. Webex org ids are opaque, so the files name
 * each org in a comment after its id (`- Y2lzY29... # Acme`, `orgId: Y2lz... # Acme; stays on`);
 * the plan shows that name beside the id when the Hub gives none (offline, or an org the token
 * cannot read). The name is the comment up to its first `;`. A line holding several ids (a flow
 * list, `customers: [a, b] # Acme, Globex`) names them only when the comment has as many
 * comma-separated names.
 */
import type { GitOpsFile } from "./gitops/file";

/** Each org id the file holds, with the path of its value (for its line). */
function orgIdPaths(parsed: GitOpsFile): Array<[id: string, path: string]> {
  if (parsed.kind === "customer") return [[parsed.file.customer.orgId, "customer.orgId"]];
  const file = parsed.file;
  return [
    [file.partner.orgId, "partner.orgId"],
    ...file.admins.flatMap((a, i) =>
      (a.customers ?? []).map((id, j): [string, string] => [id, `admins[${i}].customers[${j}]`]),
    ),
    ...(file.customers ?? []).map((c, i): [string, string] => [c.orgId, `customers[${i}].orgId`]),
  ];
}

/** The text of a line's comment: from a `#` that starts the line's text or follows a blank, outside quotes. */
export function commentOf(line: string): string | undefined {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === "#" && (i === 0 || /\s/.test(line[i - 1] as string))) {
      return line.slice(i + 1).trim();
    }
  }
  return undefined;
}

export function namesFromComments(
  text: string,
  parsed: GitOpsFile,
  lineOf: (path: string) => number | undefined,
): Map<string, string> {
  const lines = text.split(/\r?\n/);
  const idsByLine = new Map<number, string[]>();
  for (const [id, path] of orgIdPaths(parsed)) {
    const line = lineOf(path);
    // Only a line that holds the id itself: lineOf falls back to a parent's line.
    if (line === undefined || !(lines[line - 1] ?? "").includes(id)) continue;
    const ids = idsByLine.get(line) ?? [];
    if (!ids.includes(id)) ids.push(id);
    idsByLine.set(line, ids);
  }
  const names = new Map<string, string>();
  for (const [line, ids] of idsByLine) {
    const comment = commentOf(lines[line - 1] as string)
      ?.split(";")[0]
      ?.trim();
    if (!comment) continue;
    const parts = ids.length === 1 ? [comment] : comment.split(",").map((p) => p.trim());
    if (parts.length !== ids.length || parts.some((p) => p === "")) continue;
    ids.forEach((id, i) => {
      if (!names.has(id)) names.set(id, parts[i] as string);
    });
  }
  return names;
}
