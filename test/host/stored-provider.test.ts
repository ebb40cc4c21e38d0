/**
 * States written by this version and earlier ones keep loading: the provider text stored for each
 * resource names the package's host and the resource, and the host still serves every name a state
 * may carry. A slot of the shape earlier versions used (`r`) reads as the same resource.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as host from "../../provider/host";
import { providerSource } from "../../sdk/providers";

/** The text as stored in the states of released versions, byte for byte. */
const STORED = (name: string): string =>
  `exports.handler=()=>{const n="pulumi-webexhub/host";let h;` +
  `try{h=require("module").createRequire(process.cwd()+"/")(n)}` +
  `catch(e){if(e.code!=="MODULE_NOT_FOUND")throw e;h=require.main.require(n)}` +
  `return h.provider(${JSON.stringify(name)})}`;

/** The built host (dist/, as a state loads it); the test command builds before vitest. */
const BUILT_HOST = join(__dirname, "../../dist/provider/host.js");

/** Runs a stored text with `pulumi-webexhub/host` resolved to this checkout's host. */
function handlerOf(text: string, hostModule: unknown = host): () => unknown {
  const module = { exports: {} as { handler?: () => unknown } };
  const fakeRequire = (id: string): unknown => {
    if (id !== "module") throw new Error(`unexpected require ${id}`);
    return { createRequire: () => (name: string) => (name === "pulumi-webexhub/host" ? hostModule : undefined) };
  };
  new Function("exports", "require", "module", text)(module.exports, fakeRequire, module);
  if (typeof module.exports.handler !== "function") throw new Error("no handler");
  return module.exports.handler;
}

describe("stored provider texts", () => {
  it.each(host.RESOURCE_NAMES.map((name) => [name]))("%s: the text is unchanged and loads a provider", (name) => {
    expect(providerSource(name)).toBe(STORED(name));
    const provider = handlerOf(STORED(name))() as Record<string, unknown>;
    for (const method of ["configure", "check", "diff", "create", "read", "update", "delete"]) {
      expect(typeof provider[method], method).toBe("function");
    }
  });

  it.runIf(existsSync(BUILT_HOST))(
    "a loaded provider runs its resource's implementation (the built package)",
    async () => {
      const built: unknown = require(BUILT_HOST);
      const provider = handlerOf(STORED("partnerAdmin"), built)() as {
        check(olds: unknown, news: unknown): Promise<unknown>;
      };
      expect(await provider.check({}, { roles: [] })).toEqual({
        inputs: { roles: [] },
        failures: [{ property: "email", reason: expect.stringContaining("required") }],
      });
    },
  );

  it("the host knows every name a state of an earlier version may carry", () => {
    expect([...host.RESOURCE_NAMES].sort()).toEqual([
      "customerAdmin",
      "customerAssignment",
      "externalAdmin",
      "partnerAdmin",
      "plan",
      "restrictedMode",
    ]);
  });

  it("reads a slot written with the field's old name", () => {
    expect(host.slotOf({ r: "partnerAdmin" })).toEqual({ resource: "partnerAdmin" });
    expect(host.slotOf({ resource: "plan" })).toEqual({ resource: "plan" });
  });
});
