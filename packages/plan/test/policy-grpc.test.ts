/**
 * The real protocol: a small pack runs as its own process through `run-policy-pack` (as the CLI
 * starts it) and is driven over gRPC; its verdicts must equal the in-process runner's.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Policy } from "@pulumi/policy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AnalyzerProcess,
  evaluateOverGrpc,
  evaluatePolicies,
  type FixtureResource,
  fixtureGraph,
  type PolicyPackConfig,
  type PolicyRunResult,
  UNKNOWN,
  type Violation,
} from "../src";

// The pack is plain JavaScript so the test exercises the protocol, not ts-node's compile time.
const POLICIES_JS = `
const { validateResourceOfType, remediateResourceOfType, validateStackResourcesOfType } = require("@pulumi/policy");
const Repo = { __pulumiType: "aws:ecr/repository:Repository" };
const Bucket = { __pulumiType: "aws:s3/bucket:Bucket" };
exports.policies = [
  {
    name: "repo-immutable",
    description: "Repositories are immutable.",
    severity: "high",
    validateResource: validateResourceOfType(Repo, (r, args, report) => {
      if (r.imageTagMutability !== "IMMUTABLE") report("mutable: " + (r.imageTagMutability || "unset"));
    }),
  },
  {
    name: "repo-scan-fix",
    description: "Scanning is switched on.",
    enforcementLevel: "remediate",
    severity: "medium",
    remediateResource: remediateResourceOfType(Repo, (r) => r.imageScanningConfiguration ? undefined : { ...r, imageScanningConfiguration: { scanOnPush: true } }),
    validateResource: validateResourceOfType(Repo, (r, args, report) => {
      if (!r.imageScanningConfiguration || r.imageScanningConfiguration.scanOnPush !== true) report("no scan on push");
    }),
  },
  {
    name: "bucket-tags",
    description: "Buckets carry the required tags.",
    enforcementLevel: "advisory",
    configSchema: { properties: { required: { type: "array", items: { type: "string" }, default: ["team"] }, env: { type: "string" } } },
    validateResource: validateResourceOfType(Bucket, (b, args, report) => {
      const cfg = args.getConfig();
      const missing = cfg.required.filter((t) => !(b.tags || {})[t]);
      if (missing.length) report("missing " + missing.join(",") + " (env " + (cfg.env || "-") + ", tag " + (args.stackTags.get("owner") || "-") + ")");
    }),
  },
  {
    name: "lifecycle-per-repo",
    description: "Every repository has a lifecycle policy.",
    validateStack: validateStackResourcesOfType(Repo, (repos, args, report) => {
      const lcs = args.resources.filter((r) => r.type === "aws:ecr/lifecyclePolicy:LifecyclePolicy");
      for (const r of args.resources.filter((x) => x.type === Repo.__pulumiType)) {
        const ok = lcs.some((l) => (l.propertyDependencies.repository || []).some((d) => d === r) || l.props.repository === r.props.name);
        if (!ok) report("no lifecycle for " + r.name + " (parent " + (r.parent ? r.parent.type : "none") + ")", r.urn);
      }
    }),
  },
  {
    name: "object-form",
    description: "Reports with the object form.",
    enforcementLevel: "advisory",
    validateResource: (args, report) => {
      if (args.type === "aws:sqs/queue:Queue") report({ message: "queue seen", severity: "low" });
    },
  },
];
`;
const INDEX_JS = `
const { PolicyPack } = require("@pulumi/policy");
new PolicyPack("probe", { enforcementLevel: "mandatory", policies: require("./policies").policies });
`;

const PLAN = path.resolve(__dirname, "..");
let dir = "";
let analyzer: AnalyzerProcess;
let policies: Policy[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "berth-pack-"));
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: "probe", version: "1.2.3", main: "index.js" }),
  );
  fs.writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\ndescription: probe\n");
  fs.writeFileSync(path.join(dir, "policies.js"), POLICIES_JS);
  fs.writeFileSync(path.join(dir, "index.js"), INDEX_JS);
  fs.symlinkSync(path.join(PLAN, "node_modules"), path.join(dir, "node_modules"), "dir");
  policies = (require(path.join(dir, "policies.js")) as { policies: Policy[] }).policies;
  analyzer = await AnalyzerProcess.start(dir);
}, 120_000);

afterAll(async () => {
  await analyzer?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const sortV = (vs: Violation[]) => [...vs].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

async function both(
  resources: FixtureResource[],
  config?: PolicyPackConfig,
  stackTags?: Record<string, string>,
): Promise<{ local: PolicyRunResult; remote: PolicyRunResult }> {
  const g = fixtureGraph(resources);
  const local = await evaluatePolicies(
    g,
    { name: "probe", version: "1.2.3", enforcementLevel: "mandatory", policies },
    config,
    stackTags ? { stackTags } : {},
  );
  const remote = await evaluateOverGrpc(analyzer, g, config, stackTags ? { stackTags } : {});
  return { local, remote };
}

describe("gRPC analyzer path", () => {
  it("starts the pack like the CLI and reads GetAnalyzerInfo", async () => {
    expect(analyzer.port).toBeGreaterThan(0);
    const info = await analyzer.info();
    expect(info.name).toBe("probe");
    expect(info.version).toBe("1.2.3");
    expect(info.policies.map((p) => [p.name, p.enforcementLevel, p.kind])).toEqual([
      ["repo-immutable", "mandatory", "resource"],
      ["repo-scan-fix", "remediate", "resource"],
      ["bucket-tags", "advisory", "resource"],
      ["lifecycle-per-repo", "mandatory", "stack"],
      ["object-form", "advisory", "resource"],
    ]);
    console.log(`pack process start: ${analyzer.startMs} ms`);
  });

  it("agrees with the in-process runner: levels, messages, remediation, stack policies, object form", async () => {
    const { local, remote } = await both([
      {
        type: "aws:ecr/repository:Repository",
        name: "app",
        inputs: { name: "app", imageTagMutability: "MUTABLE" },
      },
      {
        type: "aws:ecr/repository:Repository",
        name: "lib",
        inputs: { name: "lib", imageTagMutability: "IMMUTABLE" },
      },
      {
        type: "aws:ecr/lifecyclePolicy:LifecyclePolicy",
        name: "lc",
        inputs: { repository: "lib", policy: "{}" },
        deps: { repository: ["lib"] },
      },
      { type: "aws:s3/bucket:Bucket", name: "b", inputs: { tags: { other: "x" } } },
      { type: "aws:sqs/queue:Queue", name: "q", inputs: {} },
    ]);
    expect(remote.violations.length).toBeGreaterThan(2);
    expect(sortV(remote.violations)).toEqual(sortV(local.violations));
    expect(remote.remediations.map((r) => [r.policy, r.name, r.after])).toEqual(
      local.remediations.map((r) => [r.policy, r.name, r.after]),
    );
    expect(local.remediations.map((r) => r.name)).toEqual(["app", "lib"]);
    expect(remote.violations.find((v) => v.policy === "lifecycle-per-repo")?.detail).toBe(
      "no lifecycle for app (parent pulumi:pulumi:Stack)",
    );
  });

  it("agrees on config (defaults, overrides, all) and stack tags", async () => {
    const res: FixtureResource[] = [
      { type: "aws:s3/bucket:Bucket", name: "b", inputs: { tags: { team: "x" } } },
    ];
    const configs: Array<PolicyPackConfig | undefined> = [
      undefined,
      { "bucket-tags": { required: ["team", "cost-center"], env: "dev" } },
      { all: "mandatory" as const },
      {
        all: "disabled" as const,
        "bucket-tags": { enforcementLevel: "mandatory" as const, required: ["owner"] },
      },
    ];
    for (const config of configs) {
      const { local, remote } = await both(res, config, { owner: "platform" });
      expect(sortV(remote.violations), JSON.stringify(config)).toEqual(sortV(local.violations));
    }
  });

  it("agrees on preview unknowns: advisory 'can't run ... during preview'", async () => {
    const { local, remote } = await both([
      {
        type: "aws:ecr/repository:Repository",
        name: "app",
        inputs: {
          name: "app",
          imageTagMutability: UNKNOWN,
          imageScanningConfiguration: { scanOnPush: true },
        },
      },
      {
        type: "aws:ecr/lifecyclePolicy:LifecyclePolicy",
        name: "lc",
        inputs: { repository: "app" },
        deps: { repository: ["app"] },
      },
    ]);
    const unknown = remote.violations.filter((v) => v.unknown);
    expect(unknown.map((v) => [v.policy, v.level])).toEqual([["repo-immutable", "advisory"]]);
    expect(unknown[0]?.message).toBe(
      "can't run policy 'repo-immutable' from policy pack 'probe@v1.2.3' during preview: string value at .imageTagMutability can't be known during preview",
    );
    expect(sortV(remote.violations)).toEqual(sortV(local.violations));
  });
});
