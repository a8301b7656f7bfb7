/**
 * The deploy-time model: typical create durations per resource type, and a list-scheduling
 * simulation of `pulumi up` over the dependency graph with Pulumi's default parallelism
 * (4 x CPUs). docs/analytics.md lists the sources of every duration.
 */
import { CATALOG } from "../catalog";
import type { Durations } from "../catalog/types";
import type { GraphResource, ResourceGraph } from "../graph";
import { isUnknown } from "../values";
import type { AnalyticsOptions } from "./index";
import type { PathStep, TimeEstimate, TimeReport } from "./types";

/** A typical create duration (p50 of the observed samples) with its source: a catalog entry's `durations`. */
export type Duration = Durations;

/** Duration used for a type the catalog does not know. */
export const DEFAULT_DURATION: Duration = {
  create: 10,
  source: "stated default for types without data: most AWS control-plane calls finish in seconds",
};

/** Typical durations by Pulumi type, from the catalog (research/pricing-and-timing.md, section B). */
export const DURATIONS: Readonly<Record<string, Duration>> = Object.fromEntries(
  [...CATALOG.values()].map((e) => [e.type, e.durations]),
);

/**
 * Input properties whose change makes Pulumi replace the resource (the provider's ForceNew
 * fields, from the catalog; "*" = every input except tags).
 */
export const REPLACE_ON: Readonly<Record<string, string[]>> = Object.fromEntries(
  [...CATALOG.values()].filter((e) => e.replaceOn.length > 0).map((e) => [e.type, e.replaceOn]),
);

const TAG_KEYS = new Set(["tags", "tagsAll"]);

function rec(v: unknown): Record<string, unknown> | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

/** The duration of one resource, with input-dependent cases (steady-state waits, NAT strategy). */
export function durationOf(r: Pick<GraphResource, "type" | "inputs">): {
  seconds: number;
  defaulted: boolean;
} {
  if (r.type.startsWith("pulumi:providers:")) return { seconds: 1, defaulted: false };
  if (r.type === "aws:ec2/vpcEndpoint:VpcEndpoint" && r.inputs["vpcEndpointType"] !== "Interface")
    return { seconds: 10, defaulted: false };
  if (r.type === "aws:ecs/service:Service" && r.inputs["waitForSteadyState"] === true)
    return { seconds: 150, defaulted: false };
  if (r.type === "awsx:ec2:Vpc" && rec(r.inputs["natGateways"])?.["strategy"] === "None")
    return { seconds: 20, defaulted: false };
  if (r.type === "aws:eks/nodeGroup:NodeGroup" && rec(r.inputs["scalingConfig"])?.["desiredSize"] === 0)
    return { seconds: 60, defaulted: false };
  const d = DURATIONS[r.type];
  return d ? { seconds: d.create, defaulted: false } : { seconds: DEFAULT_DURATION.create, defaulted: true };
}

/** A node of the scheduling problem. */
export interface Task {
  id: string;
  seconds: number;
  /** Ids this task waits for. */
  deps: string[];
  /** Deps that come only from an explicit `dependsOn`. */
  explicit?: string[];
}

export interface Schedule {
  /** Wall time with `workers` slots. */
  makespan: number;
  /** Longest path ignoring the worker limit. */
  longestPath: number;
  start: Map<string, number>;
  finish: Map<string, number>;
  /** Chain ending at the last task to finish, first to last. */
  path: string[];
  /** Tasks that could not run (a dependency cycle or a missing node). */
  stuck: string[];
}

/**
 * List scheduling: a task becomes ready when all its dependencies have finished and starts as
 * soon as one of `workers` slots is free, ready tasks in the order given (Pulumi registers in
 * program order). The path follows, from the last task back, whichever constraint delayed each
 * start: the dependency that finished last, or the task whose slot it took.
 */
export function simulate(tasks: Task[], workers: number): Schedule {
  const w = Math.max(1, Math.floor(workers));
  const index = new Map(tasks.map((t, i) => [t.id, i]));
  const dependents = new Map<string, string[]>();
  const waiting = new Map<string, number>();
  for (const t of tasks) {
    const deps = [...new Set(t.deps)].filter((d) => index.has(d) && d !== t.id);
    waiting.set(t.id, deps.length);
    for (const d of deps) dependents.set(d, [...(dependents.get(d) ?? []), t.id]);
  }
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const start = new Map<string, number>();
  const finish = new Map<string, number>();
  const pred = new Map<string, string>();
  const ready: string[] = tasks.filter((t) => waiting.get(t.id) === 0).map((t) => t.id);
  const running: Array<{ id: string; end: number }> = [];
  let now = 0;
  let lastFreed: string | undefined;
  while (ready.length || running.length) {
    ready.sort((a, b) => (index.get(a) ?? 0) - (index.get(b) ?? 0));
    while (running.length < w && ready.length) {
      const id = ready.shift() as string;
      const t = byId.get(id) as Task;
      start.set(id, now);
      const depEnd = Math.max(0, ...t.deps.map((d) => finish.get(d) ?? 0));
      const lastDep = t.deps
        .filter((d) => finish.has(d))
        .sort((a, b) => (finish.get(b) ?? 0) - (finish.get(a) ?? 0))[0];
      if (now > depEnd && lastFreed) pred.set(id, lastFreed);
      else if (lastDep) pred.set(id, lastDep);
      running.push({ id, end: now + t.seconds });
    }
    if (!running.length) break;
    running.sort((a, b) => a.end - b.end || (index.get(a.id) ?? 0) - (index.get(b.id) ?? 0));
    const next = running.shift() as { id: string; end: number };
    now = next.end;
    const done = [next];
    while (running.length && (running[0] as { end: number }).end === now)
      done.push(running.shift() as { id: string; end: number });
    lastFreed = next.id;
    for (const d of done) {
      finish.set(d.id, d.end);
      for (const dep of dependents.get(d.id) ?? []) {
        const left = (waiting.get(dep) ?? 0) - 1;
        waiting.set(dep, left);
        if (left === 0) ready.push(dep);
      }
    }
  }
  // Longest path ignoring the worker limit.
  const lp = new Map<string, number>();
  const order = topo(tasks, index);
  for (const id of order) {
    const t = byId.get(id) as Task;
    lp.set(id, t.seconds + Math.max(0, ...t.deps.map((d) => lp.get(d) ?? 0)));
  }
  const makespan = Math.max(0, ...finish.values());
  let last: string | undefined;
  for (const [id, f] of finish) if (last === undefined || f > (finish.get(last) ?? 0)) last = id;
  const path: string[] = [];
  const seen = new Set<string>();
  while (last !== undefined && !seen.has(last)) {
    seen.add(last);
    path.unshift(last);
    last = pred.get(last);
  }
  return {
    makespan,
    longestPath: Math.max(0, ...lp.values()),
    start,
    finish,
    path,
    stuck: tasks.filter((t) => !finish.has(t.id)).map((t) => t.id),
  };
}

function topo(tasks: Task[], index: Map<string, number>): string[] {
  const out: string[] = [];
  const state = new Map<string, number>();
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const visit = (id: string) => {
    const s = state.get(id);
    if (s === 2 || s === 1) return;
    state.set(id, 1);
    for (const d of byId.get(id)?.deps ?? []) if (index.has(d)) visit(d);
    state.set(id, 2);
    out.push(id);
  };
  for (const t of tasks) visit(t.id);
  return out;
}

/** Does this resource become a deployment step? Custom resources and remote components, not reads. */
function isNode(r: GraphResource): boolean {
  return !r.read && (r.custom || r.remote);
}

/** Expands a dependency URN to the steps it stands for: itself, or a component's descendants. */
function expander(g: ResourceGraph): (urn: string) => string[] {
  const memo = new Map<string, string[]>();
  return (urn) => {
    const hit = memo.get(urn);
    if (hit) return hit;
    const r = g.get(urn);
    let out: string[] = [];
    if (r && isNode(r)) out = [urn];
    else if (r && !r.read)
      out = g
        .descendantsOf(urn)
        .filter(isNode)
        .map((d) => d.urn);
    memo.set(urn, out);
    return out;
  };
}

/** The scheduling tasks of one graph, with per-resource seconds (overridable for updates). */
export function tasksOf(
  g: ResourceGraph,
  seconds?: (r: GraphResource) => number,
): { tasks: Task[]; defaulted: Map<string, number> } {
  const expand = expander(g);
  const defaulted = new Map<string, number>();
  const tasks: Task[] = [];
  for (const r of g.resources) {
    if (!isNode(r)) continue;
    const implicit = new Set(Object.values(r.propertyDependencies).flat().flatMap(expand));
    const explicit = new Set(r.explicitDependencies.flatMap(expand).filter((u) => !implicit.has(u)));
    // An explicit provider (e.g. Kubernetes from the cluster's kubeconfig) is waited for too.
    const provider = r.options.provider
      ? r.options.provider.slice(0, r.options.provider.lastIndexOf("::"))
      : "";
    const viaProvider = provider && g.get(provider) ? expand(provider) : [];
    const deps = [...new Set([...r.dependencies.flatMap(expand), ...viaProvider])].filter((u) => u !== r.urn);
    const d = durationOf(r);
    if (d.defaulted) defaulted.set(r.type, d.seconds);
    tasks.push({ id: r.urn, seconds: seconds ? seconds(r) : d.seconds, deps, explicit: [...explicit] });
  }
  return { tasks, defaulted };
}

function estimate(
  layers: Array<{ layer: string; graph: ResourceGraph; tasks: Task[] }>,
  workers: number,
  notes: Set<string>,
): TimeEstimate {
  let offset = 0;
  let longest = 0;
  let ops = 0;
  const perLayer: TimeEstimate["layers"] = [];
  const path: PathStep[] = [];
  const explicitEdges: TimeEstimate["explicitEdgesOnPath"] = [];
  for (const { layer, graph, tasks } of layers) {
    const s = simulate(tasks, workers);
    if (s.stuck.length)
      notes.add(`${layer}: ${s.stuck.length} resource(s) in a dependency cycle were not scheduled`);
    const byId = new Map(tasks.map((t) => [t.id, t]));
    let prev: string | undefined;
    for (const id of s.path) {
      const r = graph.byUrn(id);
      const t = byId.get(id) as Task;
      const via = prev !== undefined && (t.explicit ?? []).includes(prev);
      if (via && prev) explicitEdges.push({ from: id, to: prev });
      path.push({
        urn: id,
        name: r.name,
        type: r.type,
        layer,
        seconds: t.seconds,
        start: offset + (s.start.get(id) ?? 0),
        finish: offset + (s.finish.get(id) ?? 0),
        viaDependsOn: via,
        ...(prev !== undefined && !t.deps.includes(prev) ? { waitedForWorker: true } : {}),
      });
      prev = id;
    }
    perLayer.push({ layer, seconds: s.makespan, operations: tasks.length });
    offset += s.makespan;
    longest += s.longestPath;
    ops += tasks.length;
  }
  return {
    seconds: offset,
    longestPathSeconds: longest,
    operations: ops,
    layers: perLayer,
    path,
    explicitEdgesOnPath: explicitEdges,
  };
}

/** Finds previous graph resources in a previous plan JSON, whatever its nesting. */
export function previousResources(previous: unknown): Map<string, GraphResource> {
  const out = new Map<string, GraphResource>();
  const walk = (v: unknown, depth: number) => {
    if (depth > 8 || v === null || typeof v !== "object") return;
    if (Array.isArray(v)) {
      for (const x of v) walk(x, depth + 1);
      return;
    }
    const o = v as Record<string, unknown>;
    if (typeof o["urn"] === "string" && typeof o["type"] === "string" && rec(o["inputs"])) {
      out.set(o["urn"], o as unknown as GraphResource);
      return;
    }
    for (const [k, x] of Object.entries(o)) if (k !== "analytics") walk(x, depth + 1);
  };
  walk(previous, 0);
  return out;
}

function equalIgnoringUnknown(a: unknown, b: unknown): boolean {
  if (isUnknown(a) || isUnknown(b)) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => equalIgnoringUnknown(x, b[i]));
  const ra = rec(a);
  const rb = rec(b);
  if (ra && rb) {
    const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
    for (const k of keys) if (!equalIgnoringUnknown(ra[k], rb[k])) return false;
    return true;
  }
  return a === b;
}

/** A copy of `inputs` without the (dotted, `a.b[0].c`) paths given, as `ignoreChanges` does. */
export function withoutPaths(inputs: Record<string, unknown>, paths: string[]): Record<string, unknown> {
  if (paths.length === 0) return inputs;
  const copy = JSON.parse(JSON.stringify(inputs)) as Record<string, unknown>;
  for (const path of paths) {
    const parts = path.replace(/\[(\d+)\]/g, ".$1").split(".");
    let cur: unknown = copy;
    for (const part of parts.slice(0, -1)) cur = (cur as Record<string, unknown> | undefined)?.[part];
    const last = parts[parts.length - 1] as string;
    if (cur && typeof cur === "object") delete (cur as Record<string, unknown>)[last];
  }
  return copy;
}

/** Top-level input keys that differ between two versions of a resource. */
export function changedInputs(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => !equalIgnoringUnknown(before[k], after[k])).sort();
}

/** Would a change of these properties replace a resource of this type? */
export function replaces(type: string, props: string[]): string[] {
  const on = REPLACE_ON[type];
  if (!on) return [];
  if (on.includes("*")) return props.filter((p) => !TAG_KEYS.has(p));
  return props.filter((p) => on.includes(p));
}

/** The time report of one environment. */
export function timeReport(
  layers: Array<{ layer: string; graph: ResourceGraph }>,
  opts: AnalyticsOptions,
): TimeReport {
  const cpus = Math.max(1, Math.floor(opts.cpus ?? 2));
  const parallelism = 4 * cpus;
  const notes = new Set<string>();
  const defaulted = new Map<string, number>();
  const fresh = layers.map(({ layer, graph }) => {
    const t = tasksOf(graph);
    for (const [k, v] of t.defaulted) defaulted.set(k, v);
    return { layer, graph, tasks: t.tasks };
  });
  const report: TimeReport = {
    env: opts.env,
    cpus,
    parallelism,
    fresh: estimate(fresh, parallelism, notes),
    defaulted: [...defaulted.entries()]
      .map(([type, seconds]) => ({ type, seconds }))
      .sort((a, b) => a.type.localeCompare(b.type)),
    assumptions: [],
  };
  if (opts.previous !== undefined) {
    const prev = previousResources(opts.previous);
    if (prev.size > 0) report.update = updateEstimate(layers, prev, parallelism, notes);
    else notes.add("previous plan holds no resource inputs: no update estimate");
  }
  report.assumptions = [
    `Parallelism ${parallelism} (Pulumi's default 4 x ${cpus} CPUs; pass --cpus to match the runner).`,
    "Durations are typical (p50) create times from logs and provider tests, not ceilings; layers deploy one after the other.",
    `Types without data take ${DEFAULT_DURATION.create} s.`,
    ...[...notes].sort(),
  ];
  return report;
}

function updateEstimate(
  layers: Array<{ layer: string; graph: ResourceGraph }>,
  prev: Map<string, GraphResource>,
  workers: number,
  notes: Set<string>,
): NonNullable<TimeReport["update"]> {
  const created: string[] = [];
  const replaced: Array<{ urn: string; properties: string[] }> = [];
  const updated: string[] = [];
  const current = new Set<string>();
  const est: Array<{ layer: string; graph: ResourceGraph; tasks: Task[] }> = [];
  let deletePhase = 0;
  for (const { layer, graph } of layers) {
    const kind = new Map<string, "create" | "replace" | "deleteReplace" | "update" | "same">();
    const expand = expander(graph);
    const { tasks } = tasksOf(graph);
    const order = topo(tasks, new Map(tasks.map((t, i) => [t.id, i])));
    for (const urn of order) {
      const r = graph.byUrn(urn);
      current.add(urn);
      const p = prev.get(urn);
      if (!p) {
        kind.set(urn, "create");
        created.push(urn);
        continue;
      }
      const ignore = r.options.ignoreChanges ?? [];
      const changed = changedInputs(withoutPaths(p.inputs ?? {}, ignore), withoutPaths(r.inputs, ignore));
      // inputs fed by a replaced resource change too (new id/ARN)
      for (const [prop, urns] of Object.entries(r.propertyDependencies)) {
        const k = (u: string) => kind.get(u);
        if (
          urns.flatMap(expand).some((u) => k(u) === "replace" || k(u) === "deleteReplace") &&
          !changed.includes(prop)
        )
          changed.push(prop);
      }
      const forced = r.options.replaceOnChanges ?? [];
      const rep = [
        ...new Set([
          ...replaces(r.type, changed),
          ...changed.filter((k) => forced.some((f) => f === "*" || f === k || f.startsWith(`${k}.`))),
        ]),
      ].sort();
      if (rep.length) {
        kind.set(urn, r.options.deleteBeforeReplace ? "deleteReplace" : "replace");
        replaced.push({ urn, properties: rep });
        if (!r.options.deleteBeforeReplace) deletePhase = Math.max(deletePhase, durationOf(r).seconds);
      } else if (changed.length) {
        kind.set(urn, "update");
        updated.push(urn);
      } else kind.set(urn, "same");
    }
    const seconds = (r: GraphResource) => {
      const k = kind.get(r.urn);
      const d = durationOf(r).seconds;
      if (k === "create" || k === "replace") return d;
      // deleteBeforeReplace: the old one goes first (delete ~ create time), then the new one
      if (k === "deleteReplace") return 2 * d;
      if (k === "update")
        return r.type === "aws:ecs/service:Service" ? d : Math.min(d, DURATIONS[r.type]?.update ?? 10);
      return 0;
    };
    est.push({ layer, graph, tasks: tasksOf(graph, seconds).tasks });
  }
  const deleted = [...prev.keys()].filter((u) => !current.has(u) && prev.get(u)?.custom !== false);
  for (const u of deleted) {
    const p = prev.get(u);
    if (p) deletePhase = Math.max(deletePhase, durationOf(p).seconds);
  }
  const e = estimate(est, workers, notes);
  if (deletePhase > 0) {
    notes.add(
      `update: deletes of removed and replaced resources run last (Pulumi creates before it deletes); ~${deletePhase} s assumed (delete ~ create time)`,
    );
    e.seconds += deletePhase;
  }
  return { ...e, created, replaced, updated, deleted };
}
