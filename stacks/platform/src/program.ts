import { mergePlainTags } from "@berth/core";
import { expireUntaggedAfter, keepLast, RegistrySettings, Repository } from "@berth/ecr-lifecycle";
import { SpotCapacity } from "@berth/ecs-ec2-spot";
import { ClusterCapacityProviders } from "@berth/ecs-fargate";
import { EksCluster } from "@berth/eks-cluster";
import { ServiceNetwork } from "@berth/lattice-mesh";
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
}

/** `<org>/<project>/<stack>` of another layer in the same environment. */
export function layerStackName(project: string): string {
  const org = new pulumi.Config("berth").get("org") ?? "organization";
  return `${org}/${project}/${pulumi.getStack()}`;
}

/**
 * The platform layer: the environment's ECR repositories and registry settings, one ECS cluster
 * with Fargate and EC2 Spot capacity, an EKS cluster with a Spot node pool and its add-ons, and
 * the VPC Lattice service network associated with the VPC. Reads the VPC from the network layer.
 */
export function program(): PlatformOutputs {
  const cfg = loadPlatformConfig();
  const stack = pulumi.getStack();
  const tags = mergePlainTags({ "berth:layer": "platform", "berth:environment": stack }, cfg.tags);
  const stateful = { protect: cfg.protect };

  const network = new pulumi.StackReference(layerStackName("berth-network"));
  const vpcId = network.requireOutput("vpcId") as pulumi.Output<string>;
  const vpcCidr = network.requireOutput("vpcCidr") as pulumi.Output<string>;
  const privateSubnetIds = network.requireOutput("privateSubnetIds") as pulumi.Output<string[]>;
  const publicSubnetIds = network.requireOutput("publicSubnetIds") as pulumi.Output<string[]>;

  // --- ECR: registry-wide scanning and pull-through caches, then one repository per image.
  new RegistrySettings("registry", {
    scanType: cfg.registryScan,
    ...(cfg.registryScan === "ENHANCED"
      ? { scanRules: [{ frequency: "CONTINUOUS_SCAN" as const, filters: ["*"] }] }
      : { scanRules: [{ frequency: "SCAN_ON_PUSH" as const, filters: ["*"] }] }),
    pullThroughCache: cfg.pullThroughCache.map((upstream) => ({ upstream })),
  });
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
    associationAliases: [{ name: "spot-attachment", parent: spot }],
  });

  // --- EKS: private endpoint, an on-demand system pool and a tainted Graviton Spot pool.
  let eks: EksCluster | undefined;
  if (cfg.eks.enabled) {
    eks = new EksCluster(
      "eks",
      {
        version: cfg.eks.version,
        clusterName: `berth-${stack}`,
        vpcId,
        subnetIds: privateSubnetIds,
        logRetentionDays: cfg.eks.logRetentionDays,
        deletionProtection: cfg.protect,
        admins: cfg.eks.admins,
        managedNodeGroups: [
          {
            name: "system",
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
    vpcAssociations: [{ vpcId, securityGroupIds: [latticeClients.id] }],
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
  }
  return outputs;
}
