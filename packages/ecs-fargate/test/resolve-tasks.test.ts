import { readFileSync } from "node:fs";
import { join } from "node:path";
import { BerthValidationError } from "@berth/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ContainerInsights,
  type EventTaskArgs,
  type QueueWorkerArgs,
  resolveClusterArgs,
  resolveClusterCapacityProvidersArgs,
  resolveEventTaskArgs,
  resolveExpressServiceArgs,
  resolveQueueWorkerArgs,
  resolveScheduledTaskArgs,
  type ScheduledTaskArgs,
} from "../src";
import { TASK_NET } from "./task-helpers";

const containers = [{ name: "job", image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/job:1.0" }];
const MINIMAL = {
  QueueWorker: () => resolveQueueWorkerArgs("jobs", { ...TASK_NET, containers }),
  ScheduledTask: () =>
    resolveScheduledTaskArgs("nightly", { ...TASK_NET, containers, schedule: "rate(1 day)" }),
  EventTask: () =>
    resolveEventTaskArgs("ingest", { ...TASK_NET, containers, eventPattern: { source: ["app"] } }),
  ExpressService: () => resolveExpressServiceArgs("hello", { image: "nginx:1.27" }),
  Cluster: () => resolveClusterArgs("apps"),
  ClusterCapacityProviders: () => resolveClusterCapacityProvidersArgs("apps", { clusterName: "apps" }),
} as const;

/** The `path: allowed` lines of the error a resolve throws, or [] when it does not throw. */
function issues(resolve: () => unknown): string[] {
  try {
    resolve();
  } catch (e) {
    if (BerthValidationError.isBerthValidationError(e)) return e.issues.map((i) => `${i.path}: ${i.allowed}`);
    throw e;
  }
  return [];
}

describe("resolve of the task components: defaults (no engine, no resources)", () => {
  it.each([
    [
      "QueueWorker",
      {
        fifo: false,
        visibilityTimeoutSeconds: 30,
        maxReceiveCount: 5,
        messageRetentionSeconds: 345600,
        minCapacity: 0,
        maxCapacity: 10,
        acceptableLatencySeconds: 300,
        secondsPerMessage: 1,
        backlogTarget: 300,
        spot: { base: 0, weight: 3, onDemandWeight: 1 },
        queueUrlVariable: "QUEUE_URL",
        awake: undefined,
        names: {
          queue: "jobs-queue",
          deadLetterQueue: "jobs-dlq",
          redriveAllow: "jobs-dlq-allow",
          service: "jobs",
          scaling: "jobs-backlog",
        },
      },
    ],
    [
      "ScheduledTask",
      {
        retryAttempts: 2,
        maximumEventAgeSeconds: 3600,
        taskCount: 1,
        platformVersion: "LATEST",
        capacityProviderStrategy: [{ capacityProvider: "FARGATE", base: 0, weight: 1 }],
        latestRevision: false,
        clusterArn: TASK_NET.clusterArn,
        vpcId: TASK_NET.vpcId,
        subnetIds: TASK_NET.subnetIds,
        timezone: "UTC",
        flexibleWindowMinutes: undefined,
        scheduleGroup: "default",
        enabled: true,
        assignPublicIp: false,
        runWhileAsleep: true,
        awake: undefined,
        names: {
          securityGroup: "nightly-sg",
          egress: "nightly-egress",
          deadLetterQueue: "nightly-dlq",
          execution: "nightly-execution",
          task: "nightly-task",
          starter: "nightly-scheduler",
          schedule: "nightly-schedule",
        },
      },
    ],
    [
      "EventTask",
      {
        retryAttempts: 2,
        maximumEventAgeSeconds: 3600,
        taskCount: 1,
        platformVersion: "LATEST",
        capacityProviderStrategy: [{ capacityProvider: "FARGATE", base: 0, weight: 1 }],
        latestRevision: false,
        clusterArn: TASK_NET.clusterArn,
        vpcId: TASK_NET.vpcId,
        subnetIds: TASK_NET.subnetIds,
        eventBusName: "default",
        names: {
          securityGroup: "ingest-sg",
          egress: "ingest-egress",
          deadLetterQueue: "ingest-dlq",
          deadLetterQueuePolicy: "ingest-dlq-policy",
          execution: "ingest-execution",
          task: "ingest-task",
          starter: "ingest-events",
          rule: "ingest-rule",
          target: "ingest-target",
        },
      },
    ],
  ] as const)("%s: minimal arguments resolve to every default", (component, expected) => {
    const { args: _args, ...resolved } = MINIMAL[component]();
    expect(resolved).toEqual(expected);
  });

  it("Cluster and ClusterCapacityProviders: minimal arguments resolve to every default", () => {
    const { args: _a, names, ...cluster } = MINIMAL.Cluster();
    expect(cluster).toEqual({ containerInsights: "enhanced", ec2Capacity: false, execLogRetentionDays: 90 });
    expect(names).toEqual({
      execLogs: "apps-exec-logs",
      execLogGroupName: expect.stringMatching(/^\/ecs\/exec\/.*-apps$/),
      cluster: "apps-cluster",
      capacity: "apps-capacity",
    });
    expect(resolveClusterArgs("apps", { ec2Capacity: true }).names.capacity).toBeUndefined();
    const { args: _b, ...association } = MINIMAL.ClusterCapacityProviders();
    expect(association).toEqual({
      fargate: true,
      capacityProviders: [],
      defaultStrategy: [{ capacityProvider: "FARGATE", base: 0, weight: 1 }],
      associationAliases: [],
      names: { association: "apps-capacity" },
    });
    expect(
      resolveClusterCapacityProvidersArgs("apps", { clusterName: "apps", capacityProviders: ["spot-1"] })
        .defaultStrategy,
    ).toEqual([{ capacityProvider: "spot-1", base: 0, weight: 1 }]);
  });

  it("ContainerInsights is a named enum of exactly the values ECS takes", () => {
    expect(Object.values(ContainerInsights)).toEqual(["enhanced", "enabled", "disabled"]);
    fc.assert(
      fc.property(fc.string(), (mode) => {
        const ok = (Object.values(ContainerInsights) as string[]).includes(mode);
        const found = issues(() =>
          resolveClusterArgs("apps", { containerInsights: mode as ContainerInsights }),
        );
        expect(found.length === 0).toBe(ok);
      }),
    );
  });

  it("given queue, roles and pipeline images: nothing is named that is not created", () => {
    const r = resolveEventTaskArgs("ingest", {
      ...TASK_NET,
      containers,
      eventPattern: { source: ["app"] },
      deadLetterQueueArn: "arn:aws:sqs:us-east-1:123456789012:shared-dlq",
      executionRoleArn: "arn:aws:iam::123456789012:role/exec",
      taskRoleArn: "arn:aws:iam::123456789012:role/task",
      imageOwner: "pipeline",
    });
    expect(r.names).toEqual({
      securityGroup: "ingest-sg",
      egress: "ingest-egress",
      starter: "ingest-events",
      rule: "ingest-rule",
      target: "ingest-target",
    });
    expect(r.latestRevision).toBe(true);
  });
});

describe("resolve of the task components: validators (property)", () => {
  it("retryAttempts 0-185, maximumEventAgeSeconds 60-86400, taskCount 1-10: integers only", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -5, max: 200 }),
        fc.integer({ min: 0, max: 90000 }),
        fc.oneof(fc.integer({ min: -2, max: 12 }), fc.constant(1.5)),
        (retryAttempts, maximumEventAgeSeconds, taskCount) => {
          const expected = [
            ...(retryAttempts >= 0 && retryAttempts <= 185
              ? []
              : ["retryAttempts: an integer from 0 to 185"]),
            ...(maximumEventAgeSeconds >= 60 && maximumEventAgeSeconds <= 86400
              ? []
              : ["maximumEventAgeSeconds: an integer from 60 to 86400"]),
            ...(Number.isInteger(taskCount) && taskCount >= 1 && taskCount <= 10
              ? []
              : ["taskCount: an integer from 1 to 10"]),
          ];
          const args = {
            ...TASK_NET,
            containers,
            retryAttempts,
            maximumEventAgeSeconds,
            taskCount,
          };
          expect(
            issues(() => resolveEventTaskArgs("e", { ...args, eventPattern: { source: ["a"] } })),
          ).toEqual(expected);
          expect(issues(() => resolveScheduledTaskArgs("s", { ...args, schedule: "rate(1 hour)" }))).toEqual(
            expected,
          );
        },
      ),
    );
  });

  it("QueueWorker: 0 <= minCapacity <= maxCapacity, 1 <= maxCapacity <= 5000", () => {
    fc.assert(
      fc.property(fc.integer({ min: -3, max: 5003 }), fc.integer({ min: -3, max: 5003 }), (min, max) => {
        const ok = min >= 0 && min <= 5000 && max >= Math.max(1, min) && max <= 5000;
        const found = issues(() =>
          resolveQueueWorkerArgs("w", { ...TASK_NET, containers, minCapacity: min, maxCapacity: max }),
        );
        expect(found.length === 0).toBe(ok);
      }),
    );
  });

  it("a cluster name where an ARN is needed, and the renamed arguments, are refused by name", () => {
    expect(
      issues(() =>
        resolveQueueWorkerArgs("w", {
          ...TASK_NET,
          clusterArn: "apps",
          cluster: "apps",
          minTasks: 1,
          containers,
        } as unknown as QueueWorkerArgs),
      ),
    ).toEqual([
      "cluster: no such property (renamed)",
      "minTasks: no such property (renamed)",
      "clusterArn: an ARN of an ecs cluster (arn:<partition>:ecs:<region>:<account>:cluster/...)",
    ]);
    const { clusterArn: _c, ...withoutArn } = TASK_NET;
    expect(
      issues(() =>
        resolveEventTaskArgs("e", {
          ...withoutArn,
          cluster: TASK_NET.clusterArn,
          containers,
          eventPattern: { source: ["a"] },
        } as unknown as EventTaskArgs),
      ),
    ).toEqual(["cluster: no such property (renamed)", "clusterArn: the ECS cluster ARN (required)"]);
    expect(
      issues(() =>
        resolveScheduledTaskArgs("s", {
          ...TASK_NET,
          clusterArn: "apps",
          containers,
          schedule: "rate(1 day)",
        } as ScheduledTaskArgs),
      ),
    ).toEqual(["clusterArn: a cluster ARN (the scheduler role is scoped to it)"]);
  });

  it("name lengths read the resolved children: the schedule (64), the roles (64), the queue (80)", () => {
    const at = (n: number) => "s".repeat(n);
    // "<name>-execution" and "<name>-scheduler" are the longest 64-character children: 64 - 10 - 8 = 46.
    expect(
      issues(() => resolveScheduledTaskArgs(at(46), { ...TASK_NET, containers, schedule: "rate(1 day)" })),
    ).toEqual([]);
    expect(
      issues(() => resolveScheduledTaskArgs(at(47), { ...TASK_NET, containers, schedule: "rate(1 day)" })),
    ).toEqual([
      `name: at most 46 characters (the child "${at(47)}-execution" gets a 8-character suffix and AWS allows 64)`,
    ]);
  });
});

describe("README argument tables agree with resolve", () => {
  const readme = readFileSync(join(__dirname, "..", "README.md"), "utf8");
  /** The rows `| \`field\` | \`scalar\` | ...` of a component's section. */
  const defaults = (component: string): Array<[string, string]> => {
    const start = readme.indexOf(`\n## ${component}\n`);
    const end = readme.indexOf("\n## ", start + 1);
    const section = readme.slice(start, end === -1 ? undefined : end);
    return [...section.matchAll(/^\| `(\w+)` \| `([^`{}\s]+)` \|/gm)].map((m) => [
      m[1] as string,
      m[2] as string,
    ]);
  };
  const scalar = (text: string): unknown =>
    text === "true" ? true : text === "false" ? false : /^-?\d+$/.test(text) ? Number(text) : text;

  it.each(Object.keys(MINIMAL) as Array<keyof typeof MINIMAL>)("%s", (component) => {
    const rows = defaults(component);
    expect(rows.length).toBeGreaterThan(0);
    const resolved = MINIMAL[component]() as unknown as Record<string, unknown>;
    for (const [field, text] of rows) {
      expect(resolved, `${component}.${field} is resolved`).toHaveProperty(field);
      expect(resolved[field], `${component}.${field}`).toEqual(scalar(text));
    }
  });
});
