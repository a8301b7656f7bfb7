import type { PolicyStatement, Tags } from "@berth/core";
import type * as pulumi from "@pulumi/pulumi";
import type { LifecycleRule } from "./lifecycle";
import type { ImageTagMutability } from "./tag-mutability";

/** The component type token. */
export const REGISTRY_SETTINGS_TYPE = "berth:ecr:RegistrySettings";

/**
 * How often images matched by a scanning rule are scanned. `BASIC` supports `SCAN_ON_PUSH`;
 * `ENHANCED` supports `SCAN_ON_PUSH` and `CONTINUOUS_SCAN` (ECR API reference,
 * `RegistryScanningRule.scanFrequency`). `MANUAL` is only what a repository without a matching
 * rule gets; it is not a rule value (CloudFormation's allowed values omit it).
 */
export const ScanFrequency = {
  /** Scan each image when it is pushed (`BASIC` and `ENHANCED`). */
  ScanOnPush: "SCAN_ON_PUSH",
  /** Scan continuously, as new vulnerabilities are published (`ENHANCED` only). */
  ContinuousScan: "CONTINUOUS_SCAN",
} as const;
/** How often images matched by a scanning rule are scanned. */
export type ScanFrequency = (typeof ScanFrequency)[keyof typeof ScanFrequency];

/**
 * The registry's scanning (ECR API reference, `PutRegistryScanningConfiguration.scanType`).
 */
export const ScanType = {
  /** The free ECR scanner, on push. */
  Basic: "BASIC",
  /** Amazon Inspector: continuous scanning of OS and language packages, billed per image. */
  Enhanced: "ENHANCED",
} as const;
/** The registry's scanning. */
export type ScanType = (typeof ScanType)[keyof typeof ScanType];

/** One registry scanning rule. */
export interface ScanRule {
  /** When to scan. */
  frequency: ScanFrequency;
  /** Repository name filters with `*` wildcards, e.g. `shop/*`; `*` is every repository. */
  filters: string[];
}

/** Where replicated images go. */
export interface ReplicationDestination {
  /** Destination region, e.g. `eu-west-1`. */
  region: string;
  /**
   * Destination registry (account id). Another account must allow `ecr:ReplicateImage` for this
   * account in its registry policy.
   * @default this account (cross-region replication)
   */
  registryId?: pulumi.Input<string>;
}

/** One replication rule: destinations and, optionally, the repository name prefixes to replicate. */
export interface ReplicationRule {
  /** 1 to 25 destinations. */
  destinations: ReplicationDestination[];
  /** Repository name prefixes (`PREFIX_MATCH`), up to 100. @default every repository */
  prefixes?: string[];
}

/** Upstream registries a pull-through cache rule can mirror (ECR user guide, "Sync an upstream registry"). */
export const PullThroughUpstream = {
  /** Amazon ECR Public, `public.ecr.aws`. */
  EcrPublic: "ecr-public",
  /** Quay, `quay.io`. */
  Quay: "quay",
  /** The Kubernetes registry, `registry.k8s.io`. */
  K8s: "k8s",
  /** Docker Hub, `registry-1.docker.io` (needs a credential). */
  DockerHub: "docker-hub",
  /** GitHub Container Registry, `ghcr.io` (needs a credential). */
  Github: "github",
} as const;
/** Upstream registries a pull-through cache rule can mirror. */
export type PullThroughUpstream = (typeof PullThroughUpstream)[keyof typeof PullThroughUpstream];

/** The registry URL of each upstream, and whether it needs a Secrets Manager credential. */
export const PULL_THROUGH_UPSTREAMS: Record<
  PullThroughUpstream,
  { url: string; credential: "required" | "none" }
> = {
  "ecr-public": { url: "public.ecr.aws", credential: "none" },
  quay: { url: "quay.io", credential: "none" },
  k8s: { url: "registry.k8s.io", credential: "none" },
  "docker-hub": { url: "registry-1.docker.io", credential: "required" },
  github: { url: "ghcr.io", credential: "required" },
};

/** One pull-through cache rule: `<account>.dkr.ecr.<region>.amazonaws.com/<prefix>/<upstream image>`. */
export interface PullThroughCacheRule {
  /** The upstream registry. */
  upstream: PullThroughUpstream;
  /** The ECR repository prefix (2 to 30 characters, lowercase). @default the upstream name */
  prefix?: string;
  /**
   * Secrets Manager secret ARN with the upstream credentials; its name must start with
   * `ecr-pullthroughcache/`. Required for `docker-hub` and `github`, not accepted for the others.
   * @default none
   */
  credentialArn?: pulumi.Input<string>;
  /**
   * Tag mutability of the repositories the cache creates (through a `PULL_THROUGH_CACHE` creation
   * template for `prefix`). With `IMMUTABLE`, a cached tag keeps the image first pulled: "Turning
   * on image tag immutability for repositories using a pull through cache rule will prevent Amazon
   * ECR from updating images using the same tag" (ECR user guide, pull through cache). Use
   * `MUTABLE` to follow moving upstream tags.
   * @default "IMMUTABLE"
   */
  imageTagMutability?: ImageTagMutability;
  /** Lifecycle rules of the repositories the cache creates; `[]` for none. @default [expireUntaggedAfter(7), keepLast(30)] */
  lifecycleRules?: LifecycleRule[];
}

/** Features a repository creation template applies to (ECR API reference, `CreateRepositoryCreationTemplate.appliedFor`). */
export const TemplateAppliedFor = {
  /** Repositories created by a push to a repository that does not exist. */
  CreateOnPush: "CREATE_ON_PUSH",
  /** Repositories a pull-through cache rule creates. */
  PullThroughCache: "PULL_THROUGH_CACHE",
  /** Repositories replication creates. */
  Replication: "REPLICATION",
} as const;
/** Features a repository creation template applies to. */
export type TemplateAppliedFor = (typeof TemplateAppliedFor)[keyof typeof TemplateAppliedFor];

/** Settings for repositories ECR creates itself (on push, by pull-through cache or replication). */
export interface CreationTemplate {
  /** Repository name prefix the template matches, or `ROOT` for every repository without a better match. */
  prefix: string;
  /** What the template applies to. */
  appliedFor: TemplateAppliedFor[];
  /** What the template is for, shown in the ECR console. @default none */
  description?: string;
  /** Tag mutability of created repositories. @default "IMMUTABLE" */
  imageTagMutability?: ImageTagMutability;
  /** Tags exempt from `imageTagMutability` (wildcards, at most 2 `*`). @default none */
  mutabilityExclusions?: string[];
  /** Lifecycle rules for created repositories; `[]` for none. @default [expireUntaggedAfter(7), keepLast(30)] */
  lifecycleRules?: LifecycleRule[];
  /** KMS key ARN; created repositories use AES256 without it. Needs `customRoleArn`. @default none */
  kmsKeyArn?: pulumi.Input<string>;
  /** Role ECR assumes to create repositories; required with `resourceTags` or `kmsKeyArn`. @default none */
  customRoleArn?: pulumi.Input<string>;
  /** Tags for created repositories. Needs `customRoleArn`. @default none */
  resourceTags?: Tags;
  /** Repository policy statements for created repositories. @default none */
  repositoryPolicyStatements?: PolicyStatement[];
}

/** Arguments of {@link RegistrySettings}. */
export interface RegistrySettingsArgs {
  /**
   * `BASIC` (free, scan on push with the ECR scanner) or `ENHANCED` (Amazon Inspector, continuous
   * scanning of OS and language packages, billed per image).
   * @default "BASIC"
   */
  scanType?: ScanType;
  /** Scanning rules, one per frequency. @default [{ frequency: "SCAN_ON_PUSH", filters: ["*"] }] */
  scanRules?: ScanRule[];
  /** Replication rules (at most 10); none creates no replication configuration. @default none */
  replicationRules?: ReplicationRule[];
  /** Pull-through cache rules (at most 50 per registry). @default none */
  pullThroughCache?: PullThroughCacheRule[];
  /** Repository creation templates. @default none */
  creationTemplates?: CreationTemplate[];
  /**
   * Account ids (12 digits) allowed to replicate into this registry: the destination side of
   * cross-account replication. Creates the registry policy (`ecr:CreateRepository`,
   * `ecr:ReplicateImage` on this registry's repositories).
   * @default none (no registry policy)
   */
  replicationSourceAccountIds?: string[];
  /**
   * IAM role ARNs that may pull through the cache for the first time: the registry policy grants
   * them `ecr:CreateRepository` and `ecr:BatchImportUpstreamImage` on
   * `repository/<prefix>/*` of every `pullThroughCache` prefix (ECR user guide, "IAM permissions
   * required to sync an upstream registry"). Give the EKS node roles and the ECS task execution
   * roles that pull cached images; they still need the pull actions (e.g.
   * `AmazonEC2ContainerRegistryPullOnly`). Values known only at deployment are checked once known.
   * @default none (then only principals whose own IAM policies allow those actions can fill the cache)
   */
  pullThroughCachePrincipalArns?: pulumi.Input<string>[];
}

/** Every property of {@link RegistrySettingsArgs} and of its nested objects. */
export const REGISTRY_SETTINGS_KEYS = {
  args: [
    "scanType",
    "scanRules",
    "replicationRules",
    "pullThroughCache",
    "creationTemplates",
    "replicationSourceAccountIds",
    "pullThroughCachePrincipalArns",
  ] satisfies readonly (keyof RegistrySettingsArgs)[],
  scanRule: ["frequency", "filters"] satisfies readonly (keyof ScanRule)[],
  replicationRule: ["destinations", "prefixes"] satisfies readonly (keyof ReplicationRule)[],
  destination: ["region", "registryId"] satisfies readonly (keyof ReplicationDestination)[],
  cache: [
    "upstream",
    "prefix",
    "credentialArn",
    "imageTagMutability",
    "lifecycleRules",
  ] satisfies readonly (keyof PullThroughCacheRule)[],
  template: [
    "prefix",
    "appliedFor",
    "description",
    "imageTagMutability",
    "mutabilityExclusions",
    "lifecycleRules",
    "kmsKeyArn",
    "customRoleArn",
    "resourceTags",
    "repositoryPolicyStatements",
  ] satisfies readonly (keyof CreationTemplate)[],
} as const;

/** ECR limits this component checks (API reference and service quotas). */
export const REGISTRY_LIMITS = {
  maxReplicationRules: 10,
  maxDestinationsPerRule: 25,
  maxFiltersPerReplicationRule: 100,
  maxPullThroughCacheRules: 50,
} as const;
