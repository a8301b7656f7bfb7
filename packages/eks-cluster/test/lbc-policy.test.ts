import { readFileSync } from "node:fs";
import * as path from "node:path";
import { type PolicyStatement, renderPolicyDocument } from "@berth/core";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { LOAD_BALANCER_CONTROLLER_CHART_VERSION, loadBalancerControllerStatements } from "../src";

// The upstream policy, copied from kubernetes-sigs/aws-load-balancer-controller
// `docs/install/iam_policy.json` at tag v3.5.0 (commit 11eb202c97e4ae2ee45e0658c4cde9a4b59f33d4;
// the same JSON, indented by Biome),
// whose `helm/aws-load-balancer-controller/Chart.yaml` is `version: 3.5.0`, `appVersion: v3.5.0`.
const upstream = JSON.parse(
  readFileSync(path.join(__dirname, "fixtures", "lbc-iam-policy-v3.5.0.json"), "utf8"),
) as { Version: string; Statement: Array<Record<string, unknown>> };

type Statement = Record<string, unknown>;
const list = (v: unknown): string[] => (Array.isArray(v) ? [...(v as string[])] : [v as string]).sort();

/** One statement in a comparable form: lists sorted (IAM ignores their order), one item as a list. */
/** Berth's statements with every ARN resolved, rendered as IAM would receive them. */
function render(statements: PolicyStatement[]): Promise<Statement[]> {
  return new Promise((resolve) => {
    pulumi.output(statements).apply((resolved) => {
      resolve(renderPolicyDocument(resolved as Parameters<typeof renderPolicyDocument>[0]).Statement);
    });
  });
}

function normalize(s: Statement): string {
  const out: Record<string, unknown> = { ...(s["Sid"] ? { Sid: s["Sid"] } : {}), Effect: s["Effect"] };
  for (const k of ["Action", "NotAction", "Resource", "NotResource"]) {
    if (s[k] !== undefined) out[k] = list(s[k]);
  }
  if (s["Condition"] !== undefined) {
    const c: Record<string, Record<string, string[]>> = {};
    for (const [op, byKey] of Object.entries(s["Condition"] as Record<string, Record<string, unknown>>)) {
      c[op] = Object.fromEntries(
        Object.entries(byKey)
          .map(([k, v]) => [k, list(v)] as const)
          .sort(([a], [b]) => a.localeCompare(b)),
      );
    }
    out["Condition"] = Object.fromEntries(Object.entries(c).sort(([a], [b]) => a.localeCompare(b)));
  }
  return JSON.stringify(out);
}

describe("the Load Balancer Controller's IAM policy", () => {
  it("pins chart 3.5.0 (controller v3.5.0), the release the policy fixture was copied from", () => {
    expect(LOAD_BALANCER_CONTROLLER_CHART_VERSION).toBe("3.5.0");
  });

  it("grants exactly upstream's statements for that release (same effects, actions, resources, conditions)", async () => {
    const berth = await render(loadBalancerControllerStatements("aws"));
    expect(upstream.Version).toBe("2012-10-17");
    expect(berth.map(normalize)).toEqual(upstream.Statement.map(normalize));
  });

  it("the comparison sees a dropped action", async () => {
    const [first, ...rest] = loadBalancerControllerStatements("aws");
    const berth = await render([
      { ...(first as PolicyStatement), actions: first?.actions?.slice(1) ?? [] },
      ...rest,
    ]);
    expect(berth.map(normalize)).not.toEqual(upstream.Statement.map(normalize));
  });
});
