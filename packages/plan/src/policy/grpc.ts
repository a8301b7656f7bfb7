/**
 * Evaluates a policy pack the way the Pulumi CLI does: the pack runs as its own process through
 * `@pulumi/pulumi/cmd/run-policy-pack` (the program the `pulumi-analyzer-policy` plugin starts,
 * with the pack directory as its working directory and `.` as the program, so `package.json`
 * `main` is loaded, through ts-node for TypeScript), prints its gRPC port, and is then driven
 * over the analyzer protocol with the SDK's own protobuf messages:
 * `GetAnalyzerInfo` -> `Configure` (config reconciled like the CLI: levels, schema defaults) ->
 * `ConfigureStack` -> per resource `Remediate` then `Analyze` -> `AnalyzeStack`.
 *
 * The verdict is what `pulumi preview --policy-pack <dir>` would print for the same resources.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import type { EnforcementLevel, Policy, Severity } from "@pulumi/policy";
import * as analyzerRpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerProto from "@pulumi/pulumi/proto/analyzer_pb";
import * as emptyProto from "google-protobuf/google/protobuf/empty_pb";
import type * as structproto from "google-protobuf/google/protobuf/struct_pb";
import type { GraphResource, ResourceGraph } from "../graph";
import { decode } from "../values";
import { type PolicyPackConfig, type ResolvedPolicyConfig, reconcilePolicyConfig } from "./config";
import type { PolicyRunResult, RunPoliciesOptions, Violation } from "./runner";
import { durationSeconds, providerUrn, toStruct } from "./wire";

const LEVEL_TO_PROTO: Record<EnforcementLevel, analyzerProto.EnforcementLevel> = {
  advisory: analyzerProto.EnforcementLevel.ADVISORY,
  mandatory: analyzerProto.EnforcementLevel.MANDATORY,
  disabled: analyzerProto.EnforcementLevel.DISABLED,
  remediate: analyzerProto.EnforcementLevel.REMEDIATE,
};
const PROTO_TO_LEVEL = new Map<number, EnforcementLevel>(
  Object.entries(LEVEL_TO_PROTO).map(([k, v]) => [v, k as EnforcementLevel]),
);
const SEVERITY: Record<number, Severity | undefined> = {
  [analyzerProto.PolicySeverity.POLICY_SEVERITY_LOW]: "low",
  [analyzerProto.PolicySeverity.POLICY_SEVERITY_MEDIUM]: "medium",
  [analyzerProto.PolicySeverity.POLICY_SEVERITY_HIGH]: "high",
  [analyzerProto.PolicySeverity.POLICY_SEVERITY_CRITICAL]: "critical",
};

/** What `GetAnalyzerInfo` said about the pack. */
export interface AnalyzerPackInfo {
  name: string;
  version: string;
  policies: Array<{
    name: string;
    description: string;
    enforcementLevel: EnforcementLevel;
    severity?: Severity;
    kind: "resource" | "stack" | "unknown";
    configSchema?: { properties: Record<string, unknown>; required?: string[] };
    remediationSteps?: string;
  }>;
}

export interface AnalyzerProcessOptions {
  /** Give up waiting for the port after this long. @default 120000 */
  startTimeoutMs?: number;
  /** Extra environment for the pack process. */
  env?: NodeJS.ProcessEnv;
}

type Unary<Req, Res> = (req: Req, cb: (err: grpc.ServiceError | null, res: Res) => void) => unknown;

function call<Req, Res>(fn: Unary<Req, Res>, req: Req): Promise<Res> {
  return new Promise((resolve, reject) => {
    fn(req, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

/** A policy pack served by its own process, as the CLI runs it. */
export class AnalyzerProcess {
  private constructor(
    readonly dir: string,
    private readonly child: ChildProcess,
    private readonly client: analyzerRpc.AnalyzerClient,
    /** Port the pack printed. */
    readonly port: number,
    /** Milliseconds from spawn to the port line. */
    readonly startMs: number,
    private readonly stderr: () => string,
  ) {}

  /** Starts `run-policy-pack` for the pack directory and connects to the port it prints. */
  static async start(dir: string, options: AnalyzerProcessOptions = {}): Promise<AnalyzerProcess> {
    const packDir = path.resolve(dir);
    const req = createRequire(path.join(packDir, "package.json"));
    const runner = path.dirname(req.resolve("@pulumi/pulumi/cmd/run-policy-pack/index.js"));
    const t0 = Date.now();
    // Same argv as the analyzer plugin: <engine address> <program>; the engine address is unused by packs.
    const child = spawn(process.execPath, [runner, "127.0.0.1:0", "."], {
      cwd: packDir,
      env: { ...process.env, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let err = "";
    child.stderr?.on("data", (d: Buffer) => {
      err += d.toString();
    });
    const port = await new Promise<number>((resolve, reject) => {
      let out = "";
      const timer = setTimeout(() => {
        child.kill();
        reject(
          new Error(`policy pack ${packDir}: no port within ${options.startTimeoutMs ?? 120000} ms\n${err}`),
        );
      }, options.startTimeoutMs ?? 120000);
      const onData = (d: Buffer) => {
        out += d.toString();
        const nl = out.indexOf("\n");
        if (nl < 0) return;
        clearTimeout(timer);
        child.stdout?.off("data", onData);
        child.stdout?.resume(); // drain whatever policies print later
        const line = out.slice(0, nl).trim();
        const p = Number(line);
        if (!Number.isInteger(p) || p <= 0)
          reject(new Error(`policy pack ${packDir}: expected a port, got "${line}"\n${err}`));
        else resolve(p);
      };
      child.stdout?.on("data", onData);
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`policy pack ${packDir} exited with ${code} before printing a port\n${err}`));
      });
    });
    const startMs = Date.now() - t0;
    const client = new analyzerRpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
      "grpc.max_receive_message_length": 1024 * 1024 * 400,
      "grpc.max_send_message_length": 1024 * 1024 * 400,
    });
    return new AnalyzerProcess(packDir, child, client, port, startMs, () => err);
  }

  /** The pack's stderr so far (for error messages). */
  get stderrText(): string {
    return this.stderr();
  }

  async info(): Promise<AnalyzerPackInfo> {
    const res = await call<emptyProto.Empty, analyzerProto.AnalyzerInfo>(
      (q, cb) => this.client.getAnalyzerInfo(q, cb),
      new emptyProto.Empty(),
    );
    return {
      name: res.getName(),
      version: res.getVersion(),
      policies: res.getPoliciesList().map((p) => {
        const schema = p.getConfigschema();
        const sev = SEVERITY[p.getSeverity()];
        const kind =
          p.getPolicyType() === analyzerProto.PolicyType.POLICY_TYPE_RESOURCE
            ? "resource"
            : p.getPolicyType() === analyzerProto.PolicyType.POLICY_TYPE_STACK
              ? "stack"
              : "unknown";
        return {
          name: p.getName(),
          description: p.getDescription(),
          enforcementLevel: PROTO_TO_LEVEL.get(p.getEnforcementlevel()) ?? "advisory",
          ...(sev ? { severity: sev } : {}),
          kind,
          ...(schema
            ? {
                configSchema: {
                  properties: (schema.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>,
                  required: schema.getRequiredList(),
                },
              }
            : {}),
          ...(p.getRemediationSteps() ? { remediationSteps: p.getRemediationSteps() } : {}),
        };
      }),
    };
  }

  /** `Configure`: every policy's level and properties, as the CLI sends them. */
  async configure(config: Record<string, ResolvedPolicyConfig>): Promise<void> {
    const req = new analyzerProto.ConfigureAnalyzerRequest();
    const map = req.getPolicyconfigMap();
    for (const [name, c] of Object.entries(config)) {
      const pc = new analyzerProto.PolicyConfig();
      pc.setEnforcementlevel(LEVEL_TO_PROTO[c.enforcementLevel]);
      pc.setProperties(toStruct(c.properties));
      map.set(name, pc);
    }
    await call<analyzerProto.ConfigureAnalyzerRequest, emptyProto.Empty>(
      (q, cb) => this.client.configure(q, cb),
      req,
    );
  }

  /** `ConfigureStack`: stack identity and tags (what `args.stackTags` returns). */
  async configureStack(graph: ResourceGraph, tags: Record<string, string>): Promise<void> {
    const req = new analyzerProto.AnalyzerStackConfigureRequest();
    req.setStack(graph.stack);
    req.setProject(graph.project);
    req.setDryRun(graph.preview);
    for (const [k, v] of Object.entries(tags)) req.getTagsMap().set(k, v);
    await call<analyzerProto.AnalyzerStackConfigureRequest, analyzerProto.AnalyzerStackConfigureResponse>(
      (q, cb) => this.client.configureStack(q, cb),
      req,
    );
  }

  async analyze(req: analyzerProto.AnalyzeRequest): Promise<analyzerProto.AnalyzeResponse> {
    return call<analyzerProto.AnalyzeRequest, analyzerProto.AnalyzeResponse>(
      (q, cb) => this.client.analyze(q, cb),
      req,
    );
  }

  async remediate(req: analyzerProto.AnalyzeRequest): Promise<analyzerProto.RemediateResponse> {
    return call<analyzerProto.AnalyzeRequest, analyzerProto.RemediateResponse>(
      (q, cb) => this.client.remediate(q, cb),
      req,
    );
  }

  async analyzeStack(req: analyzerProto.AnalyzeStackRequest): Promise<analyzerProto.AnalyzeResponse> {
    return call<analyzerProto.AnalyzeStackRequest, analyzerProto.AnalyzeResponse>(
      (q, cb) => this.client.analyzeStack(q, cb),
      req,
    );
  }

  /** Closes the connection and stops the pack process. */
  async close(): Promise<void> {
    this.client.close();
    if (this.child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      this.child.once("exit", () => resolve());
      this.child.kill("SIGTERM");
    });
  }
}

function options(r: GraphResource): analyzerProto.AnalyzerResourceOptions {
  const o = new analyzerProto.AnalyzerResourceOptions();
  o.setProtect(r.options.protect);
  o.setIgnorechangesList([...r.options.ignoreChanges]);
  if (r.options.deleteBeforeReplace) {
    o.setDeletebeforereplace(true);
    o.setDeletebeforereplacedefined(true);
  }
  o.setAdditionalsecretoutputsList([...r.options.additionalSecretOutputs]);
  o.setAliasesList([...r.options.aliases]);
  const t = new analyzerProto.AnalyzerResourceOptions.CustomTimeouts();
  t.setCreate(durationSeconds(r.options.customTimeouts?.create));
  t.setUpdate(durationSeconds(r.options.customTimeouts?.update));
  t.setDelete(durationSeconds(r.options.customTimeouts?.delete));
  o.setCustomtimeouts(t);
  if (r.parent) o.setParent(r.parent);
  return o;
}

function provider(
  graph: ResourceGraph,
  r: GraphResource,
): analyzerProto.AnalyzerProviderResource | undefined {
  const urn = providerUrn(r.options.provider);
  const prov = urn ? graph.get(urn) : undefined;
  if (!prov) return undefined;
  const p = new analyzerProto.AnalyzerProviderResource();
  p.setType(prov.type);
  p.setUrn(prov.urn);
  p.setName(prov.name);
  p.setProperties(toStruct(prov.inputs, prov.secretPaths));
  return p;
}

function analyzeRequest(
  graph: ResourceGraph,
  r: GraphResource,
  props: structproto.Struct,
): analyzerProto.AnalyzeRequest {
  const req = new analyzerProto.AnalyzeRequest();
  req.setType(r.type);
  req.setUrn(r.urn);
  req.setName(r.name);
  req.setProperties(props);
  req.setOptions(options(r));
  const p = provider(graph, r);
  if (p) req.setProvider(p);
  return req;
}

function violationOf(
  d: analyzerProto.AnalyzeDiagnostic,
  target: { urn: string; type: string; name: string },
  kind: "resource" | "stack",
): Violation {
  const message = d.getMessage();
  const description = d.getDescription();
  const unknown = /^can't run (policy|remediation) '.*' during preview: /.test(message);
  const detail = unknown
    ? message
    : message === description
      ? ""
      : message.startsWith(`${description}\n`)
        ? message.slice(description.length + 1)
        : message;
  const sev = SEVERITY[d.getSeverity()];
  const level = d.getEnforcementlevel();
  return {
    policy: d.getPolicyname(),
    pack: d.getPolicypackname(),
    level:
      level === analyzerProto.EnforcementLevel.MANDATORY || level === analyzerProto.EnforcementLevel.REMEDIATE
        ? "mandatory"
        : "advisory",
    ...(sev ? { severity: sev } : {}),
    ...target,
    message,
    detail,
    kind,
    unknown,
  };
}

/**
 * Runs one started pack over the analyzer protocol against a graph, in the engine's order: per
 * resource a `Remediate` pass then `Analyze` on the remediated inputs, then `AnalyzeStack` on outputs.
 */
export async function evaluateOverGrpc(
  analyzer: AnalyzerProcess,
  graph: ResourceGraph,
  packConfig?: PolicyPackConfig,
  opts: Pick<RunPoliciesOptions, "stackTags"> = {},
): Promise<PolicyRunResult & { info: AnalyzerPackInfo }> {
  const info = await analyzer.info();
  // The CLI reconciles config against what GetAnalyzerInfo reported (levels, schemas).
  const pseudo: Policy[] = info.policies.map((p) => ({
    name: p.name,
    description: p.description,
    enforcementLevel: p.enforcementLevel,
    ...(p.configSchema ? { configSchema: p.configSchema as Policy["configSchema"] } : {}),
  }));
  const own = Object.fromEntries(
    Object.entries(packConfig ?? {}).filter(([k]) => k === "all" || pseudo.some((p) => p.name === k)),
  );
  await analyzer.configure(reconcilePolicyConfig(pseudo, "advisory", own));
  await analyzer.configureStack(graph, opts.stackTags ?? {});

  const result: PolicyRunResult = {
    violations: [],
    remediations: [],
    notApplicable: [],
    remediatedInputs: {},
  };
  for (const r of graph.resources) {
    if (r.read) continue;
    let props = toStruct(r.inputs, r.secretPaths);
    const target = { urn: r.urn, type: r.type, name: r.name };
    const rem = await analyzer.remediate(analyzeRequest(graph, r, props));
    for (const t of rem.getRemediationsList()) {
      if (t.getDiagnostic()) {
        const d = new analyzerProto.AnalyzeDiagnostic();
        d.setPolicyname(t.getPolicyname());
        d.setPolicypackname(t.getPolicypackname());
        d.setPolicypackversion(t.getPolicypackversion());
        d.setDescription(t.getDescription());
        d.setMessage(t.getDiagnostic());
        d.setEnforcementlevel(analyzerProto.EnforcementLevel.ADVISORY);
        const p = info.policies.find((x) => x.name === t.getPolicyname());
        const v = violationOf(d, target, "resource");
        result.violations.push({ ...v, ...(p?.severity ? { severity: p.severity } : {}) });
      } else if (t.getProperties()) {
        const before = decode(props.toJavaScript()).value as Record<string, unknown>;
        props = t.getProperties() as structproto.Struct;
        const after = decode(props.toJavaScript()).value as Record<string, unknown>;
        result.remediations.push({
          policy: t.getPolicyname(),
          pack: t.getPolicypackname(),
          ...target,
          before,
          after,
        });
        result.remediatedInputs[r.urn] = after;
      }
    }
    const res = await analyzer.analyze(analyzeRequest(graph, r, props));
    // The engine reports resource diagnostics against the analyzed resource.
    for (const d of res.getDiagnosticsList()) result.violations.push(violationOf(d, target, "resource"));
    for (const na of res.getNotApplicableList())
      result.notApplicable.push({
        policy: na.getPolicyName(),
        pack: info.name,
        urn: r.urn,
        reason: na.getReason(),
      });
  }

  const stackReq = new analyzerProto.AnalyzeStackRequest();
  for (const r of graph.resources) {
    const ar = new analyzerProto.AnalyzerResource();
    ar.setType(r.type);
    ar.setUrn(r.urn);
    ar.setName(r.name);
    ar.setProperties(toStruct(r.outputs, r.secretPaths));
    ar.setOptions(options(r));
    const p = provider(graph, r);
    if (p) ar.setProvider(p);
    if (r.parent) ar.setParent(r.parent);
    ar.setDependenciesList([...r.dependencies]);
    for (const [k, urns] of Object.entries(r.propertyDependencies)) {
      const pd = new analyzerProto.AnalyzerPropertyDependencies();
      pd.setUrnsList([...urns]);
      ar.getPropertydependenciesMap().set(k, pd);
    }
    stackReq.addResources(ar);
  }
  const stackRes = await analyzer.analyzeStack(stackReq);
  const root = graph.root;
  for (const d of stackRes.getDiagnosticsList()) {
    const res = d.getUrn() ? graph.get(d.getUrn()) : root;
    const target = res
      ? { urn: res.urn, type: res.type, name: res.name }
      : { urn: d.getUrn(), type: "", name: "" };
    result.violations.push(violationOf(d, target, "stack"));
  }
  return { ...result, info };
}

/** Starts the pack in `dir`, evaluates the graph over gRPC, and stops the pack. */
export async function runPolicyPackOverGrpc(
  dir: string,
  graph: ResourceGraph,
  packConfig?: PolicyPackConfig,
  opts: Pick<RunPoliciesOptions, "stackTags"> & AnalyzerProcessOptions = {},
): Promise<PolicyRunResult & { info: AnalyzerPackInfo; startMs: number }> {
  const analyzer = await AnalyzerProcess.start(dir, opts);
  try {
    const out = await evaluateOverGrpc(analyzer, graph, packConfig, opts);
    return { ...out, startMs: analyzer.startMs };
  } finally {
    await analyzer.close();
  }
}
