/**
 * Compute: managed node groups, self-managed Auto Scaling groups, Fargate profiles, the Auto Mode
 * node role, and the sleep schedules of the EC2 groups.
 */
import { autoScalingGroupSleepActions, type SleepBounds, serviceTrustPolicy } from "@berth/core";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { NetworkAddons } from "./addons";
import { EKS_CLUSTER_TYPE } from "./args";
import type { ControlPlane } from "./control-plane";
import { buildNodeRole, managedPolicyArn } from "./iam";
import type {
  ResolvedEksClusterArgs,
  ResolvedFargateProfile,
  ResolvedManagedNodeGroup,
  ResolvedSelfManagedNodeGroup,
} from "./resolve";
import { nodeadmUserData } from "./user-data";

/** What the compute builders share. */
export interface ComputeScope {
  scope: pulumi.Resource;
  name: string;
  r: ResolvedEksClusterArgs;
  cp: ControlPlane;
  net: NetworkAddons;
}

/** The compute created, by short name, and what the add-ons after compute wait for. */
export interface Compute {
  managedNodeGroups: Record<string, aws.eks.NodeGroup>;
  selfManagedNodeGroups: Record<string, aws.autoscaling.Group>;
  fargateProfiles: Record<string, aws.eks.FargateProfile>;
  sleepSchedules: Record<string, aws.autoscaling.Schedule>;
  /** Node role ARNs: managed, self-managed, Fargate, Auto Mode. */
  nodeRoleArns: pulumi.Output<string>[];
  /** Every node group, Auto Scaling group and Fargate profile, in creation order. */
  resources: pulumi.Resource[];
}

/**
 * The two scheduled actions that put one Auto Scaling group to sleep and wake it. EC2 Auto Scaling
 * takes a five-field Unix cron `Recurrence` and an IANA `TimeZone` (PutScheduledUpdateGroupAction);
 * a scheduled action name is unique per group.
 */
function buildSleepSchedules(
  c: ComputeScope,
  out: Compute,
  child: string,
  groupName: pulumi.Input<string>,
  bounds: SleepBounds,
): void {
  if (!c.r.awake) return;
  for (const a of autoScalingGroupSleepActions(c.r.awake, bounds)) {
    out.sleepSchedules[`${child}-${a.phase}`] = new aws.autoscaling.Schedule(
      `${child}-${a.phase}`,
      {
        scheduledActionName: `${child}-${a.phase}`,
        autoscalingGroupName: groupName,
        recurrence: a.recurrence,
        timeZone: a.timeZone,
        minSize: a.minSize,
        maxSize: a.maxSize,
        desiredCapacity: a.desiredCapacity,
      },
      { parent: c.scope },
    );
  }
}

/** A group's launch template: IMDSv2 required, its hop limit, an encrypted gp3 root volume. */
function buildLaunchTemplate(
  c: ComputeScope,
  g: ResolvedManagedNodeGroup | ResolvedSelfManagedNodeGroup,
  extra: Partial<aws.ec2.LaunchTemplateArgs>,
): aws.ec2.LaunchTemplate {
  const { r } = c;
  const nameTag = `${r.clusterName}-${g.name}`;
  return new aws.ec2.LaunchTemplate(
    g.childName,
    {
      description: `Nodes of ${g.name} in EKS cluster ${r.clusterName}`,
      updateDefaultVersion: true,
      metadataOptions: {
        httpEndpoint: "enabled",
        httpTokens: "required",
        httpPutResponseHopLimit: g.metadataHopLimit,
        instanceMetadataTags: "disabled",
      },
      blockDeviceMappings: [
        {
          deviceName: "/dev/xvda",
          ebs: {
            volumeSize: g.diskSizeGiB,
            volumeType: "gp3",
            encrypted: "true",
            deleteOnTermination: "true",
          },
        },
      ],
      tagSpecifications: [
        { resourceType: "instance", tags: { ...r.tags, Name: nameTag } },
        { resourceType: "volume", tags: { ...r.tags, Name: nameTag } },
      ],
      ...extra,
      tags: r.tags,
    },
    { parent: c.scope },
  );
}

function buildManagedNodeGroups(c: ComputeScope, out: Compute): void {
  const { r, cp } = c;
  const roleName = r.names.roles.node;
  if (roleName === undefined) return;
  const { role, attachments } = buildNodeRole(c.scope, roleName, {
    clusterName: r.clusterName,
    partition: cp.partition,
    tags: r.tags,
  });
  out.nodeRoleArns.push(role.arn);
  for (const g of r.managedNodeGroups) {
    const lt = buildLaunchTemplate(c, g, {});
    const ng = new aws.eks.NodeGroup(
      g.childName,
      {
        clusterName: cp.clusterName,
        nodeGroupNamePrefix: `${g.name}-`,
        nodeRoleArn: role.arn,
        subnetIds: g.subnetIds ?? cp.subnetIds,
        // Follows the cluster: changing `version` upgrades the control plane, then the nodes.
        version: r.version,
        amiType: g.amiType,
        capacityType: g.capacityType,
        instanceTypes: g.instanceTypes,
        scalingConfig: { minSize: g.minSize, maxSize: g.maxSize, desiredSize: g.desiredSize },
        updateConfig: g.updateConfig,
        nodeRepairConfig: { enabled: g.nodeRepair },
        launchTemplate: { id: lt.id, version: lt.latestVersion.apply(String) },
        labels: g.labels,
        taints: g.taints,
        tags: r.tags,
      },
      {
        parent: c.scope,
        // The CNI must be installable on the nodes, and the role complete, before they join.
        dependsOn: [...(c.net.vpcCni ? [c.net.vpcCni] : []), ...attachments],
        // An autoscaler, and the sleep schedule's actions on the group's Auto Scaling group, own
        // the size after creation: EKS reports the Auto Scaling group's desired capacity as
        // `scalingConfig.desiredSize` ("When the Cluster Autoscaler is used, the desiredSize
        // parameter is altered by the Cluster Autoscaler", EKS API Reference,
        // NodegroupScalingConfig), so without this a refresh at night would scale it back up.
        ignoreChanges: ["scalingConfig.desiredSize"],
      },
    );
    out.managedNodeGroups[g.name] = ng;
    // Scheduled actions on a managed node group's Auto Scaling group: EKS has no scheduled
    // scaling of its own (aws/containers-roadmap#1943), the group is an ordinary EC2 Auto Scaling
    // group that EKS names in DescribeNodegroup `resources.autoScalingGroups`, and
    // terraform-aws-eks schedules it the same way (eks-managed-node-group `aws_autoscaling_schedule`
    // on `resources[0].autoscaling_groups[0].name`, PR #2504).
    const asgName = ng.resources.apply((rs) => {
      const asg = rs[0]?.autoscalingGroups[0]?.name;
      if (!asg) {
        throw new Error(
          `${EKS_CLUSTER_TYPE} ${c.name}: EKS reported no Auto Scaling group for node group ${g.name}`,
        );
      }
      return asg;
    });
    buildSleepSchedules(c, out, g.childName, asgName, {
      min: g.minSize,
      max: g.maxSize,
      floor: g.awakeFloor,
    });
    out.resources.push(ng);
  }
}

/** The nodeadm user data of one self-managed group, base64. */
function userDataOf(cp: ControlPlane, g: ResolvedSelfManagedNodeGroup): pulumi.Output<string> {
  return pulumi
    .all([
      cp.clusterName,
      cp.endpoint,
      cp.eksCluster.certificateAuthority,
      cp.eksCluster.kubernetesNetworkConfig,
    ])
    .apply(([cn, endpoint, ca, net]) =>
      Buffer.from(
        nodeadmUserData({
          clusterName: cn,
          endpoint,
          certificateAuthority: ca.data,
          serviceCidr: net.serviceIpv4Cidr ?? "172.20.0.0/16",
          labels: g.labels,
          taints: g.taints,
        }),
      ).toString("base64"),
    );
}

function buildSelfManagedGroup(
  c: ComputeScope,
  out: Compute,
  g: ResolvedSelfManagedNodeGroup,
  node: { profile: aws.iam.InstanceProfile; dependsOn: pulumi.Resource[] },
): void {
  const { r, cp } = c;
  const ami = aws.ssm.getParameterOutput(
    {
      name: `/aws/service/eks/optimized-ami/${r.version}/amazon-linux-2023/${g.architecture}/standard/recommended/image_id`,
    },
    { parent: c.scope },
  ).value;
  const lt = buildLaunchTemplate(c, g, {
    imageId: ami,
    userData: userDataOf(cp, g),
    iamInstanceProfile: { arn: node.profile.arn },
    vpcSecurityGroupIds: [cp.clusterSecurityGroupId],
  });
  const pct = g.onDemandPercentageAboveBaseCapacity;
  const asg = new aws.autoscaling.Group(
    g.childName,
    {
      namePrefix: `${r.clusterName}-${g.name}-`,
      minSize: g.minSize,
      maxSize: g.maxSize,
      desiredCapacity: g.desiredSize,
      vpcZoneIdentifiers: g.subnetIds ?? cp.subnetIds,
      capacityRebalance: pct < 100,
      mixedInstancesPolicy: {
        instancesDistribution: {
          onDemandBaseCapacity: g.onDemandBaseCapacity,
          onDemandPercentageAboveBaseCapacity: pct,
          spotAllocationStrategy: "price-capacity-optimized",
        },
        launchTemplate: {
          launchTemplateSpecification: { launchTemplateId: lt.id, version: lt.latestVersion.apply(String) },
          overrides: g.instanceTypes.map((instanceType) => ({ instanceType })),
        },
      },
      instanceRefresh: { strategy: "Rolling", preferences: { minHealthyPercentage: 90 } },
      tags: [
        { key: "Name", value: `${r.clusterName}-${g.name}`, propagateAtLaunch: true },
        { key: `kubernetes.io/cluster/${r.clusterName}`, value: "owned", propagateAtLaunch: true },
        ...Object.entries(r.tags).map(([key, value]) => ({ key, value, propagateAtLaunch: true })),
      ],
    },
    { parent: c.scope, dependsOn: node.dependsOn, ignoreChanges: ["desiredCapacity"] },
  );
  out.selfManagedNodeGroups[g.name] = asg;
  buildSleepSchedules(c, out, g.childName, asg.name, { min: g.minSize, max: g.maxSize, floor: g.awakeFloor });
  out.resources.push(asg);
}

function buildSelfManagedNodeGroups(c: ComputeScope, out: Compute): void {
  const { r, cp } = c;
  const roleName = r.names.roles.selfManagedNode;
  const profileName = r.names.instanceProfile;
  if (roleName === undefined || profileName === undefined) return;
  const { role, attachments } = buildNodeRole(c.scope, roleName, {
    clusterName: r.clusterName,
    partition: cp.partition,
    tags: r.tags,
  });
  out.nodeRoleArns.push(role.arn);
  const profile = new aws.iam.InstanceProfile(
    profileName,
    { role: role.name, tags: r.tags },
    { parent: c.scope },
  );
  // Self-managed nodes need an access entry to join; managed node groups get theirs from EKS.
  const entry = new aws.eks.AccessEntry(
    profileName,
    { clusterName: cp.clusterName, principalArn: role.arn, type: "EC2_LINUX", tags: r.tags },
    { parent: c.scope },
  );
  const dependsOn = [...(c.net.vpcCni ? [c.net.vpcCni] : []), entry, ...attachments];
  for (const g of r.selfManagedNodeGroups) buildSelfManagedGroup(c, out, g, { profile, dependsOn });
}

function buildFargateProfiles(c: ComputeScope, out: Compute): void {
  const { r, cp } = c;
  const roleName = r.names.roles.fargate;
  if (roleName === undefined) return;
  const role = new aws.iam.Role(
    roleName,
    {
      description: `Fargate pod execution role of ${r.clusterName}`,
      assumeRolePolicy: serviceTrustPolicy(
        ["eks-fargate-pods.amazonaws.com"],
        [
          {
            test: "ArnLike",
            variable: "aws:SourceArn",
            values: [
              pulumi.interpolate`arn:${cp.partition}:eks:${cp.region}:${cp.accountId}:fargateprofile/${r.clusterName}/*`,
            ],
          },
        ],
      ),
      tags: r.tags,
    },
    { parent: c.scope },
  );
  const attachment = new aws.iam.RolePolicyAttachment(
    `${roleName}-AmazonEKSFargatePodExecutionRolePolicy`,
    { role: role.name, policyArn: managedPolicyArn(cp.partition, "AmazonEKSFargatePodExecutionRolePolicy") },
    { parent: c.scope },
  );
  out.nodeRoleArns.push(role.arn);
  let previous: pulumi.Resource = attachment;
  for (const p of r.fargateProfiles) {
    previous = buildFargateProfile(c, out, p, role, previous);
  }
}

function buildFargateProfile(
  c: ComputeScope,
  out: Compute,
  p: ResolvedFargateProfile,
  role: aws.iam.Role,
  previous: pulumi.Resource,
): aws.eks.FargateProfile {
  const profile = new aws.eks.FargateProfile(
    p.childName,
    {
      clusterName: c.cp.clusterName,
      fargateProfileName: p.name,
      podExecutionRoleArn: role.arn,
      subnetIds: p.subnetIds ?? c.cp.subnetIds,
      selectors: p.selectors,
      tags: c.r.tags,
    },
    // EKS creates one Fargate profile at a time per cluster.
    { parent: c.scope, dependsOn: [previous] },
  );
  out.fargateProfiles[p.name] = profile;
  out.resources.push(profile);
  return profile;
}

/** Every node group, Auto Scaling group and Fargate profile, and the Auto Mode node role's ARN. */
export function buildCompute(c: ComputeScope): Compute {
  const out: Compute = {
    managedNodeGroups: {},
    selfManagedNodeGroups: {},
    fargateProfiles: {},
    sleepSchedules: {},
    nodeRoleArns: [],
    resources: [],
  };
  buildManagedNodeGroups(c, out);
  buildSelfManagedNodeGroups(c, out);
  buildFargateProfiles(c, out);
  if (c.r.autoMode) {
    out.nodeRoleArns.push(
      pulumi.interpolate`arn:${c.cp.partition}:iam::${c.cp.accountId}:role/${c.cp.cluster.autoModeNodeRoleName}`,
    );
  }
  return out;
}
