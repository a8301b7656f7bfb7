import {
  type ArnSpec,
  checkStatements,
  checkTags,
  isArnOf,
  isPlain,
  type PolicyStatement,
  parseArn,
  type Tags,
  Validator,
} from "@berth/core";
import type * as pulumi from "@pulumi/pulumi";
import {
  defaultLifecycleRules,
  type LifecycleRule,
  lifecyclePolicyJson,
  validateLifecycleRules,
} from "./lifecycle";
import {
  type CreationTemplate,
  REGISTRY_SETTINGS_KEYS as KEYS,
  PULL_THROUGH_UPSTREAMS,
  type PullThroughCacheRule,
  type PullThroughUpstream,
  REGISTRY_LIMITS,
  REGISTRY_SETTINGS_TYPE,
  type RegistrySettingsArgs,
  type ReplicationRule,
  ScanFrequency,
  type ScanRule,
  ScanType,
  TemplateAppliedFor,
} from "./registry-settings-args";
import { isAccountId } from "./repository-policy";
import { checkTagMutability, ImageTagMutability } from "./tag-mutability";

/** Scan filters: lowercase repository name characters and `*` (ECR API, `ScanningRepositoryFilter.filter`). */
const SCAN_FILTER = /^[a-z0-9*](?:[._\-/a-z0-9*]?[a-z0-9*]+)*$/;
/** Replication `PREFIX_MATCH` filters: 2 to 256 characters (ECR API, `RepositoryFilter.filter`). */
const REPLICATION_PREFIX = /^[a-z0-9._/-]{2,256}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
/** Pull-through cache prefixes: 2 to 30 characters (ECR API, `CreatePullThroughCacheRule.ecrRepositoryPrefix`). */
const PTC_PREFIX = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
/** The cache's credential must be a secret named `ecr-pullthroughcache/...` (ECR user guide). */
const PTC_SECRET: ArnSpec = { service: "secretsmanager", resourceType: "secret" };
/** Creation template prefixes: `ROOT` or a repository name prefix (ECR API, `CreateRepositoryCreationTemplate.prefix`). */
const TEMPLATE_PREFIX = /^(ROOT|(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*\/?)$/;
/** The role ECR assumes, and the pull-through cache principals. */
export const IAM_ROLE: ArnSpec = { service: "iam", resourceType: "role" };
/** A template's KMS key or alias. */
export const TEMPLATE_KMS_KEY: ArnSpec = { service: "kms", resourceType: ["key", "alias"] };
const FREQUENCIES: readonly ScanFrequency[] = Object.values(ScanFrequency);
const APPLIED_FOR: readonly TemplateAppliedFor[] = Object.values(TemplateAppliedFor);
const UPSTREAMS = Object.keys(PULL_THROUGH_UPSTREAMS) as PullThroughUpstream[];

/** A child name part from a prefix: the characters Pulumi names allow, others as `-`. */
export function prefixKey(prefix: string): string {
  return prefix.replace(/[^A-Za-z0-9-]/g, "-");
}

/** A pull-through cache rule, checked, with its defaults and child names. */
export interface ResolvedPullThroughCacheRule {
  upstream: PullThroughUpstream;
  prefix: string;
  /** The upstream registry URL. */
  upstreamRegistryUrl: string;
  credentialArn: pulumi.Input<string> | undefined;
  imageTagMutability: ImageTagMutability;
  lifecycleRules: LifecycleRule[];
  /** The rendered lifecycle policy of the cache's template, or undefined for `[]`. */
  lifecyclePolicy: string | undefined;
  /** The field path of the rule, e.g. `pullThroughCache[1]`. */
  path: string;
  /** `rule`: the cache rule; `template`: its creation template, unless `creationTemplates` has the prefix. */
  names: { rule: string; template?: string };
}

/** A creation template, checked, with its defaults and child name. */
export interface ResolvedCreationTemplate {
  prefix: string;
  appliedFor: TemplateAppliedFor[];
  description: string | undefined;
  imageTagMutability: ImageTagMutability;
  mutabilityExclusions: string[];
  lifecycleRules: LifecycleRule[];
  lifecyclePolicy: string | undefined;
  kmsKeyArn: pulumi.Input<string> | undefined;
  customRoleArn: pulumi.Input<string> | undefined;
  resourceTags: Tags | undefined;
  repositoryPolicyStatements: PolicyStatement[];
  /** The field path of the template, e.g. `creationTemplates[0]`. */
  path: string;
  /** `template`: keyed by prefix; `previous`: the list-position name it had before (its alias). */
  names: { template: string; previous: string };
}

/** The arguments of a {@link RegistrySettings}, checked, with every default filled. */
export interface ResolvedRegistrySettingsArgs {
  name: string;
  scanType: ScanType;
  scanRules: ScanRule[];
  replicationRules: ReplicationRule[];
  pullThroughCache: ResolvedPullThroughCacheRule[];
  creationTemplates: ResolvedCreationTemplate[];
  replicationSourceAccountIds: string[];
  pullThroughCachePrincipalArns: pulumi.Input<string>[];
  /** The registry-wide children; absent ones are not created. */
  names: { scanning: string; replication?: string; policy?: string };
}

/** Checks a cache credential ARN (plain now, or once known). */
export function checkCacheCredential(v: Validator, path: string, arn: unknown): boolean {
  return v.check(
    isArnOf(arn, PTC_SECRET) && /^ecr-pullthroughcache\/./.test(parseArn(arn)?.resourceId ?? ""),
    path,
    arn,
    "a Secrets Manager secret ARN whose name starts with ecr-pullthroughcache/",
  );
}

/** Checks a pull-through cache principal (plain now, or once known). */
export function checkCachePrincipal(v: Validator, path: string, arn: unknown): boolean {
  return v.arn(path, arn, IAM_ROLE);
}

function checkScanning(v: Validator, scanType: ScanType, scanRules: readonly ScanRule[]): void {
  v.oneOf("scanType", scanType, Object.values(ScanType));
  const frequencies = new Set<string>();
  scanRules.forEach((r, i) => {
    const at = `scanRules[${i}]`;
    v.knownKeys(at, r, KEYS.scanRule);
    if (!v.required(`${at}.filters`, r.filters, 'repository filters ("*" for every repository)')) return;
    if (!v.check(FREQUENCIES.includes(r.frequency), `${at}.frequency`, r.frequency, FREQUENCIES.join(", ")))
      return;
    v.check(
      !(r.frequency === ScanFrequency.ContinuousScan && scanType === ScanType.Basic),
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
}

/** Checks a replication destination's account id (plain now, or once known). */
export function checkAccountId(v: Validator, path: string, id: unknown): boolean {
  return v.check(typeof id === "string" && isAccountId(id), path, id, "a 12-digit AWS account id");
}

function checkReplication(v: Validator, rules: readonly ReplicationRule[]): void {
  v.check(
    rules.length <= REGISTRY_LIMITS.maxReplicationRules,
    "replicationRules",
    `${rules.length} rules`,
    `at most ${REGISTRY_LIMITS.maxReplicationRules} rules`,
  );
  rules.forEach((r, i) => {
    const at = `replicationRules[${i}]`;
    v.knownKeys(at, r, KEYS.replicationRule);
    if (!v.required(`${at}.destinations`, r.destinations, "1 to 25 destinations")) return;
    r.destinations.forEach((d, j) => {
      v.knownKeys(`${at}.destinations[${j}]`, d, KEYS.destination);
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
      if (d.registryId !== undefined && isPlain(d.registryId))
        checkAccountId(v, `${at}.destinations[${j}].registryId`, d.registryId);
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
}

function checkCredential(v: Validator, c: PullThroughCacheRule, at: string): void {
  const arn = c.credentialArn;
  if (PULL_THROUGH_UPSTREAMS[c.upstream].credential === "none") {
    v.check(
      arn === undefined,
      `${at}.credentialArn`,
      isPlain(arn) ? arn : "<output>",
      `no credential for ${c.upstream}`,
    );
    return;
  }
  const given = v.check(
    arn !== undefined,
    `${at}.credentialArn`,
    arn,
    `a Secrets Manager secret ARN for ${c.upstream}`,
    "create a secret named ecr-pullthroughcache/<name> with username and accessToken",
  );
  if (given && isPlain(arn)) checkCacheCredential(v, `${at}.credentialArn`, arn);
}

/** Checks the cache rules; returns the index of each valid rule's prefix. */
function checkCaches(v: Validator, caches: readonly PullThroughCacheRule[]): void {
  v.check(
    caches.length <= REGISTRY_LIMITS.maxPullThroughCacheRules,
    "pullThroughCache",
    `${caches.length} rules`,
    `at most ${REGISTRY_LIMITS.maxPullThroughCacheRules} rules (ECR quota, not adjustable)`,
  );
  const prefixes = new Map<string, number>();
  caches.forEach((c, i) => {
    const at = `pullThroughCache[${i}]`;
    v.knownKeys(at, c, KEYS.cache);
    if (
      !v.check(UPSTREAMS.includes(c.upstream), `${at}.upstream`, c.upstream, `one of ${UPSTREAMS.join(", ")}`)
    )
      return;
    const prefix = c.prefix ?? c.upstream;
    v.check(
      prefix.length >= 2 && prefix.length <= 30 && PTC_PREFIX.test(prefix),
      `${at}.prefix`,
      prefix,
      "2 to 30 lowercase letters, digits, . _ - /",
    );
    const first = prefixes.get(prefixKey(prefix));
    v.check(
      first === undefined,
      `${at}.prefix`,
      prefix,
      first !== undefined && (caches[first]?.prefix ?? caches[first]?.upstream) !== prefix
        ? `a prefix unique in the registry once . _ / read as - (pullThroughCache[${first}] names the same child)`
        : `a prefix unique in the registry (pullThroughCache[${first}] uses it)`,
    );
    if (first === undefined) prefixes.set(prefixKey(prefix), i);
    checkCredential(v, c, at);
    checkTagMutability(v, `${at}.`, c.imageTagMutability, undefined);
    const rules = c.lifecycleRules ?? defaultLifecycleRules();
    if (rules.length > 0) v.merge(validateLifecycleRules(rules, `${at}.lifecycleRules`));
  });
}

function checkTemplate(v: Validator, t: CreationTemplate, at: string): void {
  checkTagMutability(v, `${at}.`, t.imageTagMutability, t.mutabilityExclusions);
  const rules = t.lifecycleRules ?? defaultLifecycleRules();
  if (rules.length > 0) v.merge(validateLifecycleRules(rules, `${at}.lifecycleRules`));
  const needsRole = t.kmsKeyArn !== undefined || Object.keys(t.resourceTags ?? {}).length > 0;
  v.check(
    !needsRole || t.customRoleArn !== undefined,
    `${at}.customRoleArn`,
    undefined,
    "a role ARN when the template sets resourceTags or kmsKeyArn (ECR creates the repository as that role)",
  );
  v.arn(`${at}.kmsKeyArn`, t.kmsKeyArn, TEMPLATE_KMS_KEY);
  v.arn(`${at}.customRoleArn`, t.customRoleArn, IAM_ROLE);
  v.merge(checkTags(t.resourceTags, `${at}.resourceTags`));
  if (t.repositoryPolicyStatements?.length) {
    v.merge(
      checkStatements(t.repositoryPolicyStatements, `${at}.repositoryPolicyStatements`, { kind: "resource" }),
    );
  }
}

function checkTemplates(v: Validator, templates: readonly CreationTemplate[]): void {
  const keys = new Map<string, string>();
  templates.forEach((t, i) => {
    const at = `creationTemplates[${i}]`;
    v.knownKeys(at, t, KEYS.template);
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
    // The child is keyed by the prefix: two prefixes that differ only in . _ / would share it.
    const other = keys.get(prefixKey(t.prefix));
    v.check(
      other === undefined,
      `${at}.prefix`,
      t.prefix,
      other === t.prefix
        ? "a prefix unique among templates"
        : `a prefix unique among templates once . _ / read as - ("${other}" names the same child)`,
    );
    if (other === undefined) keys.set(prefixKey(t.prefix), t.prefix);
    v.check(
      t.appliedFor.length > 0 && t.appliedFor.every((a) => APPLIED_FOR.includes(a)),
      `${at}.appliedFor`,
      t.appliedFor,
      `one or more of ${APPLIED_FOR.join(", ")}`,
    );
    checkTemplate(v, t, at);
  });
}

/** A creation template the user gave for a cache prefix replaces Berth's; it must apply to the cache. */
function checkCacheTemplates(
  v: Validator,
  caches: readonly PullThroughCacheRule[],
  templates: readonly CreationTemplate[],
): void {
  caches.forEach((c, i) => {
    const prefix = c.prefix ?? c.upstream;
    const j = templates.findIndex((t) => t.prefix === prefix);
    const t = templates[j];
    if (t === undefined) return;
    v.check(
      Array.isArray(t.appliedFor) && t.appliedFor.includes(TemplateAppliedFor.PullThroughCache),
      `creationTemplates[${j}].appliedFor`,
      t.appliedFor,
      `a list including PULL_THROUGH_CACHE: prefix "${prefix}" is the prefix of pullThroughCache[${i}]`,
      "or drop this template and set pullThroughCache[].imageTagMutability and lifecycleRules",
    );
  });
}

function checkRegistryPolicy(v: Validator, args: RegistrySettingsArgs): void {
  (args.replicationSourceAccountIds ?? []).forEach((id, i) => {
    checkAccountId(v, `replicationSourceAccountIds[${i}]`, id);
  });
  const principals = args.pullThroughCachePrincipalArns ?? [];
  if (principals.length > 0) {
    v.check(
      (args.pullThroughCache ?? []).length > 0,
      "pullThroughCachePrincipalArns",
      `${principals.length} principals`,
      "unset unless pullThroughCache has rules (the grant is scoped to their prefixes)",
    );
  }
  principals.forEach((arn, i) => {
    checkCachePrincipal(v, `pullThroughCachePrincipalArns[${i}]`, arn);
  });
}

function renderRules(name: string, rules: LifecycleRule[], path: string): string | undefined {
  return rules.length > 0
    ? lifecyclePolicyJson(rules, { component: REGISTRY_SETTINGS_TYPE, resourceName: name, path })
    : undefined;
}

function resolveCache(
  name: string,
  c: PullThroughCacheRule,
  i: number,
  templates: readonly CreationTemplate[],
): ResolvedPullThroughCacheRule {
  const prefix = c.prefix ?? c.upstream;
  const rule = `${name}-ptc-${prefixKey(prefix)}`;
  const lifecycleRules = c.lifecycleRules ?? defaultLifecycleRules();
  const path = `pullThroughCache[${i}]`;
  return {
    upstream: c.upstream,
    prefix,
    upstreamRegistryUrl: PULL_THROUGH_UPSTREAMS[c.upstream].url,
    credentialArn: c.credentialArn,
    imageTagMutability: c.imageTagMutability ?? ImageTagMutability.Immutable,
    lifecycleRules,
    lifecyclePolicy: renderRules(name, lifecycleRules, `${path}.lifecycleRules`),
    path,
    // Without a template for the prefix, ECR creates cached repositories MUTABLE, with no lifecycle policy.
    names: templates.some((t) => t.prefix === prefix) ? { rule } : { rule, template: `${rule}-template` },
  };
}

function resolveTemplate(name: string, t: CreationTemplate, i: number): ResolvedCreationTemplate {
  const lifecycleRules = t.lifecycleRules ?? defaultLifecycleRules();
  const path = `creationTemplates[${i}]`;
  return {
    prefix: t.prefix,
    appliedFor: t.appliedFor,
    description: t.description,
    imageTagMutability: t.imageTagMutability ?? ImageTagMutability.Immutable,
    mutabilityExclusions: t.mutabilityExclusions ?? [],
    lifecycleRules,
    lifecyclePolicy: renderRules(name, lifecycleRules, `${path}.lifecycleRules`),
    kmsKeyArn: t.kmsKeyArn,
    customRoleArn: t.customRoleArn,
    resourceTags: t.resourceTags,
    repositoryPolicyStatements: t.repositoryPolicyStatements ?? [],
    path,
    names: { template: `${name}-template-${prefixKey(t.prefix)}`, previous: `${name}-template-${i}` },
  };
}

/**
 * Checks every argument of a {@link RegistrySettings} (plain values now; values known only at
 * deployment are checked by the builders once known, with the same checks) and fills every
 * default, creating nothing. Throws one `BerthValidationError` listing every issue.
 */
export function resolveRegistrySettingsArgs(
  name: string,
  args: RegistrySettingsArgs = {},
): ResolvedRegistrySettingsArgs {
  const v = new Validator(REGISTRY_SETTINGS_TYPE, name);
  v.knownKeys("", args, KEYS.args);
  const scanType = args.scanType ?? ScanType.Basic;
  const scanRules = args.scanRules ?? [{ frequency: ScanFrequency.ScanOnPush, filters: ["*"] }];
  checkScanning(v, scanType, scanRules);
  const replicationRules = args.replicationRules ?? [];
  checkReplication(v, replicationRules);
  const caches = args.pullThroughCache ?? [];
  checkCaches(v, caches);
  const templates = args.creationTemplates ?? [];
  checkTemplates(v, templates);
  checkCacheTemplates(v, caches, templates);
  checkRegistryPolicy(v, args);
  v.throwIfAny();

  const replicationSourceAccountIds = args.replicationSourceAccountIds ?? [];
  const pullThroughCachePrincipalArns = args.pullThroughCachePrincipalArns ?? [];
  const policy = replicationSourceAccountIds.length > 0 || pullThroughCachePrincipalArns.length > 0;
  return {
    name,
    scanType,
    scanRules,
    replicationRules,
    pullThroughCache: caches.map((c, i) => resolveCache(name, c, i, templates)),
    creationTemplates: templates.map((t, i) => resolveTemplate(name, t, i)),
    replicationSourceAccountIds,
    pullThroughCachePrincipalArns,
    names: {
      scanning: `${name}-scanning`,
      ...(replicationRules.length > 0 ? { replication: `${name}-replication` } : {}),
      ...(policy ? { policy: `${name}-policy` } : {}),
    },
  };
}
