import { BerthValidationError } from "@berth/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ExpressScalingMetric,
  ExpressService,
  type ExpressServiceArgs,
  resolveExpressServiceArgs,
} from "../src";
import { plan, planError } from "./helpers";

const IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/hello:1.0";
const CLUSTER = "arn:aws:ecs:us-east-1:123456789012:cluster/apps";
const AWAKE = { days: "Mon-Fri", from: "07:00", to: "20:00", timezone: "Europe/Berlin" };

/** The issues `resolveExpressServiceArgs` throws, as `path: allowed` lines. */
function issues(args: unknown): string[] {
  try {
    resolveExpressServiceArgs("hello", args as ExpressServiceArgs);
  } catch (e) {
    if (BerthValidationError.isBerthValidationError(e)) return e.issues.map((i) => `${i.path}: ${i.allowed}`);
    throw e;
  }
  return [];
}

describe("ExpressService awake (issue 18)", () => {
  it("sleeps at 0 and wakes to minCapacity-maxCapacity on the scalable target Express Mode registers", async () => {
    const g = await plan(() => {
      new ExpressService("hello", {
        image: IMAGE,
        clusterArn: CLUSTER,
        minCapacity: 2,
        maxCapacity: 6,
        awake: AWAKE,
      });
    });
    const svc = g.one("aws:ecs/expressGatewayService:ExpressGatewayService", "hello-service");
    expect(svc.inputs).toMatchObject({
      serviceName: "berth-dev-hello",
      cluster: CLUSTER,
      scalingTargets: [{ minTaskCount: 2, maxTaskCount: 6 }],
    });
    const target = {
      resourceId: "service/apps/berth-dev-hello",
      scalableDimension: "ecs:service:DesiredCount",
      serviceNamespace: "ecs",
    };
    const sleep = g.one("aws:appautoscaling/scheduledAction:ScheduledAction", "hello-sleep");
    const wake = g.one("aws:appautoscaling/scheduledAction:ScheduledAction", "hello-wake");
    expect(sleep.inputs).toEqual({
      ...target,
      schedule: "cron(0 20 ? * MON,TUE,WED,THU,FRI *)",
      timezone: "Europe/Berlin",
      scalableTargetAction: { minCapacity: 0, maxCapacity: 0 },
    });
    expect(wake.inputs).toEqual({
      ...target,
      schedule: "cron(0 7 ? * MON,TUE,WED,THU,FRI *)",
      timezone: "Europe/Berlin",
      scalableTargetAction: { minCapacity: 2, maxCapacity: 6 },
    });
    // Children of the component, created after the service (the resource id reads its name).
    const component = g.one("berth:ecs:ExpressService", "hello");
    for (const action of [sleep, wake]) {
      expect(action.parent).toBe(component.urn);
      expect(action.propertyDependencies["resourceId"]).toEqual([svc.urn]);
      expect(action.explicitDependencies).toEqual([]);
    }
    // Express Mode owns the scalable target: Berth registers none of its own.
    expect(g.ofType("aws:appautoscaling/target:Target")).toHaveLength(0);
  });

  it("on the default cluster the resource id names it; without awake nothing is scheduled", async () => {
    const g = await plan(() => {
      new ExpressService("hello", { image: IMAGE, awake: AWAKE });
      new ExpressService("plain", { image: IMAGE });
    });
    expect(
      g.one("aws:appautoscaling/scheduledAction:ScheduledAction", "hello-sleep").inputs["resourceId"],
    ).toBe("service/default/berth-dev-hello");
    expect(g.ofType("aws:appautoscaling/scheduledAction:ScheduledAction").map((a) => a.name)).toEqual([
      "hello-sleep",
      "hello-wake",
    ]);
  });

  it("refuses a bad schedule, naming each field", async () => {
    expect(
      await planError(
        () =>
          new ExpressService("hello", {
            image: IMAGE,
            awake: { days: "Fri-Mon", from: "20:00", to: "07:00", timezone: "Mars/Olympus" },
          }),
      ),
    ).toBe(
      'Invalid arguments for berth:ecs:ExpressService "hello":\n' +
        '  - awake.days: got "Fri-Mon"; allowed: days of the week as a range (Mon-Fri), a list (Mon,Wed,Fri) or both (Mon-Wed,Fri).\n' +
        '  - awake.to: got "07:00"; allowed: a time later than from (20:00) on the same day.\n' +
        '  - awake.timezone: got "Mars/Olympus"; allowed: an IANA time zone name such as Europe/Berlin, America/New_York or UTC.',
    );
    expect(issues({ image: IMAGE, awake: "Mon-Fri" })).toEqual([
      "awake: an object with days, from, to and timezone",
    ]);
    expect(issues({ image: IMAGE, awake: AWAKE, waitForSteadyState: false })).toEqual([
      "waitForSteadyState: true (or unset) with awake: the sleep actions need the scaling target Express Mode registers while it deploys",
    ]);
  });
});

describe("resolveExpressServiceArgs (no engine, no resources)", () => {
  it("fills every default once and names every child", () => {
    const r = resolveExpressServiceArgs("hello", { image: IMAGE });
    expect({ ...r, args: undefined, container: undefined }).toEqual({
      args: undefined,
      container: undefined,
      cpu: 1024,
      memory: 2048,
      containerPort: 8080,
      healthCheckPath: "/",
      minCapacity: 1,
      maxCapacity: 10,
      scalingMetric: "AVERAGE_CPU",
      scalingTarget: 60,
      logRetentionDays: 30,
      waitForSteadyState: true,
      awake: undefined,
      names: {
        logs: "hello-logs",
        logGroupName: expect.stringMatching(/^\/ecs\/express\/.*hello$/),
        execution: "hello-execution",
        infrastructure: "hello-infrastructure",
        service: "hello-service",
        serviceName: expect.stringMatching(/hello$/),
      },
    });
    expect(r.container).toEqual({ name: "main", image: IMAGE, portMappings: [{ containerPort: 8080 }] });
  });

  it("adopted roles are not named; statements name a task role; awake names the actions", () => {
    const r = resolveExpressServiceArgs("hello", {
      image: IMAGE,
      executionRoleArn: "arn:aws:iam::123456789012:role/exec",
      infrastructureRoleArn: "arn:aws:iam::123456789012:role/infra",
      taskRoleStatements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"] }],
      awake: AWAKE,
    });
    expect(r.names).toMatchObject({ task: "hello-task", sleep: "hello-sleep", wake: "hello-wake" });
    expect(r.names.execution).toBeUndefined();
    expect(r.names.infrastructure).toBeUndefined();
    expect(r.awake?.days).toEqual(["MON", "TUE", "WED", "THU", "FRI"]);
  });

  it("names the renamed arguments and what replaces them", () => {
    expect(issues({ image: IMAGE, cluster: CLUSTER, minTasks: 1, maxTasks: 2 })).toEqual([
      "cluster: no such property (renamed)",
      "minTasks: no such property (renamed)",
      "maxTasks: no such property (renamed)",
    ]);
  });

  it("the named enum holds exactly the metrics AWS takes; others are refused", () => {
    expect(Object.values(ExpressScalingMetric)).toEqual([
      "AVERAGE_CPU",
      "AVERAGE_MEMORY",
      "REQUEST_COUNT_PER_TARGET",
    ]);
    expect(issues({ image: IMAGE, scalingMetric: "CPU" })).toEqual([
      'scalingMetric: one of "AVERAGE_CPU", "AVERAGE_MEMORY", "REQUEST_COUNT_PER_TARGET"',
    ]);
  });

  it("capacity bounds: 1 <= minCapacity <= maxCapacity <= 5000, integers (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -10, max: 5010 }), fc.integer({ min: -10, max: 5010 }), (min, max) => {
        const ok = min >= 1 && min <= 5000 && max >= min && max <= 5000;
        expect(issues({ image: IMAGE, minCapacity: min, maxCapacity: max }).length === 0).toBe(ok);
      }),
    );
    expect(issues({ image: IMAGE, minCapacity: 1.5 })).toEqual(["minCapacity: an integer from 1 to 5000"]);
  });

  it("scaling target: an integer percent from 1 to 100, or whole requests per target (property)", () => {
    fc.assert(
      fc.property(fc.double({ min: -5, max: 300, noNaN: true }), fc.boolean(), (target, requests) => {
        const metric = requests ? "REQUEST_COUNT_PER_TARGET" : "AVERAGE_MEMORY";
        const ok = Number.isInteger(target) && target >= 1 && (requests || target <= 100);
        expect(issues({ image: IMAGE, scalingMetric: metric, scalingTarget: target }).length === 0).toBe(ok);
      }),
    );
  });

  it("sizes, network, path, retention, cluster ARN and name length: every issue at once", () => {
    expect(
      issues({
        image: IMAGE,
        cpu: 4096,
        memory: 16384,
        subnetIds: ["subnet-a"],
        securityGroupIds: [],
        healthCheckPath: "health",
        logRetentionDays: 2,
        clusterArn: "apps",
        waitForSteadyState: "yes",
      }),
    ).toEqual([
      "clusterArn: an ARN of an ecs cluster (arn:<partition>:ecs:<region>:<account>:cluster/...)",
      "memory: at most 8192 (Express Mode)",
      "subnetIds: at least 2 subnet ids (Express Mode network configuration)",
      "securityGroupIds: at least 1 security group id",
      "healthCheckPath: a path starting with /, without spaces",
      expect.stringMatching(/^logRetentionDays: one of 1, 3, 5, /),
      "waitForSteadyState: true or false",
    ]);
    const long = "h".repeat(42);
    expect(() => resolveExpressServiceArgs(long, { image: IMAGE })).toThrow(
      `at most 41 characters (the child "${long}-infrastructure" gets a 8-character suffix and AWS allows 64)`,
    );
  });
});
