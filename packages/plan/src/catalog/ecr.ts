/** ECR: repositories, their policies, and the per-registry settings. */

import { entry, FREE, PRICED, rule, TIMING } from "./define";
import { ecrLifecyclePolicy, iamPolicy } from "./documents";
import { arn, isRecord, listLength, oneOf, str } from "./rules";
import type { Check } from "./types";

/** ECR API Reference, CreateRepository: repositoryName, 2-256 characters of this pattern. */
const REPO = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const repoName = str({
  min: 2,
  max: 256,
  pattern: REPO,
  allowed:
    "lowercase letters, digits and ._-/ separators ((?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*)",
});
const REPO_SOURCE =
  "ECR API Reference, CreateRepository: repositoryName (2-256, (?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*)";
const MUTABILITY = oneOf(["MUTABLE", "IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION", "MUTABLE_WITH_EXCLUSION"]);
const ECR_FREE = FREE("ECR settings and policies are free; storage is priced on the repository");

/**
 * ECR API Reference, RegistryScanningRule: with scan type BASIC the only frequency is
 * SCAN_ON_PUSH; ENHANCED supports SCAN_ON_PUSH and CONTINUOUS_SCAN. MANUAL is not a rule
 * value (it is the implicit default of repositories no rule matches).
 */
const scanRules: Check = (v, path, out) => {
  if (!isRecord(v)) return;
  const type = v["scanType"] ?? "BASIC";
  const allowed = type === "ENHANCED" ? ["SCAN_ON_PUSH", "CONTINUOUS_SCAN"] : ["SCAN_ON_PUSH"];
  const rules = Array.isArray(v["rules"]) ? v["rules"] : [];
  rules.forEach((r, i) => {
    const f = isRecord(r) ? r["scanFrequency"] : undefined;
    if (!allowed.includes(f as string))
      out.push({
        path: `${path ? `${path}.` : ""}rules[${i}].scanFrequency`,
        value: f,
        rule: `with scanType ${String(type)}: ${allowed.join(" or ")}`,
      });
  });
};

export const ecr = [
  entry("aws:ecr/repository:Repository", {
    constraints: [
      rule("name", repoName, REPO_SOURCE),
      rule("imageTagMutability", MUTABILITY, "ECR API Reference, CreateRepository: imageTagMutability"),
      rule(
        "encryptionConfigurations[*].encryptionType",
        oneOf(["AES256", "KMS", "KMS_DSSE"]),
        "ECR API Reference, EncryptionConfiguration: encryptionType",
      ),
      rule(
        "encryptionConfigurations[*].kmsKey",
        arn({ service: "kms", resourceType: ["key", "alias"] }),
        "ECR API Reference, EncryptionConfiguration: kmsKey (a KMS key ARN)",
      ),
      rule(
        "imageTagMutabilityExclusionFilters[*].filterType",
        oneOf(["WILDCARD"]),
        "ECR API Reference, ImageTagMutabilityExclusionFilter: filterType",
      ),
    ],
    durations: { create: 2, source: "no timing in the research (expect seconds; not verified)" },
    replaceOn: ["name"],
    cost: PRICED,
  }),
  entry("aws:ecr/lifecyclePolicy:LifecyclePolicy", {
    constraints: [
      rule("repository", repoName, REPO_SOURCE),
      rule("policy", ecrLifecyclePolicy, 'ECR User Guide, "Lifecycle policy properties"'),
    ],
    durations: { create: 2, source: TIMING.NO_DATA },
    replaceOn: ["repository"],
    cost: ECR_FREE,
  }),
  entry("aws:ecr/repositoryPolicy:RepositoryPolicy", {
    constraints: [
      rule("repository", repoName, REPO_SOURCE),
      rule(
        "policy",
        iamPolicy("resource"),
        'ECR User Guide, "Private repository policies" (IAM policy grammar, a Principal in every statement)',
      ),
    ],
    durations: { create: 2, source: TIMING.NO_DATA },
    replaceOn: ["repository"],
    cost: ECR_FREE,
  }),
  entry("aws:ecr/registryPolicy:RegistryPolicy", {
    constraints: [
      rule(
        "policy",
        iamPolicy("resource"),
        'ECR User Guide, "Private registry permissions" (IAM policy grammar)',
      ),
    ],
    durations: { create: 2, source: TIMING.NO_DATA },
    cost: ECR_FREE,
  }),
  entry("aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration", {
    constraints: [
      rule(
        "scanType",
        oneOf(["BASIC", "ENHANCED"]),
        "ECR API Reference, PutRegistryScanningConfiguration: scanType",
      ),
      rule(
        "",
        scanRules,
        "ECR API Reference, RegistryScanningRule: scanFrequency (BASIC: SCAN_ON_PUSH; ENHANCED: SCAN_ON_PUSH, CONTINUOUS_SCAN)",
      ),
      rule(
        "rules[*].repositoryFilters[*].filterType",
        oneOf(["WILDCARD"]),
        "ECR API Reference, ScanningRepositoryFilter: filterType",
      ),
      rule(
        "rules[*].repositoryFilters[*].filter",
        str({
          min: 1,
          max: 256,
          pattern: /^[a-z0-9*](?:[._\-/a-z0-9*]?[a-z0-9*]+)*$/,
          allowed: "lowercase letters, digits, * and ._-/",
        }),
        "ECR API Reference, ScanningRepositoryFilter: filter (1-256, ^[a-z0-9*](?:[._\\-/a-z0-9*]?[a-z0-9*]+)*$)",
      ),
      rule("rules", listLength(0, 2), "ECR API Reference, RegistryScanningConfiguration: at most 2 rules"),
    ],
    durations: { create: 2, source: TIMING.NO_DATA },
    cost: ECR_FREE,
  }),
  entry("aws:ecr/pullThroughCacheRule:PullThroughCacheRule", {
    constraints: [
      rule(
        "ecrRepositoryPrefix",
        str({
          min: 2,
          max: 30,
          pattern: /^((?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*|ROOT)$/,
          allowed: "a repository prefix of lowercase letters, digits and ._-/",
        }),
        "ECR API Reference, CreatePullThroughCacheRule: ecrRepositoryPrefix (2-30)",
      ),
      rule(
        "credentialArn",
        arn({ service: "secretsmanager", resourceType: "secret" }),
        "ECR API Reference, CreatePullThroughCacheRule: credentialArn (a Secrets Manager secret ARN, name prefixed ecr-pullthroughcache/)",
      ),
      rule(
        "credentialArn",
        str({
          pattern: /:secret:ecr-pullthroughcache\//,
          allowed: "a secret whose name starts with ecr-pullthroughcache/",
        }),
        'ECR User Guide, "Storing your upstream repository credentials": secret names start with ecr-pullthroughcache/',
      ),
    ],
    durations: { create: 2, source: TIMING.NO_DATA },
    replaceOn: ["ecrRepositoryPrefix", "upstreamRegistryUrl"],
    cost: ECR_FREE,
  }),
  entry("aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate", {
    constraints: [
      rule(
        "imageTagMutability",
        MUTABILITY,
        "ECR API Reference, CreateRepositoryCreationTemplate: imageTagMutability",
      ),
      rule("lifecyclePolicy", ecrLifecyclePolicy, 'ECR User Guide, "Lifecycle policy properties"'),
      rule("repositoryPolicy", iamPolicy("resource"), 'ECR User Guide, "Private repository policies"'),
      rule(
        "description",
        str({ max: 256 }),
        "ECR API Reference, CreateRepositoryCreationTemplate: description (up to 256 characters)",
      ),
    ],
    durations: { create: 2, source: TIMING.NO_DATA },
    replaceOn: ["prefix"],
    cost: ECR_FREE,
  }),
  entry("aws:ecr/replicationConfiguration:ReplicationConfiguration", {
    constraints: [
      rule(
        "replicationConfiguration.rules",
        listLength(1, 10),
        '@pulumi/aws 7.48 ReplicationConfiguration: "A maximum of 10 are allowed" (ECR API Reference, ReplicationConfiguration)',
      ),
      rule(
        "replicationConfiguration.rules[*].destinations",
        listLength(1, 25),
        '@pulumi/aws 7.48 ReplicationConfigurationRule: "A maximum of 25 are allowed per rule"',
      ),
    ],
    durations: { create: 2, source: TIMING.NO_DATA },
    cost: ECR_FREE,
  }),
  entry("aws:ecrpublic/repository:Repository", {
    constraints: [
      rule(
        "repositoryName",
        str({ min: 2, max: 205, pattern: REPO }),
        "ECR Public API Reference, CreateRepository: repositoryName (2-205)",
      ),
    ],
    durations: { create: 2, source: TIMING.NO_DATA },
    replaceOn: ["repositoryName"],
    cost: FREE("public repositories: storage in the free tier is not modelled"),
  }),
];
