import {
  allow,
  checkStatements,
  checkTags,
  componentTags,
  isPlain,
  mergePlainTags,
  mergeTags,
  type PolicyStatement,
  type Tags,
  Validator,
} from "@berth/core";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  defaultLifecycleRules,
  type LifecycleRule,
  lifecyclePolicyJson,
  validateLifecycleRules,
} from "./lifecycle";
import {
  accessStatements,
  checkRepositoryAccess,
  ECR_PULL_ACTIONS,
  type RepositoryAccess,
  repositoryPolicyDocument,
  validatedAccess,
} from "./repository-policy";

/** The component type token. */
export const REPOSITORY_TYPE = "berth:ecr:Repository";

/** ECR repository names: 2 to 256 characters, lowercase, `/`-separated segments (API `repositoryName`). */
export const REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
/** Image tags as the Docker registry API defines them. */
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
/** Tag mutability exclusion filters: letters, digits, `._-*`, up to 128 characters, at most 2 wildcards. */
const EXCLUSION_FILTER = /^[A-Za-z0-9._*-]{1,128}$/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+$/;
const PUBLIC_ARCHITECTURES = ["ARM", "ARM 64", "x86", "x86-64"];
const PUBLIC_OPERATING_SYSTEMS = ["Linux", "Windows"];

/** Every property of {@link RepositoryArgs} (unknown ones are refused with the nearest known key). */
const REPOSITORY_ARGS_KEYS: readonly string[] = [
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
const PUBLIC_CATALOG_KEYS = [
  "description",
  "aboutText",
  "usageText",
  "architectures",
  "operatingSystems",
] satisfies readonly (keyof PublicCatalog)[];

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
   * image); `mutableTagExclusions` lists tags that stay movable.
   * @default "IMMUTABLE"
   */
  imageTagMutability?: "IMMUTABLE" | "MUTABLE";
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
  encryption?: "AES256" | "KMS";
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

    const v = new Validator(REPOSITORY_TYPE, name);
    v.knownKeys("", args, REPOSITORY_ARGS_KEYS);
    v.knownKeys("publicCatalog", args.publicCatalog, PUBLIC_CATALOG_KEYS);
    const repositoryName = args.repositoryName ?? name;
    v.check(
      repositoryName.length >= 2 && repositoryName.length <= 256 && REPOSITORY_NAME.test(repositoryName),
      "repositoryName",
      repositoryName,
      "2 to 256 characters: lowercase letters and digits, separated by one of . _ - and / for namespaces",
      args.repositoryName === undefined
        ? "the component name is the default; pass repositoryName"
        : undefined,
    );
    const mutability = args.imageTagMutability ?? "IMMUTABLE";
    v.check(
      mutability === "IMMUTABLE" || mutability === "MUTABLE",
      "imageTagMutability",
      mutability,
      "IMMUTABLE or MUTABLE (add mutabilityExclusions for the exceptions)",
    );
    (args.mutabilityExclusions ?? []).forEach((f, i) => {
      v.check(
        typeof f === "string" && EXCLUSION_FILTER.test(f) && f.split("*").length - 1 <= 2,
        `mutabilityExclusions[${i}]`,
        f,
        "1 to 128 letters, digits, . _ - with at most 2 wildcards (*)",
      );
    });
    const encryption = args.encryption ?? (args.kmsKeyArn !== undefined ? "KMS" : "AES256");
    v.check(encryption === "AES256" || encryption === "KMS", "encryption", encryption, "AES256 or KMS");
    v.check(
      !(encryption === "AES256" && args.kmsKeyArn !== undefined),
      "kmsKeyArn",
      isPlain(args.kmsKeyArn) ? args.kmsKeyArn : "<output>",
      'no key with encryption "AES256"',
      'omit encryption or set it to "KMS"',
    );
    if (args.kmsKeyArn !== undefined && isPlain(args.kmsKeyArn)) {
      v.check(KMS_KEY_ARN.test(args.kmsKeyArn), "kmsKeyArn", args.kmsKeyArn, "a KMS key or alias ARN");
    }
    const rules = args.lifecycleRules ?? defaultLifecycleRules();
    if (rules.length > 0) v.merge(validateLifecycleRules(rules, "lifecycleRules"));
    v.merge(checkRepositoryAccess(args));
    if (args.policyStatements?.length) {
      v.merge(checkStatements(args.policyStatements, "policyStatements", { kind: "resource" }));
    }
    if (args.public) {
      v.check(
        repositoryName.length <= 205,
        "repositoryName",
        repositoryName,
        "at most 205 characters for an ECR Public repository",
      );
      (args.publicCatalog?.architectures ?? []).forEach((a, i) => {
        v.check(
          PUBLIC_ARCHITECTURES.includes(a),
          `publicCatalog.architectures[${i}]`,
          a,
          `one of ${PUBLIC_ARCHITECTURES.join(", ")}`,
        );
      });
      (args.publicCatalog?.operatingSystems ?? []).forEach((o, i) => {
        v.check(
          PUBLIC_OPERATING_SYSTEMS.includes(o),
          `publicCatalog.operatingSystems[${i}]`,
          o,
          `one of ${PUBLIC_OPERATING_SYSTEMS.join(", ")}`,
        );
      });
      v.check(
        (args.publicCatalog?.description?.length ?? 0) <= 1024,
        "publicCatalog.description",
        `${args.publicCatalog?.description?.length} characters`,
        "at most 1024 characters",
      );
    } else {
      v.check(
        args.publicCatalog === undefined,
        "publicCatalog",
        args.publicCatalog,
        "no catalog unless public is true",
      );
    }
    // At most 50 tags, counting the berth:* tags merged in.
    if (isPlain(args.tags))
      v.merge(checkTags(mergePlainTags(componentTags(REPOSITORY_TYPE, name), args.tags)));
    v.throwIfAny();

    const tags = mergeTags(componentTags(REPOSITORY_TYPE, name), args.tags);
    const exclusions = args.mutabilityExclusions ?? [];

    // KMS key, only when KMS is asked for and no key is given.
    let kmsKeyArn: pulumi.Output<string | undefined> = pulumi.output(args.kmsKeyArn);
    if (encryption === "KMS" && args.kmsKeyArn === undefined) {
      const key = new aws.kms.Key(
        `${name}-key`,
        {
          description: `Encrypts the images of ECR repository ${repositoryName}`,
          enableKeyRotation: true,
          deletionWindowInDays: 30,
          tags,
        },
        { parent: this },
      );
      kmsKeyArn = key.arn;
    }

    // The repository.
    const repository = new aws.ecr.Repository(
      `${name}-repository`,
      {
        name: repositoryName,
        imageTagMutability: exclusions.length > 0 ? `${mutability}_WITH_EXCLUSION` : mutability,
        imageTagMutabilityExclusionFilters: exclusions.length
          ? exclusions.map((filter) => ({ filter, filterType: "WILDCARD" }))
          : undefined,
        imageScanningConfiguration: { scanOnPush: args.scanOnPush ?? true },
        encryptionConfigurations: [
          encryption === "KMS" ? { encryptionType: "KMS", kmsKey: kmsKeyArn } : { encryptionType: "AES256" },
        ],
        forceDelete: args.forceDelete ?? false,
        tags,
      },
      { parent: this },
    );

    // Lifecycle policy.
    this.lifecyclePolicy =
      rules.length > 0
        ? lifecyclePolicyJson(rules, { component: REPOSITORY_TYPE, resourceName: name })
        : undefined;
    if (this.lifecyclePolicy !== undefined) {
      new aws.ecr.LifecyclePolicy(
        `${name}-lifecycle`,
        { repository: repository.name, policy: this.lifecyclePolicy },
        { parent: this },
      );
    }

    // Repository policy.
    const partition = args.pullAccountIds?.length
      ? aws.getPartitionOutput({}, { parent: this }).partition
      : "aws";
    const statements = accessStatements(validatedAccess(args, REPOSITORY_TYPE, name), partition);
    let policy: pulumi.Output<string | undefined> = pulumi.output(undefined);
    if (statements.length > 0) {
      const document = repositoryPolicyDocument(statements);
      new aws.ecr.RepositoryPolicy(
        `${name}-policy`,
        { repository: repository.name, policy: document },
        { parent: this },
      );
      policy = document;
    }

    // ECR Public twin (ECR Public exists only in us-east-1).
    let publicUri: pulumi.Output<string | undefined> = pulumi.output(undefined);
    if (args.public) {
      const catalog = args.publicCatalog;
      const pub = new aws.ecrpublic.Repository(
        `${name}-public`,
        {
          repositoryName,
          region: "us-east-1",
          forceDestroy: args.forceDelete ?? false,
          catalogData: catalog
            ? {
                description: catalog.description,
                aboutText: catalog.aboutText,
                usageText: catalog.usageText,
                architectures: catalog.architectures,
                operatingSystems: catalog.operatingSystems,
              }
            : undefined,
          tags,
        },
        { parent: this },
      );
      publicUri = pub.repositoryUri;
    }

    this.repositoryName = repository.name;
    this.arn = repository.arn;
    this.repositoryUrl = repository.repositoryUrl;
    this.registryId = repository.registryId;
    this.kmsKeyArn = kmsKeyArn;
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
    v.check(DIGEST.test(digest), "digest", digest, "sha256: followed by 64 lowercase hex digits");
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
