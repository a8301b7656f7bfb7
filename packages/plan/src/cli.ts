/**
 * The `berth` command line. `berth plan <env>` runs every layer of an environment (stacks/network,
 * stacks/platform, stacks/workloads) in-process under the mock engine, feeding each layer's outputs
 * to the next layer's `StackReference`s, runs the policy packs, prints a tree and writes
 * `plan-out/<env>.md` and `plan-out/<env>.json`. No cloud credentials, no Pulumi CLI.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import type { EnforcementLevel, Policy } from "@pulumi/policy";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import pc from "picocolors";
import { analyze, loadUsageFile, renderAnalyticsMarkdown, renderAnalyticsTerminal } from "./analytics";
import { capture, type Program } from "./capture";
import { renderConformance } from "./catalog/check";
import { loadProject, loadStackConfig, type ProjectFile } from "./config";
import type { ResourceGraph } from "./graph";
import type { PolicyPackConfig } from "./policy/config";
import { AnalyzerProcess, evaluateOverGrpc } from "./policy/grpc";
import { type PolicyPackInput, runPolicies } from "./policy/runner";
import { renderJson, renderMarkdown, renderTree } from "./report";
import type { LayerPlan, PlanReport } from "./report/types";

/** Where the command writes. Tests pass their own. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Directory relative paths resolve against. @default process.cwd() */
  cwd: string;
  /** Colour the terminal output. @default stdout is a TTY and NO_COLOR is unset */
  color: boolean;
}

/** Exit codes: 0 plan ok, 1 mandatory violation, 2 the plan could not run. */
export const EXIT = { ok: 0, mandatory: 1, error: 2 } as const;

/** Layers in deployment order; other layer directories follow alphabetically. */
export const LAYER_ORDER = ["network", "platform", "workloads"];

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

/** Picks the program function out of a loaded module: `program`, `default`, or the module itself. */
function programOf(mod: unknown, file: string): Program {
  const m = mod as { program?: unknown; default?: unknown } | undefined;
  const fn =
    typeof m?.program === "function" ? m.program : typeof m?.default === "function" ? m.default : mod;
  if (typeof fn !== "function") throw new CliError(`${file}: exports no program() function`);
  return fn as Program;
}

/** The layer's program: `dist/program.js`, else the `main` of its `Pulumi.yaml`. */
export function loadLayerProgram(layer: Layer): Program {
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
  return programOf(require(file), file);
}

function loadPack(dir: string): Pack {
  const file = dir.endsWith(".js") ? dir : path.join(dir, "dist", "policies.js");
  if (!existsSync(file))
    throw new CliError(`policy pack ${dir}: ${file} not found; run \`pnpm build\` first`);
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
  /** Plan this one program file instead of the stacks. */
  program?: string;
  /** Project name for `program`. @default its Pulumi.yaml name, else "berth" */
  project?: string;
  /** Stack config file for `program`. @default Pulumi.<env>.yaml next to it */
  config?: string;
  /** Policy pack directories (or policies.js files). @default every pack under <root>/policies */
  policyPack?: string[];
  /** Directory of per-environment pack configs `<pack>.<env>.json`. @default <root>/stacks/policy-config */
  policyConfigDir?: string;
  /** Run the policy packs. @default true */
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
  /** An earlier plan JSON file, for the cost delta. */
  previous?: string;
  /** Usage assumptions file for the cost estimate. */
  usage?: string;
  /** Colour progress lines. @default false */
  color?: boolean;
  /** Programs to run instead of a layer's built `dist/program.js`, by layer name (tests pass their source). */
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
 * Plans an environment in-process: runs each layer in order under the mock engine, feeding each
 * layer's outputs to the next layer's stack references, then the policy packs and the analytics.
 * Throws (naming the layer) when a program fails.
 */
export async function planEnvironment(opts: PlanEnvironmentOptions): Promise<PlanReport> {
  const env = opts.env;
  if (!/^[A-Za-z0-9._-]+$/.test(env))
    throw new CliError(`environment: got "${env}"; allowed: letters, digits, ".", "_", "-"`);
  const cwd = opts.cwd ?? process.cwd();
  const io = { cwd };
  const root = opts.root ? path.resolve(cwd, opts.root) : findRoot(cwd);
  const c = pc.createColors(opts.color ?? false);
  const progress = (s: string) => opts.onProgress?.(s);

  // Which programs to run.
  interface Job {
    layer: string;
    project: string;
    config: Record<string, unknown>;
    secretKeys: string[];
    program: () => Program;
    report: boolean;
  }
  const jobs: Job[] = [];
  if (opts.program) {
    const file = path.resolve(io.cwd, opts.program);
    if (!existsSync(file)) throw new CliError(`--program: ${file} not found`);
    const dir = path.dirname(file);
    let project = opts.project ?? "berth";
    let config: Record<string, unknown> = {};
    let secretKeys: string[] = [];
    const projectDir = opts.config ? path.dirname(path.resolve(io.cwd, opts.config)) : dir;
    if (existsSync(path.join(projectDir, "Pulumi.yaml"))) {
      const p = loadProject(projectDir);
      project = opts.project ?? p.name;
      const sc = loadStackConfig(p, env, opts.config ? path.resolve(cwd, opts.config) : undefined);
      config = sc.config;
      secretKeys = sc.secretKeys;
    }
    jobs.push({
      layer: path.basename(file, path.extname(file)),
      project,
      config,
      secretKeys,
      program: () => programOf(require(file), file),
      report: true,
    });
  } else {
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
      jobs.push({
        layer: layer.name,
        project: layer.project.name,
        config: sc.config,
        secretKeys: sc.secretKeys,
        program: () => opts.programs?.[layer.name] ?? loadLayerProgram(layer),
        report: wanted.length === 0 || wanted.includes(layer.name),
      });
    }
  }

  // Run the layers in order.
  const stackOutputs: Record<string, Record<string, unknown>> = { ...opts.stackOutputs };
  const layers: LayerPlan[] = [];
  const preview = opts.preview ?? false;
  for (const [i, job] of jobs.entries()) {
    const t0 = Date.now();
    const org =
      typeof job.config["berth:org"] === "string" ? (job.config["berth:org"] as string) : "organization";
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
      throw new CliError(
        `layer ${job.layer} (${job.project}/${env}) failed:\n${err instanceof Error ? err.message : String(err)}`,
      );
    }
    // In preview mode outputs are unknown; later layers read the outputs of a full run.
    let outputs = graph.stackOutputs;
    if (preview && i < jobs.length - 1)
      outputs = (await capture(program, { ...base, preview: false, conformance: false })).stackOutputs;
    for (const name of [`${org}/${job.project}/${env}`, `${job.project}/${env}`])
      stackOutputs[name] = outputs;
    const durationMs = Date.now() - t0;
    const custom = graph.resources.filter((r) => r.custom && !r.read).length;
    progress(`      ${c.green("✓")} ${custom} resources ${c.dim(`in ${seconds(durationMs)}`)}`);
    if (job.report)
      layers.push({ layer: job.layer, project: job.project, stack: env, graph, violations: [], durationMs });
  }

  // Policies.
  const report: PlanReport = { env, preview, layers, policies: { ran: false, packs: [] } };
  if (opts.policies === false) report.policies.note = "--no-policies";
  else {
    const packDirs = opts.policyPack?.map((p) => path.resolve(io.cwd, p)) ?? defaultPacks(root);
    if (packDirs.length === 0) report.policies.note = `no policy packs under ${path.join(root, "policies")}`;
    else {
      // A pack without a policies module (src/policies.ts) yet is skipped with a notice.
      const ready = packDirs.filter(
        (d) =>
          d.endsWith(".js") ||
          existsSync(path.join(d, "src", "policies.ts")) ||
          existsSync(path.join(d, "dist", "policies.js")),
      );
      for (const d of packDirs.filter((x) => !ready.includes(x)))
        progress(
          `${c.yellow("skipped")} policy pack ${path.basename(d)}: no src/policies.ts exporting \`policies\``,
        );
      const packs = ready.map(loadPack);
      if (packs.length === 0) report.policies.note = "no policy pack exports policies yet";
      else {
        progress(`${c.dim("[policies]")} ${packs.map((p) => p.name).join(", ")} …`);
        // Per-environment pack config, the files CI passes as policyPackConfigs.
        const configDir = path.resolve(
          cwd,
          opts.policyConfigDir ?? path.join(root, "stacks", "policy-config"),
        );
        const packConfigs: Record<string, PolicyPackConfig> = {};
        for (const p of packs) {
          const file = path.join(configDir, `${p.name}.${env}.json`);
          if (existsSync(file))
            packConfigs[p.name] = JSON.parse(readFileSync(file, "utf8")) as PolicyPackConfig;
        }
        const dirs = ready.filter((d) => !d.endsWith(".js"));
        if (opts.grpc && dirs.length > 0) {
          // One analyzer process per pack, started in parallel, shared by every layer.
          const analyzers = await Promise.all(
            dirs.map(async (d) => ({ name: loadPack(d).name, analyzer: await AnalyzerProcess.start(d) })),
          );
          progress(
            `${c.dim("[policies]")} over gRPC: ${analyzers.map((a) => `${a.name} started in ${seconds(a.analyzer.startMs)}`).join(", ")}`,
          );
          try {
            for (const l of layers) {
              l.violations = [];
              for (const { name, analyzer } of analyzers)
                l.violations.push(
                  ...(await evaluateOverGrpc(analyzer, l.graph, packConfigs[name])).violations,
                );
            }
          } finally {
            await Promise.all(analyzers.map((a) => a.analyzer.close()));
          }
        } else {
          for (const l of layers)
            l.violations = (await runPolicies(l.graph, packs, undefined, { packConfigs })).map((v) => ({
              ...v,
            }));
        }
        report.policies = { ran: true, packs: packs.map((p) => p.name) };
      }
    }
  }

  // Analytics: monthly cost and deploy time.
  if (opts.cost !== false || opts.time !== false) {
    const aopts: Parameters<typeof analyze>[1] = {
      env,
      cost: opts.cost !== false,
      time: opts.time !== false,
    };
    if (opts.previous) aopts.previous = JSON.parse(readFileSync(path.resolve(io.cwd, opts.previous), "utf8"));
    if (opts.usage) aopts.usage = loadUsageFile(path.resolve(io.cwd, opts.usage));
    try {
      const result = analyze(
        layers.map((l) => ({ layer: l.layer, graph: l.graph })),
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

  return report;
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
  mkdirSync(outDir, { recursive: true });
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
    .option("--program <file.js>", "plan one program file (exporting program()) instead of the stacks")
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
    .option("--usage <file>", "usage assumptions for the cost estimate")
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
