import {
  type AwakeSchedule,
  allow,
  autoScalingGroupSleepActions,
  checkTags,
  componentTags,
  isPlain,
  isPlainObject,
  mergePlainTags,
  type PolicyStatement,
  policyDocument,
  resolveAwakeSchedule,
  serviceTrustPolicy,
  TAG_LIMITS,
  Validator,
  validateWhenKnown,
} from "@berth/core";
import { checkChildNames, checkClusterName } from "@berth/ecs-fargate";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkEc2Id, checkEc2IdList } from "./ec2-ids";
import { type Architecture, checkInstanceTypes, DEFAULT_INSTANCE_TYPES } from "./instance-types";
import { EPHEMERAL_PORT_FROM, EPHEMERAL_PORT_TO } from "./ports";
import { DERIVED_ECS_CONFIG_KEYS, ecsConfigLines, encodeUserData, isSpotPossible } from "./user-data";

const TYPE = "berth:ecs:SpotCapacity";

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
   * services sit behind the same load balancer. @default [] (each service opens the range itself)
   */
  loadBalancerSecurityGroupIds?: pulumi.Input<string>[];
  /** Tags for every resource (and, through the group, every instance). @default {} */
  tags?: Record<string, string>;
}

/**
 * EC2 capacity for ECS: an Auto Scaling group of ECS-optimized Amazon Linux 2023 instances with a
 * mixed on-demand/Spot policy and a capacity provider with managed scaling, termination protection
 * and draining. The cluster's `ClusterCapacityProviders` (`@berth/ecs-fargate`) associates the
 * provider. Ordered so that `pulumi destroy` never hangs (see README).
 */
export class SpotCapacity extends pulumi.ComponentResource {
  /**
   * The capacity provider's name. Associate it with the cluster through the cluster's one
   * `ClusterCapacityProviders` (`@berth/ecs-fargate`) and give services `association.attached(capacity)`.
   */
  readonly capacityProviderName: pulumi.Output<string>;
  /** The capacity provider's ARN. */
  readonly capacityProviderArn: pulumi.Output<string>;
  /** The Auto Scaling group's name. */
  readonly autoScalingGroupName: pulumi.Output<string>;
  /** The Auto Scaling group's ARN. */
  readonly autoScalingGroupArn: pulumi.Output<string>;
  /** The launch template's id. */
  readonly launchTemplateId: pulumi.Output<string>;
  /** The instances' security group (no ingress; services open what they need). */
  readonly securityGroupId: pulumi.Output<string>;
  /** The instance role's ARN. */
  readonly instanceRoleArn: pulumi.Output<string>;
  /** The instance profile's ARN. */
  readonly instanceProfileArn: pulumi.Output<string>;
  /** True when the purchase options allow Spot (and Spot draining is on). */
  readonly spotPossible: boolean;
  /** The CPU architecture of the instances. */
  readonly architecture: Architecture;
  /** True when the instances are opened to load balancers here (`loadBalancerSecurityGroupIds`). */
  readonly opensEphemeralPorts: boolean;

  /** The Auto Scaling group. */
  readonly autoScalingGroup: aws.autoscaling.Group;
  /** The capacity provider. */
  readonly capacityProvider: aws.ecs.CapacityProvider;

  constructor(name: string, args: SpotCapacityArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TYPE, name, {}, opts);

    // --- validation ---
    const v = new Validator(TYPE, name);
    checkSpotCapacityArgs(name, args, v);
    // A non-object `args` is already reported.
    const awake = isPlainObject(args) ? resolveAwakeSchedule(v, "awake", args.awake) : undefined;
    v.throwIfAny();

    // --- defaults ---
    const architecture = args.architecture ?? "arm64";
    const onDemandBase = args.onDemandBaseCapacity ?? 1;
    const onDemandPct = args.onDemandPercentageAboveBaseCapacity ?? 0;
    const spotPossible = isSpotPossible(onDemandPct);
    const managedScaling = args.managedScaling ?? true;
    const mtp = args.managedTerminationProtection ?? managedScaling;
    const minSize = args.minSize ?? 0;
    const tags = mergePlainTags(componentTags(TYPE, name), args.tags);
    // Values from Outputs get the same checks once known; the checked Outputs feed the resources.
    const known = <T>(value: pulumi.Input<T>, check: (cv: Validator, value: unknown) => void) =>
      validateWhenKnown(TYPE, name, value, (x, cv) => check(cv, x));
    const clusterArn = known(args.clusterArn, checkClusterArn);
    const vpcId = known(args.vpcId, checkVpcId);
    const subnetIds = known(args.subnetIds, checkSubnetIds);
    const extraGroups = (args.securityGroupIds ?? []).map((id, i) =>
      known(id, (cv, x) => checkEc2Id(cv, `securityGroupIds[${i}]`, x, "sg")),
    );
    const partition = aws.getPartitionOutput({}, { parent: this }).partition;
    const region = aws.getRegionOutput({}, { parent: this }).region;
    const accountId = aws.getCallerIdentityOutput({}, { parent: this }).accountId;

    // --- instance role and profile: what the ECS agent needs, scoped to the cluster ---
    const statements: PolicyStatement[] = [
      {
        sid: "RegisterInCluster",
        ...allow(
          ["ecs:DeregisterContainerInstance", "ecs:RegisterContainerInstance", "ecs:Submit*"],
          [clusterArn],
        ),
      },
      {
        sid: "PollForWork",
        ...allow(
          [
            "ecs:Poll",
            "ecs:StartTelemetrySession",
            ...(spotPossible ? ["ecs:UpdateContainerInstancesState"] : []),
          ],
          ["*"],
          [{ test: "ArnEquals", variable: "ecs:cluster", values: [clusterArn] }],
        ),
      },
      { sid: "DiscoverEndpoint", ...allow(["ecs:DiscoverPollEndpoint"], ["*"]) },
      {
        sid: "WriteTaskLogs",
        ...allow(
          ["logs:CreateLogStream", "logs:PutLogEvents"],
          [pulumi.interpolate`arn:${partition}:logs:${region}:${accountId}:log-group:/ecs/*:log-stream:*`],
        ),
      },
    ];
    const pullFrom = args.imagePullRepositoryArns?.map((arn, i) =>
      known(arn, (cv, x) => cv.arn(`imagePullRepositoryArns[${i}]`, x, ECR_REPOSITORY)),
    ) ?? [pulumi.interpolate`arn:${partition}:ecr:${region}:${accountId}:repository/*`];
    if (pullFrom.length > 0) {
      statements.push({ sid: "EcrAuth", ...allow(["ecr:GetAuthorizationToken"], ["*"]) });
      statements.push({
        sid: "PullImages",
        ...allow(
          ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
          pullFrom,
        ),
      });
    }
    const role = new aws.iam.Role(
      `${name}-instance`,
      {
        assumeRolePolicy: serviceTrustPolicy(["ec2.amazonaws.com"]),
        description: `ECS container instances of ${name}: join the cluster, poll for work, pull images`,
        inlinePolicies: [{ name: "ecs-agent", policy: policyDocument(statements) }],
        tags,
      },
      { parent: this },
    );
    if (args.enableSsm) {
      new aws.iam.RolePolicyAttachment(
        `${name}-ssm`,
        {
          role: role.name,
          policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/AmazonSSMManagedInstanceCore`,
        },
        { parent: this },
      );
    }
    const profile = new aws.iam.InstanceProfile(
      `${name}-profile`,
      { role: role.name, tags },
      { parent: this },
    );

    // --- security group: egress only; services add the ingress they need ---
    const securityGroup = new aws.ec2.SecurityGroup(
      `${name}-instances`,
      {
        vpcId,
        description: `ECS container instances of ${name}`,
        tags: { ...tags, Name: `${name}-instances` },
      },
      { parent: this },
    );
    new aws.vpc.SecurityGroupEgressRule(
      `${name}-egress`,
      {
        securityGroupId: securityGroup.id,
        ipProtocol: "-1",
        cidrIpv4: "0.0.0.0/0",
        description: "ECS, ECR, CloudWatch and the dependencies of the workloads",
      },
      { parent: this },
    );
    (args.loadBalancerSecurityGroupIds ?? []).forEach((lbGroup, i) => {
      new aws.vpc.SecurityGroupIngressRule(
        `${name}-from-lb-${i}`,
        {
          securityGroupId: securityGroup.id,
          referencedSecurityGroupId: known(lbGroup, (cv, x) =>
            checkEc2Id(cv, `loadBalancerSecurityGroupIds[${i}]`, x, "sg"),
          ),
          ipProtocol: "tcp",
          fromPort: EPHEMERAL_PORT_FROM,
          toPort: EPHEMERAL_PORT_TO,
          description: "Load balancer to the dynamic host ports of bridge-mode tasks",
        },
        { parent: this },
      );
    });

    // --- launch template: ECS-optimized AL2023, IMDSv2, encrypted gp3 root, agent config ---
    const amiParameter = `/aws/service/ecs/optimized-ami/amazon-linux-2023/${architecture === "arm64" ? "arm64/" : ""}recommended/image_id`;
    const imageId = aws.ssm.getParameterOutput({ name: amiParameter }, { parent: this }).insecureValue;
    // Every value written into user data is checked once known: the cluster name (an Output here
    // is checked with the same rule as a plain value), the extra settings (checked above).
    const clusterName = validateWhenKnown(TYPE, name, args.clusterName, (value, cv) => {
      checkClusterName(cv, "clusterName", value);
    });
    const userData = clusterName.apply((clusterName) =>
      encodeUserData(
        ecsConfigLines({
          clusterName,
          spotPossible,
          containerStopTimeoutSeconds: args.containerStopTimeoutSeconds ?? 30,
          extra: args.extraEcsConfig ?? {},
        }),
      ),
    );
    const launchTemplate = new aws.ec2.LaunchTemplate(
      `${name}-template`,
      {
        description: `ECS container instances of ${name}`,
        imageId,
        iamInstanceProfile: { arn: profile.arn },
        vpcSecurityGroupIds: [securityGroup.id, ...extraGroups],
        metadataOptions: {
          httpEndpoint: "enabled",
          httpTokens: "required",
          httpPutResponseHopLimit: args.metadataHopLimit ?? 1,
          instanceMetadataTags: "disabled",
        },
        blockDeviceMappings: [
          {
            deviceName: "/dev/xvda",
            ebs: {
              volumeSize: args.rootVolumeSizeGiB ?? 30,
              volumeType: "gp3",
              encrypted: "true",
              deleteOnTermination: "true",
              ...(args.rootVolumeKmsKeyArn !== undefined
                ? {
                    kmsKeyId: known(args.rootVolumeKmsKeyArn, (cv, x) =>
                      cv.arn("rootVolumeKmsKeyArn", x, KMS_KEY),
                    ),
                  }
                : {}),
            },
          },
        ],
        userData,
        updateDefaultVersion: true,
        tagSpecifications: [
          { resourceType: "instance", tags: { ...tags, Name: name } },
          { resourceType: "volume", tags },
        ],
        tags,
      },
      { parent: this },
    );

    // --- Auto Scaling group: mixed on-demand/Spot, rebalanced, spread across the subnets ---
    const overrides: aws.types.input.autoscaling.GroupMixedInstancesPolicyLaunchTemplateOverride[] =
      args.instanceRequirements
        ? [{ instanceRequirements: instanceRequirements(args.instanceRequirements, architecture) }]
        : (args.instanceTypes ?? [...DEFAULT_INSTANCE_TYPES[architecture]]).map((instanceType) => ({
            instanceType,
          }));
    const asgTags = Object.entries({ ...tags, Name: name, AmazonECSManaged: "true" })
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, value]) => ({ key, value, propagateAtLaunch: true }));
    const autoScalingGroup = new aws.autoscaling.Group(
      `${name}-asg`,
      {
        minSize,
        maxSize: args.maxSize,
        desiredCapacity: args.desiredCapacity ?? minSize,
        vpcZoneIdentifiers: subnetIds,
        capacityRebalance: spotPossible,
        protectFromScaleIn: mtp,
        // Delete terminates the instances without waiting for scale-in, which protected instances
        // would never allow: the ASG half of the destroy deadlock (aws-cdk#18179).
        forceDelete: true,
        defaultInstanceWarmup: args.instanceWarmupPeriod ?? 300,
        healthCheckType: "EC2",
        mixedInstancesPolicy: {
          instancesDistribution: {
            onDemandBaseCapacity: onDemandBase,
            onDemandPercentageAboveBaseCapacity: onDemandPct,
            onDemandAllocationStrategy: "lowest-price",
            spotAllocationStrategy: "price-capacity-optimized",
          },
          launchTemplate: {
            launchTemplateSpecification: {
              launchTemplateId: launchTemplate.id,
              version: launchTemplate.latestVersion.apply((n) => String(n)),
            },
            overrides,
          },
        },
        instanceRefresh: {
          strategy: "Rolling",
          preferences: {
            minHealthyPercentage: 90,
            scaleInProtectedInstances: "Refresh",
            standbyInstances: "Terminate",
          },
        },
        tags: asgTags,
      },
      { parent: this, ...(managedScaling ? { ignoreChanges: ["desiredCapacity"] } : {}) },
    );

    // --- sleep schedule: the group's bounds go to the floor at night ---
    // A 0 is sent as 0: the provider leaves out only -1 (terraform-provider-aws
    // internal/service/autoscaling/schedule.go, resourceSchedulePut).
    if (awake) {
      for (const a of autoScalingGroupSleepActions(awake, {
        min: minSize,
        max: args.maxSize,
        floor: args.awakeFloor ?? 0,
      })) {
        new aws.autoscaling.Schedule(
          `${name}-asg-${a.phase}`,
          {
            autoscalingGroupName: autoScalingGroup.name,
            scheduledActionName: a.phase,
            recurrence: a.recurrence,
            timeZone: a.timeZone,
            minSize: a.minSize,
            maxSize: a.maxSize,
            desiredCapacity: a.desiredCapacity,
          },
          { parent: this },
        );
      }
    }

    // --- capacity provider: managed scaling, termination protection, draining ---
    const capacityProvider = new aws.ecs.CapacityProvider(
      `${name}-provider`,
      {
        autoScalingGroupProvider: {
          autoScalingGroupArn: autoScalingGroup.arn,
          managedTerminationProtection: mtp ? "ENABLED" : "DISABLED",
          managedDraining: (args.managedDraining ?? true) ? "ENABLED" : "DISABLED",
          managedScaling: managedScaling
            ? {
                status: "ENABLED",
                targetCapacity: args.targetCapacityPercent ?? 100,
                minimumScalingStepSize: args.minimumScalingStepSize ?? 1,
                maximumScalingStepSize: args.maximumScalingStepSize ?? 10,
                instanceWarmupPeriod: args.instanceWarmupPeriod ?? 300,
              }
            : { status: "DISABLED" },
        },
        tags,
      },
      { parent: this },
    );

    this.capacityProviderName = capacityProvider.name;
    this.capacityProviderArn = capacityProvider.arn;
    this.autoScalingGroupName = autoScalingGroup.name;
    this.autoScalingGroupArn = autoScalingGroup.arn;
    this.launchTemplateId = launchTemplate.id;
    this.securityGroupId = securityGroup.id;
    this.instanceRoleArn = role.arn;
    this.instanceProfileArn = profile.arn;
    this.spotPossible = spotPossible;
    this.architecture = architecture;
    this.opensEphemeralPorts = (args.loadBalancerSecurityGroupIds ?? []).length > 0;
    this.autoScalingGroup = autoScalingGroup;
    this.capacityProvider = capacityProvider;
    this.registerOutputs({
      capacityProviderName: this.capacityProviderName,
      capacityProviderArn: this.capacityProviderArn,
      autoScalingGroupName: this.autoScalingGroupName,
      autoScalingGroupArn: this.autoScalingGroupArn,
      launchTemplateId: this.launchTemplateId,
      securityGroupId: this.securityGroupId,
      instanceRoleArn: this.instanceRoleArn,
      instanceProfileArn: this.instanceProfileArn,
      spotPossible: this.spotPossible,
      architecture: this.architecture,
      opensEphemeralPorts: this.opensEphemeralPorts,
    });
  }
}

function instanceRequirements(
  r: InstanceRequirementsArgs,
  architecture: Architecture,
): aws.types.input.autoscaling.GroupMixedInstancesPolicyLaunchTemplateOverrideInstanceRequirements {
  return {
    vcpuCount: r.vcpuMax !== undefined ? { min: r.vcpuMin, max: r.vcpuMax } : { min: r.vcpuMin },
    memoryMib:
      r.memoryMaxMib !== undefined ? { min: r.memoryMinMib, max: r.memoryMaxMib } : { min: r.memoryMinMib },
    cpuManufacturers: architecture === "arm64" ? ["amazon-web-services"] : ["amd", "intel"],
    burstablePerformance: r.burstable ? "included" : "excluded",
    instanceGenerations: ["current"],
  };
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
  "loadBalancerSecurityGroupIds",
  "tags",
] as const satisfies readonly (keyof SpotCapacityArgs)[];
// Compile-time: the list names every argument.
const _everySpotKey: Exclude<keyof SpotCapacityArgs, (typeof SPOT_CAPACITY_KEYS)[number]> extends never
  ? true
  : never = true;
void _everySpotKey;

const INSTANCE_REQUIREMENTS_KEYS = [
  "vcpuMin",
  "vcpuMax",
  "memoryMinMib",
  "memoryMaxMib",
  "burstable",
] as const;

/** An ECR repository ARN. */
const ECR_REPOSITORY = { service: "ecr", resourceType: "repository" } as const;
/** A KMS key (or alias) ARN, as EBS `kmsKeyId` takes it. */
const KMS_KEY = { service: "kms", resourceType: ["key", "alias"] } as const;

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
 * AWS name limits of the auto-named children (logical name plus Pulumi's 8-character suffix): IAM
 * role 64 (pulumi-aws `AutoName("name", 64)`), instance profile 128 (IAM CreateInstanceProfile),
 * launch template 128 (EC2 CreateLaunchTemplate), Auto Scaling group 255 (CreateAutoScalingGroup),
 * capacity provider 255 (ECS CreateCapacityProvider), security group 255 (EC2 CreateSecurityGroup).
 */
export const SPOT_CAPACITY_CHILD_NAMES = [
  ["-instance", 64],
  ["-profile", 128],
  ["-template", 128],
  ["-asg", 255],
  ["-provider", 255],
  ["-instances", 255],
] as const;

/** Every plan-time check of {@link SpotCapacityArgs}; issues are added to `v`. */
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
  checkRemovedAttachmentArgs(args, v);
  const removed: readonly string[] = REMOVED_ATTACHMENT_ARGS;
  v.knownKeys(
    "",
    Object.fromEntries(Object.entries(args).filter(([k]) => !removed.includes(k))),
    SPOT_CAPACITY_KEYS,
  );
  const architecture = args.architecture ?? "arm64";
  // The component name is in every child's physical name: the capacity provider allows letters,
  // digits, hyphens and underscores, and must not start with aws, ecs or fargate.
  v.check(
    typeof name === "string" && /^[A-Za-z0-9_-]+$/.test(name),
    "name",
    name,
    "letters, digits, hyphens and underscores (it is part of every child's AWS name)",
  );
  v.check(
    !/^(aws|ecs|fargate)/i.test(name),
    "name",
    name,
    'a name that does not start with "aws", "ecs" or "fargate" (reserved for capacity provider names)',
  );
  checkChildNames(v, name, SPOT_CAPACITY_CHILD_NAMES);
  v.oneOf("architecture", architecture, ["arm64", "x86_64"]);
  if (v.required("clusterName", args.clusterName, "the ECS cluster's name") && isPlain(args.clusterName)) {
    checkClusterName(v, "clusterName", args.clusterName);
  }
  checkClusterArn(v, args.clusterArn);
  checkVpcId(v, args.vpcId);
  checkSubnetIds(v, args.subnetIds);
  checkEc2IdList(v, "securityGroupIds", args.securityGroupIds, "sg", 0);
  checkEc2IdList(v, "loadBalancerSecurityGroupIds", args.loadBalancerSecurityGroupIds, "sg", 0);
  (args.imagePullRepositoryArns ?? []).forEach((arn, i) => {
    v.arn(`imagePullRepositoryArns[${i}]`, arn, ECR_REPOSITORY);
  });
  v.arn("rootVolumeKmsKeyArn", args.rootVolumeKmsKeyArn, KMS_KEY);
  if (args.instanceTypes !== undefined && args.instanceRequirements !== undefined) {
    v.check(
      false,
      "instanceRequirements",
      args.instanceRequirements,
      "either instanceTypes or instanceRequirements, not both",
    );
  }
  const pct = args.onDemandPercentageAboveBaseCapacity ?? 0;
  v.intIn("onDemandPercentageAboveBaseCapacity", pct, 0, 100);
  v.intIn("onDemandBaseCapacity", args.onDemandBaseCapacity, 0, 100000);
  if (args.instanceRequirements === undefined) {
    const types = args.instanceTypes ?? [
      ...DEFAULT_INSTANCE_TYPES[architecture === "x86_64" ? "x86_64" : "arm64"],
    ];
    if (v.check(Array.isArray(types), "instanceTypes", types, "a list of EC2 instance types")) {
      v.merge(checkInstanceTypes(types, architecture === "x86_64" ? "x86_64" : "arm64"));
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
  } else if (
    v.check(
      isPlainObject(args.instanceRequirements),
      "instanceRequirements",
      args.instanceRequirements,
      "an object",
    )
  ) {
    const r = args.instanceRequirements;
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
  const min = args.minSize ?? 0;
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
  if (args.awakeFloor !== undefined) {
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
  const managedScaling = args.managedScaling ?? true;
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
  if (minStepOk && maxStepOk && (args.minimumScalingStepSize ?? 1) > (args.maximumScalingStepSize ?? 10)) {
    v.check(
      false,
      "maximumScalingStepSize",
      args.maximumScalingStepSize ?? 10,
      `at least minimumScalingStepSize (${args.minimumScalingStepSize})`,
    );
  }
  v.intIn("instanceWarmupPeriod", args.instanceWarmupPeriod, 0, 10000);
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
  v.merge(checkTags(args.tags));
  // The group carries the most tags: Berth's two, the caller's, Name and AmazonECSManaged.
  const groupTags = Object.keys({
    ...componentTags(TYPE, name),
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

/** Arguments earlier versions took for the cluster attachment, which now has one owner per cluster. */
export const REMOVED_ATTACHMENT_ARGS = [
  "attachToCluster",
  "additionalCapacityProviders",
  "defaultStrategyBase",
] as const;

/** Refuses the removed attachment arguments (JS callers, old code) with the way to do it now. */
export function checkRemovedAttachmentArgs(args: object, v: Validator): void {
  for (const key of REMOVED_ATTACHMENT_ARGS) {
    if (key in args) {
      v.check(
        false,
        key,
        (args as Record<string, unknown>)[key],
        "no such argument: the cluster's one ClusterCapacityProviders (@berth/ecs-fargate) associates every provider",
        "create the cluster with `ec2Capacity: true`, then `new ClusterCapacityProviders(name, { clusterName, capacityProviders: [capacity.capacityProviderName] })` after the capacity.",
      );
    }
  }
}
