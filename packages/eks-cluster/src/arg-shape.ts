/**
 * The shape of {@link EksClusterArgs} as JavaScript, YAML and other-language callers can get it
 * wrong: unknown properties (a typo such as `verison`), required values left out, a list given as
 * a string, a version given as a number. Checked first, so the detailed checks after it never meet
 * a value of the wrong type (and never throw a `TypeError`).
 */
import { isPlainObject, type Validator } from "@berth/core";
import * as pulumi from "@pulumi/pulumi";
import type {
  AddonVersions,
  EksClusterArgs,
  FargateProfileArgs,
  FargateSelector,
  ManagedNodeGroupArgs,
  NamespaceAccessArgs,
  NodeTaint,
  SelfManagedNodeGroupArgs,
} from "./args";

/** The property names of an interface; the compiler keeps the record complete and exact. */
const keysOf = <T>(record: Record<keyof T, true>): readonly string[] => Object.keys(record);

/** Every property of {@link EksClusterArgs}. */
export const EKS_CLUSTER_ARG_KEYS = keysOf<EksClusterArgs>({
  version: true,
  supportType: true,
  clusterName: true,
  vpcId: true,
  subnetIds: true,
  endpointPublicAccess: true,
  publicAccessCidrs: true,
  logRetentionDays: true,
  kmsKeyArn: true,
  deletionProtection: true,
  admins: true,
  adminViewers: true,
  viewers: true,
  namespaceEditors: true,
  managedNodeGroups: true,
  selfManagedNodeGroups: true,
  fargateProfiles: true,
  autoMode: true,
  autoModeNodePools: true,
  awake: true,
  createOidcProvider: true,
  networkPolicy: true,
  addonVersions: true,
  ebsCsiDriver: true,
  efsCsiDriver: true,
  efsFileSystemId: true,
  loadBalancerController: true,
  loadBalancerControllerChartVersion: true,
  fsxLustreCsiDriver: true,
  fsxLustreSubnetId: true,
  fsxLustreSecurityGroupIds: true,
  fsxOntapCsiDriver: true,
  fsxOntapFileSystemId: true,
  fsxOntapSvmName: true,
  fsxOntapCredentialsSecretArn: true,
  tags: true,
  today: true,
});

const MANAGED_KEYS = keysOf<ManagedNodeGroupArgs>({
  name: true,
  instanceTypes: true,
  capacityType: true,
  architecture: true,
  minSize: true,
  maxSize: true,
  desiredSize: true,
  labels: true,
  taints: true,
  maxUnavailable: true,
  maxUnavailablePercentage: true,
  nodeRepair: true,
  diskSizeGiB: true,
  subnetIds: true,
  metadataHopLimit: true,
  awakeFloor: true,
});
const SELF_MANAGED_KEYS = keysOf<SelfManagedNodeGroupArgs>({
  name: true,
  instanceTypes: true,
  architecture: true,
  minSize: true,
  maxSize: true,
  desiredSize: true,
  onDemandBaseCapacity: true,
  onDemandPercentageAboveBaseCapacity: true,
  labels: true,
  taints: true,
  diskSizeGiB: true,
  subnetIds: true,
  metadataHopLimit: true,
  awakeFloor: true,
});
const FARGATE_KEYS = keysOf<FargateProfileArgs>({ name: true, selectors: true, subnetIds: true });
const SELECTOR_KEYS = keysOf<FargateSelector>({ namespace: true, labels: true });
const TAINT_KEYS = keysOf<NodeTaint>({ key: true, value: true, effect: true });
const EDITOR_KEYS = keysOf<NamespaceAccessArgs>({ principalArn: true, namespaces: true });
const ADDON_KEYS = keysOf<AddonVersions>({
  vpcCni: true,
  kubeProxy: true,
  coreDns: true,
  podIdentityAgent: true,
  ebsCsiDriver: true,
  efsCsiDriver: true,
  fsxCsiDriver: true,
  tridentOperator: true,
});

const known = (value: unknown) => !pulumi.Output.isInstance(value) && !(value instanceof Promise);

/** A list (when given and known): records an issue and returns `[]` for anything else. */
function list(v: Validator, path: string, value: unknown, allowed: string): unknown[] {
  if (value === undefined || !known(value)) return [];
  if (Array.isArray(value)) return value;
  const hint =
    typeof value === "string" && value.includes(",")
      ? "give a list, not one comma-separated string"
      : undefined;
  v.check(false, path, value, allowed, hint);
  return [];
}

function strings(v: Validator, path: string, value: unknown, allowed: string): void {
  list(v, path, value, `a list of ${allowed}`).forEach((s, i) => {
    if (known(s)) v.check(typeof s === "string", `${path}[${i}]`, s, allowed);
  });
}

function stringMap(v: Validator, path: string, value: unknown): void {
  if (value === undefined || !known(value)) return;
  if (!isPlainObject(value)) {
    v.check(false, path, value, "an object of string keys and string values");
    return;
  }
  for (const [k, x] of Object.entries(value)) {
    v.check(typeof x === "string", `${path}.${k}`, x, "a string");
  }
}

/** Objects of a list, each checked for unknown properties; non-objects are recorded. */
function objects(
  v: Validator,
  path: string,
  value: unknown,
  keys: readonly string[],
  what: string,
): Array<[string, Record<string, unknown>]> {
  const out: Array<[string, Record<string, unknown>]> = [];
  list(v, path, value, `a list of ${what}`).forEach((o, i) => {
    const at = `${path}[${i}]`;
    if (!isPlainObject(o)) {
      v.check(false, at, o, what);
      return;
    }
    v.knownKeys(at, o, keys);
    out.push([at, o]);
  });
  return out;
}

function name(v: Validator, path: string, value: unknown): void {
  if (v.required(path, value, "a name")) v.check(typeof value === "string", path, value, "a name (a string)");
}

/**
 * A Kubernetes minor version is a string; YAML and JSON read an unquoted `1.35` as a number and
 * `1.30` as 1.3.
 */
function version(v: Validator, value: unknown): void {
  if (value === undefined || typeof value === "string") return;
  if (typeof value === "number") {
    const meant = /^\d+\.\d$/.test(String(value)) ? `${value}0` : String(value);
    v.check(
      false,
      "version",
      value,
      'a Kubernetes minor version as a string such as "1.35"',
      `quote it: as a number it loses trailing zeros (1.30 becomes 1.3); write "${meant}"`,
    );
    return;
  }
  v.check(false, "version", value, 'a Kubernetes minor version as a string such as "1.35"');
}

function taints(v: Validator, path: string, value: unknown): void {
  for (const [at, t] of objects(v, path, value, TAINT_KEYS, "a taint { key, value?, effect }")) {
    if (v.required(`${at}.key`, t["key"], "a taint key")) {
      v.check(typeof t["key"] === "string", `${at}.key`, t["key"], "a taint key (a string)");
    }
    v.required(`${at}.effect`, t["effect"], "NO_SCHEDULE, NO_EXECUTE or PREFER_NO_SCHEDULE");
    if (t["value"] !== undefined)
      v.check(typeof t["value"] === "string", `${at}.value`, t["value"], "a string");
  }
}

/**
 * Records every shape problem of `args`: not an object, unknown properties (with the nearest
 * known one), required values missing, lists and maps of the wrong type. Returns true when the
 * detailed checks can run.
 */
export function checkEksClusterShape(v: Validator, args: unknown): args is EksClusterArgs {
  const before = v.issues.length;
  if (!isPlainObject(args)) {
    v.check(false, "args", args, "an object with at least vpcId, subnetIds and some compute");
    return false;
  }
  v.knownKeys("", args, EKS_CLUSTER_ARG_KEYS);
  version(v, args["version"]);
  if (v.required("vpcId", args["vpcId"], "the id of the cluster's VPC (vpc-...)") && known(args["vpcId"])) {
    const id = args["vpcId"];
    v.check(
      typeof id === "string" && id.startsWith("vpc-"),
      "vpcId",
      id,
      "the id of the cluster's VPC (vpc-...)",
    );
  }
  if (v.required("subnetIds", args["subnetIds"], "a list of at least 2 private subnet ids")) {
    strings(v, "subnetIds", args["subnetIds"], "subnet ids");
  }
  for (const key of ["admins", "adminViewers", "viewers"] as const) {
    strings(v, key, args[key], "IAM role or user ARNs");
  }
  strings(v, "publicAccessCidrs", args["publicAccessCidrs"], "CIDR blocks");
  strings(v, "autoModeNodePools", args["autoModeNodePools"], "node pool names");
  strings(v, "fsxLustreSecurityGroupIds", args["fsxLustreSecurityGroupIds"], "security group ids");
  stringMap(v, "tags", args["tags"]);
  if (args["addonVersions"] !== undefined) {
    if (isPlainObject(args["addonVersions"])) v.knownKeys("addonVersions", args["addonVersions"], ADDON_KEYS);
    else v.check(false, "addonVersions", args["addonVersions"], "an object of add-on versions");
  }
  for (const [at, e] of objects(
    v,
    "namespaceEditors",
    args["namespaceEditors"],
    EDITOR_KEYS,
    "{ principalArn, namespaces }",
  )) {
    v.required(`${at}.principalArn`, e["principalArn"], "an IAM role or user ARN");
    if (v.required(`${at}.namespaces`, e["namespaces"], "a list of namespaces")) {
      strings(v, `${at}.namespaces`, e["namespaces"], "namespace names");
    }
  }
  for (const [at, g] of objects(
    v,
    "managedNodeGroups",
    args["managedNodeGroups"],
    MANAGED_KEYS,
    "a managed node group",
  )) {
    name(v, `${at}.name`, g["name"]);
    strings(v, `${at}.instanceTypes`, g["instanceTypes"], "instance types");
    strings(v, `${at}.subnetIds`, g["subnetIds"], "subnet ids");
    stringMap(v, `${at}.labels`, g["labels"]);
    taints(v, `${at}.taints`, g["taints"]);
  }
  for (const [at, g] of objects(
    v,
    "selfManagedNodeGroups",
    args["selfManagedNodeGroups"],
    SELF_MANAGED_KEYS,
    "a self-managed node group",
  )) {
    name(v, `${at}.name`, g["name"]);
    if (v.required(`${at}.instanceTypes`, g["instanceTypes"], "a list of instance types")) {
      strings(v, `${at}.instanceTypes`, g["instanceTypes"], "instance types");
    }
    strings(v, `${at}.subnetIds`, g["subnetIds"], "subnet ids");
    stringMap(v, `${at}.labels`, g["labels"]);
    taints(v, `${at}.taints`, g["taints"]);
  }
  for (const [at, p] of objects(
    v,
    "fargateProfiles",
    args["fargateProfiles"],
    FARGATE_KEYS,
    "a Fargate profile",
  )) {
    name(v, `${at}.name`, p["name"]);
    strings(v, `${at}.subnetIds`, p["subnetIds"], "subnet ids");
    if (v.required(`${at}.selectors`, p["selectors"], "a list of 1 to 5 selectors { namespace, labels? }")) {
      for (const [sat, s] of objects(
        v,
        `${at}.selectors`,
        p["selectors"],
        SELECTOR_KEYS,
        "a selector { namespace, labels? }",
      )) {
        name(v, `${sat}.namespace`, s["namespace"]);
        stringMap(v, `${sat}.labels`, s["labels"]);
      }
    }
  }
  return v.issues.length === before;
}
