import type { Tags } from "@berth/core";
import type * as pulumi from "@pulumi/pulumi";
import type { LifecycleRule } from "./lifecycle";
import type { RepositoryAccess } from "./repository-policy";
import type { ImageTagMutability } from "./tag-mutability";

/** The component type token. */
export const REPOSITORY_TYPE = "berth:ecr:Repository";

/**
 * How a repository's images are encrypted at rest.
 * Source: ECR API reference, `EncryptionConfiguration.encryptionType` (`AES256`, `KMS`; Berth does
 * not offer `KMS_DSSE`).
 */
export const EncryptionType = {
  /** S3-managed keys, free. */
  Aes256: "AES256",
  /** A KMS key: the one in `kmsKeyArn`, or one the component creates with yearly rotation. */
  Kms: "KMS",
} as const;
/** How a repository's images are encrypted at rest. */
export type EncryptionType = (typeof EncryptionType)[keyof typeof EncryptionType];

/** Catalog data shown on the ECR Public Gallery. */
export interface PublicCatalog {
  /** Short description (up to 1,024 characters). @default none */
  description?: string;
  /** Markdown "About" section. @default none */
  aboutText?: string;
  /** Markdown "Usage" section. @default none */
  usageText?: string;
  /** Image architectures: `ARM`, `ARM 64`, `x86`, `x86-64`. @default none */
  architectures?: string[];
  /** Image operating systems: `Linux`, `Windows`. @default none */
  operatingSystems?: string[];
}

/** Arguments of {@link Repository}. The access fields come from {@link RepositoryAccess}. */
export interface RepositoryArgs extends RepositoryAccess {
  /**
   * Repository name: 2 to 256 characters, lowercase letters, digits, `._-` separators and `/` for
   * namespaces (`team/web`).
   * @default the component's name
   */
  repositoryName?: string;
  /**
   * Tag mutability. `IMMUTABLE` makes a pushed tag final (a deploy of `v1.2.3` is always the same
   * image); `mutabilityExclusions` lists tags that stay movable.
   * @default "IMMUTABLE"
   */
  imageTagMutability?: ImageTagMutability;
  /**
   * Wildcard filters for tags that are the exception to `imageTagMutability` (with IMMUTABLE they
   * stay mutable, e.g. `latest`, `dev-*`; with MUTABLE they become immutable). Up to 128
   * characters of letters, digits, `._-` and at most 2 `*` each.
   * @default none
   */
  mutabilityExclusions?: string[];
  /** Scan each image for CVEs when pushed (basic scanning, or enhanced per `RegistrySettings`). @default true */
  scanOnPush?: boolean;
  /**
   * Encryption at rest: `AES256` (S3-managed keys, free) or `KMS`. Giving `kmsKeyArn` means KMS.
   * With `KMS` and no `kmsKeyArn`, a customer-managed key with yearly rotation is created.
   * @default "AES256", or "KMS" when kmsKeyArn is given
   */
  encryption?: EncryptionType;
  /** KMS key ARN to encrypt with (adopt); otherwise a key is created when `encryption` is `KMS`. @default none */
  kmsKeyArn?: pulumi.Input<string>;
  /** Delete the repository even if it still holds images. @default false */
  forceDelete?: boolean;
  /**
   * Lifecycle rules (see `keepLast`, `keepReleases`, `expireUntaggedAfter`, `expireOlderThan`).
   * `[]` attaches no lifecycle policy.
   * @default [expireUntaggedAfter(7), keepLast(30)]
   */
  lifecycleRules?: LifecycleRule[];
  /** Also create an ECR Public repository of the same name (always in us-east-1, where ECR Public lives). @default false */
  public?: boolean;
  /** Gallery data of the public repository. @default none */
  publicCatalog?: PublicCatalog;
  /** Tags for every resource created, merged over the component tags. @default {} */
  tags?: pulumi.Input<Tags>;
}

/** Every property of {@link RepositoryArgs} (unknown ones are refused with the nearest known key). */
export const REPOSITORY_ARGS_KEYS: readonly string[] = [
  "repositoryName",
  "imageTagMutability",
  "mutabilityExclusions",
  "scanOnPush",
  "encryption",
  "kmsKeyArn",
  "forceDelete",
  "lifecycleRules",
  "public",
  "publicCatalog",
  "tags",
  "pullAccountIds",
  "pullOrganizationId",
  "pullLambdaFunctionArns",
  "pushRoleArns",
  "policyStatements",
] satisfies readonly (keyof RepositoryArgs)[];

/** Every property of {@link PublicCatalog}. */
export const PUBLIC_CATALOG_KEYS = [
  "description",
  "aboutText",
  "usageText",
  "architectures",
  "operatingSystems",
] satisfies readonly (keyof PublicCatalog)[];
