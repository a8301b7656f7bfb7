import { isPlain, type Validator } from "@berth/core";
import type * as pulumi from "@pulumi/pulumi";
import { checkCapacityStrategy, checkSpot, fargateCapacityStrategy, type SpotArgs } from "./capacity";
import { checkVpcId, networkInputs } from "./fargate-service";
import { NESTED_KEYS } from "./known-keys";
import { osOf } from "./sizes";
import type { FargateTaskArgs } from "./task";
import { checkIdList } from "./task";

/**
 * What a task started by EventBridge (Scheduler for {@link ScheduledTask}, a rule for
 * {@link EventTask}) has in common: where it runs, how a failed start is retried, and how many
 * tasks a trigger starts.
 */
export interface TriggeredTaskArgs extends FargateTaskArgs {
  /** Cluster ARN to run in (the role that starts the task is scoped to it). */
  cluster: pulumi.Input<string>;
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

/**
 * Checks the arguments every triggered task shares, with the limits EventBridge and ECS apply.
 * `starter` names the role that starts the task, for the message on `cluster`.
 */
export function checkTriggeredTask(
  v: Validator,
  args: TriggeredTaskArgs,
  starter: string,
): { retries: number; age: number; count: number; net: ReturnType<typeof networkInputs> } {
  const retries = args.retryAttempts ?? 2;
  v.check(
    Number.isInteger(retries) && retries >= 0 && retries <= 185,
    "retryAttempts",
    retries,
    "an integer from 0 to 185",
  );
  const age = args.maximumEventAgeSeconds ?? 3600;
  v.check(
    Number.isInteger(age) && age >= 60 && age <= 86400,
    "maximumEventAgeSeconds",
    age,
    "an integer from 60 to 86400",
  );
  const count = args.taskCount ?? 1;
  v.check(
    Number.isInteger(count) && count >= 1 && count <= 10,
    "taskCount",
    count,
    "an integer from 1 to 10",
  );
  v.merge(checkSpot(args.spot));
  if (args.spot) {
    const os = osOf(args.operatingSystemFamily);
    v.merge(
      checkCapacityStrategy(fargateCapacityStrategy(args.spot), "spot", {
        fargate: true,
        os,
        cpuArchitecture: args.cpuArchitecture ?? (os === "WINDOWS" ? "X86_64" : "ARM64"),
        platformVersion: args.platformVersion ?? "LATEST",
      }).filter((i) => i.path === "platformVersion" || i.path.endsWith("capacityProvider")),
    );
  }
  // The role that starts the task is scoped to the cluster by ARN: a name is not enough.
  if (isPlain(args.cluster) && !(typeof args.cluster === "string" && args.cluster.startsWith("arn:")))
    v.check(false, "cluster", args.cluster, `a cluster ARN (the ${starter} role is scoped to it)`);
  else v.arn("cluster", args.cluster, { service: "ecs", resourceType: "cluster" });
  checkVpcId(v, args.vpcId);
  checkIdList(v, "subnetIds", args.subnetIds, 1, "subnet");
  v.knownKeys("spot", args.spot, NESTED_KEYS.spot);
  v.arn("deadLetterQueueArn", args.deadLetterQueueArn, { service: "sqs" });
  return { retries, age, count, net: networkInputs(v, args, true) };
}
