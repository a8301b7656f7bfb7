/**
 * The checks of {@link EksClusterArgs} about compute: managed and self-managed node groups (names,
 * instance types, sizes, labels, taints, disks, metadata hop limits, sleep floors) and Fargate
 * profiles. They read the filled values of `resolveEksClusterArgs`.
 */
import type { Validator } from "@berth/core";
import {
  Architecture,
  CapacityType,
  type EksClusterArgs,
  type FargateProfileArgs,
  type ManagedNodeGroupArgs,
  type NodeTaint,
  type SelfManagedNodeGroupArgs,
  TaintEffect,
} from "./args";
import type {
  ResolvedEksClusterArgs,
  ResolvedManagedNodeGroup,
  ResolvedSelfManagedNodeGroup,
} from "./resolve";

const K8S_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const GROUP_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9-]+$/;
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
/** Longest self-managed group or Fargate profile short name. */
const GROUP_NAME_MAX = 40;
/** Root volume size, GiB: at least the EKS AMI's own 20 GiB root volume, at most gp3's 16384 (EBS User Guide, volume types). */
const DISK_MIN = 20;
const DISK_MAX = 16384;
/** IMDSv2 hop limit (EC2 `InstanceMetadataOptionsRequest` `HttpPutResponseHopLimit`: 1 to 64). */
const HOP_MAX = 64;

/** True for a Graviton (arm64) instance type such as `m7g.large`, `c7gn.xlarge`, `t4g.small`. */
export function isGravitonType(instanceType: string): boolean {
  return /^[a-z]+\d+g[a-z]*\./.test(instanceType) || instanceType.startsWith("a1.");
}

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
    v.oneOf(`${path}[${i}].effect`, t.effect, Object.values(TaintEffect));
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

function checkInstanceTypes(v: Validator, types: string[], arch: Architecture, path: string): void {
  types.forEach((t, i) => {
    if (!v.check(INSTANCE_TYPE.test(t), `${path}[${i}]`, t, "an EC2 instance type such as m7g.large")) return;
    v.check(
      isGravitonType(t) === (arch === "arm64"),
      `${path}[${i}]`,
      t,
      arch === "arm64" ? "a Graviton (arm64) instance type such as m7g.large" : "an x86_64 instance type",
      `set architecture to "${arch === "arm64" ? "x86_64" : "arm64"}" or pick a matching type`,
    );
  });
  v.check(new Set(types).size === types.length, path, types, "instance types without duplicates");
}

/** The three sizes of a group, together (a cross-field rule, so not `intIn`). */
function checkSizes(
  v: Validator,
  g: { minSize: number; maxSize: number; desiredSize: number },
  path: string,
): void {
  const { minSize: min, maxSize: max, desiredSize: desired } = g;
  const ok = (n: number) => Number.isInteger(n) && n >= 0;
  v.check(
    ok(min) && ok(max) && ok(desired) && max >= 1 && min <= max && desired >= min && desired <= max,
    path,
    { minSize: min, desiredSize: desired, maxSize: max },
    "integers with 0 <= minSize <= desiredSize <= maxSize and maxSize >= 1",
  );
}

/** Disk and hop limit, reported with the sizes after the cross-field checks. */
function checkNodeVolume(v: Validator, g: ManagedNodeGroupArgs | SelfManagedNodeGroupArgs, at: string): void {
  v.intIn(`${at}.diskSizeGiB`, g.diskSizeGiB, DISK_MIN, DISK_MAX);
  v.intIn(`${at}.metadataHopLimit`, g.metadataHopLimit, 1, HOP_MAX);
}

/** What every group and profile shares: unique names, and the sleep floor rules. */
interface GroupContext {
  v: Validator;
  /** Issues reported after the cross-field checks (sizes, instance types, disks, hop limits). */
  deferred: Validator;
  names: string[];
  awake: boolean;
}

function checkGroupName(c: GroupContext, n: string, path: string, max = GROUP_NAME_MAX): void {
  c.v.check(GROUP_NAME.test(n) && n.length <= max, path, n, `1 to ${max} lowercase letters, digits and '-'`);
  c.v.check(!c.names.includes(n), path, n, "a name not used by another node group or Fargate profile");
  c.names.push(n);
}

// What a group keeps while asleep: the sleep action sets minSize = maxSize = desired = floor, and
// waking restores minSize, so a floor above minSize would not be sleep.
function checkFloor(c: GroupContext, floor: number | undefined, min: number, path: string): void {
  if (floor === undefined) return;
  c.v.check(
    c.awake,
    path,
    floor,
    "unset unless awake is set",
    "the floor is what the group keeps outside the awake hours; set awake or remove awakeFloor",
  );
  // The bound is the group's own minSize, named in the message (so not `intIn`).
  c.v.check(
    Number.isInteger(floor) && floor >= 0 && floor <= min,
    path,
    floor,
    `an integer from 0 to the group's minSize (${min})`,
  );
}

function checkManagedGroup(
  c: GroupContext,
  g: ManagedNodeGroupArgs,
  r: ResolvedManagedNodeGroup,
  at: string,
): void {
  const { v } = c;
  // The node group is named `<name>-` plus the provider's 26-character suffix, at most 63.
  checkGroupName(c, g.name, `${at}.name`, MANAGED_GROUP_NAME_MAX);
  v.oneOf(`${at}.capacityType`, r.capacityType, Object.values(CapacityType));
  v.oneOf(`${at}.architecture`, r.architecture, Object.values(Architecture));
  const types = r.instanceTypes;
  v.check(types.length > 0 && types.length <= 20, `${at}.instanceTypes`, types, "1 to 20 instance types");
  if (r.capacityType === "SPOT") {
    v.check(
      types.length >= 2,
      `${at}.instanceTypes`,
      types,
      "at least 2 instance types for a Spot node group",
      "one Spot pool can be reclaimed all at once; add similar types (e.g. m7g.large, m6g.large, c7g.xlarge)",
    );
  }
  checkInstanceTypes(c.deferred, types, r.architecture, `${at}.instanceTypes`);
  checkSizes(c.deferred, r, `${at}.minSize`);
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
  // EKS API Reference, `NodegroupUpdateConfig`: maxUnavailable 1 to 100, maxUnavailablePercentage 1 to 100.
  v.intIn(`${at}.maxUnavailable`, g.maxUnavailable, 1, 100);
  v.intIn(`${at}.maxUnavailablePercentage`, g.maxUnavailablePercentage, 1, 100);
  checkNodeVolume(c.deferred, g, at);
  checkFloor(c, g.awakeFloor, r.minSize, `${at}.awakeFloor`);
}

function checkSelfManagedGroup(
  c: GroupContext,
  g: SelfManagedNodeGroupArgs,
  r: ResolvedSelfManagedNodeGroup,
  at: string,
): void {
  const { v } = c;
  checkGroupName(c, g.name, `${at}.name`);
  v.oneOf(`${at}.architecture`, r.architecture, Object.values(Architecture));
  v.check(
    g.instanceTypes.length > 0 && g.instanceTypes.length <= 40,
    `${at}.instanceTypes`,
    g.instanceTypes,
    "1 to 40 instance types",
  );
  const pct = r.onDemandPercentageAboveBaseCapacity;
  v.intIn(`${at}.onDemandPercentageAboveBaseCapacity`, pct, 0, 100);
  // No upper bound: a base above maxSize makes every instance On-Demand.
  const base = r.onDemandBaseCapacity;
  v.check(Number.isInteger(base) && base >= 0, `${at}.onDemandBaseCapacity`, base, "an integer of 0 or more");
  if (pct < 100) {
    v.check(
      g.instanceTypes.length >= 2,
      `${at}.instanceTypes`,
      g.instanceTypes,
      "at least 2 instance types when any capacity is Spot",
      "one Spot pool can be reclaimed all at once; add similar types, or set onDemandPercentageAboveBaseCapacity to 100",
    );
  }
  checkInstanceTypes(c.deferred, g.instanceTypes, r.architecture, `${at}.instanceTypes`);
  checkSizes(c.deferred, r, `${at}.minSize`);
  checkLabels(v, g.labels, `${at}.labels`, false);
  checkTaints(v, g.taints, `${at}.taints`, false);
  checkNodeVolume(c.deferred, g, at);
  checkFloor(c, g.awakeFloor, r.minSize, `${at}.awakeFloor`);
}

function checkFargateProfile(c: GroupContext, p: FargateProfileArgs, at: string): void {
  const { v } = c;
  checkGroupName(c, p.name, `${at}.name`);
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
}

/**
 * Every node group and Fargate profile, in argument order. Issues about sizes, instance types,
 * disks and hop limits go to `deferred`, which the caller reports last.
 */
export function checkComputeArgs(
  v: Validator,
  deferred: Validator,
  args: EksClusterArgs,
  r: ResolvedEksClusterArgs,
): void {
  const c: GroupContext = { v, deferred, names: [], awake: args.awake !== undefined };
  (args.managedNodeGroups ?? []).forEach((g, i) => {
    const resolved = r.managedNodeGroups[i];
    if (resolved) checkManagedGroup(c, g, resolved, `managedNodeGroups[${i}]`);
  });
  (args.selfManagedNodeGroups ?? []).forEach((g, i) => {
    const resolved = r.selfManagedNodeGroups[i];
    if (resolved) checkSelfManagedGroup(c, g, resolved, `selfManagedNodeGroups[${i}]`);
  });
  (args.fargateProfiles ?? []).forEach((p, i) => {
    checkFargateProfile(c, p, `fargateProfiles[${i}]`);
  });
}
