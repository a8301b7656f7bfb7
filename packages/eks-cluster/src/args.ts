/**
 * The arguments of {@link EksCluster} and their named enums. Defaults are filled once, by
 * `resolveEksClusterArgs` (resolve.ts); the `@default` tags below say what it fills.
 */
import type { AwakeSchedule, Tags } from "@berth/core";
import type * as pulumi from "@pulumi/pulumi";

/** The type token of {@link EksCluster}. */
export const EKS_CLUSTER_TYPE = "berth:eks:EksCluster";
/** The token {@link EksCluster} had before 0.2 (kept as an alias so stacks upgrade in place). */
export const EKS_CLUSTER_FORMER_TYPE = "berth:eks:Cluster";

/** How nodes are bought. */
export const CapacityType = {
  /** On-Demand instances. */
  OnDemand: "ON_DEMAND",
  /** Spot instances: cheaper, reclaimable with two minutes' notice. */
  Spot: "SPOT",
} as const;
/** How nodes are bought. */
export type CapacityType = (typeof CapacityType)[keyof typeof CapacityType];

/** CPU architecture of nodes. */
export const Architecture = {
  /** AWS Graviton. */
  Arm64: "arm64",
  /** Intel or AMD. */
  X86_64: "x86_64",
} as const;
/** CPU architecture of nodes; `arm64` is AWS Graviton. */
export type Architecture = (typeof Architecture)[keyof typeof Architecture];

/** What a taint does to pods that do not tolerate it. */
export const TaintEffect = {
  /** New pods without a toleration are not scheduled. */
  NoSchedule: "NO_SCHEDULE",
  /** Pods without a toleration are evicted. */
  NoExecute: "NO_EXECUTE",
  /** The scheduler avoids the node when it can. */
  PreferNoSchedule: "PREFER_NO_SCHEDULE",
} as const;
/** What a taint does to pods that do not tolerate it. */
export type TaintEffect = (typeof TaintEffect)[keyof typeof TaintEffect];

/** EKS support policy of the cluster's Kubernetes version. */
export const SupportType = {
  /** Upgraded at the end of standard support (no extended support fee). */
  Standard: "STANDARD",
  /** Kept up to 12 more months at extra cost. */
  Extended: "EXTENDED",
} as const;
/** EKS support policy of the cluster's Kubernetes version. */
export type SupportType = (typeof SupportType)[keyof typeof SupportType];

/** A built-in EKS Auto Mode node pool. */
export const AutoModeNodePool = {
  /** General workloads. */
  GeneralPurpose: "general-purpose",
  /** Critical add-ons, tainted `CriticalAddonsOnly`. */
  System: "system",
} as const;
/** A built-in EKS Auto Mode node pool. */
export type AutoModeNodePool = (typeof AutoModeNodePool)[keyof typeof AutoModeNodePool];

/** EKS AMI type of a managed node group (AL2023, by architecture). */
export const AmiType = {
  /** Amazon Linux 2023 on Graviton. */
  Al2023Arm64Standard: "AL2023_ARM_64_STANDARD",
  /** Amazon Linux 2023 on x86_64. */
  Al2023X86_64Standard: "AL2023_x86_64_STANDARD",
} as const;
/** EKS AMI type of a managed node group (AL2023, by architecture). */
export type AmiType = (typeof AmiType)[keyof typeof AmiType];

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
  /** Version of `vpc-cni`. @default the EKS default for the cluster version */
  vpcCni?: string;
  /** Version of `kube-proxy`. @default the EKS default for the cluster version */
  kubeProxy?: string;
  /** Version of `coredns`. @default the EKS default for the cluster version */
  coreDns?: string;
  /** Version of `eks-pod-identity-agent`. @default the EKS default for the cluster version */
  podIdentityAgent?: string;
  /** Version of `aws-ebs-csi-driver`. @default the EKS default for the cluster version */
  ebsCsiDriver?: string;
  /** Version of `aws-efs-csi-driver`. @default the EKS default for the cluster version */
  efsCsiDriver?: string;
  /** Version of `aws-fsx-csi-driver`. @default the EKS default for the cluster version */
  fsxCsiDriver?: string;
  /** Version of `netapp_trident-operator`. @default the EKS default for the cluster version */
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
  autoModeNodePools?: AutoModeNodePool[];
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
