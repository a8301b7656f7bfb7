import {
  allow,
  checkTags,
  componentTags,
  isPlain,
  isPlainObject,
  mergePlainTags,
  policyDocument,
  serviceTrustPolicy,
  TAG_LIMITS,
  Validator,
  validateWhenKnown,
} from "@berth/core";
import { checkChildNames, checkClusterName } from "@berth/ecs-fargate";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  checkClusterArn,
  checkRemovedAttachmentArgs,
  checkSubnetIds,
  checkVpcId,
  REMOVED_ATTACHMENT_ARGS,
} from "./capacity-checks";
import { checkEc2Id, checkEc2IdList } from "./ec2-ids";
import type { Architecture } from "./instance-types";

const TYPE = "berth:ecs:ManagedInstancesCapacity";

/** The AWS managed policy of the ECS Managed Instances infrastructure role. */
export const MANAGED_INSTANCES_INFRASTRUCTURE_POLICY = "AmazonECSInfrastructureRolePolicyForManagedInstances";

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

/**
 * ECS Managed Instances: AWS launches, patches, drains and replaces the EC2 instances (Bottlerocket)
 * of a capacity provider, here on Spot by default. Creates the infrastructure role ECS acts with,
 * the instance role and profile (scoped to the cluster), a security group and the capacity
 * provider; the cluster's `ClusterCapacityProviders` (`@berth/ecs-fargate`) associates it. Services
 * on it use `awsvpc` or `host` network mode.
 */
export class ManagedInstancesCapacity extends pulumi.ComponentResource {
  /** Capacity provider name; associate it through the cluster's `ClusterCapacityProviders`, like `SpotCapacity`'s. */
  readonly capacityProviderName: pulumi.Output<string>;
  /** Capacity provider ARN. */
  readonly capacityProviderArn: pulumi.Output<string>;
  /** Infrastructure role ARN. */
  readonly infrastructureRoleArn: pulumi.Output<string>;
  /** Instance profile ARN. */
  readonly instanceProfileArn: pulumi.Output<string>;
  /** The instances' security group (egress only). */
  readonly securityGroupId: pulumi.Output<string>;
  /** The CPU architecture. */
  readonly architecture: Architecture;
  /** The task compatibility of services on this capacity (for `Ec2Service`). */
  readonly compatibility = "MANAGED_INSTANCES" as const;

  constructor(name: string, args: ManagedInstancesCapacityArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TYPE, name, {}, opts);

    const v = new Validator(TYPE, name);
    checkManagedInstancesArgs(name, args, v);
    v.throwIfAny();

    const architecture = args.architecture ?? "arm64";
    const tags = mergePlainTags(componentTags(TYPE, name), args.tags);
    // The cluster name goes into the provider and an IAM ARN: an Output gets the same check once known.
    const clusterName = validateWhenKnown(TYPE, name, args.clusterName, (value, cv) => {
      checkClusterName(cv, "clusterName", value);
    });
    // Values from Outputs get the same checks once known; the checked Outputs feed the resources.
    const known = <T>(value: pulumi.Input<T>, check: (cv: Validator, value: unknown) => void) =>
      validateWhenKnown(TYPE, name, value, (x, cv) => check(cv, x));
    const clusterArn = known(args.clusterArn, checkClusterArn);
    const vpcId = known(args.vpcId, checkVpcId);
    const subnetIds = known(args.subnetIds, checkMiSubnetIds);
    const extraGroups = (args.securityGroupIds ?? []).map((id, i) =>
      known(id, (cv, x) => checkEc2Id(cv, `securityGroupIds[${i}]`, x, "sg")),
    );
    const partition = aws.getPartitionOutput({}, { parent: this }).partition;
    const region = aws.getRegionOutput({}, { parent: this }).region;
    const accountId = aws.getCallerIdentityOutput({}, { parent: this }).accountId;

    // --- instance role and profile: the agent's calls, scoped to the cluster ---
    const instanceRole = new aws.iam.Role(
      `${name}-instance`,
      {
        assumeRolePolicy: serviceTrustPolicy(["ec2.amazonaws.com"]),
        description: `ECS Managed Instances of ${name}: join the cluster and report task state`,
        inlinePolicies: [
          {
            name: "ecs-agent",
            policy: policyDocument([
              { sid: "DiscoverEndpoint", ...allow(["ecs:DiscoverPollEndpoint"], ["*"]) },
              {
                sid: "RegisterInCluster",
                ...allow(
                  [
                    "ecs:RegisterContainerInstance",
                    "ecs:SubmitAttachmentStateChanges",
                    "ecs:SubmitTaskStateChange",
                  ],
                  [clusterArn],
                ),
              },
              {
                sid: "PollForWork",
                ...allow(
                  ["ecs:Poll", "ecs:PutSystemLogEvents", "ecs:StartTelemetrySession"],
                  [
                    pulumi.interpolate`arn:${partition}:ecs:${region}:${accountId}:container-instance/${clusterName}/*`,
                  ],
                ),
              },
            ]),
          },
        ],
        tags,
      },
      { parent: this },
    );
    const profile = new aws.iam.InstanceProfile(
      `${name}-profile`,
      { role: instanceRole.name, tags },
      { parent: this },
    );

    // --- infrastructure role: the managed policy, plus passing exactly this instance role ---
    const infrastructureRole = new aws.iam.Role(
      `${name}-infrastructure`,
      {
        assumeRolePolicy: serviceTrustPolicy(
          ["ecs.amazonaws.com"],
          [{ test: "StringEquals", variable: "aws:SourceAccount", values: [accountId] }],
        ),
        description: `ECS Managed Instances infrastructure role of ${name}`,
        // The managed policy passes only roles named ecsInstanceRole*; this grant passes ours.
        inlinePolicies: [
          {
            name: "pass-instance-role",
            policy: policyDocument([
              {
                sid: "PassInstanceRole",
                ...allow(
                  ["iam:PassRole"],
                  [instanceRole.arn],
                  [{ test: "StringEquals", variable: "iam:PassedToService", values: ["ec2.amazonaws.com"] }],
                ),
              },
            ]),
          },
        ],
        tags,
      },
      { parent: this },
    );
    const infrastructurePolicy = new aws.iam.RolePolicyAttachment(
      `${name}-infrastructure-policy`,
      {
        role: infrastructureRole.name,
        policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/${MANAGED_INSTANCES_INFRASTRUCTURE_POLICY}`,
      },
      { parent: this },
    );

    // --- security group: egress only ---
    const securityGroup = new aws.ec2.SecurityGroup(
      `${name}-instances`,
      {
        vpcId,
        description: `ECS Managed Instances of ${name}`,
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
        description: "ECS, ECR and dependencies",
      },
      { parent: this },
    );

    // --- capacity provider ---
    const capacityProvider = new aws.ecs.CapacityProvider(
      `${name}-provider`,
      {
        cluster: clusterName,
        managedInstancesProvider: {
          infrastructureRoleArn: infrastructureRole.arn,
          propagateTags: "CAPACITY_PROVIDER",
          instanceLaunchTemplate: {
            capacityOptionType: (args.spot ?? true) ? "SPOT" : "ON_DEMAND",
            ec2InstanceProfileArn: profile.arn,
            monitoring: "BASIC",
            networkConfiguration: {
              subnets: subnetIds,
              securityGroups: [securityGroup.id, ...extraGroups],
            },
            storageConfiguration: { storageSizeGib: args.storageSizeGiB ?? 30 },
            instanceRequirements: {
              vcpuCount: { min: args.vcpuMin ?? 2, max: args.vcpuMax ?? 8 },
              memoryMib: { min: args.memoryMinMib ?? 4096, max: args.memoryMaxMib ?? 32768 },
              cpuManufacturers: architecture === "arm64" ? ["amazon-web-services"] : ["amd", "intel"],
              burstablePerformance: "excluded",
              instanceGenerations: ["current"],
            },
          },
        },
        tags,
      },
      // ECS terminates the instances with the infrastructure role while the provider is deleted:
      // the role's managed policy must outlive the provider.
      { parent: this, dependsOn: [infrastructurePolicy] },
    );

    this.capacityProviderName = capacityProvider.name;
    this.capacityProviderArn = capacityProvider.arn;
    this.infrastructureRoleArn = infrastructureRole.arn;
    this.instanceProfileArn = profile.arn;
    this.securityGroupId = securityGroup.id;
    this.architecture = architecture;
    this.registerOutputs({
      capacityProviderName: this.capacityProviderName,
      capacityProviderArn: this.capacityProviderArn,
      infrastructureRoleArn: this.infrastructureRoleArn,
      instanceProfileArn: this.instanceProfileArn,
      securityGroupId: this.securityGroupId,
      architecture: this.architecture,
      compatibility: this.compatibility,
    });
  }
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

/**
 * AWS name limits of the auto-named children (logical name plus Pulumi's 8-character suffix): IAM
 * roles 64 (pulumi-aws `AutoName("name", 64)`), instance profile 128 (IAM CreateInstanceProfile),
 * capacity provider 255 (ECS CreateCapacityProvider), security group 255 (EC2 CreateSecurityGroup).
 */
export const MANAGED_INSTANCES_CHILD_NAMES = [
  ["-instance", 64],
  ["-infrastructure", 64],
  ["-profile", 128],
  ["-provider", 255],
  ["-instances", 255],
] as const;

/** Whose subnets `subnetIds` are, in its error message. */
const MI_SUBNETS = "the private subnets ECS launches instances into";
const checkMiSubnetIds = (v: Validator, value: unknown) => checkSubnetIds(v, value, MI_SUBNETS);

/** Every plan-time check of {@link ManagedInstancesCapacityArgs}; issues are added to `v`. */
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
  checkRemovedAttachmentArgs(args, v);
  const removed: readonly string[] = REMOVED_ATTACHMENT_ARGS;
  v.knownKeys(
    "",
    Object.fromEntries(Object.entries(args).filter(([k]) => !removed.includes(k))),
    MANAGED_INSTANCES_KEYS,
  );
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
  checkChildNames(v, name, MANAGED_INSTANCES_CHILD_NAMES);
  v.oneOf("architecture", args.architecture ?? "arm64", ["arm64", "x86_64"]);
  if (v.required("clusterName", args.clusterName, "the ECS cluster's name") && isPlain(args.clusterName)) {
    checkClusterName(v, "clusterName", args.clusterName);
  }
  checkClusterArn(v, args.clusterArn);
  checkVpcId(v, args.vpcId);
  checkMiSubnetIds(v, args.subnetIds);
  checkEc2IdList(v, "securityGroupIds", args.securityGroupIds, "sg", 0);
  v.check(typeof (args.spot ?? true) === "boolean", "spot", args.spot, "true or false");
  const vmin = args.vcpuMin ?? 2;
  const vmax = args.vcpuMax ?? 8;
  const mmin = args.memoryMinMib ?? 4096;
  const mmax = args.memoryMaxMib ?? 32768;
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
  v.intIn("storageSizeGiB", args.storageSizeGiB ?? 30, 1, 16384);
  v.merge(checkTags(args.tags));
  // The security group carries the most tags: Berth's two, the caller's and Name.
  const sgTags = Object.keys({ ...componentTags(TYPE, name), ...args.tags, Name: "" });
  v.check(
    sgTags.length <= TAG_LIMITS.maxTags,
    "tags",
    `${Object.keys(args.tags ?? {}).length} tags`,
    `at most ${TAG_LIMITS.maxTags} tags on the security group with berth:component, berth:name and Name`,
  );
}
