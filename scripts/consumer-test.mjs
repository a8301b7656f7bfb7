#!/usr/bin/env node
// The consumer test: Berth as a platform team installs it, from outside the workspace.
//
// 1. Packs every publishable package (`pnpm pack`, which runs each package's `prepack` build).
// 2. For the lowest and the highest Pulumi SDK versions of the peer ranges that Node 20 runs,
//    installs the tarballs into a fresh project in the system temp directory (no workspace above
//    it), writes a TypeScript program with a FargateService behind a new ALB and a Repository,
//    compiles it with tsc against the installed type declarations, and runs it through the packed
//    `berth plan` with both packed policy packs and cost.
// 3. Asserts the resources, the verdict (both packs ran, no mandatory violation, exit 0) and a
//    non-zero monthly cost.
// 4. Installs @berth/plan with an SDK above its peer range and asserts that `berth` refuses it,
//    naming the installed version and the range. Then prints `N passed, N failed`.
//
// The tarballs stand in for the registry: the project's `pnpm.overrides` point every @berth/*
// name at its tarball, so a sibling dependency (`@berth/core` of `@berth/ecs-fargate`) resolves to
// the packed one. Everything else comes from the pnpm store (`--prefer-offline`), one store for
// every run. Usage: node scripts/consumer-test.mjs [--keep] [--only lowest|highest|outside]

import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const keep = args.includes("--keep");
const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : undefined;

/**
 * Every package under packages/ and policies/: each must be publishable, so a new package that
 * forgets it fails here rather than on a consumer's machine.
 */
const PACKAGE_DIRS = ["packages", "policies"].flatMap((group) =>
  readdirSync(path.join(root, group))
    .filter((d) => existsSync(path.join(root, group, d, "package.json")))
    .sort()
    .map((d) => `${group}/${d}`),
);

/**
 * The SDK versions each run installs: the floors of the peer ranges in the package.json files, and
 * the newest releases this machine runs (@pulumi/pulumi 3.249.0 and later require Node 22).
 */
const VARIANTS = [
  { name: "lowest", pulumi: "3.204.0", aws: "7.25.0" },
  { name: "highest", pulumi: "3.248.0", aws: "7.48.0" },
];

/** A release above @berth/plan's peer range: what `npm install @pulumi/pulumi` gave on 2026-11-25. */
const OUTSIDE_SDK = "3.270.0";

const results = [];
function check(name, ok, detail = "") {
  results.push({ name, ok });
  console.log(`${ok ? "ok  " : "FAIL"} ${name}${detail ? `: ${detail}` : ""}`);
}

function run(cmd, argv, opts = {}) {
  const t0 = Date.now();
  const r = spawnSync(cmd, argv, {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    ...opts,
    env: { ...process.env, NO_COLOR: "1", ...opts.env },
  });
  const ms = Date.now() - t0;
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "", ms };
}

function mustRun(label, cmd, argv, opts) {
  const r = run(cmd, argv, opts);
  if (r.code !== 0) {
    console.error(`${label} failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
    check(label, false);
    finish();
  }
  return r;
}

function finish() {
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

// 1. Pack.
const work = mkdtempSync(path.join(tmpdir(), "berth-consumer-"));
const tarballs = path.join(work, "tarballs");
mkdirSync(tarballs);
const tPack = Date.now();
// One build of everything first; each package's `prepack` build then finds it in turbo's cache.
mustRun(
  "build",
  "pnpm",
  [
    "exec",
    "turbo",
    "run",
    "build",
    ...PACKAGE_DIRS.map((d) => `--filter=./${d}`),
    "--output-logs=errors-only",
  ],
  { cwd: root },
);
const packed = {};
for (const dir of PACKAGE_DIRS) {
  const pkg = JSON.parse(readFileSync(path.join(root, dir, "package.json"), "utf8"));
  check(`${pkg.name} is publishable`, pkg.private !== true && pkg.publishConfig?.provenance === true);
  const before = new Set(readdirSync(tarballs));
  mustRun(`pack ${pkg.name}`, "pnpm", ["pack", "--pack-destination", tarballs], {
    cwd: path.join(root, dir),
  });
  const file = readdirSync(tarballs).find((f) => !before.has(f));
  packed[pkg.name] = path.join(tarballs, file);
  const list = mustRun(`list ${file}`, "tar", ["tzf", packed[pkg.name]]).stdout.split("\n");
  const entry = `package/${(pkg.exports?.["."]?.default ?? pkg.main).replace(/^\.\//, "")}`;
  check(`${file} ships its entry ${entry}`, list.includes(entry));
  if (pkg.name === "@berth/plan") {
    check(`${file} ships data/prices.json`, list.includes("package/data/prices.json"));
    check(`${file} ships bin/berth.js`, list.includes("package/bin/berth.js"));
  }
}
console.log(`built and packed ${PACKAGE_DIRS.length} packages in ${secs(Date.now() - tPack)}`);

// 2. The consumer program, as docs/consuming.md shows it.
const PROGRAM = `import { Repository, keepLast, expireUntaggedAfter } from "@berth/ecr-lifecycle";
import { Cluster, FargateService } from "@berth/ecs-fargate";
import * as pulumi from "@pulumi/pulumi";

/**
 * One web service behind its own HTTPS ALB, with its image repository. The module exports the
 * function itself: \`pulumi up\` calls it and exports what it returns, and so does \`berth plan\`.
 */
function program() {
  const config = new pulumi.Config("shop");
  const repo = new Repository("web", {
    repositoryName: "shop/web",
    lifecycleRules: [expireUntaggedAfter(3), keepLast(50)],
  });
  const cluster = new Cluster("apps", {});
  const web = new FargateService("web", {
    clusterArn: cluster.arn,
    vpcId: config.require("vpcId"),
    subnetIds: config.requireObject<string[]>("privateSubnetIds"),
    cpu: 512,
    memory: 1024,
    containers: [
      {
        name: "app",
        ecrImage: { repositoryUrl: repo.repositoryUrl, arn: repo.arn, tag: "1.0.0" },
        portMappings: [{ containerPort: 8080, name: "http", appProtocol: "http" }],
        user: "1000:1000",
      },
    ],
    loadBalancer: {
      create: {
        certificateArn: config.require("certificateArn"),
        subnetIds: config.requireObject<string[]>("publicSubnetIds"),
      },
      healthCheckPath: "/health",
    },
  });
  return { url: web.loadBalancerDnsName, repositoryUrl: repo.repositoryUrl };
}

export = program;
`;
/** A program with a bad input: planning it must stop with Berth's validation error, exit 2. */
const BAD_PROGRAM = `import { FargateService } from "@berth/ecs-fargate";

function program() {
  new FargateService("bad", {
    clusterArn: "arn:aws:ecs:eu-west-1:123456789012:cluster/apps",
    vpcId: "vpc-0123456789abcdef0",
    subnetIds: ["subnet-0aaa1111bbbb2222c"],
    cpu: 300,
    memory: 1024,
    containers: [{ name: "app", image: "public.ecr.aws/nginx/nginx:1.27", portMappings: [{ containerPort: 8080 }] }],
  });
}

export = program;
`;
const PULUMI_YAML = "name: shop\nruntime: nodejs\nmain: dist/index.js\ndescription: A Berth consumer.\n";
const STACK_YAML = `config:
  aws:region: eu-west-1
  shop:vpcId: vpc-0123456789abcdef0
  shop:privateSubnetIds: [subnet-0aaa1111bbbb2222c, subnet-0ddd3333eeee4444f]
  shop:publicSubnetIds: [subnet-0aaa5555bbbb6666c, subnet-0ddd7777eeee8888f]
  shop:certificateArn: arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9
`;
const TSCONFIG = {
  compilerOptions: {
    target: "ES2022",
    module: "commonjs",
    moduleResolution: "node10",
    strict: true,
    outDir: "dist",
    skipLibCheck: true,
  },
  include: ["index.ts", "bad.ts"],
};

// 3. Each variant.
const timings = [];
for (const v of VARIANTS.filter((x) => !only || x.name === only)) {
  console.log(`\n== ${v.name}: @pulumi/pulumi ${v.pulumi}, @pulumi/aws ${v.aws}`);
  const dir = path.join(work, `shop-${v.name}`);
  mkdirSync(dir);
  const fileSpec = (name) => `file:${packed[name]}`;
  const pkg = {
    name: `shop-${v.name}`,
    private: true,
    dependencies: {
      ...Object.fromEntries(Object.keys(packed).map((n) => [n, fileSpec(n)])),
      "@pulumi/aws": v.aws,
      "@pulumi/pulumi": v.pulumi,
    },
    devDependencies: { typescript: "5.9.3" },
    pnpm: { overrides: Object.fromEntries(Object.keys(packed).map((n) => [n, fileSpec(n)])) },
  };
  writeFileSync(path.join(dir, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
  writeFileSync(path.join(dir, "index.ts"), PROGRAM);
  writeFileSync(path.join(dir, "bad.ts"), BAD_PROGRAM);
  writeFileSync(path.join(dir, "Pulumi.yaml"), PULUMI_YAML);
  writeFileSync(path.join(dir, "Pulumi.dev.yaml"), STACK_YAML);
  writeFileSync(path.join(dir, "tsconfig.json"), `${JSON.stringify(TSCONFIG, null, 2)}\n`);

  const install = mustRun(
    `${v.name}: pnpm install`,
    "pnpm",
    ["install", "--prefer-offline", "--config.confirmModulesPurge=false"],
    {
      cwd: dir,
      env: { CI: "true" },
    },
  );
  // One SDK in the tree: the one the project asked for (two copies are what made plans crash).
  const sdks = readdirSync(path.join(dir, "node_modules", ".pnpm")).filter((d) =>
    d.startsWith("@pulumi+pulumi@"),
  );
  check(
    `${v.name}: one @pulumi/pulumi in node_modules`,
    sdks.length === 1 && sdks[0].startsWith(`@pulumi+pulumi@${v.pulumi}`),
    sdks.join(", "),
  );
  const awss = readdirSync(path.join(dir, "node_modules", ".pnpm")).filter((d) =>
    d.startsWith("@pulumi+aws@"),
  );
  check(
    `${v.name}: one @pulumi/aws in node_modules`,
    awss.length === 1 && awss[0].startsWith(`@pulumi+aws@${v.aws}`),
    awss.join(", "),
  );

  const tsc = mustRun(
    `${v.name}: tsc`,
    path.join(dir, "node_modules", ".bin", "tsc"),
    ["-p", "tsconfig.json"],
    { cwd: dir },
  );
  check(`${v.name}: the program compiles against the installed types`, tsc.code === 0);

  const plan = run(
    path.join(dir, "node_modules", ".bin", "berth"),
    [
      "plan",
      "dev",
      "--program",
      "dist/index.js",
      "--config",
      "Pulumi.dev.yaml",
      "--policy-pack",
      "node_modules/@berth/policy-aws-containers",
      "--policy-pack",
      "node_modules/@berth/policy-cost",
      "--format",
      "json",
      "--out",
      "plan-out",
    ],
    { cwd: dir },
  );
  check(
    `${v.name}: berth plan exits 0`,
    plan.code === 0,
    plan.code === 0 ? "" : `exit ${plan.code}\n${plan.stderr}`,
  );
  let report;
  try {
    report = JSON.parse(plan.stdout);
  } catch {
    check(`${v.name}: berth plan prints JSON`, false, plan.stderr.slice(0, 2000));
    continue;
  }
  const types = new Set(report.layers.flatMap((l) => l.graph.resources.map((r) => r.type)));
  for (const t of [
    "berth:ecs:FargateService",
    "aws:ecs/service:Service",
    "aws:ecs/taskDefinition:TaskDefinition",
    "aws:lb/loadBalancer:LoadBalancer",
    "aws:lb/targetGroup:TargetGroup",
    "aws:lb/listener:Listener",
    "berth:ecr:Repository",
    "aws:ecr/repository:Repository",
    "aws:ecr/lifecyclePolicy:LifecyclePolicy",
  ])
    check(`${v.name}: plans a ${t}`, types.has(t));
  check(
    `${v.name}: both packed policy packs ran`,
    report.policies.ran === true &&
      report.policies.packs.includes("aws-containers") &&
      report.policies.packs.includes("cost"),
    JSON.stringify(report.policies),
  );
  const mandatory = report.layers.flatMap((l) => l.violations).filter((x) => x.level === "mandatory");
  check(
    `${v.name}: no mandatory violation`,
    mandatory.length === 0,
    mandatory.map((x) => x.message).join("; "),
  );
  const total = report.analytics?.cost?.total;
  check(`${v.name}: a non-zero monthly cost`, typeof total === "number" && total > 0, `$${total}`);
  const skipped = plan.stderr.includes("analytics skipped");
  check(`${v.name}: no analytics skipped`, !skipped, skipped ? plan.stderr.slice(0, 500) : "");
  // The packs as the Pulumi CLI runs them (run-policy-pack on the installed package's `main`, over
  // the analyzer protocol): the same verdict as the in-process runner.
  const grpc = run(
    path.join(dir, "node_modules", ".bin", "berth"),
    [
      "plan",
      "dev",
      "--program",
      "dist/index.js",
      "--config",
      "Pulumi.dev.yaml",
      "--policy-pack",
      "node_modules/@berth/policy-aws-containers",
      "--policy-pack",
      "node_modules/@berth/policy-cost",
      "--grpc",
      "--no-cost",
      "--no-time",
      "--format",
      "json",
      "--out",
      "plan-grpc",
    ],
    { cwd: dir },
  );
  const names = (r) =>
    r.layers
      .flatMap((l) => l.violations)
      .map((x) => `${x.level} ${x.pack}/${x.policy} ${x.urn}`)
      .sort();
  let grpcReport;
  try {
    grpcReport = JSON.parse(grpc.stdout);
  } catch {
    grpcReport = undefined;
  }
  check(
    `${v.name}: the installed packs run as the Pulumi CLI runs them (--grpc), with the same verdict`,
    grpc.code === 0 && grpcReport !== undefined && names(grpcReport).join() === names(report).join(),
    grpc.code === 0 && grpcReport
      ? `${names(grpcReport).length} violations`
      : `exit ${grpc.code}\n${grpc.stderr.slice(0, 1500)}`,
  );

  const bad = run(
    path.join(dir, "node_modules", ".bin", "berth"),
    [
      "plan",
      "dev",
      "--program",
      "dist/bad.js",
      "--config",
      "Pulumi.dev.yaml",
      "--no-policies",
      "--out",
      "plan-bad",
    ],
    { cwd: dir },
  );
  check(
    `${v.name}: a bad input stops the plan with the field, the value and what is allowed (exit 2)`,
    bad.code === 2 && bad.stderr.includes("cpu: got 300; allowed:"),
    bad.code === 2 ? "" : `exit ${bad.code}\n${bad.stderr}`,
  );
  timings.push(
    `${v.name}: install ${secs(install.ms)}, tsc ${secs(tsc.ms)}, plan ${secs(plan.ms)}, plan --grpc ${secs(grpc.ms)}, cost $${total}`,
  );
}

// 4. An SDK outside @berth/plan's peer range (the current release, which needs Node 22): berth
//    refuses it with both versions named, before anything loads it. Only @berth/plan is installed.
if (!only || only === "outside") {
  const planRange = JSON.parse(readFileSync(path.join(root, "packages/plan/package.json"), "utf8"))
    .peerDependencies["@pulumi/pulumi"];
  console.log(`\n== outside: @pulumi/pulumi ${OUTSIDE_SDK} against ${planRange}`);
  const dir = path.join(work, "shop-outside");
  mkdirSync(dir);
  const spec = (n) => `file:${packed[n]}`;
  const pkg = {
    name: "shop-outside",
    private: true,
    dependencies: { "@berth/plan": spec("@berth/plan"), "@pulumi/pulumi": OUTSIDE_SDK },
    // Every @berth/* name points at its tarball, as in the other projects: @berth/plan's own
    // siblings (@berth/core, @berth/resilience) are not on the registry either.
    pnpm: { overrides: Object.fromEntries(Object.keys(packed).map((n) => [n, spec(n)])) },
  };
  writeFileSync(path.join(dir, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
  const install = mustRun("outside: pnpm install", "pnpm", ["install", "--prefer-offline"], {
    cwd: dir,
    env: { CI: "true" },
  });
  const r = run(path.join(dir, "node_modules", ".bin", "berth"), ["plan", "dev"], { cwd: dir });
  check("outside: berth plan exits 2", r.code === 2, `exit ${r.code}`);
  check(
    "outside: the message names the installed version and the supported range",
    r.stderr.includes(`@pulumi/pulumi ${OUTSIDE_SDK} (`) && r.stderr.includes(`supports, "${planRange}"`),
    r.stderr.trim(),
  );
  timings.push(`outside: install ${secs(install.ms)}, berth ${secs(r.ms)}`);
}

console.log(`\n${timings.join("\n")}`);
if (keep) console.log(`kept ${work}`);
else rmSync(work, { recursive: true, force: true });
finish();
