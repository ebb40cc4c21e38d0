// One stack's `pulumi up` in its own process, through the built provider (dist/): argv = endpoint,
// token, partner org id, target email, target person id, op ("update" | "delete"), the target's
// roles as JSON. It removes the target's full_admin and prints "written" or "refused: <why>".
const { join } = require("node:path");
const { createProvider } = require(join(__dirname, "../../../dist/provider/resources/partnerAdmin.js"));

async function main() {
  const [endpoint, token, partnerOrgId, email, id, op, heldJson] = process.argv.slice(2);
  const config = new Map([["webexhub:endpoint", endpoint], ["webexhub:token", token], ["webexhub:partnerOrgId", partnerOrgId]]);
  const provider = createProvider({ get: (key) => config.get(key) });
  const held = JSON.parse(heldJson);
  const olds = { email, roles: held, personId: id, orgId: partnerOrgId, displayName: email, unknownRoles: [] };
  if (op === "delete") {
    await provider.delete(id, { ...olds, roles: ["full_admin"] });
  } else {
    const news = { email, roles: held.filter((r) => r !== "full_admin") };
    const checked = await provider.check(olds, news);
    if (checked.failures.length > 0) throw new Error(checked.failures.map((f) => f.reason).join("; "));
    await provider.diff(id, olds, news);
    await provider.update(id, olds, news);
  }
  return "written";
}

main().then(
  (outcome) => process.stdout.write(`${outcome}\n`),
  (e) => process.stdout.write(`refused: ${e && e.message ? e.message : String(e)}\n`),
);
