import { BerthValidationError } from "@berth/core";
import { capture } from "@berth/plan";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import {
  expireUntaggedAfter,
  pullForAccounts,
  pullForLambda,
  pullForOrganization,
  pushForRoles,
  RegistrySettings,
  type RegistrySettingsArgs,
} from "../src";

const SCAN = "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration";
const REPLICATION = "aws:ecr/replicationConfiguration:ReplicationConfiguration";
const PTC = "aws:ecr/pullThroughCacheRule:PullThroughCacheRule";
const TEMPLATE = "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate";
const DOCKER_SECRET =
  "arn:aws:secretsmanager:us-east-1:123456789012:secret:ecr-pullthroughcache/docker-hub-AbCdEf";
const GITHUB_SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:ecr-pullthroughcache/ghcr-XyZ123";

async function rejection(args: RegistrySettingsArgs): Promise<BerthValidationError> {
  const err = await capture(() => {
    new RegistrySettings("registry", args);
  }).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!BerthValidationError.isBerthValidationError(err))
    throw new Error(`expected a validation error, got ${err}`);
  return err;
}

describe("RegistrySettings", () => {
  it("defaults to basic scan-on-push for every repository and nothing else", async () => {
    const graph = await capture(() => {
      const s = new RegistrySettings("registry");
      return { id: s.registryId };
    });
    const component = graph.one("berth:ecr:RegistrySettings", "registry");
    const scan = graph.one(SCAN, "registry-scanning");
    expect(scan.parent).toBe(component.urn);
    expect(scan.inputs).toEqual({
      scanType: "BASIC",
      rules: [
        { scanFrequency: "SCAN_ON_PUSH", repositoryFilters: [{ filter: "*", filterType: "WILDCARD" }] },
      ],
    });
    expect(graph.descendantsOf(component.urn).map((r) => r.type)).toEqual([SCAN]);
    expect(graph.stackOutputs).toEqual({ id: "123456789012" });
  });

  it("enhanced continuous scanning with filters", async () => {
    const graph = await capture(() => {
      new RegistrySettings("registry", {
        scanType: "ENHANCED",
        scanRules: [
          { frequency: "CONTINUOUS_SCAN", filters: ["prod/*"] },
          { frequency: "SCAN_ON_PUSH", filters: ["*"] },
        ],
      });
    });
    expect(graph.one(SCAN).inputs).toEqual({
      scanType: "ENHANCED",
      rules: [
        {
          scanFrequency: "CONTINUOUS_SCAN",
          repositoryFilters: [{ filter: "prod/*", filterType: "WILDCARD" }],
        },
        { scanFrequency: "SCAN_ON_PUSH", repositoryFilters: [{ filter: "*", filterType: "WILDCARD" }] },
      ],
    });
  });

  it("replication: cross-region to this account, cross-account to another, prefix filters", async () => {
    const graph = await capture(() => {
      new RegistrySettings("registry", {
        replicationRules: [
          { destinations: [{ region: "eu-west-1" }, { region: "us-west-2", registryId: "210987654321" }] },
          { destinations: [{ region: "ap-southeast-2" }], prefixes: ["prod/", "shared"] },
        ],
      });
    });
    expect(graph.one(REPLICATION, "registry-replication").inputs).toEqual({
      replicationConfiguration: {
        rules: [
          {
            destinations: [
              { region: "eu-west-1", registryId: "123456789012" },
              { region: "us-west-2", registryId: "210987654321" },
            ],
          },
          {
            destinations: [{ region: "ap-southeast-2", registryId: "123456789012" }],
            repositoryFilters: [
              { filter: "prod/", filterType: "PREFIX_MATCH" },
              { filter: "shared", filterType: "PREFIX_MATCH" },
            ],
          },
        ],
      },
    });
  });

  it("pull-through cache rules for every upstream, credentials where required", async () => {
    let settings: RegistrySettings | undefined;
    const graph = await capture(() => {
      settings = new RegistrySettings("registry", {
        pullThroughCache: [
          { upstream: "ecr-public" },
          { upstream: "quay" },
          { upstream: "k8s", prefix: "registry.k8s.io" },
          { upstream: "docker-hub", credentialArn: DOCKER_SECRET },
          { upstream: "github", prefix: "ghcr", credentialArn: GITHUB_SECRET },
        ],
      });
    });
    const rules = graph.ofType(PTC).map((r) => [r.name, r.inputs]);
    expect(rules).toEqual([
      [
        "registry-ptc-ecr-public",
        { ecrRepositoryPrefix: "ecr-public", upstreamRegistryUrl: "public.ecr.aws" },
      ],
      ["registry-ptc-quay", { ecrRepositoryPrefix: "quay", upstreamRegistryUrl: "quay.io" }],
      [
        "registry-ptc-registry-k8s-io",
        { ecrRepositoryPrefix: "registry.k8s.io", upstreamRegistryUrl: "registry.k8s.io" },
      ],
      [
        "registry-ptc-docker-hub",
        {
          ecrRepositoryPrefix: "docker-hub",
          upstreamRegistryUrl: "registry-1.docker.io",
          credentialArn: DOCKER_SECRET,
        },
      ],
      [
        "registry-ptc-ghcr",
        { ecrRepositoryPrefix: "ghcr", upstreamRegistryUrl: "ghcr.io", credentialArn: GITHUB_SECRET },
      ],
    ]);
    expect(settings?.pullThroughCachePrefixes).toEqual({
      "ecr-public": "ecr-public",
      quay: "quay",
      k8s: "registry.k8s.io",
      "docker-hub": "docker-hub",
      github: "ghcr",
    });
  });

  it("gives each pull-through cache prefix a creation template: immutable, lifecycle policy, AES256", async () => {
    const graph = await capture(() => {
      new RegistrySettings("registry", {
        pullThroughCache: [
          { upstream: "ecr-public" },
          { upstream: "k8s", imageTagMutability: "MUTABLE", lifecycleRules: [expireUntaggedAfter(1)] },
        ],
      });
    });
    const templates = graph.ofType(TEMPLATE);
    expect(templates.map((t) => t.name)).toEqual([
      "registry-ptc-ecr-public-template",
      "registry-ptc-k8s-template",
    ]);
    const [ecrPublic, k8s] = templates;
    expect(ecrPublic?.inputs).toMatchObject({
      prefix: "ecr-public",
      appliedFors: ["PULL_THROUGH_CACHE"],
      imageTagMutability: "IMMUTABLE",
      encryptionConfigurations: [{ encryptionType: "AES256" }],
    });
    expect(JSON.parse(ecrPublic?.inputs["lifecyclePolicy"] as string)).toEqual({
      rules: [
        {
          rulePriority: 1,
          description: "Expire untagged images older than 7 days",
          selection: {
            tagStatus: "untagged",
            countType: "sinceImagePushed",
            countUnit: "days",
            countNumber: 7,
          },
          action: { type: "expire" },
        },
        {
          rulePriority: 2,
          description: "Keep the last 30 images",
          selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 30 },
          action: { type: "expire" },
        },
      ],
    });
    expect(k8s?.inputs).toMatchObject({ prefix: "k8s", imageTagMutability: "MUTABLE" });
    expect((JSON.parse(k8s?.inputs["lifecyclePolicy"] as string) as { rules: unknown[] }).rules).toHaveLength(
      1,
    );
  });

  it("leaves a cache prefix to the creation template given for it, which must apply to the cache", async () => {
    const graph = await capture(() => {
      new RegistrySettings("registry", {
        pullThroughCache: [{ upstream: "ecr-public" }],
        creationTemplates: [{ prefix: "ecr-public", appliedFor: ["PULL_THROUGH_CACHE"] }],
      });
    });
    expect(graph.ofType(TEMPLATE).map((t) => t.name)).toEqual(["registry-template-ecr-public"]);
    const err = await rejection({
      pullThroughCache: [{ upstream: "ecr-public" }],
      creationTemplates: [{ prefix: "ecr-public", appliedFor: ["REPLICATION"] }],
    });
    expect(err.message.split("\n").slice(1)).toEqual([
      '  - creationTemplates[0].appliedFor: got ["REPLICATION"]; allowed: a list including PULL_THROUGH_CACHE: prefix "ecr-public" is the prefix of pullThroughCache[0]. Hint: or drop this template and set pullThroughCache[].imageTagMutability and lifecycleRules',
    ]);
  });

  it("lets the given roles fill the cache: CreateRepository and BatchImportUpstreamImage under its prefixes only", async () => {
    const node = "arn:aws:iam::123456789012:role/apps-nodes";
    const execution = "arn:aws:iam::123456789012:role/web-execution";
    const graph = await capture(() => {
      new RegistrySettings("registry", {
        pullThroughCache: [{ upstream: "ecr-public" }, { upstream: "k8s" }],
        pullThroughCachePrincipalArns: [node, pulumi.output(execution)],
      });
    });
    const policy = graph.one("aws:ecr/registryPolicy:RegistryPolicy", "registry-policy");
    expect(JSON.parse(policy.inputs["policy"] as string)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "PullThroughCache",
          Effect: "Allow",
          Principal: { AWS: [node, execution] },
          Action: ["ecr:BatchImportUpstreamImage", "ecr:CreateRepository"],
          Resource: [
            "arn:aws:ecr:us-east-1:123456789012:repository/ecr-public/*",
            "arn:aws:ecr:us-east-1:123456789012:repository/k8s/*",
          ],
        },
      ],
    });
  });

  it("checks cache principals: role ARNs, also once known, and only with cache rules", async () => {
    const err = await rejection({
      pullThroughCachePrincipalArns: ["arn:aws:iam::123456789012:user/alice"],
    });
    expect(err.message.split("\n").slice(1)).toEqual([
      '  - pullThroughCachePrincipalArns: got "1 principals"; allowed: unset unless pullThroughCache has rules (the grant is scoped to their prefixes).',
      '  - pullThroughCachePrincipalArns[0]: got "arn:aws:iam::123456789012:user/alice"; allowed: an ARN of an iam role (arn:<partition>:iam:<region>:<account>:role/...).',
    ]);
    const late = await capture(() => {
      new RegistrySettings("registry", {
        pullThroughCache: [{ upstream: "ecr-public" }],
        pullThroughCachePrincipalArns: [pulumi.output("123456789012")],
      });
    }).then(
      () => "",
      (e: unknown) => (e as Error).message,
    );
    expect(late).toContain(
      '  - pullThroughCachePrincipalArns[0]: got "123456789012"; allowed: an ARN of an iam role (arn:<partition>:iam:<region>:<account>:role/...).',
    );
  });

  it("refuses MANUAL as a scanning rule frequency (not a RegistryScanningRule value)", async () => {
    const err = await rejection({
      scanRules: [{ frequency: "MANUAL" as unknown as "SCAN_ON_PUSH", filters: ["*"] }],
    });
    expect(err.message.split("\n").slice(1)).toEqual([
      '  - scanRules[0].frequency: got "MANUAL"; allowed: SCAN_ON_PUSH, CONTINUOUS_SCAN.',
    ]);
  });

  it("repository creation templates: immutable, default lifecycle, KMS with a role, policy", async () => {
    const graph = await capture(() => {
      new RegistrySettings("registry", {
        creationTemplates: [
          { prefix: "ROOT", appliedFor: ["PULL_THROUGH_CACHE"] },
          {
            prefix: "prod",
            appliedFor: ["CREATE_ON_PUSH", "REPLICATION"],
            description: "prod repositories",
            mutabilityExclusions: ["latest"],
            lifecycleRules: [expireUntaggedAfter(1)],
            kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/k1",
            customRoleArn: "arn:aws:iam::123456789012:role/ecr-template",
            resourceTags: { team: "platform" },
            repositoryPolicyStatements: [pullForOrganization("o-a1b2c3d4e5")],
          },
        ],
      });
    });
    const [root, prod] = graph.ofType(TEMPLATE);
    expect(root?.name).toBe("registry-template-ROOT");
    expect(root?.inputs).toEqual({
      prefix: "ROOT",
      appliedFors: ["PULL_THROUGH_CACHE"],
      imageTagMutability: "IMMUTABLE",
      encryptionConfigurations: [{ encryptionType: "AES256" }],
      lifecyclePolicy:
        '{"rules":[{"rulePriority":1,"description":"Expire untagged images older than 7 days","selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":7},"action":{"type":"expire"}},{"rulePriority":2,"description":"Keep the last 30 images","selection":{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":30},"action":{"type":"expire"}}]}',
    });
    expect(prod?.inputs).toEqual({
      prefix: "prod",
      appliedFors: ["CREATE_ON_PUSH", "REPLICATION"],
      description: "prod repositories",
      imageTagMutability: "IMMUTABLE_WITH_EXCLUSION",
      imageTagMutabilityExclusionFilters: [{ filter: "latest", filterType: "WILDCARD" }],
      encryptionConfigurations: [
        { encryptionType: "KMS", kmsKey: "arn:aws:kms:us-east-1:123456789012:key/k1" },
      ],
      lifecyclePolicy:
        '{"rules":[{"rulePriority":1,"description":"Expire untagged images older than 1 day","selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":1},"action":{"type":"expire"}}]}',
      repositoryPolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "PullForOrganization",
            Effect: "Allow",
            Principal: "*",
            Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
            Condition: { StringEquals: { "aws:PrincipalOrgID": ["o-a1b2c3d4e5"] } },
          },
        ],
      }),
      customRoleArn: "arn:aws:iam::123456789012:role/ecr-template",
      resourceTags: { team: "platform" },
    });
  });
});

describe("RegistrySettings registry policy", () => {
  it("lets source accounts replicate into this registry, scoped to its repositories", async () => {
    const graph = await capture(
      () => {
        new RegistrySettings("registry", { replicationSourceAccountIds: ["111122223333"] });
      },
      { config: { "aws:region": "eu-west-1" } },
    );
    const policy = graph.one("aws:ecr/registryPolicy:RegistryPolicy", "registry-policy");
    expect(JSON.parse(policy.inputs["policy"] as string)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "ReplicationFromSourceAccounts",
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::111122223333:root" },
          Action: ["ecr:CreateRepository", "ecr:ReplicateImage"],
          Resource: ["arn:aws:ecr:eu-west-1:123456789012:repository/*"],
        },
      ],
    });
  });

  it("rejects a bad source account", async () => {
    const e = await rejection({ replicationSourceAccountIds: ["1111"] });
    expect(e.message).toBe(
      'Invalid arguments for berth:ecr:RegistrySettings "registry":\n  - replicationSourceAccountIds[0]: got "1111"; allowed: a 12-digit AWS account id.',
    );
  });
});

describe("RegistrySettings validation, exact messages", () => {
  const cases: Array<[string, RegistrySettingsArgs, string]> = [
    [
      "continuous scanning with BASIC",
      { scanRules: [{ frequency: "CONTINUOUS_SCAN", filters: ["*"] }] },
      '  - scanRules[0].frequency: got "CONTINUOUS_SCAN"; allowed: SCAN_ON_PUSH with scanType "BASIC". Hint: set scanType "ENHANCED" for continuous scanning',
    ],
    [
      "two rules with one frequency and an empty filter list",
      {
        scanRules: [
          { frequency: "SCAN_ON_PUSH", filters: ["a*"] },
          { frequency: "SCAN_ON_PUSH", filters: [] },
        ],
      },
      '  - scanRules[1].frequency: got "SCAN_ON_PUSH"; allowed: one rule per frequency.\n  - scanRules[1].filters: got []; allowed: at least one filter ("*" for every repository).',
    ],
    [
      "a bad region, account and too many replication rules",
      {
        replicationRules: [
          { destinations: [{ region: "europe", registryId: "123" }] },
          ...Array.from({ length: 10 }, () => ({ destinations: [{ region: "eu-west-1" }] })),
        ],
      },
      '  - replicationRules: got "11 rules"; allowed: at most 10 rules.\n  - replicationRules[0].destinations[0].region: got "europe"; allowed: an AWS region like eu-west-1.\n  - replicationRules[0].destinations[0].registryId: got "123"; allowed: a 12-digit AWS account id.',
    ],
    [
      "a replication rule without destinations",
      { replicationRules: [{ destinations: [] }] },
      '  - replicationRules[0].destinations: got "0 destinations"; allowed: 1 to 25 destinations.',
    ],
    [
      "docker-hub without a credential",
      { pullThroughCache: [{ upstream: "docker-hub" }] },
      "  - pullThroughCache[0].credentialArn: got undefined; allowed: a Secrets Manager secret ARN for docker-hub. Hint: create a secret named ecr-pullthroughcache/<name> with username and accessToken",
    ],
    [
      "a github credential whose name lacks the prefix",
      {
        pullThroughCache: [
          {
            upstream: "github",
            credentialArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:ghcr-token-AbC",
          },
        ],
      },
      '  - pullThroughCache[0].credentialArn: got "arn:aws:secretsmanager:us-east-1:123456789012:secret:ghcr-token-AbC"; allowed: a Secrets Manager secret ARN whose name starts with ecr-pullthroughcache/.',
    ],
    [
      "a credential for ECR Public, a duplicate prefix and a bad prefix",
      {
        pullThroughCache: [
          { upstream: "ecr-public", credentialArn: DOCKER_SECRET },
          { upstream: "quay", prefix: "ecr-public" },
          { upstream: "k8s", prefix: "K" },
        ],
      },
      '  - pullThroughCache[0].credentialArn: got "arn:aws:secretsmanager:us-east-1:123456789012:secret:ecr-pullthroughcache/docker-hub-AbCdEf"; allowed: no credential for ecr-public.\n  - pullThroughCache[1].prefix: got "ecr-public"; allowed: a prefix unique in the registry (pullThroughCache[0] uses it).\n  - pullThroughCache[2].prefix: got "K"; allowed: 2 to 30 lowercase letters, digits, . _ - /.',
    ],
    [
      "a template with tags but no role and a bad lifecycle rule",
      {
        creationTemplates: [
          {
            prefix: "prod",
            appliedFor: ["CREATE_ON_PUSH"],
            resourceTags: { team: "a" },
            lifecycleRules: [{ tagStatus: "untagged", maxAgeDays: 0 }],
          },
        ],
      },
      "  - creationTemplates[0].lifecycleRules[0].maxAgeDays: got 0; allowed: an integer from 1 to 2147483647.\n  - creationTemplates[0].customRoleArn: got undefined; allowed: a role ARN when the template sets resourceTags or kmsKeyArn (ECR creates the repository as that role).",
    ],
    [
      "a template applied to nothing",
      { creationTemplates: [{ prefix: "Bad Prefix", appliedFor: [] }] },
      '  - creationTemplates[0].prefix: got "Bad Prefix"; allowed: ROOT or a lowercase repository name prefix.\n  - creationTemplates[0].appliedFor: got []; allowed: one or more of CREATE_ON_PUSH, PULL_THROUGH_CACHE, REPLICATION.',
    ],
  ];
  it.each(cases)("%s", async (_label, args, lines) => {
    const e = await rejection(args);
    expect(e.message).toBe(`Invalid arguments for berth:ecr:RegistrySettings "registry":\n${lines}`);
  });

  it("more than 50 pull-through cache rules", async () => {
    const e = await rejection({
      pullThroughCache: Array.from({ length: 51 }, (_, i) => ({
        upstream: "quay" as const,
        prefix: `q${i}`,
      })),
    });
    expect(e.issues).toEqual([
      {
        path: "pullThroughCache",
        value: "51 rules",
        allowed: "at most 50 rules (ECR quota, not adjustable)",
      },
    ]);
  });
});

describe("RegistrySettings bad input from JavaScript callers", () => {
  it("names unknown properties with the nearest known key and missing required fields", async () => {
    const err = await rejection({
      scanRule: [],
      scanRules: [{ frequency: "SCAN_ON_PUSH" }],
      replicationRules: [{ destination: [{ region: "eu-west-1" }] }],
      pullThroughCache: [{ upstream: "ecr-public", imageTagMutabilty: "MUTABLE" }],
      creationTemplates: [{ prefix: "apps" }],
    } as unknown as RegistrySettingsArgs);
    expect(err.message.split("\n").slice(1)).toEqual([
      '  - scanRule: got []; allowed: no such property. Hint: did you mean "scanRules"?',
      '  - scanRules[0].filters: got undefined; allowed: repository filters ("*" for every repository) (required).',
      '  - replicationRules[0].destination: got [{"region":"eu-west-1"}]; allowed: no such property. Hint: did you mean "destinations"?',
      "  - replicationRules[0].destinations: got undefined; allowed: 1 to 25 destinations (required).",
      '  - pullThroughCache[0].imageTagMutabilty: got "MUTABLE"; allowed: no such property. Hint: did you mean "imageTagMutability"?',
      "  - creationTemplates[0].appliedFor: got undefined; allowed: one or more of CREATE_ON_PUSH, PULL_THROUGH_CACHE, REPLICATION (required).",
    ]);
  });

  it("checks a cache credential known only at deployment once it is known", async () => {
    const message = await capture(() => {
      new RegistrySettings("registry", {
        pullThroughCache: [
          {
            upstream: "docker-hub",
            credentialArn: pulumi.output(
              "arn:aws:secretsmanager:us-east-1:123456789012:secret:dockerhub-AbCdEf",
            ),
          },
        ],
      });
    }).then(
      () => "",
      (e: unknown) => (e as Error).message,
    );
    expect(message).toContain(
      '  - pullThroughCache[0].credentialArn: got "arn:aws:secretsmanager:us-east-1:123456789012:secret:dockerhub-AbCdEf"; allowed: a Secrets Manager secret ARN whose name starts with ecr-pullthroughcache/.',
    );
  });

  it("checks a template role ARN known only at deployment once it is known", async () => {
    const message = await capture(() => {
      new RegistrySettings("registry", {
        creationTemplates: [
          {
            prefix: "apps",
            appliedFor: ["CREATE_ON_PUSH"],
            resourceTags: { team: "a" },
            customRoleArn: pulumi.output("arn:aws:iam::123456789012:user/ecr"),
          },
        ],
      });
    }).then(
      () => "",
      (e: unknown) => (e as Error).message,
    );
    expect(message).toContain(
      '  - creationTemplates[0].customRoleArn: got "arn:aws:iam::123456789012:user/ecr"; allowed: an ARN of an iam role (arn:<partition>:iam:<region>:<account>:role/...).',
    );
  });

  it("checks template KMS key and role ARNs by service and resource type", async () => {
    const err = await rejection({
      creationTemplates: [
        {
          prefix: "apps",
          appliedFor: ["CREATE_ON_PUSH"],
          kmsKeyArn: "arn:aws:iam::123456789012:role/k",
          customRoleArn: "arn:aws:kms:us-east-1:123456789012:key/abc",
        },
      ],
    });
    expect(err.message.split("\n").slice(1)).toEqual([
      '  - creationTemplates[0].kmsKeyArn: got "arn:aws:iam::123456789012:role/k"; allowed: an ARN of a kms key or alias (arn:<partition>:kms:<region>:<account>:key/...).',
      '  - creationTemplates[0].customRoleArn: got "arn:aws:kms:us-east-1:123456789012:key/abc"; allowed: an ARN of an iam role (arn:<partition>:iam:<region>:<account>:role/...).',
    ]);
  });
});

describe("repository policy helpers refuse bad input", () => {
  it("names the helper, the field and the value", () => {
    expect(() => pullForAccounts(["12345"])).toThrow(
      'Invalid arguments for berth:ecr:RepositoryPolicy "pullForAccounts":\n  - accountIds[0]: got "12345"; allowed: a 12-digit AWS account id.',
    );
    expect(() => pushForRoles(undefined as unknown as string[])).toThrow(
      'Invalid arguments for berth:ecr:RepositoryPolicy "pushForRoles":\n  - roleArns: got undefined; allowed: a non-empty list, each an ARN of an iam role (arn:<partition>:iam:<region>:<account>:role/...).',
    );
    expect(() => pullForLambda(["arn:aws:s3:::bucket"])).toThrow(
      /functionArns\[0\]: got "arn:aws:s3:::bucket"/,
    );
    expect(() => pullForOrganization("org-1")).toThrow(
      '  - organizationId: got "org-1"; allowed: an AWS Organization id like o-a1b2c3d4e5.',
    );
  });
});
