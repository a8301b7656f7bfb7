/** ECR repositories and registry policies. Catalog rows 22-26. */
import * as aws from "@pulumi/aws";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { validateResourceOfType } from "@pulumi/policy";
import { conditionKeys, isPublicPrincipal, references, statements } from "./util";

export const ecrImmutableTags: ResourceValidationPolicy = {
  name: "ecr-immutable-tags",
  description: "ECR repositories must have immutable tags (Security Hub ECR.2).",
  severity: "high",
  remediationSteps:
    'Set `imageTagMutability: "IMMUTABLE"` and deploy by digest or unique tags (e.g. the git SHA).',
  configSchema: {
    properties: {
      allowExclusions: {
        type: "boolean",
        description: 'Accept "IMMUTABLE_WITH_EXCLUSION" (mutable tags only for listed filters).',
        default: false,
      },
    },
  },
  validateResource: validateResourceOfType(aws.ecr.Repository, (repo, args, report) => {
    const m = repo.imageTagMutability;
    if (m === "IMMUTABLE") return;
    if (m === "IMMUTABLE_WITH_EXCLUSION" && args.getConfig<{ allowExclusions: boolean }>().allowExclusions)
      return;
    report(`imageTagMutability is ${m ?? "unset (MUTABLE)"}`);
  }),
};

/** True when a registry scanning configuration scans `repoName` on push (or continuously, or enhanced). */
function registryScans(cfg: Record<string, unknown>, repoName: string | undefined): boolean {
  if (cfg["scanType"] === "ENHANCED") return true;
  const rules = (cfg["rules"] ?? []) as Array<{
    scanFrequency?: string;
    repositoryFilters?: Array<{ filter?: string }>;
  }>;
  return rules.some(
    (r) =>
      (r.scanFrequency === "SCAN_ON_PUSH" || r.scanFrequency === "CONTINUOUS_SCAN") &&
      (r.repositoryFilters ?? []).some((f) => {
        const filter = f.filter ?? "";
        if (filter === "*") return true;
        if (!repoName) return false;
        const re = new RegExp(`^${filter.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);
        return re.test(repoName);
      }),
  );
}

export const ecrScanOnPush: StackValidationPolicy = {
  name: "ecr-scan-on-push",
  description:
    "ECR images must be scanned on push, per repository or by the registry scanning configuration (Security Hub ECR.1).",
  severity: "high",
  remediationSteps:
    "Set `imageScanningConfiguration: { scanOnPush: true }`, or create an `aws.ecr.RegistryScanningConfiguration` (ENHANCED, or a SCAN_ON_PUSH rule whose filter matches the repository).",
  validateStack: (args, report) => {
    const registry = args.resources.filter((r) => r.isType(aws.ecr.RegistryScanningConfiguration));
    for (const repo of args.resources.filter((r) => r.isType(aws.ecr.Repository))) {
      const scanning = repo.props["imageScanningConfiguration"] as { scanOnPush?: boolean } | undefined;
      if (scanning?.scanOnPush === true) continue;
      const name = repo.props["name"] as string | undefined;
      if (registry.some((r) => registryScans(r.props, name))) continue;
      report(`repository "${name ?? repo.name}" is not scanned on push`, repo.urn);
    }
  },
};

export const ecrKmsEncryption: ResourceValidationPolicy = {
  name: "ecr-kms-encryption",
  description: "ECR repositories should be encrypted with KMS (Checkov CKV_AWS_136).",
  severity: "medium",
  enforcementLevel: "advisory",
  remediationSteps: 'Set `encryptionConfigurations: [{ encryptionType: "KMS", kmsKey }]`.',
  configSchema: {
    properties: {
      requireCustomerKey: {
        type: "boolean",
        description: "Also require a customer managed key (`kmsKey`).",
        default: false,
      },
    },
  },
  validateResource: validateResourceOfType(aws.ecr.Repository, (repo, args, report) => {
    const enc = (repo.encryptionConfigurations ?? [])[0];
    if (enc?.encryptionType !== "KMS" && enc?.encryptionType !== "KMS_DSSE") {
      report(`encryptionType is ${enc?.encryptionType ?? "unset (AES256)"}`);
      return;
    }
    if (args.getConfig<{ requireCustomerKey: boolean }>().requireCustomerKey && !enc.kmsKey)
      report("no customer managed kmsKey");
  }),
};

interface PublicPolicyConfig {
  trustedConditionKeys: string[];
}

const trustedKeysSchema = {
  type: "array" as const,
  items: { type: "string" as const },
  description: "Condition keys that scope a `*` principal enough (lower case).",
  default: [
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalaccount",
    "aws:sourceaccount",
    "aws:sourcearn",
    "aws:sourcevpc",
    "aws:sourcevpce",
  ],
};

function publicStatements(doc: unknown, trusted: readonly string[]): number {
  return statements(doc).filter(
    (s) =>
      s.effect === "Allow" &&
      isPublicPrincipal(s.principal) &&
      !conditionKeys(s.condition).some((k) => trusted.includes(k)),
  ).length;
}

export const ecrNoPublicPolicy: ResourceValidationPolicy = {
  name: "ecr-no-public-policy",
  description:
    "ECR repository and registry policies must not allow everyone (cdk-nag ECR1, Checkov CKV_AWS_32).",
  severity: "critical",
  remediationSteps:
    "Name the accounts or roles in `Principal`, or keep `*` only with an `aws:PrincipalOrgID` (or similar) condition.",
  configSchema: { properties: { trustedConditionKeys: trustedKeysSchema } },
  validateResource: [
    validateResourceOfType(aws.ecr.RepositoryPolicy, (p, args, report) => {
      const n = publicStatements(p.policy, args.getConfig<PublicPolicyConfig>().trustedConditionKeys);
      if (n) report(`${n} statement(s) allow Principal "*" without a scoping condition`);
    }),
    validateResourceOfType(aws.ecr.RegistryPolicy, (p, args, report) => {
      const n = publicStatements(p.policy, args.getConfig<PublicPolicyConfig>().trustedConditionKeys);
      if (n) report(`${n} statement(s) allow Principal "*" without a scoping condition`);
    }),
  ],
};

export const ecrLifecyclePolicy: StackValidationPolicy = {
  name: "ecr-lifecycle-policy",
  description: "Every ECR repository should have a lifecycle policy (Security Hub ECR.3).",
  severity: "low",
  enforcementLevel: "advisory",
  remediationSteps:
    "Add an `aws.ecr.LifecyclePolicy` for the repository that expires untagged and old images.",
  validateStack: (args, report) => {
    const lifecycles = args.resources.filter((r) => r.isType(aws.ecr.LifecyclePolicy));
    for (const repo of args.resources.filter((r) => r.isType(aws.ecr.Repository))) {
      if (!lifecycles.some((lc) => references(lc, "repository", repo, ["name", "id"])))
        report(
          `repository "${(repo.props["name"] as string | undefined) ?? repo.name}" has no lifecycle policy`,
          repo.urn,
        );
    }
  },
};

export { publicStatements, trustedKeysSchema };

export const ecrPolicies = [
  ecrImmutableTags,
  ecrScanOnPush,
  ecrKmsEncryption,
  ecrNoPublicPolicy,
  ecrLifecyclePolicy,
];
