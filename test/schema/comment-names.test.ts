/** Org names from a GitOps file's comments: the name after an id, up to a `;`; one per id on a flow list. */
import { describe, expect, it } from "vitest";
import { namesFromComments, commentOf } from "../../core/commentNames";
import { parseGitOpsFile } from "../../core/gitops/file";

function names(text: string): Record<string, string> {
  const parsed = parseGitOpsFile(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return Object.fromEntries(namesFromComments(text, parsed.parsed, parsed.lineOf));
}

const partner = (admins: string, customers = ""): string =>
  `apiVersion: webexhub/v1\npartner:\n  orgId: p-1   # Example Partner; the partner\nadmins:\n${admins}${customers}`;

describe("namesFromComments", () => {
  it.each<[string, string, Record<string, string>]>([
    [
      "a block list, one id a line",
      "  - email: a@x.example\n    roles: [partner_admin]\n    customers:\n      - c-1   # Acme\n      - c-2\n",
      { "p-1": "Example Partner", "c-1": "Acme" },
    ],
    [
      "a flow list with as many names",
      "  - email: a@x.example\n    roles: [partner_admin]\n    customers: [c-1, c-2]   # Acme, Globex\n",
      { "p-1": "Example Partner", "c-1": "Acme", "c-2": "Globex" },
    ],
    [
      "a flow list with fewer names names nothing",
      "  - email: a@x.example\n    roles: [partner_admin]\n    customers: [c-1, c-2]   # both moved here\n",
      { "p-1": "Example Partner" },
    ],
    [
      "a comment on the email's line names no org",
      "  - email: a@x.example   # Alice\n    roles: [partner_admin]\n    customers:\n      - c-1\n",
      { "p-1": "Example Partner" },
    ],
  ])("%s", (_name, admins, expected) => {
    expect(names(partner(admins))).toEqual(expected);
  });

  it("restricted mode entries are named too, and the first name of an id wins", () => {
    const text = partner(
      "  - email: a@x.example\n    roles: [partner_admin]\n    customers: [c-1]   # Acme Corp\n",
      "customers:\n  - orgId: c-1   # Acme\n",
    );
    expect(names(text)).toEqual({ "p-1": "Example Partner", "c-1": "Acme Corp" });
  });
});

describe("commentOf", () => {
  it.each<[string, string | undefined]>([
    ["  - c-1   # Acme", "Acme"],
    ["  - c-1# not a comment", undefined],
    ['  - "c#1"   # Acme', "Acme"],
    ["  - 'it''s'  # Acme", "Acme"],
    ["# a whole line", "a whole line"],
    ["  - c-1", undefined],
  ])("%j → %j", (line, expected) => {
    expect(commentOf(line)).toBe(expected);
  });
});
