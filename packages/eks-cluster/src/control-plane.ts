/**
 * The control plane: the secrets key, the control-plane log group, the cluster role, the
 * pulumi-eks cluster and a Kubernetes provider for it.
 */
import { isPlain, validateWhenKnown } from "@berth/core";
import * as aws from "@pulumi/aws";
import * as eks from "@pulumi/eks";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { EKS_CLUSTER_TYPE } from "./args";
import { buildClusterRole } from "./iam";
import type { ResolvedEksClusterArgs } from "./resolve";

const LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

/** What the builders after the control plane read. */
export interface ControlPlane {
  cluster: eks.Cluster;
  eksCluster: eks.Cluster["eksCluster"];
  clusterName: pulumi.Output<string>;
  clusterArn: pulumi.Output<string>;
  endpoint: pulumi.Output<string>;
  clusterSecurityGroupId: pulumi.Output<string>;
  kmsKeyArn: pulumi.Output<string>;
  kubeconfig: pulumi.Output<string>;
  provider: k8s.Provider;
  partition: pulumi.Output<string>;
  region: pulumi.Output<string>;
  accountId: pulumi.Output<string>;
  /** The identity running the deployment (`sts:GetCallerIdentity`). */
  callerArn: pulumi.Output<string>;
  /** The cluster's subnets, checked once known when given as an `Output`. */
  subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** The VPC id, checked once known. */
  vpcId: pulumi.Output<string>;
}

/**
 * A subnet list known only at run time (e.g. from a StackReference) is checked inside apply. The
 * check rides on the compute that uses the cluster's subnets, not on the cluster itself: a failed
 * input of the remote pulumi-eks component leaves its outputs pending forever under the mock
 * engine, while a failed custom resource fails the program cleanly.
 */
function knownSubnets(name: string, r: ResolvedEksClusterArgs): pulumi.Input<pulumi.Input<string>[]> {
  const subnetIds = r.args.subnetIds;
  if (isPlain(subnetIds)) return subnetIds;
  return validateWhenKnown(EKS_CLUSTER_TYPE, name, subnetIds, (ids, v) => {
    if (!Array.isArray(ids)) {
      v.check(false, "subnetIds", ids, "a list of at least 2 private subnet ids");
      return;
    }
    v.check(ids.length >= 2, "subnetIds", ids, "at least 2 subnets, in at least 2 Availability Zones");
    ids.forEach((id, i) => {
      v.check(
        typeof id === "string" && id.startsWith("subnet-"),
        `subnetIds[${i}]`,
        id,
        "a subnet id (subnet-...)",
      );
    });
  });
}

/** The given key (checked once known), or a created key with rotation on and its alias. */
function buildSecretsKey(
  scope: pulumi.Resource,
  name: string,
  r: ResolvedEksClusterArgs,
): pulumi.Output<string> {
  if (r.args.kmsKeyArn !== undefined) {
    // A key ARN known only at run time gets the same check once known.
    return validateWhenKnown(EKS_CLUSTER_TYPE, name, r.args.kmsKeyArn, (arn, v) => {
      v.arn("kmsKeyArn", arn, { service: "kms", resourceType: ["key", "alias"] });
    });
  }
  const key = new aws.kms.Key(
    r.names.kmsKey,
    {
      description: `Envelope encryption of Kubernetes secrets in EKS cluster ${r.clusterName}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      tags: r.tags,
    },
    { parent: scope },
  );
  new aws.kms.Alias(
    r.names.kmsKey,
    { name: `alias/eks/${r.clusterName}`, targetKeyId: key.keyId },
    { parent: scope },
  );
  return key.arn;
}

/** The secrets key, the log group, the cluster role, the cluster and its Kubernetes provider. */
export function buildControlPlane(
  scope: pulumi.ComponentResource,
  name: string,
  r: ResolvedEksClusterArgs,
): ControlPlane {
  const subnetIds = r.args.subnetIds;
  const checkedSubnets = knownSubnets(name, r);
  // A VPC id known only at run time gets the same check once known (never the default VPC).
  const vpcId = validateWhenKnown(EKS_CLUSTER_TYPE, name, r.args.vpcId, (id, v) => {
    v.check(
      typeof id === "string" && id.startsWith("vpc-"),
      "vpcId",
      id,
      "the id of the cluster's VPC (vpc-...)",
    );
  });
  const partition = aws.getPartitionOutput({}, { parent: scope }).partition;
  const region = aws.getRegionOutput({}, { parent: scope }).region;
  const caller = aws.getCallerIdentityOutput({}, { parent: scope });
  const kmsKeyArn = buildSecretsKey(scope, name, r);
  // Created first so EKS does not create it without retention.
  const logGroup = new aws.cloudwatch.LogGroup(
    r.names.logGroup,
    { name: `/aws/eks/${r.clusterName}/cluster`, retentionInDays: r.logRetentionDays, tags: r.tags },
    { parent: scope },
  );
  const clusterRole = buildClusterRole(scope, {
    roleName: r.names.roles.cluster,
    clusterName: r.clusterName,
    autoMode: r.autoMode,
    partition,
    kmsKeyArn,
    tags: r.tags,
  });
  const cluster = new eks.Cluster(
    r.names.cluster,
    {
      name: r.clusterName,
      version: r.version,
      upgradePolicy: { supportType: r.supportType },
      vpcId,
      subnetIds,
      endpointPrivateAccess: true,
      endpointPublicAccess: r.endpointPublicAccess,
      ...(r.endpointPublicAccess ? { publicAccessCidrs: r.args.publicAccessCidrs } : {}),
      enabledClusterLogTypes: LOG_TYPES,
      encryptionConfigKeyArn: kmsKeyArn,
      authenticationMode: "API",
      deletionProtection: r.deletionProtection,
      serviceRole: clusterRole.role,
      skipDefaultNodeGroup: true,
      skipDefaultSecurityGroups: true,
      bootstrapSelfManagedAddons: false,
      useDefaultVpcCni: true,
      corednsAddonOptions: { enabled: false },
      kubeProxyAddonOptions: { enabled: false },
      createOidcProvider: r.createOidcProvider,
      ...(r.autoMode
        ? {
            autoMode: {
              enabled: true,
              createNodeRole: true,
              computeConfig: { nodePools: r.autoModeNodePools },
            },
          }
        : {}),
      tags: r.tags,
    },
    { parent: scope, dependsOn: [logGroup, ...clusterRole.dependencies] },
  );
  const eksCluster = cluster.eksCluster;
  const kubeconfig = pulumi.secret(cluster.kubeconfigJson);
  return {
    cluster,
    eksCluster,
    clusterName: eksCluster.name,
    clusterArn: eksCluster.arn,
    endpoint: eksCluster.endpoint,
    clusterSecurityGroupId: eksCluster.vpcConfig.clusterSecurityGroupId,
    kmsKeyArn,
    kubeconfig,
    provider: new k8s.Provider(r.names.provider, { kubeconfig }, { parent: scope }),
    partition,
    region,
    accountId: caller.accountId,
    callerArn: caller.arn,
    subnetIds: checkedSubnets,
    vpcId,
  };
}
