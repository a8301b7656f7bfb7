import { BerthValidationError, parseCidr } from "@berth/core";
import * as pulumi from "@pulumi/pulumi";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  Cluster,
  type ClusterArgs,
  checkScaling,
  EventTask,
  ExpressService,
  type ExpressServiceArgs,
  FargateService,
  type FargateServiceArgs,
  QueueWorker,
  type QueueWorkerArgs,
  ScheduledTask,
  type ScheduledTaskArgs,
  scheduleProblem,
} from "../src";
import { plan, planError, SERVICE_NET } from "./helpers";
import { TASK_NET } from "./task-helpers";

const base: FargateServiceArgs = {
  ...SERVICE_NET,
  containers: [
    {
      name: "app",
      image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.0",
      portMappings: [{ containerPort: 8080 }],
    },
  ],
};
const listener =
  "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shared/50dc6c495c0c9188/f2f7dc8efc522ab2";
const header = 'Invalid arguments for berth:ecs:FargateService "web":\n';

/** The message of a plan that fails once outputs are known (the error comes from inside `apply`). */
async function failsWhenKnown(program: () => unknown): Promise<string> {
  try {
    await plan(program);
  } catch (e) {
    if (BerthValidationError.isBerthValidationError(e)) return e.message;
    const inner = (e as { message?: string }).message ?? String(e);
    if (inner.includes("Invalid arguments")) return inner.slice(inner.indexOf("Invalid arguments"));
    throw e;
  }
  throw new Error("expected a validation failure");
}

describe("FargateService: required arguments and unknown properties", () => {
  it("takes exactly one of image and ecrImage; an ECR image object in image says where it goes", async () => {
    const ecr = {
      repositoryUrl: "123456789012.dkr.ecr.us-east-1.amazonaws.com/web",
      arn: "arn:aws:ecr:us-east-1:123456789012:repository/web",
    };
    const withContainer = (c: Record<string, unknown>) =>
      ({
        ...base,
        containers: [{ name: "app", portMappings: [{ containerPort: 8080 }], ...c }],
      }) as FargateServiceArgs;
    const exactlyOne = "allowed: exactly one of image (a reference) and ecrImage ({ repositoryUrl, arn })";
    expect(await planError(() => new FargateService("web", withContainer({})))).toBe(
      `${header}  - containers[0].image: got undefined; ${exactlyOne}.`,
    );
    expect(
      await planError(() => new FargateService("web", withContainer({ image: "nginx:1.27", ecrImage: ecr }))),
    ).toBe(`${header}  - containers[0].image: got "nginx:1.27"; ${exactlyOne}.`);
    expect(await planError(() => new FargateService("web", withContainer({ image: ecr })))).toBe(
      `${header}  - containers[0].image: got {"repositoryUrl":"123456789012.dkr.ecr.us-east-1.amazonaws.com/web","arn":"arn:aws:ecr:us-east-1:123456789012:repository/web"}; allowed: an image reference (a string). Hint: an ECR image { repositoryUrl, arn } goes in ecrImage`,
    );
    const g = await plan(
      () => new FargateService("web", withContainer({ ecrImage: { ...ecr, tag: "1.0" } })),
    );
    const defs = JSON.parse(
      String(g.one("aws:ecs/taskDefinition:TaskDefinition").inputs["containerDefinitions"]),
    );
    expect(defs[0].image).toBe("123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.0");
  });

  it("names every missing required argument (JavaScript callers), never a TypeError", async () => {
    expect(await planError(() => new FargateService("web", {} as unknown as FargateServiceArgs))).toBe(
      header +
        "  - clusterArn: got undefined; allowed: the ECS cluster ARN (required).\n" +
        "  - vpcId: got undefined; allowed: the VPC id of the tasks (the default VPC is never assumed) (required).\n" +
        "  - subnetIds: got undefined; allowed: the subnet ids of the tasks (required).\n" +
        "  - containers: got undefined; allowed: the containers of the task (required).",
    );
    expect(await planError(() => new FargateService("web", undefined as unknown as FargateServiceArgs))).toBe(
      `${header}  - args: got undefined; allowed: an object of arguments.`,
    );
    expect(
      await planError(
        () =>
          new FargateService("web", {
            ...SERVICE_NET,
            containers: [{ image: "nginx" }],
          } as unknown as FargateServiceArgs),
      ),
    ).toBe(`${header}  - containers[0].name: got undefined; allowed: a container name (required).`);
  });

  it("refuses a misspelt property, naming the nearest known one, at any depth", async () => {
    expect(
      await planError(
        () =>
          new FargateService("web", {
            ...base,
            desiredCout: 3,
            deployment: { stratgy: "CANARY" },
            containers: [
              { name: "app", image: "nginx:1.27", portMappings: [{ containerPort: 80, protcol: "udp" }] },
            ],
          } as unknown as FargateServiceArgs),
      ),
    ).toBe(
      header +
        '  - desiredCout: got 3; allowed: no such property. Hint: did you mean "desiredCount"?\n' +
        '  - deployment.stratgy: got "CANARY"; allowed: no such property. Hint: did you mean "strategy"?\n' +
        '  - containers[0].portMappings[0].protcol: got "udp"; allowed: no such property. Hint: did you mean "protocol"?',
    );
  });

  it("cluster was renamed clusterArn (one name for one idea): the old name is refused with a hint, a name is not an ARN", async () => {
    const { clusterArn, ...rest } = base;
    expect(
      await planError(
        () => new FargateService("web", { ...rest, cluster: clusterArn } as unknown as FargateServiceArgs),
      ),
    ).toBe(
      header +
        '  - cluster: got "arn:aws:ecs:us-east-1:123456789012:cluster/apps"; allowed: no such property (renamed). Hint: use clusterArn\n' +
        "  - clusterArn: got undefined; allowed: the ECS cluster ARN (required).",
    );
    expect(await planError(() => new FargateService("web", { ...base, clusterArn: "apps" }))).toBe(
      `${header}  - clusterArn: got "apps"; allowed: an ARN of an ecs cluster (arn:<partition>:ecs:<region>:<account>:cluster/...).`,
    );
  });

  it("scaling reads the cluster name from the cluster ARN, also when the ARN is known only later", async () => {
    const g = await plan(() => {
      new FargateService("web", {
        ...base,
        clusterArn: pulumi.output("arn:aws-cn:ecs:cn-north-1:123456789012:cluster/apps-cn"),
        autoscaling: { maxCapacity: 3 },
      });
    });
    expect(g.one("aws:appautoscaling/target:Target", "web-scaling").inputs["resourceId"]).toMatch(
      /^service\/apps-cn\//,
    );
  });

  it("an ALB listener ARN from another stack is checked once known, and names the request-count label", async () => {
    const listenerArn =
      "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shared/50dc6c495c0c9188/f2f7dc8efc522ab2";
    const scaled = { autoscaling: { maxCapacity: 3, requestsPerTarget: 100 } };
    const g = await plan(() => {
      new FargateService("web", {
        ...base,
        ...scaled,
        loadBalancer: { listenerArn: pulumi.output(listenerArn), securityGroupId: "sg-1" },
      });
    });
    const policy = g.one("aws:appautoscaling/policy:Policy", "web-requests");
    expect(
      (policy.inputs["targetTrackingScalingPolicyConfiguration"] as Record<string, Record<string, unknown>>)[
        "predefinedMetricSpecification"
      ]?.["resourceLabel"],
    ).toMatch(/^app\/shared\/50dc6c495c0c9188\/targetgroup\//);
    const wrong =
      "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shared/50dc6c495c0c9188";
    expect(
      await failsWhenKnown(() => {
        new FargateService("web", {
          ...base,
          ...scaled,
          loadBalancer: { listenerArn: pulumi.output(wrong), securityGroupId: "sg-1" },
        });
      }),
    ).toContain(
      `  - loadBalancer.listenerArn: got "${wrong}"; allowed: an ARN of an elasticloadbalancing listener (arn:<partition>:elasticloadbalancing:<region>:<account>:listener/...).`,
    );
  });

  it("refuses an output that resolves to undefined, or to a comma string instead of a list", async () => {
    expect(
      await failsWhenKnown(() => {
        new FargateService("web", { ...base, clusterArn: pulumi.output(undefined as unknown as string) });
      }),
    ).toContain("  - clusterArn: got undefined; allowed: the ECS cluster ARN (required).");
    expect(
      await failsWhenKnown(() => {
        new FargateService("web", {
          ...base,
          subnetIds: pulumi.output("subnet-a,subnet-b") as unknown as pulumi.Output<string[]>,
        });
      }),
    ).toContain(
      '  - subnetIds: got "subnet-a,subnet-b"; allowed: a list of subnet ids (not one comma-joined string).',
    );
    expect(
      await failsWhenKnown(() => {
        new FargateService("web", {
          ...base,
          clusterArn: pulumi.output("arn:aws:ecs:us-east-1:123456789012:service/apps/web"),
        });
      }),
    ).toContain(
      '  - clusterArn: got "arn:aws:ecs:us-east-1:123456789012:service/apps/web"; allowed: an ARN of an ecs cluster (arn:<partition>:ecs:<region>:<account>:cluster/...).',
    );
  });
});

describe("FargateService: ARNs, CIDRs and values", () => {
  it("checks ARNs by service and resource type", async () => {
    expect(
      await planError(
        () =>
          new FargateService("web", {
            ...base,
            taskRoleArn: "arn:aws:iam::123456789012:policy/task",
            loadBalancer: {
              listenerArn:
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef",
              securityGroupId: "sg-1",
            },
          }),
      ),
    ).toBe(
      header +
        '  - loadBalancer.listenerArn: got "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef"; allowed: an ARN of an elasticloadbalancing listener (arn:<partition>:elasticloadbalancing:<region>:<account>:listener/...).\n' +
        '  - taskRoleArn: got "arn:aws:iam::123456789012:policy/task"; allowed: an ARN of an iam role (arn:<partition>:iam:<region>:<account>:role/...).',
    );
  });

  it("refuses CIDRs with host bits and any set of ingress CIDRs whose union is the internet (property)", async () => {
    expect(await planError(() => new FargateService("web", { ...base, ingressCidrs: ["10.0.0.1/16"] }))).toBe(
      `${header}  - ingressCidrs[0]: got "10.0.0.1/16"; allowed: a CIDR block with its host bits zero (10.0.0.0/16, 2001:db8::/32). Hint: the bits after the prefix length must be zero`,
    );
    // Any split of 0.0.0.0/0 into aligned blocks covers the internet and is refused.
    const split = (depth: number, seed: number[]): string[] => {
      const out: string[] = [];
      const walk = (address: number, prefix: number, i: number) => {
        if (prefix >= depth || (seed[i % seed.length] ?? 0) % 3 === 0) {
          out.push(`${[24, 16, 8, 0].map((s) => (address >>> s) & 255).join(".")}/${prefix}`);
          return;
        }
        walk(address, prefix + 1, i + 1);
        walk((address | (2 ** (31 - prefix))) >>> 0, prefix + 1, i + 2);
      };
      walk(0, 0, 0);
      return out;
    };
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
        async (depth, seed) => {
          const cidrs = split(
            depth,
            seed.map((x) => x + 1),
          );
          expect(cidrs.every((c) => parseCidr(c) !== undefined)).toBe(true);
          const message = await planError(() => new FargateService("web", { ...base, ingressCidrs: cidrs }));
          expect(message).toContain("  - ingressCidrs: got ");
          expect(message).toContain("do not together cover the whole internet");
        },
      ),
      { numRuns: 15 },
    );
  });

  it("refuses bad env names, image references, health-check paths and non-finite numbers", async () => {
    expect(
      await planError(
        () =>
          new FargateService("web", {
            ...base,
            desiredCount: Number.NaN,
            containers: [
              {
                name: "app",
                image: "nginx latest",
                environment: { "A=B": "x" },
                portMappings: [{ containerPort: 8080 }],
              },
            ],
            loadBalancer: {
              listenerArn: listener,
              securityGroupId: "sg-1",
              healthCheckPath: "health",
              priority: 9,
            },
          }),
      ),
    ).toBe(
      header +
        '  - loadBalancer.healthCheckPath: got "health"; allowed: a path starting with / of at most 1024 characters, without spaces.\n' +
        '  - containers[0].image: got "nginx latest"; allowed: an image reference of up to 255 letters, digits, hyphens, underscores, colons, periods, slashes, number signs and @.\n' +
        '  - containers[0].environment: got "A=B"; allowed: variable names without = or whitespace.\n' +
        "  - desiredCount: got NaN; allowed: an integer from 0 to 5000.",
    );
  });

  it("counts Berth's own tags against the 50-tag limit", async () => {
    const tags = Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`k${i}`, "v"]));
    expect(await planError(() => new FargateService("web", { ...base, tags }))).toBe(
      `${header}  - tags: got "51 tags with Berth's berth:component and berth:name"; allowed: at most 50 tags in all, so at most 48 of your own.`,
    );
  });

  it("refuses two services with the same rule priority on one listener in a stack", async () => {
    const message = await planError(() => {
      new FargateService("api", {
        ...base,
        loadBalancer: { listenerArn: listener, securityGroupId: "sg-1", priority: 10 },
      });
      new FargateService("web", {
        ...base,
        loadBalancer: { listenerArn: listener, securityGroupId: "sg-1", priority: 10 },
      });
    });
    expect(message).toBe(
      `${header}  - loadBalancer.priority: got 10; allowed: a priority not used by another rule on listener ${listener} (FargateService "api" has it).`,
    );
    // A new stack run starts afresh: the same service plans alone.
    await plan(() => {
      new FargateService("web", {
        ...base,
        loadBalancer: { listenerArn: listener, securityGroupId: "sg-1", priority: 10 },
      });
    });
  });
});

const task = { name: "job", image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/jobs:1.0" };

describe("ScheduledTask: schedule expressions and time zones", () => {
  it("accepts every cron built from in-range fields with ? in exactly one day field (property)", () => {
    // Steps (`/`) are not among the day-of-week wildcards (`, - * ? L #`).
    const field = (min: number, max: number, step = true) =>
      fc.oneof(
        fc.constant("*"),
        fc.integer({ min, max }).map(String),
        fc
          .tuple(fc.integer({ min, max }), fc.integer({ min, max }))
          .map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
        ...(step
          ? [fc.tuple(fc.integer({ min, max }), fc.integer({ min: 1, max: 10 })).map(([a, s]) => `${a}/${s}`)]
          : []),
      );
    fc.assert(
      fc.property(
        field(0, 59),
        field(0, 23),
        field(1, 31),
        field(1, 12),
        field(1, 7, false),
        field(1970, 2199),
        fc.boolean(),
        (mi, h, dom, mo, dow, y, questionInDom) => {
          const expr = questionInDom
            ? `cron(${mi} ${h} ? ${mo} ${dow} ${y})`
            : `cron(${mi} ${h} ${dom} ${mo} ? ${y})`;
          expect(scheduleProblem(expr)).toBeUndefined();
        },
      ),
    );
  });

  it("names what is wrong with a rate, cron or at expression", () => {
    expect(scheduleProblem("rate(0 minutes)")).toBe("a rate above zero");
    expect(scheduleProblem("rate(5 weeks)")).toBe(
      "cron(<6 fields>), rate(<n> minutes|hours|days) or at(yyyy-mm-ddThh:mm:ss)",
    );
    expect(scheduleProblem("cron(0 12 * *)")).toBe(
      "6 cron fields (minutes hours day-of-month month day-of-week year), not 4",
    );
    expect(scheduleProblem("cron(0 12 * * * *)")).toBe(
      "? in exactly one of day-of-month and day-of-week (they cannot both be set or both be ?)",
    );
    expect(scheduleProblem("cron(60 12 ? * MON *)")).toBe('a valid minutes field: "60" is outside 0-59');
    expect(scheduleProblem("cron(0 12 ? JAN-XYZ MON *)")).toBe(
      'a valid month field: "JAN-XYZ" is outside 1-12 (or JAN-DEC)',
    );
    expect(scheduleProblem("cron(0 8 ? * MON#2 *)")).toBeUndefined();
    expect(scheduleProblem("cron(0 8 L * ? *)")).toBeUndefined();
    expect(scheduleProblem("cron(0 8 ? * 1/2 *)")).toBe(
      'a valid day-of-week field: "1/2" has no valid step for day-of-week',
    );
    expect(scheduleProblem("at(2026-02-29T10:00:00)")).toBe("an at() date and time that exists");
    expect(scheduleProblem("at(2028-02-29T10:00:00)")).toBeUndefined();
  });

  it("refuses a bad schedule and an unknown time zone with the nearest zone, and unknown properties", async () => {
    expect(
      await planError(
        () =>
          new ScheduledTask("nightly", {
            ...TASK_NET,
            containers: [task],
            schedule: "cron(0 2 * * * *)",
            timezone: "Europe/Berln",
            retryAttemps: 3,
          } as unknown as ScheduledTaskArgs),
      ),
    ).toBe(
      'Invalid arguments for berth:ecs:ScheduledTask "nightly":\n' +
        '  - retryAttemps: got 3; allowed: no such property. Hint: did you mean "retryAttempts"?\n' +
        '  - schedule: got "cron(0 2 * * * *)"; allowed: ? in exactly one of day-of-month and day-of-week (they cannot both be set or both be ?).\n' +
        '  - timezone: got "Europe/Berln"; allowed: an IANA time zone such as UTC or Europe/Berlin. Hint: did you mean "Europe/Berlin"?',
    );
  });
});

describe("EventTask, QueueWorker, ExpressService, Cluster: shape", () => {
  it("EventTask: a JSON string pattern is one issue naming the value", async () => {
    const pattern = '{"source":["aws.s3"]}';
    expect(
      await planError(
        () =>
          new EventTask("ingest", {
            ...TASK_NET,
            containers: [task],
            eventPattern: pattern as unknown as Record<string, unknown>,
          }),
      ),
    ).toBe(
      'Invalid arguments for berth:ecs:EventTask "ingest":\n' +
        `  - eventPattern: got ${JSON.stringify(pattern)}; allowed: an event pattern object (not a JSON string: give the object itself).`,
    );
  });

  it("QueueWorker: missing and misspelt arguments", async () => {
    expect(
      await planError(
        () => new QueueWorker("worker", { containers: [task], minCapacty: 0 } as unknown as QueueWorkerArgs),
      ),
    ).toBe(
      'Invalid arguments for berth:ecs:QueueWorker "worker":\n' +
        '  - minCapacty: got 0; allowed: no such property. Hint: did you mean "minCapacity"?\n' +
        "  - clusterArn: got undefined; allowed: the ECS cluster ARN (required).\n" +
        "  - vpcId: got undefined; allowed: the VPC id of the tasks (required).\n" +
        "  - subnetIds: got undefined; allowed: the subnet ids of the tasks (required).",
    );
  });

  it("ExpressService: image required; cluster and roles checked by kind", async () => {
    expect(await planError(() => new ExpressService("hello", {} as unknown as ExpressServiceArgs))).toBe(
      'Invalid arguments for berth:ecs:ExpressService "hello":\n' +
        "  - image: got undefined; allowed: exactly one of image (a reference) and ecrImage ({ repositoryUrl, arn }).",
    );
    expect(
      await planError(
        () =>
          new ExpressService("hello", {
            image: "nginx:1.27",
            clusterArn: "arn:aws:ecs:us-east-1:123456789012:task/apps/1",
            executionRoleArn: "arn:aws:iam::123456789012:user/ci",
          }),
      ),
    ).toBe(
      'Invalid arguments for berth:ecs:ExpressService "hello":\n' +
        '  - clusterArn: got "arn:aws:ecs:us-east-1:123456789012:task/apps/1"; allowed: an ARN of an ecs cluster (arn:<partition>:ecs:<region>:<account>:cluster/...).\n' +
        '  - executionRoleArn: got "arn:aws:iam::123456789012:user/ci"; allowed: an ARN of an iam role (arn:<partition>:iam:<region>:<account>:role/...).',
    );
  });

  it("Cluster: misspelt property and a key ARN of the wrong kind", async () => {
    expect(
      await planError(
        () =>
          new Cluster("apps", {
            containerInsight: "enabled",
            execKmsKeyArn: "arn:aws:iam::123456789012:role/exec",
          } as unknown as ClusterArgs),
      ),
    ).toBe(
      'Invalid arguments for berth:ecs:Cluster "apps":\n' +
        '  - containerInsight: got "enabled"; allowed: no such property. Hint: did you mean "containerInsights"?\n' +
        '  - execKmsKeyArn: got "arn:aws:iam::123456789012:role/exec"; allowed: an ARN of a kms key or alias (arn:<partition>:kms:<region>:<account>:key/...).',
    );
  });
});

describe("physical names within their AWS limits", () => {
  it("QueueWorker: names its own longest child (the IAM role, 64 characters) under the worker", async () => {
    const name = "w".repeat(47);
    expect(
      await planError(() => new QueueWorker(name, { ...TASK_NET, containers: [task], fifo: true })),
    ).toBe(
      `Invalid arguments for berth:ecs:QueueWorker "${name}":\n` +
        `  - name: got "${name}"; allowed: at most 46 characters (the child "${name}-execution" gets a 8-character suffix and AWS allows 64).`,
    );
    await plan(() => {
      new QueueWorker("w".repeat(46), { ...TASK_NET, containers: [task], fifo: true });
    });
  });
});

describe("every number finite", () => {
  it("refuses Infinity and NaN where a plain comparison would let them through", () => {
    expect(
      checkScaling(
        {
          maxCapacity: 4,
          requestsPerTarget: Number.POSITIVE_INFINITY,
          steps: [
            {
              name: "s",
              namespace: "AWS/SQS",
              metricName: "m",
              threshold: Number.NaN,
              steps: [{ lower: Number.POSITIVE_INFINITY, change: 1 }],
            },
          ],
        },
        "autoscaling",
        { hasLoadBalancer: true },
      ),
    ).toEqual([
      {
        path: "autoscaling.requestsPerTarget",
        value: Number.POSITIVE_INFINITY,
        allowed: "a finite number above 0",
      },
      { path: "autoscaling.steps[0].threshold", value: Number.NaN, allowed: "a finite number" },
      {
        path: "autoscaling.steps[0].steps[0].lower",
        value: Number.POSITIVE_INFINITY,
        allowed: "a finite number",
      },
    ]);
  });
});
