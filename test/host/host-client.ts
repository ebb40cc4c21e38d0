/**
 * Drives a dynamic provider the way the Pulumi engine does: through `@pulumi/pulumi`'s own
 * dynamic-provider gRPC host (`cmd/dynamic-provider`), spawned as a child process and spoken to
 * with the generated `ResourceProviderClient`. Every request's properties carry `__provider`, the
 * serialized provider text, exactly as `pulumi.dynamic.Resource` stores it in the state.
 *
 * The generated modules are CommonJS that `require("@grpc/grpc-js")` themselves; they are loaded
 * with `require` here too, so the client, the credentials and the messages all come from one copy.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import type { ResourceName } from "../../sdk/providers";

type Grpc = typeof import("@grpc/grpc-js");
type ProviderGrpc = typeof import("@pulumi/pulumi/proto/provider_grpc_pb");
type ProviderProto = typeof import("@pulumi/pulumi/proto/provider_pb");
type EngineGrpc = typeof import("@pulumi/pulumi/proto/engine_grpc_pb");
type EngineProto = typeof import("@pulumi/pulumi/proto/engine_pb");
type StructProto = typeof import("google-protobuf/google/protobuf/struct_pb");
type EmptyProto = typeof import("google-protobuf/google/protobuf/empty_pb");
type ResourceProviderClient = import("@pulumi/pulumi/proto/provider_grpc_pb").ResourceProviderClient;
type Struct = import("google-protobuf/google/protobuf/struct_pb").Struct;
type GrpcServiceError = import("@grpc/grpc-js").ServiceError;

const grpc = require("@grpc/grpc-js") as Grpc;
const provrpc = require("@pulumi/pulumi/proto/provider_grpc_pb") as ProviderGrpc;
const provproto = require("@pulumi/pulumi/proto/provider_pb") as ProviderProto;
const engrpc = require("@pulumi/pulumi/proto/engine_grpc_pb") as EngineGrpc;
const engproto = require("@pulumi/pulumi/proto/engine_pb") as EngineProto;
const structproto = require("google-protobuf/google/protobuf/struct_pb") as StructProto;
const emptyproto = require("google-protobuf/google/protobuf/empty_pb") as EmptyProto;

export const ROOT = resolve(__dirname, "../..");
export const DIST_SDK = join(ROOT, "dist/sdk/index.js");
export const HOST_SCRIPT = join(ROOT, "node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js");

/** `pulumi.runtime.unknownValue`: what the engine sends for a value not known during a preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const PROVIDER_KEY = "__provider";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Props = { [key: string]: Json };

// ---------------------------------------------------------------------------------------------
// The built package

export interface DistSdk {
  readonly providers: Readonly<Record<ResourceName, pulumi.dynamic.ResourceProvider>>;
  /** The provider text a resource of this kind stores in the state (`__provider`). */
  providerSource(name: ResourceName): string;
}

export const isBuilt = (): boolean => existsSync(DIST_SDK);

function hasFunction(value: unknown, name: string): boolean {
  return typeof value === "object" && value !== null && typeof (value as Record<string, unknown>)[name] === "function";
}

/** The `providers` export of dist/sdk, checked rather than trusted. */
export function loadDistSdk(): DistSdk {
  const mod: unknown = require(DIST_SDK);
  const providers = typeof mod === "object" && mod !== null ? (mod as Record<string, unknown>).providers : undefined;
  for (const name of ["partnerAdmin", "customerAssignment", "externalAdmin", "restrictedMode"]) {
    const p =
      typeof providers === "object" && providers !== null ? (providers as Record<string, unknown>)[name] : undefined;
    for (const method of ["configure", "check", "diff", "create", "read", "update", "delete"]) {
      if (!hasFunction(p, method)) throw new Error(`dist/sdk: providers.${name}.${method} is not a function`);
    }
  }
  if (!hasFunction(mod, "providerSource")) throw new Error("dist/sdk: providerSource is not a function");
  return mod as DistSdk;
}

// ---------------------------------------------------------------------------------------------
// Everything the host said back, so a test can assert that no token is anywhere in it.

export class Transcript {
  readonly #entries: string[] = [];

  add(what: string, value: unknown): void {
    this.#entries.push(`${what}: ${typeof value === "string" ? value : JSON.stringify(value)}`);
  }

  text(): string {
    return this.#entries.join("\n");
  }

  get size(): number {
    return this.#entries.length;
  }
}

// ---------------------------------------------------------------------------------------------
// A fake engine: the `Engine` service the host and `pulumi.log` talk to.

export interface LogLine {
  readonly severity: string;
  readonly message: string;
}

export interface FakeEngine {
  readonly address: string;
  readonly logs: LogLine[];
  close(): Promise<void>;
}

export async function startFakeEngine(): Promise<FakeEngine> {
  const logs: LogLine[] = [];
  const severities = new Map<number, string>();
  for (const [name, value] of Object.entries(engproto.LogSeverity))
    if (typeof value === "number") severities.set(value, name);
  const server = new grpc.Server();
  const impl: import("@pulumi/pulumi/proto/engine_grpc_pb").IEngineServer = {
    log: (call, callback) => {
      logs.push({
        severity: severities.get(call.request.getSeverity()) ?? String(call.request.getSeverity()),
        message: call.request.getMessage(),
      });
      callback(null, new emptyproto.Empty());
    },
    getRootResource: (_call, callback) => callback(null, new engproto.GetRootResourceResponse()),
    setRootResource: (_call, callback) => callback(null, new engproto.SetRootResourceResponse()),
    startDebugging: (_call, callback) => callback(null, new emptyproto.Empty()),
    requirePulumiVersion: (_call, callback) => callback(null, new engproto.RequirePulumiVersionResponse()),
  };
  server.addService(engrpc.EngineService, impl);
  const port = await new Promise<number>((ok, fail) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? fail(err) : ok(p))),
  );
  return {
    address: `127.0.0.1:${port}`,
    logs,
    close: () =>
      new Promise<void>((ok) => {
        server.tryShutdown(() => ok());
        setTimeout(() => {
          server.forceShutdown();
          ok();
        }, 2_000).unref();
      }),
  };
}

// ---------------------------------------------------------------------------------------------
// The host process

export interface Host {
  readonly port: number;
  readonly client: ResourceProviderClient;
  /** stdout and stderr of the host so far. */
  output(): string;
  stop(): Promise<void>;
}

/** The environment of a host: the parent's, without any WEBEXHUB_* (config must do the job). */
export function hostEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith("WEBEXHUB_") || k.startsWith("PULUMI_") || k.startsWith("VITEST") || k === "NODE_OPTIONS")
      continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

/**
 * Spawns `node cmd/dynamic-provider/index.js <engine>` as the engine does and waits for the port
 * it prints. With `engine`, `pulumi.log` inside the provider reaches that fake engine.
 */
export async function startHost(engine: FakeEngine, timeoutMs = 15_000): Promise<Host> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [HOST_SCRIPT, engine.address], {
    cwd: ROOT,
    env: hostEnv({ PULUMI_NODEJS_ENGINE: engine.address }),
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const exited = new Promise<void>((ok) => child.once("exit", () => ok()));

  const port = await new Promise<number>((ok, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`dynamic-provider host printed no port in ${timeoutMs} ms; stderr: ${stderr}`)),
      timeoutMs,
    );
    const onData = (): void => {
      const line = stdout.split("\n")[0] ?? "";
      if (stdout.includes("\n")) {
        clearTimeout(timer);
        child.stdout.off("data", onData);
        const n = Number(line.trim());
        if (Number.isInteger(n) && n > 0) ok(n);
        else fail(new Error(`dynamic-provider host printed "${line}" instead of a port; stderr: ${stderr}`));
      }
    };
    child.stdout.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`dynamic-provider host exited (${code}) before printing its port; stderr: ${stderr}`));
    });
  });

  const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  return {
    port,
    client,
    output: () => `${stdout}\n${stderr}`,
    stop: async () => {
      client.close();
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 3_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Calls

/** A gRPC failure answered by the host, with the status code and the provider's message. */
export class HostCallError extends Error {
  override readonly name = "HostCallError";
  readonly code: number;
  readonly details: string;

  constructor(method: string, error: GrpcServiceError) {
    super(`${method}: ${error.details || error.message}`);
    this.code = error.code;
    this.details = error.details || error.message;
  }
}

const DEADLINE_MS = 20_000;
const deadline = (): Date => new Date(Date.now() + DEADLINE_MS);

type Unary<Req, Res> = (
  request: Req,
  metadata: import("@grpc/grpc-js").Metadata,
  options: Partial<import("@grpc/grpc-js").CallOptions>,
  callback: (error: GrpcServiceError | null, response: Res) => void,
) => unknown;

function unary<Req, Res>(method: string, fn: Unary<Req, Res>, request: Req, transcript: Transcript): Promise<Res> {
  return new Promise<Res>((ok, fail) => {
    fn(request, new grpc.Metadata(), { deadline: deadline() }, (error, response) => {
      if (error) {
        transcript.add(`${method} error`, {
          code: error.code,
          details: error.details,
          message: error.message,
          metadata: error.metadata?.toJSON(),
        });
        fail(new HostCallError(method, error));
      } else {
        ok(response);
      }
    });
  });
}

function toStruct(props: Props): Struct {
  return structproto.Struct.fromJavaScript(props);
}

function isJsonObject(value: unknown): value is Props {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The properties of a Struct, `__provider` left out (the driver adds it back on every call). */
function fromStruct(struct: Struct | undefined): Props {
  const value: unknown = struct?.toJavaScript() ?? {};
  if (!isJsonObject(value)) throw new Error("expected a Struct");
  const { [PROVIDER_KEY]: _provider, ...rest } = value;
  return rest;
}

export type DiffChange = "DIFF_UNKNOWN" | "DIFF_NONE" | "DIFF_SOME";

export interface CheckResult {
  readonly inputs: Props;
  /** The `__provider` the host put back into the checked inputs. */
  readonly provider: Json | undefined;
  readonly failures: ReadonlyArray<{ property: string; reason: string }>;
}

export interface DiffResult {
  readonly changes: DiffChange;
  readonly replaces: readonly string[];
  /** The per-property diff as the engine receives it (path → kind), when the provider sent one. */
  readonly detailedDiff?: Readonly<Record<string, { kind: string; inputDiff: boolean }>>;
  /** The top-level properties that change, when the provider named them. */
  readonly diffs?: readonly string[];
}

export interface ReadResult {
  readonly id: string;
  readonly properties: Props;
  readonly inputs: Props | undefined;
}

/** Configures a host the way the engine does: the stack's config as a Struct of `pkg:key` values. */
export async function configureHost(
  host: Host,
  config: Props,
  transcript: Transcript,
): Promise<{ acceptSecrets: boolean }> {
  const req = new provproto.ConfigureRequest();
  req.setArgs(toStruct(config));
  const variables = req.getVariablesMap();
  for (const [k, v] of Object.entries(config)) if (typeof v === "string") variables.set(k, v);
  req.setAcceptsecrets(true);
  req.setAcceptresources(true);
  const res = await unary("Configure", host.client.configure.bind(host.client), req, transcript);
  transcript.add("Configure", res.toObject());
  return { acceptSecrets: res.getAcceptsecrets() };
}

/** One dynamic resource as the engine sees it: a URN and the serialized provider in every request. */
export class ResourceDriver {
  readonly urn: string;
  readonly type: string;
  readonly #host: Host;
  readonly #provider: string;
  readonly #transcript: Transcript;

  constructor(host: Host, serializedProvider: string, type: string, name: string, transcript: Transcript) {
    this.#host = host;
    this.#provider = serializedProvider;
    this.#transcript = transcript;
    this.type = `pulumi-nodejs:dynamic/webexhub:${type}`;
    this.urn = `urn:pulumi:test::webexhub-host::${this.type}::${name}`;
  }

  #with(props: Props): Struct {
    return toStruct({ ...props, [PROVIDER_KEY]: this.#provider });
  }

  async check(olds: Props, news: Props): Promise<CheckResult> {
    const req = new provproto.CheckRequest();
    req.setUrn(this.urn);
    req.setType(this.type);
    req.setOlds(Object.keys(olds).length === 0 ? toStruct({}) : this.#with(olds));
    req.setNews(this.#with(news));
    const c = this.#host.client;
    const res = await unary("Check", c.check.bind(c), req, this.#transcript);
    const failures = res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() }));
    const raw: unknown = res.getInputs()?.toJavaScript();
    const inputs = fromStruct(res.getInputs());
    this.#transcript.add("Check", { inputs, failures });
    return { inputs, failures, provider: isJsonObject(raw) ? raw[PROVIDER_KEY] : undefined };
  }

  async diff(id: string, olds: Props, news: Props): Promise<DiffResult> {
    const req = new provproto.DiffRequest();
    req.setId(id);
    req.setUrn(this.urn);
    req.setType(this.type);
    req.setOlds(this.#with(olds));
    req.setNews(this.#with(news));
    const c = this.#host.client;
    const res = await unary("Diff", c.diff.bind(c), req, this.#transcript);
    const names: Record<number, DiffChange> = {
      [provproto.DiffResponse.DiffChanges.DIFF_UNKNOWN]: "DIFF_UNKNOWN",
      [provproto.DiffResponse.DiffChanges.DIFF_NONE]: "DIFF_NONE",
      [provproto.DiffResponse.DiffChanges.DIFF_SOME]: "DIFF_SOME",
    };
    const kinds = Object.fromEntries(Object.entries(provproto.PropertyDiff.Kind).map(([name, n]) => [n, name]));
    const detailed: Record<string, { kind: string; inputDiff: boolean }> = {};
    res.getDetaileddiffMap().forEach((d, path) => {
      detailed[path] = { kind: kinds[d.getKind()] ?? String(d.getKind()), inputDiff: d.getInputdiff() };
    });
    const result: DiffResult = {
      changes: names[res.getChanges()] ?? "DIFF_UNKNOWN",
      replaces: res.getReplacesList(),
      ...(res.getHasdetaileddiff() ? { detailedDiff: detailed, diffs: res.getDiffsList() } : {}),
    };
    this.#transcript.add("Diff", result);
    return result;
  }

  async create(props: Props): Promise<{ id: string; properties: Props }> {
    const req = new provproto.CreateRequest();
    req.setUrn(this.urn);
    req.setType(this.type);
    req.setProperties(this.#with(props));
    req.setTimeout(DEADLINE_MS / 1000);
    const c = this.#host.client;
    const res = await unary("Create", c.create.bind(c), req, this.#transcript);
    const result = { id: res.getId(), properties: fromStruct(res.getProperties()) };
    this.#transcript.add("Create", result);
    return result;
  }

  async read(id: string, properties: Props, inputs?: Props): Promise<ReadResult> {
    const req = new provproto.ReadRequest();
    req.setId(id);
    req.setUrn(this.urn);
    req.setType(this.type);
    req.setProperties(this.#with(properties));
    if (inputs) req.setInputs(this.#with(inputs));
    const c = this.#host.client;
    const res = await unary("Read", c.read.bind(c), req, this.#transcript);
    const result: ReadResult = {
      id: res.getId(),
      properties: fromStruct(res.getProperties()),
      inputs: res.hasInputs() ? fromStruct(res.getInputs()) : undefined,
    };
    this.#transcript.add("Read", result);
    return result;
  }

  async update(id: string, olds: Props, news: Props): Promise<{ properties: Props }> {
    const req = new provproto.UpdateRequest();
    req.setId(id);
    req.setUrn(this.urn);
    req.setType(this.type);
    req.setOlds(this.#with(olds));
    req.setNews(this.#with(news));
    req.setTimeout(DEADLINE_MS / 1000);
    const c = this.#host.client;
    const res = await unary("Update", c.update.bind(c), req, this.#transcript);
    const result = { properties: fromStruct(res.getProperties()) };
    this.#transcript.add("Update", result);
    return result;
  }

  async delete(id: string, properties: Props): Promise<void> {
    const req = new provproto.DeleteRequest();
    req.setId(id);
    req.setUrn(this.urn);
    req.setType(this.type);
    req.setProperties(this.#with(properties));
    req.setTimeout(DEADLINE_MS / 1000);
    const c = this.#host.client;
    await unary("Delete", c.delete.bind(c), req, this.#transcript);
    this.#transcript.add("Delete", { id });
  }

  /**
   * What `pulumi up` does for a new resource: Check (no Diff: the engine never diffs a create),
   * then Create with the checked inputs.
   */
  async checkAndCreate(news: Props): Promise<{ id: string; inputs: Props; outputs: Props }> {
    const checked = await this.check({}, news);
    if (checked.failures.length > 0)
      throw new Error(`Check failed: ${checked.failures.map((f) => f.reason).join("; ")}`);
    const created = await this.create(checked.inputs);
    return { id: created.id, inputs: checked.inputs, outputs: created.properties };
  }

  /** What `pulumi up` does for a changed resource: Check, Diff against the old outputs, Update. */
  async checkDiffUpdate(
    id: string,
    oldInputs: Props,
    oldOutputs: Props,
    news: Props,
  ): Promise<{ inputs: Props; outputs: Props; diff: DiffResult }> {
    const checked = await this.check(oldInputs, news);
    if (checked.failures.length > 0)
      throw new Error(`Check failed: ${checked.failures.map((f) => f.reason).join("; ")}`);
    const diff = await this.diff(id, oldOutputs, checked.inputs);
    const updated = await this.update(id, oldOutputs, checked.inputs);
    return { inputs: checked.inputs, outputs: updated.properties, diff };
  }
}

/** The error of a call that must fail. */
export async function failureOf(p: Promise<unknown>): Promise<HostCallError> {
  try {
    await p;
  } catch (error) {
    if (error instanceof HostCallError) return error;
    throw error;
  }
  throw new Error("expected the host call to fail, and it succeeded");
}

/** The secret envelope the engine uses for a secret value in a Struct. */
export function secret(value: string): Props {
  return { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value };
}
