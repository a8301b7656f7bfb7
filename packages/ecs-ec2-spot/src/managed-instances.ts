import {
  allow,
  checkTags,
  componentTags,
  isPlain,
  mergePlainTags,
  policyDocument,
  serviceTrustPolicy,
  Validator,
  validateWhenKnown,
} from "@berth/core";
import { checkClusterName } from "@berth/ecs-fargate";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Architecture } from "./instance-types";
import { checkRemovedAttachmentArgs } from "./spot-capacity";

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
  /** Private subnets ECS launches instances into. */
  subnetIds: pulumi.Input<string>[];
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
                  [args.clusterArn],
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
        vpcId: args.vpcId,
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
              subnets: args.subnetIds,
              securityGroups: [securityGroup.id, ...(args.securityGroupIds ?? [])],
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

/** Every plan-time check of {@link ManagedInstancesCapacityArgs}; issues are added to `v`. */
export function checkManagedInstancesArgs(
  name: string,
  args: ManagedInstancesCapacityArgs,
  v: Validator,
): void {
  v.check(
    !/^(aws|ecs|fargate)/i.test(name),
    "name",
    name,
    'a name that does not start with "aws", "ecs" or "fargate" (reserved for capacity provider names)',
  );
  const arch = args.architecture ?? "arm64";
  v.check(arch === "arm64" || arch === "x86_64", "architecture", arch, '"arm64" or "x86_64"');
  if (isPlain(args.clusterName)) checkClusterName(v, "clusterName", args.clusterName);
  v.check(args.subnetIds.length > 0, "subnetIds", args.subnetIds, "at least one private subnet");
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
  const storage = args.storageSizeGiB ?? 30;
  v.check(
    Number.isInteger(storage) && storage >= 1 && storage <= 16384,
    "storageSizeGiB",
    storage,
    "an integer from 1 to 16384",
  );
  checkRemovedAttachmentArgs(args, v);
  v.merge(checkTags(args.tags));
}
