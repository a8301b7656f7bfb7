#!/usr/bin/env node
// Capture time of synthetic programs, to show the cost per resource of the in-process engine.
// Usage: node scripts/bench-capture.cjs [sizes...]   (default 100 1000 5000)
// Each program: components of 10 resources (a role, a policy reading the role's ARN, queues and
// buckets tagged with the role's name), so parents, property dependencies and applies are real.
// Each size runs with the AWS conformance checks off and on (the default), and the checks alone
// are timed on the captured resources: their share of the capture is the cost of the checks.
const { performance } = require("node:perf_hooks");
const aws = require("@pulumi/aws");
const pulumi = require("@pulumi/pulumi");
const { capture } = require("../dist");
const { catalogEntry } = require("../dist/catalog");
const { checkResources } = require("../dist/catalog/check");

const TRUST = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" },
  ],
});
const readRole = (arn) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "iam:GetRole", Resource: arn }],
  });

class Unit extends pulumi.ComponentResource {
  constructor(name, opts) {
    super("berth:bench:Unit", name, {}, opts);
    const role = new aws.iam.Role(`${name}-role`, { assumeRolePolicy: TRUST }, { parent: this });
    new aws.iam.RolePolicy(
      `${name}-policy`,
      { role: role.name, policy: role.arn.apply(readRole) },
      { parent: this },
    );
    for (let i = 0; i < 4; i++)
      new aws.sqs.Queue(`${name}-q${i}`, { tags: { role: role.name } }, { parent: this });
    for (let i = 0; i < 3; i++)
      new aws.s3.Bucket(`${name}-b${i}`, { tags: { role: role.name } }, { parent: this });
    this.registerOutputs({});
  }
}

function program(resources) {
  const units = Math.max(1, Math.round(resources / 10));
  return () => {
    for (let i = 0; i < units; i++) new Unit(`u${i}`);
  };
}

async function main() {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
  const list = sizes.length ? sizes : [100, 1000, 5000];
  await capture(program(10)); // warm up module loading and JIT
  console.log("capture time of synthetic programs (components of 10 resources each)");
  console.log("resources  checks off ms  checks on ms  checks alone ms  checks/capture");
  const rows = [];
  for (const n of list) {
    let start = performance.now();
    await capture(program(n), { conformance: false });
    const off = performance.now() - start;
    start = performance.now();
    const graph = await capture(program(n));
    const on = performance.now() - start;
    // The checks alone, on the same resources (best of 3: they take milliseconds, so timer noise matters).
    let alone = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 3; i++) {
      start = performance.now();
      checkResources(graph.resources, catalogEntry);
      alone = Math.min(alone, performance.now() - start);
    }
    const custom = graph.resources.filter((r) => r.custom).length;
    rows.push({ n: graph.size, ms: on, off, alone });
    console.log(
      `${String(graph.size).padStart(9)}  ${off.toFixed(0).padStart(13)}  ${on.toFixed(0).padStart(12)}  ${alone.toFixed(1).padStart(15)}  ${`${((alone / off) * 100).toFixed(1)}%`.padStart(14)}   (${custom} custom)`,
    );
  }
  const worst = Math.max(...rows.map((r) => r.alone / r.off));
  console.log(`conformance checks add at most ${(worst * 100).toFixed(1)}% to a capture (budget: 10%)`);
  if (rows.length >= 2) {
    const first = rows[0];
    const last = rows[rows.length - 1];
    const ratio = last.ms / last.n / (first.ms / first.n);
    console.log(`per-resource cost ratio largest/smallest: ${ratio.toFixed(2)} (1.00 = perfectly linear)`);
  }
  console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
