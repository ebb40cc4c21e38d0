/**
 * Where the Hub endpoint and token come from, in one place for the providers, the SDK helpers and
 * the CLI: an explicit value (a CLI flag, the stack's configuration) first, then the environment.
 */
export const CONFIG_ENDPOINT = "webexhub:endpoint";
export const CONFIG_TOKEN = "webexhub:token";
export const ENV_ENDPOINT = "WEBEXHUB_ENDPOINT";
export const ENV_TOKEN = "WEBEXHUB_TOKEN";

export interface ConfigSource {
  get(key: string): string | undefined;
}

export interface Credentials {
  readonly endpoint: string;
  readonly token: string;
}

/** How the caller lets a user set each value, for the message when one is missing. */
export interface CredentialHints {
  readonly endpoint: string;
  readonly token: string;
}

export const PULUMI_HINTS: CredentialHints = {
  endpoint: `run \`pulumi config set ${CONFIG_ENDPOINT} https://webexapis.com\` or set ${ENV_ENDPOINT}`,
  token: `run \`pulumi config set --secret ${CONFIG_TOKEN} <token>\` or set ${ENV_TOKEN}`,
};

export const CLI_HINTS: CredentialHints = {
  endpoint: `pass --endpoint URL or set ${ENV_ENDPOINT}`,
  token: `pass --token T or set ${ENV_TOKEN}`,
};

/** A missing or unusable setting: the message names the setting and how to set it. */
export class ConfigurationError extends Error {
  override readonly name = "ConfigurationError";
  readonly code = "config-missing";
}

export interface CredentialSources {
  /** Values given explicitly (CLI flags). */
  readonly explicit?: { readonly endpoint?: string | undefined; readonly token?: string | undefined };
  /** The stack's configuration, as handed to `configure()`. */
  readonly config?: ConfigSource | undefined;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly hints?: CredentialHints;
}

const present = (value: string | undefined): string | undefined =>
  value === undefined || value.trim() === "" ? undefined : value;

/** The endpoint, from the first source that has one, or undefined. */
export function resolveEndpoint(sources: CredentialSources): string | undefined {
  const env = sources.env ?? process.env;
  return (
    present(sources.explicit?.endpoint) ?? present(sources.config?.get(CONFIG_ENDPOINT)) ?? present(env[ENV_ENDPOINT])
  );
}

export function resolveToken(sources: CredentialSources): string | undefined {
  const env = sources.env ?? process.env;
  return present(sources.explicit?.token) ?? present(sources.config?.get(CONFIG_TOKEN)) ?? present(env[ENV_TOKEN]);
}

export function resolveCredentials(sources: CredentialSources): Credentials {
  const hints = sources.hints ?? PULUMI_HINTS;
  const endpoint = resolveEndpoint(sources);
  if (endpoint === undefined) throw new ConfigurationError(`the Hub endpoint is not set: ${hints.endpoint}`);
  const token = resolveToken(sources);
  if (token === undefined) throw new ConfigurationError(`the Hub token is not set: ${hints.token}`);
  return { endpoint, token };
}
