/**
 * The README's resource table names exactly the resources of the registry (core/resources), in its
 * order, each with the inputs its schema declares.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RESOURCES } from "../../core/resources";

const readme = readFileSync(join(__dirname, "../../README.md"), "utf8");
const header = "| resource | inputs | behaviour |";
const table = readme.slice(readme.indexOf(header)).split("\n\n")[0]?.split("\n").slice(2) ?? [];
const rows = table.map((line) => line.split(" | ").map((cell) => cell.replace(/^\| /, "")));

describe("README: the resource table", () => {
  it("has one row per resource of the registry, in its order", () => {
    expect(rows.map(([resource]) => resource)).toEqual(RESOURCES.map((d) => `\`${d.type}\``));
  });

  it.each(RESOURCES.map((d) => [d.type, d]))("%s: names every input its schema declares", (_type, descriptor) => {
    const inputs = rows.find(([resource]) => resource === `\`${descriptor.type}\``)?.[1] ?? "";
    const fields = Object.keys((descriptor.schema as { properties: Record<string, unknown> }).properties);
    for (const field of fields) expect(inputs, field).toContain(`\`${field}`);
  });
});
