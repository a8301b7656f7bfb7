import { mergePlainTags } from "@berth/core";
import { expireUntaggedAfter, keepLast, Repository } from "@berth/ecr-lifecycle";
import { SpotCapacity } from "@berth/ecs-ec2-spot";
import { ClusterCapacityProviders } from "@berth/ecs-fargate";
import { EksCluster } from "@berth/eks-cluster";
import { ServiceNetwork } from "@berth/lattice-mesh";
import { layerReference, StackConfigError } from "@berth/stack-config";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { loadPlatformConfig } from "./config";

/** What the platform layer exports; the workloads layer reads it by StackReference. */
export interface PlatformOutputs {
  vpcId: pulumi.Output<string>;
  privateSubnetIds: pulumi.Output<string[]>;
  publicSubnetIds: pulumi.Output<string[]>;
  ecsClusterName: pulumi.Output<string>;
  ecsClusterArn: pulumi.Output<string>;
  spotCapacityProviderName: pulumi.Output<string>;
  spotSecurityGroupId: pulumi.Output<string>;
  spotArchitecture: string;
  /** Repository URL and ARN by image name (`web`, `worker`, ...). */
  repositories: pulumi.Output<Record<string, { url: string; arn: string }>>;
  repositoryUrls: pulumi.Output<Record<string, string>>;
  serviceNetworkId: pulumi.Output<string>;
  serviceNetworkArn: pulumi.Output<string>;
  latticeClientSecurityGroupId: pulumi.Output<string>;
  eksClusterName?: pulumi.Output<string>;
  eksOidcIssuerUrl?: pulumi.Output<string>;
  /** The account layer's preview role, checked to have read access to the cluster (`eks.adminViewers`). */
  eksPreviewRoleArn?: pulumi.Output<string>;
}

/**
 * The platform layer: the environment's ECR repositories, one ECS cluster
 * with Fargate and EC2 Spot capacity, an EKS cluster with a Spot node pool and its add-ons, and
 * the VPC Lattice service network associated with the VPC. Reads the VPC from the network layer.
 * `options.today` is the day the EKS version's support window is checked against (tests).
 */
export function program(options: { today?: Date } = {}): PlatformOutputs {
  const cfg = loadPlatformConfig();
  const stack = pulumi.getStack();
  const tags = mergePlainTags({ "berth:layer": "platform", "berth:environment": stack }, cfg.tags);
  const stateful = { protect: cfg.protect };

  const network = layerReference("berth-network");
  const vpcId = network("vpcId");
  const vpcCidr = network("vpcCidr");
  const privateSubnetIds = network("privateSubnetIds");
  const publicSubnetIds = network("publicSubnetIds");

  // --- ECR: one repository per image. The registry-wide settings (scanning, pull-through
  // caches) exist once per account and region: the account layer (stacks/account) owns them.
  const repositories = cfg.repositories.map(
    (r) =>
      new Repository(
        r.name.replace(/[/._]/g, "-"),
        {
          repositoryName: `${stack}/${r.name}`,
          imageTagMutability: r.mutableTags ? "MUTABLE" : "IMMUTABLE",
          encryption: cfg.ecrKms ? "KMS" : "AES256",
          lifecycleRules: [expireUntaggedAfter(7), keepLast(r.keepImages)],
          tags,
        },
        stateful,
      ),
  );

  // --- ECS: one cluster; Fargate and Fargate Spot plus a Graviton EC2 Spot group. One
  // ClusterCapacityProviders, created after the capacity, owns the cluster's whole provider list
  // (see @berth/ecs-ec2-spot's README, "One association per cluster").
  const cluster = new aws.ecs.Cluster("apps", {
    name: `berth-${stack}`,
    settings: [{ name: "containerInsights", value: "enhanced" }],
    tags,
  });
  const spot = new SpotCapacity("spot", {
    // Outside the awake hours the group sleeps at zero instances, with the services on it.
    ...(cfg.awake ? { awake: cfg.awake } : {}),
    clusterName: cluster.name,
    clusterArn: cluster.arn,
    vpcId,
    subnetIds: [0, 1, 2].map((i) => privateSubnetIds.apply((ids) => ids[i] as string)),
    architecture: cfg.ecsSpot.architecture,
    ...(cfg.ecsSpot.instanceTypes ? { instanceTypes: cfg.ecsSpot.instanceTypes } : {}),
    onDemandBaseCapacity: cfg.ecsSpot.onDemandBase,
    onDemandPercentageAboveBaseCapacity: cfg.ecsSpot.onDemandPercentAboveBase,
    maxSize: cfg.ecsSpot.maxSize,
    imagePullRepositoryArns: repositories.map((r) => r.arn),
    tags,
  });
  const capacityProviders = new ClusterCapacityProviders("apps", {
    clusterName: cluster.name,
    capacityProviders: [spot.capacityProviderName],
    // Earlier, SpotCapacity owned the association: take it over rather than delete it.
    associationAliases: [
      pulumi.createUrn("spot-attachment", "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders", spot),
    ],
  });

  // --- EKS: private endpoint, an on-demand system pool and a tainted Graviton Spot pool.
  let eks: EksCluster | undefined;
  if (cfg.eks.enabled) {
    eks = new EksCluster(
      "eks",
      {
        version: cfg.eks.version,
        supportType: cfg.eks.supportType,
        // Outside the awake hours the node groups sleep at their floor (0).
        ...(cfg.awake ? { awake: cfg.awake } : {}),
        ...(options.today ? { today: options.today } : {}),
        clusterName: `berth-${stack}`,
        vpcId,
        subnetIds: privateSubnetIds,
        logRetentionDays: cfg.eks.logRetentionDays,
        deletionProtection: cfg.protect,
        admins: cfg.eks.admins,
        adminViewers: cfg.eks.adminViewers,
        viewers: cfg.eks.viewers,
        managedNodeGroups: [
          {
            name: "system",
            capacityType: cfg.eks.systemNodes.capacityType,
            ...(cfg.eks.systemNodes.instanceTypes
              ? { instanceTypes: cfg.eks.systemNodes.instanceTypes }
              : {}),
            minSize: cfg.eks.systemNodes.min,
            maxSize: cfg.eks.systemNodes.max,
            labels: { role: "system" },
          },
          {
            name: "spot",
            capacityType: "SPOT",
            instanceTypes: cfg.eks.spotNodes.instanceTypes,
            minSize: cfg.eks.spotNodes.min,
            maxSize: cfg.eks.spotNodes.max,
            labels: { capacity: "spot" },
            taints: [{ key: "capacity", value: "spot", effect: "NO_SCHEDULE" }],
          },
        ],
        tags,
      },
      stateful,
    );
    // The endpoint is private: the pipeline reaches the API from the network layer's in-VPC
    // GitHub Actions runner (the Helm release and storage classes go through it).
    new aws.vpc.SecurityGroupIngressRule("eks-api-from-runner", {
      securityGroupId: eks.clusterSecurityGroupId,
      referencedSecurityGroupId: network("runnerSecurityGroupId"),
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      description: "Kubernetes API from the GitHub Actions runner",
      tags,
    });
  }

  // --- VPC Lattice: the service network, reachable from the VPC through one security group that
  // admits HTTP/HTTPS from inside the VPC.
  const latticeClients = new aws.ec2.SecurityGroup("lattice-clients", {
    vpcId,
    description: "Clients in the VPC that may call services in the Lattice service network",
    ingress: [
      {
        protocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrBlocks: [vpcCidr],
        description: "HTTPS from the VPC",
      },
      { protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: [vpcCidr], description: "HTTP from the VPC" },
    ],
    tags,
  });
  const mesh = new ServiceNetwork("mesh", {
    serviceNetworkName: `berth-${stack}`,
    authType: cfg.lattice.authType,
    // The VPC id comes from the network layer (known only at deployment): the key names the association.
    vpcAssociations: [{ key: "platform", vpcId, securityGroupIds: [latticeClients.id] }],
    accessLogs: cfg.lattice.accessLogs,
    accessLogRetentionDays: cfg.lattice.accessLogRetentionDays,
    tags,
  });

  const outputs: PlatformOutputs = {
    vpcId,
    privateSubnetIds,
    publicSubnetIds,
    ecsClusterName: cluster.name,
    ecsClusterArn: cluster.arn,
    // Resolves only once the provider is associated with the cluster.
    spotCapacityProviderName: capacityProviders.attached(spot).capacityProviderName,
    spotSecurityGroupId: spot.securityGroupId,
    spotArchitecture: spot.architecture,
    repositories: pulumi
      .all(repositories.map((r) => pulumi.all([r.repositoryUrl, r.arn])))
      .apply((pairs) =>
        Object.fromEntries(
          pairs.map(([url, arn], i) => [cfg.repositories[i]?.name ?? String(i), { url, arn }]),
        ),
      ),
    repositoryUrls: pulumi
      .all(repositories.map((r) => pulumi.all([r.repositoryName, r.repositoryUrl])))
      .apply((pairs) => Object.fromEntries(pairs)),
    serviceNetworkId: mesh.serviceNetworkId,
    serviceNetworkArn: mesh.serviceNetworkArn,
    latticeClientSecurityGroupId: latticeClients.id,
  };
  if (eks) {
    outputs.eksClusterName = eks.clusterName;
    outputs.eksOidcIssuerUrl = eks.oidcIssuerUrl;
    outputs.eksPreviewRoleArn = previewRoleWithClusterAccess(cfg.eks.adminViewers);
  }
  return outputs;
}

/**
 * The account layer's read-only CI role, once it is known to have an EKS access entry that reads
 * Secrets. Refreshing previews and drift checks of this layer read the Load Balancer Controller's
 * Helm release, whose state Helm keeps in Secrets, through the Kubernetes API; without the entry
 * every refreshing preview fails with Unauthorized. So the role must be in `eks.adminViewers`
 * (AmazonEKSAdminViewPolicy): a plan without it fails, naming the key and the ARN to add.
 */
function previewRoleWithClusterAccess(adminViewers: readonly string[]): pulumi.Output<string> {
  const project = pulumi.getProject();
  const stack = pulumi.getStack();
  return layerReference("berth-account")("previewRoleArn").apply((arn) => {
    if (!adminViewers.includes(arn)) {
      throw new StackConfigError(`${project}/${stack} (Pulumi.${stack}.yaml)`, [
        {
          key: `${project}:eks.adminViewers`,
          value: [...adminViewers],
          allowed: `a list that includes the account layer's preview role ${arn} (refreshing previews and drift checks read Helm's release Secrets through the Kubernetes API)`,
        },
      ]);
    }
    return arn;
  });
}
