import { applicationAutoScalingCron, autoScalingRecurrence, WEEKDAYS } from "@berth/core";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { capture, type Program } from "../src";
import { ConformanceError, type ConformanceViolation, renderConformance } from "../src/catalog";
import { scheduleExpression, unixCron } from "../src/catalog/documents";
import { cidr } from "../src/catalog/rules";
import type { Finding } from "../src/catalog/types";

/** What capture() rejects in a program of raw resources: [resource name, path, value, rule]. */
async function rejected(program: Program): Promise<Array<[string, string, unknown, string]>> {
  const err = await capture(program).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!ConformanceError.isInstance(err)) throw new Error(`expected a ConformanceError, got ${String(err)}`);
  return sorted(err.violations.map((v) => [v.name, v.path, v.value, v.rule]));
}

type Row = [string, string, unknown, string];
/** Rows in (name, path) order: the engine reports by URN, and registration order is not the program's. */
function sorted<T extends Row>(rows: T[]): T[] {
  const key = (r: Row) => `${r[0]}\u0000${r[1]}`;
  return [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

const ASSUME = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" },
  ],
});
const policy = (statement: Record<string, unknown>) =>
  JSON.stringify({ Version: "2012-10-17", Statement: [statement] });
const container = (extra: Record<string, unknown> = {}) =>
  JSON.stringify([{ name: "app", image: "nginx:1.27", essential: true, ...extra }]);
const EC2_ALLOWED = "a string of 0 to 255 characters: a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{}!$*";

/** One valid resource of each family: the checks must accept all of them. */
const valid: Program = () => {
  const sg = new aws.ec2.SecurityGroup("sg", {
    description: "web: HTTPS in (ALB) & out",
    vpcId: "vpc-0123",
    ingress: [
      { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/16"], description: "HTTPS" },
    ],
    tags: { team: "platform" },
  });
  new aws.vpc.SecurityGroupIngressRule("in", {
    securityGroupId: sg.id,
    ipProtocol: "tcp",
    fromPort: 80,
    toPort: 80,
    cidrIpv6: "2001:db8::/32",
  });
  const role = new aws.iam.Role("task", { assumeRolePolicy: ASSUME, maxSessionDuration: 3600 });
  new aws.iam.RolePolicy("read", {
    role: role.name,
    policy: policy({
      Effect: "Allow",
      Action: ["s3:GetObject"],
      Resource: "arn:aws:s3:::b/*",
      Condition: { StringEqualsIfExists: { "aws:SourceAccount": "123456789012" } },
    }),
  });
  new aws.ecs.TaskDefinition("td", {
    family: "web",
    containerDefinitions: container({
      healthCheck: { command: ["CMD", "true"], interval: 30, timeout: 60, retries: 3 },
    }),
    executionRoleArn: role.arn,
  });
  new aws.cloudwatch.EventRule("rule", {
    eventPattern: JSON.stringify({ source: ["aws.ecr"], detail: { result: [{ prefix: "SUCC" }] } }),
  });
  new aws.cloudwatch.EventRule("cron", { scheduleExpression: "cron(0 12 ? * MON-FRI *)" });
  new aws.scheduler.Schedule("once", {
    scheduleExpression: "at(2028-02-29T10:00:00)",
    scheduleExpressionTimezone: "Europe/Paris",
    flexibleTimeWindow: { mode: "OFF" },
    target: { arn: "arn:aws:sqs:us-east-1:123456789012:q", roleArn: role.arn },
  });
  new aws.ecr.LifecyclePolicy("lc", {
    repository: "web",
    policy: JSON.stringify({
      rules: [
        {
          rulePriority: 1,
          selection: {
            tagStatus: "tagged",
            tagPatternList: ["v*"],
            countType: "imageCountMoreThan",
            countNumber: 10,
          },
          action: { type: "expire" },
        },
        {
          rulePriority: 2,
          selection: { tagStatus: "any", countType: "sinceImagePushed", countUnit: "days", countNumber: 30 },
          action: { type: "expire" },
        },
      ],
    }),
  });
  new aws.vpclattice.Listener("l", {
    serviceIdentifier: "svc-0123",
    protocol: "HTTP",
    port: 80,
    defaultAction: { fixedResponse: { statusCode: 404 } },
  });
  new aws.ecr.RegistryScanningConfiguration("scan", {
    scanType: "BASIC",
    rules: [{ scanFrequency: "SCAN_ON_PUSH", repositoryFilters: [{ filter: "*", filterType: "WILDCARD" }] }],
  });
};

describe("the net: capture() accepts valid raw resources", () => {
  it("captures one valid resource of every constraint family with no violation", async () => {
    const g = await capture(valid);
    expect(g.conformance?.violations).toEqual([]);
    expect(g.conformance?.checked).toBe(g.resources.filter((r) => r.custom).length);
  });
});

describe("the net: each constraint family rejects a raw @pulumi/aws resource that breaks it", () => {
  it("name lengths and character sets", async () => {
    expect(
      await rejected(() => {
        new aws.iam.Role("r", { name: "a".repeat(65), assumeRolePolicy: ASSUME });
        new aws.lb.LoadBalancer("lb", { name: "-edge", loadBalancerType: "application" });
        new aws.sqs.Queue("q", { name: "jobs.fifo" });
      }),
    ).toEqual(
      sorted([
        ["r", "name", "a".repeat(65), "a string of 1 to 64 characters: letters, digits and +=,.@_-"],
        [
          "lb",
          "name",
          "-edge",
          "a string of 1 to 32 characters: letters, digits and hyphens, not beginning or ending with a hyphen",
        ],
        ["q", "name", "jobs.fifo", "1-80 letters, digits, hyphens and underscores"],
      ] as Row[]),
    );
  });

  it("EC2 description character sets (security groups and their rules)", async () => {
    expect(
      await rejected(() => {
        const sg = new aws.ec2.SecurityGroup("sg", {
          description: "it's",
          egress: [
            { protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], description: "all <out>" },
          ],
        });
        new aws.vpc.SecurityGroupEgressRule("e", {
          securityGroupId: sg.id,
          ipProtocol: "-1",
          cidrIpv4: "0.0.0.0/0",
          description: "naïve",
        });
      }),
    ).toEqual(
      sorted([
        ["sg", "description", "it's", EC2_ALLOWED],
        ["sg", "egress[0].description", "all <out>", EC2_ALLOWED],
        ["e", "description", "naïve", EC2_ALLOWED],
      ] as Row[]),
    );
  });

  it("enum values", async () => {
    expect(
      await rejected(() => {
        new aws.ecr.Repository("repo", { imageTagMutability: "LOCKED" });
        new aws.ecs.TaskDefinition("td", {
          family: "web",
          containerDefinitions: container(),
          networkMode: "nat",
        });
      }),
    ).toEqual(
      sorted([
        [
          "repo",
          "imageTagMutability",
          "LOCKED",
          'one of "MUTABLE", "IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION", "MUTABLE_WITH_EXCLUSION"',
        ],
        ["td", "networkMode", "nat", 'one of "none", "bridge", "awsvpc", "host"'],
      ] as Row[]),
    );
  });

  it("numeric ranges", async () => {
    expect(
      await rejected(() => {
        new aws.sqs.Queue("q", { visibilityTimeoutSeconds: 43201, delaySeconds: -1 });
        new aws.cloudwatch.LogGroup("logs", { retentionInDays: 10 });
      }),
    ).toEqual(
      sorted([
        ["logs", "retentionInDays", 10, expect.stringContaining("one of 0, 1, 3, 5, 7, 14, 30")],
        ["q", "delaySeconds", -1, "an integer from 0 to 900"],
        ["q", "visibilityTimeoutSeconds", 43201, "an integer from 0 to 43200"],
      ] as Row[]),
    );
  });

  it("ARN shapes of ARN-valued fields (service and resource type)", async () => {
    expect(
      await rejected(() => {
        new aws.iam.RolePolicyAttachment("a", { role: "web", policyArn: "arn:aws:iam::aws:role/ReadOnly" });
        new aws.ecs.TaskDefinition("td", {
          family: "web",
          containerDefinitions: container(),
          taskRoleArn: "web-task",
        });
        // EKS access entries take IAM roles and users, never an STS session (eks-lattice-ecr.md #2c).
        new aws.eks.AccessEntry("admin", {
          clusterName: "c",
          principalArn: "arn:aws:sts::123456789012:assumed-role/Admin/alice",
        });
      }),
    ).toEqual(
      sorted([
        [
          "admin",
          "principalArn",
          "arn:aws:sts::123456789012:assumed-role/Admin/alice",
          "an ARN of an iam role or user (arn:<partition>:iam:<region>:<account>:role/...)",
        ],
        [
          "a",
          "policyArn",
          "arn:aws:iam::aws:role/ReadOnly",
          "an ARN of an iam policy (arn:<partition>:iam:<region>:<account>:policy/...)",
        ],
        [
          "td",
          "taskRoleArn",
          "web-task",
          "an ARN of an iam role (arn:<partition>:iam:<region>:<account>:role/...)",
        ],
      ] as Row[]),
    );
  });

  it("CIDR syntax (and host bits zero, as the provider's validators require)", async () => {
    expect(
      await rejected(() => {
        new aws.vpc.SecurityGroupIngressRule("i", {
          securityGroupId: "sg-1",
          ipProtocol: "tcp",
          fromPort: 443,
          toPort: 443,
          cidrIpv4: "10.0.0.1/16",
        });
        new aws.ec2.Vpc("v", { cidrBlock: "10.0.0.0/8" });
        new aws.ec2.SecurityGroup("sg", {
          description: "x",
          ingress: [{ protocol: "tcp", fromPort: 1, toPort: 1, cidrBlocks: ["10.0.0.0/33"] }],
        });
      }),
    ).toEqual(
      sorted([
        [
          "i",
          "cidrIpv4",
          "10.0.0.1/16",
          "an IPv4 CIDR block in network form (host bits zero, e.g. 10.0.0.0/16)",
        ],
        [
          "v",
          "cidrBlock",
          "10.0.0.0/8",
          "an IPv4 CIDR block in network form (host bits zero, e.g. 10.0.0.0/16) with a prefix length from /16 to /28",
        ],
        [
          "sg",
          "ingress[0].cidrBlocks[0]",
          "10.0.0.0/33",
          "an IPv4 CIDR block in network form (host bits zero, e.g. 10.0.0.0/16)",
        ],
      ] as Row[]),
    );
  });

  it("tag limits: 50 per resource counting the provider's default tags, no aws: prefix, key 128, value 256", async () => {
    const many = Object.fromEntries(Array.from({ length: 49 }, (_x, i) => [`k${i}`, "v"]));
    const err = await capture(
      () => {
        new aws.ecs.Cluster("c", { tags: many });
        new aws.ecr.Repository("r", {
          tags: { "aws:owner": "me", ["k".repeat(129)]: "v", long: "v".repeat(257) },
        });
      },
      { config: { "aws:defaultTags": { tags: { env: "dev", team: "platform" } } } },
    ).catch((e: ConformanceError) => e);
    expect((err as ConformanceError).violations.map((v) => [v.name, v.path, v.rule])).toEqual([
      ["r", "tags.aws:owner", "a tag key that does not start with the reserved prefix aws:"],
      ["r", `tags.${"k".repeat(129)}`, "a tag key of 1 to 128 characters"],
      ["r", "tags.long", "a tag value of at most 256 characters"],
      ["c", "tags", "at most 50 tags per resource, counting the provider's default tags"],
    ]);
  });

  it("IAM policy grammar: Version, Effect, service:Action, condition operators, Resource an ARN or *", async () => {
    expect(
      await rejected(() => {
        new aws.iam.Policy("p", {
          policy: JSON.stringify({
            Version: "2012-10-18",
            Statement: [
              { Effect: "Permit", Action: "s3 GetObject", Resource: "my-bucket" },
              {
                Effect: "Allow",
                Action: "s3:GetObject",
                Resource: "*",
                Condition: { StringEqualz: { "aws:x": "1" } },
              },
            ],
          }),
        });
        new aws.iam.Role("r", { assumeRolePolicy: policy({ Effect: "Allow", Action: "sts:AssumeRole" }) });
      }),
    ).toEqual(
      sorted([
        ["p", "policy.Version", "2012-10-18", 'Version "2012-10-17" (or "2008-10-17")'],
        ["p", "policy.Statement[0].Effect", "Permit", 'Effect "Allow" or "Deny"'],
        [
          "p",
          "policy.Statement[0].Action[0]",
          "s3 GetObject",
          'an action "*" or "service:Action" (wildcards * and ? allowed)',
        ],
        [
          "p",
          "policy.Statement[0].Resource[0]",
          "my-bucket",
          'a resource "*" or an ARN (arn:partition:service:…)',
        ],
        [
          "p",
          "policy.Statement[1].Condition.StringEqualz",
          "StringEqualz",
          expect.stringContaining("a condition operator that exists"),
        ],
        ["r", "assumeRolePolicy.Statement[0].Principal", undefined, "a Principal in a trust policy"],
      ] as Row[]),
    );
  });

  it("EventBridge patterns: leaf values are arrays", async () => {
    expect(
      await rejected(() => {
        new aws.cloudwatch.EventRule("e", {
          eventPattern: JSON.stringify({ source: "aws.ecr", detail: { result: ["SUCCESS"] } }),
        });
      }),
    ).toEqual(
      sorted([
        [
          "e",
          "eventPattern.source",
          "aws.ecr",
          "an array of match values (leaf values of an event pattern are arrays)",
        ],
      ] as Row[]),
    );
  });

  it("schedule expressions: rate above zero, cron with six fields and the ? rule, real at() dates, IANA time zones", async () => {
    const target = {
      arn: "arn:aws:sqs:us-east-1:123456789012:q",
      roleArn: "arn:aws:iam::123456789012:role/s",
    };
    const off = { mode: "OFF" };
    expect(
      await rejected(() => {
        new aws.cloudwatch.EventRule("zero", { scheduleExpression: "rate(0 minutes)" });
        new aws.cloudwatch.EventRule("five", { scheduleExpression: "cron(0 12 * * ?)" });
        new aws.cloudwatch.EventRule("both", { scheduleExpression: "cron(0 12 1 * MON *)" });
        new aws.scheduler.Schedule("feb30", {
          scheduleExpression: "at(2027-02-30T10:00:00)",
          flexibleTimeWindow: off,
          target,
        });
        new aws.scheduler.Schedule("tz", {
          scheduleExpression: "rate(1 hour)",
          scheduleExpressionTimezone: "Mars/Olympus",
          flexibleTimeWindow: off,
          target,
        });
      }),
    ).toEqual(
      sorted([
        ["zero", "scheduleExpression", "rate(0 minutes)", "a rate above zero"],
        [
          "five",
          "scheduleExpression",
          "cron(0 12 * * ?)",
          "a cron expression with six fields (minutes hours day-of-month month day-of-week year), got 5",
        ],
        [
          "both",
          "scheduleExpression",
          "cron(0 12 1 * MON *)",
          'a cron expression with exactly one of day-of-month and day-of-week set to "?"',
        ],
        [
          "feb30",
          "scheduleExpression",
          "at(2027-02-30T10:00:00)",
          "an at() expression with a real date and time",
        ],
        [
          "tz",
          "scheduleExpressionTimezone",
          "Mars/Olympus",
          "an IANA time zone name, e.g. Europe/Paris or UTC",
        ],
      ] as Row[]),
    );
  });

  it("JSON inside string inputs: container definitions, lifecycle policies, auth policies", async () => {
    expect(
      await rejected(() => {
        new aws.ecs.TaskDefinition("td", {
          family: "web",
          containerDefinitions: JSON.stringify([
            { name: "my app", image: "nginx", healthCheck: { command: ["CMD", "true"], interval: 3 } },
          ]),
        });
        new aws.ecr.LifecyclePolicy("lc", {
          repository: "web",
          policy: JSON.stringify({
            rules: [
              {
                rulePriority: 1,
                selection: { tagStatus: "tagged", countType: "imageCountMoreThan", countNumber: 5 },
                action: { type: "expire" },
              },
              {
                rulePriority: 1,
                selection: { tagStatus: "untagged", countType: "sinceImagePushed", countNumber: 5 },
                action: { type: "expire" },
              },
            ],
          }),
        });
        new aws.vpclattice.AuthPolicy("auth", {
          resourceIdentifier: "svc-1",
          policy: policy({ Effect: "Allow", Action: "vpc-lattice-svcs:Invoke", Resource: "*" }),
        });
      }),
    ).toEqual(
      sorted([
        [
          "td",
          "containerDefinitions[0].name",
          "my app",
          "a string of 1 to 255 characters: letters, digits, hyphens and underscores",
        ],
        ["td", "containerDefinitions[0].healthCheck.interval", 3, "an integer from 5 to 300"],
        [
          "lc",
          "policy.rules[0].selection",
          { tagStatus: "tagged", countType: "imageCountMoreThan", countNumber: 5 },
          "tagPrefixList or tagPatternList with tagStatus tagged",
        ],
        ["lc", "policy.rules[1].rulePriority", 1, "a rulePriority unique in the policy"],
        [
          "lc",
          "policy.rules[1].selection.countUnit",
          undefined,
          'countUnit "days" with countType sinceImagePushed',
        ],
        ["auth", "policy.Statement[0].Principal", undefined, "a Principal in a resource policy"],
      ] as Row[]),
    );
  });
});

describe("the net catches each defect of the pre-deploy review, written as raw resources", () => {
  it("an apostrophe in a security group description (ecs.md #1)", async () => {
    const v = await rejected(() => {
      new aws.ec2.SecurityGroup("web-alb-sg", {
        description: "ALB of web: HTTPS in, the service's port out",
      });
    });
    expect(v).toEqual([
      ["web-alb-sg", "description", "ALB of web: HTTPS in, the service's port out", EC2_ALLOWED],
    ]);
  });

  it("a VPC Lattice fixed response of 403 (eks-lattice-ecr.md #3)", async () => {
    const v = await rejected(() => {
      new aws.vpclattice.Listener("l", {
        serviceIdentifier: "svc-1",
        protocol: "HTTPS",
        port: 443,
        defaultAction: { fixedResponse: { statusCode: 403 } },
      });
      new aws.vpclattice.ListenerRule("r", {
        serviceIdentifier: "svc-1",
        listenerIdentifier: "listener-1",
        priority: 1,
        match: { httpMatch: { pathMatch: { match: { prefix: "/admin" } } } },
        action: { fixedResponse: { statusCode: 403 } },
      });
    });
    expect(v).toEqual([
      ["l", "defaultAction.fixedResponse.statusCode", 403, "one of 404, 500"],
      ["r", "action.fixedResponse.statusCode", 403, "one of 404, 500"],
    ]);
  });

  it("ECR scan frequency MANUAL in a registry scanning rule (eks-lattice-ecr.md #8)", async () => {
    const v = await rejected(() => {
      new aws.ecr.RegistryScanningConfiguration("scan", {
        scanType: "BASIC",
        rules: [{ scanFrequency: "MANUAL", repositoryFilters: [{ filter: "*", filterType: "WILDCARD" }] }],
      });
    });
    expect(v).toEqual([["scan", "rules[0].scanFrequency", "MANUAL", "with scanType BASIC: SCAN_ON_PUSH"]]);
  });

  it("a container health-check timeout of 61-120 s (ecs.md #10)", async () => {
    for (const timeout of [61, 90, 120]) {
      const v = await rejected(() => {
        new aws.ecs.TaskDefinition("td", {
          family: "web",
          containerDefinitions: container({ healthCheck: { command: ["CMD", "true"], timeout } }),
        });
      });
      expect(v).toEqual([
        ["td", "containerDefinitions[0].healthCheck.timeout", timeout, "an integer from 2 to 60"],
      ]);
    }
  });

  it("an Express service with fewer than two subnets (ecs.md #16)", async () => {
    const v = await rejected(() => {
      new aws.ecs.ExpressGatewayService("hello", {
        executionRoleArn: "arn:aws:iam::123456789012:role/exec",
        infrastructureRoleArn: "arn:aws:iam::123456789012:role/infra",
        primaryContainer: { image: "nginx" },
        networkConfigurations: [{ subnets: ["subnet-0aaa"], securityGroups: [] }],
      });
    });
    expect(v).toEqual([
      ["hello", "networkConfigurations[0].subnets", "1 items", "a list of at least 2 items"],
    ]);
  });
});

describe("how capture() reports conformance", () => {
  class Web extends pulumi.ComponentResource {
    constructor(name: string) {
      super("berth:test:Web", name, {}, {});
      new aws.ec2.SecurityGroup(`${name}-sg`, { description: "the web's group" }, { parent: this });
      new aws.ec2.SecurityGroup(`${name}-ok`, { description: "fine" }, { parent: this });
      this.registerOutputs({});
    }
  }

  it("rejects with every violation at once, naming the URN, the component, the path, the value, the rule and the source", async () => {
    const err = (await capture(() => {
      new Web("web");
      new aws.ecr.Repository("Repo", { name: "Repo" });
    }).catch((e: unknown) => e)) as ConformanceError;
    expect(err.violations).toEqual<ConformanceViolation[]>([
      {
        urn: "urn:pulumi:dev::berth::aws:ecr/repository:Repository::Repo",
        type: "aws:ecr/repository:Repository",
        name: "Repo",
        component: "(none)",
        path: "name",
        value: "Repo",
        rule: expect.stringContaining("a string of 2 to 256 characters: lowercase letters"),
        source: expect.stringContaining("ECR API Reference, CreateRepository: repositoryName"),
      },
      {
        urn: "urn:pulumi:dev::berth::berth:test:Web$aws:ec2/securityGroup:SecurityGroup::web-sg",
        type: "aws:ec2/securityGroup:SecurityGroup",
        name: "web-sg",
        component: "berth:test:Web web",
        path: "description",
        value: "the web's group",
        rule: EC2_ALLOWED,
        source:
          "EC2 API Reference, CreateSecurityGroup: GroupDescription (255 characters; a-z, A-Z, 0-9, spaces, ._-:/()#,@[]+=&;{}!$*)",
      },
    ]);
    expect(err.message).toContain("AWS conformance: 2 inputs of 2 resources would be rejected by AWS");
    expect(err.message).toContain(
      "  ✗ urn:pulumi:dev::berth::berth:test:Web$aws:ec2/securityGroup:SecurityGroup::web-sg\n" +
        "    component: berth:test:Web web\n" +
        '    description = "the web\'s group"\n' +
        `    allowed: ${EC2_ALLOWED}\n` +
        "    source: EC2 API Reference, CreateSecurityGroup: GroupDescription",
    );
  });

  it('records instead of rejecting with conformance: "record", and skips the checks with conformance: false', async () => {
    const g = await capture(() => new Web("web"), { conformance: "record" });
    expect(g.conformance?.violations.map((v) => v.name)).toEqual(["web-sg"]);
    const off = await capture(() => new Web("web"), { conformance: false });
    expect(off.conformance).toBeUndefined();
  });

  it("skips and lists values unknown during a preview instead of guessing", async () => {
    const g = await capture(
      () => {
        const role = new aws.iam.Role("r", { assumeRolePolicy: ASSUME });
        new aws.ecs.TaskDefinition("td", {
          family: "web",
          containerDefinitions: container(),
          taskRoleArn: role.arn,
        });
        new aws.iam.RolePolicy("p", {
          role: role.name,
          policy: role.arn.apply((a) => policy({ Effect: "Allow", Action: "iam:GetRole", Resource: a })),
        });
      },
      { preview: true },
    );
    expect(g.conformance?.violations).toEqual([]);
    expect(g.conformance?.skipped).toEqual([
      { urn: "urn:pulumi:dev::berth::aws:ecs/taskDefinition:TaskDefinition::td", path: "taskRoleArn" },
      { urn: "urn:pulumi:dev::berth::aws:iam/rolePolicy:RolePolicy::p", path: "policy" },
    ]);
    expect(renderConformance(g.conformance ?? { violations: [], skipped: [] })).toBe(
      "AWS conformance: no input AWS would reject\n  2 values unknown until deploy, not checked: td.taskRoleArn, p.policy",
    );
  });
});

describe("scheduled scaling actions", () => {
  it("rejects a bad Application Auto Scaling schedule or time zone and a five-field cron in EC2 Auto Scaling's six-field slot", async () => {
    expect(
      await rejected(() => {
        new aws.appautoscaling.ScheduledAction("sleep", {
          resourceId: "service/c/s",
          scalableDimension: "ecs:service:DesiredCount",
          serviceNamespace: "ecs",
          schedule: "cron(0 19 * * MON-FRI *)",
          timezone: "Europe/Pariss",
          scalableTargetAction: { minCapacity: 0, maxCapacity: 0 },
        });
        new aws.autoscaling.Schedule("wake", {
          autoscalingGroupName: "spot",
          scheduledActionName: "wake",
          recurrence: "cron(0 7 ? * MON-FRI *)",
          minSize: 1,
          maxSize: 3,
          desiredCapacity: 1,
        });
      }),
    ).toEqual(
      sorted([
        [
          "sleep",
          "schedule",
          "cron(0 19 * * MON-FRI *)",
          'a cron expression with exactly one of day-of-month and day-of-week set to "?"',
        ],
        ["sleep", "timezone", "Europe/Pariss", "an IANA time zone name, e.g. Europe/Paris or UTC"],
        [
          "wake",
          "recurrence",
          "cron(0 7 ? * MON-FRI *)",
          "a Unix cron expression of five fields: minute hour day-of-month month day-of-week",
        ],
      ] as Row[]),
    );
  });

  it("accepts every schedule @berth/core renders for a sleep schedule", () => {
    const six = scheduleExpression({ at: true });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.subarray([...WEEKDAYS], { minLength: 1 }),
        (hour, minute, days) => {
          const out: Finding[] = [];
          six(applicationAutoScalingCron({ hour, minute }, days), "schedule", out);
          unixCron(autoScalingRecurrence({ hour, minute }, days), "recurrence", out);
          expect(out).toEqual([]);
        },
      ),
    );
  });
});

describe("validators (properties)", () => {
  const run = (check: (v: unknown, p: string, o: Finding[]) => void, v: unknown) => {
    const out: Finding[] = [];
    check(v, "x", out);
    return out;
  };

  it("accepts exactly the IPv4 blocks whose host bits are zero", () => {
    const check = cidr({ family: "ipv4" });
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 0, max: 32 }), (ip, prefix) => {
        const n = ip.split(".").reduce((a, o) => a * 256 + Number(o), 0);
        const hostBits = prefix === 32 ? 0 : n % 2 ** (32 - prefix);
        expect(run(check, `${ip}/${prefix}`).length === 0).toBe(hostBits === 0);
      }),
    );
  });

  it("accepts rate(n unit) exactly when n > 0 and the unit's number agrees with n", () => {
    const check = scheduleExpression({ at: false });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.constantFrom("minute", "minutes", "hour", "hours", "day", "days"),
        (n, unit) => {
          const ok = n > 0 && (n === 1) === !unit.endsWith("s");
          expect(run(check, `rate(${n} ${unit})`).length === 0).toBe(ok);
        },
      ),
    );
  });
});

describe("CodeBuild and CodeConnections (the in-VPC runner)", () => {
  it("rejects a project name, timeout and role AWS would refuse, and an unknown provider type", async () => {
    expect(
      await rejected(() => {
        new aws.codebuild.Project("runner", {
          name: "-runner",
          serviceRole: "runner-role",
          buildTimeout: 3000,
          artifacts: { type: "NO_ARTIFACTS" },
          environment: {
            type: "LINUX_CONTAINER",
            computeType: "BUILD_GENERAL1_SMALL",
            image: "aws/codebuild/amazonlinux-x86_64-standard:5.0",
          },
          source: { type: "GITHUB", location: "https://github.com/acme/berth.git" },
        });
        new aws.codeconnections.Connection("github", {
          name: "berth-github-connection-for-the-dev-env",
          providerType: "Github",
        });
        new aws.codebuild.SourceCredential("github", {
          authType: "CODECONNECTION",
          serverType: "GITHUB",
          token: "arn:aws:codeconnections:us-east-1:123456789012:connection/x",
        });
      }),
    ).toEqual([
      [
        "github",
        "authType",
        "CODECONNECTION",
        'one of "OAUTH", "BASIC_AUTH", "PERSONAL_ACCESS_TOKEN", "CODECONNECTIONS", "SECRETS_MANAGER"',
      ],
      ["github", "name", "berth-github-connection-for-the-dev-env", "a string of 1 to 32 characters"],
      [
        "github",
        "providerType",
        "Github",
        'one of "Bitbucket", "GitHub", "GitHubEnterpriseServer", "GitLab", "GitLabSelfManaged", "AzureDevOps"',
      ],
      ["runner", "buildTimeout", 3000, "an integer from 5 to 2160"],
      [
        "runner",
        "name",
        "-runner",
        "a string of 2 to 255 characters: letters, digits, - and _, starting with a letter or digit",
      ],
      [
        "runner",
        "serviceRole",
        "runner-role",
        "an ARN of an iam role (arn:<partition>:iam:<region>:<account>:role/...)",
      ],
    ]);
  });
});
