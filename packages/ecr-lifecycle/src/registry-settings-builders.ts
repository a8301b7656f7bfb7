import {
  Effect,
  isPlain,
  type PolicyStatement,
  policyDocument,
  type Validator,
  validateWhenKnown,
} from "@berth/core";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { REGISTRY_SETTINGS_TYPE } from "./registry-settings-args";
import { repositoryPolicyDocument } from "./repository-policy";
import {
  checkAccountId,
  checkCacheCredential,
  checkCachePrincipal,
  IAM_ROLE,
  type ResolvedRegistrySettingsArgs,
  TEMPLATE_KMS_KEY,
} from "./resolve-registry-settings";
import { tagMutabilityInputs } from "./tag-mutability";

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
    effect: Effect.Allow,
    principals: { aws: args.principalArns },
    actions: [...PULL_THROUGH_CACHE_ACTIONS],
    resources: args.prefixes.map(
      (prefix) =>
        pulumi.interpolate`arn:${args.partition}:ecr:${args.region}:${args.accountId}:repository/${prefix}/*`,
    ),
  };
}

/** A value known only at deployment (another stack's ARN), checked once known with the plan-time check. */
function whenKnown<T extends string | undefined>(
  name: string,
  value: pulumi.Input<T> | T,
  check: (v: Validator, known: unknown) => void,
): pulumi.Input<T> {
  if (value === undefined || isPlain(value)) return value;
  return validateWhenKnown(REGISTRY_SETTINGS_TYPE, name, value, (known, v) => {
    check(v, known);
  }) as pulumi.Output<T>;
}

/** The registry's scanning: always set, so it is declared rather than left to the console. */
export function buildScanning(
  scope: pulumi.Resource,
  r: ResolvedRegistrySettingsArgs,
): aws.ecr.RegistryScanningConfiguration {
  return new aws.ecr.RegistryScanningConfiguration(
    r.names.scanning,
    {
      scanType: r.scanType,
      rules: r.scanRules.map((rule) => ({
        scanFrequency: rule.frequency,
        repositoryFilters: rule.filters.map((filter) => ({ filter, filterType: "WILDCARD" })),
      })),
    },
    { parent: scope },
  );
}

/** The replication configuration, with replication rules; a destination without a registry is this account. */
export function buildReplication(scope: pulumi.Resource, r: ResolvedRegistrySettingsArgs): void {
  if (r.names.replication === undefined) return;
  let account: pulumi.Output<string> | undefined;
  const thisAccount = () => {
    account ??= aws.getCallerIdentityOutput({}, { parent: scope }).accountId;
    return account;
  };
  new aws.ecr.ReplicationConfiguration(
    r.names.replication,
    {
      replicationConfiguration: {
        rules: r.replicationRules.map((rule, i) => ({
          destinations: rule.destinations.map((d, j) => ({
            region: d.region,
            registryId:
              d.registryId === undefined
                ? thisAccount()
                : whenKnown(r.name, d.registryId, (v, id) =>
                    checkAccountId(v, `replicationRules[${i}].destinations[${j}].registryId`, id),
                  ),
          })),
          repositoryFilters: rule.prefixes?.length
            ? rule.prefixes.map((filter) => ({ filter, filterType: "PREFIX_MATCH" }))
            : undefined,
        })),
      },
    },
    { parent: scope },
  );
}

/**
 * Each pull-through cache rule, keyed by its prefix, with a creation template for the prefix:
 * without one, ECR creates cached repositories MUTABLE and with no lifecycle policy.
 */
export function buildPullThroughCache(scope: pulumi.Resource, r: ResolvedRegistrySettingsArgs): void {
  for (const c of r.pullThroughCache) {
    new aws.ecr.PullThroughCacheRule(
      c.names.rule,
      {
        ecrRepositoryPrefix: c.prefix,
        upstreamRegistryUrl: c.upstreamRegistryUrl,
        credentialArn: whenKnown(r.name, c.credentialArn, (v, arn) =>
          checkCacheCredential(v, `${c.path}.credentialArn`, arn),
        ),
      },
      { parent: scope },
    );
    if (c.names.template === undefined) continue;
    new aws.ecr.RepositoryCreationTemplate(
      c.names.template,
      {
        prefix: c.prefix,
        appliedFors: ["PULL_THROUGH_CACHE"],
        description: `Repositories the ${c.upstream} pull-through cache creates (Berth)`,
        imageTagMutability: c.imageTagMutability,
        encryptionConfigurations: [{ encryptionType: "AES256" }],
        lifecyclePolicy: c.lifecyclePolicy,
      },
      { parent: scope },
    );
  }
}

/** The repository creation templates, keyed by prefix (aliased from their former list-position names). */
export function buildCreationTemplates(scope: pulumi.Resource, r: ResolvedRegistrySettingsArgs): void {
  for (const t of r.creationTemplates) {
    new aws.ecr.RepositoryCreationTemplate(
      t.names.template,
      {
        prefix: t.prefix,
        appliedFors: t.appliedFor,
        description: t.description,
        ...tagMutabilityInputs(t.imageTagMutability, t.mutabilityExclusions),
        encryptionConfigurations: [
          t.kmsKeyArn !== undefined
            ? {
                encryptionType: "KMS",
                kmsKey: whenKnown(r.name, t.kmsKeyArn, (v, arn) =>
                  v.arn(`${t.path}.kmsKeyArn`, arn, TEMPLATE_KMS_KEY),
                ),
              }
            : { encryptionType: "AES256" },
        ],
        lifecyclePolicy: t.lifecyclePolicy,
        repositoryPolicy: t.repositoryPolicyStatements.length
          ? repositoryPolicyDocument(t.repositoryPolicyStatements)
          : undefined,
        customRoleArn: whenKnown(r.name, t.customRoleArn, (v, arn) =>
          v.arn(`${t.path}.customRoleArn`, arn, IAM_ROLE),
        ),
        resourceTags: t.resourceTags,
      },
      { parent: scope, aliases: t.names.previous === t.names.template ? [] : [{ name: t.names.previous }] },
    );
  }
}

/**
 * The registry policy (one per registry): lets source accounts replicate into this registry, and
 * the given roles fill the pull-through cache.
 */
export function buildRegistryPolicy(scope: pulumi.Resource, r: ResolvedRegistrySettingsArgs): void {
  if (r.names.policy === undefined) return;
  const partition = aws.getPartitionOutput({}, { parent: scope }).partition;
  const region = aws.getRegionOutput({}, { parent: scope }).region;
  const account = aws.getCallerIdentityOutput({}, { parent: scope }).accountId;
  const statements: PolicyStatement[] = [];
  const sources = r.replicationSourceAccountIds;
  if (sources.length > 0) {
    statements.push({
      sid: "ReplicationFromSourceAccounts",
      effect: Effect.Allow,
      principals: { aws: sources.map((id) => pulumi.interpolate`arn:${partition}:iam::${id}:root`) },
      actions: ["ecr:CreateRepository", "ecr:ReplicateImage"],
      resources: [pulumi.interpolate`arn:${partition}:ecr:${region}:${account}:repository/*`],
    });
  }
  const principals = r.pullThroughCachePrincipalArns;
  if (principals.length > 0) {
    statements.push(
      pullThroughCacheStatement({
        prefixes: r.pullThroughCache.map((c) => c.prefix),
        principalArns: principals.map((arn, i) =>
          whenKnown(r.name, arn, (v, known) =>
            checkCachePrincipal(v, `pullThroughCachePrincipalArns[${i}]`, known),
          ),
        ),
        partition,
        region,
        accountId: account,
      }),
    );
  }
  new aws.ecr.RegistryPolicy(
    r.names.policy,
    { policy: policyDocument(statements, { kind: "resource" }) },
    { parent: scope },
  );
}
