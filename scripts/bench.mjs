#!/usr/bin/env node
// `pnpm bench`: the figures the project promises, printed (not asserted).
//   1. test suite wall time, cold (turbo cache bypassed) and warm (served from the cache)
//   2. capture time of synthetic programs of 100, 1,000 and 5,000 resources
//   3. `berth plan` wall time and peak memory per environment (when the stacks exist)
// Options: --skip-suite (skip 1, which takes minutes).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = new Set(process.argv.slice(2));
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1" };

function timed(cmd, argv, cwd = root) {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { cwd, env, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) {
    process.stderr.write(r.stdout + r.stderr);
    throw new Error(`${cmd} ${argv.join(" ")} failed with ${r.status}`);
  }
  return { seconds, out: r.stdout };
}

if (!args.has("--skip-suite")) {
  console.log("== test suite (pnpm test = turbo run typecheck lint test)");
  const cold = timed("pnpm", ["turbo", "run", "typecheck", "lint", "test", "--force", "--output-logs=none"]);
  console.log(`cold (--force, no cache): ${cold.seconds.toFixed(1)} s`);
  const warm = timed("pnpm", [
    "turbo",
    "run",
    "typecheck",
    "lint",
    "test",
    "--output-logs=none",
    "--summarize=false",
  ]);
  console.log(`warm (cache):             ${warm.seconds.toFixed(1)} s`);
}

console.log("\n== capture (packages/plan/scripts/bench-capture.cjs)");
const capture = timed(
  "node",
  ["scripts/bench-capture.cjs", "100", "1000", "5000"],
  join(root, "packages/plan"),
);
process.stdout.write(capture.out);

const planBench = join(root, "packages/plan/scripts/bench-plan.mjs");
if (existsSync(planBench)) {
  console.log("\n== berth plan per environment (packages/plan/scripts/bench-plan.mjs)");
  process.stdout.write(timed("node", [planBench], root).out);
}
