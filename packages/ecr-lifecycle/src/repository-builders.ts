import { validateWhenKnown } from "@berth/core";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { REPOSITORY_TYPE } from "./repository-args";
import { accessStatements, repositoryPolicyDocument, validatedAccess } from "./repository-policy";
import { KMS_KEY, type ResolvedRepositoryArgs } from "./resolve-repository";
import { tagMutabilityInputs } from "./tag-mutability";

/**
 * The KMS key the images are encrypted with: the given one (checked once known), a created one
 * (yearly rotation, 30-day deletion window) for `KMS` without a key, or none for `AES256`.
 */
export function buildKmsKey(
  scope: pulumi.Resource,
  r: ResolvedRepositoryArgs,
): pulumi.Output<string | undefined> {
  if (r.names.key !== undefined) {
    return new aws.kms.Key(
      r.names.key,
      {
        description: `Encrypts the images of ECR repository ${r.repositoryName}`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        tags: r.tags,
      },
      { parent: scope },
    ).arn;
  }
  if (r.kmsKeyArn === undefined) return pulumi.output(undefined);
  return validateWhenKnown(REPOSITORY_TYPE, r.name, r.kmsKeyArn, (arn, check) => {
    check.arn("kmsKeyArn", arn, KMS_KEY);
  });
}

/** The private repository. */
export function buildRepository(
  scope: pulumi.Resource,
  r: ResolvedRepositoryArgs,
  kmsKeyArn: pulumi.Output<string | undefined>,
): aws.ecr.Repository {
  return new aws.ecr.Repository(
    r.names.repository,
    {
      name: r.repositoryName,
      ...tagMutabilityInputs(r.imageTagMutability, r.mutabilityExclusions),
      imageScanningConfiguration: { scanOnPush: r.scanOnPush },
      encryptionConfigurations: [
        r.encryption === "KMS" ? { encryptionType: "KMS", kmsKey: kmsKeyArn } : { encryptionType: "AES256" },
      ],
      forceDelete: r.forceDelete,
      tags: r.tags,
    },
    { parent: scope },
  );
}

/** The lifecycle policy (the rendered rules), unless `lifecycleRules: []`. */
export function buildLifecyclePolicy(
  scope: pulumi.Resource,
  r: ResolvedRepositoryArgs,
  repository: aws.ecr.Repository,
): void {
  if (r.names.lifecycle === undefined || r.lifecyclePolicy === undefined) return;
  new aws.ecr.LifecyclePolicy(
    r.names.lifecycle,
    { repository: repository.name, policy: r.lifecyclePolicy },
    { parent: scope },
  );
}

/** The repository policy of the access fields (values known later are checked once known), if any. */
export function buildRepositoryPolicy(
  scope: pulumi.Resource,
  r: ResolvedRepositoryArgs,
  repository: aws.ecr.Repository,
): pulumi.Output<string | undefined> {
  if (r.names.policy === undefined) return pulumi.output(undefined);
  const partition = r.access.pullAccountIds?.length
    ? aws.getPartitionOutput({}, { parent: scope }).partition
    : "aws";
  const statements = accessStatements(validatedAccess(r.access, REPOSITORY_TYPE, r.name), partition);
  const document = repositoryPolicyDocument(statements);
  new aws.ecr.RepositoryPolicy(
    r.names.policy,
    { repository: repository.name, policy: document },
    { parent: scope },
  );
  return document;
}

/** The ECR Public twin, when `public` (ECR Public exists only in us-east-1). */
export function buildPublicRepository(
  scope: pulumi.Resource,
  r: ResolvedRepositoryArgs,
): pulumi.Output<string | undefined> {
  if (r.names.public === undefined) return pulumi.output(undefined);
  const catalog = r.publicCatalog;
  return new aws.ecrpublic.Repository(
    r.names.public,
    {
      repositoryName: r.repositoryName,
      region: "us-east-1",
      forceDestroy: r.forceDelete,
      catalogData: catalog
        ? {
            description: catalog.description,
            aboutText: catalog.aboutText,
            usageText: catalog.usageText,
            architectures: catalog.architectures,
            operatingSystems: catalog.operatingSystems,
          }
        : undefined,
      tags: r.tags,
    },
    { parent: scope },
  ).repositoryUri;
}
