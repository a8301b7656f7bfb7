import { BerthValidationError, validateWhenKnown } from "@berth/core";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { capture, ResourceGraph, UNKNOWN } from "../src";

/** A valid trust policy: the conformance checks in capture() reject an empty one, as IAM would. */
const TRUST = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" },
  ],
});
const readPolicy = (arn: string) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "iam:GetRole", Resource: arn }],
  });

/** A two-level component: Outer owns Inner, Inner owns a role and a policy that uses the role. */
class Inner extends pulumi.ComponentResource {
  readonly role: aws.iam.Role;
  readonly policy: aws.iam.RolePolicy;
  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super("berth:test:Inner", name, {}, opts);
    this.role = new aws.iam.Role(
      `${name}-role`,
      { assumeRolePolicy: TRUST, description: pulumi.secret("hidden") },
      { parent: this, protect: true },
    );
    this.policy = new aws.iam.RolePolicy(
      `${name}-policy`,
      { role: this.role.name, policy: this.role.arn.apply(readPolicy) },
      { parent: this, ignoreChanges: ["policy"], deleteBeforeReplace: true },
    );
    this.registerOutputs({ roleArn: this.role.arn });
  }
}

class Outer extends pulumi.ComponentResource {
  readonly inner: Inner;
  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super("berth:test:Outer", name, {}, opts);
    this.inner = new Inner(`${name}-inner`, { parent: this });
    this.registerOutputs({});
  }
}

describe("capture: parents, URNs and edges", () => {
  it("records parents and engine-style URNs for nested components", async () => {
    const g = await capture(() => {
      new Outer("o");
    });
    const stackUrn = "urn:pulumi:dev::berth::pulumi:pulumi:Stack::berth-dev";
    const outer = g.one("berth:test:Outer");
    const inner = g.one("berth:test:Inner");
    const role = g.one("aws:iam/role:Role");
    expect(outer.urn).toBe("urn:pulumi:dev::berth::berth:test:Outer::o");
    expect(outer.parent).toBe(stackUrn);
    expect(inner.urn).toBe("urn:pulumi:dev::berth::berth:test:Outer$berth:test:Inner::o-inner");
    expect(inner.parent).toBe(outer.urn);
    expect(role.urn).toBe(
      "urn:pulumi:dev::berth::berth:test:Outer$berth:test:Inner$aws:iam/role:Role::o-inner-role",
    );
    expect(role.parent).toBe(inner.urn);
    expect(g.childrenOf(outer.urn).map((r) => r.name)).toEqual(["o-inner"]);
    expect(g.descendantsOf(outer.urn).map((r) => r.type)).toEqual([
      "berth:test:Inner",
      "aws:iam/role:Role",
      "aws:iam/rolePolicy:RolePolicy",
    ]);
    expect(g.ancestorsOf(role.urn).map((r) => r.type)).toEqual([
      "berth:test:Inner",
      "berth:test:Outer",
      "pulumi:pulumi:Stack",
    ]);
  });

  it("separates input dependencies from explicit dependsOn, and expands a component dependency to its children", async () => {
    const g = await capture(() => {
      const o = new Outer("o");
      new aws.s3.Bucket("after", {}, { dependsOn: [o] });
      new aws.s3.Bucket("tagged", { tags: { role: o.inner.role.name } });
    });
    const role = g.one("aws:iam/role:Role");
    const policy = g.one("aws:iam/rolePolicy:RolePolicy");
    expect(policy.dependencies).toEqual([role.urn]);
    expect(policy.propertyDependencies).toEqual({ policy: [role.urn], role: [role.urn] });
    expect(policy.explicitDependencies).toEqual([]);

    const after = g.one("aws:s3/bucket:Bucket", "after");
    expect([...after.dependencies].sort()).toEqual([role.urn, policy.urn].sort());
    expect([...after.explicitDependencies].sort()).toEqual([role.urn, policy.urn].sort());

    const tagged = g.one("aws:s3/bucket:Bucket", "tagged");
    expect(tagged.propertyDependencies["tags"]).toEqual([role.urn]);
    expect(tagged.explicitDependencies).toEqual([]);

    const edges = g.edges.filter((e) => e.from === tagged.urn);
    expect(edges).toEqual([
      { from: tagged.urn, to: "urn:pulumi:dev::berth::pulumi:pulumi:Stack::berth-dev", kind: "parent" },
      { from: tagged.urn, to: role.urn, kind: "input", properties: ["tags"] },
    ]);
    expect(g.edges.filter((e) => e.from === after.urn && e.kind === "dependsOn")).toHaveLength(2);
    expect(g.dependsOnTransitively(after.urn, role.urn)).toBe(true);
    expect(g.dependsOn(role.urn, after.urn)).toBe(false);
  });

  it("records the options that matter", async () => {
    const g = await capture(() => {
      const provider = new aws.Provider("eu", { region: "eu-west-1" });
      new Outer("o");
      new aws.s3.Bucket("kept", {}, { retainOnDelete: true, provider, customTimeouts: { delete: "20m" } });
    });
    const role = g.one("aws:iam/role:Role");
    expect(role.options.protect).toBe(true);
    const policy = g.one("aws:iam/rolePolicy:RolePolicy");
    expect(policy.options.ignoreChanges).toEqual(["policy"]);
    expect(policy.options.deleteBeforeReplace).toBe(true);
    const kept = g.one("aws:s3/bucket:Bucket");
    expect(kept.options.retainOnDelete).toBe(true);
    expect(kept.options.customTimeouts).toEqual({ delete: "20m" });
    expect(kept.options.provider).toMatch(/^urn:pulumi:dev::berth::pulumi:providers:aws::eu::/);
  });
});

describe("capture: values", () => {
  it("unwraps secrets and marks their paths", async () => {
    const g = await capture(() => {
      new Outer("o");
      new aws.ssm.Parameter("p", {
        type: "SecureString",
        value: pulumi.secret("s3cr3t"),
        tags: { owner: pulumi.secret("me") },
      });
    });
    expect(g.one("aws:iam/role:Role").inputs["description"]).toBe("hidden");
    expect(g.one("aws:iam/role:Role").secretPaths).toEqual(["description"]);
    const p = g.one("aws:ssm/parameter:Parameter");
    expect(p.inputs["value"]).toBe("s3cr3t");
    expect(p.secretPaths.sort()).toEqual(["tags.owner", "value"]);
  });

  it("marks preview unknowns and gives no ids, as a preview of a new stack does", async () => {
    const g = await capture(
      () => {
        new Outer("o");
      },
      { preview: true },
    );
    const role = g.one("aws:iam/role:Role");
    const policy = g.one("aws:iam/rolePolicy:RolePolicy");
    expect(role.id).toBeUndefined();
    expect(policy.inputs["policy"]).toBe(UNKNOWN);
    // The role's auto-name is known in a preview (the provider assigns it in Check).
    expect(policy.inputs["role"]).toMatch(/^o-inner-role-[0-9a-f]{7}$/);
    expect(policy.unknownPaths).toEqual(["policy"]);
    expect(g.preview).toBe(true);
  });

  it("answers with realistic, deterministic outputs", async () => {
    const program = () => {
      const repo = new aws.ecr.Repository("app", {});
      const queue = new aws.sqs.Queue("jobs", {});
      return { url: repo.repositoryUrl, arn: repo.arn, queueUrl: queue.url };
    };
    const a = await capture(program);
    const b = await capture(program);
    expect(a.stackOutputs).toEqual(b.stackOutputs);
    expect(a.stackOutputs["url"]).toMatch(
      /^123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com\/app-[0-9a-f]{7}$/,
    );
    expect(a.stackOutputs["arn"]).toMatch(/^arn:aws:ecr:us-east-1:123456789012:repository\/app-[0-9a-f]{7}$/);
    expect(a.stackOutputs["queueUrl"]).toMatch(
      /^https:\/\/sqs\.us-east-1\.amazonaws\.com\/123456789012\/jobs-[0-9a-f]{7}$/,
    );
    const c = await capture(program, {
      config: { "aws:region": "eu-west-1", "berth:mockAccountId": "210987654321" },
    });
    expect(c.stackOutputs["url"]).toMatch(/^210987654321\.dkr\.ecr\.eu-west-1\.amazonaws\.com\//);
  });

  it("answers the invokes components use", async () => {
    const g = await capture(async () => {
      const region = await aws.getRegion();
      const identity = await aws.getCallerIdentity();
      const partition = await aws.getPartition();
      const zones = await aws.getAvailabilityZones();
      const ami = await aws.ssm.getParameter({
        name: "/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id",
      });
      const doc = await aws.iam.getPolicyDocument({
        statements: [
          {
            actions: ["s3:GetObject"],
            resources: ["arn:aws:s3:::b/*"],
            principals: [{ type: "Service", identifiers: ["ecs-tasks.amazonaws.com"] }],
          },
        ],
      });
      return {
        region: region.region,
        account: identity.accountId,
        partition: partition.partition,
        zones: zones.names,
        ami: ami.value,
        doc: doc.json,
      };
    });
    expect(g.stackOutputs["region"]).toBe("us-east-1");
    expect(g.stackOutputs["account"]).toBe("123456789012");
    expect(g.stackOutputs["partition"]).toBe("aws");
    expect(g.stackOutputs["zones"]).toEqual(["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d"]);
    expect(g.stackOutputs["ami"]).toMatch(/^ami-[0-9a-f]{17}$/);
    expect(JSON.parse(g.stackOutputs["doc"] as string)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: "s3:GetObject",
          Resource: "arn:aws:s3:::b/*",
          Principal: { Service: "ecs-tasks.amazonaws.com" },
        },
      ],
    });
  });
});

describe("capture: config, stack references and errors", () => {
  it("reads stack config through pulumi.Config, namespacing plain keys with the project", async () => {
    const g = await capture(
      () => {
        const cfg = new pulumi.Config();
        const aws = new pulumi.Config("aws");
        return {
          replicas: cfg.requireNumber("replicas"),
          sizes: cfg.requireObject<{ cpu: number }>("sizes"),
          region: aws.require("region"),
          token: cfg.requireSecret("token"),
          stack: pulumi.getStack(),
          project: pulumi.getProject(),
        };
      },
      {
        project: "platform",
        stack: "prod",
        config: { replicas: 3, "platform:sizes": { cpu: 512 }, "aws:region": "eu-west-1", token: "t" },
        secretKeys: ["token"],
      },
    );
    expect(g.stackOutputs).toEqual({
      replicas: 3,
      sizes: { cpu: 512 },
      region: "eu-west-1",
      token: "t",
      stack: "prod",
      project: "platform",
    });
    expect(g.root?.urn).toBe("urn:pulumi:prod::platform::pulumi:pulumi:Stack::platform-prod");
  });

  it("serves StackReference outputs and names a missing reference", async () => {
    const g = await capture(
      () => {
        const net = new pulumi.StackReference("organization/network/dev");
        return { vpcId: net.requireOutput("vpcId") };
      },
      { stackOutputs: { "organization/network/dev": { vpcId: "vpc-123" } } },
    );
    expect(g.stackOutputs["vpcId"]).toBe("vpc-123");
    const ref = g.one("pulumi:pulumi:StackReference");
    expect(ref.read).toBe(true);
    await expect(
      capture(() => {
        new pulumi.StackReference("organization/network/prod").getOutput("vpcId");
      }),
    ).rejects.toThrow(
      'berth plan: no outputs for stack reference "organization/network/prod". Pass them to capture() as stackOutputs: { "organization/network/prod": { ... } } (none given)',
    );
  });

  it("fails an unknown invoke with an error that names the token and where to add it", async () => {
    await expect(
      capture(async () => {
        await aws.ec2.getVpc({ default: true });
      }),
    ).rejects.toThrow(
      /no mock for invoke "aws:ec2\/getVpc:getVpc".*Add an entry to invokeMocks in packages\/plan\/src\/mocks\/invokes\.ts/,
    );
  });

  it("rejects with a component's validation error, thrown in the constructor or inside apply", async () => {
    await expect(
      capture(() => {
        throw new BerthValidationError("berth:test:X", "x", [{ path: "cpu", value: 3, allowed: "256" }]);
      }),
    ).rejects.toThrow('Invalid arguments for berth:test:X "x":\n  - cpu: got 3; allowed: 256.');
    await expect(
      capture(() => {
        const count = validateWhenKnown("berth:test:X", "x", pulumi.output(5), (v, check) => {
          check.check(v < 3, "count", v, "less than 3");
        });
        new aws.sqs.Queue("q", { delaySeconds: count });
      }),
    ).rejects.toThrow(/count: got 5; allowed: less than 3\./);
  });

  it("does not wait forever for a program whose failed resource has dependents", async () => {
    await expect(
      capture(() => {
        const bad = pulumi.output(1).apply((): string => {
          throw new Error("boom in apply");
        });
        const a = new aws.s3.Bucket("a", { bucket: bad });
        new aws.s3.Bucket("b", { bucket: a.bucket });
        return { b: a.arn };
      }),
    ).rejects.toThrow("boom in apply");
    // The next capture is not blamed for what the failed one left behind.
    const g = await capture(() => {
      new aws.s3.Bucket("fine", {});
    });
    expect(g.count("aws:s3/bucket:Bucket")).toBe(1);
  });

  it("isolates captures that follow each other", async () => {
    const first = capture(
      () => {
        new aws.s3.Bucket("a", {});
        return { stack: pulumi.getStack() };
      },
      { stack: "one" },
    );
    const second = capture(
      () => {
        new aws.s3.Bucket("b", {});
        return { stack: pulumi.getStack() };
      },
      { stack: "two" },
    );
    const [g1, g2] = await Promise.all([first, second]);
    expect(g1.ofType("aws:s3/bucket:Bucket").map((r) => r.name)).toEqual(["a"]);
    expect(g2.ofType("aws:s3/bucket:Bucket").map((r) => r.name)).toEqual(["b"]);
    expect([g1.stackOutputs["stack"], g2.stackOutputs["stack"]]).toEqual(["one", "two"]);
  });

  it("reports a duplicate URN", async () => {
    await expect(
      capture(() => {
        new aws.s3.Bucket("same", {});
        new aws.s3.Bucket("same", {});
      }),
    ).rejects.toThrow(/Duplicate resource URN 'urn:pulumi:dev::berth::aws:s3\/bucket:Bucket::same'/);
  });
});

describe("ResourceGraph queries", () => {
  it("one() explains what it found", async () => {
    const g = await capture(() => {
      new aws.s3.Bucket("a", {});
      new aws.s3.Bucket("b", {});
    });
    expect(() => g.one("aws:s3/bucket:Bucket")).toThrow(
      "expected exactly one aws:s3/bucket:Bucket, found 2 (have: a, b)",
    );
    expect(() => g.one("aws:sqs/queue:Queue")).toThrow("expected exactly one aws:sqs/queue:Queue, found 0");
    expect(g.count("aws:s3/bucket:Bucket")).toBe(2);
    expect(g.countsByType()[0]).toEqual({ type: "aws:s3/bucket:Bucket", count: 2 });
    expect(() => g.byUrn("urn:nope")).toThrow("no resource with URN urn:nope");
  });

  it("round-trips through JSON", async () => {
    const g = await capture(() => {
      new Outer("o");
      return { a: 1 };
    });
    const back = ResourceGraph.fromJSON(JSON.parse(JSON.stringify(g.toJSON())));
    expect(back.resources).toEqual(g.resources);
    expect(back.stackOutputs).toEqual({ a: 1 });
    expect(back.edges).toEqual(g.edges);
  });
});
