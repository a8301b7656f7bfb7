/**
 * The in-process runner and the real analyzer protocol agree on every rule's fixtures: the pack
 * runs as its own process exactly as `pulumi preview --policy-pack policies/aws-containers` starts
 * it (run-policy-pack, ts-node, package.json `main` = index.ts), once for this file.
 */
import * as path from "node:path";
import {
  AnalyzerProcess,
  evaluateOverGrpc,
  evaluatePolicies,
  fixtureGraph,
  type Violation,
} from "@berth/plan";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { version } from "../package.json";
import { enforcementLevel, packName, policies } from "../src/policies";
import { cases } from "./fixtures";

let analyzer: AnalyzerProcess;
beforeAll(async () => {
  analyzer = await AnalyzerProcess.start(path.resolve(__dirname, ".."));
}, 300_000);
afterAll(async () => {
  await analyzer?.close();
});

const key = (v: Violation) => JSON.stringify(v);
const sorted = (vs: Violation[]) => [...vs].sort((a, b) => key(a).localeCompare(key(b)));

describe("gRPC analyzer vs in-process runner", () => {
  it("reports the pack as the CLI would see it", async () => {
    const info = await analyzer.info();
    expect(info).toMatchObject({ name: packName, version });
    expect(info.policies.map((p) => p.name)).toEqual(policies.map((p) => p.name));
    console.log(`aws-containers pack process start (ts-node, type-checked): ${analyzer.startMs} ms`);
  });

  it("agrees on every case of every rule (whole pack, the case's config)", async () => {
    const t0 = Date.now();
    let n = 0;
    for (const [rule, list] of Object.entries(cases)) {
      for (const kase of list) {
        const graph = fixtureGraph(kase.resources, { stack: kase.stack ?? "dev" });
        const config = kase.config ? { [rule]: kase.config as Record<string, never> } : undefined;
        const local = await evaluatePolicies(
          graph,
          { name: packName, version, enforcementLevel, policies },
          config,
        );
        const remote = await evaluateOverGrpc(analyzer, graph, config);
        expect(sorted(remote.violations), `${rule}: ${kase.title}`).toEqual(sorted(local.violations));
        n++;
      }
    }
    console.log(`${n} cases over gRPC and in-process in ${Date.now() - t0} ms`);
  }, 300_000);
});
