#!/usr/bin/env node
// Wall time and peak memory of `berth plan <env>` for each environment, each run in a fresh Node
// process (the same work `pnpm plan <env>` does after the build). Build first: `pnpm build`.
//
// Usage: node packages/plan/scripts/bench-plan.mjs [--runs N] [env ...]    (default: dev staging prod)
// Targets (issue 9): prod plans in under 15 s and under 1.5 GB on a 2-core machine.
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, tmpdir, totalmem } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..", "..");
const args = process.argv.slice(2);

if (args[0] === "--child") {
  // Child: run the plan in-process, then report wall time since process start and peak RSS.
  const env = args[1];
  const out = mkdtempSync(path.join(tmpdir(), "berth-bench-"));
  const require = createRequire(import.meta.url);
  const { main } = require(path.join(here, "..", "dist", "cli.js"));
  let resources = 0;
  const code = await main(["plan", env, "--no-color", "--format", "json", "--out", out], {
    stdout: (s) => {
      resources = JSON.parse(s).summary.resources;
    },
    stderr: () => {},
    cwd: root,
    color: false,
  });
  const maxRssMiB = process.resourceUsage().maxRSS / 1024; // maxRSS is in KiB
  process.stdout.write(
    `${JSON.stringify({ code, wallMs: process.uptime() * 1000, maxRssMiB, resources })}\n`,
  );
  process.exit(0);
}

let runs = 1;
const envs = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--runs") runs = Number(args[++i]);
  else envs.push(args[i]);
}
if (envs.length === 0) envs.push("dev", "staging", "prod");
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs: got ${runs}; allowed: an integer >= 1`);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
console.log(
  `berth plan benchmark: ${cpus().length} CPUs (${cpus()[0]?.model ?? "?"}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ` +
    `Node ${process.version}, ${runs} run${runs === 1 ? "" : "s"} per environment (median)`,
);
console.log("");
console.log("env       exit  resources  wall (s)  peak RSS (MiB)");
const results = [];
for (const env of envs) {
  const samples = [];
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint();
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--child", env], {
      encoding: "utf8",
      cwd: root,
    });
    const outerMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const line = child.stdout.trim().split("\n").pop() ?? "";
    if (child.status !== 0 || !line.startsWith("{")) {
      console.error(child.stderr || child.stdout);
      throw new Error(`berth plan ${env} failed (status ${child.status})`);
    }
    samples.push({ ...JSON.parse(line), outerMs });
  }
  const res = {
    env,
    code: samples[0].code,
    resources: samples[0].resources,
    wallS: median(samples.map((s) => s.outerMs)) / 1000,
    rssMiB: median(samples.map((s) => s.maxRssMiB)),
  };
  results.push(res);
  console.log(
    `${env.padEnd(8)}  ${String(res.code).padStart(4)}  ${String(res.resources).padStart(9)}  ` +
      `${res.wallS.toFixed(2).padStart(8)}  ${res.rssMiB.toFixed(0).padStart(14)}`,
  );
}
const prod = results.find((r) => r.env === "prod");
if (prod) {
  const okTime = prod.wallS < 15;
  const okMem = prod.rssMiB < 1536;
  console.log("");
  console.log(
    `prod: ${prod.wallS.toFixed(2)} s (target < 15 s: ${okTime ? "met" : "MISSED"}), ` +
      `${prod.rssMiB.toFixed(0)} MiB peak (target < 1536 MiB: ${okMem ? "met" : "MISSED"})`,
  );
  if (!okTime || !okMem) process.exitCode = 1;
}
