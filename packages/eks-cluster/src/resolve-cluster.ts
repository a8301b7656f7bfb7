/**
 * The checks of {@link EksClusterArgs} about the cluster itself: version, names, endpoint, keys,
 * tags, access entries, Auto Mode, storage, and the lengths of the child names it builds.
 */
import {
  checkTags,
  componentTags,
  coversInternet,
  isPlain,
  LOG_RETENTION_DAYS,
  type Validator,
} from "@berth/core";
import * as pulumi from "@pulumi/pulumi";
import { AutoModeNodePool, EKS_CLUSTER_TYPE, type EksClusterArgs, SupportType } from "./args";
import type { EksClusterNames, ResolvedEksClusterArgs } from "./resolve";
import { checkKubernetesVersion } from "./versions";

const K8S_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9\-_]*$/;
const STS_SESSION = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/;
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

/** Version, support type, cluster name, subnets, the public endpoint and the ARNs given. */
export function checkClusterArgs(
  v: Validator,
  args: EksClusterArgs,
  r: ResolvedEksClusterArgs,
  day: Date,
): void {
  v.oneOf("supportType", r.supportType, Object.values(SupportType));
  checkVersion(v, r, day);
  if (args.clusterName !== undefined) {
    v.check(
      CLUSTER_NAME.test(args.clusterName) && args.clusterName.length <= CLUSTER_NAME_MAX,
      "clusterName",
      args.clusterName,
      `1 to ${CLUSTER_NAME_MAX} letters, digits, '-' and '_', starting with a letter or digit`,
    );
  } else {
    v.check(
      r.clusterName.length <= CLUSTER_NAME_MAX,
      "clusterName",
      r.clusterName,
      `a cluster name of at most ${CLUSTER_NAME_MAX} characters`,
      "the default <name>-<stack> is too long; give clusterName",
    );
  }
  checkSubnets(v, args);
  checkEndpoint(v, args, r);
  v.oneOf("logRetentionDays", r.logRetentionDays, LOG_RETENTION_DAYS);
  if (typeof args.kmsKeyArn === "string") {
    v.arn("kmsKeyArn", args.kmsKeyArn, { service: "kms", resourceType: ["key", "alias"] });
  }
  if (typeof args.fsxOntapCredentialsSecretArn === "string") {
    v.arn("fsxOntapCredentialsSecretArn", args.fsxOntapCredentialsSecretArn, {
      service: "secretsmanager",
      resourceType: "secret",
    });
  }
}

/** The version must be supported on `day` under the support type. */
function checkVersion(v: Validator, r: ResolvedEksClusterArgs, day: Date): void {
  const problem = checkKubernetesVersion(r.version, r.supportType, day);
  if (problem) v.check(false, "version", r.version, problem.allowed, problem.hint);
}

/** A plain subnet list: at least two, no duplicates, subnet ids (an `Output` is checked when known). */
export function checkSubnets(v: Validator, args: EksClusterArgs): void {
  if (!isPlain(args.subnetIds)) return;
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

function checkEndpoint(v: Validator, args: EksClusterArgs, r: ResolvedEksClusterArgs): void {
  const cidrs = args.publicAccessCidrs;
  if (r.endpointPublicAccess) {
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
}

/**
 * Tags: the AWS rules (no `aws:` prefix, lengths) and at most 50 on each child after Berth's own
 * tags (the component's two, a node's `Name`, and on a self-managed Auto Scaling group also
 * `kubernetes.io/cluster/<cluster>`).
 */
export function checkTagCounts(v: Validator, args: EksClusterArgs): void {
  const user = args.tags ?? {};
  v.merge(checkTags(user));
  const own = Object.keys(componentTags(EKS_CLUSTER_TYPE, "-"));
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

/** One access-entry principal: a plain IAM role or user ARN, never a session, each once. */
function checkPrincipal(v: Validator, principals: string[], p: unknown, path: string): void {
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
}

/** `admins`, `adminViewers`, `viewers` and `namespaceEditors`. */
export function checkAccessArgs(v: Validator, args: EksClusterArgs): void {
  const principals: string[] = [];
  for (const [i, p] of (args.admins ?? []).entries()) checkPrincipal(v, principals, p, `admins[${i}]`);
  for (const [i, p] of (args.adminViewers ?? []).entries())
    checkPrincipal(v, principals, p, `adminViewers[${i}]`);
  for (const [i, p] of (args.viewers ?? []).entries()) checkPrincipal(v, principals, p, `viewers[${i}]`);
  (args.namespaceEditors ?? []).forEach((e, i) => {
    checkPrincipal(v, principals, e.principalArn, `namespaceEditors[${i}].principalArn`);
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
}

/** Auto Mode excludes the other compute and the controllers it brings; without it, some compute. */
export function checkAutoModeArgs(v: Validator, args: EksClusterArgs, r: ResolvedEksClusterArgs): void {
  const managed = args.managedNodeGroups ?? [];
  const selfManaged = args.selfManagedNodeGroups ?? [];
  const fargate = args.fargateProfiles ?? [];
  if (r.autoMode) {
    const none = (path: string, names: string[], hint?: string) =>
      v.check(names.length === 0, path, names, "none with autoMode", hint);
    none(
      "managedNodeGroups",
      managed.map((x) => x.name),
      "Auto Mode runs the nodes; use its node pools",
    );
    none(
      "selfManagedNodeGroups",
      selfManaged.map((x) => x.name),
    );
    none(
      "fargateProfiles",
      fargate.map((x) => x.name),
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
    r.autoModeNodePools.forEach((p, i) => {
      v.oneOf(`autoModeNodePools[${i}]`, p, Object.values(AutoModeNodePool));
    });
    return;
  }
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
  if (!r.fargateOnly) return;
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

/** The storage classes' inputs come with their drivers. */
export function checkStorageArgs(v: Validator, args: EksClusterArgs, r: ResolvedEksClusterArgs): void {
  if (args.efsFileSystemId !== undefined) {
    v.check(
      r.efsCsiDriver,
      "efsFileSystemId",
      "(given)",
      "unset when efsCsiDriver is false",
      "the efs storage class needs the EFS CSI driver",
    );
  }
  if (args.fsxLustreSubnetId !== undefined || args.fsxLustreSecurityGroupIds !== undefined) {
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
  if (args.fsxOntapFileSystemId !== undefined || args.fsxOntapCredentialsSecretArn !== undefined) {
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
}

/**
 * Checks that every auto-named child this component builds fits its AWS name limit, on the
 * resolved logical names (Pulumi appends `-` and 7 characters): each role, the self-managed
 * instance profile and each launch template. Reports the first that does not fit.
 */
export function checkChildNames(v: Validator, name: string, names: EksClusterNames): void {
  const children = [
    ...Object.values(names.roles).map((n) => [n, IAM_ROLE_NAME_MAX, "IAM role"] as const),
    ...(names.instanceProfile !== undefined
      ? [[names.instanceProfile, NAME_128, "instance profile"] as const]
      : []),
    ...Object.values(names.launchTemplates).map((n) => [n, NAME_128, "launch template"] as const),
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
