import type * as aws from "@pulumi/aws";
import type * as eks from "@pulumi/eks";
import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { buildAccess } from "./access";
import { buildControllerAddons, buildNetworkAddons } from "./addons";
import { EKS_CLUSTER_FORMER_TYPE, EKS_CLUSTER_TYPE, type EksClusterArgs } from "./args";
import { buildCompute } from "./compute";
import { buildControlPlane } from "./control-plane";
import { resolveEksClusterArgs } from "./resolve";
import { buildStorage } from "./storage";

/**
 * An Amazon EKS cluster on `@pulumi/eks` with secure defaults, any mix of compute, EKS managed
 * add-ons installed in an order that works on the first deploy, and Pod Identity for every
 * controller. See the package README for the full list of resources and decisions.
 */
export class EksCluster extends pulumi.ComponentResource {
  /** The pulumi-eks cluster component. */
  readonly cluster: eks.Cluster;
  /** Physical cluster name. */
  readonly clusterName: pulumi.Output<string>;
  /** Cluster ARN. */
  readonly clusterArn: pulumi.Output<string>;
  /** API server endpoint URL. */
  readonly endpoint: pulumi.Output<string>;
  /** OIDC issuer URL of the cluster (`https://oidc.eks.<region>.amazonaws.com/id/...`). */
  readonly oidcIssuerUrl: pulumi.Output<string>;
  /** Kubeconfig JSON (secret); authenticates with `aws eks get-token`. */
  readonly kubeconfig: pulumi.Output<string>;
  /** A Kubernetes provider for this cluster, for in-cluster resources. */
  readonly provider: k8s.Provider;
  /** ARNs of the node IAM roles (managed, self-managed, Fargate, Auto Mode), in that order. */
  readonly nodeRoleArns: pulumi.Output<string[]>;
  /** The EKS-managed cluster security group (attached to every node). */
  readonly clusterSecurityGroupId: pulumi.Output<string>;
  /** KMS key ARN encrypting Kubernetes secrets. */
  readonly kmsKeyArn: pulumi.Output<string>;
  /** Kubernetes version. */
  readonly version: string;
  /** The add-ons by EKS add-on name. */
  readonly addons: Record<string, aws.eks.Addon>;
  /** Managed node groups by short name. */
  readonly managedNodeGroups: Record<string, aws.eks.NodeGroup>;
  /** Self-managed Auto Scaling groups by short name. */
  readonly selfManagedNodeGroups: Record<string, aws.autoscaling.Group>;
  /** Fargate profiles by name. */
  readonly fargateProfiles: Record<string, aws.eks.FargateProfile>;
  /**
   * The sleep schedule's EC2 Auto Scaling scheduled actions by child name
   * (`<name>-<group>-sleep`, `<name>-<group>-wake`); empty without `awake`.
   */
  readonly sleepSchedules: Record<string, aws.autoscaling.Schedule>;

  constructor(name: string, args: EksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    // The token was `berth:eks:Cluster` before 0.2; the alias moves an existing stack's component
    // (and, through it, every child) without a replace.
    super(
      EKS_CLUSTER_TYPE,
      name,
      {},
      pulumi.mergeOptions(opts, { aliases: [{ type: EKS_CLUSTER_FORMER_TYPE }] }),
    );
    const r = resolveEksClusterArgs(name, args);
    if (r.supportWarning) pulumi.log.warn(r.supportWarning, this);

    // The builders, in the order they create resources (each in its own file):
    // buildControlPlane (key, log group, cluster role, cluster, provider), buildAccess (access
    // entries), buildNetworkAddons (VPC CNI, kube-proxy, Pod Identity agent), buildCompute (node
    // groups, self-managed groups, Fargate profiles, sleep schedules), buildControllerAddons
    // (CoreDNS, CSI drivers, Load Balancer Controller), buildStorage (storage classes).
    const cp = buildControlPlane(this, name, r);
    buildAccess(this, name, r, cp);
    this.addons = {};
    const addonScope = { scope: this, name, r, cp, addons: this.addons };
    const net = buildNetworkAddons(addonScope);
    const compute = buildCompute({ scope: this, name, r, cp, net });
    const { trident } = buildControllerAddons(addonScope, net, compute.resources);
    buildStorage(this, name, r, cp, trident);

    this.cluster = cp.cluster;
    this.clusterName = cp.clusterName;
    this.clusterArn = cp.clusterArn;
    this.endpoint = cp.endpoint;
    this.version = r.version;
    this.kmsKeyArn = cp.kmsKeyArn;
    this.oidcIssuerUrl = cp.eksCluster.identities.apply((ids) => ids[0]?.oidcs?.[0]?.issuer ?? "");
    this.clusterSecurityGroupId = cp.clusterSecurityGroupId;
    this.kubeconfig = cp.kubeconfig;
    this.provider = cp.provider;
    this.nodeRoleArns = pulumi.all(compute.nodeRoleArns);
    this.managedNodeGroups = compute.managedNodeGroups;
    this.selfManagedNodeGroups = compute.selfManagedNodeGroups;
    this.fargateProfiles = compute.fargateProfiles;
    this.sleepSchedules = compute.sleepSchedules;
    this.registerOutputs({
      clusterName: this.clusterName,
      clusterArn: this.clusterArn,
      endpoint: this.endpoint,
      oidcIssuerUrl: this.oidcIssuerUrl,
      kubeconfig: this.kubeconfig,
      nodeRoleArns: this.nodeRoleArns,
      clusterSecurityGroupId: this.clusterSecurityGroupId,
      kmsKeyArn: this.kmsKeyArn,
    });
  }
}
