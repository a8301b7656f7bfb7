import type { RetiredKey, Validator } from "@berth/core";
import { checkChildNames } from "@berth/ecs-fargate";
import { checkEc2Id, checkEc2IdList } from "./ec2-ids";

// Checks shared by SpotCapacity and ManagedInstancesCapacity (one implementation each).

/** An ECR repository ARN. */
export const ECR_REPOSITORY_ARN = { service: "ecr", resourceType: "repository" } as const;
/** A KMS key (or alias) ARN, as EBS `kmsKeyId` and Secrets Manager take it. */
export const KMS_KEY_ARN = { service: "kms", resourceType: ["key", "alias"] } as const;

/** ECS cluster ARN, required (plain or once known). */
export function checkClusterArn(v: Validator, value: unknown): void {
  if (v.required("clusterArn", value, "the ECS cluster's ARN")) {
    v.arn("clusterArn", value, { service: "ecs", resourceType: "cluster" });
  }
}

/** VPC id, required: a security group without one lands in the default VPC. */
export function checkVpcId(v: Validator, value: unknown): void {
  if (v.required("vpcId", value, "the VPC of the instances (never the default VPC)")) {
    checkEc2Id(v, "vpcId", value, "vpc");
  }
}

/** Subnet ids, required: a list of at least one; `what` says whose subnets they are. */
export function checkSubnetIds(
  v: Validator,
  value: unknown,
  what = "the private subnets of the group",
): void {
  if (v.required("subnetIds", value, what)) {
    checkEc2IdList(v, "subnetIds", value, "subnet", 1);
  }
}

/**
 * The component name of a capacity: it is in every child's physical name, and the capacity
 * provider's name allows letters, digits, hyphens and underscores and must not start with aws, ecs
 * or fargate (ECS API reference, CreateCapacityProvider `name`).
 */
export function checkCapacityName(v: Validator, name: unknown): void {
  v.check(
    typeof name === "string" && /^[A-Za-z0-9_-]+$/.test(name),
    "name",
    name,
    "letters, digits, hyphens and underscores (it is part of every child's AWS name)",
  );
  v.check(
    !/^(aws|ecs|fargate)/i.test(String(name)),
    "name",
    name,
    'a name that does not start with "aws", "ecs" or "fargate" (reserved for capacity provider names)',
  );
}

/**
 * Checks the resolved names of the auto-named children against their AWS limits (the logical
 * name plus Pulumi's 8-character suffix must fit): `children` pairs a child's resolved name with
 * its limit; the message names the tightest child.
 */
export function checkChildNameLengths(
  v: Validator,
  name: string,
  children: ReadonlyArray<readonly [string, number]>,
): void {
  checkChildNames(
    v,
    name,
    children.map(([child, max]) => [child.slice(name.length), max] as const),
  );
}

/**
 * The attachment arguments a release removed (JS callers, old code), with the way to do it now:
 * the cluster's one ClusterCapacityProviders associates every provider.
 */
export const REMOVED_ATTACHMENT_ARGS: Readonly<Record<string, RetiredKey>> = Object.fromEntries(
  ["attachToCluster", "additionalCapacityProviders", "defaultStrategyBase"].map((key) => [
    key,
    {
      allowed:
        "no such argument: the cluster's one ClusterCapacityProviders (@berth/ecs-fargate) associates every provider",
      hint: "create the cluster with `ec2Capacity: true`, then `new ClusterCapacityProviders(name, { clusterName, capacityProviders: [capacity.capacityProviderName] })` after the capacity.",
    },
  ]),
);
