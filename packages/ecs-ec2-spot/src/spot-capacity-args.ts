import type { AwakeSchedule } from "@berth/core";
import type * as pulumi from "@pulumi/pulumi";
import type { Architecture } from "./instance-types";

/** Attribute-based instance selection (instead of a list of instance types). */
export interface InstanceRequirementsArgs {
  /** Fewest vCPUs. */
  vcpuMin: number;
  /** Most vCPUs. @default no maximum */
  vcpuMax?: number;
  /** Least memory in MiB. */
  memoryMinMib: number;
  /** Most memory in MiB. @default no maximum */
  memoryMaxMib?: number;
  /** Allow burstable (T) instance types. @default false */
  burstable?: boolean;
}

/** Arguments of {@link SpotCapacity}. */
export interface SpotCapacityArgs {
  /** Name of the ECS cluster the instances join (letters, digits, hyphens, underscores). */
  clusterName: pulumi.Input<string>;
  /** ARN of that cluster; the instance role may register only into it. */
  clusterArn: pulumi.Input<string>;
  /** VPC of the instances (for their security group). */
  vpcId: pulumi.Input<string>;
  /** Private subnets the group spreads across, one per Availability Zone (a list, also as an `Output`). */
  subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** CPU architecture of the instances and the AMI. @default "arm64" (Graviton: cheaper per vCPU) */
  architecture?: Architecture;
  /**
   * Instance types of the mixed instances policy, all of `architecture`. Give several: every type is
   * a separate Spot pool. Not together with `instanceRequirements`.
   * @default m7g.large, m6g.large, m8g.large, c7g.xlarge for arm64; m7i.large, m6i.large, m7a.large, m6a.large for x86_64
   */
  instanceTypes?: string[];
  /** Attribute-based selection instead of `instanceTypes`; the CPU maker follows `architecture`. @default none */
  instanceRequirements?: InstanceRequirementsArgs;
  /** Instances always bought on demand, before the percentage applies. @default 1 */
  onDemandBaseCapacity?: number;
  /**
   * Percent of the instances above the base bought on demand (0 to 100). Below 100 the group can
   * launch Spot, and Spot instance draining is then turned on in the agent config. @default 0
   */
  onDemandPercentageAboveBaseCapacity?: number;
  /** Fewest instances. @default 0 */
  minSize?: number;
  /** Most instances. */
  maxSize: number;
  /** Instances at creation; afterwards ECS managed scaling owns it (ignored in diffs). @default minSize */
  desiredCapacity?: number;
  /** Let ECS scale the group to fit the tasks (capacity provider managed scaling). @default true */
  managedScaling?: boolean;
  /** Target utilization of the group in percent (1 to 100); below 100 keeps spare instances. @default 100 */
  targetCapacityPercent?: number;
  /** Fewest instances ECS adds or removes in one step (1 to 10000). @default 1 */
  minimumScalingStepSize?: number;
  /** Most instances ECS adds or removes in one step (1 to 10000). @default 10 */
  maximumScalingStepSize?: number;
  /** Seconds before a new instance counts in the group's metrics (0 to 10000). @default 300 */
  instanceWarmupPeriod?: number;
  /**
   * ECS keeps instances with running tasks from being scaled in (managed termination protection,
   * with scale-in protection on new instances). Needs `managedScaling`. @default true
   */
  managedTerminationProtection?: boolean;
  /**
   * When the instances run: outside these hours an EC2 Auto Scaling scheduled action
   * (`${name}-asg-sleep`) sets the group's minimum, maximum and desired capacity to `awakeFloor`,
   * and waking (`${name}-asg-wake`) restores `minSize` and `maxSize` with `minSize` as the desired
   * capacity (ECS managed scaling takes over from there). Give the services on this capacity the
   * same schedule: with managed termination protection, instances that still run tasks are
   * protected from scale-in, and a scheduled scale-in does not terminate them either (EC2 Auto
   * Scaling user guide, "Use instance scale-in protection": the desired capacity is decremented
   * but protected instances stay until their protection is removed); ECS removes the protection
   * once an instance has no tasks, and the group then terminates it. @default always awake
   */
  awake?: AwakeSchedule;
  /** Instances kept while asleep (an integer from 0 to `maxSize`; needs `awake`). @default 0 */
  awakeFloor?: number;
  /** ECS drains tasks off instances the group terminates (managed draining). @default true */
  managedDraining?: boolean;
  /** Seconds between SIGTERM and SIGKILL for containers (`ECS_CONTAINER_STOP_TIMEOUT`), 1 to 120. @default 30 */
  containerStopTimeoutSeconds?: number;
  /** Further ECS agent settings (`ECS_*` keys) for `/etc/ecs/ecs.config`. @default {} */
  extraEcsConfig?: Record<string, string>;
  /** Root volume size in GiB (gp3, encrypted), 30 to 16384. @default 30 */
  rootVolumeSizeGiB?: number;
  /** KMS key for the root volume. @default the account's EBS default key */
  rootVolumeKmsKeyArn?: pulumi.Input<string>;
  /** IMDSv2 hop limit (1 to 64); 1 keeps bridge-mode containers away from the instance's credentials. @default 1 */
  metadataHopLimit?: number;
  /** Attach `AmazonSSMManagedInstanceCore` so instances can be reached with Session Manager. @default false */
  enableSsm?: boolean;
  /**
   * ECR repositories the instance role may pull from (for tasks without an execution role; Berth
   * services pull with their execution role). @default every repository of this account and region
   */
  imagePullRepositoryArns?: pulumi.Input<string>[];
  /** Further security groups for the instances. @default [] */
  securityGroupIds?: pulumi.Input<string>[];
  /**
   * Load balancer security groups allowed in on the ephemeral port range 32768-65535, once for every
   * bridge-mode service (`Ec2Service` then adds no rule of its own). Needed when several bridge
   * services sit behind the same load balancer. Keyed by a name you choose (letters, digits, hyphens,
   * underscores), e.g. `{ public: alb.securityGroupId }`: the key names the rule
   * (`<name>-from-lb-<key>`), so removing one load balancer replaces no other rule, and an id that is
   * an `Output` still gives a name known at plan time. Replaces the list `loadBalancerSecurityGroupIds`
   * of earlier versions. @default {} (each service opens the range itself)
   */
  loadBalancerSecurityGroups?: Record<string, pulumi.Input<string>>;
  /** Tags for every resource (and, through the group, every instance). @default {} */
  tags?: Record<string, string>;
}

/** Every argument of {@link SpotCapacityArgs}, for the unknown-property check. */
export const SPOT_CAPACITY_KEYS = [
  "clusterName",
  "clusterArn",
  "vpcId",
  "subnetIds",
  "architecture",
  "instanceTypes",
  "instanceRequirements",
  "onDemandBaseCapacity",
  "onDemandPercentageAboveBaseCapacity",
  "minSize",
  "maxSize",
  "desiredCapacity",
  "managedScaling",
  "targetCapacityPercent",
  "minimumScalingStepSize",
  "maximumScalingStepSize",
  "instanceWarmupPeriod",
  "managedTerminationProtection",
  "managedDraining",
  "awake",
  "awakeFloor",
  "containerStopTimeoutSeconds",
  "extraEcsConfig",
  "rootVolumeSizeGiB",
  "rootVolumeKmsKeyArn",
  "metadataHopLimit",
  "enableSsm",
  "imagePullRepositoryArns",
  "securityGroupIds",
  "loadBalancerSecurityGroups",
  "tags",
] as const satisfies readonly (keyof SpotCapacityArgs)[];
// Compile-time: the list names every argument.
const _everySpotKey: Exclude<keyof SpotCapacityArgs, (typeof SPOT_CAPACITY_KEYS)[number]> extends never
  ? true
  : never = true;
void _everySpotKey;

/** Every field of {@link InstanceRequirementsArgs}, for the unknown-property check. */
export const INSTANCE_REQUIREMENTS_KEYS = [
  "vcpuMin",
  "vcpuMax",
  "memoryMinMib",
  "memoryMaxMib",
  "burstable",
] as const satisfies readonly (keyof InstanceRequirementsArgs)[];
