import {
  type AwakeSchedule,
  allow,
  autoScalingGroupSleepActions,
  checkTags,
  componentTags,
  coversInternet,
  isPlain,
  LOG_RETENTION_DAYS,
  mergePlainTags,
  type PolicyStatement,
  parseCidr,
  policyDocument,
  resolveAwakeSchedule,
  type SleepBounds,
  serviceTrustPolicy,
  type Tags,
  type ValidationIssue,
  Validator,
  validateWhenKnown,
} from "@berth/core";
import * as aws from "@pulumi/aws";
import * as eks from "@pulumi/eks";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { checkEksClusterShape } from "./arg-shape";
import { LOAD_BALANCER_CONTROLLER_CHART_VERSION, loadBalancerControllerStatements } from "./lbc-policy";
import { PodIdentityRole } from "./pod-identity";
import { checkKubernetesVersion, DEFAULT_KUBERNETES_VERSION, supportWarning } from "./versions";

/** How nodes are bought. */
export type CapacityType = "ON_DEMAND" | "SPOT";
/** CPU architecture of nodes; `arm64` is AWS Graviton. */
export type Architecture = "arm64" | "x86_64";
/** What a taint does to pods that do not tolerate it. */
export type TaintEffect = "NO_SCHEDULE" | "NO_EXECUTE" | "PREFER_NO_SCHEDULE";
/** EKS support policy of the cluster's Kubernetes version. */
export type SupportType = "STANDARD" | "EXTENDED";

/** A Kubernetes taint on every node of a group. */
export interface NodeTaint {
  /** Taint key. */
  key: string;
  /** Taint value. @default "" */
  value?: string;
  /** Effect on pods without a matching toleration. */
  effect: TaintEffect;
}

/** An EKS managed node group (`aws.eks.NodeGroup` with a Berth launch template). */
export interface ManagedNodeGroupArgs {
  /** Short name, unique in the cluster; children are named `<cluster>-<name>`. */
  name: string;
  /**
   * Instance types. Spot groups need at least two, from different families or sizes, so a
   * reclaimed pool does not empty the group.
   * @default ["m7g.large"] for arm64, ["m7i.large"] for x86_64; Spot: ["m7g.large", "m6g.large", "m8g.large"] / ["m7i.large", "m6i.large", "m7a.large"]
   */
  instanceTypes?: string[];
  /** On-Demand or Spot. @default "ON_DEMAND" */
  capacityType?: CapacityType;
  /** CPU architecture; every instance type must match it. @default "arm64" (Graviton) */
  architecture?: Architecture;
  /** Smallest number of nodes. @default 2 */
  minSize?: number;
  /** Largest number of nodes. @default 4 */
  maxSize?: number;
  /**
   * Nodes at creation. Later changes are ignored (`ignoreChanges`), so an autoscaler owns it.
   * @default minSize
   */
  desiredSize?: number;
  /** Kubernetes labels on every node. @default {} */
  labels?: Record<string, string>;
  /** Kubernetes taints on every node. @default [] */
  taints?: NodeTaint[];
  /** Nodes replaced at once during an update. Conflicts with `maxUnavailablePercentage`. @default 1 */
  maxUnavailable?: number;
  /** Share of nodes replaced at once during an update, 1 to 100. @default unset (maxUnavailable is used) */
  maxUnavailablePercentage?: number;
  /** EKS node auto repair: replace nodes that turn unhealthy. @default true */
  nodeRepair?: boolean;
  /** Root volume size (gp3, encrypted), GiB. @default 50 */
  diskSizeGiB?: number;
  /** Subnets of the nodes. @default the cluster's `subnetIds` */
  subnetIds?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * IMDSv2 hop limit. 1 keeps pods from reaching the node's instance metadata (and its role);
   * EKS Pod Identity does not need IMDS. Raise to 2 only for pods that must read IMDS.
   * @default 1
   */
  metadataHopLimit?: number;
  /**
   * Nodes the group keeps while the cluster sleeps (see {@link EksClusterArgs.awake}), from 0 to
   * `minSize`. Only with `awake`.
   * @default 0
   */
  awakeFloor?: number;
}

/** Self-managed nodes: an Auto Scaling group with a mixed instances policy on the EKS AL2023 AMI. */
export interface SelfManagedNodeGroupArgs {
  /** Short name, unique in the cluster. */
  name: string;
  /** Instance types of the mixed instances policy; at least two when any capacity is Spot. */
  instanceTypes: string[];
  /** CPU architecture; every instance type must match it. @default "arm64" (Graviton) */
  architecture?: Architecture;
  /** Smallest number of instances. @default 1 */
  minSize?: number;
  /** Largest number of instances. @default 4 */
  maxSize?: number;
  /** Instances at creation; later changes are ignored so an autoscaler owns it. @default minSize */
  desiredSize?: number;
  /** On-Demand instances before any Spot. @default 1 */
  onDemandBaseCapacity?: number;
  /** Percentage of On-Demand above the base, 0 to 100; below 100 means Spot. @default 0 */
  onDemandPercentageAboveBaseCapacity?: number;
  /** Kubernetes labels (kubelet `--node-labels`). @default {} */
  labels?: Record<string, string>;
  /** Kubernetes taints (kubelet `--register-with-taints`). @default [] */
  taints?: NodeTaint[];
  /** Root volume size (gp3, encrypted), GiB. @default 50 */
  diskSizeGiB?: number;
  /** Subnets of the instances. @default the cluster's `subnetIds` */
  subnetIds?: pulumi.Input<pulumi.Input<string>[]>;
  /** IMDSv2 hop limit, see {@link ManagedNodeGroupArgs.metadataHopLimit}. @default 1 */
  metadataHopLimit?: number;
  /** Instances the group keeps while the cluster sleeps, from 0 to `minSize`. Only with `awake`. @default 0 */
  awakeFloor?: number;
}

/** Which pods a Fargate profile runs. */
export interface FargateSelector {
  /** Namespace of the pods. */
  namespace: string;
  /** Labels the pods must all carry (up to 5). @default {} (every pod of the namespace) */
  labels?: Record<string, string>;
}

/** A Fargate profile (`aws.eks.FargateProfile`). */
export interface FargateProfileArgs {
  /** Profile name, unique in the cluster; must not start with `eks-`. */
  name: string;
  /** Pod selectors, 1 to 5. A profile without selectors runs nothing. */
  selectors: FargateSelector[];
  /** Private subnets of the pods. @default the cluster's `subnetIds` */
  subnetIds?: pulumi.Input<pulumi.Input<string>[]>;
}

/** Edit access for an IAM principal to some namespaces. */
export interface NamespaceAccessArgs {
  /** IAM role or user ARN (`arn:aws:iam::<account>:role/<name>`), a plain string: it names the entry. */
  principalArn: string;
  /** Namespaces the principal may edit (AmazonEKSEditPolicy scoped to them). */
  namespaces: string[];
}

/** EKS managed add-on versions to pin; others resolve to the EKS default for the cluster version. */
export interface AddonVersions {
  /** @default resolved */
  vpcCni?: string;
  /** @default resolved */
  kubeProxy?: string;
  /** @default resolved */
  coreDns?: string;
  /** @default resolved */
  podIdentityAgent?: string;
  /** @default resolved */
  ebsCsiDriver?: string;
  /** @default resolved */
  efsCsiDriver?: string;
  /** @default resolved */
  fsxCsiDriver?: string;
  /** @default resolved */
  tridentOperator?: string;
}

/** Arguments of {@link EksCluster}. */
export interface EksClusterArgs {
  /** Kubernetes minor version, from the list in `versions.ts`. @default "1.35" */
  version?: string;
  /**
   * Support policy. `STANDARD` upgrades the cluster at the end of standard support (no extended
   * support fee); `EXTENDED` keeps the version up to 12 more months at extra cost.
   * @default "STANDARD"
   */
  supportType?: SupportType;
  /** Physical cluster name, 1 to 100 characters. @default `<name>-<stack>` */
  clusterName?: string;
  /** VPC of the cluster. */
  vpcId: pulumi.Input<string>;
  /**
   * Private subnets for the control plane network interfaces and, by default, all compute; at
   * least two, in two Availability Zones. Public subnets for internet-facing load balancers are
   * found by the Load Balancer Controller through their `kubernetes.io/role/elb` tag.
   */
  subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** Turn on the public API endpoint; requires `publicAccessCidrs`. @default true when publicAccessCidrs is given, else false */
  endpointPublicAccess?: boolean;
  /** CIDRs allowed to reach the public endpoint; never `0.0.0.0/0` or `::/0`. @default none (private endpoint only) */
  publicAccessCidrs?: string[];
  /** Retention of the control-plane log group (all five log types are on), days. @default 90 */
  logRetentionDays?: number;
  /** KMS key for Kubernetes secrets envelope encryption. @default a created key with rotation on */
  kmsKeyArn?: pulumi.Input<string>;
  /** Protect the cluster from deletion (set it in prod stacks). @default false */
  deletionProtection?: boolean;
  /**
   * IAM role or user ARNs with cluster admin (`AmazonEKSClusterAdminPolicy`, cluster-wide). Plain
   * strings: each access entry is named after its principal, so removing one replaces no other.
   * Never the identity that runs `pulumi up`: it creates the cluster and EKS already gives it an
   * admin entry (pulumi-eks sets `bootstrapClusterCreatorAdminPermissions`), so a second entry
   * fails. Never an STS `assumed-role` ARN (EKS rejects session principals): give the role's ARN.
   * @default []
   */
  admins?: string[];
  /**
   * IAM role or user ARNs that may read everything, Secrets included (`AmazonEKSAdminViewPolicy`,
   * cluster-wide): the CI role that runs `pulumi preview` or drift checks needs it, because Helm
   * keeps release state in Secrets.
   * @default []
   */
  adminViewers?: string[];
  /** IAM role or user ARNs with read-only access without Secrets (`AmazonEKSViewPolicy`, cluster-wide). @default [] */
  viewers?: string[];
  /** Principals with edit access to some namespaces (AmazonEKSEditPolicy). @default [] */
  namespaceEditors?: NamespaceAccessArgs[];
  /** Managed node groups. @default [] */
  managedNodeGroups?: ManagedNodeGroupArgs[];
  /** Self-managed node groups. @default [] */
  selfManagedNodeGroups?: SelfManagedNodeGroupArgs[];
  /** Fargate profiles, created one after another (EKS creates one at a time). @default [] */
  fargateProfiles?: FargateProfileArgs[];
  /**
   * EKS Auto Mode: AWS runs compute, networking, block storage and load balancing. Excludes the
   * node groups, Fargate profiles and the add-ons Auto Mode brings itself.
   * @default false
   */
  autoMode?: boolean;
  /** Built-in Auto Mode node pools. @default ["general-purpose", "system"] */
  autoModeNodePools?: Array<"general-purpose" | "system">;
  /**
   * When the cluster's EC2 nodes run. Outside these hours every managed node group's Auto Scaling
   * group and every self-managed group scales to its `awakeFloor` (0 by default) through two EC2
   * Auto Scaling scheduled actions (`<name>-<group>-sleep` at `to`, `<name>-<group>-wake`
   * at `from`, which restores `minSize`/`maxSize` and sets the desired count to `minSize`).
   * Fargate profiles and Auto Mode have nothing to schedule: their capacity follows the pods.
   * @default always awake
   */
  awake?: AwakeSchedule;
  /** Create an IAM OIDC provider for IRSA (Berth uses Pod Identity instead). @default false */
  createOidcProvider?: boolean;
  /** Turn on the VPC CNI network policy agent so NetworkPolicy objects are enforced. @default true */
  networkPolicy?: boolean;
  /** Pinned add-on versions. @default {} (resolved to the EKS default for the cluster version) */
  addonVersions?: AddonVersions;
  /** Install the EBS CSI driver (with a Pod Identity role) and the default gp3 class. @default true with EC2 nodes; false in Auto Mode or with only Fargate */
  ebsCsiDriver?: boolean;
  /** Install the EFS CSI driver with a Pod Identity role. @default true with EC2 nodes; false in Auto Mode or with only Fargate */
  efsCsiDriver?: boolean;
  /** EFS file system for the `efs` storage class. @default none (no EFS class) */
  efsFileSystemId?: pulumi.Input<string>;
  /** Install the AWS Load Balancer Controller (Helm) with a Pod Identity role. @default true with EC2 nodes; false in Auto Mode or with only Fargate */
  loadBalancerController?: boolean;
  /**
   * Chart version of the Load Balancer Controller. Its IAM policy is the one of the default
   * release; another chart version may need other permissions (compare upstream
   * `docs/install/iam_policy.json` at that release).
   * @default "3.5.0" (controller v3.5.0)
   */
  loadBalancerControllerChartVersion?: string;
  /** Install the FSx for Lustre CSI driver with a Pod Identity role. @default false */
  fsxLustreCsiDriver?: boolean;
  /** Subnet for file systems of the `fsx-lustre` class. @default none (no class) */
  fsxLustreSubnetId?: pulumi.Input<string>;
  /** Security groups for file systems of the `fsx-lustre` class. @default none (no class) */
  fsxLustreSecurityGroupIds?: pulumi.Input<string>[];
  /**
   * Install NetApp Trident (EKS add-on `netapp_trident-operator`) for FSx for NetApp ONTAP, with a
   * Pod Identity role for its controller (`trident/trident-controller`).
   * @default false
   */
  fsxOntapCsiDriver?: boolean;
  /** FSx for ONTAP file system id for the Trident backend and the `fsx-ontap-nas` class. @default none (no backend, no class) */
  fsxOntapFileSystemId?: pulumi.Input<string>;
  /** Storage virtual machine name on that file system. @default "svm1" */
  fsxOntapSvmName?: pulumi.Input<string>;
  /** Secrets Manager ARN of the SVM's `vsadmin` credentials; the Trident role may read only it. @default none */
  fsxOntapCredentialsSecretArn?: pulumi.Input<string>;
  /** Tags for every resource. @default {} */
  tags?: Tags;
  /**
   * The day the version's support window is checked against (only the date counts). For tests and
   * reproducible plans; a stack leaves it unset.
   * @default the current date
   */
  today?: Date;
}

const TYPE = "berth:eks:Cluster";
const LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];
const K8S_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9\-_]*$/;
const GROUP_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const IAM_PRINCIPAL = /^arn:(aws[a-z-]*):iam::(\d{12}):(role|user)\/(.+)$/;
const STS_SESSION = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9-]+$/;
const TAINT_EFFECTS: TaintEffect[] = ["NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE"];
// Kubernetes label syntax (kubernetes.io "Labels and Selectors", "Syntax and character set"): an
// optional DNS-subdomain prefix and `/`, then a name of at most 63 characters; values at most 63,
// possibly empty, of the same characters.
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_PREFIX = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
/**
 * EKS's own limits for node group labels and taints (EKS API Reference, `UpdateLabelsPayload`:
 * label keys and values 1 to 63 characters; `Taint`: key 1 to 63, value 0 to 63 characters).
 */
const EKS_LABEL_MAX = 63;
/** Most taints on one managed node group (EKS API Reference, `CreateNodegroup` `taints`: 50 items). */
const EKS_TAINTS_MAX = 50;
/**
 * Length of the unique suffix the AWS provider appends to a `...NamePrefix`
 * (terraform-plugin-sdk `helper/id.UniqueIDSuffixLength`: "an incrementing 26 digit value").
 */
const PREFIX_SUFFIX = 26;
/** Longest managed node group name EKS accepts (aws.eks.NodeGroup `nodeGroupName` doc: 63). */
const NODE_GROUP_NAME_MAX = 63;
/** Longest managed node group short name: `<name>-` plus the provider's suffix fit in 63. */
const MANAGED_GROUP_NAME_MAX = NODE_GROUP_NAME_MAX - PREFIX_SUFFIX - 1;
/**
 * Pulumi auto-naming appends `-` and 7 random characters to a logical name and fails the preview
 * when that exceeds the limit ("name '...' plus 7 random chars is longer than maximum length").
 */
const AUTONAME_SUFFIX = 8;
/** IAM role names: 64 characters (IAM User Guide, "IAM object quotas": role name 64). */
const IAM_ROLE_NAME_MAX = 64;
/** IAM instance profile and EC2 launch template names: 128 characters (IAM quotas; EC2 `CreateLaunchTemplate`). */
const NAME_128 = 128;
/** EKS cluster names: 1 to 100 characters (EKS API Reference, `CreateCluster` `name`). */
const CLUSTER_NAME_MAX = 100;
/** Tags per resource (AWS tagging: 50 user tags; `aws:` tags do not count). */
const TAGS_MAX = 50;

/** True for a Graviton (arm64) instance type such as `m7g.large`, `c7gn.xlarge`, `t4g.small`. */
export function isGravitonType(instanceType: string): boolean {
  return /^[a-z]+\d+g[a-z]*\./.test(instanceType) || instanceType.startsWith("a1.");
}

/** Prefix length of a CIDR, or `undefined` when it is not a valid IPv4/IPv6 CIDR (see `parseCidr`). */
export function cidrPrefix(cidr: string): number | undefined {
  return parseCidr(cidr)?.prefix;
}

/**
 * The part of a principal ARN that names its access entry: `<account>-<role|user>/<path and name>`,
 * e.g. `123456789012-role/ci/deploy` for `arn:aws:iam::123456789012:role/ci/deploy`.
 */
export function principalKey(principalArn: string): string {
  const m = IAM_PRINCIPAL.exec(principalArn);
  return m ? `${m[2]}-${m[3]}/${m[4]}` : principalArn;
}

/**
 * True when an access-entry principal is the identity in `callerArn` (what `sts:GetCallerIdentity`
 * returns): the same IAM user, or the role of an `assumed-role` session. A session ARN carries the
 * role's name but not its path, so roles are compared by account and name.
 */
export function sameIdentity(principalArn: string, callerArn: string): boolean {
  if (principalArn === callerArn) return true;
  const p = IAM_PRINCIPAL.exec(principalArn);
  if (p?.[3] !== "role") return false;
  const roleName = p[4]?.split("/").pop();
  const session = STS_SESSION.exec(callerArn);
  if (session) return session[2] === p[2] && session[3] === roleName;
  const role = IAM_PRINCIPAL.exec(callerArn);
  return role !== null && role[3] === "role" && role[2] === p[2] && role[4]?.split("/").pop() === roleName;
}

/**
 * Whether the controllers Berth installs with Pod Identity roles (EBS, EFS, FSx CSI, Trident, Load
 * Balancer Controller) are on by default: they need EC2 nodes, because EKS Pod Identity does not work
 * for pods on Fargate, and Auto Mode brings its own block storage and load balancing.
 */
export function controllersByDefault(args: EksClusterArgs): boolean {
  const ec2Nodes = (args.managedNodeGroups?.length ?? 0) + (args.selfManagedNodeGroups?.length ?? 0) > 0;
  return !(args.autoMode ?? false) && ec2Nodes;
}

const DEFAULT_TYPES: Record<Architecture, Record<CapacityType, string[]>> = {
  arm64: { ON_DEMAND: ["m7g.large"], SPOT: ["m7g.large", "m6g.large", "m8g.large"] },
  x86_64: { ON_DEMAND: ["m7i.large"], SPOT: ["m7i.large", "m6i.large", "m7a.large"] },
};

/** Checks a Kubernetes label or taint key; `eks` applies EKS's 63-character limit to the whole key. */
function labelKeyProblem(key: string, eks: boolean): string | undefined {
  const slash = key.lastIndexOf("/");
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const label = slash >= 0 ? key.slice(slash + 1) : key;
  if (eks && key.length > EKS_LABEL_MAX) return `at most ${EKS_LABEL_MAX} characters in all (EKS)`;
  if (prefix !== undefined && (prefix.length > 253 || !LABEL_PREFIX.test(prefix)))
    return "a prefix that is a DNS subdomain (lowercase letters, digits, '-' and '.')";
  if (label.length > 63 || !LABEL_NAME.test(label))
    return "a name of 1 to 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit";
  return undefined;
}

function checkLabels(
  v: Validator,
  labels: Record<string, string> | undefined,
  path: string,
  eks: boolean,
): void {
  for (const [key, value] of Object.entries(labels ?? {})) {
    const keyProblem = labelKeyProblem(key, eks);
    v.check(keyProblem === undefined, `${path}.${key}`, key, `a Kubernetes label key: ${keyProblem}`);
    v.check(
      value.length <= 63 && LABEL_VALUE.test(value) && (!eks || value.length >= 1),
      `${path}.${key}`,
      value,
      `a Kubernetes label value: ${eks ? "1" : "0"} to 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit`,
    );
  }
}

function checkTaints(v: Validator, taints: NodeTaint[] | undefined, path: string, eks: boolean): void {
  (taints ?? []).forEach((t, i) => {
    v.oneOf(`${path}[${i}].effect`, t.effect, TAINT_EFFECTS);
    const keyProblem = labelKeyProblem(t.key, eks);
    v.check(keyProblem === undefined, `${path}[${i}].key`, t.key, `a Kubernetes taint key: ${keyProblem}`);
    const value = t.value ?? "";
    v.check(
      value.length <= 63 && LABEL_VALUE.test(value),
      `${path}[${i}].value`,
      value,
      "0 to 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit",
    );
  });
  v.check(
    (taints?.length ?? 0) <= EKS_TAINTS_MAX,
    path,
    `${taints?.length} taints`,
    `at most ${EKS_TAINTS_MAX} taints per node group`,
  );
}

function checkInstanceTypes(
  types: string[],
  arch: Architecture,
  path: string,
  issues: ValidationIssue[],
): void {
  types.forEach((t, i) => {
    if (!INSTANCE_TYPE.test(t)) {
      issues.push({ path: `${path}[${i}]`, value: t, allowed: "an EC2 instance type such as m7g.large" });
    } else if (isGravitonType(t) !== (arch === "arm64")) {
      issues.push({
        path: `${path}[${i}]`,
        value: t,
        allowed:
          arch === "arm64" ? "a Graviton (arm64) instance type such as m7g.large" : "an x86_64 instance type",
        hint: `set architecture to "${arch === "arm64" ? "x86_64" : "arm64"}" or pick a matching type`,
      });
    }
  });
  if (new Set(types).size !== types.length) {
    issues.push({ path, value: types, allowed: "instance types without duplicates" });
  }
}

function checkSizes(
  g: { minSize?: number; maxSize?: number; desiredSize?: number },
  min: number,
  max: number,
  path: string,
  issues: ValidationIssue[],
): void {
  const desired = g.desiredSize ?? min;
  const ok = (n: number) => Number.isInteger(n) && n >= 0;
  if (!ok(min) || !ok(max) || !ok(desired) || max < 1 || min > max || desired < min || desired > max) {
    issues.push({
      path,
      value: { minSize: min, desiredSize: desired, maxSize: max },
      allowed: "integers with 0 <= minSize <= desiredSize <= maxSize and maxSize >= 1",
    });
  }
}

/**
 * Checks the arguments of {@link EksCluster} and returns every issue (empty when valid). Exported
 * for property tests; the component throws them as one `BerthValidationError`.
 */
export function validateEksClusterArgs(name: string, args: EksClusterArgs, today?: Date): ValidationIssue[] {
  const v = new Validator(TYPE, name);
  if (!checkEksClusterShape(v, args)) return [...v.issues];
  const issues: ValidationIssue[] = [];
  const day = today ?? args.today ?? new Date();
  const supportType = args.supportType ?? "STANDARD";
  const version = args.version ?? DEFAULT_KUBERNETES_VERSION;
  v.check(
    supportType === "STANDARD" || supportType === "EXTENDED",
    "supportType",
    supportType,
    'one of "STANDARD", "EXTENDED"',
  );
  const versionProblem = checkKubernetesVersion(version, supportType, day);
  if (versionProblem) v.check(false, "version", version, versionProblem.allowed, versionProblem.hint);

  if (args.clusterName !== undefined) {
    v.check(
      CLUSTER_NAME.test(args.clusterName) && args.clusterName.length <= CLUSTER_NAME_MAX,
      "clusterName",
      args.clusterName,
      `1 to ${CLUSTER_NAME_MAX} letters, digits, '-' and '_', starting with a letter or digit`,
    );
  } else {
    const built = defaultClusterName(name);
    v.check(
      built.length <= CLUSTER_NAME_MAX,
      "clusterName",
      built,
      `a cluster name of at most ${CLUSTER_NAME_MAX} characters`,
      "the default <name>-<stack> is too long; give clusterName",
    );
  }

  if (isPlain(args.subnetIds)) {
    const subnets = args.subnetIds;
    v.check(
      subnets.length >= 2,
      "subnetIds",
      subnets,
      "at least 2 subnets, in at least 2 Availability Zones",
      "EKS places control plane network interfaces in two Availability Zones",
    );
    const plain = subnets.filter((s): s is string => typeof s === "string");
    v.check(new Set(plain).size === plain.length, "subnetIds", subnets, "subnet ids without duplicates");
    plain.forEach((s, i) => {
      v.check(s.startsWith("subnet-"), `subnetIds[${i}]`, s, "a subnet id (subnet-...)");
    });
  }

  const cidrs = args.publicAccessCidrs;
  const publicAccess = args.endpointPublicAccess ?? (cidrs !== undefined && cidrs.length > 0);
  if (publicAccess) {
    v.check(
      cidrs !== undefined && cidrs.length > 0,
      "publicAccessCidrs",
      cidrs ?? [],
      "a non-empty list of CIDRs allowed to reach the public endpoint",
      "the public endpoint is opened only to named networks; leave endpointPublicAccess unset for a private endpoint",
    );
  } else if (cidrs !== undefined && cidrs.length > 0) {
    v.check(
      false,
      "endpointPublicAccess",
      args.endpointPublicAccess,
      "true (or unset) when publicAccessCidrs is given",
    );
  }
  const cidrsOk = (cidrs ?? []).map((c, i) => v.cidr(`publicAccessCidrs[${i}]`, c)).every(Boolean);
  if (cidrsOk && cidrs !== undefined && cidrs.length > 0) {
    v.check(
      !coversInternet(cidrs),
      "publicAccessCidrs",
      cidrs,
      "CIDR blocks that do not together cover the whole internet (0.0.0.0/0 or ::/0)",
      "name your office, VPN or CI networks; use the private endpoint from inside the VPC",
    );
  }

  v.oneOf("logRetentionDays", args.logRetentionDays ?? 90, LOG_RETENTION_DAYS);
  if (typeof args.kmsKeyArn === "string") {
    v.arn("kmsKeyArn", args.kmsKeyArn, { service: "kms", resourceType: ["key", "alias"] });
  }
  if (typeof args.fsxOntapCredentialsSecretArn === "string") {
    v.arn("fsxOntapCredentialsSecretArn", args.fsxOntapCredentialsSecretArn, {
      service: "secretsmanager",
      resourceType: "secret",
    });
  }
  checkTagCounts(v, args);

  const principals: string[] = [];
  const checkPrincipal = (p: unknown, path: string) => {
    if (typeof p !== "string") {
      v.check(
        false,
        path,
        pulumi.Output.isInstance(p) ? "(an Output)" : p,
        "an IAM role or user ARN as a plain string",
        "each access entry is named after its principal ARN; write the ARN (for example from stack config)",
      );
      return;
    }
    const session = STS_SESSION.exec(p);
    if (session) {
      v.check(
        false,
        path,
        p,
        "an ARN of an iam role or user (arn:<partition>:iam::<account>:role/...)",
        `EKS access entries cannot use STS session principals; give the role's ARN, arn:${session[1]}:iam::${session[2]}:role/${session[3]} (with its path, if it has one)`,
      );
    } else {
      v.arn(path, p, { service: "iam", resourceType: ["role", "user"] });
    }
    v.check(
      !principals.includes(p),
      path,
      p,
      "each principal once across admins, adminViewers, viewers and namespaceEditors",
      "one access entry per principal; give it the widest access it needs",
    );
    principals.push(p);
  };
  for (const [i, p] of (args.admins ?? []).entries()) checkPrincipal(p, `admins[${i}]`);
  for (const [i, p] of (args.adminViewers ?? []).entries()) checkPrincipal(p, `adminViewers[${i}]`);
  for (const [i, p] of (args.viewers ?? []).entries()) checkPrincipal(p, `viewers[${i}]`);
  (args.namespaceEditors ?? []).forEach((e, i) => {
    checkPrincipal(e.principalArn, `namespaceEditors[${i}].principalArn`);
    v.check(
      e.namespaces.length > 0,
      `namespaceEditors[${i}].namespaces`,
      e.namespaces,
      "at least one namespace",
    );
    e.namespaces.forEach((ns, j) => {
      v.check(
        K8S_NAME.test(ns) && ns.length <= 63,
        `namespaceEditors[${i}].namespaces[${j}]`,
        ns,
        "a Kubernetes namespace name",
      );
    });
  });

  const autoMode = args.autoMode ?? false;
  const managed = args.managedNodeGroups ?? [];
  const selfManaged = args.selfManagedNodeGroups ?? [];
  const fargate = args.fargateProfiles ?? [];
  const groupNames: string[] = [];
  resolveAwakeSchedule(v, "awake", args.awake);
  // What a group keeps while asleep: the sleep action sets minSize = maxSize = desired = floor, and
  // waking restores minSize, so a floor above minSize would not be sleep.
  const checkFloor = (floor: number | undefined, min: number, path: string) => {
    if (floor === undefined) return;
    v.check(
      args.awake !== undefined,
      path,
      floor,
      "unset unless awake is set",
      "the floor is what the group keeps outside the awake hours; set awake or remove awakeFloor",
    );
    v.check(
      Number.isInteger(floor) && floor >= 0 && floor <= min,
      path,
      floor,
      `an integer from 0 to the group's minSize (${min})`,
    );
  };
  const checkGroupName = (n: string, path: string, max = 40) => {
    v.check(GROUP_NAME.test(n) && n.length <= max, path, n, `1 to ${max} lowercase letters, digits and '-'`);
    v.check(!groupNames.includes(n), path, n, "a name not used by another node group or Fargate profile");
    groupNames.push(n);
  };

  managed.forEach((g, i) => {
    const at = `managedNodeGroups[${i}]`;
    // The node group is named `<name>-` plus the provider's 26-character suffix, at most 63.
    checkGroupName(g.name, `${at}.name`, MANAGED_GROUP_NAME_MAX);
    const arch = g.architecture ?? "arm64";
    const capacity = g.capacityType ?? "ON_DEMAND";
    v.check(
      capacity === "ON_DEMAND" || capacity === "SPOT",
      `${at}.capacityType`,
      capacity,
      'one of "ON_DEMAND", "SPOT"',
    );
    v.check(arch === "arm64" || arch === "x86_64", `${at}.architecture`, arch, 'one of "arm64", "x86_64"');
    const types = g.instanceTypes ?? DEFAULT_TYPES[arch]?.[capacity] ?? [];
    v.check(types.length > 0 && types.length <= 20, `${at}.instanceTypes`, types, "1 to 20 instance types");
    if (capacity === "SPOT") {
      v.check(
        types.length >= 2,
        `${at}.instanceTypes`,
        types,
        "at least 2 instance types for a Spot node group",
        "one Spot pool can be reclaimed all at once; add similar types (e.g. m7g.large, m6g.large, c7g.xlarge)",
      );
    }
    checkInstanceTypes(types, arch, `${at}.instanceTypes`, issues);
    checkSizes(g, g.minSize ?? 2, g.maxSize ?? 4, `${at}.minSize`, issues);
    checkLabels(v, g.labels, `${at}.labels`, true);
    checkTaints(v, g.taints, `${at}.taints`, true);
    if (g.maxUnavailable !== undefined && g.maxUnavailablePercentage !== undefined) {
      v.check(
        false,
        `${at}.maxUnavailable`,
        g.maxUnavailable,
        "either maxUnavailable or maxUnavailablePercentage, not both",
      );
    }
    if (g.maxUnavailable !== undefined) {
      v.check(
        Number.isInteger(g.maxUnavailable) && g.maxUnavailable >= 1 && g.maxUnavailable <= 100,
        `${at}.maxUnavailable`,
        g.maxUnavailable,
        "an integer from 1 to 100",
      );
    }
    if (g.maxUnavailablePercentage !== undefined) {
      v.check(
        Number.isInteger(g.maxUnavailablePercentage) &&
          g.maxUnavailablePercentage >= 1 &&
          g.maxUnavailablePercentage <= 100,
        `${at}.maxUnavailablePercentage`,
        g.maxUnavailablePercentage,
        "an integer from 1 to 100",
      );
    }
    checkDisk(g.diskSizeGiB, `${at}.diskSizeGiB`, issues);
    checkHop(g.metadataHopLimit, `${at}.metadataHopLimit`, issues);
    checkFloor(g.awakeFloor, g.minSize ?? 2, `${at}.awakeFloor`);
  });

  selfManaged.forEach((g, i) => {
    const at = `selfManagedNodeGroups[${i}]`;
    checkGroupName(g.name, `${at}.name`);
    const arch = g.architecture ?? "arm64";
    v.check(arch === "arm64" || arch === "x86_64", `${at}.architecture`, arch, 'one of "arm64", "x86_64"');
    v.check(
      g.instanceTypes.length > 0 && g.instanceTypes.length <= 40,
      `${at}.instanceTypes`,
      g.instanceTypes,
      "1 to 40 instance types",
    );
    const pct = g.onDemandPercentageAboveBaseCapacity ?? 0;
    const base = g.onDemandBaseCapacity ?? 1;
    v.check(
      Number.isInteger(pct) && pct >= 0 && pct <= 100,
      `${at}.onDemandPercentageAboveBaseCapacity`,
      pct,
      "an integer from 0 to 100",
    );
    v.check(
      Number.isInteger(base) && base >= 0,
      `${at}.onDemandBaseCapacity`,
      base,
      "an integer of 0 or more",
    );
    if (pct < 100) {
      v.check(
        g.instanceTypes.length >= 2,
        `${at}.instanceTypes`,
        g.instanceTypes,
        "at least 2 instance types when any capacity is Spot",
        "one Spot pool can be reclaimed all at once; add similar types, or set onDemandPercentageAboveBaseCapacity to 100",
      );
    }
    checkInstanceTypes(g.instanceTypes, arch, `${at}.instanceTypes`, issues);
    checkSizes(g, g.minSize ?? 1, g.maxSize ?? 4, `${at}.minSize`, issues);
    checkLabels(v, g.labels, `${at}.labels`, false);
    checkTaints(v, g.taints, `${at}.taints`, false);
    checkDisk(g.diskSizeGiB, `${at}.diskSizeGiB`, issues);
    checkHop(g.metadataHopLimit, `${at}.metadataHopLimit`, issues);
    checkFloor(g.awakeFloor, g.minSize ?? 1, `${at}.awakeFloor`);
  });

  fargate.forEach((p, i) => {
    const at = `fargateProfiles[${i}]`;
    checkGroupName(p.name, `${at}.name`);
    v.check(
      !p.name.startsWith("eks-"),
      `${at}.name`,
      p.name,
      "a name that does not start with the reserved prefix eks-",
    );
    v.check(
      p.selectors.length >= 1 && p.selectors.length <= 5,
      `${at}.selectors`,
      p.selectors,
      "1 to 5 selectors",
      "a Fargate profile without selectors schedules no pods; select a namespace (and labels)",
    );
    p.selectors.forEach((s, j) => {
      v.check(
        K8S_NAME.test(s.namespace) && s.namespace.length <= 63,
        `${at}.selectors[${j}].namespace`,
        s.namespace,
        "a Kubernetes namespace name",
      );
      const n = Object.keys(s.labels ?? {}).length;
      v.check(n <= 5, `${at}.selectors[${j}].labels`, s.labels, "at most 5 labels");
    });
  });

  if (autoMode) {
    v.check(
      managed.length === 0,
      "managedNodeGroups",
      managed.map((x) => x.name),
      "none with autoMode",
      "Auto Mode runs the nodes; use its node pools",
    );
    v.check(
      selfManaged.length === 0,
      "selfManagedNodeGroups",
      selfManaged.map((x) => x.name),
      "none with autoMode",
    );
    v.check(
      fargate.length === 0,
      "fargateProfiles",
      fargate.map((x) => x.name),
      "none with autoMode",
    );
    v.check(
      args.ebsCsiDriver !== true,
      "ebsCsiDriver",
      true,
      "false or unset with autoMode",
      "Auto Mode includes EBS block storage",
    );
    v.check(
      args.loadBalancerController !== true,
      "loadBalancerController",
      true,
      "false or unset with autoMode",
      "Auto Mode includes load balancing",
    );
    const pools = args.autoModeNodePools ?? ["general-purpose", "system"];
    pools.forEach((p, i) => {
      v.check(
        p === "general-purpose" || p === "system",
        `autoModeNodePools[${i}]`,
        p,
        'one of "general-purpose", "system"',
      );
    });
  } else {
    v.check(
      managed.length + selfManaged.length + fargate.length > 0,
      "managedNodeGroups",
      [],
      "at least one managed node group, self-managed node group or Fargate profile, or autoMode: true",
      "CoreDNS and the controllers need somewhere to run; without compute their add-ons end DEGRADED",
    );
    v.check(
      args.autoModeNodePools === undefined,
      "autoModeNodePools",
      args.autoModeNodePools,
      "unset unless autoMode is true",
    );
  }
  if (!autoMode && managed.length + selfManaged.length === 0 && fargate.length > 0) {
    const explicit = (
      [
        ["ebsCsiDriver", args.ebsCsiDriver],
        ["efsCsiDriver", args.efsCsiDriver],
        ["loadBalancerController", args.loadBalancerController],
        ["fsxLustreCsiDriver", args.fsxLustreCsiDriver],
        ["fsxOntapCsiDriver", args.fsxOntapCsiDriver],
      ] as const
    ).filter(([, on]) => on === true);
    for (const [field] of explicit) {
      v.check(
        false,
        field,
        true,
        "false or unset on a cluster with only Fargate compute",
        "its controller authenticates with EKS Pod Identity, which Fargate pods cannot use; add a node group",
      );
    }
  }
  if (args.efsFileSystemId !== undefined) {
    v.check(
      (args.efsCsiDriver ?? controllersByDefault(args)) === true,
      "efsFileSystemId",
      "(given)",
      "unset when efsCsiDriver is false",
      "the efs storage class needs the EFS CSI driver",
    );
  }
  const fsxClass = args.fsxLustreSubnetId !== undefined || args.fsxLustreSecurityGroupIds !== undefined;
  if (fsxClass) {
    v.check(
      args.fsxLustreCsiDriver === true,
      "fsxLustreCsiDriver",
      args.fsxLustreCsiDriver,
      "true when fsxLustreSubnetId is given",
    );
    v.check(
      args.fsxLustreSubnetId !== undefined && (args.fsxLustreSecurityGroupIds?.length ?? 0) > 0,
      "fsxLustreSecurityGroupIds",
      args.fsxLustreSecurityGroupIds,
      "fsxLustreSubnetId and at least one security group together",
    );
  }
  const ontapBackend =
    args.fsxOntapFileSystemId !== undefined || args.fsxOntapCredentialsSecretArn !== undefined;
  if (ontapBackend) {
    v.check(
      args.fsxOntapCsiDriver === true,
      "fsxOntapCsiDriver",
      args.fsxOntapCsiDriver,
      "true when fsxOntapFileSystemId is given",
    );
    v.check(
      args.fsxOntapFileSystemId !== undefined && args.fsxOntapCredentialsSecretArn !== undefined,
      "fsxOntapCredentialsSecretArn",
      args.fsxOntapCredentialsSecretArn === undefined ? undefined : "(given)",
      "fsxOntapFileSystemId and fsxOntapCredentialsSecretArn together",
      "Trident reads the SVM credentials from Secrets Manager",
    );
  }
  checkChildNames(v, name, args);
  v.merge(issues);
  return [...v.issues];
}

/** The default physical cluster name: `<name>-<stack>`, with characters EKS rejects as `-`. */
function defaultClusterName(name: string): string {
  return `${name}-${pulumi.getStack()}`.replace(/[^A-Za-z0-9_-]/g, "-");
}

/**
 * Checks that every auto-named child this component would build fits its AWS name limit, on the
 * logical names actually built (Pulumi appends `-` and 7 characters): each role, the self-managed
 * instance profile and each launch template.
 */
function checkChildNames(v: Validator, name: string, args: EksClusterArgs): void {
  const managed = args.managedNodeGroups ?? [];
  const selfManaged = args.selfManagedNodeGroups ?? [];
  const byDefault = controllersByDefault(args);
  const roles = [
    "cluster",
    ...(managed.length > 0 ? ["node"] : []),
    ...(selfManaged.length > 0 ? ["self-managed-node"] : []),
    ...((args.fargateProfiles ?? []).length > 0 ? ["fargate"] : []),
    ...((args.ebsCsiDriver ?? byDefault) ? ["ebs-csi"] : []),
    ...((args.efsCsiDriver ?? byDefault) ? ["efs-csi"] : []),
    ...(args.fsxLustreCsiDriver === true ? ["fsx-csi"] : []),
    ...(args.fsxOntapCsiDriver === true ? ["trident"] : []),
    ...((args.loadBalancerController ?? byDefault) ? ["lb-controller"] : []),
  ].map((r) => [`${name}-${r}`, IAM_ROLE_NAME_MAX, "IAM role"] as const);
  const children = [
    ...roles,
    ...(selfManaged.length > 0 ? [[`${name}-self-managed-node`, NAME_128, "instance profile"] as const] : []),
    ...[...managed, ...selfManaged].map((g) => [`${name}-${g.name}`, NAME_128, "launch template"] as const),
  ];
  for (const [logical, max, what] of children) {
    if (logical.length + AUTONAME_SUFFIX > max) {
      v.check(
        false,
        "name",
        name,
        `a component name short enough for its children: the ${what} "${logical}" gets a ${AUTONAME_SUFFIX}-character suffix and AWS allows ${max}`,
      );
      return;
    }
  }
}

/**
 * Tags: the AWS rules (no `aws:` prefix, lengths) and at most 50 on each child after Berth's own
 * tags (the component's two, a node's `Name`, and on a self-managed Auto Scaling group also
 * `kubernetes.io/cluster/<cluster>`).
 */
function checkTagCounts(v: Validator, args: EksClusterArgs): void {
  const user = args.tags ?? {};
  v.merge(checkTags(user));
  const own = Object.keys(componentTags(TYPE, "-"));
  const nodes = (args.managedNodeGroups ?? []).length + (args.selfManagedNodeGroups ?? []).length > 0;
  const added = [
    ...own,
    ...(nodes ? ["Name"] : []),
    ...((args.selfManagedNodeGroups ?? []).length > 0 ? ["kubernetes.io/cluster/<cluster>"] : []),
  ].filter((k) => !(k in user));
  const max = TAGS_MAX - added.length;
  v.check(
    Object.keys(user).length <= max,
    "tags",
    `${Object.keys(user).length} tags`,
    `at most ${max} tags: Berth adds ${added.join(", ")} and AWS allows ${TAGS_MAX} per resource`,
  );
}

function checkDisk(size: number | undefined, path: string, issues: ValidationIssue[]): void {
  if (size === undefined) return;
  if (!Number.isInteger(size) || size < 20 || size > 16384) {
    issues.push({ path, value: size, allowed: "an integer from 20 to 16384 GiB" });
  }
}

function checkHop(hop: number | undefined, path: string, issues: ValidationIssue[]): void {
  if (hop === undefined) return;
  if (!Number.isInteger(hop) || hop < 1 || hop > 64) {
    issues.push({
      path,
      value: hop,
      allowed: "an integer from 1 to 64 (1 keeps pods away from IMDS; 2 lets them reach it)",
    });
  }
}

const TAINT_TO_KUBELET: Record<TaintEffect, string> = {
  NO_SCHEDULE: "NoSchedule",
  NO_EXECUTE: "NoExecute",
  PREFER_NO_SCHEDULE: "PreferNoSchedule",
};

/** The nodeadm user data (MIME multi-part with a NodeConfig) for a self-managed AL2023 node. */
export function nodeadmUserData(c: {
  clusterName: string;
  endpoint: string;
  certificateAuthority: string;
  serviceCidr: string;
  labels?: Record<string, string>;
  taints?: NodeTaint[];
}): string {
  const flags: string[] = [];
  const labels = Object.entries(c.labels ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (labels.length > 0) flags.push(`--node-labels=${labels.map(([k, v]) => `${k}=${v}`).join(",")}`);
  if ((c.taints ?? []).length > 0) {
    const t = (c.taints ?? []).map((x) => `${x.key}=${x.value ?? ""}:${TAINT_TO_KUBELET[x.effect]}`);
    flags.push(`--register-with-taints=${t.join(",")}`);
  }
  const kubelet = flags.length > 0 ? ["  kubelet:", "    flags:", ...flags.map((f) => `      - "${f}"`)] : [];
  return [
    "MIME-Version: 1.0",
    'Content-Type: multipart/mixed; boundary="BERTH"',
    "",
    "--BERTH",
    "Content-Type: application/node.eks.aws",
    "",
    "---",
    "apiVersion: node.eks.aws/v1alpha1",
    "kind: NodeConfig",
    "spec:",
    "  cluster:",
    `    name: ${c.clusterName}`,
    `    apiServerEndpoint: ${c.endpoint}`,
    `    certificateAuthority: ${c.certificateAuthority}`,
    `    cidr: ${c.serviceCidr}`,
    ...kubelet,
    "",
    "--BERTH--",
    "",
  ].join("\n");
}

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
    super(TYPE, name, {}, opts);

    const validator = new Validator(TYPE, name);
    validator.merge(validateEksClusterArgs(name, args));
    validator.throwIfAny();

    // ---- defaults ----
    const version = args.version ?? DEFAULT_KUBERNETES_VERSION;
    const supportType = args.supportType ?? "STANDARD";
    const warning = supportWarning(version, supportType, args.today ?? new Date());
    if (warning) pulumi.log.warn(warning, this);
    // Stack names may contain '.', which EKS rejects in cluster names.
    const clusterName = args.clusterName ?? defaultClusterName(name);
    const autoMode = args.autoMode ?? false;
    const publicAccess = args.endpointPublicAccess ?? (args.publicAccessCidrs?.length ?? 0) > 0;
    const tags = mergePlainTags(componentTags(TYPE, name), args.tags);
    const versions = args.addonVersions ?? {};
    const ebsCsi = args.ebsCsiDriver ?? controllersByDefault(args);
    const efsCsi = args.efsCsiDriver ?? controllersByDefault(args);
    const lbc = args.loadBalancerController ?? controllersByDefault(args);
    const managedGroups = args.managedNodeGroups ?? [];
    const selfManagedGroups = args.selfManagedNodeGroups ?? [];
    const fargateProfiles = args.fargateProfiles ?? [];
    // A subnet list known only at run time (e.g. from a StackReference) is checked inside apply.
    // The check rides on the compute that uses the cluster's subnets, not on the cluster itself:
    // a failed input of the remote pulumi-eks component leaves its outputs pending forever under
    // the mock engine, while a failed custom resource fails the program cleanly.
    const subnetIds = isPlain(args.subnetIds)
      ? args.subnetIds
      : validateWhenKnown(TYPE, name, args.subnetIds, (ids, v) => {
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
    // A VPC id known only at run time gets the same check once known (never the default VPC).
    const vpcId = validateWhenKnown(TYPE, name, args.vpcId, (id, v) => {
      v.check(
        typeof id === "string" && id.startsWith("vpc-"),
        "vpcId",
        id,
        "the id of the cluster's VPC (vpc-...)",
      );
    });

    const partition = aws.getPartitionOutput({}, { parent: this }).partition;
    const region = aws.getRegionOutput({}, { parent: this }).region;
    const caller = aws.getCallerIdentityOutput({}, { parent: this });
    const account = caller.accountId;
    const managedPolicy = (policy: string) => pulumi.interpolate`arn:${partition}:iam::aws:policy/${policy}`;
    const accessPolicy = (policy: string) =>
      pulumi.interpolate`arn:${partition}:eks::aws:cluster-access-policy/${policy}`;

    // ---- secrets encryption key ----
    let kmsKeyArn: pulumi.Output<string>;
    if (args.kmsKeyArn !== undefined) {
      // A key ARN known only at run time gets the same check once known.
      kmsKeyArn = validateWhenKnown(TYPE, name, args.kmsKeyArn, (arn, v) => {
        v.arn("kmsKeyArn", arn, { service: "kms", resourceType: ["key", "alias"] });
      });
    } else {
      const key = new aws.kms.Key(
        `${name}-secrets`,
        {
          description: `Envelope encryption of Kubernetes secrets in EKS cluster ${clusterName}`,
          enableKeyRotation: true,
          deletionWindowInDays: 30,
          tags,
        },
        { parent: this },
      );
      new aws.kms.Alias(
        `${name}-secrets`,
        { name: `alias/eks/${clusterName}`, targetKeyId: key.keyId },
        { parent: this },
      );
      kmsKeyArn = key.arn;
    }

    // ---- control-plane log group, created first so EKS does not create it without retention ----
    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-control-plane`,
      { name: `/aws/eks/${clusterName}/cluster`, retentionInDays: args.logRetentionDays ?? 90, tags },
      { parent: this },
    );

    // ---- cluster IAM role ----
    const clusterRole = new aws.iam.Role(
      `${name}-cluster`,
      {
        description: `EKS cluster role of ${clusterName}`,
        assumeRolePolicy: serviceTrustPolicy(["eks.amazonaws.com"], undefined, [
          "sts:AssumeRole",
          "sts:TagSession",
        ]),
        tags,
      },
      { parent: this },
    );
    const clusterPolicies = autoMode
      ? [
          "AmazonEKSClusterPolicy",
          "AmazonEKSComputePolicy",
          "AmazonEKSBlockStoragePolicy",
          "AmazonEKSLoadBalancingPolicy",
          "AmazonEKSNetworkingPolicy",
        ]
      : ["AmazonEKSClusterPolicy"];
    const clusterRoleAttachments = clusterPolicies.map(
      (p) =>
        new aws.iam.RolePolicyAttachment(
          `${name}-cluster-${p}`,
          { role: clusterRole.name, policyArn: managedPolicy(p) },
          { parent: this },
        ),
    );
    const clusterKmsPolicy = new aws.iam.RolePolicy(
      `${name}-cluster-kms`,
      {
        role: clusterRole.name,
        policy: policyDocument([
          allow(
            ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey", "kms:CreateGrant"],
            [kmsKeyArn],
          ),
        ]),
      },
      { parent: this },
    );

    // ---- the cluster (pulumi-eks remote component) ----
    this.cluster = new eks.Cluster(
      `${name}-eks`,
      {
        name: clusterName,
        version,
        upgradePolicy: { supportType },
        vpcId,
        subnetIds: args.subnetIds,
        endpointPrivateAccess: true,
        endpointPublicAccess: publicAccess,
        ...(publicAccess ? { publicAccessCidrs: args.publicAccessCidrs } : {}),
        enabledClusterLogTypes: LOG_TYPES,
        encryptionConfigKeyArn: kmsKeyArn,
        authenticationMode: "API",
        deletionProtection: args.deletionProtection ?? false,
        serviceRole: clusterRole,
        skipDefaultNodeGroup: true,
        skipDefaultSecurityGroups: true,
        bootstrapSelfManagedAddons: false,
        useDefaultVpcCni: true,
        corednsAddonOptions: { enabled: false },
        kubeProxyAddonOptions: { enabled: false },
        createOidcProvider: args.createOidcProvider ?? false,
        ...(autoMode
          ? {
              autoMode: {
                enabled: true,
                createNodeRole: true,
                computeConfig: { nodePools: args.autoModeNodePools ?? ["general-purpose", "system"] },
              },
            }
          : {}),
        tags,
      },
      { parent: this, dependsOn: [logGroup, clusterKmsPolicy, ...clusterRoleAttachments] },
    );

    const eksCluster = this.cluster.eksCluster;
    this.clusterName = eksCluster.name;
    this.clusterArn = eksCluster.arn;
    this.endpoint = eksCluster.endpoint;
    this.version = version;
    this.kmsKeyArn = kmsKeyArn;
    this.oidcIssuerUrl = eksCluster.identities.apply((ids) => ids[0]?.oidcs?.[0]?.issuer ?? "");
    this.clusterSecurityGroupId = eksCluster.vpcConfig.clusterSecurityGroupId;
    this.kubeconfig = pulumi.secret(this.cluster.kubeconfigJson);
    this.provider = new k8s.Provider(`${name}-k8s`, { kubeconfig: this.kubeconfig }, { parent: this });

    // ---- access entries (authentication mode API), one per principal, named after it ----
    const callerArn = caller.arn;
    const grant = (
      principalArn: string,
      policy: string,
      scope: aws.types.input.eks.AccessPolicyAssociationAccessScope,
      path: string,
      formerName: string,
    ) => {
      const key = `${name}-access-${principalKey(principalArn)}`;
      // Checked once the caller is known: EKS already gave the cluster's creator an entry.
      const principal = callerArn.apply((callerArnValue) => {
        const v = new Validator(TYPE, name);
        v.check(
          !sameIdentity(principalArn, callerArnValue),
          path,
          principalArn,
          "a principal other than the identity running this deployment",
          `${callerArnValue} creates the cluster, and EKS gives the creator an admin access entry itself (pulumi-eks sets bootstrapClusterCreatorAdminPermissions); a second entry for it fails (pulumi/pulumi-eks#2373). Remove it from the list`,
        );
        v.throwIfAny();
        return principalArn;
      });
      const entry = new aws.eks.AccessEntry(
        key,
        { clusterName: this.clusterName, principalArn: principal, type: "STANDARD", tags },
        // Entries were named by list position before (`<name>-admin-0`).
        { parent: this, aliases: [{ name: formerName }] },
      );
      new aws.eks.AccessPolicyAssociation(
        `${key}-${policy}`,
        {
          clusterName: this.clusterName,
          principalArn: entry.principalArn,
          policyArn: accessPolicy(policy),
          accessScope: scope,
        },
        { parent: this, aliases: [{ name: formerName }] },
      );
    };
    for (const [i, p] of (args.admins ?? []).entries()) {
      grant(p, "AmazonEKSClusterAdminPolicy", { type: "cluster" }, `admins[${i}]`, `${name}-admin-${i}`);
    }
    for (const [i, p] of (args.adminViewers ?? []).entries()) {
      grant(
        p,
        "AmazonEKSAdminViewPolicy",
        { type: "cluster" },
        `adminViewers[${i}]`,
        `${name}-admin-viewer-${i}`,
      );
    }
    for (const [i, p] of (args.viewers ?? []).entries()) {
      grant(p, "AmazonEKSViewPolicy", { type: "cluster" }, `viewers[${i}]`, `${name}-viewer-${i}`);
    }
    for (const [i, e] of (args.namespaceEditors ?? []).entries()) {
      grant(
        e.principalArn,
        "AmazonEKSEditPolicy",
        { type: "namespace", namespaces: e.namespaces },
        `namespaceEditors[${i}].principalArn`,
        `${name}-editor-${i}`,
      );
    }

    // ---- EKS managed add-ons ----
    this.addons = {};
    const addon = (
      addonName: string,
      pinned: string | undefined,
      extra: { configurationValues?: string },
      dependsOn: pulumi.Resource[] = [],
    ) => {
      const addonVersion =
        pinned ??
        aws.eks.getAddonVersionOutput(
          { addonName, kubernetesVersion: version, mostRecent: false },
          { parent: this },
        ).version;
      const a = new aws.eks.Addon(
        `${name}-${addonName}`,
        {
          clusterName: this.clusterName,
          addonName,
          addonVersion,
          resolveConflictsOnCreate: "OVERWRITE",
          resolveConflictsOnUpdate: "OVERWRITE",
          ...extra,
          tags,
        },
        { parent: this, ...(dependsOn.length > 0 ? { dependsOn } : {}) },
      );
      this.addons[addonName] = a;
      return a;
    };

    // Before compute: networking. Nodes only turn Ready once the VPC CNI runs on them.
    let vpcCni: aws.eks.Addon | undefined;
    let kubeProxy: aws.eks.Addon | undefined;
    let podIdentityAgent: aws.eks.Addon | undefined;
    if (!autoMode) {
      vpcCni = addon("vpc-cni", versions.vpcCni, {
        configurationValues: JSON.stringify({ enableNetworkPolicy: String(args.networkPolicy ?? true) }),
      });
      kubeProxy = addon("kube-proxy", versions.kubeProxy, {});
      podIdentityAgent = addon("eks-pod-identity-agent", versions.podIdentityAgent, {});
    }

    // ---- compute ----
    const nodeRoleArns: pulumi.Output<string>[] = [];
    const compute: pulumi.Resource[] = [];
    this.managedNodeGroups = {};
    this.selfManagedNodeGroups = {};
    this.fargateProfiles = {};
    this.sleepSchedules = {};
    // Validated above; resolved again for its hours.
    const awake = resolveAwakeSchedule(new Validator(TYPE, name), "awake", args.awake);
    // The two scheduled actions that put one Auto Scaling group to sleep and wake it. EC2 Auto
    // Scaling takes a five-field Unix cron `Recurrence` and an IANA `TimeZone`
    // (PutScheduledUpdateGroupAction); a scheduled action name is unique per group.
    const sleepSchedules = (child: string, groupName: pulumi.Input<string>, bounds: SleepBounds) => {
      if (!awake) return;
      for (const a of autoScalingGroupSleepActions(awake, bounds)) {
        this.sleepSchedules[`${child}-${a.phase}`] = new aws.autoscaling.Schedule(
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
          { parent: this },
        );
      }
    };

    const nodeRole = (role: string) => {
      const r = new aws.iam.Role(
        `${name}-${role}`,
        {
          description: `EKS node role of ${clusterName}`,
          assumeRolePolicy: serviceTrustPolicy(["ec2.amazonaws.com"]),
          tags,
        },
        { parent: this },
      );
      const attachments = [
        "AmazonEKSWorkerNodePolicy",
        "AmazonEC2ContainerRegistryPullOnly",
        "AmazonEKS_CNI_Policy",
      ].map(
        (p) =>
          new aws.iam.RolePolicyAttachment(
            `${name}-${role}-${p}`,
            { role: r.name, policyArn: managedPolicy(p) },
            { parent: this },
          ),
      );
      nodeRoleArns.push(r.arn);
      return { role: r, attachments };
    };

    const launchTemplate = (
      group: string,
      g: { diskSizeGiB?: number; metadataHopLimit?: number },
      extra: Partial<aws.ec2.LaunchTemplateArgs>,
    ) =>
      new aws.ec2.LaunchTemplate(
        `${name}-${group}`,
        {
          description: `Nodes of ${group} in EKS cluster ${clusterName}`,
          updateDefaultVersion: true,
          metadataOptions: {
            httpEndpoint: "enabled",
            httpTokens: "required",
            httpPutResponseHopLimit: g.metadataHopLimit ?? 1,
            instanceMetadataTags: "disabled",
          },
          blockDeviceMappings: [
            {
              deviceName: "/dev/xvda",
              ebs: {
                volumeSize: g.diskSizeGiB ?? 50,
                volumeType: "gp3",
                encrypted: "true",
                deleteOnTermination: "true",
              },
            },
          ],
          tagSpecifications: [
            { resourceType: "instance", tags: { ...tags, Name: `${clusterName}-${group}` } },
            { resourceType: "volume", tags: { ...tags, Name: `${clusterName}-${group}` } },
          ],
          ...extra,
          tags,
        },
        { parent: this },
      );

    if (managedGroups.length > 0) {
      const { role, attachments } = nodeRole("node");
      for (const g of managedGroups) {
        const arch = g.architecture ?? "arm64";
        const capacity = g.capacityType ?? "ON_DEMAND";
        const lt = launchTemplate(g.name, g, {});
        const update =
          g.maxUnavailablePercentage !== undefined
            ? { maxUnavailablePercentage: g.maxUnavailablePercentage }
            : { maxUnavailable: g.maxUnavailable ?? 1 };
        const min = g.minSize ?? 2;
        const ng = new aws.eks.NodeGroup(
          `${name}-${g.name}`,
          {
            clusterName: this.clusterName,
            nodeGroupNamePrefix: `${g.name}-`,
            nodeRoleArn: role.arn,
            subnetIds: g.subnetIds ?? subnetIds,
            // Follows the cluster: changing `version` upgrades the control plane, then the nodes.
            version,
            amiType: arch === "arm64" ? "AL2023_ARM_64_STANDARD" : "AL2023_x86_64_STANDARD",
            capacityType: capacity,
            instanceTypes: g.instanceTypes ?? DEFAULT_TYPES[arch][capacity],
            scalingConfig: { minSize: min, maxSize: g.maxSize ?? 4, desiredSize: g.desiredSize ?? min },
            updateConfig: update,
            nodeRepairConfig: { enabled: g.nodeRepair ?? true },
            launchTemplate: { id: lt.id, version: lt.latestVersion.apply(String) },
            labels: g.labels ?? {},
            taints: (g.taints ?? []).map((t) => ({ key: t.key, value: t.value ?? "", effect: t.effect })),
            tags,
          },
          {
            parent: this,
            // The CNI must be installable on the nodes, and the role complete, before they join.
            dependsOn: [...(vpcCni ? [vpcCni] : []), ...attachments],
            // An autoscaler, and the sleep schedule's actions on the group's Auto Scaling group, own
            // the size after creation: EKS reports the Auto Scaling group's desired capacity as
            // `scalingConfig.desiredSize` ("When the Cluster Autoscaler is used, the desiredSize
            // parameter is altered by the Cluster Autoscaler", EKS API Reference,
            // NodegroupScalingConfig), so without this a refresh at night would scale it back up.
            ignoreChanges: ["scalingConfig.desiredSize"],
          },
        );
        this.managedNodeGroups[g.name] = ng;
        // Scheduled actions on a managed node group's Auto Scaling group: EKS has no scheduled
        // scaling of its own (aws/containers-roadmap#1943), the group is an ordinary EC2 Auto Scaling
        // group that EKS names in DescribeNodegroup `resources.autoScalingGroups`, and
        // terraform-aws-eks schedules it the same way (eks-managed-node-group `aws_autoscaling_schedule`
        // on `resources[0].autoscaling_groups[0].name`, PR #2504).
        sleepSchedules(
          `${name}-${g.name}`,
          ng.resources.apply((rs) => {
            const asg = rs[0]?.autoscalingGroups[0]?.name;
            if (!asg) {
              throw new Error(`${TYPE} ${name}: EKS reported no Auto Scaling group for node group ${g.name}`);
            }
            return asg;
          }),
          { min, max: g.maxSize ?? 4, floor: g.awakeFloor ?? 0 },
        );
        compute.push(ng);
      }
    }

    if (selfManagedGroups.length > 0) {
      const { role, attachments } = nodeRole("self-managed-node");
      const profile = new aws.iam.InstanceProfile(
        `${name}-self-managed-node`,
        { role: role.name, tags },
        { parent: this },
      );
      // Self-managed nodes need an access entry to join; managed node groups get theirs from EKS.
      const entry = new aws.eks.AccessEntry(
        `${name}-self-managed-node`,
        { clusterName: this.clusterName, principalArn: role.arn, type: "EC2_LINUX", tags },
        { parent: this },
      );
      for (const g of selfManagedGroups) {
        const arch = g.architecture ?? "arm64";
        const ami = aws.ssm.getParameterOutput(
          {
            name: `/aws/service/eks/optimized-ami/${version}/amazon-linux-2023/${arch}/standard/recommended/image_id`,
          },
          { parent: this },
        ).value;
        const userData = pulumi
          .all([
            this.clusterName,
            this.endpoint,
            eksCluster.certificateAuthority,
            eksCluster.kubernetesNetworkConfig,
          ])
          .apply(([cn, endpoint, ca, net]) =>
            Buffer.from(
              nodeadmUserData({
                clusterName: cn,
                endpoint,
                certificateAuthority: ca.data,
                serviceCidr: net.serviceIpv4Cidr ?? "172.20.0.0/16",
                labels: g.labels ?? {},
                taints: g.taints ?? [],
              }),
            ).toString("base64"),
          );
        const lt = launchTemplate(g.name, g, {
          imageId: ami,
          userData,
          iamInstanceProfile: { arn: profile.arn },
          vpcSecurityGroupIds: [this.clusterSecurityGroupId],
        });
        const min = g.minSize ?? 1;
        const pct = g.onDemandPercentageAboveBaseCapacity ?? 0;
        const asg = new aws.autoscaling.Group(
          `${name}-${g.name}`,
          {
            namePrefix: `${clusterName}-${g.name}-`,
            minSize: min,
            maxSize: g.maxSize ?? 4,
            desiredCapacity: g.desiredSize ?? min,
            vpcZoneIdentifiers: g.subnetIds ?? subnetIds,
            capacityRebalance: pct < 100,
            mixedInstancesPolicy: {
              instancesDistribution: {
                onDemandBaseCapacity: g.onDemandBaseCapacity ?? 1,
                onDemandPercentageAboveBaseCapacity: pct,
                spotAllocationStrategy: "price-capacity-optimized",
              },
              launchTemplate: {
                launchTemplateSpecification: {
                  launchTemplateId: lt.id,
                  version: lt.latestVersion.apply(String),
                },
                overrides: g.instanceTypes.map((instanceType) => ({ instanceType })),
              },
            },
            instanceRefresh: { strategy: "Rolling", preferences: { minHealthyPercentage: 90 } },
            tags: [
              { key: "Name", value: `${clusterName}-${g.name}`, propagateAtLaunch: true },
              { key: `kubernetes.io/cluster/${clusterName}`, value: "owned", propagateAtLaunch: true },
              ...Object.entries(tags).map(([key, value]) => ({ key, value, propagateAtLaunch: true })),
            ],
          },
          {
            parent: this,
            dependsOn: [...(vpcCni ? [vpcCni] : []), entry, ...attachments],
            ignoreChanges: ["desiredCapacity"],
          },
        );
        this.selfManagedNodeGroups[g.name] = asg;
        sleepSchedules(`${name}-${g.name}`, asg.name, { min, max: g.maxSize ?? 4, floor: g.awakeFloor ?? 0 });
        compute.push(asg);
      }
    }

    if (fargateProfiles.length > 0) {
      const role = new aws.iam.Role(
        `${name}-fargate`,
        {
          description: `Fargate pod execution role of ${clusterName}`,
          assumeRolePolicy: serviceTrustPolicy(
            ["eks-fargate-pods.amazonaws.com"],
            [
              {
                test: "ArnLike",
                variable: "aws:SourceArn",
                values: [
                  pulumi.interpolate`arn:${partition}:eks:${region}:${account}:fargateprofile/${clusterName}/*`,
                ],
              },
            ],
          ),
          tags,
        },
        { parent: this },
      );
      const attachment = new aws.iam.RolePolicyAttachment(
        `${name}-fargate-AmazonEKSFargatePodExecutionRolePolicy`,
        { role: role.name, policyArn: managedPolicy("AmazonEKSFargatePodExecutionRolePolicy") },
        { parent: this },
      );
      nodeRoleArns.push(role.arn);
      let previous: pulumi.Resource = attachment;
      for (const p of fargateProfiles) {
        const profile: aws.eks.FargateProfile = new aws.eks.FargateProfile(
          `${name}-${p.name}`,
          {
            clusterName: this.clusterName,
            fargateProfileName: p.name,
            podExecutionRoleArn: role.arn,
            subnetIds: p.subnetIds ?? subnetIds,
            selectors: p.selectors.map((s) => ({ namespace: s.namespace, labels: s.labels ?? {} })),
            tags,
          },
          // EKS creates one Fargate profile at a time per cluster.
          { parent: this, dependsOn: [previous] },
        );
        previous = profile;
        this.fargateProfiles[p.name] = profile;
        compute.push(profile);
      }
    }

    if (autoMode) {
      nodeRoleArns.push(
        pulumi.interpolate`arn:${partition}:iam::${account}:role/${this.cluster.autoModeNodeRoleName}`,
      );
    }
    this.nodeRoleArns = pulumi.all(nodeRoleArns);

    // ---- after compute: add-ons whose pods need somewhere to run ----
    const fargateOnly = managedGroups.length + selfManagedGroups.length === 0 && fargateProfiles.length > 0;
    const afterCompute = [...compute, ...(podIdentityAgent ? [podIdentityAgent] : [])];
    let coreDns: aws.eks.Addon | undefined;
    if (!autoMode) {
      coreDns = addon(
        "coredns",
        versions.coreDns,
        fargateOnly ? { configurationValues: JSON.stringify({ computeType: "Fargate" }) } : {},
        // CoreDNS before any node exists ends DEGRADED (the first-deploy failure); it also needs
        // kube-proxy to reach the API server through its service address.
        [...compute, ...(kubeProxy ? [kubeProxy] : [])],
      );
    }

    const podRole = (
      role: string,
      namespace: string,
      serviceAccount: string,
      statements: PolicyStatement[],
      managed: string[],
    ) =>
      new PodIdentityRole(
        `${name}-${role}`,
        {
          clusterName: this.clusterName,
          clusterArn: this.clusterArn,
          namespace,
          serviceAccount,
          statements,
          awsManagedPolicies: managed,
          tags,
        },
        { parent: this },
      );

    if (ebsCsi) {
      const r = podRole(
        "ebs-csi",
        "kube-system",
        "ebs-csi-controller-sa",
        [],
        ["service-role/AmazonEBSCSIDriverPolicy"],
      );
      addon("aws-ebs-csi-driver", versions.ebsCsiDriver, {}, [...afterCompute, r]);
    }
    if (efsCsi) {
      const r = podRole(
        "efs-csi",
        "kube-system",
        "efs-csi-controller-sa",
        [],
        ["service-role/AmazonEFSCSIDriverPolicy"],
      );
      addon("aws-efs-csi-driver", versions.efsCsiDriver, {}, [...afterCompute, r]);
    }
    if (args.fsxLustreCsiDriver === true) {
      const r = podRole(
        "fsx-csi",
        "kube-system",
        "fsx-csi-controller-sa",
        fsxLustreStatements(partition),
        [],
      );
      addon("aws-fsx-csi-driver", versions.fsxCsiDriver, {}, [...afterCompute, r]);
    }
    let trident: aws.eks.Addon | undefined;
    if (args.fsxOntapCsiDriver === true) {
      const secret = args.fsxOntapCredentialsSecretArn;
      const r = podRole(
        "trident",
        "trident",
        "trident-controller",
        fsxOntapStatements(secret === undefined ? [] : [secret]),
        [],
      );
      trident = addon("netapp_trident-operator", versions.tridentOperator, {}, [...afterCompute, r]);
    }
    if (lbc) {
      const r = podRole(
        "lb-controller",
        "kube-system",
        "aws-load-balancer-controller",
        loadBalancerControllerStatements(partition),
        [],
      );
      new k8s.helm.v3.Release(
        `${name}-lb-controller`,
        {
          name: "aws-load-balancer-controller",
          chart: "aws-load-balancer-controller",
          version: args.loadBalancerControllerChartVersion ?? LOAD_BALANCER_CONTROLLER_CHART_VERSION,
          repositoryOpts: { repo: "https://aws.github.io/eks-charts" },
          namespace: "kube-system",
          values: {
            clusterName: this.clusterName,
            region,
            vpcId,
            replicaCount: 2,
            serviceAccount: { create: true, name: "aws-load-balancer-controller" },
          },
        },
        // Its webhook pods need nodes and CoreDNS, and its role before the pods start.
        {
          parent: this,
          provider: this.provider,
          dependsOn: [...afterCompute, ...(coreDns ? [coreDns] : []), r],
        },
      );
    }

    // ---- storage classes ----
    if (ebsCsi || autoMode) {
      new k8s.storage.v1.StorageClass(
        `${name}-gp3`,
        {
          metadata: { name: "gp3", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
          provisioner: autoMode ? "ebs.csi.eks.amazonaws.com" : "ebs.csi.aws.com",
          parameters: { type: "gp3", encrypted: "true" },
          volumeBindingMode: "WaitForFirstConsumer",
          allowVolumeExpansion: true,
          reclaimPolicy: "Delete",
        },
        { parent: this, provider: this.provider },
      );
    }
    if (efsCsi && args.efsFileSystemId !== undefined) {
      new k8s.storage.v1.StorageClass(
        `${name}-efs`,
        {
          metadata: { name: "efs" },
          provisioner: "efs.csi.aws.com",
          parameters: {
            provisioningMode: "efs-ap",
            fileSystemId: args.efsFileSystemId,
            directoryPerms: "700",
          },
          reclaimPolicy: "Delete",
        },
        { parent: this, provider: this.provider },
      );
    }
    if (
      args.fsxLustreCsiDriver === true &&
      args.fsxLustreSubnetId !== undefined &&
      args.fsxLustreSecurityGroupIds
    ) {
      new k8s.storage.v1.StorageClass(
        `${name}-fsx-lustre`,
        {
          metadata: { name: "fsx-lustre" },
          provisioner: "fsx.csi.aws.com",
          parameters: {
            subnetId: args.fsxLustreSubnetId,
            securityGroupIds: pulumi.all(args.fsxLustreSecurityGroupIds).apply((ids) => ids.join(",")),
            deploymentType: "PERSISTENT_2",
            perUnitStorageThroughput: "125",
          },
          reclaimPolicy: "Delete",
        },
        { parent: this, provider: this.provider },
      );
    }

    if (
      trident &&
      args.fsxOntapFileSystemId !== undefined &&
      args.fsxOntapCredentialsSecretArn !== undefined
    ) {
      // The backend is a Trident custom resource; its CRD comes with the add-on.
      new k8s.apiextensions.CustomResource(
        `${name}-fsx-ontap-backend`,
        {
          apiVersion: "trident.netapp.io/v1",
          kind: "TridentBackendConfig",
          metadata: { name: "fsx-ontap-nas", namespace: "trident" },
          spec: {
            version: 1,
            storageDriverName: "ontap-nas",
            svm: args.fsxOntapSvmName ?? "svm1",
            aws: { fsxFilesystemID: args.fsxOntapFileSystemId },
            credentials: { name: args.fsxOntapCredentialsSecretArn, type: "awsarn" },
          },
        },
        { parent: this, provider: this.provider, dependsOn: [trident] },
      );
      new k8s.storage.v1.StorageClass(
        `${name}-fsx-ontap-nas`,
        {
          metadata: { name: "fsx-ontap-nas" },
          provisioner: "csi.trident.netapp.io",
          parameters: { backendType: "ontap-nas" },
          allowVolumeExpansion: true,
          reclaimPolicy: "Delete",
        },
        { parent: this, provider: this.provider },
      );
    }

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

/** What Trident calls to manage FSx for ONTAP volumes, and the one secret it may read. */
function fsxOntapStatements(secretArns: pulumi.Input<string>[]): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    allow(
      [
        "fsx:DescribeFileSystems",
        "fsx:DescribeVolumes",
        "fsx:DescribeStorageVirtualMachines",
        "fsx:CreateVolume",
        "fsx:UpdateVolume",
        "fsx:DeleteVolume",
        "fsx:RestoreVolumeFromSnapshot",
        "fsx:TagResource",
        "fsx:UntagResource",
      ],
      ["*"],
    ),
  ];
  if (secretArns.length > 0) statements.push(allow(["secretsmanager:GetSecretValue"], secretArns));
  return statements;
}

/** What the FSx for Lustre CSI controller calls: create, resize and delete file systems. */
function fsxLustreStatements(partition: pulumi.Input<string>): PolicyStatement[] {
  return [
    allow(
      ["iam:CreateServiceLinkedRole", "iam:AttachRolePolicy", "iam:PutRolePolicy"],
      [
        pulumi.interpolate`arn:${partition}:iam::*:role/aws-service-role/s3.data-source.lustre.fsx.amazonaws.com/*`,
      ],
    ),
    allow(
      ["iam:CreateServiceLinkedRole"],
      ["*"],
      [{ test: "StringLike", variable: "iam:AWSServiceName", values: ["fsx.amazonaws.com"] }],
    ),
    allow(
      [
        "s3:ListBucket",
        "fsx:CreateFileSystem",
        "fsx:DeleteFileSystem",
        "fsx:DescribeFileSystems",
        "fsx:TagResource",
        "fsx:UpdateFileSystem",
      ],
      ["*"],
    ),
  ];
}
