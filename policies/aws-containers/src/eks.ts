/**
 * EKS: the cluster (both `aws.eks.Cluster` and the inputs given to the `eks:index:Cluster` remote
 * component, whose children are invisible offline), node groups and launch templates. Catalog rows 15-21.
 */
import * as aws from "@pulumi/aws";
import type { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { validateResourceOfType } from "@pulumi/policy";
import { isProd, openToWorld, prodStacksSchema } from "./util";

/** The remote component's type token (pulumi-eks). Its inputs mirror the child cluster's args. */
export const EKS_COMPONENT = "eks:index:Cluster";
export const EKS_MANAGED_NODE_GROUP = "eks:index:ManagedNodeGroup";

/** The settings the rules read, from either form of cluster. */
interface ClusterView {
  publicAccess: boolean;
  privateAccess: boolean;
  publicAccessCidrs: string[] | undefined;
  secretsKey: string | undefined;
  logTypes: string[];
  version: string | undefined;
  deletionProtection: boolean;
}

function viewOf(args: ResourceValidationArgs): ClusterView | undefined {
  if (args.isType(aws.eks.Cluster)) {
    const vpc = args.props["vpcConfig"] as Record<string, unknown> | undefined;
    const enc = (args.props["encryptionConfig"] ?? undefined) as
      | { resources?: string[]; provider?: { keyArn?: string } }
      | undefined;
    return {
      publicAccess: vpc?.["endpointPublicAccess"] !== false, // AWS default: public
      privateAccess: vpc?.["endpointPrivateAccess"] === true,
      publicAccessCidrs: vpc?.["publicAccessCidrs"] as string[] | undefined,
      secretsKey: enc?.resources?.includes("secrets") ? enc.provider?.keyArn : undefined,
      logTypes: (args.props["enabledClusterLogTypes"] as string[] | undefined) ?? [],
      version: args.props["version"] as string | undefined,
      deletionProtection: args.props["deletionProtection"] === true,
    };
  }
  if (args.type === EKS_COMPONENT) {
    const p = args.props;
    return {
      publicAccess: p["endpointPublicAccess"] !== false, // pulumi-eks default: true
      privateAccess: p["endpointPrivateAccess"] === true,
      publicAccessCidrs: p["publicAccessCidrs"] as string[] | undefined,
      secretsKey: (p["encryptionConfigKeyArn"] as string | undefined) || undefined,
      logTypes: (p["enabledClusterLogTypes"] as string[] | undefined) ?? [],
      version: p["version"] as string | undefined,
      deletionProtection: p["deletionProtection"] === true,
    };
  }
  return undefined;
}

/** A validation over both cluster forms; other types are not applicable. */
function onCluster(
  check: (c: ClusterView, args: ResourceValidationArgs, report: ReportViolation) => void,
): (args: ResourceValidationArgs, report: ReportViolation) => void {
  return (args, report) => {
    const view = viewOf(args);
    if (!view)
      return args.notApplicable(`Policy only applies to 'aws:eks/cluster:Cluster' and '${EKS_COMPONENT}'`);
    check(view, args, report);
  };
}

export const eksEndpointNotPublic: ResourceValidationPolicy = {
  name: "eks-endpoint-not-public",
  description:
    "The EKS API endpoint must be private, or public only to listed CIDRs when allowed (Security Hub EKS.1).",
  severity: "critical",
  remediationSteps:
    "Set `endpointPrivateAccess: true` and `endpointPublicAccess: false`; reach the API through the VPC (VPN, bastion or SSM). If a public endpoint is required, set `allowPublicEndpoint` in the policy config and restrict `publicAccessCidrs`.",
  configSchema: {
    properties: {
      allowPublicEndpoint: {
        type: "boolean",
        description: "Allow a public endpoint when publicAccessCidrs excludes 0.0.0.0/0 and ::/0.",
        default: false,
      },
    },
  },
  validateResource: onCluster((c, args, report) => {
    if (!c.privateAccess) report("endpointPrivateAccess is not true");
    if (!c.publicAccess) return;
    if (!args.getConfig<{ allowPublicEndpoint: boolean }>().allowPublicEndpoint) {
      report("the API endpoint is public (endpointPublicAccess is true or unset)");
      return;
    }
    if (!c.publicAccessCidrs || c.publicAccessCidrs.length === 0 || openToWorld(c.publicAccessCidrs))
      report(
        `publicAccessCidrs ${JSON.stringify(c.publicAccessCidrs ?? "unset")} opens the endpoint to the internet`,
      );
  }),
};

export const eksSecretsEncryption: ResourceValidationPolicy = {
  name: "eks-secrets-encryption",
  description: "EKS must encrypt Kubernetes secrets with a KMS key (Security Hub EKS.3).",
  severity: "high",
  remediationSteps:
    'Set `encryptionConfig: { resources: ["secrets"], provider: { keyArn } }` (or `encryptionConfigKeyArn` on eks.Cluster) with a customer managed KMS key.',
  validateResource: onCluster((c, _args, report) => {
    if (!c.secretsKey) report("secrets are not encrypted with a KMS key");
  }),
};

const ALL_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

export const eksAuditLogging: ResourceValidationPolicy = {
  name: "eks-audit-logging",
  description: "EKS must send audit logs to CloudWatch (Security Hub EKS.8).",
  severity: "medium",
  remediationSteps: 'Add "audit" to `enabledClusterLogTypes`.',
  validateResource: onCluster((c, _args, report) => {
    if (!c.logTypes.includes("audit"))
      report(`enabledClusterLogTypes ${JSON.stringify(c.logTypes)} lacks "audit"`);
  }),
};

export const eksControlPlaneLogging: ResourceValidationPolicy = {
  name: "eks-control-plane-logging",
  description:
    "EKS should send every control plane log type to CloudWatch (Security Hub EKS.8, cdk-nag EKS2).",
  severity: "medium",
  enforcementLevel: "advisory",
  remediationSteps: `Set \`enabledClusterLogTypes\` to ${JSON.stringify(ALL_LOG_TYPES)}.`,
  configSchema: {
    properties: {
      requiredLogTypes: {
        type: "array",
        items: { type: "string", enum: ALL_LOG_TYPES },
        description: "Log types that must be enabled.",
        default: ALL_LOG_TYPES,
      },
    },
  },
  validateResource: onCluster((c, args, report) => {
    const missing = args
      .getConfig<{ requiredLogTypes: string[] }>()
      .requiredLogTypes.filter((t) => !c.logTypes.includes(t));
    if (missing.length) report(`enabledClusterLogTypes lacks ${missing.join(", ")}`);
  }),
};

export const eksSupportedVersion: ResourceValidationPolicy = {
  name: "eks-supported-version",
  description: "EKS clusters should run a Kubernetes version in standard support (Security Hub EKS.2).",
  severity: "medium",
  enforcementLevel: "advisory",
  remediationSteps:
    "Upgrade the cluster one minor version at a time to a version in the allow-list (see the EKS release calendar).",
  configSchema: {
    properties: {
      allowedVersions: {
        type: "array",
        items: { type: "string" },
        description: "Kubernetes minor versions allowed (standard support as of 2026-11: 1.34-1.36).",
        default: ["1.34", "1.35", "1.36"],
      },
    },
  },
  validateResource: onCluster((c, args, report) => {
    if (c.version === undefined) return; // unset: EKS creates the newest version
    const { allowedVersions } = args.getConfig<{ allowedVersions: string[] }>();
    if (!allowedVersions.includes(c.version))
      report(`version "${c.version}" is not one of ${allowedVersions.join(", ")}`);
  }),
};

/**
 * Last day of EKS standard support per Kubernetes minor version: the EKS release calendar
 * (docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html), the same dates as
 * `@berth/eks-cluster` `src/versions.ts` (checked 2026-11-22).
 */
const STANDARD_SUPPORT_ENDS: Record<string, string> = {
  "1.31": "2025-11-26",
  "1.32": "2026-03-23",
  "1.33": "2026-07-29",
  "1.34": "2026-12-02",
  "1.35": "2027-03-27",
  "1.36": "2027-08-02",
};
const DAY_MS = 24 * 60 * 60 * 1000;

export const eksStandardSupportEnding: ResourceValidationPolicy = {
  name: "eks-standard-support-ending",
  description:
    "EKS clusters should not pin a Kubernetes version that leaves standard support within the warning window.",
  severity: "low",
  enforcementLevel: "advisory",
  remediationSteps:
    "Upgrade one minor version (control plane, then add-ons, then node groups) before the date, or decide to pay for extended support (supportType EXTENDED, e.g. berth-platform:eks.supportType).",
  configSchema: {
    properties: {
      standardSupportEnds: {
        type: "object",
        additionalProperties: { type: "string" },
        description: "Last day of standard support per minor version (ISO dates, EKS release calendar).",
        default: STANDARD_SUPPORT_ENDS,
      },
      warnDays: {
        type: "integer",
        minimum: 0,
        description: "Days before the end of standard support from which the rule reports.",
        default: 90,
      },
      today: {
        type: "string",
        description: "The day to check against (ISO date), for reproducible plans; empty: the current date.",
        default: "",
      },
    },
  },
  validateResource: onCluster((c, args, report) => {
    if (c.version === undefined) return; // unset: EKS creates the newest version
    const cfg = args.getConfig<{
      standardSupportEnds: Record<string, string>;
      warnDays: number;
      today: string;
    }>();
    const end = cfg.standardSupportEnds[c.version];
    if (end === undefined) return; // unknown versions are eks-supported-version's business
    const today = (cfg.today || new Date().toISOString()).slice(0, 10);
    const days = Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);
    if (days < 0) report(`version "${c.version}" left EKS standard support on ${end}`);
    else if (days <= cfg.warnDays)
      report(`version "${c.version}" leaves EKS standard support on ${end}, in ${days} days`);
  }),
};

export const eksDeletionProtection: ResourceValidationPolicy = {
  name: "eks-deletion-protection",
  description: "Production EKS clusters should have deletion protection on.",
  severity: "medium",
  enforcementLevel: "advisory",
  remediationSteps: "Set `deletionProtection: true` on production clusters.",
  configSchema: { properties: { prodStacks: prodStacksSchema } },
  validateResource: onCluster((c, args, report) => {
    const { prodStacks } = args.getConfig<{ prodStacks: string[] }>();
    if (isProd(args.urn, args.stackTags, prodStacks) && !c.deletionProtection)
      report("deletionProtection is not true on a production cluster");
  }),
};

function checkRemoteAccess(ra: Record<string, unknown> | undefined, report: ReportViolation): void {
  if (!ra?.["ec2SshKey"]) return;
  const sgs = ra["sourceSecurityGroupIds"] as unknown[] | undefined;
  if (!sgs || sgs.length === 0)
    report("remoteAccess.ec2SshKey is set without sourceSecurityGroupIds: SSH is open to 0.0.0.0/0");
}

export const eksNodegroupNoOpenSsh: ResourceValidationPolicy = {
  name: "eks-nodegroup-no-open-ssh",
  description: "EKS node groups must not allow SSH from anywhere (Checkov CKV_AWS_100).",
  severity: "high",
  remediationSteps:
    "Drop `remoteAccess` (use SSM Session Manager), or set `sourceSecurityGroupIds` to a bastion's security group.",
  validateResource: [
    validateResourceOfType(aws.eks.NodeGroup, (ng, _args, report) => {
      checkRemoteAccess(ng.remoteAccess as Record<string, unknown> | undefined, report);
    }),
    (args, report) => {
      if (args.type !== EKS_MANAGED_NODE_GROUP)
        return args.notApplicable(`Policy only applies to '${EKS_MANAGED_NODE_GROUP}'`);
      checkRemoteAccess(args.props["remoteAccess"] as Record<string, unknown> | undefined, report);
    },
  ],
};

export const nodeImdsv2: ResourceValidationPolicy = {
  name: "node-imdsv2",
  description:
    "Launch templates for container hosts should require IMDSv2 with a low hop limit (Checkov CKV_AWS_79, CKV_AWS_341).",
  severity: "high",
  enforcementLevel: "advisory",
  remediationSteps:
    'Set `metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1, httpEndpoint: "enabled" }` (1 keeps containers away from the host\'s credentials; use task roles or Pod Identity).',
  configSchema: {
    properties: {
      maxHopLimit: {
        type: "integer",
        minimum: 1,
        maximum: 64,
        description: "Highest allowed httpPutResponseHopLimit.",
        default: 1,
      },
    },
  },
  validateResource: validateResourceOfType(aws.ec2.LaunchTemplate, (lt, args, report) => {
    const mo = lt.metadataOptions;
    if (mo?.httpEndpoint === "disabled") return;
    if (mo?.httpTokens !== "required")
      report(`metadataOptions.httpTokens is ${mo?.httpTokens ?? "unset (optional)"}`);
    const { maxHopLimit } = args.getConfig<{ maxHopLimit: number }>();
    const hop = mo?.httpPutResponseHopLimit;
    if (hop !== undefined && hop > maxHopLimit)
      report(`httpPutResponseHopLimit ${hop} is above ${maxHopLimit}`);
  }),
};

export const eksPolicies = [
  eksEndpointNotPublic,
  eksSecretsEncryption,
  eksAuditLogging,
  eksControlPlaneLogging,
  eksSupportedVersion,
  eksStandardSupportEnding,
  eksDeletionProtection,
  eksNodegroupNoOpenSsh,
  nodeImdsv2,
];
