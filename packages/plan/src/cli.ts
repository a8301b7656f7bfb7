/**
 * The `berth` command line. `berth plan <env>` runs every layer of an environment (stacks/account,
 * stacks/network, stacks/platform, stacks/workloads) in-process under the mock engine, feeding each layer's outputs
 * to the next layer's `StackReference`s, runs the policy packs, prints a tree and writes
 * `plan-out/<env>.md` and `plan-out/<env>.json`. No cloud credentials, no Pulumi CLI.
 */
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import * as path from "node:path";
import type { EnforcementLevel, Policy } from "@pulumi/policy";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import pc from "picocolors";
import { parse as parseYaml } from "yaml";
import { analyze, loadUsageFile, renderAnalyticsMarkdown, renderAnalyticsTerminal } from "./analytics";
import { capture, type Program } from "./capture";
import { renderConformance } from "./catalog/check";
import { loadProject, loadStackConfig, type ProjectFile } from "./config";
import { findStaleBuilds, type StaleBuild } from "./config/stale-build";
import type { ResourceGraph } from "./graph";
import { type AcceptedFinding, applyAccepted, type PolicyPackConfig, parseAccepted } from "./policy/config";
import { AnalyzerProcess, evaluateOverGrpc } from "./policy/grpc";
import { type PolicyPackInput, runPolicies } from "./policy/runner";
import {
  analyzeLayers,
  DEFAULT_MIN_FRACTION,
  plannedResources,
  renderJson,
  renderMarkdown,
  renderTree,
} from "./report";
import type { LayerPlan, PlanReport, PlanViolation } from "./report/types";

/** Where the command writes. Tests pass their own. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Directory relative paths resolve against. @default process.cwd() */
  cwd: string;
  /** Colour the terminal output. @default stdout is a TTY and NO_COLOR is unset */
  color: boolean;
}

/**
 * Exit codes: 0 the plan passed, 1 a mandatory violation, 2 the plan could not run (bad option,
 * a policy pack that cannot be loaded or no pack at all, a stale build, a failing program or a
 * missing cross-stack value).
 */
export const EXIT = { ok: 0, mandatory: 1, error: 2 } as const;

/** Layers in deployment order; other layer directories follow alphabetically. */
export const LAYER_ORDER = ["account", "network", "platform", "workloads"];

/**
 * The Pulumi organization of the planned stacks: layers name each other
 * `<pulumi.getOrganization()>/<project>/<env>` (`layerReference` in @berth/stack-config); the plan
 * runs them as a self-managed backend does, in the organization `organization`.
 */
export const PLAN_ORGANIZATION = "organization";

interface PlanOptions {
  layer?: string[];
  format: "tree" | "markdown" | "json";
  out?: string;
  preview?: boolean;
  program?: string;
  project?: string;
  config?: string;
  root?: string;
  policyPack?: string[];
  policyConfigDir?: string;
  policies: boolean;
  grpc?: boolean;
  cost: boolean;
  time: boolean;
  previous?: string;
  usage?: string;
  cpus?: number;
  color?: boolean;
}

/** A discovered layer: a directory under `stacks/` with a Pulumi project file. */
export interface Layer {
  name: string;
  dir: string;
  project: ProjectFile;
}

/** A policy pack ready for the runner. */
type Pack = PolicyPackInput;

class CliError extends Error {}

/** The repository root: the nearest directory up from `from` holding `pnpm-workspace.yaml`. */
export function findRoot(from: string): string {
  let dir = path.resolve(from);
  for (;;) {
    if (existsSync(path.join(dir, "pnpm-workspace.yaml"))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return path.resolve(from);
    dir = up;
  }
}

/** Every layer under `<root>/stacks`, in {@link LAYER_ORDER}. */
export function discoverLayers(root: string): Layer[] {
  const stacks = path.join(root, "stacks");
  if (!existsSync(stacks)) return [];
  const dirs = readdirSync(stacks)
    .filter((d) => statSync(path.join(stacks, d)).isDirectory())
    .filter(
      (d) =>
        existsSync(path.join(stacks, d, "Pulumi.yaml")) || existsSync(path.join(stacks, d, "Pulumi.yml")),
    );
  const rank = (d: string) => {
    const i = LAYER_ORDER.indexOf(d);
    return i < 0 ? LAYER_ORDER.length : i;
  };
  dirs.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return dirs.map((name) => {
    const dir = path.join(stacks, name);
    return { name, dir, project: loadProject(dir) };
  });
}

/**
 * A program file as a {@link Program}, in either form Pulumi accepts: a module exporting a
 * function (`program`, `default`, or `export =`) that builds the resources and returns the stack
 * outputs, or a conventional program that creates its resources when the module loads and whose
 * exports are the stack outputs. The module is loaded inside the capture (so a conventional
 * program registers under the mock engine) and afresh for every capture, together with the other
 * files of its directory.
 */
export function programFromFile(file: string): Program {
  return () => {
    const dir = path.dirname(file) + path.sep;
    for (const key of Object.keys(require.cache))
      if (key.startsWith(dir) && !key.includes(`${path.sep}node_modules${path.sep}`))
        delete require.cache[key];
    let mod: { program?: unknown; default?: unknown } | undefined;
    try {
      mod = require(file) as typeof mod;
    } catch (err) {
      // Node cannot parse TypeScript by itself: say so instead of a syntax error from inside.
      if (err instanceof SyntaxError && /\.[cm]?ts$/.test(file) && !require.extensions[".ts"])
        throw new CliError(
          `${file}: a TypeScript file and no TypeScript loader is registered in this Node process; ` +
            "compile it to .js, or run berth under a loader (node -r ts-node/register)",
        );
      throw err;
    }
    if (typeof mod === "function") return (mod as Program)();
    if (typeof mod?.program === "function") return (mod.program as Program)();
    if (typeof mod?.default === "function") return (mod.default as Program)();
    return mod;
  };
}

/** The layer's program file: `dist/program.js`, else the `main` of its `Pulumi.yaml`. */
export function layerProgramFile(layer: Layer): string {
  const candidates = [path.join(layer.dir, "dist", "program.js")];
  if (layer.project.main) candidates.push(path.resolve(layer.dir, layer.project.main));
  const file = candidates.find((f) => existsSync(f) && statSync(f).isFile());
  if (!file) {
    throw new CliError(
      `${path.relative(process.cwd(), layer.dir) || layer.dir}: no built program (looked for ${candidates
        .map((c) => path.basename(path.dirname(c)) + "/" + path.basename(c))
        .join(", ")}); run \`pnpm build\` first`,
    );
  }
  return file;
}

/** The layer's program: `dist/program.js`, else the `main` of its `Pulumi.yaml`. */
export function loadLayerProgram(layer: Layer): Program {
  return programFromFile(layerProgramFile(layer));
}

function loadPack(dir: string): Pack {
  if (!existsSync(dir))
    throw new CliError(
      `--policy-pack: ${dir} does not exist; allowed: a policy pack directory (with dist/policies.js) or a policies.js file`,
    );
  const file = dir.endsWith(".js") ? dir : path.join(dir, "dist", "policies.js");
  if (!existsSync(file)) {
    const hasSource = existsSync(path.join(dir, "src", "policies.ts"));
    throw new CliError(
      `policy pack ${dir}: ${file} not found; ` +
        (hasSource
          ? "run `pnpm build` first"
          : "a pack must export a `policies` array from src/policies.ts (built to dist/policies.js)"),
    );
  }
  const mod = require(file) as {
    policies?: unknown;
    enforcementLevel?: unknown;
    packName?: unknown;
    version?: unknown;
  };
  if (!Array.isArray(mod.policies)) throw new CliError(`${file}: exports no \`policies\` array`);
  const base = dir.endsWith(".js") ? path.basename(dir, ".js") : path.basename(dir);
  let version: string | undefined;
  const pkg = path.join(dir, "package.json");
  if (!dir.endsWith(".js") && existsSync(pkg)) {
    const v = (JSON.parse(readFileSync(pkg, "utf8")) as { version?: unknown }).version;
    if (typeof v === "string") version = v;
  }
  const pack: Pack = {
    name: typeof mod.packName === "string" ? mod.packName : base,
    policies: mod.policies as Policy[],
  };
  if (typeof mod.enforcementLevel === "string")
    pack.enforcementLevel = mod.enforcementLevel as EnforcementLevel;
  if (typeof mod.version === "string") pack.version = mod.version;
  else if (version) pack.version = version;
  return pack;
}

const formats = ["tree", "markdown", "json"] as const;

function parseCpus(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || n < CPUS_RANGE.min || n > CPUS_RANGE.max)
    throw new InvalidArgumentError(
      `got "${v}"; allowed: an integer from ${CPUS_RANGE.min} to ${CPUS_RANGE.max}`,
    );
  return n;
}

/** The version in this package's package.json (one directory above both src/ and dist/). */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(__dirname, "..", "package.json"), "utf8")) as {
    version?: unknown;
  };
  return typeof pkg.version === "string" ? pkg.version : "unknown";
}

function parseFormat(v: string): PlanOptions["format"] {
  if (!(formats as readonly string[]).includes(v))
    throw new InvalidArgumentError(`got "${v}"; allowed: ${formats.join(", ")}`);
  return v as PlanOptions["format"];
}

const collect = (v: string, prev: string[] | undefined) => [...(prev ?? []), ...v.split(",").filter(Boolean)];

/** A path relative to `cwd` when it is below it, else absolute. */
function display(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith("..") ? rel : file;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** What {@link planEnvironment} runs. */
export interface PlanEnvironmentOptions {
  /** Environment (stack name), e.g. `dev`. */
  env: string;
  /** Repository root holding `stacks/` and `policies/`. @default the nearest pnpm workspace above `cwd` */
  root?: string;
  /** Directory relative paths resolve against. @default process.cwd() */
  cwd?: string;
  /** Report only these layers (earlier layers still run for their outputs). @default every layer */
  layer?: string[];
  /** Run like `pulumi preview` of new stacks. @default false */
  preview?: boolean;
  /** Plan this one program file (`.js`, or `.ts` under a TypeScript loader) instead of the stacks. @default the stacks */
  program?: string;
  /** Project name for `program`. @default its Pulumi.yaml name, else "berth" */
  project?: string;
  /** Stack config file for `program`. @default Pulumi.<env>.yaml next to it */
  config?: string;
  /** Policy pack directories (or policies.js files). @default every pack under <root>/policies */
  policyPack?: string[];
  /**
   * Directory of per-environment pack configs `<pack>.<env>.json` and accepted findings
   * `accepted.<env>.yaml`. @default <root>/stacks/policy-config
   */
  policyConfigDir?: string;
  /** Run the policy packs. When true, a plan in which no pack ran fails. @default true */
  policies?: boolean;
  /**
   * Evaluate each pack as the Pulumi CLI does: the pack runs as its own process (run-policy-pack,
   * ts-node) and is driven over the analyzer gRPC protocol. Slower (about 10 s to start a pack),
   * and gives the verdict `pulumi preview --policy-pack` gives. @default false (in-process runner)
   */
  grpc?: boolean;
  /** Compute the cost estimate. @default true */
  cost?: boolean;
  /** Compute the deploy-time estimate. @default true */
  time?: boolean;
  /** An earlier plan JSON file, for the cost delta. @default none */
  previous?: string;
  /** Usage assumptions file for the cost estimate. @default the built-in usage figures */
  usage?: string;
  /** CPUs of the machine that runs `pulumi up`, for the deploy-time estimate (parallelism 4 x CPUs). @default 2 */
  cpus?: number;
  /** Date accepted findings are checked against (YYYY-MM-DD). @default today (UTC) */
  today?: string;
  /**
   * Refuse to run a `dist/` older than its `src/` (the layers, the packs and the workspace packages
   * they load). @default true
   */
  checkBuild?: boolean;
  /** Colour progress lines. @default false */
  color?: boolean;
  /** Programs to run instead of a layer's built `dist/program.js`, by layer name (tests pass their source). @default none */
  programs?: Record<string, Program>;
  /**
   * Outputs of other stacks, by `<org>/<project>/<env>`, served to stack references. An upstream
   * layer whose outputs are given here is not run. @default {}
   */
  stackOutputs?: Record<string, Record<string, unknown>>;
  /** Receives progress lines. @default ignored */
  onProgress?: (line: string) => void;
  /**
   * The AWS conformance checks of each layer (see `capture`): `true` fails on the first layer with
   * an input AWS would reject; `"record"` keeps them on each layer's `graph.conformance`. @default true
   */
  conformance?: boolean | "record";
}

/**
 * Where to add a stack output another layer requires: the SDK's "Required output 'x' does not
 * exist on stack 'org/project/env'" names the stack and the output, not the file that exports it.
 */
function missingOutputHint(message: string, root: string): string {
  const m = /Required output '([^']+)' does not exist on stack '([^']+)'/.exec(message);
  if (!m) return "";
  const [, output, stack] = m;
  const project = stack?.split("/").at(-2);
  const owner = discoverLayers(root).find((l) => l.project.name === project);
  const where = owner
    ? `the program of ${path.relative(root, owner.dir)} (project ${project}) must export "${output}"`
    : `the program of project ${project} must export "${output}"`;
  return `\nThe stack ${stack} has no output "${output}": ${where}, or the reading layer must ask for an output it exports.`;
}

/** The smallest and largest `--cpus` accepted. */
export const CPUS_RANGE = { min: 1, max: 256 } as const;

/** The `pnpm build` advice for stale packages. */
function staleMessage(stale: readonly StaleBuild[], root: string): string {
  const lines = stale.map((s) => {
    const src = path.relative(root, s.newestSource.file);
    const when =
      s.builtMs === undefined ? "no dist/ yet" : `dist/ built ${new Date(s.builtMs).toISOString()}`;
    return `  - ${s.name}: ${src} changed ${new Date(s.newestSource.mtimeMs).toISOString()}, ${when}`;
  });
  return (
    `the build is older than the sources; berth plan would run stale code:\n${lines.join("\n")}\n` +
    "run `pnpm build` (or `pnpm plan <env>`, which builds first), then plan again"
  );
}

/** The directory of the package holding `file` (nearest package.json), if `file` is under its `dist/`. */
function builtPackageOf(file: string): string | undefined {
  let dir = path.dirname(file);
  for (;;) {
    if (existsSync(path.join(dir, "package.json")))
      return path.relative(dir, file).split(path.sep)[0] === "dist" ? dir : undefined;
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

function readJsonFile(file: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new CliError(`${what}: ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Checks every option that names a file or a number before anything runs. */
function validateOptions(opts: PlanEnvironmentOptions, cwd: string): void {
  const problems: string[] = [];
  const file = (flag: string, value: string | undefined) => {
    if (value === undefined) return;
    const f = path.resolve(cwd, value);
    if (!existsSync(f) || !statSync(f).isFile())
      problems.push(`${flag}: ${f} not found; allowed: an existing file`);
  };
  if (!opts.program) {
    if (opts.config !== undefined)
      problems.push(
        `--config: given without --program; the stacks read stacks/<layer>/Pulumi.${opts.env}.yaml (pass --program <file> to plan one program with this config)`,
      );
    if (opts.project !== undefined)
      problems.push("--project: given without --program; allowed only with --program");
  }
  file("--program", opts.program);
  file("--config", opts.config);
  file("--usage", opts.usage);
  file("--previous", opts.previous);
  if (opts.policies === false && opts.policyPack?.length)
    problems.push("--policy-pack: given with --no-policies; allowed: one of the two");
  if (opts.policyConfigDir !== undefined) {
    const d = path.resolve(cwd, opts.policyConfigDir);
    if (!existsSync(d) || !statSync(d).isDirectory())
      problems.push(`--policy-config-dir: ${d} not found; allowed: an existing directory`);
  }
  if (
    opts.cpus !== undefined &&
    (!Number.isInteger(opts.cpus) || opts.cpus < CPUS_RANGE.min || opts.cpus > CPUS_RANGE.max)
  )
    problems.push(
      `--cpus: got ${opts.cpus}; allowed: an integer from ${CPUS_RANGE.min} to ${CPUS_RANGE.max}`,
    );
  if (problems.length === 1) throw new CliError(problems[0]);
  if (problems.length > 1) throw new CliError(`invalid options:\n  - ${problems.join("\n  - ")}`);
}

/** One program the plan runs: a stack layer, or the file given with `--program`. */
interface Job {
  layer: string;
  project: string;
  config: Record<string, unknown>;
  secretKeys: string[];
  program: () => Program;
  /** Whether the layer is reported (a layer before a selected one runs only for its outputs). */
  report: boolean;
}

/** The job for `--program`: the file, with its Pulumi.yaml and stack config when it has them. */
function programJob(opts: PlanEnvironmentOptions, program: string, cwd: string, builtDirs: string[]): Job {
  const file = path.resolve(cwd, program);
  const dir = path.dirname(file);
  let project = opts.project ?? "berth";
  let config: Record<string, unknown> = {};
  let secretKeys: string[] = [];
  const projectDir = opts.config ? path.dirname(path.resolve(cwd, opts.config)) : dir;
  if (existsSync(path.join(projectDir, "Pulumi.yaml"))) {
    const p = loadProject(projectDir);
    project = opts.project ?? p.name;
    const sc = loadStackConfig(p, opts.env, opts.config ? path.resolve(cwd, opts.config) : undefined);
    config = sc.config;
    secretKeys = sc.secretKeys;
  }
  const pkg = builtPackageOf(file);
  if (pkg) builtDirs.push(pkg);
  return {
    layer: path.basename(file, path.extname(file)),
    project,
    config,
    secretKeys,
    program: () => programFromFile(file),
    report: true,
  };
}

/** The jobs for the stack layers: every layer up to the last one selected with `--layer`. */
function layerJobs(opts: PlanEnvironmentOptions, root: string, builtDirs: string[]): Job[] {
  const env = opts.env;
  const layers = discoverLayers(root);
  if (layers.length === 0)
    throw new CliError(`${path.join(root, "stacks")}: no layers (directories with Pulumi.yaml)`);
  const wanted = opts.layer ?? [];
  for (const w of wanted) {
    if (!layers.some((l) => l.name === w))
      throw new CliError(`--layer: got "${w}"; allowed: ${layers.map((l) => l.name).join(", ")}`);
  }
  // A selected layer still needs the outputs of the layers before it.
  const lastWanted = wanted.length
    ? Math.max(...wanted.map((w) => layers.findIndex((l) => l.name === w)))
    : layers.length - 1;
  const jobs: Job[] = [];
  for (const layer of layers.slice(0, lastWanted + 1)) {
    const sc = loadStackConfig(layer.project, env);
    if (!sc.file) {
      const envs = readdirSync(layer.dir)
        .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
        .filter((e): e is string => !!e);
      throw new CliError(
        `${path.relative(root, layer.dir)}: no Pulumi.${env}.yaml; environments: ${envs.join(", ") || "(none)"}`,
      );
    }
    const given = opts.programs?.[layer.name];
    if (!given) {
      const pkg = builtPackageOf(layerProgramFile(layer));
      if (pkg) builtDirs.push(pkg);
    }
    jobs.push({
      layer: layer.name,
      project: layer.project.name,
      config: sc.config,
      secretKeys: sc.secretKeys,
      program: () => given ?? loadLayerProgram(layer),
      report: wanted.length === 0 || wanted.includes(layer.name),
    });
  }
  return jobs;
}

/** The policy packs, their per-environment configs and the accepted findings of a plan. */
interface PlanPolicies {
  packs: Array<{ dir: string; pack: ReturnType<typeof loadPack> }>;
  packConfigs: Record<string, PolicyPackConfig>;
  acceptances: AcceptedFinding[];
  acceptedFile?: string;
}

/**
 * Loads the policy packs, their configs and the accepted findings before any layer runs. A pack
 * that is named and cannot be loaded, or a plan with no pack at all, fails: the plan is a gate.
 */
function loadPolicies(
  opts: PlanEnvironmentOptions,
  cwd: string,
  root: string,
  builtDirs: string[],
): PlanPolicies {
  const env = opts.env;
  const packDirs =
    opts.policies === false ? [] : (opts.policyPack?.map((p) => path.resolve(cwd, p)) ?? defaultPacks(root));
  if (opts.policies !== false && packDirs.length === 0)
    throw new CliError(
      `no policy packs under ${path.join(root, "policies")} and none given with --policy-pack; ` +
        "pass --no-policies to plan without policies",
    );
  const packs = packDirs.map((d) => ({ dir: d, pack: loadPack(d) }));
  for (const p of packs) if (!p.dir.endsWith(".js")) builtDirs.push(p.dir);
  const configDir = path.resolve(cwd, opts.policyConfigDir ?? path.join(root, "stacks", "policy-config"));
  const packConfigs: Record<string, PolicyPackConfig> = {};
  for (const { pack } of packs) {
    const file = path.join(configDir, `${pack.name}.${env}.json`);
    if (existsSync(file))
      packConfigs[pack.name] = readJsonFile(file, "policy pack config") as PolicyPackConfig;
  }
  const out: PlanPolicies = { packs, packConfigs, acceptances: [] };
  if (packs.length === 0) return out;
  const f = [".yaml", ".yml"].map((e) => path.join(configDir, `accepted.${env}${e}`)).find(existsSync);
  if (!f) return out;
  out.acceptedFile = f;
  try {
    out.acceptances = parseAccepted(parseYaml(readFileSync(f, "utf8")), display(root, f));
  } catch (err) {
    throw new CliError(err instanceof Error ? err.message : String(err));
  }
  return out;
}

/** The usage file and the previous plan, read before the plan runs so a bad file fails first. */
function loadAnalyticsInputs(
  opts: PlanEnvironmentOptions,
  cwd: string,
): { usage?: ReturnType<typeof loadUsageFile>; previous?: unknown } {
  const out: { usage?: ReturnType<typeof loadUsageFile>; previous?: unknown } = {};
  try {
    if (opts.usage) out.usage = loadUsageFile(path.resolve(cwd, opts.usage));
  } catch (err) {
    throw new CliError(`--usage: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (opts.previous) out.previous = readJsonFile(path.resolve(cwd, opts.previous), "--previous");
  return out;
}

/** How a plan reports progress. */
interface Progress {
  c: ReturnType<typeof pc.createColors>;
  line: (s: string) => void;
}

/**
 * Runs the layers in order under the mock engine, each layer's outputs served to the next
 * layer's stack references. Returns the reported layers and every layer that ran.
 */
async function runLayers(
  jobs: Job[],
  opts: PlanEnvironmentOptions,
  root: string,
  { c, line: progress }: Progress,
): Promise<{ layers: LayerPlan[]; captured: Array<{ layer: string; graph: ResourceGraph }> }> {
  const env = opts.env;
  const stackOutputs: Record<string, Record<string, unknown>> = { ...opts.stackOutputs };
  const layers: LayerPlan[] = [];
  // Every layer that ran, reported or not: the resilience analysis needs the platform's capacity.
  const captured: Array<{ layer: string; graph: ResourceGraph }> = [];
  const preview = opts.preview ?? false;
  for (const [i, job] of jobs.entries()) {
    const t0 = Date.now();
    const org = PLAN_ORGANIZATION;
    // An upstream layer whose outputs were given does not need to run.
    if (!job.report && stackOutputs[`${org}/${job.project}/${env}`]) {
      progress(`${c.dim(`[${i + 1}/${jobs.length}]`)} ${job.layer} ${c.dim("(outputs given)")}`);
      continue;
    }
    progress(
      `${c.dim(`[${i + 1}/${jobs.length}]`)} ${job.layer} ${c.dim(`(${org}/${job.project}/${env})`)} …`,
    );
    const base = {
      project: job.project,
      stack: env,
      organization: org,
      config: job.config,
      secretKeys: job.secretKeys,
      stackOutputs: { ...stackOutputs },
    };
    let graph: ResourceGraph;
    let program: Program;
    try {
      program = job.program();
      graph = await capture(program, { ...base, preview, conformance: opts.conformance ?? true });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new CliError(
        `layer ${job.layer} (${job.project}/${env}) failed:\n${message}${missingOutputHint(message, root)}`,
      );
    }
    // In preview mode outputs are unknown; later layers read the outputs of a full run.
    let outputs = graph.stackOutputs;
    if (preview && i < jobs.length - 1)
      outputs = (await capture(program, { ...base, preview: false, conformance: false })).stackOutputs;
    for (const name of [`${org}/${job.project}/${env}`, `${job.project}/${env}`])
      stackOutputs[name] = outputs;
    captured.push({ layer: job.layer, graph });
    const durationMs = Date.now() - t0;
    const count = plannedResources(graph.resources).length;
    progress(`      ${c.green("✓")} ${count} resources ${c.dim(`in ${seconds(durationMs)}`)}`);
    if (job.report)
      layers.push({ layer: job.layer, project: job.project, stack: env, graph, violations: [], durationMs });
  }
  return { layers, captured };
}

/** Evaluates every pack on every reported layer: in-process, or over gRPC as the Pulumi CLI does. */
async function evaluatePolicies(
  layers: LayerPlan[],
  policies: PlanPolicies,
  grpc: boolean,
  { c, line: progress }: Progress,
): Promise<void> {
  const { packs, packConfigs } = policies;
  progress(`${c.dim("[policies]")} ${packs.map((p) => p.pack.name).join(", ")} …`);
  const dirs = packs.filter((p) => !p.dir.endsWith(".js"));
  if (grpc && dirs.length > 0) {
    // One analyzer process per pack, started in parallel, shared by every layer.
    const analyzers = await Promise.all(
      dirs.map(async (d) => ({ name: d.pack.name, analyzer: await AnalyzerProcess.start(d.dir) })),
    );
    progress(
      `${c.dim("[policies]")} over gRPC: ${analyzers.map((a) => `${a.name} started in ${seconds(a.analyzer.startMs)}`).join(", ")}`,
    );
    try {
      for (const l of layers) {
        l.violations = [];
        for (const { name, analyzer } of analyzers)
          l.violations.push(...(await evaluateOverGrpc(analyzer, l.graph, packConfigs[name])).violations);
      }
    } finally {
      await Promise.all(analyzers.map((a) => a.analyzer.close()));
    }
    return;
  }
  const inputs = packs.map((p) => p.pack);
  for (const l of layers)
    l.violations = (await runPolicies(l.graph, inputs, undefined, { packConfigs })).map((v) => ({ ...v }));
}

/** Moves the advisory violations accepted until a date, with a reason, out of each layer's violations. */
function applyAcceptedFindings(
  report: PlanReport,
  policies: PlanPolicies,
  acceptedFile: string,
  root: string,
  today: string | undefined,
): void {
  const layers = report.layers;
  const all = layers.flatMap((l) => l.violations.map((v) => ({ ...v, layer: l.layer })));
  const outcome = applyAccepted(all, policies.acceptances, today);
  for (const l of layers) {
    const mine = (v: { layer: string }) => v.layer === l.layer;
    const strip = ({ layer: _layer, ...v }: PlanViolation & { layer: string }): PlanViolation => v;
    l.violations = outcome.kept.filter(mine).map(strip);
    l.accepted = outcome.accepted
      .filter((a) => mine(a.violation))
      .map((a) => ({ ...strip(a.violation), reason: a.acceptance.reason, expires: a.acceptance.expires }));
  }
  report.accepted = {
    file: display(root, acceptedFile),
    expired: outcome.expired,
    stale: outcome.stale,
    refused: outcome.refused,
  };
}

/** The monthly cost and the deploy time of the reported layers; skipped (with a progress line) when they fail. */
function addAnalytics(
  report: PlanReport,
  opts: PlanEnvironmentOptions,
  inputs: ReturnType<typeof loadAnalyticsInputs>,
  { c, line: progress }: Progress,
): void {
  if (opts.cost === false && opts.time === false) return;
  const aopts: Parameters<typeof analyze>[1] = {
    env: opts.env,
    cost: opts.cost !== false,
    time: opts.time !== false,
  };
  if (inputs.previous !== undefined) aopts.previous = inputs.previous;
  if (inputs.usage) aopts.usage = inputs.usage;
  if (opts.cpus !== undefined) aopts.cpus = opts.cpus;
  try {
    const result = analyze(
      report.layers.map((l) => ({ layer: l.layer, graph: l.graph })),
      aopts,
    );
    report.analytics = {
      terminal: renderAnalyticsTerminal(result),
      markdown: renderAnalyticsMarkdown(result),
      json: result,
    };
  } catch (err) {
    progress(`${c.yellow("analytics skipped")}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * Plans an environment in-process: runs each layer in order under the mock engine, feeding each
 * layer's outputs to the next layer's stack references, then the policy packs and the analytics.
 * Every option, the policy packs, their configs and the freshness of the build are checked before
 * any layer runs. Throws (naming the layer, option or file) when the plan cannot run.
 */
export async function planEnvironment(opts: PlanEnvironmentOptions): Promise<PlanReport> {
  const env = opts.env;
  if (!/^[A-Za-z0-9._-]+$/.test(env))
    throw new CliError(`environment: got "${env}"; allowed: letters, digits, ".", "_", "-"`);
  const cwd = opts.cwd ?? process.cwd();
  const root = opts.root ? path.resolve(cwd, opts.root) : findRoot(cwd);
  const progress: Progress = { c: pc.createColors(opts.color ?? false), line: (s) => opts.onProgress?.(s) };
  validateOptions(opts, cwd);

  // Everything is read and checked before any layer runs. `builtDirs`: the packages whose dist/
  // this plan loads, checked against their sources.
  const builtDirs: string[] = [];
  const jobs = opts.program
    ? [programJob(opts, opts.program, cwd, builtDirs)]
    : layerJobs(opts, root, builtDirs);
  const policies = loadPolicies(opts, cwd, root, builtDirs);
  const analyticsInputs = loadAnalyticsInputs(opts, cwd);
  // What runs must be what the sources say: this command too, when it runs from its own dist/.
  if (opts.checkBuild !== false) {
    const self = builtPackageOf(__filename);
    if (self) builtDirs.push(self);
    const stale = findStaleBuilds(builtDirs);
    if (stale.length) throw new CliError(staleMessage(stale, root));
  }

  const { layers, captured } = await runLayers(jobs, opts, root, progress);
  const report: PlanReport = {
    env,
    preview: opts.preview ?? false,
    layers,
    policies: { ran: false, packs: [] },
  };
  if (opts.policies === false) report.policies.note = "--no-policies";
  else {
    await evaluatePolicies(layers, policies, opts.grpc ?? false, progress);
    report.policies = { ran: true, packs: policies.packs.map((p) => p.pack.name) };
    if (policies.acceptedFile)
      applyAcceptedFindings(report, policies, policies.acceptedFile, root, opts.today);
  }
  // Resilience: every layer's resources together, with the prod rule's floor from the pack config.
  report.resilience = analyzeLayers(
    captured,
    layers.map((l) => l.layer),
    resilienceMinFraction(policies.packConfigs["aws-containers"]),
  );
  addAnalytics(report, opts, analyticsInputs, progress);
  return report;
}

/**
 * The `minFraction` of the `ecs-service-resilience` rule in an aws-containers pack config, so the
 * report marks the shortfalls the rule reports. @default 0.5 (the rule's default, when not set)
 */
export function resilienceMinFraction(config: PolicyPackConfig | undefined): number {
  const entry = config?.["ecs-service-resilience"];
  const value = entry !== null && typeof entry === "object" ? entry["minFraction"] : undefined;
  if (value === undefined) return DEFAULT_MIN_FRACTION;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > 1)
    throw new CliError(
      `aws-containers config: ecs-service-resilience.minFraction: got ${JSON.stringify(value)}; allowed: a number from 0 to 1`,
    );
  return value;
}

async function plan(envArg: string | undefined, opts: PlanOptions, io: CliIo): Promise<number> {
  const env = envArg ?? "dev";
  const root = opts.root ? path.resolve(io.cwd, opts.root) : findRoot(io.cwd);
  const outDir = path.resolve(io.cwd, opts.out ?? path.join(root, "plan-out"));
  const color = opts.color === false ? false : io.color;
  const c = pc.createColors(color);
  const progress = (s: string) => io.stderr(`${s}\n`);
  const started = Date.now();
  const { format: _format, out: _out, color: _color, ...rest } = opts;
  // The report directory must be writable before the plan runs, not after.
  try {
    mkdirSync(outDir, { recursive: true });
    accessSync(outDir, constants.W_OK);
  } catch (err) {
    throw new CliError(
      `--out: cannot write to ${outDir}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const report = await planEnvironment({
    ...rest,
    env,
    root,
    cwd: io.cwd,
    color,
    onProgress: progress,
    conformance: "record",
  });
  const layers = report.layers;

  // Reports.
  const md = renderMarkdown(report);
  const json = renderJson(report);
  const mdFile = path.join(outDir, `${env}.md`);
  const jsonFile = path.join(outDir, `${env}.json`);
  writeFileSync(mdFile, md);
  writeFileSync(jsonFile, json);
  if (opts.format === "markdown") io.stdout(md.endsWith("\n") ? md : `${md}\n`);
  else if (opts.format === "json") io.stdout(json);
  else io.stdout(`${renderTree(report, { color })}\n`);
  progress(
    `${c.dim("wrote")} ${display(io.cwd, mdFile)}, ${display(io.cwd, jsonFile)} ` +
      c.dim(`(${seconds(Date.now() - started)})`),
  );

  // AWS conformance: inputs AWS would reject, in a section of their own; any fails the plan.
  const rejected = layers.flatMap((l) => l.graph.conformance?.violations ?? []);
  if (rejected.length > 0) {
    const skipped = layers.flatMap((l) => l.graph.conformance?.skipped ?? []);
    const section = renderConformance({ violations: rejected, skipped });
    if (opts.format === "markdown" || opts.format === "json") progress(section);
    else io.stdout(`\n${section}\n`);
    progress(
      c.red(
        `${rejected.length} input${rejected.length === 1 ? "" : "s"} AWS would reject: a real \`pulumi up\` would fail.`,
      ),
    );
    return EXIT.mandatory;
  }

  const mandatory = layers.flatMap((l) => l.violations).filter((v) => v.level === "mandatory").length;
  if (mandatory > 0) {
    progress(
      c.red(
        `${mandatory} mandatory policy violation${mandatory === 1 ? "" : "s"}: a real \`pulumi up\` would fail.`,
      ),
    );
    return EXIT.mandatory;
  }
  return EXIT.ok;
}

/** The policy packs under `<root>/policies`, sorted. */
export function defaultPacks(root: string): string[] {
  const dir = path.join(root, "policies");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((d) => existsSync(path.join(dir, d, "package.json")))
    .sort()
    .map((d) => path.join(dir, d));
}

/** Builds the command; `run` receives the exit code of the plan. */
function buildCommand(io: CliIo, setCode: (code: number) => void): Command {
  const program = new Command("berth")
    .description("Berth: plan AWS container platforms offline, under Pulumi's mock engine.")
    .version(packageVersion(), "-V, --version", "print the version of @berth/plan")
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError();
  program
    .command("plan")
    .description(
      "Plan an environment: run every layer (stacks/network, stacks/platform, stacks/workloads) in-process, " +
        "print the resource tree and policy violations, write plan-out/<env>.md and plan-out/<env>.json.",
    )
    .argument("[env]", "environment (the stack name: dev, staging, prod)", "dev")
    .option(
      "-l, --layer <name>",
      "plan only this layer (repeatable or comma-separated); earlier layers still run for their outputs",
      collect,
    )
    .addOption(
      new Option("-f, --format <format>", "what to print on stdout: tree, markdown or json")
        .default("tree")
        .argParser(parseFormat),
    )
    .option("-o, --out <dir>", "directory for <env>.md and <env>.json (default: <root>/plan-out)")
    .option("--preview", "run like `pulumi preview` of new stacks: computed outputs unknown")
    .option(
      "--program <file>",
      "plan one program file instead of the stacks: a module exporting program() (or a default function), " +
        "or a conventional Pulumi program that creates its resources when loaded; .js, or .ts under a TypeScript loader",
    )
    .option("--project <name>", "project name for --program (default: its Pulumi.yaml name, else berth)")
    .option("--config <Pulumi.env.yaml>", "stack config file for --program (default: next to the program)")
    .option("--root <dir>", "repository root holding stacks/ and policies/ (default: nearest pnpm workspace)")
    .option(
      "--policy-pack <dir>",
      "policy pack directory or policies.js file (repeatable; default: every policies/* pack)",
      collect,
    )
    .option(
      "--policy-config-dir <dir>",
      "directory of pack configs <pack>.<env>.json (default: <root>/stacks/policy-config)",
    )
    .option("--no-policies", "do not run the policy packs")
    .option("--grpc", "run each pack as its own process over the analyzer protocol, as the Pulumi CLI does")
    .option("--no-cost", "skip the monthly cost estimate")
    .option("--no-time", "skip the deploy-time estimate")
    .option("--previous <plan.json>", "an earlier plan-out/<env>.json, for the cost delta")
    .option("--usage <file>", "usage assumptions for the cost estimate (YAML or JSON)")
    .option(
      "--cpus <n>",
      "CPUs of the machine that runs `pulumi up`, for the deploy-time estimate (parallelism 4 x CPUs; default 2)",
      parseCpus,
    )
    .option("--no-color", "plain output")
    .action(async (env: string | undefined, opts: PlanOptions) => {
      setCode(await plan(env, opts, io));
    });
  return program;
}

/**
 * Runs the command line with `argv` (without `node` and the script) and returns the exit code:
 * 0 when the plan passed, 1 on a mandatory violation, 2 when it could not run.
 */
export async function main(argv: string[], partial: Partial<CliIo> = {}): Promise<number> {
  const io: CliIo = {
    stdout: partial.stdout ?? ((s) => process.stdout.write(s)),
    stderr: partial.stderr ?? ((s) => process.stderr.write(s)),
    cwd: partial.cwd ?? process.cwd(),
    color: partial.color ?? (process.stdout.isTTY === true && !process.env["NO_COLOR"]),
  };
  let code: number = EXIT.ok;
  try {
    await buildCommand(io, (c) => {
      code = c;
    }).parseAsync(argv, { from: "user" });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.error;
    io.stderr(
      `${pc.createColors(io.color).red("error")}: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    return EXIT.error;
  }
}
