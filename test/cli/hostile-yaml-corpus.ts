/**
 * A corpus of hostile GitOps files, generated from a fixed seed: the same 1,269 files on every
 * run. Each family takes a valid partner or customer file and breaks it one way: tags, anchors and
 * aliases, nesting, hidden characters, bytes that are not UTF-8, huge scalars, repeated keys, byte
 * order marks, line ends, tabs, indentation, scalars of the wrong type, and random mutations. A
 * case may say what the answer must be (`expect`); every case must be answered without a crash.
 */

export interface HostileCase {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** When the answer is known: the exit code and a message it must hold. */
  readonly expect?: { readonly exit: 0 | 1 | 2; readonly message?: RegExp };
}

/** A small seeded generator (mulberry32): the corpus must not change from run to run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const PARTNER = `apiVersion: webexhub/v1
partner:
  orgId: org-partner
  wholesale: false
admins:
  - email: admin@partner.example
    roles: [full_admin, partner_full_admin]
    sites:
      partner.webex.com: site_admin
  - email: pa@partner.example
    roles:
      - partner_admin
    customers: [org-customer-01, org-customer-02]
customers:
  - orgId: org-customer-01
    restrictedMode: true
`;

export const CUSTOMER = `apiVersion: webexhub/v1
customer:
  orgId: org-customer-01
admins:
  - email: admin@customer01.example
    roles: [full_admin]
    sites:
      acme.webex.com: site_admin
externalAdmins:
  - email: helper@msp.example
    role: external_readonly_admin
    expiresAt: 2031-01-31T00:00:00Z
`;

const utf8 = (text: string): Uint8Array => Buffer.from(text, "utf8");
const TAG_REFUSED = /the YAML tag .* is not read by webexhub/;

function tags(): HostileCase[] {
  const refused = [
    "!!omap",
    "!!set",
    "!!binary",
    "!!timestamp",
    "!!pairs",
    "!foo",
    "!!python/object:os.system",
    "!<tag:example.com,2000:x>",
  ];
  const kept = ["!!str", "!"];
  const places: Array<[string, (tag: string) => string]> = [
    ["sites", (t) => PARTNER.replace("    sites:\n", `    sites: ${t}\n`)],
    ["roles", (t) => PARTNER.replace("roles: [full_admin", `roles: ${t} [full_admin`)],
    ["email", (t) => PARTNER.replace("email: admin@", `email: ${t} admin@`)],
    ["orgId", (t) => PARTNER.replace("orgId: org-partner", `orgId: ${t} org-partner`)],
    ["admins", (t) => PARTNER.replace("admins:\n", `admins: ${t}\n`)],
    ["a key", (t) => PARTNER.replace("  wholesale:", `  ${t} wholesale:`)],
    ["customer sites", (t) => CUSTOMER.replace("    sites:\n", `    sites: ${t}\n`)],
  ];
  const cases: HostileCase[] = [];
  for (const [place, put] of places) {
    for (const tag of refused)
      cases.push({ name: `tag ${tag} on ${place}`, bytes: utf8(put(tag)), expect: { exit: 2, message: TAG_REFUSED } });
    for (const tag of kept) cases.push({ name: `tag ${tag} on ${place}`, bytes: utf8(put(tag)) });
  }
  cases.push({
    name: "the issue's !!omap",
    bytes: utf8(
      CUSTOMER.replace(
        "    sites:\n      acme.webex.com: site_admin\n",
        "    sites: !!omap [acme.webex.com: site_admin]\n",
      ),
    ),
    expect: { exit: 2, message: TAG_REFUSED },
  });
  cases.push({
    name: "%YAML 1.1",
    bytes: utf8(`%YAML 1.1\n---\n${PARTNER}`),
    expect: { exit: 2, message: /asks for YAML 1\.1/ },
  });
  cases.push({
    name: "%TAG to the core types",
    bytes: utf8(`%TAG !e! tag:yaml.org,2002:\n---\n${PARTNER.replace("sites:", "sites: !e!omap")}`),
    expect: { exit: 2, message: TAG_REFUSED },
  });
  return cases;
}

function aliases(): HostileCase[] {
  const cases: HostileCase[] = [
    {
      name: "alias without anchor",
      bytes: utf8(PARTNER.replace("roles: [full_admin, partner_full_admin]", "roles: *nowhere")),
      expect: { exit: 2 },
    },
    {
      name: "alias reused for roles",
      bytes: utf8(
        PARTNER.replace(
          "roles: [full_admin, partner_full_admin]",
          "roles: &r [full_admin, partner_full_admin]",
        ).replace("      - partner_admin\n", "      - partner_admin\n    x: *r\n"),
      ),
      expect: { exit: 2 },
    },
    { name: "alias inside its anchor", bytes: utf8(`${PARTNER}x: &a [1, *a]\n`), expect: { exit: 2 } },
    { name: "anchor on the document", bytes: utf8(`--- &doc\n${PARTNER}`) },
  ];
  for (let width = 2; width <= 12; width += 2) {
    for (let levels = 2; levels <= 7; levels++) {
      const lines = [`l0: &l0 [${Array(width).fill("x").join(",")}]`];
      for (let i = 1; i < levels; i++)
        lines.push(
          `l${i}: &l${i} [${Array(width)
            .fill(`*l${i - 1}`)
            .join(",")}]`,
        );
      cases.push({
        name: `alias bomb ${width}^${levels}`,
        bytes: utf8(`${lines.join("\n")}\n${PARTNER}`),
        expect: { exit: 2 },
      });
    }
  }
  for (const depth of [10, 40, 63, 64, 65, 80, 200]) {
    const chain = Array.from({ length: depth }, (_, i) => `k${i + 1}: &k${i + 1} [*k${i}]`).join("\n");
    cases.push({
      name: `alias chain ${depth} deep`,
      bytes: utf8(`k0: &k0 [x]\n${chain}\n${PARTNER}`),
      expect: { exit: 2 },
    });
  }
  return cases;
}

const DEEP = /more than 64 levels deep/;

function nesting(): HostileCase[] {
  const cases: HostileCase[] = [];
  for (const depth of [10, 62, 63, 64, 65, 100, 1000, 5000, 20000]) {
    const expect = depth >= 64 ? { exit: 2 as const, message: DEEP } : undefined;
    cases.push({
      name: `[ x${depth}`,
      bytes: utf8(`${PARTNER}x: ${"[".repeat(depth)}${"]".repeat(depth)}\n`),
      ...(expect ? { expect } : {}),
    });
    cases.push({
      name: `{ x${depth}`,
      bytes: utf8(`${PARTNER}x: ${"{a: ".repeat(depth)}1${"}".repeat(depth)}\n`),
      ...(expect ? { expect } : {}),
    });
    cases.push({
      name: `unclosed [ x${depth}`,
      bytes: utf8(`${PARTNER}x: ${"[".repeat(depth)}\n`),
      expect: { exit: 2 },
    });
    cases.push({
      name: `- x${depth}`,
      bytes: utf8(`${PARTNER}x:\n  ${"- ".repeat(depth)}y\n`),
      ...(depth >= 63 ? { expect: { exit: 2 as const, message: DEEP } } : {}),
    });
    // Indented more than 1,000 levels, a file is megabytes of spaces: the size limit's case, not this one's.
    if (depth > 1000) continue;
    const indented = Array.from({ length: depth }, (_, i) => `${" ".repeat(i + 2)}k${i}:`).join("\n");
    cases.push({
      name: `indented x${depth}`,
      bytes: utf8(`${PARTNER}x:\n${indented} y\n`),
      ...(depth >= 64 ? { expect: { exit: 2 as const, message: DEEP } } : {}),
    });
  }
  cases.push({ name: "only [", bytes: utf8("[".repeat(100_000)), expect: { exit: 2, message: DEEP } });
  cases.push({ name: "only - ", bytes: utf8("- ".repeat(100_000)), expect: { exit: 2, message: DEEP } });
  cases.push({ name: "only {", bytes: utf8("{".repeat(100_000)), expect: { exit: 2, message: DEEP } });
  return cases;
}

const HIDDEN = [
  "\u0000",
  "\u0001",
  "\u0007",
  "\u0008",
  "\u000b",
  "\u000c",
  "\u001b",
  "\u007f",
  "\u0080",
  "\u0085",
  "\u009f",
  "\u00ad",
  "\u061c",
  "\u200b",
  "\u200c",
  "\u200d",
  "\u200e",
  "\u200f",
  "\u2028",
  "\u202a",
  "\u202e",
  "\u2060",
  "\u2066",
  "\u2069",
  "\ufeff",
];

function hidden(): HostileCase[] {
  const cases: HostileCase[] = [];
  const escape = (ch: string): string => `\\u${(ch.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}`;
  const places: Array<[string, string, string, (v: string) => string]> = [
    ["orgId", PARTNER, "org-partner", (v) => `orgId: ${v}`],
    ["email", PARTNER, "admin@partner.example", (v) => `email: ${v}`],
    ["customer id", PARTNER, "org-customer-02", (v) => v],
    ["site key", PARTNER, "partner.webex.com", (v) => v],
    ["external email", CUSTOMER, "helper@msp.example", (v) => `email: ${v}`],
    ["customer orgId", CUSTOMER, "org-customer-01", (v) => `orgId: ${v}`],
  ];
  for (const [place, file, value, written] of places) {
    for (const ch of HIDDEN) {
      const inner = `${value.slice(0, 3)}${ch}${value.slice(3)}`;
      const quoted = `"${value.slice(0, 3)}${escape(ch)}${value.slice(3)}"`;
      const original = written(value);
      for (const [how, v] of [
        ["raw", inner],
        ["escaped", quoted],
      ] as const) {
        const text = file.replace(original, written(v));
        // A raw line break-like character can end the line; what YAML makes of it is its own answer.
        const known = how === "escaped" || !["\u0085", "\u2028", "\u000b", "\u000c"].includes(ch);
        cases.push({
          name: `${place} ${how} U+${(ch.codePointAt(0) ?? 0).toString(16)}`,
          bytes: utf8(text),
          ...(known ? { expect: { exit: 2 as const } } : {}),
        });
      }
    }
  }
  for (const ch of HIDDEN)
    cases.push({ name: `comment U+${(ch.codePointAt(0) ?? 0).toString(16)}`, bytes: utf8(`# note ${ch}\n${PARTNER}`) });
  return cases;
}

function invalidUtf8(random: () => number): HostileCase[] {
  const bad = [
    [0xff],
    [0xfe],
    [0x80],
    [0xc0, 0xaf],
    [0xe0, 0x80, 0xaf],
    [0xed, 0xa0, 0x80],
    [0xf4, 0x90, 0x80, 0x80],
    [0xc3],
    [0xe2, 0x82],
    [0xf8, 0x88, 0x80, 0x80, 0x80],
  ];
  const cases: HostileCase[] = [];
  for (let i = 0; i < 100; i++) {
    const base = Buffer.from(i % 2 === 0 ? PARTNER : CUSTOMER);
    const at = Math.floor(random() * base.length);
    const seq = bad[i % bad.length] as number[];
    cases.push({
      name: `invalid UTF-8 ${i}`,
      bytes: Buffer.concat([base.subarray(0, at), Buffer.from(seq), base.subarray(at)]),
      expect: { exit: 2, message: /not valid UTF-8/ },
    });
  }
  return cases;
}

function scalarsAndKeys(): HostileCase[] {
  const cases: HostileCase[] = [];
  // Up to 1 MB each (one file over the 5 MB limit below): building the corpus must stay quick.
  for (const size of [10_000, 100_000, 1_000_000]) {
    cases.push({
      name: `huge email ${size}`,
      bytes: utf8(PARTNER.replace("admin@partner.example", `${"a".repeat(size)}@partner.example`)),
      expect: { exit: 2 },
    });
    cases.push({
      name: `huge quoted orgId ${size}`,
      bytes: utf8(PARTNER.replace("org-partner", `"${"o".repeat(size)}"`)),
      expect: { exit: 2 },
    });
    cases.push({ name: `huge site key ${size}`, bytes: utf8(PARTNER.replace("partner.webex.com", "p".repeat(size))) });
    cases.push({ name: `huge comment ${size}`, bytes: utf8(`# ${"c".repeat(size)}\n${PARTNER}`), expect: { exit: 0 } });
    cases.push({
      name: `huge block scalar ${size}`,
      bytes: utf8(`${PARTNER}x: |\n${"  line\n".repeat(Math.floor(size / 7))}`),
      expect: { exit: 2 },
    });
  }
  cases.push({
    name: "over 5 MB",
    bytes: utf8(`# ${"x".repeat(5 * 1024 * 1024)}\n${PARTNER}`),
    expect: { exit: 2, message: /at most 5\.0 MB/ },
  });
  const dupes: Array<[string, string]> = [
    ["top", `${PARTNER}admins: []\n`],
    ["partner", PARTNER.replace("  wholesale: false\n", "  wholesale: false\n  orgId: other\n")],
    [
      "admin",
      PARTNER.replace(
        "    roles:\n      - partner_admin\n",
        "    roles:\n      - partner_admin\n    email: x@partner.example\n",
      ),
    ],
    [
      "site",
      PARTNER.replace(
        "      partner.webex.com: site_admin\n",
        "      partner.webex.com: site_admin\n      partner.webex.com: site_readonly_admin\n",
      ),
    ],
    ["quoted", PARTNER.replace("apiVersion", "'apiVersion': webexhub/v1\napiVersion")],
    ["flow", PARTNER.replace("roles: [full_admin, partner_full_admin]", "{roles: [full_admin], roles: [full_admin]}")],
  ];
  for (const [where, text] of dupes)
    cases.push({ name: `duplicate key ${where}`, bytes: utf8(text), expect: { exit: 2 } });
  return cases;
}

const WRONG_TYPES = [
  "12",
  "0x1F",
  "0o17",
  "0755",
  "012",
  "1e3",
  ".inf",
  "-.nan",
  "true",
  "false",
  "null",
  "~",
  "yes",
  "no",
  "on",
  "off",
  "y",
  "2027-01-01",
  "[]",
  "{}",
  "''",
  '""',
];

function wrongTypes(): HostileCase[] {
  const cases: HostileCase[] = [];
  const places: Array<[string, string, string]> = [
    ["orgId", PARTNER, "orgId: org-partner"],
    ["email", PARTNER, "email: admin@partner.example"],
    ["wholesale", PARTNER, "wholesale: false"],
    ["customer", PARTNER, "org-customer-02]"],
    ["role", CUSTOMER, "role: external_readonly_admin"],
    ["expiresAt", CUSTOMER, "expiresAt: 2031-01-31T00:00:00Z"],
  ];
  for (const [place, file, original] of places) {
    for (const v of WRONG_TYPES) {
      const replaced = original.endsWith("]") ? `${v}]` : `${original.split(":")[0] ?? ""}: ${v}`;
      // Quoted, YAML 1.1's booleans and octals stay strings: an orgId "yes" or "0755" is an id.
      // (0755 and 012 are the decimal numbers 755 and 12 in YAML 1.2: refused where an id goes.)
      const stringy = ["yes", "no", "on", "off", "y", "-.nan", "2027-01-01"].includes(v);
      const valid = (place === "orgId" || place === "customer") && stringy;
      // A wholesale partner is a choice the rules judge (warnings), not a type error.
      const judged = place === "wholesale" && (v === "true" || v === "false");
      const expect = valid ? { exit: 0 as const } : { exit: 2 as const };
      cases.push({
        name: `${place}: ${v}`,
        bytes: utf8(file.replace(original, replaced)),
        ...(judged ? {} : { expect }),
      });
    }
  }
  return cases;
}

function layout(): HostileCase[] {
  const cases: HostileCase[] = [];
  for (const [name, file] of [
    ["partner", PARTNER],
    ["customer", CUSTOMER],
  ] as const) {
    cases.push({ name: `${name} BOM`, bytes: utf8(`\ufeff${file}`), expect: { exit: 0 } });
    cases.push({ name: `${name} two BOMs`, bytes: utf8(`\ufeff\ufeff${file}`) });
    cases.push({ name: `${name} BOM inside`, bytes: utf8(file.replace("admins:", "\ufeffadmins:")) });
    cases.push({ name: `${name} CRLF`, bytes: utf8(file.replace(/\n/g, "\r\n")), expect: { exit: 0 } });
    cases.push({ name: `${name} CR only`, bytes: utf8(file.replace(/\n/g, "\r")) });
    cases.push({
      name: `${name} mixed line ends`,
      bytes: utf8(
        file
          .split("\n")
          .map((l, i) => `${l}${["\n", "\r\n", "\r"][i % 3] ?? ""}`)
          .join(""),
      ),
    });
    cases.push({ name: `${name} no final newline`, bytes: utf8(file.trimEnd()), expect: { exit: 0 } });
    cases.push({
      name: `${name} tabs as indentation`,
      bytes: utf8(file.replace(/\n {2}/g, "\n\t")),
      expect: { exit: 2 },
    });
    cases.push({ name: `${name} tab after a colon`, bytes: utf8(file.replace(/: /g, ":\t")) });
    cases.push({ name: `${name} NEL line ends`, bytes: utf8(file.replace(/\n/g, "\u0085")) });
    cases.push({ name: `${name} two documents`, bytes: utf8(`${file}---\n${file}`), expect: { exit: 2 } });
    cases.push({ name: `${name} empty`, bytes: utf8(""), expect: { exit: 2 } });
  }
  return cases;
}

/** Lines re-indented, deleted, repeated, swapped; characters changed; the file cut short. */
function mutations(random: () => number): HostileCase[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const chars = [
    " ",
    "\t",
    ":",
    "-",
    "[",
    "]",
    "{",
    "}",
    ",",
    "#",
    "&",
    "*",
    "!",
    "|",
    ">",
    "'",
    '"',
    "%",
    "@",
    "`",
    "?",
    "\\",
    "\n",
  ];
  const cases: HostileCase[] = [];
  for (let i = 0; i < 500; i++) {
    const file = i % 2 === 0 ? PARTNER : CUSTOMER;
    const lines = file.split("\n");
    const at = Math.floor(random() * lines.length);
    const kind = i % 5;
    if (kind === 0) lines[at] = `${" ".repeat(Math.floor(random() * 7))}${(lines[at] ?? "").trimStart()}`;
    else if (kind === 1) lines.splice(at, 1);
    else if (kind === 2) lines.splice(at, 0, lines[Math.floor(random() * lines.length)] ?? "");
    else if (kind === 3) {
      const other = Math.floor(random() * lines.length);
      [lines[at], lines[other]] = [lines[other] ?? "", lines[at] ?? ""];
    }
    let text = lines.join("\n");
    if (kind === 4) {
      for (let k = 0; k < 1 + Math.floor(random() * 4); k++) {
        const p = Math.floor(random() * text.length);
        text = `${text.slice(0, p)}${pick(chars)}${text.slice(p + 1)}`;
      }
    }
    if (i % 7 === 0) text = text.slice(0, Math.floor(random() * text.length));
    cases.push({
      name: `mutation ${i} (${["indent", "delete", "repeat", "swap", "chars"][kind] ?? ""})`,
      bytes: utf8(text),
    });
  }
  return cases;
}

export function hostileCorpus(seed = 20261207): HostileCase[] {
  const random = seeded(seed);
  return [
    ...tags(),
    ...aliases(),
    ...nesting(),
    ...hidden(),
    ...invalidUtf8(random),
    ...scalarsAndKeys(),
    ...wrongTypes(),
    ...layout(),
    ...mutations(random),
  ];
}
