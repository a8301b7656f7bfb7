/** EKS: clusters (raw and the pulumi-eks component), node groups, add-ons, access and Pod Identity. */
import { entry, FREE, PRICED, rule } from "./define";
import { arn, intIn, oneOf, str } from "./rules";
import type { Check } from "./types";

const EKS_API = "no data; API call, like IAM";
const roleArn = arn({ service: "iam", resourceType: "role" });
const EKS_FREE = FREE("free; the cluster and its nodes are priced");

/** EKS API Reference, CreateAccessEntry: principalArn is an IAM role or user; "You can't use the STS session principal type". */
const principalArn: Check = (v, path, out) => {
  arn({ service: "iam", resourceType: ["role", "user"] })(v, path, out);
};

export const eks = [
  entry("aws:eks/cluster:Cluster", {
    constraints: [
      rule(
        "name",
        str({
          min: 1,
          max: 100,
          pattern: /^[0-9A-Za-z][A-Za-z0-9\-_]*$/,
          allowed: "a letter or digit, then letters, digits, - and _",
        }),
        "EKS API Reference, CreateCluster: name (1-100, ^[0-9A-Za-z][A-Za-z0-9\\-_]*)",
      ),
      rule("roleArn", roleArn, "EKS API Reference, CreateCluster: roleArn"),
      rule(
        "vpcConfig.publicAccessCidrs[*]",
        (v, path, out) => {
          const s = String(v);
          if (!/^\d+\.\d+\.\d+\.\d+\/\d+$/.test(s)) out.push({ path, value: v, rule: "an IPv4 CIDR block" });
        },
        "EKS API Reference, VpcConfigRequest: publicAccessCidrs (IPv4 CIDR blocks)",
      ),
      rule(
        "accessConfig.authenticationMode",
        oneOf(["API", "API_AND_CONFIG_MAP", "CONFIG_MAP"]),
        "EKS API Reference, CreateAccessConfigRequest: authenticationMode",
      ),
    ],
    durations: {
      create: 600,
      update: 600,
      source:
        "B2: EKS control plane median of 11 terraform logs ~10 min (8m23s-11m23s); AWS claims <= 9 min; regional max 16m11s [EASON]",
    },
    replaceOn: ["name", "roleArn", "kubernetesNetworkConfig", "bootstrapSelfManagedAddons"],
    cost: PRICED,
  }),
  entry("aws:eks/nodeGroup:NodeGroup", {
    constraints: [
      rule(
        "nodeGroupName",
        str({
          min: 1,
          max: 63,
          pattern: /^[0-9A-Za-z][A-Za-z0-9\-_]*$/,
          allowed: "a letter or digit, then letters, digits, - and _",
        }),
        "@pulumi/aws 7.48 NodeGroup.nodeGroupName: at most 63 characters, starts with a letter or digit (EKS API Reference, CreateNodegroup)",
      ),
      rule(
        "capacityType",
        oneOf(["ON_DEMAND", "SPOT", "CAPACITY_BLOCK"]),
        "EKS API Reference, CreateNodegroup: capacityType",
      ),
      rule("nodeRoleArn", roleArn, "EKS API Reference, CreateNodegroup: nodeRole (an IAM role ARN)"),
      rule(
        "scalingConfig.minSize",
        intIn(0),
        "EKS API Reference, NodegroupScalingConfig: minSize (at least 0)",
      ),
      rule(
        "scalingConfig.maxSize",
        intIn(1),
        "EKS API Reference, NodegroupScalingConfig: maxSize (at least 1)",
      ),
      rule(
        "scalingConfig.desiredSize",
        intIn(0),
        "EKS API Reference, NodegroupScalingConfig: desiredSize (at least 0)",
      ),
      rule(
        "updateConfig.maxUnavailable",
        intIn(1, 100),
        "EKS API Reference, NodegroupUpdateConfig: maxUnavailable (1-100)",
      ),
      rule(
        "updateConfig.maxUnavailablePercentage",
        intIn(1, 100),
        "EKS API Reference, NodegroupUpdateConfig: maxUnavailablePercentage (1-100)",
      ),
      rule(
        "taints[*].effect",
        oneOf(["NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE"]),
        "EKS API Reference, Taint: effect",
      ),
    ],
    durations: {
      create: 120,
      update: 120,
      source: "B2: managed node group 1m28s-3m21s, median ~2 min; ~1 min with desired 0",
    },
    replaceOn: [
      "nodeGroupName",
      "clusterName",
      "subnetIds",
      "instanceTypes",
      "capacityType",
      "amiType",
      "diskSize",
      "nodeRoleArn",
      "remoteAccess",
    ],
    cost: PRICED,
  }),
  entry("aws:eks/addon:Addon", {
    constraints: [
      rule(
        "resolveConflictsOnCreate",
        oneOf(["NONE", "OVERWRITE"]),
        "EKS API Reference, CreateAddon: resolveConflicts (NONE or OVERWRITE on create)",
      ),
      rule(
        "resolveConflictsOnUpdate",
        oneOf(["NONE", "OVERWRITE", "PRESERVE"]),
        "EKS API Reference, UpdateAddon: resolveConflicts",
      ),
      rule("serviceAccountRoleArn", roleArn, "EKS API Reference, CreateAddon: serviceAccountRoleArn"),
      rule(
        "podIdentityAssociations[*].roleArn",
        roleArn,
        "EKS API Reference, AddonPodIdentityAssociations: roleArn",
      ),
      rule(
        "configurationValues",
        (v, path, out) => {
          if (typeof v !== "string") return;
          try {
            JSON.parse(v);
          } catch {
            // YAML is also accepted; only a string that is neither parses as JSON is flagged when it looks like JSON.
            if (/^\s*[{[]/.test(v))
              out.push({ path, value: v, rule: "valid JSON (or YAML) configuration values" });
          }
        },
        "EKS API Reference, CreateAddon: configurationValues (JSON or YAML matching the add-on's schema)",
      ),
    ],
    durations: {
      create: 30,
      update: 30,
      source: "B2: add-ons 14-56 s once nodes exist (coredns waits for nodes)",
    },
    replaceOn: ["addonName", "clusterName"],
    cost: EKS_FREE,
  }),
  entry("aws:eks/fargateProfile:FargateProfile", {
    constraints: [
      rule("podExecutionRoleArn", roleArn, "EKS API Reference, CreateFargateProfile: podExecutionRoleArn"),
      rule(
        "selectors",
        (v, path, out) => {
          if (Array.isArray(v) && (v.length < 1 || v.length > 5))
            out.push({ path, value: `${v.length} selectors`, rule: "1 to 5 selectors" });
        },
        'EKS User Guide, "Define which Pods use AWS Fargate": up to five selectors per profile',
      ),
    ],
    durations: { create: 180, source: "B2: Fargate profile 26 s - 5m45s; serialized per cluster" },
    replaceOn: ["*"],
    cost: PRICED,
  }),
  entry("aws:eks/accessEntry:AccessEntry", {
    constraints: [
      rule(
        "principalArn",
        principalArn,
        'EKS API Reference, CreateAccessEntry: principalArn (an IAM role or user ARN; "You can\'t use the STS session principal type")',
      ),
      rule(
        "type",
        oneOf([
          "STANDARD",
          "FARGATE_LINUX",
          "EC2_LINUX",
          "EC2_WINDOWS",
          "EC2",
          "HYBRID_LINUX",
          "HYPERPOD_LINUX",
        ]),
        "EKS API Reference, CreateAccessEntry: type",
      ),
    ],
    durations: { create: 5, source: EKS_API },
    replaceOn: ["clusterName", "principalArn", "type"],
    cost: EKS_FREE,
  }),
  entry("aws:eks/accessPolicyAssociation:AccessPolicyAssociation", {
    constraints: [
      rule(
        "policyArn",
        str({
          pattern: /^arn:aws[a-z-]*:eks::aws:cluster-access-policy\/[A-Za-z]+$/,
          allowed: "arn:<partition>:eks::aws:cluster-access-policy/<Name>",
        }),
        "EKS API Reference, AssociateAccessPolicy: policyArn (an EKS access policy ARN)",
      ),
      rule("principalArn", principalArn, "EKS API Reference, AssociateAccessPolicy: principalArn"),
      rule("accessScope.type", oneOf(["cluster", "namespace"]), "EKS API Reference, AccessScope: type"),
    ],
    durations: { create: 5, source: EKS_API },
    replaceOn: ["clusterName", "principalArn", "policyArn"],
    cost: EKS_FREE,
  }),
  entry("aws:eks/podIdentityAssociation:PodIdentityAssociation", {
    constraints: [
      rule("roleArn", roleArn, "EKS API Reference, CreatePodIdentityAssociation: roleArn"),
      rule(
        "namespace",
        str({
          min: 1,
          max: 63,
          pattern: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
          allowed: "a Kubernetes namespace name (RFC 1123 label)",
        }),
        "Kubernetes namespace names are RFC 1123 labels (EKS API Reference, CreatePodIdentityAssociation: namespace)",
      ),
      rule(
        "serviceAccount",
        str({
          min: 1,
          max: 253,
          pattern: /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/,
          allowed: "a Kubernetes service account name (RFC 1123 subdomain)",
        }),
        "Kubernetes object names are RFC 1123 subdomains (EKS API Reference, CreatePodIdentityAssociation: serviceAccount)",
      ),
    ],
    durations: { create: 5, source: EKS_API },
    replaceOn: ["clusterName", "namespace", "serviceAccount"],
    cost: EKS_FREE,
  }),
  entry("eks:index:Cluster", {
    constraints: [
      rule(
        "name",
        str({
          min: 1,
          max: 100,
          pattern: /^[0-9A-Za-z][A-Za-z0-9\-_]*$/,
          allowed: "a letter or digit, then letters, digits, - and _",
        }),
        "EKS API Reference, CreateCluster: name (1-100)",
      ),
      rule(
        "publicAccessCidrs[*]",
        (v, path, out) => {
          if (!/^\d+\.\d+\.\d+\.\d+\/\d+$/.test(String(v)))
            out.push({ path, value: v, rule: "an IPv4 CIDR block" });
        },
        "EKS API Reference, VpcConfigRequest: publicAccessCidrs",
      ),
      rule(
        "authenticationMode",
        oneOf(["API", "API_AND_CONFIG_MAP", "CONFIG_MAP"]),
        "EKS API Reference, CreateAccessConfigRequest: authenticationMode",
      ),
    ],
    durations: {
      create: 748,
      update: 60,
      source:
        "B2: pulumi-eks eks:index:Cluster component 748 s [PEKS-1819] (cluster + /healthz poll up to 300 s + default nodes)",
    },
    replaceOn: ["name", "serviceRole", "kubernetesServiceIpAddressRange"],
    cost: PRICED,
  }),
];
