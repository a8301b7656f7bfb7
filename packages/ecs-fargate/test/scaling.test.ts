import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backlogPerTaskMetric, backlogTarget, checkScaling, tasksForBacklog } from "../src";

describe("backlog per task", () => {
  it("target is acceptable latency over seconds per message", () => {
    expect(backlogTarget(120, 4)).toBe(30);
    expect(backlogTarget(300, 1)).toBe(300);
  });

  it("the tasks it asks for drain the backlog within the latency (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3600 }),
        fc.integer({ min: 1, max: 600 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (latency, perMessage, visible) => {
          fc.pre(latency >= perMessage);
          const target = backlogTarget(latency, perMessage);
          const tasks = tasksForBacklog(visible, target, 0, Number.MAX_SAFE_INTEGER);
          if (visible === 0) {
            expect(tasks).toBe(0);
            return;
          }
          // Each task's share of the backlog is processed within the acceptable latency ...
          expect((visible / tasks) * perMessage).toBeLessThanOrEqual(latency + 1e-6);
          // ... and one task fewer would not be enough.
          if (tasks > 1) expect((visible / (tasks - 1)) * perMessage).toBeGreaterThan(latency - 1e-6);
        },
      ),
    );
  });

  it("stays within the capacity range (property)", () => {
    fc.assert(
      fc.property(
        fc.nat(100000),
        fc.integer({ min: 1, max: 1000 }),
        fc.nat(50),
        fc.nat(50),
        (visible, target, a, b) => {
          const [min, max] = a <= b ? [a, b] : [b, a];
          const n = tasksForBacklog(visible, target, min, max);
          expect(n).toBeGreaterThanOrEqual(min);
          expect(n).toBeLessThanOrEqual(max);
        },
      ),
    );
  });

  it("is metric math of visible messages over running tasks", () => {
    const spec = backlogPerTaskMetric("jobs", "apps", "worker");
    expect(spec.metrics).toEqual([
      {
        id: "m1",
        label: "visible messages",
        returnData: false,
        metricStat: {
          metric: {
            namespace: "AWS/SQS",
            metricName: "ApproximateNumberOfMessagesVisible",
            dimensions: [{ name: "QueueName", value: "jobs" }],
          },
          stat: "Sum",
        },
      },
      {
        id: "m2",
        label: "running tasks",
        returnData: false,
        metricStat: {
          metric: {
            namespace: "ECS/ContainerInsights",
            metricName: "RunningTaskCount",
            dimensions: [
              { name: "ClusterName", value: "apps" },
              { name: "ServiceName", value: "worker" },
            ],
          },
          stat: "Average",
        },
      },
      { id: "e1", label: "backlog per task", expression: "m1 / m2", returnData: true },
    ]);
  });
});

describe("checkScaling", () => {
  it("names each bad field", () => {
    expect(
      checkScaling({
        minCapacity: 5,
        maxCapacity: 2,
        cpuTarget: 150,
        requestsPerTarget: 100,
        schedules: [{ name: "night", schedule: "0 22 * * *" }],
        steps: [{ name: "x", namespace: "AWS/SQS", metricName: "m", threshold: 1, steps: [{ change: 0 }] }],
      }),
    ).toEqual([
      { path: "autoscaling.maxCapacity", value: 2, allowed: "at least minCapacity (5)" },
      { path: "autoscaling.cpuTarget", value: 150, allowed: "a percentage above 0 and at most 100" },
      {
        path: "autoscaling.requestsPerTarget",
        value: 100,
        allowed: "none without an ALB target group (set loadBalancer)",
      },
      { path: "autoscaling.steps[0].steps", value: [0], allowed: "non-zero integer changes" },
      {
        path: "autoscaling.schedules[0].schedule",
        value: "0 22 * * *",
        allowed: "cron(...), rate(...) or at(...)",
      },
      { path: "autoscaling.schedules[0]", value: "night", allowed: "minCapacity or maxCapacity" },
    ]);
  });

  it("accepts any min <= max in range (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 1, max: 5000 }), (min, max) => {
        fc.pre(min <= max);
        expect(checkScaling({ minCapacity: min, maxCapacity: max })).toEqual([]);
      }),
    );
  });

  it("refuses a missing maxCapacity (from JavaScript or YAML) instead of planning a target without one", () => {
    expect(checkScaling({} as never)).toEqual([
      { path: "autoscaling.maxCapacity", value: undefined, allowed: "an integer from 1 to 5000 (required)" },
    ]);
  });

  it("refuses a capacity that is not an integer from 0 (1 for max) to 5000, naming the range (property)", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: -1000, max: -1 }),
          fc.integer({ min: 5001, max: 100000 }),
          fc.double({ noInteger: true }),
        ),
        (bad) => {
          expect(checkScaling({ minCapacity: bad, maxCapacity: 5000 })).toContainEqual({
            path: "autoscaling.minCapacity",
            value: bad,
            allowed: "an integer from 0 to 5000",
          });
          expect(checkScaling({ maxCapacity: bad }, "x")).toContainEqual({
            path: "x.maxCapacity",
            value: bad,
            allowed: "an integer from 1 to 5000",
          });
        },
      ),
    );
  });
});
