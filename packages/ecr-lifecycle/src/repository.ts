import { allow, type PolicyStatement, Validator } from "@berth/core";
import * as pulumi from "@pulumi/pulumi";
import { REPOSITORY_TYPE, type RepositoryArgs } from "./repository-args";
import {
  buildKmsKey,
  buildLifecyclePolicy,
  buildPublicRepository,
  buildRepository,
  buildRepositoryPolicy,
} from "./repository-builders";
import { ECR_PULL_ACTIONS } from "./repository-policy";
import { resolveRepositoryArgs } from "./resolve-repository";

/** Image tags as the Docker registry API defines them: up to 128 letters, digits, `_.-`, not starting with `.` or `-`. */
export const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
/** An image digest: `sha256:` and 64 lowercase hexadecimal digits. */
export const IMAGE_DIGEST = /^sha256:[a-f0-9]{64}$/;

/**
 * A private ECR repository with secure defaults: immutable tags, scan on push, encryption, a
 * visible default lifecycle policy, a repository policy built from typed access helpers, and
 * optionally an ECR Public twin.
 *
 * Creates: `aws.kms.Key` (`<name>-key`, only for KMS without a given key), `aws.ecr.Repository`
 * (`<name>-repository`), `aws.ecr.LifecyclePolicy` (`<name>-lifecycle`, unless `lifecycleRules: []`),
 * `aws.ecr.RepositoryPolicy` (`<name>-policy`, when access is granted) and
 * `aws.ecrpublic.Repository` (`<name>-public`, when `public`).
 */
export class Repository extends pulumi.ComponentResource {
  /** The repository name. */
  readonly repositoryName: pulumi.Output<string>;
  /** The repository ARN. */
  readonly arn: pulumi.Output<string>;
  /** `<account>.dkr.ecr.<region>.amazonaws.com/<name>`. */
  readonly repositoryUrl: pulumi.Output<string>;
  /** The registry (account) id. */
  readonly registryId: pulumi.Output<string>;
  /** The KMS key ARN when KMS encryption is used. */
  readonly kmsKeyArn: pulumi.Output<string | undefined>;
  /** The lifecycle policy JSON attached, if any (the rendered default is visible here). */
  readonly lifecyclePolicy: string | undefined;
  /** The repository policy JSON attached, if any. */
  readonly repositoryPolicy: pulumi.Output<string | undefined>;
  /** `public.ecr.aws/<alias>/<name>` when `public` is set. */
  readonly publicRepositoryUri: pulumi.Output<string | undefined>;
  private readonly componentName: string;

  constructor(name: string, args: RepositoryArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super(REPOSITORY_TYPE, name, {}, opts);
    this.componentName = name;
    // Every argument checked and defaulted first; then the builders, in order: buildKmsKey,
    // buildRepository, buildLifecyclePolicy, buildRepositoryPolicy, buildPublicRepository.
    const resolved = resolveRepositoryArgs(name, args);
    const kmsKeyArn = buildKmsKey(this, resolved);
    const repository = buildRepository(this, resolved, kmsKeyArn);
    buildLifecyclePolicy(this, resolved, repository);
    const policy = buildRepositoryPolicy(this, resolved, repository);
    const publicUri = buildPublicRepository(this, resolved);

    this.repositoryName = repository.name;
    this.arn = repository.arn;
    this.repositoryUrl = repository.repositoryUrl;
    this.registryId = repository.registryId;
    this.kmsKeyArn = kmsKeyArn;
    this.lifecyclePolicy = resolved.lifecyclePolicy;
    this.repositoryPolicy = policy;
    this.publicRepositoryUri = publicUri;
    this.registerOutputs({
      repositoryName: this.repositoryName,
      arn: this.arn,
      repositoryUrl: this.repositoryUrl,
      registryId: this.registryId,
      kmsKeyArn: this.kmsKeyArn,
      lifecyclePolicy: this.lifecyclePolicy,
      repositoryPolicy: this.repositoryPolicy,
      publicRepositoryUri: this.publicRepositoryUri,
    });
  }

  /** `<repositoryUrl>:<tag>`; the tag is checked (letters, digits, `_.-`, up to 128, not starting with `.` or `-`). */
  imageUri(tag: string): pulumi.Output<string> {
    const v = new Validator(REPOSITORY_TYPE, this.componentName);
    v.check(IMAGE_TAG.test(tag), "tag", tag, "1 to 128 letters, digits, _ . -, not starting with . or -");
    v.throwIfAny();
    return pulumi.interpolate`${this.repositoryUrl}:${tag}`;
  }

  /** `<repositoryUrl>@sha256:<digest>`, the reference that can never move. */
  imageUriByDigest(digest: string): pulumi.Output<string> {
    const v = new Validator(REPOSITORY_TYPE, this.componentName);
    v.check(IMAGE_DIGEST.test(digest), "digest", digest, "sha256: followed by 64 lowercase hex digits");
    v.throwIfAny();
    return pulumi.interpolate`${this.repositoryUrl}@${digest}`;
  }

  /**
   * Identity-policy statements that let a role pull from this repository: the pull actions on
   * this repository's ARN, and `ecr:GetAuthorizationToken`, which IAM only grants on `*`.
   */
  pullStatements(): PolicyStatement[] {
    return [allow([...ECR_PULL_ACTIONS], [this.arn]), allow(["ecr:GetAuthorizationToken"], ["*"])];
  }
}
