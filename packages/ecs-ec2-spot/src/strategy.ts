import type { ValidationIssue } from "@berth/core";
import { checkCapacityStrategy } from "@berth/ecs-fargate";
import type * as pulumi from "@pulumi/pulumi";

/** One entry of a capacity provider strategy whose provider name may be an `Output`. */
export interface Ec2StrategyItem {
  /** Capacity provider name, e.g. `SpotCapacity.capacityProviderName`. */
  capacityProvider: pulumi.Input<string>;
  /** Tasks placed on this provider before weights apply; at most one item may have a base. @default 0 */
  base?: number;
  /** Relative share of the tasks after the base. @default 1 */
  weight?: number;
}

const FARGATE = new Set(["FARGATE", "FARGATE_SPOT"]);

/**
 * Checks a strategy for EC2 capacity at plan time: the ECS limits (bases, weights, one non-zero
 * base, 1 to 20 providers, each once; from `@berth/ecs-fargate`) and that Fargate providers
 * (`FARGATE`, `FARGATE_SPOT`) are not mixed with Auto Scaling group or Managed Instances providers,
 * which ECS rejects. Provider names that are `Output`s are taken to be EC2 providers.
 */
export function checkEc2Strategy(
  items: readonly Ec2StrategyItem[],
  path = "capacityProviderStrategy",
): ValidationIssue[] {
  const named = items.map((item, i) => ({
    capacityProvider: typeof item.capacityProvider === "string" ? item.capacityProvider : `<provider ${i}>`,
    base: item.base ?? 0,
    weight: item.weight ?? 1,
  }));
  const issues = checkCapacityStrategy(named, path);
  const fargate = named.filter((n) => FARGATE.has(n.capacityProvider));
  if (fargate.length > 0 && fargate.length < named.length) {
    issues.push({
      path,
      value: named.map((n) => n.capacityProvider).join(", "),
      allowed: "either only Fargate providers (FARGATE, FARGATE_SPOT) or only EC2 providers, not both",
      hint: "run Fargate and EC2 tasks as separate services",
    });
  }
  return issues;
}
