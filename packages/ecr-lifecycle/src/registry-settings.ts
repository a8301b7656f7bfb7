import {
  type ArnSpec,
  checkStatements,
  checkTags,
  describeArnSpec,
  isArnOf,
  isPlain,
  type PolicyStatement,
  policyDocument,
  type Tags,
  type ValidationIssue,
  Validator,
  validateWhenKnown,
} from "@berth/core";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  defaultLifecycleRules,
  type LifecycleRule,
  lifecyclePolicyJson,
  validateLifecycleRules,
} from "./lifecycle";
import { repositoryPolicyDocument } from "./repository-policy";

/** The component type token. */
export const REGISTRY_SETTINGS_TYPE = "berth:ecr:RegistrySettings";

/**
 * How often images matched by a scanning rule are scanned. `BASIC` supports `SCAN_ON_PUSH`;
 * `ENHANCED` supports `SCAN_ON_PUSH` and `CONTINUOUS_SCAN` (ECR API reference,
 * `RegistryScanningRule.scanFrequency`). `MANUAL` is only what a repository without a matching
 * rule gets; it is not a rule value (CloudFormation's allowed values omit it).
 */
export type ScanFrequency = "SCAN_ON_PUSH" | "CONTINUOUS_SCAN";

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

/** Upstream registries a pull-through cache rule can mirror. */
export type PullThroughUpstream = "ecr-public" | "quay" | "k8s" | "docker-hub" | "github";

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
  imageTagMutability?: "IMMUTABLE" | "MUTABLE";
  /** Lifecycle rules of the repositories the cache creates; `[]` for none. @default [expireUntaggedAfter(7), keepLast(30)] */
  lifecycleRules?: LifecycleRule[];
}

/** Features a repository creation template applies to. */
export type TemplateAppliedFor = "CREATE_ON_PUSH" | "PULL_THROUGH_CACHE" | "REPLICATION";

/** Settings for repositories ECR creates itself (on push, by pull-through cache or replication). */
export interface CreationTemplate {
  /** Repository name prefix the template matches, or `ROOT` for every repository without a better match. */
  prefix: string;
  /** What the template applies to. */
  appliedFor: TemplateAppliedFor[];
  /** @default none */
  description?: string;
  /** @default "IMMUTABLE" */
  imageTagMutability?: "IMMUTABLE" | "MUTABLE";
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
  scanType?: "BASIC" | "ENHANCED";
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

/** The actions a principal needs to pull an image through the cache the first time (ECR user guide). */
export const PULL_THROUGH_CACHE_ACTIONS = ["ecr:BatchImportUpstreamImage", "ecr:CreateRepository"] as const;

/**
 * The registry-policy statement that lets `principalArns` fill the pull-through cache: create the
 * cached repository and import the upstream image, only under the cache prefixes.
 */
export function pullThroughCacheStatement(args: {
  prefixes: readonly string[];
  principalArns: pulumi.Input<string>[];
  partition: pulumi.Input<string>;
  region: pulumi.Input<string>;
  accountId: pulumi.Input<string>;
}): PolicyStatement {
  return {
    sid: "PullThroughCache",
    effect: "Allow",
    principals: { aws: args.principalArns },
    actions: [...PULL_THROUGH_CACHE_ACTIONS],
    resources: args.prefixes.map(
      (prefix) =>
        pulumi.interpolate`arn:${args.partition}:ecr:${args.region}:${args.accountId}:repository/${prefix}/*`,
    ),
  };
}

const ARGS_KEYS = [
  "scanType",
  "scanRules",
  "replicationRules",
  "pullThroughCache",
  "creationTemplates",
  "replicationSourceAccountIds",
  "pullThroughCachePrincipalArns",
] satisfies readonly (keyof RegistrySettingsArgs)[];
const SCAN_RULE_KEYS = ["frequency", "filters"] satisfies readonly (keyof ScanRule)[];
const REPLICATION_RULE_KEYS = ["destinations", "prefixes"] satisfies readonly (keyof ReplicationRule)[];
const DESTINATION_KEYS = ["region", "registryId"] satisfies readonly (keyof ReplicationDestination)[];
const CACHE_KEYS = [
  "upstream",
  "prefix",
  "credentialArn",
  "imageTagMutability",
  "lifecycleRules",
] satisfies readonly (keyof PullThroughCacheRule)[];
const TEMPLATE_KEYS = [
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
] satisfies readonly (keyof CreationTemplate)[];

/** ECR limits this component checks (API reference and service quotas). */
export const REGISTRY_LIMITS = {
  maxReplicationRules: 10,
  maxDestinationsPerRule: 25,
  maxFiltersPerReplicationRule: 100,
  maxPullThroughCacheRules: 50,
} as const;

const SCAN_FILTER = /^[a-z0-9*](?:[._\-/a-z0-9*]?[a-z0-9*]+)*$/;
const REPLICATION_PREFIX = /^[a-z0-9._/-]{2,256}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const ACCOUNT_ID = /^\d{12}$/;
const PTC_PREFIX = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const PTC_SECRET = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:ecr-pullthroughcache\/.+$/;
const TEMPLATE_PREFIX = /^(ROOT|(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*\/?)$/;
const EXCLUSION_FILTER = /^[A-Za-z0-9._*-]{1,128}$/;
const FREQUENCIES: readonly ScanFrequency[] = ["SCAN_ON_PUSH", "CONTINUOUS_SCAN"];
const IAM_ROLE = { service: "iam", resourceType: "role" } as const;
const KMS_KEY = { service: "kms", resourceType: ["key", "alias"] } as const;
const APPLIED_FOR: readonly TemplateAppliedFor[] = ["CREATE_ON_PUSH", "PULL_THROUGH_CACHE", "REPLICATION"];

function checkCredential(
  upstream: PullThroughUpstream,
  arn: pulumi.Input<string> | undefined,
  at: string,
  v: Validator,
): void {
  const needs = PULL_THROUGH_UPSTREAMS[upstream]?.credential === "required";
  if (needs) {
    v.check(
      arn !== undefined,
      `${at}.credentialArn`,
      arn,
      `a Secrets Manager secret ARN for ${upstream}`,
      "create a secret named ecr-pullthroughcache/<name> with username and accessToken",
    );
  } else {
    v.check(
      arn === undefined,
      `${at}.credentialArn`,
      isPlain(arn) ? arn : "<output>",
      `no credential for ${upstream}`,
    );
  }
  if (needs && arn !== undefined && isPlain(arn)) {
    v.check(
      PTC_SECRET.test(arn),
      `${at}.credentialArn`,
      arn,
      "a Secrets Manager secret ARN whose name starts with ecr-pullthroughcache/",
    );
  }
}

/**
 * Registry-wide ECR settings.
 *
 * **An account-and-region singleton.** The private registry exists once per account and region,
 * and so do its scanning configuration, replication configuration and registry policy; pull-through
 * cache rules and creation templates are unique per prefix in it. Declare `RegistrySettings` in
 * exactly one stack per account and region (Berth's `stacks/account` layer), never in a
 * per-environment stack: two environments sharing an account would overwrite each other's scanning
 * and replication on every deploy, and the second stack's pull-through cache rule fails because the
 * prefix already exists.
 *
 * Creates: `aws.ecr.RegistryScanningConfiguration` (`<name>-scanning`, always),
 * `aws.ecr.ReplicationConfiguration` (`<name>-replication`, with replication rules),
 * `aws.ecr.PullThroughCacheRule` (`<name>-ptc-<prefix>`, one per rule) with its
 * `aws.ecr.RepositoryCreationTemplate` (`<name>-ptc-<prefix>-template`, `PULL_THROUGH_CACHE`,
 * unless `creationTemplates` has one for that prefix), `aws.ecr.RepositoryCreationTemplate`
 * (`<name>-template-<i>`, one per template) and `aws.ecr.RegistryPolicy` (`<name>-policy`, with
 * `replicationSourceAccountIds` or `pullThroughCachePrincipalArns`).
 */
export class RegistrySettings extends pulumi.ComponentResource {
  /** The registry (account) id. */
  readonly registryId: pulumi.Output<string>;
  /** The scan type set. */
  readonly scanType: "BASIC" | "ENHANCED";
  /** Pull-through cache prefixes created, by upstream. */
  readonly pullThroughCachePrefixes: Partial<Record<PullThroughUpstream, string>>;

  constructor(name: string, args: RegistrySettingsArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super(REGISTRY_SETTINGS_TYPE, name, {}, opts);

    const v = new Validator(REGISTRY_SETTINGS_TYPE, name);
    v.knownKeys("", args, ARGS_KEYS);
    const scanType = args.scanType ?? "BASIC";
    v.check(scanType === "BASIC" || scanType === "ENHANCED", "scanType", scanType, "BASIC or ENHANCED");
    const scanRules = args.scanRules ?? [{ frequency: "SCAN_ON_PUSH", filters: ["*"] }];
    const frequencies = new Set<string>();
    scanRules.forEach((r, i) => {
      const at = `scanRules[${i}]`;
      v.knownKeys(at, r, SCAN_RULE_KEYS);
      if (!v.required(`${at}.filters`, r.filters, 'repository filters ("*" for every repository)')) return;
      if (!v.check(FREQUENCIES.includes(r.frequency), `${at}.frequency`, r.frequency, FREQUENCIES.join(", ")))
        return;
      v.check(
        !(r.frequency === "CONTINUOUS_SCAN" && scanType === "BASIC"),
        `${at}.frequency`,
        r.frequency,
        'SCAN_ON_PUSH with scanType "BASIC"',
        'set scanType "ENHANCED" for continuous scanning',
      );
      v.check(!frequencies.has(r.frequency), `${at}.frequency`, r.frequency, "one rule per frequency");
      frequencies.add(r.frequency);
      v.check(
        r.filters.length > 0,
        `${at}.filters`,
        r.filters,
        'at least one filter ("*" for every repository)',
      );
      r.filters.forEach((f, j) => {
        v.check(
          SCAN_FILTER.test(f) && f.length <= 256,
          `${at}.filters[${j}]`,
          f,
          "a lowercase repository name pattern with * wildcards",
        );
      });
    });

    const replication = args.replicationRules ?? [];
    v.check(
      replication.length <= REGISTRY_LIMITS.maxReplicationRules,
      "replicationRules",
      `${replication.length} rules`,
      `at most ${REGISTRY_LIMITS.maxReplicationRules} rules`,
    );
    replication.forEach((r, i) => {
      const at = `replicationRules[${i}]`;
      v.knownKeys(at, r, REPLICATION_RULE_KEYS);
      if (!v.required(`${at}.destinations`, r.destinations, "1 to 25 destinations")) return;
      r.destinations.forEach((d, j) => {
        v.knownKeys(`${at}.destinations[${j}]`, d, DESTINATION_KEYS);
      });
      v.check(
        r.destinations.length >= 1 && r.destinations.length <= REGISTRY_LIMITS.maxDestinationsPerRule,
        `${at}.destinations`,
        `${r.destinations.length} destinations`,
        `1 to ${REGISTRY_LIMITS.maxDestinationsPerRule} destinations`,
      );
      r.destinations.forEach((d, j) => {
        v.check(
          REGION.test(d.region),
          `${at}.destinations[${j}].region`,
          d.region,
          "an AWS region like eu-west-1",
        );
        if (d.registryId !== undefined && isPlain(d.registryId)) {
          v.check(
            ACCOUNT_ID.test(d.registryId),
            `${at}.destinations[${j}].registryId`,
            d.registryId,
            "a 12-digit AWS account id",
          );
        }
      });
      const prefixes = r.prefixes ?? [];
      v.check(
        prefixes.length <= REGISTRY_LIMITS.maxFiltersPerReplicationRule,
        `${at}.prefixes`,
        `${prefixes.length} prefixes`,
        `at most ${REGISTRY_LIMITS.maxFiltersPerReplicationRule} prefixes`,
      );
      prefixes.forEach((p, j) => {
        v.check(
          REPLICATION_PREFIX.test(p),
          `${at}.prefixes[${j}]`,
          p,
          "2 to 256 lowercase letters, digits, . _ - /",
        );
      });
    });

    const caches = args.pullThroughCache ?? [];
    v.check(
      caches.length <= REGISTRY_LIMITS.maxPullThroughCacheRules,
      "pullThroughCache",
      `${caches.length} rules`,
      `at most ${REGISTRY_LIMITS.maxPullThroughCacheRules} rules (ECR quota, not adjustable)`,
    );
    const prefixes = new Map<string, number>();
    caches.forEach((c, i) => {
      const at = `pullThroughCache[${i}]`;
      v.knownKeys(at, c, CACHE_KEYS);
      const upstreams = Object.keys(PULL_THROUGH_UPSTREAMS);
      if (
        !v.check(
          upstreams.includes(c.upstream),
          `${at}.upstream`,
          c.upstream,
          `one of ${upstreams.join(", ")}`,
        )
      ) {
        return;
      }
      const prefix = c.prefix ?? c.upstream;
      v.check(
        prefix.length >= 2 && prefix.length <= 30 && PTC_PREFIX.test(prefix),
        `${at}.prefix`,
        prefix,
        "2 to 30 lowercase letters, digits, . _ - /",
      );
      const first = prefixes.get(prefix);
      v.check(
        first === undefined,
        `${at}.prefix`,
        prefix,
        `a prefix unique in the registry (pullThroughCache[${first}] uses it)`,
      );
      if (first === undefined) prefixes.set(prefix, i);
      checkCredential(c.upstream, c.credentialArn, at, v);
      const mutability = c.imageTagMutability ?? "IMMUTABLE";
      v.check(
        mutability === "IMMUTABLE" || mutability === "MUTABLE",
        `${at}.imageTagMutability`,
        mutability,
        "IMMUTABLE or MUTABLE",
      );
      const rules = c.lifecycleRules ?? defaultLifecycleRules();
      if (rules.length > 0) v.merge(validateLifecycleRules(rules, `${at}.lifecycleRules`));
    });

    const templates = args.creationTemplates ?? [];
    const templatePrefixes = new Set<string>();
    templates.forEach((t, i) => {
      const at = `creationTemplates[${i}]`;
      v.knownKeys(at, t, TEMPLATE_KEYS);
      const hasPrefix = v.required(`${at}.prefix`, t.prefix, "ROOT or a repository name prefix");
      const hasAppliedFor = v.required(
        `${at}.appliedFor`,
        t.appliedFor,
        "one or more of CREATE_ON_PUSH, PULL_THROUGH_CACHE, REPLICATION",
      );
      if (!hasPrefix || !hasAppliedFor) return;
      v.check(
        TEMPLATE_PREFIX.test(t.prefix) && t.prefix.length <= 256,
        `${at}.prefix`,
        t.prefix,
        "ROOT or a lowercase repository name prefix",
      );
      v.check(!templatePrefixes.has(t.prefix), `${at}.prefix`, t.prefix, "a prefix unique among templates");
      templatePrefixes.add(t.prefix);
      v.check(
        t.appliedFor.length > 0 && t.appliedFor.every((a) => APPLIED_FOR.includes(a)),
        `${at}.appliedFor`,
        t.appliedFor,
        `one or more of ${APPLIED_FOR.join(", ")}`,
      );
      const mutability = t.imageTagMutability ?? "IMMUTABLE";
      v.check(
        mutability === "IMMUTABLE" || mutability === "MUTABLE",
        `${at}.imageTagMutability`,
        mutability,
        "IMMUTABLE or MUTABLE",
      );
      (t.mutabilityExclusions ?? []).forEach((f, j) => {
        v.check(
          EXCLUSION_FILTER.test(f) && f.split("*").length - 1 <= 2,
          `${at}.mutabilityExclusions[${j}]`,
          f,
          "1 to 128 letters, digits, . _ - with at most 2 wildcards (*)",
        );
      });
      const rules = t.lifecycleRules ?? defaultLifecycleRules();
      if (rules.length > 0) v.merge(validateLifecycleRules(rules, `${at}.lifecycleRules`));
      const needsRole = t.kmsKeyArn !== undefined || Object.keys(t.resourceTags ?? {}).length > 0;
      v.check(
        !needsRole || t.customRoleArn !== undefined,
        `${at}.customRoleArn`,
        undefined,
        "a role ARN when the template sets resourceTags or kmsKeyArn (ECR creates the repository as that role)",
      );
      if (isPlain(t.kmsKeyArn)) v.arn(`${at}.kmsKeyArn`, t.kmsKeyArn, KMS_KEY);
      if (isPlain(t.customRoleArn)) v.arn(`${at}.customRoleArn`, t.customRoleArn, IAM_ROLE);
      v.merge(checkTags(t.resourceTags, `${at}.resourceTags`));
      if (t.repositoryPolicyStatements?.length) {
        v.merge(
          checkStatements(t.repositoryPolicyStatements, `${at}.repositoryPolicyStatements`, {
            kind: "resource",
          }),
        );
      }
    });
    // A creation template the user gave for a cache prefix replaces Berth's; it must apply to the cache.
    caches.forEach((c, i) => {
      const prefix = c.prefix ?? c.upstream;
      const j = templates.findIndex((t) => t.prefix === prefix);
      const t = templates[j];
      if (t === undefined) return;
      v.check(
        Array.isArray(t.appliedFor) && t.appliedFor.includes("PULL_THROUGH_CACHE"),
        `creationTemplates[${j}].appliedFor`,
        t.appliedFor,
        `a list including PULL_THROUGH_CACHE: prefix "${prefix}" is the prefix of pullThroughCache[${i}]`,
        "or drop this template and set pullThroughCache[].imageTagMutability and lifecycleRules",
      );
    });
    (args.replicationSourceAccountIds ?? []).forEach((id, i) => {
      v.check(ACCOUNT_ID.test(id), `replicationSourceAccountIds[${i}]`, id, "a 12-digit AWS account id");
    });
    const cachePrincipals = args.pullThroughCachePrincipalArns ?? [];
    if (cachePrincipals.length > 0) {
      v.check(
        caches.length > 0,
        "pullThroughCachePrincipalArns",
        `${cachePrincipals.length} principals`,
        "unset unless pullThroughCache has rules (the grant is scoped to their prefixes)",
      );
    }
    cachePrincipals.forEach((arn, i) => {
      if (isPlain(arn)) v.merge(checkCachePrincipal(arn, i));
    });
    v.throwIfAny();

    // Scanning: always set, so the registry's scanning is declared rather than left to the console.
    const scanning = new aws.ecr.RegistryScanningConfiguration(
      `${name}-scanning`,
      {
        scanType,
        rules: scanRules.map((r) => ({
          scanFrequency: r.frequency,
          repositoryFilters: r.filters.map((filter) => ({ filter, filterType: "WILDCARD" })),
        })),
      },
      { parent: this },
    );

    // Replication.
    if (replication.length > 0) {
      let account: pulumi.Output<string> | undefined;
      const thisAccount = () => {
        account ??= aws.getCallerIdentityOutput({}, { parent: this }).accountId;
        return account;
      };
      new aws.ecr.ReplicationConfiguration(
        `${name}-replication`,
        {
          replicationConfiguration: {
            rules: replication.map((r) => ({
              destinations: r.destinations.map((d) => ({
                region: d.region,
                registryId: d.registryId ?? thisAccount(),
              })),
              repositoryFilters: r.prefixes?.length
                ? r.prefixes.map((filter) => ({ filter, filterType: "PREFIX_MATCH" }))
                : undefined,
            })),
          },
        },
        { parent: this },
      );
    }

    // Pull-through cache rules, each with a creation template for its prefix: without one, ECR
    // creates cached repositories MUTABLE and with no lifecycle policy.
    const created: Partial<Record<PullThroughUpstream, string>> = {};
    caches.forEach((c, i) => {
      const prefix = c.prefix ?? c.upstream;
      const key = `${name}-ptc-${prefix.replace(/[^a-z0-9-]/g, "-")}`;
      created[c.upstream] = prefix;
      new aws.ecr.PullThroughCacheRule(
        key,
        {
          ecrRepositoryPrefix: prefix,
          upstreamRegistryUrl: PULL_THROUGH_UPSTREAMS[c.upstream].url,
          // A secret ARN known only at deployment (another stack's secret) is checked once known.
          credentialArn:
            c.credentialArn === undefined || isPlain(c.credentialArn)
              ? c.credentialArn
              : validateWhenKnown(REGISTRY_SETTINGS_TYPE, name, c.credentialArn, (arn, check) => {
                  check.check(
                    PTC_SECRET.test(arn),
                    `pullThroughCache[${i}].credentialArn`,
                    arn,
                    "a Secrets Manager secret ARN whose name starts with ecr-pullthroughcache/",
                  );
                }),
        },
        { parent: this },
      );
      if (templates.some((t) => t.prefix === prefix)) return;
      const rules = c.lifecycleRules ?? defaultLifecycleRules();
      new aws.ecr.RepositoryCreationTemplate(
        `${key}-template`,
        {
          prefix,
          appliedFors: ["PULL_THROUGH_CACHE"],
          description: `Repositories the ${c.upstream} pull-through cache creates (Berth)`,
          imageTagMutability: c.imageTagMutability ?? "IMMUTABLE",
          encryptionConfigurations: [{ encryptionType: "AES256" }],
          lifecyclePolicy:
            rules.length > 0
              ? lifecyclePolicyJson(rules, {
                  component: REGISTRY_SETTINGS_TYPE,
                  resourceName: name,
                  path: `pullThroughCache[${i}].lifecycleRules`,
                })
              : undefined,
        },
        { parent: this },
      );
    });

    // An ARN known only at deployment (another stack's key or role) is checked once known.
    const whenKnown = (arn: pulumi.Input<string>, path: string, spec: ArnSpec) =>
      isPlain(arn)
        ? arn
        : validateWhenKnown(REGISTRY_SETTINGS_TYPE, name, arn, (known, check) => {
            check.arn(path, known, spec);
          });

    // Repository creation templates.
    templates.forEach((t, i) => {
      const rules = t.lifecycleRules ?? defaultLifecycleRules();
      const exclusions = t.mutabilityExclusions ?? [];
      const mutability = t.imageTagMutability ?? "IMMUTABLE";
      new aws.ecr.RepositoryCreationTemplate(
        `${name}-template-${i}`,
        {
          prefix: t.prefix,
          appliedFors: t.appliedFor,
          description: t.description,
          imageTagMutability: exclusions.length > 0 ? `${mutability}_WITH_EXCLUSION` : mutability,
          imageTagMutabilityExclusionFilters: exclusions.length
            ? exclusions.map((filter) => ({ filter, filterType: "WILDCARD" }))
            : undefined,
          encryptionConfigurations: [
            t.kmsKeyArn !== undefined
              ? {
                  encryptionType: "KMS",
                  kmsKey: whenKnown(t.kmsKeyArn, `creationTemplates[${i}].kmsKeyArn`, KMS_KEY),
                }
              : { encryptionType: "AES256" },
          ],
          lifecyclePolicy:
            rules.length > 0
              ? lifecyclePolicyJson(rules, {
                  component: REGISTRY_SETTINGS_TYPE,
                  resourceName: name,
                  path: `creationTemplates[${i}].lifecycleRules`,
                })
              : undefined,
          repositoryPolicy: t.repositoryPolicyStatements?.length
            ? repositoryPolicyDocument(t.repositoryPolicyStatements)
            : undefined,
          customRoleArn:
            t.customRoleArn === undefined
              ? undefined
              : whenKnown(t.customRoleArn, `creationTemplates[${i}].customRoleArn`, IAM_ROLE),
          resourceTags: t.resourceTags,
        },
        { parent: this },
      );
    });

    // Registry policy (one per registry): lets source accounts replicate into this registry, and
    // the given roles fill the pull-through cache.
    const sources = args.replicationSourceAccountIds ?? [];
    if (sources.length > 0 || cachePrincipals.length > 0) {
      const partition = aws.getPartitionOutput({}, { parent: this }).partition;
      const region = aws.getRegionOutput({}, { parent: this }).region;
      const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
      const statements: PolicyStatement[] = [];
      if (sources.length > 0) {
        statements.push({
          sid: "ReplicationFromSourceAccounts",
          effect: "Allow",
          principals: {
            aws: sources.map((id) => pulumi.interpolate`arn:${partition}:iam::${id}:root`),
          },
          actions: ["ecr:CreateRepository", "ecr:ReplicateImage"],
          resources: [pulumi.interpolate`arn:${partition}:ecr:${region}:${account}:repository/*`],
        });
      }
      if (cachePrincipals.length > 0) {
        statements.push(
          pullThroughCacheStatement({
            prefixes: caches.map((c) => c.prefix ?? c.upstream),
            principalArns: cachePrincipals.map((arn) =>
              isPlain(arn)
                ? arn
                : validateWhenKnown(REGISTRY_SETTINGS_TYPE, name, arn, (known, check) => {
                    check.merge(checkCachePrincipal(known, cachePrincipals.indexOf(arn)));
                  }),
            ),
            partition,
            region,
            accountId: account,
          }),
        );
      }
      new aws.ecr.RegistryPolicy(
        `${name}-policy`,
        { policy: policyDocument(statements, { kind: "resource" }) },
        { parent: this },
      );
    }

    this.registryId = scanning.registryId;
    this.scanType = scanType;
    this.pullThroughCachePrefixes = created;
    this.registerOutputs({
      registryId: this.registryId,
      scanType: this.scanType,
      pullThroughCachePrefixes: this.pullThroughCachePrefixes,
    });
  }
}

function checkCachePrincipal(arn: string, i: number): ValidationIssue[] {
  return isArnOf(arn, IAM_ROLE)
    ? []
    : [{ path: `pullThroughCachePrincipalArns[${i}]`, value: arn, allowed: describeArnSpec(IAM_ROLE) }];
}
