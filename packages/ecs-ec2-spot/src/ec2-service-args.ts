import type { AwakeSchedule, PolicyStatement } from "@berth/core";
import type { ContainerArgs, ServiceScalingArgs } from "@berth/ecs-fargate";
import type * as pulumi from "@pulumi/pulumi";
import type { Architecture } from "./instance-types";
import type { Ec2StrategyItem } from "./strategy";

/** How the task's containers reach the network. */
export const Ec2NetworkMode = {
  /** Docker's bridge: many tasks per instance, each container port on a (dynamic) host port. */
  Bridge: "bridge",
  /** The instance's network: one task per port and instance, hostPort equal to containerPort. */
  Host: "host",
  /** An elastic network interface per task, with its own security group. */
  Awsvpc: "awsvpc",
  /** No external network. */
  None: "none",
} as const;
/** How the task's containers reach the network. */
export type Ec2NetworkMode = (typeof Ec2NetworkMode)[keyof typeof Ec2NetworkMode];
/** Every {@link Ec2NetworkMode}. */
export const EC2_NETWORK_MODES: readonly Ec2NetworkMode[] = Object.values(Ec2NetworkMode);

/** The task compatibility of a capacity. */
export const TaskCompatibility = {
  /** An Auto Scaling group of container instances (`SpotCapacity`). */
  Ec2: "EC2",
  /** ECS Managed Instances (`ManagedInstancesCapacity`). */
  ManagedInstances: "MANAGED_INSTANCES",
} as const;
/** The task compatibility of a capacity. */
export type TaskCompatibility = (typeof TaskCompatibility)[keyof typeof TaskCompatibility];
/** Every {@link TaskCompatibility}. */
export const TASK_COMPATIBILITIES: readonly TaskCompatibility[] = Object.values(TaskCompatibility);

/** How a placement strategy step places tasks. */
export const PlacementStrategyType = {
  /** Evenly across the values of `field` (an attribute such as the Availability Zone, or instanceId). */
  Spread: "spread",
  /** On the instances with the least of `field` (memory or cpu) left: fewest instances. */
  Binpack: "binpack",
  /** Randomly. */
  Random: "random",
} as const;
/** How a placement strategy step places tasks. */
export type PlacementStrategyType = (typeof PlacementStrategyType)[keyof typeof PlacementStrategyType];

/** A placement constraint's kind. */
export const PlacementConstraintType = {
  /** Each task on a different instance. */
  DistinctInstance: "distinctInstance",
  /** Only on instances that match a cluster query language `expression`. */
  MemberOf: "memberOf",
} as const;
/** A placement constraint's kind. */
export type PlacementConstraintType = (typeof PlacementConstraintType)[keyof typeof PlacementConstraintType];

/** The EC2 capacity a service runs on; a {@link SpotCapacity} fits. */
export interface Ec2CapacityRef {
  /**
   * Capacity provider name. Pass the capacity through `ClusterCapacityProviders.attached(...)`
   * (`@berth/ecs-fargate`): its name then waits for the association, so the service is created after
   * it and deleted before it.
   */
  capacityProviderName: pulumi.Input<string>;
  /** Security group of the container instances; bridge and host services open their ports on it. */
  securityGroupId: pulumi.Input<string>;
  /** CPU architecture of the instances. @default "arm64" */
  architecture?: Architecture;
  /**
   * True when the capacity already opens the ephemeral port range to the load balancers (SpotCapacity
   * `loadBalancerSecurityGroups`); bridge services then add no rule of their own. @default false
   */
  opensEphemeralPorts?: boolean;
  /** Task compatibility the capacity runs: `EC2` (an Auto Scaling group) or `MANAGED_INSTANCES`. @default "EC2" */
  compatibility?: TaskCompatibility;
}

/** An ALB listener the service is put behind, through a target group and a listener rule. */
export interface Ec2LoadBalancerArgs {
  /** ARN of the ALB listener. */
  listenerArn: pulumi.Input<string>;
  /** Security group of the ALB; the only source allowed in. */
  securityGroupId: pulumi.Input<string>;
  /** Container that receives the traffic. @default the first container */
  containerName?: string;
  /** Port of that container. */
  containerPort: number;
  /** Listener rule priority, 1 to 50000, unique on the listener. */
  priority: number;
  /** Path patterns of the rule. @default ["/*"] unless hostHeaders are given */
  pathPatterns?: string[];
  /** Host headers of the rule. @default none */
  hostHeaders?: string[];
  /** Health check path. @default "/" */
  healthCheckPath?: string;
  /** Seconds a deregistered target keeps draining, 0 to 3600. @default 30 */
  deregistrationDelaySeconds?: number;
}

/** A placement strategy step. */
export interface PlacementStrategyArgs {
  /** `spread`, `binpack` or `random`. */
  type: PlacementStrategyType;
  /** `attribute:ecs.availability-zone`, `instanceId` (spread), `memory` or `cpu` (binpack). @default none */
  field?: string;
}

/** A placement constraint. */
export interface PlacementConstraintArgs {
  /** `distinctInstance` or `memberOf`. */
  type: PlacementConstraintType;
  /** Cluster query language expression (memberOf only). @default none */
  expression?: string;
}

/** Arguments of {@link Ec2Service}. */
export interface Ec2ServiceArgs {
  /** ARN of the cluster. */
  clusterArn: pulumi.Input<string>;
  /** Name of the cluster (for the scaling target). */
  clusterName: pulumi.Input<string>;
  /** The EC2 capacity to run on, e.g. a `SpotCapacity`. */
  capacity: Ec2CapacityRef;
  /** Capacity provider strategy; EC2 providers only. @default [{ capacityProvider: capacity.capacityProviderName, weight: 1 }] */
  capacityProviderStrategy?: Ec2StrategyItem[];
  /**
   * Network mode. Managed Instances support only `awsvpc` and `host`.
   * @default "bridge" (dynamic host ports, many tasks per instance); "awsvpc" on Managed Instances
   */
  networkMode?: Ec2NetworkMode;
  /** The containers; in bridge mode a port without hostPort gets a dynamic host port (hostPort 0). */
  containers: ContainerArgs[];
  /** Task CPU units (optional on EC2). @default none */
  cpu?: number;
  /** Task memory in MiB; needed unless every container sets memory or memoryReservation. @default none */
  memory?: number;
  /** Task family; also names the log group `/ecs/<family>`. @default `<project>-<stack>-<name>` (unique per stack) */
  family?: string;
  /** Tasks to run. @default 2 */
  desiredCount?: number;
  /** VPC id; needed with a load balancer or in awsvpc mode. @default none */
  vpcId?: pulumi.Input<string>;
  /** Subnets of the tasks (awsvpc mode only; a list, also as an `Output`). @default none */
  subnetIds?: pulumi.Input<pulumi.Input<string>[]>;
  /** Extra security groups of the tasks (awsvpc mode only). @default [] */
  securityGroupIds?: pulumi.Input<string>[];
  /** Put the service behind an ALB listener. @default none */
  loadBalancer?: Ec2LoadBalancerArgs;
  /**
   * Placement strategy (EC2 capacity only: Managed Instances take no strategies).
   * @default spread across Availability Zones, then binpack on memory; none on Managed Instances
   */
  placementStrategy?: PlacementStrategyArgs[];
  /** Placement constraints (at most 10). @default [] */
  placementConstraints?: PlacementConstraintArgs[];
  /** Application Auto Scaling of the task count; desiredCount is then left to it. @default none */
  autoscaling?: ServiceScalingArgs;
  /**
   * When the service runs: outside these hours an Application Auto Scaling scheduled action sets
   * its scalable target to 0 tasks (`${name}-scaling-sleep`) and waking restores the awake bounds
   * (`${name}-scaling-wake`): `autoscaling`'s min and max, or `desiredCount` for both when there is
   * no autoscaling (the service then gets a scalable target without policies, and ignores
   * `desiredCount` in diffs). Give the `SpotCapacity` the same schedule so its instances sleep too.
   * @default always awake
   */
  awake?: AwakeSchedule;
  /** Lowest percent of desiredCount kept running during a deployment. @default 100 */
  minimumHealthyPercent?: number;
  /** Highest percent of desiredCount running during a deployment. @default 200 */
  maximumPercent?: number;
  /** Seconds the load balancer health check is ignored after a task starts. @default 60 with a load balancer */
  healthCheckGracePeriodSeconds?: number;
  /** Statements granted to the task role. @default [] */
  taskRoleStatements?: PolicyStatement[];
  /** Adopt this execution role. @default created with computed least privilege */
  executionRoleArn?: pulumi.Input<string>;
  /** Adopt this task role. @default created */
  taskRoleArn?: pulumi.Input<string>;
  /** KMS keys that encrypt the secrets the containers read. @default [] */
  kmsKeyArns?: pulumi.Input<string>[];
  /** Log retention in days. @default 30 */
  logRetentionDays?: number;
  /** Turn on ECS Exec. @default false */
  enableExecuteCommand?: boolean;
  /** Tags. @default {} */
  tags?: Record<string, string>;
}

/** Every argument of {@link Ec2ServiceArgs}, for the unknown-property check. */
export const EC2_SERVICE_KEYS = [
  "clusterArn",
  "clusterName",
  "capacity",
  "capacityProviderStrategy",
  "networkMode",
  "containers",
  "cpu",
  "memory",
  "family",
  "desiredCount",
  "vpcId",
  "subnetIds",
  "securityGroupIds",
  "loadBalancer",
  "placementStrategy",
  "placementConstraints",
  "autoscaling",
  "awake",
  "minimumHealthyPercent",
  "maximumPercent",
  "healthCheckGracePeriodSeconds",
  "taskRoleStatements",
  "executionRoleArn",
  "taskRoleArn",
  "kmsKeyArns",
  "logRetentionDays",
  "enableExecuteCommand",
  "tags",
] as const satisfies readonly (keyof Ec2ServiceArgs)[];
// Compile-time: the list names every argument.
const _everyServiceKey: Exclude<keyof Ec2ServiceArgs, (typeof EC2_SERVICE_KEYS)[number]> extends never
  ? true
  : never = true;
void _everyServiceKey;

/** Every field of {@link Ec2LoadBalancerArgs}, for the unknown-property check. */
export const LOAD_BALANCER_KEYS = [
  "listenerArn",
  "securityGroupId",
  "containerName",
  "containerPort",
  "priority",
  "pathPatterns",
  "hostHeaders",
  "healthCheckPath",
  "deregistrationDelaySeconds",
] as const satisfies readonly (keyof Ec2LoadBalancerArgs)[];
