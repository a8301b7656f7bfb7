import {
  checkTags,
  componentTags,
  isPlain,
  isPlainObject,
  mergePlainTags,
  type ResolvedAwakeSchedule,
  resolveAwakeSchedule,
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
  ECR_REPOSITORY_ARN,
  KMS_KEY_ARN,
  REMOVED_ATTACHMENT_ARGS,
} from "./capacity-checks";
import { checkEc2Id, checkEc2IdList } from "./ec2-ids";
import {
  ARCHITECTURES,
  type Architecture,
  checkInstanceTypes,
  DEFAULT_INSTANCE_TYPES,
} from "./instance-types";
import {
  INSTANCE_REQUIREMENTS_KEYS,
  type InstanceRequirementsArgs,
  SPOT_CAPACITY_KEYS,
  type SpotCapacityArgs,
} from "./spot-capacity-args";
import { DERIVED_ECS_CONFIG_KEYS, isSpotPossible } from "./user-data";

/** The type token of {@link SpotCapacity}. */
export const SPOT_CAPACITY_TYPE = "berth:ecs:SpotCapacity";

/**
 * The scalar defaults of {@link SpotCapacityArgs}, in one place: resolve fills them and the checks
 * read them. Derived ones: `desiredCapacity` is `minSize`, `managedTerminationProtection` is
 * `managedScaling`, `instanceTypes` is `DEFAULT_INSTANCE_TYPES[architecture]`.
 */
export const SPOT_CAPACITY_DEFAULTS = {
  architecture: "arm64",
  onDemandBaseCapacity: 1,
  onDemandPercentageAboveBaseCapacity: 0,
  minSize: 0,
  managedScaling: true,
  targetCapacityPercent: 100,
  minimumScalingStepSize: 1,
  maximumScalingStepSize: 10,
  instanceWarmupPeriod: 300,
  managedDraining: true,
  awakeFloor: 0,
  containerStopTimeoutSeconds: 30,
  rootVolumeSizeGiB: 30,
  metadataHopLimit: 1,
  enableSsm: false,
} as const satisfies Partial<Record<keyof SpotCapacityArgs, unknown>>;

/** The names of the children a {@link SpotCapacity} creates, in builder order. */
export interface SpotCapacityChildNames {
  /** IAM role of the instances. */
  instanceRole: string;
  /** `AmazonSSMManagedInstanceCore` attachment (only with `enableSsm`). */
  ssmPolicy: string | undefined;
  /** Instance profile. */
  instanceProfile: string;
  /** Security group of the instances. */
  securityGroup: string;
  /** Its egress rule. */
  egress: string;
  /** One ingress rule per load balancer, by the caller's key. */
  fromLoadBalancer: Record<string, string>;
  /** Launch template. */
  launchTemplate: string;
  /** Auto Scaling group. */
  autoScalingGroup: string;
  /** The group's scheduled actions (only with `awake`). */
  sleepSchedules: { sleep: string; wake: string } | undefined;
  /** Capacity provider. */
  capacityProvider: string;
}

/** {@link SpotCapacityArgs} checked, with every default filled: what the builders read. */
export interface ResolvedSpotCapacityArgs {
  /** The component name. */
  name: string;
  clusterName: pulumi.Input<string>;
  clusterArn: pulumi.Input<string>;
  vpcId: pulumi.Input<string>;
  subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  architecture: Architecture;
  /** The instance types of the mixed instances policy; `undefined` with `instanceRequirements`. */
  instanceTypes: readonly string[] | undefined;
  instanceRequirements: InstanceRequirementsArgs | undefined;
  onDemandBaseCapacity: number;
  onDemandPercentageAboveBaseCapacity: number;
  /** True when the purchase options allow Spot (Spot draining, capacity rebalance). */
  spotPossible: boolean;
  minSize: number;
  maxSize: number;
  desiredCapacity: number;
  managedScaling: boolean;
  targetCapacityPercent: number;
  minimumScalingStepSize: number;
  maximumScalingStepSize: number;
  instanceWarmupPeriod: number;
  managedTerminationProtection: boolean;
  managedDraining: boolean;
  awake: ResolvedAwakeSchedule | undefined;
  awakeFloor: number;
  containerStopTimeoutSeconds: number;
  extraEcsConfig: Record<string, string>;
  rootVolumeSizeGiB: number;
  rootVolumeKmsKeyArn: pulumi.Input<string> | undefined;
  metadataHopLimit: number;
  enableSsm: boolean;
  /** `undefined`: every repository of the account and region. */
  imagePullRepositoryArns: pulumi.Input<string>[] | undefined;
  securityGroupIds: pulumi.Input<string>[];
  loadBalancerSecurityGroups: Record<string, pulumi.Input<string>>;
  /** Berth's tags merged with the caller's. */
  tags: Record<string, string>;
  names: SpotCapacityChildNames;
}

/** The names of the children, from the component name and the arguments that add children. */
export function spotCapacityChildNames(
  name: string,
  args: Pick<SpotCapacityArgs, "enableSsm" | "awake" | "loadBalancerSecurityGroups">,
): SpotCapacityChildNames {
  return {
    instanceRole: `${name}-instance`,
    ssmPolicy: args.enableSsm ? `${name}-ssm` : undefined,
    instanceProfile: `${name}-profile`,
    securityGroup: `${name}-instances`,
    egress: `${name}-egress`,
    fromLoadBalancer: Object.fromEntries(
      Object.keys(args.loadBalancerSecurityGroups ?? {}).map((key) => [key, `${name}-from-lb-${key}`]),
    ),
    launchTemplate: `${name}-template`,
    autoScalingGroup: `${name}-asg`,
    sleepSchedules:
      args.awake !== undefined ? { sleep: `${name}-asg-sleep`, wake: `${name}-asg-wake` } : undefined,
    capacityProvider: `${name}-provider`,
  };
}

/**
 * Checks every argument of a {@link SpotCapacity} (plain values now; `Output`s once known, see
 * {@link whenKnownSpotCapacityInputs}) and fills its defaults, creating nothing. Throws one
 * `BerthValidationError` listing every issue.
 */
export function resolveSpotCapacityArgs(name: string, args: SpotCapacityArgs): ResolvedSpotCapacityArgs {
  const v = new Validator(SPOT_CAPACITY_TYPE, name);
  checkSpotCapacityArgs(name, args, v);
  // A non-object `args` is already reported.
  const awake = isPlainObject(args) ? resolveAwakeSchedule(v, "awake", args.awake) : undefined;
  v.throwIfAny();
  const architecture: Architecture = args.architecture ?? SPOT_CAPACITY_DEFAULTS.architecture;
  const onDemandPercentageAboveBaseCapacity =
    args.onDemandPercentageAboveBaseCapacity ?? SPOT_CAPACITY_DEFAULTS.onDemandPercentageAboveBaseCapacity;
  const managedScaling = args.managedScaling ?? SPOT_CAPACITY_DEFAULTS.managedScaling;
  const minSize = args.minSize ?? SPOT_CAPACITY_DEFAULTS.minSize;
  return {
    name,
    clusterName: args.clusterName,
    clusterArn: args.clusterArn,
    vpcId: args.vpcId,
    subnetIds: args.subnetIds,
    architecture,
    instanceTypes:
      args.instanceRequirements === undefined
        ? (args.instanceTypes ?? DEFAULT_INSTANCE_TYPES[architecture])
        : undefined,
    instanceRequirements: args.instanceRequirements,
    onDemandBaseCapacity: args.onDemandBaseCapacity ?? SPOT_CAPACITY_DEFAULTS.onDemandBaseCapacity,
    onDemandPercentageAboveBaseCapacity,
    spotPossible: isSpotPossible(onDemandPercentageAboveBaseCapacity),
    minSize,
    maxSize: args.maxSize,
    desiredCapacity: args.desiredCapacity ?? minSize,
    managedScaling,
    targetCapacityPercent: args.targetCapacityPercent ?? SPOT_CAPACITY_DEFAULTS.targetCapacityPercent,
    minimumScalingStepSize: args.minimumScalingStepSize ?? SPOT_CAPACITY_DEFAULTS.minimumScalingStepSize,
    maximumScalingStepSize: args.maximumScalingStepSize ?? SPOT_CAPACITY_DEFAULTS.maximumScalingStepSize,
    instanceWarmupPeriod: args.instanceWarmupPeriod ?? SPOT_CAPACITY_DEFAULTS.instanceWarmupPeriod,
    managedTerminationProtection: args.managedTerminationProtection ?? managedScaling,
    managedDraining: args.managedDraining ?? SPOT_CAPACITY_DEFAULTS.managedDraining,
    awake,
    awakeFloor: args.awakeFloor ?? SPOT_CAPACITY_DEFAULTS.awakeFloor,
    containerStopTimeoutSeconds:
      args.containerStopTimeoutSeconds ?? SPOT_CAPACITY_DEFAULTS.containerStopTimeoutSeconds,
    extraEcsConfig: args.extraEcsConfig ?? {},
    rootVolumeSizeGiB: args.rootVolumeSizeGiB ?? SPOT_CAPACITY_DEFAULTS.rootVolumeSizeGiB,
    rootVolumeKmsKeyArn: args.rootVolumeKmsKeyArn,
    metadataHopLimit: args.metadataHopLimit ?? SPOT_CAPACITY_DEFAULTS.metadataHopLimit,
    enableSsm: args.enableSsm ?? SPOT_CAPACITY_DEFAULTS.enableSsm,
    imagePullRepositoryArns: args.imagePullRepositoryArns,
    securityGroupIds: args.securityGroupIds ?? [],
    loadBalancerSecurityGroups: args.loadBalancerSecurityGroups ?? {},
    tags: mergePlainTags(componentTags(SPOT_CAPACITY_TYPE, name), args.tags),
    names: spotCapacityChildNames(name, args),
  };
}

/** The inputs that may be `Output`s, each checked once known with the same rule as a plain value. */
export interface KnownSpotCapacityInputs {
  clusterName: pulumi.Output<string>;
  clusterArn: pulumi.Output<string>;
  vpcId: pulumi.Output<string>;
  subnetIds: pulumi.Output<string[]>;
  securityGroupIds: pulumi.Output<string>[];
  loadBalancerSecurityGroups: Record<string, pulumi.Output<string>>;
  imagePullRepositoryArns: pulumi.Output<string>[] | undefined;
  rootVolumeKmsKeyArn: pulumi.Output<string> | undefined;
}

/** Wraps every input that may be an `Output` in its check; the checked Outputs feed the resources. */
export function whenKnownSpotCapacityInputs(r: ResolvedSpotCapacityArgs): KnownSpotCapacityInputs {
  const known = <T>(value: pulumi.Input<T>, check: (cv: Validator, value: unknown) => void) =>
    validateWhenKnown(SPOT_CAPACITY_TYPE, r.name, value, (x, cv) => check(cv, x));
  return {
    // Written into user data: an Output is checked with the same rule as a plain value.
    clusterName: known(r.clusterName, (cv, x) => checkClusterName(cv, "clusterName", x)),
    clusterArn: known(r.clusterArn, checkClusterArn),
    vpcId: known(r.vpcId, checkVpcId),
    subnetIds: known(r.subnetIds, checkSubnetIds) as pulumi.Output<string[]>,
    securityGroupIds: r.securityGroupIds.map((id, i) =>
      known(id, (cv, x) => checkEc2Id(cv, `securityGroupIds[${i}]`, x, "sg")),
    ),
    loadBalancerSecurityGroups: Object.fromEntries(
      Object.entries(r.loadBalancerSecurityGroups).map(([key, id]) => [
        key,
        known(id, (cv, x) => checkEc2Id(cv, `loadBalancerSecurityGroups.${key}`, x, "sg")),
      ]),
    ),
    imagePullRepositoryArns: r.imagePullRepositoryArns?.map((arn, i) =>
      known(arn, (cv, x) => cv.arn(`imagePullRepositoryArns[${i}]`, x, ECR_REPOSITORY_ARN)),
    ),
    rootVolumeKmsKeyArn:
      r.rootVolumeKmsKeyArn === undefined
        ? undefined
        : known(r.rootVolumeKmsKeyArn, (cv, x) => cv.arn("rootVolumeKmsKeyArn", x, KMS_KEY_ARN)),
  };
}

/**
 * AWS name limits of the auto-named children (logical name plus Pulumi's 8-character suffix): IAM
 * role 64 (pulumi-aws `AutoName("name", 64)`), instance profile 128 (IAM CreateInstanceProfile),
 * launch template 128 (EC2 CreateLaunchTemplate), Auto Scaling group 255 (CreateAutoScalingGroup),
 * capacity provider 255 (ECS CreateCapacityProvider), security group 255 (EC2 CreateSecurityGroup).
 */
function spotCapacityNameLimits(names: SpotCapacityChildNames): ReadonlyArray<readonly [string, number]> {
  return [
    [names.instanceRole, 64],
    [names.instanceProfile, 128],
    [names.launchTemplate, 128],
    [names.autoScalingGroup, 255],
    [names.capacityProvider, 255],
    [names.securityGroup, 255],
  ];
}

/** Every plan-time check of {@link SpotCapacityArgs}, by concern; issues are added to `v`. */
export function checkSpotCapacityArgs(name: string, args: SpotCapacityArgs, v: Validator): void {
  if (!isPlainObject(args)) {
    v.check(
      false,
      "args",
      args,
      "an object of SpotCapacityArgs (clusterName, clusterArn, vpcId, subnetIds, maxSize)",
    );
    return;
  }
  checkSpotCapacityKeys(args, v);
  checkCapacityName(v, name);
  if (typeof name === "string") {
    const lbKeys = isPlainObject(args.loadBalancerSecurityGroups) ? args.loadBalancerSecurityGroups : {};
    const names = spotCapacityChildNames(name, { ...args, loadBalancerSecurityGroups: lbKeys });
    checkChildNameLengths(v, name, spotCapacityNameLimits(names));
  }
  checkSpotCapacityNetwork(args, v);
  checkInstanceSelection(args, v);
  checkGroupSize(args, v);
  checkManagedScaling(args, v);
  checkInstanceSettings(args, v);
  checkSpotCapacityTags(name, args, v);
}

/** The argument names: removed ones with their replacement, unknown ones with the nearest known. */
function checkSpotCapacityKeys(args: SpotCapacityArgs, v: Validator): void {
  const current = v.retiredKeys("", args, {
    ...REMOVED_ATTACHMENT_ARGS,
    loadBalancerSecurityGroupIds: {
      allowed: "no such argument: loadBalancerSecurityGroups, keyed by a name you choose",
      hint: 'write `loadBalancerSecurityGroups: { alb: "sg-..." }`, keys in the order of the old list (the rules keep their state through aliases)',
    },
  });
  v.knownKeys("", current, SPOT_CAPACITY_KEYS);
}

/** Cluster, VPC, subnets, security groups, load balancers, repositories and the volume key. */
function checkSpotCapacityNetwork(args: SpotCapacityArgs, v: Validator): void {
  if (v.required("clusterName", args.clusterName, "the ECS cluster's name") && isPlain(args.clusterName)) {
    checkClusterName(v, "clusterName", args.clusterName);
  }
  checkClusterArn(v, args.clusterArn);
  checkVpcId(v, args.vpcId);
  checkSubnetIds(v, args.subnetIds);
  checkEc2IdList(v, "securityGroupIds", args.securityGroupIds, "sg", 0);
  checkLoadBalancerSecurityGroups(args.loadBalancerSecurityGroups, v);
  (args.imagePullRepositoryArns ?? []).forEach((arn, i) => {
    v.arn(`imagePullRepositoryArns[${i}]`, arn, ECR_REPOSITORY_ARN);
  });
  v.arn("rootVolumeKmsKeyArn", args.rootVolumeKmsKeyArn, KMS_KEY_ARN);
}

/**
 * `loadBalancerSecurityGroups`: keys usable in a child name, ids of security groups, each id once
 * (EC2 refuses a second identical rule, `InvalidPermission.Duplicate`).
 */
function checkLoadBalancerSecurityGroups(value: unknown, v: Validator): void {
  if (value === undefined) return;
  if (
    !v.check(
      isPlainObject(value),
      "loadBalancerSecurityGroups",
      value,
      'an object of security group ids keyed by a name you choose, e.g. { alb: "sg-0123456789abcdef0" }',
    )
  )
    return;
  const seen = new Set<unknown>();
  for (const [key, id] of Object.entries(value as Record<string, unknown>)) {
    // A key starts with a letter: the rules' old names end in a list position (`-from-lb-0`), which
    // a new name must never take (it is every rule's alias).
    v.check(
      /^[A-Za-z][A-Za-z0-9_-]*$/.test(key),
      "loadBalancerSecurityGroups",
      key,
      "keys of letters, digits, hyphens and underscores, starting with a letter (each key names a rule)",
    );
    const path = `loadBalancerSecurityGroups.${key}`;
    if (v.required(path, id, "a security group id")) checkEc2Id(v, path, id, "sg");
    if (isPlain(id as pulumi.Input<unknown>) && seen.has(id)) v.check(false, path, id, "each id once");
    seen.add(id);
  }
}

/** Architecture, instance types or requirements, and the on-demand/Spot split. */
function checkInstanceSelection(args: SpotCapacityArgs, v: Validator): void {
  const architecture = args.architecture ?? SPOT_CAPACITY_DEFAULTS.architecture;
  const archOk = v.oneOf("architecture", architecture, ARCHITECTURES);
  if (args.instanceTypes !== undefined && args.instanceRequirements !== undefined) {
    v.check(
      false,
      "instanceRequirements",
      args.instanceRequirements,
      "either instanceTypes or instanceRequirements, not both",
    );
  }
  const pct =
    args.onDemandPercentageAboveBaseCapacity ?? SPOT_CAPACITY_DEFAULTS.onDemandPercentageAboveBaseCapacity;
  v.intIn("onDemandPercentageAboveBaseCapacity", pct, 0, 100);
  v.intIn("onDemandBaseCapacity", args.onDemandBaseCapacity, 0, 100000);
  if (args.instanceRequirements !== undefined) {
    checkInstanceRequirements(args.instanceRequirements, v);
    return;
  }
  const arch: Architecture = archOk && architecture === "x86_64" ? "x86_64" : "arm64";
  const types = args.instanceTypes ?? [...DEFAULT_INSTANCE_TYPES[arch]];
  if (!v.check(Array.isArray(types), "instanceTypes", types, "a list of EC2 instance types")) return;
  v.merge(checkInstanceTypes(types, arch));
  if (isSpotPossible(pct) && types.length === 1) {
    v.check(
      false,
      "instanceTypes",
      types,
      "at least 2 instance types when Spot is possible (onDemandPercentageAboveBaseCapacity below 100)",
      "one type is one Spot pool, interrupted all at once",
    );
  }
}

/** Attribute-based selection: known keys, required minimums, maximums at least the minimums. */
function checkInstanceRequirements(r: InstanceRequirementsArgs, v: Validator): void {
  if (!v.check(isPlainObject(r), "instanceRequirements", r, "an object")) return;
  v.knownKeys("instanceRequirements", r, INSTANCE_REQUIREMENTS_KEYS);
  v.required("instanceRequirements.vcpuMin", r.vcpuMin, "the fewest vCPUs");
  v.required("instanceRequirements.memoryMinMib", r.memoryMinMib, "the least memory in MiB");
  v.intIn("instanceRequirements.vcpuMin", r.vcpuMin, 1, 1024);
  v.intIn("instanceRequirements.memoryMinMib", r.memoryMinMib, 512, 24_576_000);
  if (r.vcpuMax !== undefined) {
    v.check(
      Number.isInteger(r.vcpuMax) && r.vcpuMax >= (r.vcpuMin ?? 1),
      "instanceRequirements.vcpuMax",
      r.vcpuMax,
      `an integer of at least vcpuMin (${r.vcpuMin})`,
    );
  }
  if (r.memoryMaxMib !== undefined) {
    v.check(
      Number.isInteger(r.memoryMaxMib) && r.memoryMaxMib >= (r.memoryMinMib ?? 512),
      "instanceRequirements.memoryMaxMib",
      r.memoryMaxMib,
      `an integer of at least memoryMinMib (${r.memoryMinMib})`,
    );
  }
}

/** The group's bounds, desired capacity and sleep floor (EC2 Auto Scaling allows 0 to 10000 here). */
function checkGroupSize(args: SpotCapacityArgs, v: Validator): void {
  const min = args.minSize ?? SPOT_CAPACITY_DEFAULTS.minSize;
  const minOk = v.intIn("minSize", min, 0, 10000);
  const maxOk =
    v.required("maxSize", args.maxSize, "the most instances, an integer from 1 to 10000") &&
    v.intIn("maxSize", args.maxSize, 1, 10000);
  if (minOk && maxOk && args.maxSize < min)
    v.check(false, "maxSize", args.maxSize, `at least minSize (${min})`);
  if (args.desiredCapacity !== undefined && minOk && maxOk) {
    v.check(
      Number.isInteger(args.desiredCapacity) &&
        args.desiredCapacity >= min &&
        args.desiredCapacity <= args.maxSize,
      "desiredCapacity",
      args.desiredCapacity,
      `an integer from minSize (${min}) to maxSize (${args.maxSize})`,
    );
  }
  if (args.awakeFloor === undefined) return;
  if (
    v.check(
      args.awake !== undefined,
      "awakeFloor",
      args.awakeFloor,
      "only with awake (the instances kept while asleep)",
    ) &&
    maxOk
  )
    v.intIn("awakeFloor", args.awakeFloor, 0, args.maxSize);
}

/** Capacity provider managed scaling and termination protection (ECS CreateCapacityProvider ranges). */
function checkManagedScaling(args: SpotCapacityArgs, v: Validator): void {
  const managedScaling = args.managedScaling ?? SPOT_CAPACITY_DEFAULTS.managedScaling;
  if ((args.managedTerminationProtection ?? managedScaling) && !managedScaling) {
    v.check(
      false,
      "managedTerminationProtection",
      true,
      "false when managedScaling is false (ECS protects instances only while it scales the group)",
    );
  }
  v.intIn("targetCapacityPercent", args.targetCapacityPercent, 1, 100);
  const minStepOk = v.intIn("minimumScalingStepSize", args.minimumScalingStepSize, 1, 10000);
  const maxStepOk = v.intIn("maximumScalingStepSize", args.maximumScalingStepSize, 1, 10000);
  if (
    minStepOk &&
    maxStepOk &&
    (args.minimumScalingStepSize ?? SPOT_CAPACITY_DEFAULTS.minimumScalingStepSize) >
      (args.maximumScalingStepSize ?? SPOT_CAPACITY_DEFAULTS.maximumScalingStepSize)
  ) {
    v.check(
      false,
      "maximumScalingStepSize",
      args.maximumScalingStepSize ?? SPOT_CAPACITY_DEFAULTS.maximumScalingStepSize,
      `at least minimumScalingStepSize (${args.minimumScalingStepSize})`,
    );
  }
  v.intIn("instanceWarmupPeriod", args.instanceWarmupPeriod, 0, 10000);
}

/** What goes into the launch template: agent settings, root volume, metadata options. */
function checkInstanceSettings(args: SpotCapacityArgs, v: Validator): void {
  v.intIn("containerStopTimeoutSeconds", args.containerStopTimeoutSeconds, 1, 120);
  v.intIn("rootVolumeSizeGiB", args.rootVolumeSizeGiB, 30, 16384);
  v.intIn("metadataHopLimit", args.metadataHopLimit, 1, 64);
  for (const [key, value] of Object.entries(args.extraEcsConfig ?? {})) {
    const derived = (DERIVED_ECS_CONFIG_KEYS as readonly string[]).includes(key);
    v.check(
      /^ECS_[A-Z0-9_]+$/.test(key) && !derived,
      `extraEcsConfig.${key}`,
      key,
      derived
        ? "a key Berth does not derive (ECS_CLUSTER, Spot draining, stop timeout, IMDS and awslogs settings are computed)"
        : "an ECS agent setting such as ECS_IMAGE_PULL_BEHAVIOR",
    );
    // Written into user data: one line of printable characters, nothing that ends the line.
    v.check(
      typeof value === "string" && /^[\x20-\x7E]*$/.test(value),
      `extraEcsConfig.${key}`,
      value,
      "a single-line value of printable ASCII characters",
    );
  }
}

/** The tags, and their count on the group, which carries the most. */
function checkSpotCapacityTags(name: string, args: SpotCapacityArgs, v: Validator): void {
  v.merge(checkTags(args.tags));
  // The group carries the most tags: Berth's two, the caller's, Name and AmazonECSManaged.
  const groupTags = Object.keys({
    ...componentTags(SPOT_CAPACITY_TYPE, name),
    ...args.tags,
    Name: "",
    AmazonECSManaged: "",
  });
  v.check(
    groupTags.length <= TAG_LIMITS.maxTags,
    "tags",
    `${Object.keys(args.tags ?? {}).length} tags`,
    `at most ${TAG_LIMITS.maxTags} tags on the Auto Scaling group with berth:component, berth:name, Name and AmazonECSManaged`,
  );
}
