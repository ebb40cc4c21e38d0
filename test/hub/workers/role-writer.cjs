// One process writing one person's roles through the built client (dist/): argv = endpoint, token,
// personId, role, rounds. Each round removes and adds back `role`, as a separate writer of that
// person would; stdout reports how many writes the Hub acknowledged.
const { join } = require("node:path");
const { hubSession } = require(join(__dirname, "../../../dist/hub/sessions.js"));

async function main() {
  const [endpoint, token, personId, role, rounds] = process.argv.slice(2);
  const hub = hubSession({ endpoint, token, userAgent: "lost-update-test" });
  let acknowledged = 0;
  for (let i = 0; i < Number(rounds); i++) {
    await hub.updatePerson(personId, (fresh) => ({ roles: fresh.roles.filter((r) => r !== role) }));
    await hub.updatePerson(personId, (fresh) => ({ roles: [...new Set([...fresh.roles, role])] }));
    acknowledged += 2;
  }
  process.stdout.write(`${acknowledged}\n`);
}

main().catch((e) => {
  process.stderr.write(`${e && e.message ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
