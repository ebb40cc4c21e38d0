/**
 * The environment of every Pulumi CLI command the demo and the end-to-end suite run: a file
 * backend and Pulumi home in `dir`, a passphrase secrets provider, no update check, no plugin
 * downloads, and no network but loopback.
 */
import { existsSync, mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";

/** A closed port: every proxied request fails at once instead of leaving the machine. */
const NO_NETWORK_PROXY = "http://127.0.0.1:9";

export function hermeticEnv(dir: string, binDir: string, passphrase: string): Record<string, string> {
  return {
    PATH: `${binDir}:${process.env.PATH ?? ""}`,
    PULUMI_BACKEND_URL: `file://${join(dir, "backend")}`,
    PULUMI_HOME: join(dir, "home"),
    PULUMI_CONFIG_PASSPHRASE: passphrase,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    PULUMI_ACCESS_TOKEN: "",
    // The provider's environment fallbacks must not leak in: the stack config is what counts.
    WEBEXHUB_ENDPOINT: "",
    WEBEXHUB_TOKEN: "",
    HTTP_PROXY: NO_NETWORK_PROXY,
    HTTPS_PROXY: NO_NETWORK_PROXY,
    http_proxy: NO_NETWORK_PROXY,
    https_proxy: NO_NETWORK_PROXY,
    NO_PROXY: "127.0.0.1,localhost",
    no_proxy: "127.0.0.1,localhost",
  };
}

/**
 * Makes this package installed for projects under `dir`, as `npm install` would for a user: the
 * providers in the state load it by name (`pulumi-webexhub/…`) from the project's directory.
 */
export function installPackageFor(dir: string, packageRoot: string): void {
  const modules = join(dir, "node_modules");
  mkdirSync(modules, { recursive: true });
  const link = join(modules, "pulumi-webexhub");
  if (!existsSync(link)) symlinkSync(packageRoot, link, "dir");
}
