/**
 * The offline CrossGuard runner: runs `@pulumi/policy` resource and stack policies against a
 * captured {@link ResourceGraph} with the argument shapes the SDK's analyzer server (v1.21.0,
 * `server.js`) builds from the engine's requests, and the engine's order (remediate pass, then
 * analyze pass, per resource; stack analysis on outputs at the end).
 *
 * What the real engine does, and this runner mirrors:
 * - `Analyze` is called for every *registered* resource: custom resources, components (local and
 *   remote) and the stack alike (`step_generator.go` has no custom-only guard). Reads (`.get`,
 *   `StackReference`) are not analyzed. Local Berth components register `{}` as inputs, so only
 *   policies keyed on their type see anything; remote components such as `eks:index:Cluster`
 *   register their args, which is what rules on them check.
 * - `AnalyzeStack` gets every resource in the snapshot (reads included) with its outputs, parent,
 *   dependencies and property dependencies.
 *
 * Not mirrored (no engine here): provider `Check` defaults (e.g. `tagsAll`, auto-names) are not
 * added to inputs, and only explicit providers are passed as `args.provider`.
 */
import type {
  EnforcementLevel,
  Policy,
  PolicyResource,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  Severity,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { UnknownValueError, unknownCheckingProxy } from "@pulumi/policy";
import type { GraphResource, ResourceGraph } from "../graph";
import { type PolicyPackConfig, type ResolvedPolicyConfig, reconcilePolicyConfig } from "./config";
import { fromRemediation, policyOpts, policyProps, providerUrn } from "./wire";

/** A pack to run: what `new PolicyPack(name, { policies, enforcementLevel })` would serve. */
export interface PolicyPackInput {
  name: string;
  policies: readonly Policy[];
  /** The pack's default level. @default "advisory" (as `PolicyPack`) */
  enforcementLevel?: EnforcementLevel;
  /** Shown in messages as `'<name>@v<version>'`. @default "0.0.0" */
  version?: string;
}

/** One policy violation, as the engine would print it. */
export interface Violation {
  policy: string;
  pack: string;
  level: "mandatory" | "advisory";
  severity?: Severity;
  /** The resource the violation is about (for a stack policy that named none: the stack's URN). */
  urn: string;
  type: string;
  name: string;
  /** The server's message: the policy description, a newline, then what the policy reported. */
  message: string;
  /** What the policy passed to `reportViolation` (or the preview message). */
  detail: string;
  /** `resource` (validateResource) or `stack` (validateStack). */
  kind: "resource" | "stack";
  /** True when the policy could not run because a value is unknown during preview. */
  unknown: boolean;
}

/** A remediation a `remediate` policy applied before validation. */
export interface Remediation {
  policy: string;
  pack: string;
  urn: string;
  type: string;
  name: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

/** Everything one run produced. */
export interface PolicyRunResult {
  violations: Violation[];
  remediations: Remediation[];
  /** Policies that called `notApplicable` (or were skipped by type), per resource. */
  notApplicable: Array<{ policy: string; pack: string; urn: string; reason?: string }>;
  /** Inputs after remediation, by URN, for resources a remediation changed. */
  remediatedInputs: Record<string, Record<string, unknown>>;
}

export interface RunPoliciesOptions {
  /** Per-pack config (by pack name), used instead of the shared `packConfig` for that pack. */
  packConfigs?: Record<string, PolicyPackConfig>;
  /** Stack tags (`pulumi:project`, ... and user tags) given to policies as `args.stackTags`. */
  stackTags?: Record<string, string>;
}

class NotApplicableError extends Error {
  constructor(readonly reason?: string) {
    super(reason ?? "Policy does not apply");
  }
}
const throwNotApplicable = (reason?: string): never => {
  throw new NotApplicableError(reason);
};

interface ResourceClassLike {
  __pulumiType?: unknown;
  isInstance?: unknown;
}

function pulumiTypeOf(obj: unknown): string | undefined {
  const t = (obj as { __pulumiType?: unknown } | undefined)?.__pulumiType;
  return typeof t === "string" && t.length > 0 ? t : undefined;
}

/** The server's `isTypeOf`: `__pulumiType`, else `isInstance({ __pulumiType })`. */
function isTypeOf(type: string, resourceClass: unknown): boolean {
  const t = pulumiTypeOf(resourceClass);
  if (t) return type === t;
  const isInstance = (resourceClass as ResourceClassLike | undefined)?.isInstance;
  return typeof isInstance === "function" && isInstance({ __pulumiType: type }) === true;
}

function isResourcePolicy(p: Policy): p is ResourceValidationPolicy {
  const v = (p as ResourceValidationPolicy).validateResource;
  if (typeof v === "function") return true;
  if (Array.isArray(v)) return v.every((x) => typeof x === "function");
  return typeof (p as ResourceValidationPolicy).remediateResource === "function";
}

function isStackPolicy(p: Policy): p is StackValidationPolicy {
  return typeof (p as StackValidationPolicy).validateStack === "function";
}

/** A read-only map, as the server's `freezeMap`. */
function freezeMap(map: Map<string, string>): ReadonlyMap<string, string> {
  return Object.freeze({
    entries: map.entries.bind(map),
    forEach: map.forEach.bind(map),
    get: map.get.bind(map),
    has: map.has.bind(map),
    keys: map.keys.bind(map),
    size: map.size,
    values: map.values.bind(map),
    [Symbol.iterator]: map[Symbol.iterator].bind(map),
  }) as unknown as ReadonlyMap<string, string>;
}

function toPacks(packs: PolicyPackInput | readonly PolicyPackInput[]): readonly PolicyPackInput[] {
  return Array.isArray(packs) ? packs : [packs as PolicyPackInput];
}

interface PackState {
  pack: PolicyPackInput;
  id: string;
  config: Record<string, ResolvedPolicyConfig>;
}

function prepare(
  packs: readonly PolicyPackInput[],
  packConfig: PolicyPackConfig | undefined,
  options: RunPoliciesOptions,
): PackState[] {
  const names = new Set(packs.flatMap((p) => p.policies.map((x) => x.name)));
  for (const key of Object.keys(packConfig ?? {})) {
    if (key !== "all" && !names.has(key))
      throw new Error(
        `Invalid policy pack config: "${key}" is not a policy in ${packs.map((p) => p.name).join(", ")}`,
      );
  }
  return packs.map((pack) => {
    const all = packConfig ?? {};
    const mine = options.packConfigs?.[pack.name];
    const own =
      mine ??
      Object.fromEntries(
        Object.entries(all).filter(([k]) => k === "all" || pack.policies.some((p) => p.name === k)),
      );
    return {
      pack,
      id: `'${pack.name}@v${pack.version ?? "0.0.0"}'`,
      config: reconcilePolicyConfig(pack.policies, pack.enforcementLevel ?? "advisory", own),
    };
  });
}

/** The server's `makeGetConfigFun`: the policy's properties without `enforcementLevel`. */
function getConfigFor(state: PackState, policy: string): <T extends object>() => T {
  return <T extends object>() => ({ ...(state.config[policy]?.properties ?? {}) }) as T;
}

function levelFor(state: PackState, p: Policy): EnforcementLevel {
  return (
    state.config[p.name]?.enforcementLevel ?? p.enforcementLevel ?? state.pack.enforcementLevel ?? "advisory"
  );
}

function reportLevel(level: string | undefined): "mandatory" | "advisory" {
  return level === "mandatory" || level === "remediate" ? "mandatory" : "advisory";
}

/**
 * Runs policy packs against a graph and returns every violation (mandatory and advisory). See
 * {@link evaluatePolicies} for remediations and not-applicable reports too.
 */
export async function runPolicies(
  graph: ResourceGraph,
  packs: PolicyPackInput | readonly PolicyPackInput[],
  packConfig?: PolicyPackConfig,
  options: RunPoliciesOptions = {},
): Promise<Violation[]> {
  return (await evaluatePolicies(graph, packs, packConfig, options)).violations;
}

/** Runs policy packs against a graph: remediations, then resource validations, then stack policies. */
export async function evaluatePolicies(
  graph: ResourceGraph,
  packs: PolicyPackInput | readonly PolicyPackInput[],
  packConfig?: PolicyPackConfig,
  options: RunPoliciesOptions = {},
): Promise<PolicyRunResult> {
  const states = prepare(toPacks(packs), packConfig, options);
  const stackTags = freezeMap(new Map(Object.entries(options.stackTags ?? {})));
  const result: PolicyRunResult = {
    violations: [],
    remediations: [],
    notApplicable: [],
    remediatedInputs: {},
  };
  const stackUrn = graph.root?.urn ?? "";

  for (const r of graph.resources) {
    if (r.read) continue;
    let inputs = r.inputs;
    let secretPaths = r.secretPaths;
    // Pass 1: remediations, pack by pack; later ones see earlier results.
    for (const st of states) {
      const out = await remediate(st, r, inputs, secretPaths, graph, stackTags, result);
      if (out) {
        inputs = out.props;
        secretPaths = out.secretPaths;
        result.remediatedInputs[r.urn] = inputs;
      }
    }
    // Pass 2: validations on the final inputs.
    for (const st of states) await analyze(st, r, inputs, secretPaths, graph, stackTags, result);
  }
  for (const st of states) await analyzeStack(st, graph, stackTags, stackUrn, result);
  return result;
}

function providerFor(graph: ResourceGraph, r: GraphResource): ResourceValidationArgs["provider"] {
  const urn = providerUrn(r.options.provider);
  const prov = urn ? graph.get(urn) : undefined;
  if (!prov) return undefined;
  return {
    type: prov.type,
    props: unknownCheckingProxy(policyProps(prov.inputs, prov.secretPaths, false)),
    urn: prov.urn,
    name: prov.name,
  };
}

async function remediate(
  st: PackState,
  r: GraphResource,
  inputs: Record<string, unknown>,
  secretPaths: string[],
  graph: ResourceGraph,
  stackTags: ReadonlyMap<string, string>,
  result: PolicyRunResult,
): Promise<{ props: Record<string, unknown>; secretPaths: string[] } | undefined> {
  let props = unknownCheckingProxy(policyProps(inputs, secretPaths, true));
  let changed: { props: Record<string, unknown>; secretPaths: string[] } | undefined;
  for (const p of st.pack.policies) {
    if (levelFor(st, p) !== "remediate" || !isResourcePolicy(p)) continue;
    const fn = p.remediateResource;
    if (!fn) {
      result.notApplicable.push({
        policy: p.name,
        pack: st.pack.name,
        urn: r.urn,
        reason: "Policy does not implement remediateResource",
      });
      continue;
    }
    const t = pulumiTypeOf(fn);
    if (t && t !== r.type) {
      result.notApplicable.push({
        policy: p.name,
        pack: st.pack.name,
        urn: r.urn,
        reason: `Policy only applies to resources of type '${t}'`,
      });
      continue;
    }
    const current = props;
    const args: ResourceValidationArgs = {
      urn: r.urn,
      name: r.name,
      type: r.type,
      opts: policyOpts(r),
      props: current,
      stackTags,
      getConfig: getConfigFor(st, p.name),
      isType: (cls) => isTypeOf(r.type, cls),
      asType: ((cls: unknown) =>
        isTypeOf(r.type, cls) ? current : undefined) as ResourceValidationArgs["asType"],
      notApplicable: throwNotApplicable,
    };
    const provider = providerFor(graph, r);
    if (provider) args.provider = provider;
    try {
      const out = await Promise.resolve(fn(args));
      if (out) {
        const before = changed?.props ?? inputs;
        changed = await fromRemediation(out);
        props = unknownCheckingProxy(policyProps(changed.props, changed.secretPaths, true));
        result.remediations.push({
          policy: p.name,
          pack: st.pack.name,
          urn: r.urn,
          type: r.type,
          name: r.name,
          before,
          after: changed.props,
        });
      }
    } catch (e) {
      if (e instanceof UnknownValueError) {
        const detail = `can't run remediation '${p.name}' from policy pack ${st.id} during preview: ${(e as Error).message}`;
        result.violations.push({
          policy: p.name,
          pack: st.pack.name,
          level: "advisory",
          ...(p.severity ? { severity: p.severity } : {}),
          urn: r.urn,
          type: r.type,
          name: r.name,
          message: detail,
          detail,
          kind: "resource",
          unknown: true,
        });
      } else if (e instanceof NotApplicableError) {
        result.notApplicable.push({ policy: p.name, pack: st.pack.name, urn: r.urn, reason: e.reason });
      } else {
        throw new Error(
          `Error remediating resource with remediation '${p.name}' from policy pack ${st.id}: ${(e as Error).message}`,
          { cause: e },
        );
      }
    }
  }
  return changed;
}

function reporter(
  st: PackState,
  p: Policy,
  level: EnforcementLevel,
  kind: "resource" | "stack",
  target: (urn: string | undefined) => { urn: string; type: string; name: string },
  out: Violation[],
): ReportViolation {
  return (message: string | Record<string, unknown>, urn?: string) => {
    if (typeof message === "object" && message !== null) {
      // The object form the server also accepts.
      const info = message as {
        name?: string;
        message?: string;
        description?: string;
        urn?: string;
        enforcementLevel?: string;
        severity?: Severity;
      };
      const text = info.message || info.description || p.description;
      const sev = info.severity || p.severity;
      out.push({
        policy: info.name || p.name,
        pack: st.pack.name,
        level: reportLevel(info.enforcementLevel || level),
        ...(sev ? { severity: sev } : {}),
        ...target(info.urn),
        message: text,
        detail: text,
        kind,
        unknown: false,
      });
      return;
    }
    const text = message ? `${p.description}\n${message}` : p.description;
    out.push({
      policy: p.name,
      pack: st.pack.name,
      level: reportLevel(level),
      ...(p.severity ? { severity: p.severity } : {}),
      ...target(urn),
      message: text,
      detail: message ?? "",
      kind,
      unknown: false,
    });
  };
}

async function analyze(
  st: PackState,
  r: GraphResource,
  inputs: Record<string, unknown>,
  secretPaths: string[],
  graph: ResourceGraph,
  stackTags: ReadonlyMap<string, string>,
  result: PolicyRunResult,
): Promise<void> {
  for (const p of st.pack.policies) {
    const level = levelFor(st, p);
    if (level === "disabled" || !isResourcePolicy(p)) continue;
    if (!p.validateResource) {
      result.notApplicable.push({
        policy: p.name,
        pack: st.pack.name,
        urn: r.urn,
        reason: "Policy does not implement validateResource",
      });
      continue;
    }
    if (!Array.isArray(p.validateResource)) {
      const t = pulumiTypeOf(p.validateResource);
      if (t && t !== r.type) {
        result.notApplicable.push({
          policy: p.name,
          pack: st.pack.name,
          urn: r.urn,
          reason: `Policy only applies to resources of type '${t}'`,
        });
        continue;
      }
    }
    // For a resource violation the engine always uses the analyzed resource's URN.
    const report = reporter(
      st,
      p,
      level,
      "resource",
      () => ({ urn: r.urn, type: r.type, name: r.name }),
      result.violations,
    );
    const validations = Array.isArray(p.validateResource) ? p.validateResource : [p.validateResource];
    for (const validation of validations) {
      try {
        const props = unknownCheckingProxy(policyProps(inputs, secretPaths, false));
        const args: ResourceValidationArgs = {
          type: r.type,
          props,
          urn: r.urn,
          name: r.name,
          opts: policyOpts(r),
          stackTags,
          isType: (cls) => isTypeOf(r.type, cls),
          asType: ((cls: unknown) =>
            isTypeOf(r.type, cls) ? props : undefined) as ResourceValidationArgs["asType"],
          getConfig: getConfigFor(st, p.name),
          notApplicable: throwNotApplicable,
        };
        const provider = providerFor(graph, r);
        if (provider) args.provider = provider;
        await Promise.resolve(validation(args, report));
      } catch (e) {
        if (!handleError(e, st, p, { urn: r.urn, type: r.type, name: r.name }, "resource", result)) throw e;
      }
    }
  }
}

function handleError(
  e: unknown,
  st: PackState,
  p: Policy,
  target: { urn: string; type: string; name: string },
  kind: "resource" | "stack",
  result: PolicyRunResult,
): boolean {
  const from = `policy '${p.name}' from policy pack ${st.id}`;
  if (e instanceof UnknownValueError) {
    const detail = `can't run ${from} during preview: ${(e as Error).message}`;
    result.violations.push({
      policy: p.name,
      pack: st.pack.name,
      level: "advisory",
      ...(p.severity ? { severity: p.severity } : {}),
      ...target,
      message: detail,
      detail,
      kind,
      unknown: true,
    });
    return true;
  }
  if (e instanceof NotApplicableError) {
    result.notApplicable.push({ policy: p.name, pack: st.pack.name, urn: target.urn, reason: e.reason });
    return true;
  }
  throw new Error(`Error validating resource with ${from}: ${(e as Error)?.message ?? String(e)}`, {
    cause: e,
  });
}

async function analyzeStack(
  st: PackState,
  graph: ResourceGraph,
  stackTags: ReadonlyMap<string, string>,
  stackUrn: string,
  result: PolicyRunResult,
): Promise<void> {
  const stackTarget = { urn: stackUrn, type: "pulumi:pulumi:Stack", name: graph.root?.name ?? "" };
  for (const p of st.pack.policies) {
    let level = levelFor(st, p);
    if (level === "disabled" || !isStackPolicy(p)) continue;
    if (level === "remediate") level = "mandatory";
    const t = pulumiTypeOf(p.validateStack);
    if (t && !graph.resources.some((r) => r.type === t)) {
      result.notApplicable.push({
        policy: p.name,
        pack: st.pack.name,
        urn: stackUrn,
        reason: `Policy only applies to resources of type '${t}'`,
      });
      continue;
    }
    const target = (urn: string | undefined) => {
      const res = urn ? graph.get(urn) : undefined;
      return res
        ? { urn: res.urn, type: res.type, name: res.name }
        : urn
          ? { urn, type: "", name: "" }
          : stackTarget;
    };
    const report = reporter(st, p, level, "stack", target, result.violations);
    try {
      const resources = policyResources(graph);
      const args: StackValidationArgs = {
        resources,
        getConfig: getConfigFor(st, p.name),
        stackTags,
        notApplicable: throwNotApplicable,
      };
      await Promise.resolve(p.validateStack(args, report));
    } catch (e) {
      if (!handleError(e, st, p, stackTarget, "stack", result)) throw e;
    }
  }
}

/** The `PolicyResource` list the server builds for `validateStack`: outputs, parent and dependencies resolved. */
export function policyResources(graph: ResourceGraph): PolicyResource[] {
  const byUrn = new Map<string, PolicyResource>();
  const list: PolicyResource[] = [];
  for (const r of graph.resources) {
    const props = unknownCheckingProxy(policyProps(r.outputs, r.secretPaths, false));
    const res: PolicyResource = {
      type: r.type,
      props,
      urn: r.urn,
      name: r.name,
      opts: policyOpts(r),
      dependencies: [],
      propertyDependencies: {},
      isType: (cls) => isTypeOf(r.type, cls),
      asType: ((cls: unknown) => (isTypeOf(r.type, cls) ? props : undefined)) as PolicyResource["asType"],
    };
    const provider = providerFor(graph, r);
    if (provider) res.provider = provider;
    byUrn.set(r.urn, res);
    list.push(res);
  }
  for (const r of graph.resources) {
    const res = byUrn.get(r.urn) as PolicyResource;
    const parent = r.parent ? byUrn.get(r.parent) : undefined;
    if (parent) res.parent = parent;
    res.dependencies = r.dependencies.map((d) => byUrn.get(d)).filter((d): d is PolicyResource => !!d);
    for (const [k, urns] of Object.entries(r.propertyDependencies)) {
      res.propertyDependencies[k] = urns.map((d) => byUrn.get(d)).filter((d): d is PolicyResource => !!d);
    }
  }
  return list;
}
