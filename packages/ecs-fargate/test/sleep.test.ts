import { resolveAwakeSchedule, Validator } from "@berth/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { asleepRunProblem, FargateService, QueueWorker, ScheduledTask } from "../src";
import { plan, planError, SERVICE_NET } from "./helpers";
import { TASK_NET } from "./task-helpers";

const container = {
  name: "app",
  image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.0",
  portMappings: [{ containerPort: 8080 }],
};
const AWAKE = { days: "Mon-Wed,Fri", from: "06:30", to: "22:15", timezone: "Europe/Berlin" };
// Hand-computed: Application Auto Scaling cron is minutes, hours, day-of-month, month, day-of-week, year.
const SLEEP_CRON = "cron(15 22 ? * MON,TUE,WED,FRI *)";
const WAKE_CRON = "cron(30 6 ? * MON,TUE,WED,FRI *)";
const TARGET = {
  resourceId: "service/apps/",
  scalableDimension: "ecs:service:DesiredCount",
  serviceNamespace: "ecs",
};

function resolved(awake: unknown) {
  const v = new Validator("test", "t");
  const r = resolveAwakeSchedule(v, "awake", awake);
  if (!r) throw new Error(v.issues.map((i) => i.path).join());
  return r;
}

describe("FargateService awake", () => {
  it("an autoscaled service sleeps at 0 and wakes to its autoscaling bounds", async () => {
    const g = await plan(() => {
      new FargateService("web", {
        ...SERVICE_NET,
        containers: [container],
        autoscaling: { minCapacity: 2, maxCapacity: 6 },
        awake: AWAKE,
      });
    });
    const target = g.one("aws:appautoscaling/target:Target", "web-scaling");
    expect(target.inputs).toMatchObject({ minCapacity: 2, maxCapacity: 6 });
    const sleep = g.one("aws:appautoscaling/scheduledAction:ScheduledAction", "web-scaling-sleep");
    const wake = g.one("aws:appautoscaling/scheduledAction:ScheduledAction", "web-scaling-wake");
    expect(sleep.inputs).toMatchObject({
      scalableDimension: "ecs:service:DesiredCount",
      serviceNamespace: "ecs",
      resourceId: target.inputs["resourceId"],
      schedule: SLEEP_CRON,
      timezone: "Europe/Berlin",
      scalableTargetAction: { minCapacity: 0, maxCapacity: 0 },
    });
    expect(wake.inputs).toMatchObject({
      resourceId: target.inputs["resourceId"],
      schedule: WAKE_CRON,
      timezone: "Europe/Berlin",
      scalableTargetAction: { minCapacity: 2, maxCapacity: 6 },
    });
    expect(String(target.inputs["resourceId"])).toMatch(/^service\/apps\//);
    expect(g.ofType("aws:appautoscaling/scheduledAction:ScheduledAction")).toHaveLength(2);
    // The plan catalog's six-field cron and IANA time-zone checks accept both actions.
    expect(g.conformance?.violations).toEqual([]);
    // The schedule owns the bounds (the sleep action sets them to 0 at night): the nightly
    // refreshing preview must not report them as drift, nor a `pulumi up` at night restore them.
    expect(target.options.ignoreChanges).toEqual(["minCapacity", "maxCapacity"]);
  });

  it("an autoscaled service without schedules leaves its bounds to the program (no ignoreChanges)", async () => {
    const g = await plan(() => {
      new FargateService("web", {
        ...SERVICE_NET,
        containers: [container],
        autoscaling: { minCapacity: 2, maxCapacity: 6 },
      });
    });
    expect(g.one("aws:appautoscaling/target:Target", "web-scaling").options.ignoreChanges).toEqual([]);
  });

  it("user scheduled actions own the bounds too", async () => {
    const g = await plan(() => {
      new FargateService("web", {
        ...SERVICE_NET,
        containers: [container],
        autoscaling: {
          minCapacity: 2,
          maxCapacity: 6,
          schedules: [{ name: "night", schedule: "cron(0 22 * * ? *)", minCapacity: 1, maxCapacity: 2 }],
        },
      });
    });
    expect(g.one("aws:appautoscaling/target:Target", "web-scaling").options.ignoreChanges).toEqual([
      "minCapacity",
      "maxCapacity",
    ]);
  });

  it("a service without autoscaling gets a scalable target at its desired count, and ignores desiredCount", async () => {
    const g = await plan(() => {
      new FargateService("web", { ...SERVICE_NET, containers: [container], desiredCount: 3, awake: AWAKE });
    });
    expect(g.one("aws:appautoscaling/target:Target", "web-scaling").inputs).toMatchObject({
      ...TARGET,
      resourceId: expect.stringMatching(/^service\/apps\//),
      minCapacity: 3,
      maxCapacity: 3,
    });
    expect(g.ofType("aws:appautoscaling/policy:Policy")).toHaveLength(0);
    expect(
      g.one("aws:appautoscaling/scheduledAction:ScheduledAction", "web-scaling-sleep").inputs[
        "scalableTargetAction"
      ],
    ).toEqual({ minCapacity: 0, maxCapacity: 0 });
    expect(
      g.one("aws:appautoscaling/scheduledAction:ScheduledAction", "web-scaling-wake").inputs,
    ).toMatchObject({ schedule: WAKE_CRON, scalableTargetAction: { minCapacity: 3, maxCapacity: 3 } });
    const svc = g.one("aws:ecs/service:Service", "web-service");
    expect(svc.inputs["desiredCount"]).toBe(3);
    expect(svc.options.ignoreChanges).toEqual(["desiredCount"]);
  });

  it("without awake nothing is scheduled and there is no target", async () => {
    const g = await plan(() => {
      new FargateService("web", { ...SERVICE_NET, containers: [container] });
    });
    expect(g.ofType("aws:appautoscaling/target:Target")).toHaveLength(0);
    expect(g.ofType("aws:appautoscaling/scheduledAction:ScheduledAction")).toHaveLength(0);
  });

  it("refuses a bad schedule and desiredCountOwner iac, naming the fields", async () => {
    const msg = await planError(() => {
      new FargateService("web", {
        ...SERVICE_NET,
        containers: [container],
        desiredCountOwner: "iac",
        awake: { days: "Fri-Mon", from: "7:00", to: "20:00", timezone: "Europe/Berlinn" },
      });
    });
    expect(msg).toContain("awake.days");
    expect(msg).toContain("awake.from");
    expect(msg).toContain("awake.timezone");
    expect(msg).toContain("desiredCountOwner");
    expect(msg).toContain("the sleep schedule owns the task count");
  });
});

describe("QueueWorker awake", () => {
  it("sleeps at max 0 so the backlog alarm cannot wake it, and wakes to minTasks-maxTasks", async () => {
    const g = await plan(() => {
      new QueueWorker("jobs", { ...TASK_NET, containers: [container], maxCapacity: 8, awake: AWAKE });
    });
    const target = g.one("aws:appautoscaling/target:Target", "jobs-backlog-scaling");
    expect(target.inputs).toMatchObject({ minCapacity: 0, maxCapacity: 8 });
    expect(
      g.one("aws:appautoscaling/scheduledAction:ScheduledAction", "jobs-backlog-scaling-sleep").inputs,
    ).toMatchObject({
      resourceId: target.inputs["resourceId"],
      schedule: SLEEP_CRON,
      timezone: "Europe/Berlin",
      scalableTargetAction: { minCapacity: 0, maxCapacity: 0 },
    });
    expect(
      g.one("aws:appautoscaling/scheduledAction:ScheduledAction", "jobs-backlog-scaling-wake").inputs,
    ).toMatchObject({ schedule: WAKE_CRON, scalableTargetAction: { minCapacity: 0, maxCapacity: 8 } });
    // The inner service does not get a second target.
    expect(g.ofType("aws:appautoscaling/target:Target")).toHaveLength(1);
    expect(g.ofType("aws:appautoscaling/scheduledAction:ScheduledAction")).toHaveLength(2);
  });

  it("refuses a bad schedule naming awake.to", async () => {
    const msg = await planError(() => {
      new QueueWorker("jobs", {
        ...TASK_NET,
        containers: [container],
        awake: { days: "Mon-Fri", from: "20:00", to: "07:00", timezone: "UTC" },
      });
    });
    expect(msg).toContain("awake.to");
    expect(msg).toContain("a time later than from (20:00)");
  });
});

describe("ScheduledTask runWhileAsleep", () => {
  const berlin = resolved({ days: "Mon-Fri", from: "07:00", to: "20:00", timezone: "Europe/Berlin" });

  it("accepts runs inside the awake hours", () => {
    expect(asleepRunProblem("cron(0 9 ? * MON-FRI *)", berlin)).toBeUndefined();
    expect(asleepRunProblem("cron(0/15 7-19 ? * MON,TUE,WED,THU,FRI *)", berlin)).toBeUndefined();
    expect(asleepRunProblem("cron(59 19 ? * 2-6 *)", berlin)).toBeUndefined();
    // 2026-11-25 is a Wednesday.
    expect(asleepRunProblem("at(2026-11-25T12:00:00)", berlin)).toBeUndefined();
  });

  it("finds the first run outside them", () => {
    expect(asleepRunProblem("cron(0 3 * * ? *)", berlin)).toBe(
      "runs inside the awake hours (MON,TUE,WED,THU,FRI 07:00-20:00) only: it runs on MON at 03:00",
    );
    expect(asleepRunProblem("cron(0 9 ? * SAT *)", berlin)).toContain("it runs on SAT at 09:00");
    expect(asleepRunProblem("cron(0 20 ? * MON *)", berlin)).toContain("it runs on MON at 20:00");
    // L in day-of-week is Saturday; FRI-MON wraps over the weekend.
    expect(asleepRunProblem("cron(0 9 ? * L *)", berlin)).toContain("SAT");
    expect(asleepRunProblem("cron(0 9 ? * FRI-MON *)", berlin)).toContain("it runs on SAT at 09:00");
    // A day of the month falls on every weekday.
    expect(asleepRunProblem("cron(0 9 1 * ? *)", berlin)).toContain("it runs on SAT at 09:00");
    expect(asleepRunProblem("cron(30 19 ? * MON *)", berlin, 30)).toBe(
      "runs inside the awake hours (MON,TUE,WED,THU,FRI 07:00-20:00) (with the 30-minute flexible window) only: it runs on MON at 19:30",
    );
    expect(asleepRunProblem("rate(1 hour)", berlin)).toBe(
      "a cron() inside the awake hours (MON,TUE,WED,THU,FRI 07:00-20:00): a rate() runs around the clock",
    );
    // 2026-11-28 is a Saturday.
    expect(asleepRunProblem("at(2026-11-28T12:00:00)", berlin)).toBe(
      "a time inside the awake hours (MON,TUE,WED,THU,FRI 07:00-20:00): it runs on SAT at 12:00",
    );
  });

  it("refuses at plan time, naming schedule, timezone and runWhileAsleep", async () => {
    const task = { ...TASK_NET, containers: [{ name: "job", image: container.image }] };
    const night = await planError(() => {
      new ScheduledTask("nightly", {
        ...task,
        schedule: "cron(0 3 * * ? *)",
        timezone: "Europe/Berlin",
        awake: { days: "Mon-Fri", from: "07:00", to: "20:00", timezone: "Europe/Berlin" },
        runWhileAsleep: false,
      });
    });
    expect(night).toContain("schedule");
    expect(night).toContain("with runWhileAsleep: false, runs inside the awake hours");
    const zone = await planError(() => {
      new ScheduledTask("nightly", {
        ...task,
        schedule: "cron(0 9 ? * MON-FRI *)",
        awake: { days: "Mon-Fri", from: "07:00", to: "20:00", timezone: "Europe/Berlin" },
        runWhileAsleep: false,
      });
    });
    expect(zone).toContain("timezone");
    expect(zone).toContain("the awake time zone (Europe/Berlin) with runWhileAsleep: false");
    const alone = await planError(() => {
      new ScheduledTask("nightly", { ...task, schedule: "cron(0 9 ? * MON-FRI *)", runWhileAsleep: false });
    });
    expect(alone).toContain("runWhileAsleep");
    expect(alone).toContain("false only with awake");
  });

  it("a run inside the hours plans; awake alone changes nothing", async () => {
    const g = await plan(() => {
      new ScheduledTask("daily", {
        ...TASK_NET,
        containers: [{ name: "job", image: container.image }],
        schedule: "cron(0 9 ? * MON-FRI *)",
        timezone: "Europe/Berlin",
        awake: { days: "Mon-Fri", from: "07:00", to: "20:00", timezone: "Europe/Berlin" },
        runWhileAsleep: false,
      });
      new ScheduledTask("nightly", {
        ...TASK_NET,
        containers: [{ name: "job", image: container.image }],
        schedule: "cron(0 3 * * ? *)",
        awake: { days: "Mon-Fri", from: "07:00", to: "20:00", timezone: "Europe/Berlin" },
      });
    });
    expect(g.one("aws:scheduler/schedule:Schedule", "daily-schedule").inputs["scheduleExpression"]).toBe(
      "cron(0 9 ? * MON-FRI *)",
    );
    expect(g.one("aws:scheduler/schedule:Schedule", "nightly-schedule").inputs["scheduleExpression"]).toBe(
      "cron(0 3 * * ? *)",
    );
  });
});

describe("asleepRunProblem (property)", () => {
  const DAYS = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"] as const;
  const hm = (m: number) =>
    `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;

  it("a one-run-a-week cron passes exactly when its day is awake and its minute is in [from, to - flex)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1438 }),
        fc.integer({ min: 1, max: 1439 }),
        fc.subarray([...DAYS], { minLength: 1 }),
        fc.constantFrom(...DAYS),
        fc.integer({ min: 0, max: 1439 }),
        fc.integer({ min: 0, max: 120 }),
        (from, length, days, day, run, flex) => {
          const to = Math.min(1439, from + length);
          fc.pre(to > from);
          const awake = resolved({ days: days.join(","), from: hm(from), to: hm(to), timezone: "UTC" });
          const cron = `cron(${run % 60} ${Math.floor(run / 60)} ? * ${day} *)`;
          const inside = days.includes(day) && run >= from && run + flex < to;
          expect(asleepRunProblem(cron, awake, flex) === undefined).toBe(inside);
        },
      ),
    );
  });
});
