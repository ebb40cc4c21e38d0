/**
 * A js-yaml schema that resolves plain scalars exactly as the `yaml` library's YAML 1.2 core schema
 * does (same patterns, same conversions), so a file means the same whichever reader read it.
 *
 * Not js-yaml's own schemas: DEFAULT_SCHEMA turns `2027-01-31` into a Date (an expiry must stay a
 * string for the JSON Schema's date-time check), and its CORE_SCHEMA reads more as numbers than the
 * `yaml` library does (`0b101`, `+0x1F`, `1_000`), which would turn a valid orgId into a number.
 * Explicit tags outside the core set (`!!timestamp`, `!custom`) are not known here: js-yaml rejects
 * them and the file goes to the `yaml` library, which reads them as before.
 */
import { FAILSAFE_SCHEMA, Type } from "js-yaml";

const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT_DEC = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_SPECIAL = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** js-yaml hands `resolve` null for an empty node with an explicit tag. */
const text = (data: unknown): string | undefined => (typeof data === "string" ? data : undefined);

const nullType = new Type("tag:yaml.org,2002:null", {
  kind: "scalar",
  resolve: (data: unknown) => data === null || NULL.test(text(data) ?? "-"),
  construct: () => null,
});

const boolType = new Type("tag:yaml.org,2002:bool", {
  kind: "scalar",
  resolve: (data: unknown) => BOOL.test(text(data) ?? ""),
  construct: (data: string) => data[0] === "t" || data[0] === "T",
});

const intType = new Type("tag:yaml.org,2002:int", {
  kind: "scalar",
  resolve: (data: unknown) => {
    const s = text(data) ?? "";
    return INT_OCT.test(s) || INT_DEC.test(s) || INT_HEX.test(s);
  },
  // As the `yaml` library converts them (parseInt of the digits after the prefix).
  construct: (data: string) =>
    INT_OCT.test(data)
      ? parseInt(data.substring(2), 8)
      : INT_HEX.test(data)
        ? parseInt(data.substring(2), 16)
        : parseInt(data, 10),
});

const floatType = new Type("tag:yaml.org,2002:float", {
  kind: "scalar",
  resolve: (data: unknown) => {
    const s = text(data) ?? "";
    return FLOAT_SPECIAL.test(s) || FLOAT_EXP.test(s) || FLOAT.test(s);
  },
  construct: (data: string) =>
    FLOAT_SPECIAL.test(data)
      ? data.slice(-3).toLowerCase() === "nan"
        ? NaN
        : data[0] === "-"
          ? -Infinity
          : Infinity
      : parseFloat(data),
});

/** Tried in this order for every plain scalar, as the `yaml` library tries its tags. */
export const YAML_CORE_SCHEMA = FAILSAFE_SCHEMA.extend({ implicit: [nullType, boolType, intType, floatType] });
