/**
 * `resolveEksClusterArgs`: checks every argument of {@link EksCluster} and fills every default
 * once, without creating anything. The builders read only what it returns.
 */
import {
  componentTags,
  mergePlainTags,
  parseCidr,
  type ResolvedAwakeSchedule,
  resolveAwakeSchedule,
  type Tags,
  type ValidationIssue,
  Validator,
} from "@berth/core";
import * as pulumi from "@pulumi/pulumi";
import { checkEksClusterShape } from "./arg-shape";
import {
  type AddonVersions,
  type AmiType,
  type Architecture,
  type AutoModeNodePool,
  type CapacityType,
  EKS_CLUSTER_FORMER_TYPE,
  EKS_CLUSTER_TYPE,
  type EksClusterArgs,
  type NodeTaint,
  type SupportType,
} from "./args";
import { LOAD_BALANCER_CONTROLLER_CHART_VERSION } from "./lbc-policy";
import {
  checkAccessArgs,
  checkAutoModeArgs,
  checkChildNames,
  checkClusterArgs,
  checkStorageArgs,
  checkTagCounts,
} from "./resolve-cluster";
import { checkComputeArgs } from "./resolve-compute";
import { DEFAULT_KUBERNETES_VERSION, supportWarning } from "./versions";

/** The defaults `resolveEksClusterArgs` fills, each written once. */
export const EKS_CLUSTER_DEFAULTS = {
  version: DEFAULT_KUBERNETES_VERSION,
  supportType: "STANDARD" as SupportType,
  logRetentionDays: 90,
  deletionProtection: false,
  autoMode: false,
  autoModeNodePools: ["general-purpose", "system"] as AutoModeNodePool[],
  createOidcProvider: false,
  networkPolicy: true,
  loadBalancerControllerChartVersion: LOAD_BALANCER_CONTROLLER_CHART_VERSION,
  fsxLustreCsiDriver: false,
  fsxOntapCsiDriver: false,
  fsxOntapSvmName: "svm1",
  managedNodeGroup: {
    capacityType: "ON_DEMAND" as CapacityType,
    architecture: "arm64" as Architecture,
    minSize: 2,
    maxSize: 4,
    maxUnavailable: 1,
    nodeRepair: true,
    diskSizeGiB: 50,
    metadataHopLimit: 1,
    awakeFloor: 0,
  },
  selfManagedNodeGroup: {
    architecture: "arm64" as Architecture,
    minSize: 1,
    maxSize: 4,
    onDemandBaseCapacity: 1,
    onDemandPercentageAboveBaseCapacity: 0,
    diskSizeGiB: 50,
    metadataHopLimit: 1,
    awakeFloor: 0,
  },
} as const;

/** Instance types of a managed node group that names none, by architecture and capacity type. */
export const DEFAULT_INSTANCE_TYPES: Record<Architecture, Record<CapacityType, string[]>> = {
  arm64: { ON_DEMAND: ["m7g.large"], SPOT: ["m7g.large", "m6g.large", "m8g.large"] },
  x86_64: { ON_DEMAND: ["m7i.large"], SPOT: ["m7i.large", "m6i.large", "m7a.large"] },
};

/** A node taint with its value filled. */
export type ResolvedTaint = Required<NodeTaint>;

/** A managed node group, every default filled. */
export interface ResolvedManagedNodeGroup {
  name: string;
  architecture: Architecture;
  capacityType: CapacityType;
  amiType: AmiType;
  instanceTypes: string[];
  minSize: number;
  maxSize: number;
  desiredSize: number;
  labels: Record<string, string>;
  taints: ResolvedTaint[];
  /** `maxUnavailablePercentage` when given, else `maxUnavailable`. */
  updateConfig: { maxUnavailable: number } | { maxUnavailablePercentage: number };
  nodeRepair: boolean;
  diskSizeGiB: number;
  metadataHopLimit: number;
  awakeFloor: number;
  /** The group's own subnets, or `undefined` for the cluster's. */
  subnetIds: pulumi.Input<pulumi.Input<string>[]> | undefined;
  /** Logical name of its launch template, node group and sleep schedule (`<name>-<group>`). */
  childName: string;
}

/** A self-managed node group, every default filled. */
export interface ResolvedSelfManagedNodeGroup {
  name: string;
  architecture: Architecture;
  instanceTypes: string[];
  minSize: number;
  maxSize: number;
  desiredSize: number;
  onDemandBaseCapacity: number;
  onDemandPercentageAboveBaseCapacity: number;
  labels: Record<string, string>;
  taints: ResolvedTaint[];
  diskSizeGiB: number;
  metadataHopLimit: number;
  awakeFloor: number;
  subnetIds: pulumi.Input<pulumi.Input<string>[]> | undefined;
  /** Logical name of its launch template, Auto Scaling group and sleep schedule. */
  childName: string;
}

/** A Fargate profile, every default filled. */
export interface ResolvedFargateProfile {
  name: string;
  selectors: Array<{ namespace: string; labels: Record<string, string> }>;
  subnetIds: pulumi.Input<pulumi.Input<string>[]> | undefined;
  childName: string;
}

/** One access entry: a principal, the access policy it gets and where it was given. */
export interface ResolvedAccessGrant {
  principalArn: string;
  policy: string;
  scope: { type: "cluster" } | { type: "namespace"; namespaces: string[] };
  /** The argument path of the principal, for messages. */
  path: string;
  /** The entry's logical name before entries were keyed by principal (`<name>-admin-0`). */
  formerName: string;
}

/** The IAM roles the component creates, by role (logical names `<name>-<role>`). */
export interface EksClusterRoleNames {
  cluster: string;
  node?: string;
  selfManagedNode?: string;
  fargate?: string;
  ebsCsi?: string;
  efsCsi?: string;
  fsxCsi?: string;
  trident?: string;
  lbController?: string;
}

/** The logical names of the children `EksCluster` creates (those not named per group). */
export interface EksClusterNames {
  kmsKey: string;
  logGroup: string;
  cluster: string;
  provider: string;
  roles: EksClusterRoleNames;
  /** The self-managed nodes' instance profile and access entry, when there are any. */
  instanceProfile?: string;
  /** Launch templates by group name. */
  launchTemplates: Record<string, string>;
}

/** The arguments of an {@link EksCluster}, checked, with every default filled. */
export interface ResolvedEksClusterArgs {
  /** The arguments as given (every field checked). */
  args: EksClusterArgs;
  version: string;
  supportType: SupportType;
  /** The warning to log when the version is near the end of its support, if any. */
  supportWarning: string | undefined;
  clusterName: string;
  endpointPublicAccess: boolean;
  logRetentionDays: number;
  deletionProtection: boolean;
  autoMode: boolean;
  autoModeNodePools: AutoModeNodePool[];
  createOidcProvider: boolean;
  networkPolicy: boolean;
  addonVersions: AddonVersions;
  ebsCsiDriver: boolean;
  efsCsiDriver: boolean;
  loadBalancerController: boolean;
  loadBalancerControllerChartVersion: string;
  fsxLustreCsiDriver: boolean;
  fsxOntapCsiDriver: boolean;
  fsxOntapSvmName: pulumi.Input<string>;
  /** The component's tags merged with the given ones. */
  tags: Tags;
  awake: ResolvedAwakeSchedule | undefined;
  managedNodeGroups: ResolvedManagedNodeGroup[];
  selfManagedNodeGroups: ResolvedSelfManagedNodeGroup[];
  fargateProfiles: ResolvedFargateProfile[];
  /** Only Fargate compute: CoreDNS runs on Fargate and no controller is installed. */
  fargateOnly: boolean;
  /** The access entries, in argument order. */
  access: ResolvedAccessGrant[];
  names: EksClusterNames;
}

/** Prefix length of a CIDR, or `undefined` when it is not a valid IPv4/IPv6 CIDR (see `parseCidr`). */
export function cidrPrefix(cidr: string): number | undefined {
  return parseCidr(cidr)?.prefix;
}

/**
 * Whether the controllers Berth installs with Pod Identity roles (EBS, EFS, FSx CSI, Trident, Load
 * Balancer Controller) are on by default: they need EC2 nodes, because EKS Pod Identity does not work
 * for pods on Fargate, and Auto Mode brings its own block storage and load balancing.
 */
export function controllersByDefault(args: EksClusterArgs): boolean {
  const ec2Nodes = (args.managedNodeGroups?.length ?? 0) + (args.selfManagedNodeGroups?.length ?? 0) > 0;
  return !(args.autoMode ?? EKS_CLUSTER_DEFAULTS.autoMode) && ec2Nodes;
}

/** The default physical cluster name: `<name>-<stack>`, with characters EKS rejects as `-`. */
export function defaultClusterName(name: string): string {
  // Stack names may contain '.', which EKS rejects in cluster names.
  return `${name}-${pulumi.getStack()}`.replace(/[^A-Za-z0-9_-]/g, "-");
}

/**
 * Checks the arguments of {@link EksCluster} and returns every issue (empty when valid). Exported
 * for property tests; `resolveEksClusterArgs` throws them as one `BerthValidationError`.
 */
export function validateEksClusterArgs(name: string, args: EksClusterArgs, today?: Date): ValidationIssue[] {
  const v = new Validator(EKS_CLUSTER_TYPE, name);
  checkEksClusterArgs(v, name, args, today);
  return [...v.issues];
}

/**
 * Checks every argument of an {@link EksCluster} (plain values now; values known later are checked
 * again when known, by the builders) and fills its defaults, without creating anything. Throws one
 * `BerthValidationError` with every issue found.
 * @param today the day the version's support window is checked against (default `args.today`, then now).
 */
export function resolveEksClusterArgs(
  name: string,
  args: EksClusterArgs,
  today?: Date,
): ResolvedEksClusterArgs {
  const v = new Validator(EKS_CLUSTER_TYPE, name);
  const resolved = checkEksClusterArgs(v, name, args, today);
  v.throwIfAny();
  if (resolved === undefined) throw new Error("unreachable: a shape issue is always recorded");
  return resolved;
}

/** Records every issue of `args` in `v`; returns the filled arguments once the shape is right. */
function checkEksClusterArgs(
  v: Validator,
  name: string,
  args: EksClusterArgs,
  today: Date | undefined,
): ResolvedEksClusterArgs | undefined {
  if (!checkEksClusterShape(v, args)) return undefined;
  const day = today ?? args.today ?? new Date();
  const r = fillDefaults(name, args);
  // Issues of sizes, instance types, disks and hop limits are reported after the cross-field
  // checks (the order of the messages is part of the tests).
  const deferred = new Validator(EKS_CLUSTER_TYPE, name);
  checkClusterArgs(v, args, r, day);
  checkTagCounts(v, args);
  checkAccessArgs(v, args);
  r.awake = resolveAwakeSchedule(v, "awake", args.awake);
  checkComputeArgs(v, deferred, args, r);
  checkAutoModeArgs(v, args, r);
  checkStorageArgs(v, args, r);
  checkChildNames(v, name, r.names);
  v.merge(deferred.issues);
  if (v.issues.length === 0) r.supportWarning = supportWarning(r.version, r.supportType, day);
  return r;
}

function fillTaints(taints: NodeTaint[] | undefined): ResolvedTaint[] {
  return (taints ?? []).map((t) => ({ key: t.key, value: t.value ?? "", effect: t.effect }));
}

function fillManaged(name: string, args: EksClusterArgs): ResolvedManagedNodeGroup[] {
  const d = EKS_CLUSTER_DEFAULTS.managedNodeGroup;
  return (args.managedNodeGroups ?? []).map((g) => {
    const architecture = g.architecture ?? d.architecture;
    const capacityType = g.capacityType ?? d.capacityType;
    const minSize = g.minSize ?? d.minSize;
    return {
      name: g.name,
      architecture,
      capacityType,
      amiType: architecture === "arm64" ? "AL2023_ARM_64_STANDARD" : "AL2023_x86_64_STANDARD",
      instanceTypes: g.instanceTypes ?? DEFAULT_INSTANCE_TYPES[architecture]?.[capacityType] ?? [],
      minSize,
      maxSize: g.maxSize ?? d.maxSize,
      desiredSize: g.desiredSize ?? minSize,
      labels: g.labels ?? {},
      taints: fillTaints(g.taints),
      updateConfig:
        g.maxUnavailablePercentage !== undefined
          ? { maxUnavailablePercentage: g.maxUnavailablePercentage }
          : { maxUnavailable: g.maxUnavailable ?? d.maxUnavailable },
      nodeRepair: g.nodeRepair ?? d.nodeRepair,
      diskSizeGiB: g.diskSizeGiB ?? d.diskSizeGiB,
      metadataHopLimit: g.metadataHopLimit ?? d.metadataHopLimit,
      awakeFloor: g.awakeFloor ?? d.awakeFloor,
      subnetIds: g.subnetIds,
      childName: `${name}-${g.name}`,
    };
  });
}

function fillSelfManaged(name: string, args: EksClusterArgs): ResolvedSelfManagedNodeGroup[] {
  const d = EKS_CLUSTER_DEFAULTS.selfManagedNodeGroup;
  return (args.selfManagedNodeGroups ?? []).map((g) => {
    const minSize = g.minSize ?? d.minSize;
    return {
      name: g.name,
      architecture: g.architecture ?? d.architecture,
      instanceTypes: g.instanceTypes,
      minSize,
      maxSize: g.maxSize ?? d.maxSize,
      desiredSize: g.desiredSize ?? minSize,
      onDemandBaseCapacity: g.onDemandBaseCapacity ?? d.onDemandBaseCapacity,
      onDemandPercentageAboveBaseCapacity:
        g.onDemandPercentageAboveBaseCapacity ?? d.onDemandPercentageAboveBaseCapacity,
      labels: g.labels ?? {},
      taints: fillTaints(g.taints),
      diskSizeGiB: g.diskSizeGiB ?? d.diskSizeGiB,
      metadataHopLimit: g.metadataHopLimit ?? d.metadataHopLimit,
      awakeFloor: g.awakeFloor ?? d.awakeFloor,
      subnetIds: g.subnetIds,
      childName: `${name}-${g.name}`,
    };
  });
}

/** The access entries in argument order; the former names were by list position. */
function fillAccess(name: string, args: EksClusterArgs): ResolvedAccessGrant[] {
  const cluster = { type: "cluster" } as const;
  return [
    ...(args.admins ?? []).map((p, i) => ({
      principalArn: p,
      policy: "AmazonEKSClusterAdminPolicy",
      scope: cluster,
      path: `admins[${i}]`,
      formerName: `${name}-admin-${i}`,
    })),
    ...(args.adminViewers ?? []).map((p, i) => ({
      principalArn: p,
      policy: "AmazonEKSAdminViewPolicy",
      scope: cluster,
      path: `adminViewers[${i}]`,
      formerName: `${name}-admin-viewer-${i}`,
    })),
    ...(args.viewers ?? []).map((p, i) => ({
      principalArn: p,
      policy: "AmazonEKSViewPolicy",
      scope: cluster,
      path: `viewers[${i}]`,
      formerName: `${name}-viewer-${i}`,
    })),
    ...(args.namespaceEditors ?? []).map((e, i) => ({
      principalArn: e.principalArn,
      policy: "AmazonEKSEditPolicy",
      scope: { type: "namespace" as const, namespaces: e.namespaces },
      path: `namespaceEditors[${i}].principalArn`,
      formerName: `${name}-editor-${i}`,
    })),
  ];
}

function fillNames(name: string, r: Omit<ResolvedEksClusterArgs, "names">): EksClusterNames {
  const role = (on: boolean, suffix: string) => (on ? `${name}-${suffix}` : undefined);
  const roles: EksClusterRoleNames = { cluster: `${name}-cluster` };
  const optional: Array<[keyof EksClusterRoleNames, string | undefined]> = [
    ["node", role(r.managedNodeGroups.length > 0, "node")],
    ["selfManagedNode", role(r.selfManagedNodeGroups.length > 0, "self-managed-node")],
    ["fargate", role(r.fargateProfiles.length > 0, "fargate")],
    ["ebsCsi", role(r.ebsCsiDriver, "ebs-csi")],
    ["efsCsi", role(r.efsCsiDriver, "efs-csi")],
    ["fsxCsi", role(r.fsxLustreCsiDriver, "fsx-csi")],
    ["trident", role(r.fsxOntapCsiDriver, "trident")],
    ["lbController", role(r.loadBalancerController, "lb-controller")],
  ];
  for (const [k, n] of optional) if (n !== undefined) roles[k] = n;
  const groups = [...r.managedNodeGroups, ...r.selfManagedNodeGroups];
  return {
    kmsKey: `${name}-secrets`,
    logGroup: `${name}-control-plane`,
    cluster: `${name}-eks`,
    provider: `${name}-k8s`,
    roles,
    ...(r.selfManagedNodeGroups.length > 0 ? { instanceProfile: `${name}-self-managed-node` } : {}),
    launchTemplates: Object.fromEntries(groups.map((g) => [g.name, g.childName])),
  };
}

/** Every default, filled once (the values are checked afterwards, on what is filled here). */
function fillDefaults(name: string, args: EksClusterArgs): ResolvedEksClusterArgs {
  const d = EKS_CLUSTER_DEFAULTS;
  const byDefault = controllersByDefault(args);
  const managedNodeGroups = fillManaged(name, args);
  const selfManagedNodeGroups = fillSelfManaged(name, args);
  const fargateProfiles = (args.fargateProfiles ?? []).map((p) => ({
    name: p.name,
    selectors: p.selectors.map((s) => ({ namespace: s.namespace, labels: s.labels ?? {} })),
    subnetIds: p.subnetIds,
    childName: `${name}-${p.name}`,
  }));
  const r: Omit<ResolvedEksClusterArgs, "names"> = {
    args,
    version: args.version ?? d.version,
    supportType: args.supportType ?? d.supportType,
    supportWarning: undefined,
    clusterName: args.clusterName ?? defaultClusterName(name),
    endpointPublicAccess: args.endpointPublicAccess ?? (args.publicAccessCidrs?.length ?? 0) > 0,
    logRetentionDays: args.logRetentionDays ?? d.logRetentionDays,
    deletionProtection: args.deletionProtection ?? d.deletionProtection,
    autoMode: args.autoMode ?? d.autoMode,
    autoModeNodePools: args.autoModeNodePools ?? [...d.autoModeNodePools],
    createOidcProvider: args.createOidcProvider ?? d.createOidcProvider,
    networkPolicy: args.networkPolicy ?? d.networkPolicy,
    addonVersions: args.addonVersions ?? {},
    ebsCsiDriver: args.ebsCsiDriver ?? byDefault,
    efsCsiDriver: args.efsCsiDriver ?? byDefault,
    loadBalancerController: args.loadBalancerController ?? byDefault,
    loadBalancerControllerChartVersion:
      args.loadBalancerControllerChartVersion ?? d.loadBalancerControllerChartVersion,
    fsxLustreCsiDriver: args.fsxLustreCsiDriver ?? d.fsxLustreCsiDriver,
    fsxOntapCsiDriver: args.fsxOntapCsiDriver ?? d.fsxOntapCsiDriver,
    fsxOntapSvmName: args.fsxOntapSvmName ?? d.fsxOntapSvmName,
    // The `berth:component` tag keeps the former token: a new value would put a new version on
    // every node launch template (its tag specifications carry the tags) and roll every node.
    tags: mergePlainTags(componentTags(EKS_CLUSTER_FORMER_TYPE, name), args.tags),
    // Filled by `resolveAwakeSchedule` with the checks.
    awake: undefined,
    managedNodeGroups,
    selfManagedNodeGroups,
    fargateProfiles,
    fargateOnly: managedNodeGroups.length + selfManagedNodeGroups.length === 0 && fargateProfiles.length > 0,
    access: fillAccess(name, args),
  };
  return { ...r, names: fillNames(name, r) };
}
