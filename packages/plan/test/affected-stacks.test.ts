import * as path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { affectedLayers, CI_LAYERS, readWorkspace } from "../scripts/affected-stacks.mjs";

const root = path.resolve(__dirname, "..", "..", "..");
const ws = readWorkspace(root);
const affected = (...files: string[]) => affectedLayers(files, ws);

describe("affected layers of a change", () => {
  it("every layer for what every preview and up runs: packs, pack configs, CLI, Node, lockfile, workflows", () => {
    for (const f of [
      "stacks/policy-config/cost.dev.json",
      "policies/cost/src/compute.ts",
      "policies/aws-containers/PulumiPolicy.yaml",
      ".pulumi.version",
      ".nvmrc",
      "pnpm-lock.yaml",
      ".github/workflows/deploy-env.yml",
      ".github/actions/setup/action.yml",
    ]) {
      expect(affected(f), f).toEqual(["network", "platform", "workloads"]);
    }
  });

  it("a component selects only the layers whose runtime dependencies reach it (not every devDependent)", () => {
    expect(affected("packages/ecs-fargate/src/service.ts")).toEqual(["platform", "workloads"]);
    expect(affected("packages/eks-cluster/src/eks-cluster.ts")).toEqual(["platform", "workloads"]);
    expect(affected("packages/core/src/iam.ts")).toEqual(["network", "platform", "workloads"]);
    // Every stack devDepends on @berth/plan for its tests: no deployed program changes.
    expect(affected("packages/plan/src/cli.ts")).toEqual([]);
  });

  it("a layer's own files select it; tests, Markdown and the hand-applied account layer select none", () => {
    expect(affected("stacks/network/Pulumi.prod.yaml")).toEqual(["network"]);
    expect(affected("stacks/workloads/src/program.ts")).toEqual(["workloads"]);
    expect(affected("stacks/platform/test/platform.test.ts")).toEqual([]);
    expect(affected("packages/ecs-fargate/README.md", "docs/operations.md")).toEqual([]);
    expect(affected("stacks/account/src/program.ts")).toEqual([]);
  });

  it("always answers a subset of the CI layers, in deployment order", () => {
    const files = Object.keys(ws).flatMap((d) => [
      `${d}/src/a.ts`,
      `${d}/test/a.test.ts`,
      `${d}/Pulumi.dev.yaml`,
    ]);
    fc.assert(
      fc.property(fc.subarray([...files, ".nvmrc", "docs/x.md", "README.md"]), (changed) => {
        const out = affected(...changed);
        expect(out).toEqual(CI_LAYERS.filter((l) => out.includes(l)));
      }),
    );
  });
});
