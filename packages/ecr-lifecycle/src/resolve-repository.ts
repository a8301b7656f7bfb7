import {
  type ArnSpec,
  checkStatements,
  checkTags,
  componentTags,
  isPlain,
  mergePlainTags,
  mergeTags,
  type Tags,
  Validator,
  validateWhenKnown,
} from "@berth/core";
import type * as pulumi from "@pulumi/pulumi";
import {
  defaultLifecycleRules,
  type LifecycleRule,
  lifecyclePolicyJson,
  validateLifecycleRules,
} from "./lifecycle";
import {
  EncryptionType,
  PUBLIC_CATALOG_KEYS,
  type PublicCatalog,
  REPOSITORY_ARGS_KEYS,
  REPOSITORY_TYPE,
  type RepositoryArgs,
} from "./repository-args";
import { checkRepositoryAccess, type RepositoryAccess } from "./repository-policy";
import { checkTagMutability, ImageTagMutability } from "./tag-mutability";

/** ECR repository names: 2 to 256 characters, lowercase, `/`-separated segments (API `repositoryName`). */
export const REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
/** A KMS key or alias, as `kmsKeyArn` takes it. */
export const KMS_KEY: ArnSpec = { service: "kms", resourceType: ["key", "alias"] };
/** ECR Public catalog values (ECR Public API reference, `RepositoryCatalogDataInput`). */
const PUBLIC_ARCHITECTURES = ["ARM", "ARM 64", "x86", "x86-64"];
const PUBLIC_OPERATING_SYSTEMS = ["Linux", "Windows"];
/** ECR Public repository names are at most 205 characters (ECR Public API, `CreateRepository`). */
const MAX_PUBLIC_NAME = 205;
/** ECR Public catalog `description`: at most 1,024 characters. */
const MAX_PUBLIC_DESCRIPTION = 1024;

/** The names of the children a {@link Repository} creates; absent ones are not created. */
export interface RepositoryChildNames {
  /** `aws.kms.Key`, for `KMS` without a given key. */
  key?: string;
  /** `aws.ecr.Repository`. */
  repository: string;
  /** `aws.ecr.LifecyclePolicy`, unless `lifecycleRules: []`. */
  lifecycle?: string;
  /** `aws.ecr.RepositoryPolicy`, when access is granted. */
  policy?: string;
  /** `aws.ecrpublic.Repository`, when `public`. */
  public?: string;
}

/** The arguments of a {@link Repository}, checked, with every default filled. */
export interface ResolvedRepositoryArgs {
  /** The component's name. */
  name: string;
  repositoryName: string;
  imageTagMutability: ImageTagMutability;
  mutabilityExclusions: string[];
  scanOnPush: boolean;
  encryption: EncryptionType;
  /** The key given to adopt, if any (a created key's ARN is the builder's). */
  kmsKeyArn: pulumi.Input<string> | undefined;
  forceDelete: boolean;
  lifecycleRules: LifecycleRule[];
  /** The rendered lifecycle policy JSON, or undefined for `lifecycleRules: []`. */
  lifecyclePolicy: string | undefined;
  /** Who may pull and push (the access fields as given). */
  access: RepositoryAccess;
  public: boolean;
  publicCatalog: PublicCatalog | undefined;
  /** The component tags merged with `tags` (plain when `tags` is). */
  tags: pulumi.Input<Tags>;
  /** The children created, by role. */
  names: RepositoryChildNames;
}

function checkPublic(v: Validator, args: RepositoryArgs, repositoryName: string): void {
  if (!args.public) {
    v.check(
      args.publicCatalog === undefined,
      "publicCatalog",
      args.publicCatalog,
      "no catalog unless public is true",
    );
    return;
  }
  v.check(
    repositoryName.length <= MAX_PUBLIC_NAME,
    "repositoryName",
    repositoryName,
    `at most ${MAX_PUBLIC_NAME} characters for an ECR Public repository`,
  );
  (args.publicCatalog?.architectures ?? []).forEach((a, i) => {
    v.oneOf(`publicCatalog.architectures[${i}]`, a, PUBLIC_ARCHITECTURES);
  });
  (args.publicCatalog?.operatingSystems ?? []).forEach((o, i) => {
    v.oneOf(`publicCatalog.operatingSystems[${i}]`, o, PUBLIC_OPERATING_SYSTEMS);
  });
  v.check(
    (args.publicCatalog?.description?.length ?? 0) <= MAX_PUBLIC_DESCRIPTION,
    "publicCatalog.description",
    `${args.publicCatalog?.description?.length} characters`,
    `at most ${MAX_PUBLIC_DESCRIPTION} characters`,
  );
}

function checkEncryption(
  v: Validator,
  encryption: EncryptionType,
  kmsKeyArn: pulumi.Input<string> | undefined,
): void {
  v.oneOf("encryption", encryption, Object.values(EncryptionType));
  v.check(
    !(encryption === EncryptionType.Aes256 && kmsKeyArn !== undefined),
    "kmsKeyArn",
    isPlain(kmsKeyArn) ? kmsKeyArn : "<output>",
    'no key with encryption "AES256"',
    'omit encryption or set it to "KMS"',
  );
  if (isPlain(kmsKeyArn)) v.arn("kmsKeyArn", kmsKeyArn, KMS_KEY);
}

/** True when the access fields grant anything (then a repository policy is attached). */
function grantsAccess(a: RepositoryAccess): boolean {
  return Boolean(
    a.pullAccountIds?.length ||
      a.pullOrganizationId !== undefined ||
      a.pullLambdaFunctionArns?.length ||
      a.pushRoleArns?.length ||
      a.policyStatements?.length,
  );
}

/**
 * Checks every argument of a {@link Repository} (plain values now; values known only at
 * deployment are checked by the builders once known, with the same checks) and fills every
 * default, creating nothing. Throws one `BerthValidationError` listing every issue.
 */
export function resolveRepositoryArgs(name: string, args: RepositoryArgs = {}): ResolvedRepositoryArgs {
  const v = new Validator(REPOSITORY_TYPE, name);
  v.knownKeys("", args, REPOSITORY_ARGS_KEYS);
  v.knownKeys("publicCatalog", args.publicCatalog, PUBLIC_CATALOG_KEYS);
  const repositoryName = args.repositoryName ?? name;
  v.check(
    repositoryName.length >= 2 && repositoryName.length <= 256 && REPOSITORY_NAME.test(repositoryName),
    "repositoryName",
    repositoryName,
    "2 to 256 characters: lowercase letters and digits, separated by one of . _ - and / for namespaces",
    args.repositoryName === undefined ? "the component name is the default; pass repositoryName" : undefined,
  );
  const imageTagMutability = args.imageTagMutability ?? ImageTagMutability.Immutable;
  checkTagMutability(v, "", imageTagMutability, args.mutabilityExclusions);
  const encryption =
    args.encryption ?? (args.kmsKeyArn !== undefined ? EncryptionType.Kms : EncryptionType.Aes256);
  checkEncryption(v, encryption, args.kmsKeyArn);
  const lifecycleRules = args.lifecycleRules ?? defaultLifecycleRules();
  if (lifecycleRules.length > 0) v.merge(validateLifecycleRules(lifecycleRules, "lifecycleRules"));
  v.merge(checkRepositoryAccess(args));
  if (args.policyStatements?.length)
    v.merge(checkStatements(args.policyStatements, "policyStatements", { kind: "resource" }));
  checkPublic(v, args, repositoryName);
  // At most 50 tags, counting the berth:* tags merged in.
  if (isPlain(args.tags)) v.merge(checkTags(mergePlainTags(componentTags(REPOSITORY_TYPE, name), args.tags)));
  v.throwIfAny();

  const { pullAccountIds, pullOrganizationId, pullLambdaFunctionArns, pushRoleArns, policyStatements } = args;
  const access = {
    pullAccountIds,
    pullOrganizationId,
    pullLambdaFunctionArns,
    pushRoleArns,
    policyStatements,
  };
  const createKey = encryption === EncryptionType.Kms && args.kmsKeyArn === undefined;
  const lifecyclePolicy =
    lifecycleRules.length > 0
      ? lifecyclePolicyJson(lifecycleRules, { component: REPOSITORY_TYPE, resourceName: name })
      : undefined;
  return {
    name,
    repositoryName,
    imageTagMutability,
    mutabilityExclusions: args.mutabilityExclusions ?? [],
    scanOnPush: args.scanOnPush ?? true,
    encryption,
    kmsKeyArn: args.kmsKeyArn,
    forceDelete: args.forceDelete ?? false,
    lifecycleRules,
    lifecyclePolicy,
    access,
    public: args.public ?? false,
    publicCatalog: args.publicCatalog,
    tags: isPlain(args.tags)
      ? mergePlainTags(componentTags(REPOSITORY_TYPE, name), args.tags)
      : // Tags known only at deployment: the same 50-tag check, once known.
        validateWhenKnown(
          REPOSITORY_TYPE,
          name,
          mergeTags(componentTags(REPOSITORY_TYPE, name), args.tags),
          (t, check) => {
            check.merge(checkTags(t));
          },
        ),
    names: {
      ...(createKey ? { key: `${name}-key` } : {}),
      repository: `${name}-repository`,
      ...(lifecyclePolicy !== undefined ? { lifecycle: `${name}-lifecycle` } : {}),
      ...(grantsAccess(access) ? { policy: `${name}-policy` } : {}),
      ...(args.public ? { public: `${name}-public` } : {}),
    },
  };
}
