import type * as pulumi from "@pulumi/pulumi";
import type { Architecture } from "./instance-types";

/** Arguments of {@link ManagedInstancesCapacity}. */
export interface ManagedInstancesCapacityArgs {
  /** Name of the ECS cluster (Managed Instances providers belong to one cluster). */
  clusterName: pulumi.Input<string>;
  /** ARN of that cluster; the instance role may register only into it. */
  clusterArn: pulumi.Input<string>;
  /** VPC of the instances (for their security group). */
  vpcId: pulumi.Input<string>;
  /** Private subnets ECS launches instances into (a list, also as an `Output`). */
  subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** Buy Spot capacity (`capacityOptionType: SPOT`); ECS drains interrupted instances itself. @default true */
  spot?: boolean;
  /** CPU architecture; picks the CPU makers ECS may choose. @default "arm64" */
  architecture?: Architecture;
  /** Fewest vCPUs per instance. @default 2 */
  vcpuMin?: number;
  /** Most vCPUs per instance. @default 8 */
  vcpuMax?: number;
  /** Least memory per instance in MiB. @default 4096 */
  memoryMinMib?: number;
  /** Most memory per instance in MiB. @default 32768 */
  memoryMaxMib?: number;
  /** Task volume size per instance in GiB (1 to 16384). @default 30 */
  storageSizeGiB?: number;
  /** Further security groups for the instances. @default [] */
  securityGroupIds?: pulumi.Input<string>[];
  /** Tags. @default {} */
  tags?: Record<string, string>;
}

/** Every argument of {@link ManagedInstancesCapacityArgs}, for the unknown-property check. */
export const MANAGED_INSTANCES_KEYS = [
  "clusterName",
  "clusterArn",
  "vpcId",
  "subnetIds",
  "spot",
  "architecture",
  "vcpuMin",
  "vcpuMax",
  "memoryMinMib",
  "memoryMaxMib",
  "storageSizeGiB",
  "securityGroupIds",
  "tags",
] as const satisfies readonly (keyof ManagedInstancesCapacityArgs)[];
// Compile-time: the list names every argument.
const _everyMiKey: Exclude<
  keyof ManagedInstancesCapacityArgs,
  (typeof MANAGED_INSTANCES_KEYS)[number]
> extends never
  ? true
  : never = true;
void _everyMiKey;
