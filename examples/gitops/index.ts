/**
 * A GitOps program: the partner file is the source of truth, reviewed in pull requests, previewed
 * in CI and applied with `pulumi up`. Set WEBEXHUB_GITOPS_FILE to use another file.
 *
 *   pulumi config set webexhub:endpoint http://127.0.0.1:8080
 *   pulumi config set --secret webexhub:token <token of a partner full admin>
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { declareGitOpsFile, loadHubWorld } from "../../sdk";

export = async (): Promise<Record<string, unknown>> => {
  const config = new pulumi.Config("webexhub");
  const endpoint = config.get("endpoint") ?? process.env.WEBEXHUB_ENDPOINT;
  const token = await new Promise<string | undefined>((resolve) => {
    const secret = config.getSecret("token");
    if (secret === undefined) resolve(process.env.WEBEXHUB_TOKEN);
    else secret.apply(resolve);
  });
  // Beside this file, or beside its source when run from the repository's build (dist/).
  const beside = path.join(__dirname, "partner.yaml");
  const file =
    process.env.WEBEXHUB_GITOPS_FILE ??
    (existsSync(beside) ? beside : path.join(__dirname, "../../../examples/gitops/partner.yaml"));
  // With the live Hub, admins held there but absent from the file are removed on apply.
  const live = endpoint && token ? await loadHubWorld(endpoint, token) : undefined;
  const declared = declareGitOpsFile(file, { live });
  return {
    admins: declared.partnerAdmins.map((admin) => admin.email),
    restrictedModes: declared.restrictedModes.map((mode) =>
      pulumi.all([mode.orgId, mode.enabled]).apply(([orgId, enabled]) => `${orgId}: ${enabled ? "on" : "off"}`),
    ),
  };
};
