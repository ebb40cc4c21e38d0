import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { it } from "vitest";
import { RULE_CODES } from "../../core/rules/types";
import { casesOf, FIXTURES_DIR, runCase, sortViolations } from "./fixture-cases";
it("regen", () => {
  for (const code of RULE_CODES) {
    const file = join(FIXTURES_DIR, code, "expected.json");
    const old: Record<string, unknown> = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
    const fresh: Record<string, unknown> = {};
    for (const c of casesOf(code)) fresh[c.name] = sortViolations(runCase(c));
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(old)) if (k in fresh) out[k] = fresh[k];
    for (const k of Object.keys(fresh)) if (!(k in out)) out[k] = fresh[k];
    const text = `${JSON.stringify(out, null, 2)}\n`;
    const before = existsSync(file) ? readFileSync(file, "utf8") : "";
    if (JSON.stringify(JSON.parse(before || "{}")) !== JSON.stringify(out)) writeFileSync(file, text);
  }
});
