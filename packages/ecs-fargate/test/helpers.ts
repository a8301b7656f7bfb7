import { BerthValidationError } from "@berth/core";
import { capture, type ResourceGraph } from "@berth/plan";

/** Capture options every test uses. */
export const OPTIONS = { project: "berth", stack: "dev", config: { "aws:region": "us-east-1" } } as const;

/** Runs a program under the mock engine. */
export function plan(program: () => unknown): Promise<ResourceGraph> {
  return capture(program, OPTIONS);
}

/** Runs a program that must fail validation; returns the error message. */
export async function planError(program: () => unknown): Promise<string> {
  try {
    await capture(program, OPTIONS);
  } catch (e) {
    if (BerthValidationError.isBerthValidationError(e)) return e.message;
    throw e;
  }
  throw new Error("expected a BerthValidationError");
}

/** Parses a JSON string input. */
export function json<T = Record<string, unknown>>(value: unknown): T {
  if (typeof value !== "string") throw new Error(`not a JSON string: ${String(value)}`);
  return JSON.parse(value) as T;
}

/** The inline policy document of a role in the graph. */
export function inlinePolicy(
  g: ResourceGraph,
  roleName: string,
): { Statement: Array<Record<string, unknown>> } {
  const role = g.one("aws:iam/role:Role", roleName);
  const policies = role.inputs["inlinePolicies"] as Array<{ policy: string }> | undefined;
  if (!policies?.[0]) throw new Error(`role ${roleName} has no inline policy`);
  return json(policies[0].policy);
}

/** Common network args. */
export const NET = {
  cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/apps",
  vpcId: "vpc-1",
  subnetIds: ["subnet-a", "subnet-b"],
};

/** Common network args of a `FargateService` (its cluster is an ARN). */
export const SERVICE_NET = { clusterArn: NET.cluster, vpcId: NET.vpcId, subnetIds: NET.subnetIds };
