/**
 * EKS managed add-ons in an order that works on the first deploy: networking before compute;
 * CoreDNS, the CSI drivers (each with a Pod Identity role) and the Load Balancer Controller after.
 */
import type { PolicyStatement } from "@berth/core";
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { ControlPlane } from "./control-plane";
import { fsxLustreStatements, fsxOntapStatements } from "./iam";
import { loadBalancerControllerStatements } from "./lbc-policy";
import { PodIdentityRole } from "./pod-identity";
import type { ResolvedEksClusterArgs } from "./resolve";

/** What the add-on builders share; `addons` collects every add-on by EKS add-on name. */
export interface AddonScope {
  scope: pulumi.Resource;
  name: string;
  r: ResolvedEksClusterArgs;
  cp: ControlPlane;
  addons: Record<string, aws.eks.Addon>;
}

/** The add-ons compute waits for (none in Auto Mode). */
export interface NetworkAddons {
  vpcCni?: aws.eks.Addon;
  kubeProxy?: aws.eks.Addon;
  podIdentityAgent?: aws.eks.Addon;
}

/** One managed add-on at the pinned version, or EKS's default for the cluster version. */
function addon(
  c: AddonScope,
  addonName: string,
  pinned: string | undefined,
  extra: { configurationValues?: string },
  dependsOn: pulumi.Resource[] = [],
): aws.eks.Addon {
  const addonVersion =
    pinned ??
    aws.eks.getAddonVersionOutput(
      { addonName, kubernetesVersion: c.r.version, mostRecent: false },
      { parent: c.scope },
    ).version;
  const a = new aws.eks.Addon(
    `${c.name}-${addonName}`,
    {
      clusterName: c.cp.clusterName,
      addonName,
      addonVersion,
      resolveConflictsOnCreate: "OVERWRITE",
      resolveConflictsOnUpdate: "OVERWRITE",
      ...extra,
      tags: c.r.tags,
    },
    { parent: c.scope, ...(dependsOn.length > 0 ? { dependsOn } : {}) },
  );
  c.addons[addonName] = a;
  return a;
}

/** Before compute: networking. Nodes only turn Ready once the VPC CNI runs on them. */
export function buildNetworkAddons(c: AddonScope): NetworkAddons {
  if (c.r.autoMode) return {};
  const versions = c.r.addonVersions;
  return {
    vpcCni: addon(c, "vpc-cni", versions.vpcCni, {
      configurationValues: JSON.stringify({ enableNetworkPolicy: String(c.r.networkPolicy) }),
    }),
    kubeProxy: addon(c, "kube-proxy", versions.kubeProxy, {}),
    podIdentityAgent: addon(c, "eks-pod-identity-agent", versions.podIdentityAgent, {}),
  };
}

/** A controller's Pod Identity role, `<name>-<role>`. */
function podRole(
  c: AddonScope,
  role: string,
  namespace: string,
  serviceAccount: string,
  statements: PolicyStatement[],
  managed: string[],
): PodIdentityRole {
  return new PodIdentityRole(
    `${c.name}-${role}`,
    {
      clusterName: c.cp.clusterName,
      clusterArn: c.cp.clusterArn,
      namespace,
      serviceAccount,
      statements,
      awsManagedPolicies: managed,
      tags: c.r.tags,
    },
    { parent: c.scope },
  );
}

/** The CSI drivers asked for, each after compute and its role; returns Trident's add-on. */
function buildCsiDrivers(c: AddonScope, afterCompute: pulumi.Resource[]): aws.eks.Addon | undefined {
  const { r } = c;
  const versions = r.addonVersions;
  if (r.ebsCsiDriver) {
    const role = podRole(
      c,
      "ebs-csi",
      "kube-system",
      "ebs-csi-controller-sa",
      [],
      ["service-role/AmazonEBSCSIDriverPolicy"],
    );
    addon(c, "aws-ebs-csi-driver", versions.ebsCsiDriver, {}, [...afterCompute, role]);
  }
  if (r.efsCsiDriver) {
    const role = podRole(
      c,
      "efs-csi",
      "kube-system",
      "efs-csi-controller-sa",
      [],
      ["service-role/AmazonEFSCSIDriverPolicy"],
    );
    addon(c, "aws-efs-csi-driver", versions.efsCsiDriver, {}, [...afterCompute, role]);
  }
  if (r.fsxLustreCsiDriver) {
    const role = podRole(
      c,
      "fsx-csi",
      "kube-system",
      "fsx-csi-controller-sa",
      fsxLustreStatements(c.cp.partition),
      [],
    );
    addon(c, "aws-fsx-csi-driver", versions.fsxCsiDriver, {}, [...afterCompute, role]);
  }
  if (!r.fsxOntapCsiDriver) return undefined;
  const secret = r.args.fsxOntapCredentialsSecretArn;
  const role = podRole(
    c,
    "trident",
    "trident",
    "trident-controller",
    fsxOntapStatements(secret === undefined ? [] : [secret]),
    [],
  );
  return addon(c, "netapp_trident-operator", versions.tridentOperator, {}, [...afterCompute, role]);
}

/** The AWS Load Balancer Controller (Helm) with its Pod Identity role. */
function buildLoadBalancerController(c: AddonScope, after: pulumi.Resource[]): void {
  const role = podRole(
    c,
    "lb-controller",
    "kube-system",
    "aws-load-balancer-controller",
    loadBalancerControllerStatements(c.cp.partition),
    [],
  );
  new k8s.helm.v3.Release(
    `${c.name}-lb-controller`,
    {
      name: "aws-load-balancer-controller",
      chart: "aws-load-balancer-controller",
      version: c.r.loadBalancerControllerChartVersion,
      repositoryOpts: { repo: "https://aws.github.io/eks-charts" },
      namespace: "kube-system",
      values: {
        clusterName: c.cp.clusterName,
        region: c.cp.region,
        vpcId: c.cp.vpcId,
        replicaCount: 2,
        serviceAccount: { create: true, name: "aws-load-balancer-controller" },
      },
    },
    // Its webhook pods need nodes and CoreDNS, and its role before the pods start.
    { parent: c.scope, provider: c.cp.provider, dependsOn: [...after, role] },
  );
}

/**
 * After compute: CoreDNS, the CSI drivers and the Load Balancer Controller, whose pods need
 * somewhere to run. Returns Trident's add-on (its backend waits for it).
 */
export function buildControllerAddons(
  c: AddonScope,
  net: NetworkAddons,
  compute: pulumi.Resource[],
): { trident: aws.eks.Addon | undefined } {
  const { r } = c;
  const afterCompute = [...compute, ...(net.podIdentityAgent ? [net.podIdentityAgent] : [])];
  let coreDns: aws.eks.Addon | undefined;
  if (!r.autoMode) {
    coreDns = addon(
      c,
      "coredns",
      r.addonVersions.coreDns,
      r.fargateOnly ? { configurationValues: JSON.stringify({ computeType: "Fargate" }) } : {},
      // CoreDNS before any node exists ends DEGRADED (the first-deploy failure); it also needs
      // kube-proxy to reach the API server through its service address.
      [...compute, ...(net.kubeProxy ? [net.kubeProxy] : [])],
    );
  }
  const trident = buildCsiDrivers(c, afterCompute);
  if (r.loadBalancerController) {
    buildLoadBalancerController(c, [...afterCompute, ...(coreDns ? [coreDns] : [])]);
  }
  return { trident };
}
