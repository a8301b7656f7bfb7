import { BerthValidationError, Effect } from "@berth/core";
import { capture } from "@berth/plan";
import * as pulumi from "@pulumi/pulumi";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expireUntaggedAfter, keepLast, keepReleases, Repository, type RepositoryArgs } from "../src";

const REPO = "aws:ecr/repository:Repository";
const LIFECYCLE = "aws:ecr/lifecyclePolicy:LifecyclePolicy";
const POLICY = "aws:ecr/repositoryPolicy:RepositoryPolicy";

async function rejection(args: RepositoryArgs, name = "web"): Promise<BerthValidationError> {
  const err = await capture(() => {
    new Repository(name, args);
  }).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!BerthValidationError.isBerthValidationError(err))
    throw new Error(`expected a validation error, got ${err}`);
  return err;
}

describe("Repository defaults", () => {
  it("creates an immutable, scanned, AES256 repository with the default lifecycle policy and nothing else", async () => {
    let repo: Repository | undefined;
    const graph = await capture(() => {
      repo = new Repository("web");
      return { url: repo.repositoryUrl, arn: repo.arn, id: repo.registryId, name: repo.repositoryName };
    });
    const component = graph.one("berth:ecr:Repository", "web");
    const r = graph.one(REPO, "web-repository");
    expect(r.parent).toBe(component.urn);
    expect(r.inputs).toEqual({
      name: "web",
      imageTagMutability: "IMMUTABLE",
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfigurations: [{ encryptionType: "AES256" }],
      forceDelete: false,
      tags: { "berth:component": "berth:ecr:Repository", "berth:name": "web" },
    });
    const lc = graph.one(LIFECYCLE, "web-lifecycle");
    expect(lc.parent).toBe(component.urn);
    expect(lc.inputs["repository"]).toBe("web");
    expect(JSON.parse(lc.inputs["policy"] as string)).toEqual({
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
    expect(graph.dependsOn(lc.urn, r.urn)).toBe(true);
    expect(graph.count(POLICY)).toBe(0);
    expect(graph.count("aws:kms/key:Key")).toBe(0);
    expect(graph.count("aws:ecrpublic/repository:Repository")).toBe(0);
    expect(
      graph
        .descendantsOf(component.urn)
        .map((d) => d.type)
        .sort(),
    ).toEqual([LIFECYCLE, REPO]);
    expect(graph.stackOutputs).toEqual({
      url: "123456789012.dkr.ecr.us-east-1.amazonaws.com/web",
      arn: "arn:aws:ecr:us-east-1:123456789012:repository/web",
      id: "123456789012",
      name: "web",
    });
    expect(repo?.lifecyclePolicy).toBe(lc.inputs["policy"]);
  });

  it("imageUri and imageUriByDigest build references from the repository URL", async () => {
    const digest = `sha256:${"ab".repeat(32)}`;
    const graph = await capture(() => {
      const repo = new Repository("api", { repositoryName: "team/api" });
      return { byTag: repo.imageUri("v1.2.3"), byDigest: repo.imageUriByDigest(digest) };
    });
    expect(graph.stackOutputs).toEqual({
      byTag: "123456789012.dkr.ecr.us-east-1.amazonaws.com/team/api:v1.2.3",
      byDigest: `123456789012.dkr.ecr.us-east-1.amazonaws.com/team/api@${digest}`,
    });
  });

  it("rejects a bad tag or digest with the field named", async () => {
    await expect(
      capture(() => {
        new Repository("api").imageUri("-bad");
      }),
    ).rejects.toThrow(
      'Invalid arguments for berth:ecr:Repository "api":\n  - tag: got "-bad"; allowed: 1 to 128 letters, digits, _ . -, not starting with . or -.',
    );
    await expect(
      capture(() => {
        new Repository("api").imageUriByDigest("sha256:xyz");
      }),
    ).rejects.toThrow(
      'Invalid arguments for berth:ecr:Repository "api":\n  - digest: got "sha256:xyz"; allowed: sha256: followed by 64 lowercase hex digits.',
    );
  });
});

describe("Repository options", () => {
  it("mutable tag exclusions switch to IMMUTABLE_WITH_EXCLUSION with WILDCARD filters", async () => {
    const graph = await capture(() => {
      new Repository("web", { mutabilityExclusions: ["latest", "dev-*"] });
    });
    const r = graph.one(REPO);
    expect(r.inputs["imageTagMutability"]).toBe("IMMUTABLE_WITH_EXCLUSION");
    expect(r.inputs["imageTagMutabilityExclusionFilters"]).toEqual([
      { filter: "latest", filterType: "WILDCARD" },
      { filter: "dev-*", filterType: "WILDCARD" },
    ]);
  });

  it("MUTABLE with exclusions is MUTABLE_WITH_EXCLUSION (the filters become immutable)", async () => {
    const graph = await capture(() => {
      new Repository("web", {
        imageTagMutability: "MUTABLE",
        mutabilityExclusions: ["v*"],
        scanOnPush: false,
      });
    });
    const r = graph.one(REPO);
    expect(r.inputs["imageTagMutability"]).toBe("MUTABLE_WITH_EXCLUSION");
    expect(r.inputs["imageScanningConfiguration"]).toEqual({ scanOnPush: false });
  });

  it("KMS without a key creates a rotating customer-managed key and encrypts with it", async () => {
    const graph = await capture(() => {
      new Repository("web", { encryption: "KMS", forceDelete: true });
    });
    const key = graph.one("aws:kms/key:Key", "web-key");
    expect(key.inputs).toEqual({
      description: "Encrypts the images of ECR repository web",
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      tags: { "berth:component": "berth:ecr:Repository", "berth:name": "web" },
    });
    const r = graph.one(REPO);
    expect(r.inputs["encryptionConfigurations"]).toEqual([
      { encryptionType: "KMS", kmsKey: key.outputs["arn"] },
    ]);
    expect(r.inputs["forceDelete"]).toBe(true);
    expect(graph.dependsOn(r.urn, key.urn)).toBe(true);
  });

  it("a given KMS key ARN means KMS encryption with that key and no key created", async () => {
    const keyArn = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    const graph = await capture(() => {
      new Repository("web", { kmsKeyArn: keyArn });
    });
    expect(graph.count("aws:kms/key:Key")).toBe(0);
    expect(graph.one(REPO).inputs["encryptionConfigurations"]).toEqual([
      { encryptionType: "KMS", kmsKey: keyArn },
    ]);
  });

  it("lifecycleRules: [] attaches no lifecycle policy; custom rules render in priority order", async () => {
    const none = await capture(() => {
      new Repository("web", { lifecycleRules: [] });
    });
    expect(none.count(LIFECYCLE)).toBe(0);
    const custom = await capture(() => {
      new Repository("web", { lifecycleRules: [keepLast(100), keepReleases(5), expireUntaggedAfter(1)] });
    });
    const doc = JSON.parse(custom.one(LIFECYCLE).inputs["policy"] as string) as {
      rules: Array<{ rulePriority: number; selection: { tagStatus: string } }>;
    };
    expect(doc.rules.map((r) => [r.rulePriority, r.selection.tagStatus])).toEqual([
      [1, "tagged"],
      [2, "untagged"],
      [3, "any"],
    ]);
  });

  it("repository policy: accounts, organization, Lambda and CI push, parsed and compared exactly", async () => {
    const graph = await capture(() => {
      new Repository("web", {
        pullAccountIds: ["111122223333", "444455556666"],
        pullOrganizationId: "o-a1b2c3d4e5",
        pullLambdaFunctionArns: ["arn:aws:lambda:eu-west-1:111122223333:function:*"],
        pushRoleArns: ["arn:aws:iam::123456789012:role/github-deploy"],
      });
    });
    const policy = graph.one(POLICY, "web-policy");
    expect(policy.inputs["repository"]).toBe("web");
    expect(JSON.parse(policy.inputs["policy"] as string)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "PullForAccounts",
          Effect: "Allow",
          Principal: { AWS: ["arn:aws:iam::111122223333:root", "arn:aws:iam::444455556666:root"] },
          Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
        },
        {
          Sid: "PullForOrganization",
          Effect: "Allow",
          Principal: "*",
          Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
          Condition: { StringEquals: { "aws:PrincipalOrgID": ["o-a1b2c3d4e5"] } },
        },
        {
          Sid: "PullForLambda",
          Effect: "Allow",
          Principal: { Service: "lambda.amazonaws.com" },
          Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
          Condition: {
            StringLike: { "aws:sourceArn": ["arn:aws:lambda:eu-west-1:111122223333:function:*"] },
          },
        },
        {
          Sid: "PushForRoles",
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::123456789012:role/github-deploy" },
          Action: [
            "ecr:BatchCheckLayerAvailability",
            "ecr:BatchGetImage",
            "ecr:CompleteLayerUpload",
            "ecr:GetDownloadUrlForLayer",
            "ecr:InitiateLayerUpload",
            "ecr:PutImage",
            "ecr:UploadLayerPart",
          ],
        },
      ],
    });
  });

  it("public: true adds an ECR Public repository in us-east-1 with its catalog", async () => {
    let repo: Repository | undefined;
    const graph = await capture(
      () => {
        repo = new Repository("tool", {
          public: true,
          publicCatalog: {
            description: "CLI",
            architectures: ["x86-64", "ARM 64"],
            operatingSystems: ["Linux"],
          },
        });
        return { uri: repo.publicRepositoryUri };
      },
      { config: { "aws:region": "eu-west-1" } },
    );
    const pub = graph.one("aws:ecrpublic/repository:Repository", "tool-public");
    expect(pub.inputs).toEqual({
      repositoryName: "tool",
      region: "us-east-1",
      forceDestroy: false,
      catalogData: { description: "CLI", architectures: ["x86-64", "ARM 64"], operatingSystems: ["Linux"] },
      tags: { "berth:component": "berth:ecr:Repository", "berth:name": "tool" },
    });
    expect(String(graph.stackOutputs["uri"])).toMatch(/^public\.ecr\.aws\/[0-9a-f]{8}\/tool$/);
  });

  it("pullStatements grant pull on exactly this repository", async () => {
    const graph = await capture(() => {
      const repo = new Repository("web");
      return { statements: pulumi.output(repo.pullStatements()) };
    });
    expect(graph.stackOutputs["statements"]).toEqual([
      {
        effect: Effect.Allow,
        actions: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
        resources: ["arn:aws:ecr:us-east-1:123456789012:repository/web"],
      },
      { effect: Effect.Allow, actions: ["ecr:GetAuthorizationToken"], resources: ["*"] },
    ]);
  });
});

describe("Repository validation, exact messages", () => {
  const cases: Array<[string, RepositoryArgs, string]> = [
    [
      "an uppercase name",
      { repositoryName: "Web" },
      '  - repositoryName: got "Web"; allowed: 2 to 256 characters: lowercase letters and digits, separated by one of . _ - and / for namespaces.',
    ],
    [
      "a bad exclusion filter",
      { mutabilityExclusions: ["a*b*c*"] },
      '  - mutabilityExclusions[0]: got "a*b*c*"; allowed: 1 to 128 letters, digits, . _ - with at most 2 wildcards (*).',
    ],
    [
      "a key with AES256",
      { encryption: "AES256", kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/abc" },
      '  - kmsKeyArn: got "arn:aws:kms:us-east-1:123456789012:key/abc"; allowed: no key with encryption "AES256". Hint: omit encryption or set it to "KMS"',
    ],
    [
      "a bad lifecycle rule",
      { lifecycleRules: [keepLast(10), { tagStatus: "tagged", maxImageCount: 0 }] },
      '  - lifecycleRules[1].tagPrefixes: got undefined; allowed: a non-empty tagPrefixes or tagPatterns list when tagStatus is "tagged". Hint: use tagStatus "any" to select every image\n  - lifecycleRules[1].maxImageCount: got 0; allowed: an integer from 1 to 2147483647.',
    ],
    [
      "bad principals",
      {
        pullAccountIds: ["12345"],
        pullOrganizationId: "org-1",
        pushRoleArns: ["arn:aws:iam::123456789012:user/bob"],
      },
      '  - pullAccountIds[0]: got "12345"; allowed: a 12-digit AWS account id.\n  - pushRoleArns[0]: got "arn:aws:iam::123456789012:user/bob"; allowed: an ARN of an iam role (arn:<partition>:iam:<region>:<account>:role/...).\n  - pullOrganizationId: got "org-1"; allowed: an AWS Organization id like o-a1b2c3d4e5.',
    ],
    [
      "Principal * without a condition",
      { policyStatements: [{ actions: ["ecr:BatchGetImage"], principals: { aws: ["*"] } }] },
      '  - policyStatements[0].principals.aws: got "*"; allowed: named principals, or * together with a condition such as aws:PrincipalOrgID.',
    ],
    [
      "a catalog without public",
      { publicCatalog: { description: "x" } },
      '  - publicCatalog: got {"description":"x"}; allowed: no catalog unless public is true.',
    ],
    [
      "an unknown property, an ECR-JSON lifecycle rule and too many tags",
      {
        lifecycleRule: [keepLast(5)],
        lifecycleRules: [{ tagStatus: "any", countNumber: 0 }],
        tags: Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`k${i}`, "v"])),
      } as unknown as RepositoryArgs,
      [
        '  - lifecycleRule: got [{"tagStatus":"any","maxImageCount":5}]; allowed: no such property. Hint: did you mean "lifecycleRules"?',
        "  - lifecycleRules[0].countNumber: got 0; allowed: no such property. Hint: ECR's lifecycle JSON name; here it is maxImageCount (imageCountMoreThan) or maxAgeDays (sinceImagePushed)",
        "  - lifecycleRules[0].maxImageCount: got undefined; allowed: exactly one of maxImageCount and maxAgeDays.",
        '  - tags: got "51 tags"; allowed: at most 50 tags.',
      ].join("\n"),
    ],
    [
      "a bad public architecture",
      { public: true, publicCatalog: { architectures: ["amd64"] } },
      '  - publicCatalog.architectures[0]: got "amd64"; allowed: one of "ARM", "ARM 64", "x86", "x86-64".',
    ],
  ];
  it.each(cases)("%s", async (_label, args, lines) => {
    const e = await rejection(args);
    expect(e.message).toBe(`Invalid arguments for berth:ecr:Repository "web":\n${lines}`);
  });

  it("the default name is the component name, with a hint when it is invalid", async () => {
    const e = await rejection({}, "Web_App");
    expect(e.message).toBe(
      'Invalid arguments for berth:ecr:Repository "Web_App":\n  - repositoryName: got "Web_App"; allowed: 2 to 256 characters: lowercase letters and digits, separated by one of . _ - and / for namespaces. Hint: the component name is the default; pass repositoryName',
    );
  });
});

describe("Repository with values that are not known yet", () => {
  it("checks Output principals once known and names the field", async () => {
    await expect(
      capture(() => {
        new Repository("web", { pushRoleArns: [pulumi.output("arn:aws:iam::123456789012:user/bob")] });
      }),
    ).rejects.toThrow(
      'Invalid arguments for berth:ecr:Repository "web":\n  - pushRoleArns[0]: got "arn:aws:iam::123456789012:user/bob"; allowed: an ARN of an iam role (arn:<partition>:iam:<region>:<account>:role/...).',
    );
  });

  it("accepts good Output principals and renders them", async () => {
    const graph = await capture(() => {
      new Repository("web", {
        pushRoleArns: [pulumi.output("arn:aws:iam::123456789012:role/ci")],
        pullOrganizationId: pulumi.output("o-a1b2c3d4e5"),
      });
    });
    const doc = JSON.parse(graph.one(POLICY).inputs["policy"] as string) as {
      Statement: Array<{ Sid: string; Principal: unknown; Condition?: unknown }>;
    };
    expect(doc.Statement.map((s) => [s.Sid, s.Principal, s.Condition])).toEqual([
      ["PullForOrganization", "*", { StringEquals: { "aws:PrincipalOrgID": ["o-a1b2c3d4e5"] } }],
      ["PushForRoles", { AWS: "arn:aws:iam::123456789012:role/ci" }, undefined],
    ]);
  });

  it("previews like a new stack: the lifecycle policy is known, computed ARNs are not", async () => {
    const graph = await capture(
      () => {
        new Repository("web", { encryption: "KMS", pullAccountIds: ["111122223333"] });
      },
      { preview: true },
    );
    expect(graph.one(LIFECYCLE).inputs["policy"]).toContain('"countNumber":30');
    const repo = graph.one(REPO);
    expect(repo.unknownPaths).toContain("encryptionConfigurations[0].kmsKey");
    expect(graph.count(POLICY)).toBe(1);
  });
});

describe("Repository name property", () => {
  const ECR_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
  it("accepts exactly the names ECR accepts (2 to 256 characters of the API pattern)", async () => {
    const names = fc.oneof(
      fc.stringMatching(/^[a-z0-9]{1,6}([._/-][a-z0-9]{1,6}){0,3}$/),
      fc.string({ unit: fc.constantFrom("a", "Z", "0", ".", "_", "-", "/", " "), maxLength: 12 }),
    );
    await fc.assert(
      fc.asyncProperty(names, async (repositoryName) => {
        const expected =
          repositoryName.length >= 2 && repositoryName.length <= 256 && ECR_NAME.test(repositoryName);
        const ok = await capture(() => {
          new Repository("r", { repositoryName, lifecycleRules: [] });
        }).then(
          () => true,
          (e: unknown) => {
            if (!BerthValidationError.isBerthValidationError(e)) throw e;
            expect(e.issues.map((i) => i.path)).toEqual(["repositoryName"]);
            return false;
          },
        );
        expect(ok).toBe(expected);
      }),
      { numRuns: 150 },
    );
  });
});

describe("Repository values known only at deployment", () => {
  it("tags given as an output get the same 50-tag check once known", async () => {
    const tags = Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`k${i}`, "v"]));
    const err = await capture(() => {
      new Repository("web", { tags: pulumi.output(tags) });
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(String(err)).toContain(
      'Invalid arguments for berth:ecr:Repository "web":\n  - tags: got "51 tags"; allowed: at most 50 tags.',
    );
  });
});
