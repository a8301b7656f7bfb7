import { isPlain, type Validator, validateWhenKnown } from "@berth/core";
import type * as pulumi from "@pulumi/pulumi";
import {
  type CapacityProviderStrategyItem,
  checkCapacityStrategy,
  checkSpot,
  fargateCapacityStrategy,
  type SpotArgs,
} from "./capacity";
import { checkVpcId } from "./fargate-service";
import { NESTED_KEYS } from "./known-keys";
import { osOf } from "./sizes";
import type { FargateTaskArgs } from "./task";
import { checkChildNames, checkIdList } from "./task";

/**
 * What a task started by EventBridge (Scheduler for {@link ScheduledTask}, a rule for
 * {@link EventTask}) has in common: where it runs, how a failed start is retried, and how many
 * tasks a trigger starts.
 */
export interface TriggeredTaskArgs extends FargateTaskArgs {
  /** ARN of the cluster to run in (the role that starts the task is scoped to it). */
  clusterArn: pulumi.Input<string>;
  /** VPC of the task security group. Required: the default VPC is never assumed. */
  vpcId: pulumi.Input<string>;
  /** Subnets of the task (private subnets). */
  subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** Extra security groups. @default [] */
  securityGroupIds?: pulumi.Input<string>[];
  /** Retries after a failed RunTask call (0 to 185). @default 2 */
  retryAttempts?: number;
  /** Seconds an unprocessed trigger is retried (60 to 86400). @default 3600 */
  maximumEventAgeSeconds?: number;
  /** Dead-letter queue ARN for triggers that could not start a task. @default a queue is created */
  deadLetterQueueArn?: pulumi.Input<string>;
  /** Tasks per trigger (1 to 10). @default 1 */
  taskCount?: number;
  /** Spot placement (a run may be interrupted; use for retry-safe work). @default on demand only */
  spot?: SpotArgs;
}

/** Arguments the triggered tasks renamed in this release (old → new). */
export const TRIGGERED_RENAMED = { cluster: "clusterArn" } as const;

/** What every triggered task needs, checked, with its defaults filled. */
export interface ResolvedTriggeredTask {
  retryAttempts: number;
  maximumEventAgeSeconds: number;
  taskCount: number;
  platformVersion: string;
  /** `FARGATE`, or `FARGATE` and `FARGATE_SPOT` with `spot`. */
  capacityProviderStrategy: CapacityProviderStrategyItem[];
  /** Run the family's latest revision (a pipeline owns the image), else the revision created here. */
  latestRevision: boolean;
  /** Cluster, VPC and subnets, checked again once known when they come from another stack. */
  clusterArn: pulumi.Input<string>;
  vpcId: pulumi.Input<string>;
  subnetIds: pulumi.Input<pulumi.Input<string>[]>;
}

/** The children every triggered task creates besides its task (`createFargateTask`). */
export interface TriggeredTaskNames {
  /** Security group of the task and its egress rule. */
  securityGroup: string;
  egress: string;
  /** Dead-letter queue, unless `deadLetterQueueArn` is given. */
  deadLetterQueue?: string;
  /** Execution and task roles, unless adopted. */
  execution?: string;
  task?: string;
  /** The role EventBridge assumes to run the task. */
  starter: string;
}

/** Checks a cluster ARN: the role that starts the task is scoped to it by ARN, so a name is refused. */
function checkClusterArn(v: Validator, value: unknown, starter: string): void {
  if (typeof value === "string" && !value.startsWith("arn:"))
    v.check(false, "clusterArn", value, `a cluster ARN (the ${starter} role is scoped to it)`);
  else v.arn("clusterArn", value, { service: "ecs", resourceType: "cluster" });
}

/**
 * Checks the arguments every triggered task shares, with the limits EventBridge and ECS apply
 * (EventBridge `RetryPolicy`: MaximumRetryAttempts 0 to 185, MaximumEventAgeInSeconds 60 to 86400;
 * ECS `RunTask` count 1 to 10). `starter` names the role that starts the task, for the message on
 * `clusterArn`.
 */
export function resolveTriggeredTask(
  v: Validator,
  args: TriggeredTaskArgs,
  starter: string,
): ResolvedTriggeredTask {
  const retryAttempts = args.retryAttempts ?? 2;
  v.intIn("retryAttempts", retryAttempts, 0, 185);
  const maximumEventAgeSeconds = args.maximumEventAgeSeconds ?? 3600;
  v.intIn("maximumEventAgeSeconds", maximumEventAgeSeconds, 60, 86400);
  const taskCount = args.taskCount ?? 1;
  v.intIn("taskCount", taskCount, 1, 10);
  const platformVersion = args.platformVersion ?? "LATEST";
  v.merge(checkSpot(args.spot));
  if (args.spot) {
    const os = osOf(args.operatingSystemFamily);
    v.merge(
      checkCapacityStrategy(fargateCapacityStrategy(args.spot), "spot", {
        fargate: true,
        os,
        cpuArchitecture: args.cpuArchitecture ?? (os === "WINDOWS" ? "X86_64" : "ARM64"),
        platformVersion,
      }).filter((i) => i.path === "platformVersion" || i.path.endsWith("capacityProvider")),
    );
  }
  checkClusterArn(v, args.clusterArn, starter);
  checkVpcId(v, args.vpcId);
  checkIdList(v, "subnetIds", args.subnetIds, 1, "subnet");
  v.knownKeys("spot", args.spot, NESTED_KEYS.spot);
  v.arn("deadLetterQueueArn", args.deadLetterQueueArn, { service: "sqs" });
  const known = <T>(value: pulumi.Input<T>, check: (x: pulumi.Unwrap<T>, c: Validator) => void) =>
    isPlain(value)
      ? value
      : (validateWhenKnown(v.component, v.resourceName, value, check) as pulumi.Input<T>);
  return {
    retryAttempts,
    maximumEventAgeSeconds,
    taskCount,
    platformVersion,
    capacityProviderStrategy: fargateCapacityStrategy(args.spot),
    latestRevision: (args.imageOwner ?? "iac") === "pipeline",
    // Values from another stack get the same checks once known.
    clusterArn: known(args.clusterArn, (c, check) => {
      if (check.required("clusterArn", c, "the ECS cluster ARN")) checkClusterArn(check, c, starter);
    }),
    vpcId: known(args.vpcId, (id, check) => {
      if (check.required("vpcId", id, "the VPC id of the task")) checkVpcId(check, id);
    }),
    subnetIds: known(args.subnetIds, (ids, check) => {
      if (check.required("subnetIds", ids, "the subnet ids of the task"))
        checkIdList(check, "subnetIds", ids, 1, "subnet");
    }),
  };
}

/** The children a triggered task names, with `starter` the role EventBridge assumes. */
export function triggeredTaskNames(
  name: string,
  args: TriggeredTaskArgs,
  starter: string,
): TriggeredTaskNames {
  return {
    securityGroup: `${name}-sg`,
    egress: `${name}-egress`,
    ...(args.deadLetterQueueArn === undefined ? { deadLetterQueue: `${name}-dlq` } : {}),
    ...(args.executionRoleArn === undefined ? { execution: `${name}-execution` } : {}),
    ...(args.taskRoleArn === undefined ? { task: `${name}-task` } : {}),
    starter: `${name}-${starter}`,
  };
}

/**
 * Checks that every auto-named child fits its AWS name limit: IAM roles 64 characters, SQS queues
 * 80, plus `extra` (e.g. the schedule or rule). Reads the resolved names, not a list of suffixes.
 */
export function checkTriggeredNames(
  v: Validator,
  name: string,
  names: TriggeredTaskNames,
  extra: ReadonlyArray<readonly [string, number]>,
): void {
  const limits: Array<readonly [string | undefined, number]> = [
    [names.execution, 64],
    [names.task, 64],
    [names.starter, 64],
    [names.deadLetterQueue, 80],
    ...extra,
  ];
  checkChildNames(
    v,
    name,
    limits
      .filter((l): l is readonly [string, number] => l[0] !== undefined)
      .map(([child, limit]) => [child.slice(name.length), limit] as const),
  );
}
