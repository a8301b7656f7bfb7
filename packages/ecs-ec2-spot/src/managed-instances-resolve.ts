import {
  checkTags,
  componentTags,
  isPlain,
  isPlainObject,
  mergePlainTags,
  TAG_LIMITS,
  Validator,
  validateWhenKnown,
} from "@berth/core";
import { checkClusterName } from "@berth/ecs-fargate";
import type * as pulumi from "@pulumi/pulumi";
import {
  checkCapacityName,
  checkChildNameLengths,
  checkClusterArn,
  checkSubnetIds,
  checkVpcId,
  REMOVED_ATTACHMENT_ARGS,
} from "./capacity-checks";
import { checkEc2Id, checkEc2IdList } from "./ec2-ids";
import { ARCHITECTURES, type Architecture } from "./instance-types";
import { MANAGED_INSTANCES_KEYS, type ManagedInstancesCapacityArgs } from "./managed-instances-args";

/** The type token of {@link ManagedInstancesCapacity}. */
export const MANAGED_INSTANCES_TYPE = "berth:ecs:ManagedInstancesCapacity";

/** The scalar defaults of {@link ManagedInstancesCapacityArgs}, in one place: resolve fills them and the checks read them. */
export const MANAGED_INSTANCES_DEFAULTS = {
  spot: true,
  architecture: "arm64",
  vcpuMin: 2,
  vcpuMax: 8,
  memoryMinMib: 4096,
  memoryMaxMib: 32768,
  storageSizeGiB: 30,
} as const satisfies Partial<Record<keyof ManagedInstancesCapacityArgs, unknown>>;

/** The names of the children a {@link ManagedInstancesCapacity} creates, in builder order. */
export interface ManagedInstancesChildNames {
  /** IAM role of the instances. */
  instanceRole: string;
  /** Instance profile. */
  instanceProfile: string;
  /** IAM role ECS manages the instances with. */
  infrastructureRole: string;
  /** The AWS managed policy's attachment to it. */
  infrastructurePolicy: string;
  /** Security group of the instances. */
  securityGroup: string;
  /** Its egress rule. */
  egress: string;
  /** Capacity provider. */
  capacityProvider: string;
}

/** {@link ManagedInstancesCapacityArgs} checked, with every default filled: what the builders read. */
export interface ResolvedManagedInstancesCapacityArgs {
  /** The component name. */
  name: string;
  clusterName: pulumi.Input<string>;
  clusterArn: pulumi.Input<string>;
  vpcId: pulumi.Input<string>;
  subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  spot: boolean;
  architecture: Architecture;
  vcpuMin: number;
  vcpuMax: number;
  memoryMinMib: number;
  memoryMaxMib: number;
  storageSizeGiB: number;
  securityGroupIds: pulumi.Input<string>[];
  /** Berth's tags merged with the caller's. */
  tags: Record<string, string>;
  names: ManagedInstancesChildNames;
}

/** The names of the children. */
export function managedInstancesChildNames(name: string): ManagedInstancesChildNames {
  return {
    instanceRole: `${name}-instance`,
    instanceProfile: `${name}-profile`,
    infrastructureRole: `${name}-infrastructure`,
    infrastructurePolicy: `${name}-infrastructure-policy`,
    securityGroup: `${name}-instances`,
    egress: `${name}-egress`,
    capacityProvider: `${name}-provider`,
  };
}

/**
 * Checks every argument of a {@link ManagedInstancesCapacity} (plain values now; `Output`s once
 * known, see {@link whenKnownManagedInstancesInputs}) and fills its defaults, creating nothing.
 * Throws one `BerthValidationError` listing every issue.
 */
export function resolveManagedInstancesCapacityArgs(
  name: string,
  args: ManagedInstancesCapacityArgs,
): ResolvedManagedInstancesCapacityArgs {
  const v = new Validator(MANAGED_INSTANCES_TYPE, name);
  checkManagedInstancesArgs(name, args, v);
  v.throwIfAny();
  return {
    name,
    clusterName: args.clusterName,
    clusterArn: args.clusterArn,
    vpcId: args.vpcId,
    subnetIds: args.subnetIds,
    spot: args.spot ?? MANAGED_INSTANCES_DEFAULTS.spot,
    architecture: args.architecture ?? MANAGED_INSTANCES_DEFAULTS.architecture,
    vcpuMin: args.vcpuMin ?? MANAGED_INSTANCES_DEFAULTS.vcpuMin,
    vcpuMax: args.vcpuMax ?? MANAGED_INSTANCES_DEFAULTS.vcpuMax,
    memoryMinMib: args.memoryMinMib ?? MANAGED_INSTANCES_DEFAULTS.memoryMinMib,
    memoryMaxMib: args.memoryMaxMib ?? MANAGED_INSTANCES_DEFAULTS.memoryMaxMib,
    storageSizeGiB: args.storageSizeGiB ?? MANAGED_INSTANCES_DEFAULTS.storageSizeGiB,
    securityGroupIds: args.securityGroupIds ?? [],
    tags: mergePlainTags(componentTags(MANAGED_INSTANCES_TYPE, name), args.tags),
    names: managedInstancesChildNames(name),
  };
}

/** The inputs that may be `Output`s, each checked once known with the same rule as a plain value. */
export interface KnownManagedInstancesInputs {
  clusterName: pulumi.Output<string>;
  clusterArn: pulumi.Output<string>;
  vpcId: pulumi.Output<string>;
  subnetIds: pulumi.Output<string[]>;
  securityGroupIds: pulumi.Output<string>[];
}

/** Whose subnets `subnetIds` are, in its error message. */
const MI_SUBNETS = "the private subnets ECS launches instances into";
const checkMiSubnetIds = (v: Validator, value: unknown) => checkSubnetIds(v, value, MI_SUBNETS);

/** Wraps every input that may be an `Output` in its check; the checked Outputs feed the resources. */
export function whenKnownManagedInstancesInputs(
  r: ResolvedManagedInstancesCapacityArgs,
): KnownManagedInstancesInputs {
  const known = <T>(value: pulumi.Input<T>, check: (cv: Validator, value: unknown) => void) =>
    validateWhenKnown(MANAGED_INSTANCES_TYPE, r.name, value, (x, cv) => check(cv, x));
  return {
    // The cluster name goes into the provider and an IAM ARN.
    clusterName: known(r.clusterName, (cv, x) => checkClusterName(cv, "clusterName", x)),
    clusterArn: known(r.clusterArn, checkClusterArn),
    vpcId: known(r.vpcId, checkVpcId),
    subnetIds: known(r.subnetIds, checkMiSubnetIds) as pulumi.Output<string[]>,
    securityGroupIds: r.securityGroupIds.map((id, i) =>
      known(id, (cv, x) => checkEc2Id(cv, `securityGroupIds[${i}]`, x, "sg")),
    ),
  };
}

/**
 * AWS name limits of the auto-named children (logical name plus Pulumi's 8-character suffix): IAM
 * roles 64 (pulumi-aws `AutoName("name", 64)`), instance profile 128 (IAM CreateInstanceProfile),
 * capacity provider 255 (ECS CreateCapacityProvider), security group 255 (EC2 CreateSecurityGroup).
 */
function managedInstancesNameLimits(
  names: ManagedInstancesChildNames,
): ReadonlyArray<readonly [string, number]> {
  return [
    [names.instanceRole, 64],
    [names.infrastructureRole, 64],
    [names.instanceProfile, 128],
    [names.capacityProvider, 255],
    [names.securityGroup, 255],
  ];
}

/** Every plan-time check of {@link ManagedInstancesCapacityArgs}, by concern; issues are added to `v`. */
export function checkManagedInstancesArgs(
  name: string,
  args: ManagedInstancesCapacityArgs,
  v: Validator,
): void {
  if (!isPlainObject(args)) {
    v.check(
      false,
      "args",
      args,
      "an object of ManagedInstancesCapacityArgs (clusterName, clusterArn, vpcId, subnetIds)",
    );
    return;
  }
  checkManagedInstancesKeys(args, v);
  checkCapacityName(v, name);
  if (typeof name === "string")
    checkChildNameLengths(v, name, managedInstancesNameLimits(managedInstancesChildNames(name)));
  v.oneOf("architecture", args.architecture ?? MANAGED_INSTANCES_DEFAULTS.architecture, ARCHITECTURES);
  if (v.required("clusterName", args.clusterName, "the ECS cluster's name") && isPlain(args.clusterName)) {
    checkClusterName(v, "clusterName", args.clusterName);
  }
  checkClusterArn(v, args.clusterArn);
  checkVpcId(v, args.vpcId);
  checkMiSubnetIds(v, args.subnetIds);
  checkEc2IdList(v, "securityGroupIds", args.securityGroupIds, "sg", 0);
  v.check(
    typeof (args.spot ?? MANAGED_INSTANCES_DEFAULTS.spot) === "boolean",
    "spot",
    args.spot,
    "true or false",
  );
  checkInstanceSize(args, v);
  checkManagedInstancesTags(name, args, v);
}

/**
 * The argument names: removed ones with their replacement, `awake` with the reason there is none
 * (issue 18), unknown ones with the nearest known.
 */
function checkManagedInstancesKeys(args: ManagedInstancesCapacityArgs, v: Validator): void {
  const current = v.retiredKeys("", args, {
    ...REMOVED_ATTACHMENT_ARGS,
    // ECS API reference, ManagedInstancesProvider: ECS launches and terminates the instances
    // itself, and InfrastructureOptimization `scaleInAfter` terminates idle ones (default
    // behaviour when unset, as here). No Auto Scaling group exists to schedule.
    awake: {
      allowed: "no such argument: ECS Managed Instances terminate idle instances themselves",
      hint: "give the services on this capacity (Ec2Service) the awake schedule; once they sleep at 0 tasks, ECS removes the idle instances",
    },
  });
  v.knownKeys("", current, MANAGED_INSTANCES_KEYS);
}

/** The instance requirements: vCPUs and memory, each maximum at least its minimum; the task volume. */
function checkInstanceSize(args: ManagedInstancesCapacityArgs, v: Validator): void {
  const vmin = args.vcpuMin ?? MANAGED_INSTANCES_DEFAULTS.vcpuMin;
  const vmax = args.vcpuMax ?? MANAGED_INSTANCES_DEFAULTS.vcpuMax;
  const mmin = args.memoryMinMib ?? MANAGED_INSTANCES_DEFAULTS.memoryMinMib;
  const mmax = args.memoryMaxMib ?? MANAGED_INSTANCES_DEFAULTS.memoryMaxMib;
  v.check(Number.isInteger(vmin) && vmin >= 1, "vcpuMin", vmin, "an integer of at least 1");
  v.check(
    Number.isInteger(vmax) && vmax >= vmin,
    "vcpuMax",
    vmax,
    `an integer of at least vcpuMin (${vmin})`,
  );
  v.check(Number.isInteger(mmin) && mmin >= 512, "memoryMinMib", mmin, "an integer of at least 512");
  v.check(
    Number.isInteger(mmax) && mmax >= mmin,
    "memoryMaxMib",
    mmax,
    `an integer of at least memoryMinMib (${mmin})`,
  );
  v.intIn("storageSizeGiB", args.storageSizeGiB ?? MANAGED_INSTANCES_DEFAULTS.storageSizeGiB, 1, 16384);
}

/** The tags, and their count on the security group, which carries the most. */
function checkManagedInstancesTags(name: string, args: ManagedInstancesCapacityArgs, v: Validator): void {
  v.merge(checkTags(args.tags));
  // The security group carries the most tags: Berth's two, the caller's and Name.
  const sgTags = Object.keys({ ...componentTags(MANAGED_INSTANCES_TYPE, name), ...args.tags, Name: "" });
  v.check(
    sgTags.length <= TAG_LIMITS.maxTags,
    "tags",
    `${Object.keys(args.tags ?? {}).length} tags`,
    `at most ${TAG_LIMITS.maxTags} tags on the security group with berth:component, berth:name and Name`,
  );
}
