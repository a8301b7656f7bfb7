import {
  autoScalingGroupSleepActions,
  resolveAwakeSchedule,
  scalableTargetSleepActions,
  Validator,
  WEEKDAYS,
} from "@berth/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { costReport } from "../src/analytics/cost";
import { renderAnalyticsMarkdown, renderAnalyticsTerminal } from "../src/analytics/index";
import { awakeHoursPerWeek, parseFiringTime } from "../src/analytics/sleep";
import type { GraphResource } from "../src/graph";
import { dep, fargate, graphOf, res } from "./analytics-helpers";

const ASOF = "2026-11-22";
const cost = (...rs: Parameters<typeof graphOf>) =>
  costReport([{ layer: "workloads", graph: graphOf(...rs) }], { env: "dev", asOf: ASOF });
const MON_FRI_AAS = "MON,TUE,WED,THU,FRI";
/** Mon-Fri 07:00-20:00 is 13 h x 5 days = 65 h of a 168 h week: 730 h x 65/168 = 282.440476 h a month. */
const AWAKE_MONTH_HOURS = (730 * 65) / 168;

describe("awake hours from the wake and sleep expressions", () => {
  it("reads both dialects the core helpers emit (hand-computed)", () => {
    expect(parseFiringTime(`cron(0 7 ? * ${MON_FRI_AAS} *)`)).toEqual({
      days: [1, 2, 3, 4, 5],
      minuteOfDay: 420,
    });
    expect(parseFiringTime("30 20 * * 0,6")).toEqual({ days: [0, 6], minuteOfDay: 1230 });
    expect(parseFiringTime("0 7 * * 7")).toEqual({ days: [0], minuteOfDay: 420 });
    expect(awakeHoursPerWeek(`cron(0 7 ? * ${MON_FRI_AAS} *)`, `cron(0 20 ? * ${MON_FRI_AAS} *)`)).toBe(65);
    expect(awakeHoursPerWeek("0 7 * * 1,2,3,4,5", "0 20 * * 1,2,3,4,5")).toBe(65);
    // Sat,Sun 09:30-12:00: 2.5 h x 2
    expect(awakeHoursPerWeek("30 9 * * 6,0", "0 12 * * 0,6")).toBe(5);
  });

  it("refuses anything else: not assumed asleep, with the reason", () => {
    expect(awakeHoursPerWeek("rate(1 hour)", "cron(0 20 ? * MON *)")).toBe(
      'schedule "rate(1 hour)" is not cron(M H ? * DAYS *) or "M H * * D,D"',
    );
    expect(awakeHoursPerWeek("cron(0 7 ? * MON-FRI *)", "cron(0 20 ? * MON-FRI *)")).toMatch(/is not cron/);
    expect(awakeHoursPerWeek("0 7 * * 1", "0 20 * * 2")).toBe(
      "wake (0 7 * * 1) and sleep (0 20 * * 2) fire on different days",
    );
    expect(awakeHoursPerWeek("0 20 * * 1", "0 7 * * 1")).toBe(
      "sleep (0 7 * * 1) is not later on the same day than wake (0 20 * * 1)",
    );
  });

  it("agrees with resolveAwakeSchedule for every schedule the core helpers emit (both dialects)", () => {
    const hhmm = fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
      .map(([h, m]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`);
    fc.assert(
      fc.property(fc.subarray([...WEEKDAYS], { minLength: 1 }), hhmm, hhmm, (days, a, b) => {
        fc.pre(a !== b);
        const [from, to] = a < b ? [a, b] : [b, a];
        const v = new Validator("test", "t");
        const awake = resolveAwakeSchedule(v, "awake", {
          days: days.map((d) => d.charAt(0) + d.slice(1).toLowerCase()).join(","),
          from,
          to,
          timezone: "Europe/Berlin",
        });
        if (!awake) throw new Error(JSON.stringify(v.issues));
        const [sleepT, wakeT] = scalableTargetSleepActions(awake, { min: 1, max: 2 });
        const [sleepA, wakeA] = autoScalingGroupSleepActions(awake, { min: 1, max: 2 });
        expect(awakeHoursPerWeek(wakeT?.schedule, sleepT?.schedule)).toBeCloseTo(awake.awakeHoursPerWeek, 9);
        expect(awakeHoursPerWeek(wakeA?.recurrence, sleepA?.recurrence)).toBeCloseTo(
          awake.awakeHoursPerWeek,
          9,
        );
      }),
    );
  });
});

/** The two Application Auto Scaling actions on `service/main/<svc>`, Mon-Fri 07:00-20:00 UTC. */
function ecsActions(name: string, target: ReturnType<typeof res>, floor: number, min: number, max: number) {
  const mk = (phase: string, hour: number, lo: number, hi: number) =>
    dep(
      res("aws:appautoscaling/scheduledAction:ScheduledAction", `${name}-${phase}`, {
        resourceId: target.inputs["resourceId"],
        scalableDimension: "ecs:service:DesiredCount",
        serviceNamespace: "ecs",
        schedule: `cron(0 ${hour} ? * ${MON_FRI_AAS} *)`,
        timezone: "UTC",
        scalableTargetAction: { minCapacity: lo, maxCapacity: hi },
      }),
      target,
      "resourceId",
    );
  return [mk("sleep", 20, floor, floor), mk("wake", 7, min, max)];
}

/** The two EC2 Auto Scaling actions, Mon-Fri 07:00-20:00 UTC, linked to `group`. */
function asgActions(name: string, group: ReturnType<typeof res>, floor: number, min: number, max: number) {
  const mk = (phase: string, hour: number, lo: number, hi: number) =>
    dep(
      res("aws:autoscaling/schedule:Schedule", `${name}-${phase}`, {
        scheduledActionName: `${name}-${phase}`,
        autoscalingGroupName: "unknown-at-plan-time",
        recurrence: `0 ${hour} * * 1,2,3,4,5`,
        timeZone: "UTC",
        minSize: lo,
        maxSize: hi,
        desiredCapacity: lo,
      }),
      group,
      "autoscalingGroupName",
    );
  return [mk("sleep", 20, floor, floor), mk("wake", 7, min, max)];
}

describe("pricing awake hours", () => {
  function sleepingService() {
    const [td, svc] = fargate("web", { cpu: 1024, memory: 2048, arch: "ARM64", desired: 2 });
    if (!td || !svc) throw new Error("fixture");
    const target = dep(
      res("aws:appautoscaling/target:Target", "web-scaling", {
        resourceId: "service/main/web-service",
        minCapacity: 2,
        maxCapacity: 4,
      }),
      svc,
      "resourceId",
    );
    return [td, svc, target, ...ecsActions("web-scaling", target, 0, 2, 4)];
  }

  it("an ECS service awake Mon-Fri 07:00-20:00 at 2 tasks, asleep at 0 (hand-computed)", () => {
    const r = cost(...sleepingService());
    // ARM64 task-hour 1 x $0.03238 + 2 x $0.00356 = $0.0395; 2 tasks = $0.079/h
    // always awake: 0.079 x 730 = $57.67; awake 65 of 168 h: 0.079 x 282.440476 = $22.312798
    expect(r.total).toBe(22.31);
    const svc = r.resources.find((x) => x.type === "aws:ecs/service:Service");
    expect(svc?.monthly).toBeCloseTo(22.312798, 5);
    expect(svc?.lines.map((l) => [l.item, l.quantity])).toEqual([
      ["Fargate awake vCPU-hours, on-demand (2 x 1 vCPU / 2 GB ARM64)", 2 * AWAKE_MONTH_HOURS],
      ["Fargate awake GB-hours, on-demand", 4 * AWAKE_MONTH_HOURS],
    ]);
    expect(r.sleep).toEqual({
      withSchedules: 22.31,
      withoutSchedules: 57.67,
      savings: 35.36,
      // 103 of 168 hours asleep
      savingsPct: 0.6131,
      resources: [
        {
          urn: svc?.urn,
          name: "web-service",
          type: "aws:ecs/service:Service",
          awakeHoursPerWeek: 65,
          awakeCount: 2,
          floor: 0,
          timezone: "UTC",
        },
      ],
    });
    expect(r.assumptions).toContain(
      `web-service: awake 65 h of 168 h a week (wakes cron(0 7 ? * ${MON_FRI_AAS} *), sleeps cron(0 20 ? * ${MON_FRI_AAS} *), UTC) at 2, asleep at 0`,
    );
    // the anchors have no schedule: 2 x86 tasks always awake, 2 x (0.04048 + 2 x 0.004445) x 730 = $72.0802
    expect(r.anchor.total).toBe(72.08);
    expect(r.anchor.savings).toBe(49.77);
    expect(r.anchor.changes).toContain("always awake (no sleep schedules)");
  });

  it("an ASG awake at 2 m7g.large, asleep at a floor of 1 (hand-computed)", () => {
    const asg = res("aws:autoscaling/group:Group", "spot-asg", {
      name: "spot-asg",
      desiredCapacity: 2,
      minSize: 2,
      maxSize: 4,
      instanceType: "m7g.large",
    });
    const r = cost(asg, ...asgActions("spot-asg", asg, 1, 2, 4));
    // awake: 2 x $0.0816 x 282.440476 h = $46.094286; asleep: 1 x $0.0816 x 447.559524 h = $36.520857
    expect(r.resources.find((x) => x.name === "spot-asg")?.monthly).toBeCloseTo(82.615143, 4);
    // always awake: 2 x 0.0816 x 730 = $119.136; saves $36.520857 (30.65%)
    expect(r.sleep).toMatchObject({
      withSchedules: 82.62,
      withoutSchedules: 119.14,
      savings: 36.52,
      savingsPct: 0.3065,
    });
    expect(r.sleep?.resources[0]).toMatchObject({
      name: "spot-asg",
      awakeHoursPerWeek: 65,
      awakeCount: 2,
      floor: 1,
    });
  });

  it("an EKS managed node group's ASG with the two schedules (hand-computed)", () => {
    const ng = res("aws:eks/nodeGroup:NodeGroup", "spot-nodes", {
      scalingConfig: { desiredSize: 2, minSize: 0, maxSize: 4 },
      instanceTypes: ["m7g.large"],
      capacityType: "ON_DEMAND",
    });
    const r = cost(ng, ...asgActions("spot-nodes", ng, 0, 2, 4));
    // 2 x $0.0816 x 282.440476 h = $46.094286
    expect(r.total).toBe(46.09);
    expect(r.sleep?.withoutSchedules).toBe(119.14);
  });

  it("does not assume asleep what it cannot read, and says so", () => {
    const [td, svc, target, sleep, wake] = sleepingService();
    if (!sleep || !wake) throw new Error("fixture");
    sleep.inputs["schedule"] = "rate(1 hour)";
    const r = cost(td, svc, target, sleep, wake);
    expect(r.total).toBe(57.67);
    expect(r.sleep).toBeUndefined();
    expect(r.assumptions).toContain(
      'web-service: sleep schedule not read (schedule "rate(1 hour)" is not cron(M H ? * DAYS *) or "M H * * D,D"); not assumed asleep, priced always awake',
    );
  });

  it("leaves a service without actions always awake and the report without a sleep section", () => {
    const r = cost(...fargate("web", { arch: "ARM64", desired: 2 }));
    expect(r.total).toBe(57.67);
    expect(r.sleep).toBeUndefined();
  });

  it("renders the savings line and the hours assumed", () => {
    const cost = costReport([{ layer: "workloads", graph: graphOf(...sleepingService()) }], {
      env: "dev",
      asOf: ASOF,
    });
    const term = renderAnalyticsTerminal({ cost });
    expect(term).toContain("Sleep saves $35.36/month (61.3%)");
    expect(term).toContain(
      "With the sleep schedules $22.31/month; always awake $57.67/month. Hours assumed:",
    );
    expect(term).toMatch(/web-service\s+aws:ecs\/service:Service\s+65 of 168\s+2\s+0\s+UTC/);
    expect(renderAnalyticsMarkdown({ cost })).toContain(
      "| web-service | aws:ecs/service:Service | 65 of 168 | 2 | 0 | UTC |",
    );
  });
});

describe("usage that follows sleep", () => {
  /** A Fargate service `name` writing to log group `/ecs/<name>`, awake Mon-Fri 07:00-20:00 at 1 task, asleep at `floor`. */
  function service(name: string, opts: { sleeps?: boolean; floor?: number } = {}) {
    const [td, svc] = fargate(name, { arch: "ARM64", desired: 1 });
    if (!td || !svc) throw new Error("fixture");
    td.inputs["containerDefinitions"] = JSON.stringify([
      {
        name: "app",
        logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": `/ecs/${name}` } },
      },
    ]);
    const target = dep(
      res("aws:appautoscaling/target:Target", `${name}-scaling`, {
        resourceId: `service/main/${name}-service`,
        minCapacity: 1,
        maxCapacity: 2,
      }),
      svc,
      "resourceId",
    );
    const actions = opts.sleeps === false ? [] : ecsActions(`${name}-scaling`, target, opts.floor ?? 0, 1, 2);
    return { td, svc, all: [td, svc, target, ...actions] };
  }
  const logs = (name: string) =>
    res("aws:cloudwatch/logGroup:LogGroup", `${name}-logs`, { name: `/ecs/${name}`, retentionInDays: 30 });
  const monthly = (r: ReturnType<typeof cost>, name: string) =>
    r.resources.find((x) => x.name === name)?.monthly;
  /** 5 GB ingested at $0.50, kept 30 days: 5 x 30/30.42 GB-months at $0.03. */
  const LOGS_AWAKE = 2.5 + 5 * (30 / 30.42) * 0.03;

  it("prices a log group written only by a sleeping service for the awake hours (hand-computed)", () => {
    const web = service("web");
    const lg = logs("web");
    dep(web.td, lg, "containerDefinitions");
    const r = cost(...web.all, lg);
    // 5 GB x 65/168 = 1.934524 GB: ingestion x $0.50 = $0.967262; storage x 30/30.42 x $0.03 = $0.057235
    expect(monthly(r, "web-logs")).toBeCloseTo(1.0245, 4);
    expect(monthly(r, "web-logs")).toBeCloseTo((LOGS_AWAKE * 65) / 168, 4);
    expect(r.resources.find((x) => x.name === "web-logs")?.lines.map((l) => [l.item, l.quantity])).toEqual([
      ["log ingestion, awake hours", (5 * 65) / 168],
      ["log storage (30-day retention)", ((5 * 65) / 168) * (30 / 30.42)],
    ]);
    expect(r.assumptions).toContain(
      "web-logs: serves only web-service, which sleeps; log ingestion and storage priced for the awake hours, 65 of 168 h a week",
    );
    // always awake (the sleep section) and the anchors price the whole 5 GB
    const awakeLogs = LOGS_AWAKE;
    // service: 1 x $0.0395 x 282.440476 = $11.156399 with sleep; $28.835 always awake
    expect(r.sleep?.withoutSchedules).toBe(Math.round((28.835 + awakeLogs) * 100) / 100);
    // anchors: 1 x86 task always awake $36.0401 + the whole log group
    expect(r.anchor.total).toBe(Math.round((36.0401 + awakeLogs) * 100) / 100);
  });

  it("finds the writer by the awslogs-group name alone, without a dependency", () => {
    const web = service("web");
    const r = cost(...web.all, logs("web"));
    expect(web.td.dependencies).toEqual([]);
    expect(monthly(r, "web-logs")).toBeCloseTo((LOGS_AWAKE * 65) / 168, 4);
  });

  it("keeps a log group awake when anything else writes to it, or a writer keeps a floor or stays awake", () => {
    // a scheduled task writes to the same group
    const web = service("web");
    const job = res("aws:ecs/taskDefinition:TaskDefinition", "job-task", {
      family: "job",
      cpu: "256",
      memory: "512",
      containerDefinitions: [{ name: "job", logConfiguration: { options: { "awslogs-group": "/ecs/web" } } }],
    });
    const schedule = dep(
      res("aws:scheduler/schedule:Schedule", "job", { scheduleExpression: "rate(1 day)", target: {} }),
      job,
      "target",
    );
    expect(monthly(cost(...web.all, job, schedule, logs("web")), "web-logs")).toBeCloseTo(LOGS_AWAKE, 4);
    // a second writer that stays awake
    const api = service("api", { sleeps: false });
    api.td.inputs["containerDefinitions"] = web.td.inputs["containerDefinitions"];
    expect(monthly(cost(...web.all, ...api.all, logs("web")), "web-logs")).toBeCloseTo(LOGS_AWAKE, 4);
    // the writer keeps 1 task while asleep
    const floor = service("web", { floor: 1 });
    expect(monthly(cost(...floor.all, logs("web")), "web-logs")).toBeCloseTo(LOGS_AWAKE, 4);
    // a VPC flow log writes to it
    const lg = logs("web");
    const flow = dep(res("aws:ec2/flowLog:FlowLog", "vpc", {}), lg, "logDestination");
    expect(monthly(cost(...web.all, lg, flow), "web-logs")).toBeCloseTo(LOGS_AWAKE, 4);
  });

  /** An internet-facing ALB with an HTTPS listener whose rule forwards to one target group per service. */
  function alb(...services: GraphResource[]) {
    const lb = res("aws:lb/loadBalancer:LoadBalancer", "web-alb", {
      loadBalancerType: "application",
      subnets: ["a", "b"],
    });
    const listener = dep(
      res("aws:lb/listener:Listener", "web-https", {
        defaultActions: [{ type: "fixed-response", fixedResponse: { statusCode: "404" } }],
      }),
      lb,
      "loadBalancerArn",
    );
    const out: GraphResource[] = [lb, listener];
    for (const svc of services) {
      const tg = res("aws:lb/targetGroup:TargetGroup", `${svc.name}-tg`, { targetType: "ip" });
      const rule = dep(
        dep(res("aws:lb/listenerRule:ListenerRule", `${svc.name}-rule`, {}), listener, "listenerArn"),
        tg,
        "actions",
      );
      const policy = dep(
        res("aws:appautoscaling/policy:Policy", `${svc.name}-requests`, {}),
        tg,
        "targetTrackingScalingPolicyConfiguration",
      );
      dep(svc, tg, "loadBalancers");
      out.push(tg, rule, policy);
    }
    return out;
  }

  it("prices the LCU-hours of a load balancer whose every target group feeds sleeping services for the awake hours (hand-computed)", () => {
    const web = service("web");
    const orders = service("orders");
    const r = cost(...web.all, ...orders.all, ...alb(web.svc, orders.svc));
    // ALB hours 730 x $0.0225 = $16.425; 1 LCU x 282.440476 h x $0.008 = $2.259524; 2 IPv4 x 730 x $0.005 = $7.30
    expect(monthly(r, "web-alb")).toBeCloseTo(25.9845, 4);
    expect(r.assumptions).toContain(
      "web-alb: serves only orders-service, web-service, which sleep; LCU-hours priced for the awake hours, 65 of 168 h a week",
    );
    // the anchors keep it awake: 16.425 + 5.84 + 7.30
    const anchorAlb = 29.565;
    // 2 x86 tasks always awake 72.0802
    expect(r.anchor.total).toBe(Math.round((anchorAlb + 72.0802) * 100) / 100);
  });

  it("keeps the LCU-hours awake when one target group feeds a service that stays awake, or has no service", () => {
    const web = service("web");
    const api = service("api", { sleeps: false });
    expect(monthly(cost(...web.all, ...api.all, ...alb(web.svc, api.svc)), "web-alb")).toBeCloseTo(29.565, 4);
    const rs = alb(web.svc);
    const lonely = res("aws:lb/targetGroup:TargetGroup", "static-tg", {});
    const listener = rs[1] as GraphResource;
    const rule = dep(
      dep(res("aws:lb/listenerRule:ListenerRule", "static-rule", {}), listener, "listenerArn"),
      lonely,
      "actions",
    );
    expect(monthly(cost(...web.all, ...rs, lonely, rule), "web-alb")).toBeCloseTo(29.565, 4);
  });
});

describe("ECS Express services that sleep", () => {
  const COMPONENT = "urn:pulumi:dev::berth::berth:ecs:ExpressService::hello";
  /** A `berth:ecs:ExpressService` with its Express service, log group and (optionally) its sleep and wake actions. */
  function express(
    opts: { actions?: boolean; floor?: number; resourceId?: string; byDependency?: boolean } = {},
  ) {
    const component = res("berth:ecs:ExpressService", "hello", {}, { urn: COMPONENT, custom: false });
    const service = res(
      "aws:ecs/expressGatewayService:ExpressGatewayService",
      "hello-service",
      {
        cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/berth-dev",
        cpu: "1024",
        memory: "2048",
        primaryContainer: {
          awsLogsConfigurations: [{ logGroup: "/ecs/express/hello", logStreamPrefix: "ecs" }],
        },
        scalingTargets: [{ minTaskCount: 1, maxTaskCount: 2 }],
      },
      { parent: COMPONENT, outputs: { serviceName: "hello-service-abc" } },
    );
    const logs = res(
      "aws:cloudwatch/logGroup:LogGroup",
      "hello-logs",
      { name: "/ecs/express/hello", retentionInDays: 7 },
      { parent: COMPONENT },
    );
    const action = (phase: "sleep" | "wake", hour: number, min: number, max: number) => {
      const a = res(
        "aws:appautoscaling/scheduledAction:ScheduledAction",
        `hello-${phase}`,
        {
          resourceId: opts.resourceId ?? "service/berth-dev/hello-service-abc",
          scalableDimension: "ecs:service:DesiredCount",
          serviceNamespace: "ecs",
          schedule: `cron(0 ${hour} ? * ${MON_FRI_AAS} *)`,
          timezone: "UTC",
          scalableTargetAction: { minCapacity: min, maxCapacity: max },
        },
        { parent: COMPONENT },
      );
      return opts.byDependency ? dep(a, service, "resourceId") : a;
    };
    const actions =
      opts.actions === false
        ? []
        : [action("sleep", 20, opts.floor ?? 0, opts.floor ?? 0), action("wake", 7, 1, 2)];
    return [component, service, logs, ...actions];
  }
  const monthly = (r: ReturnType<typeof cost>, name: string) =>
    r.resources.find((x) => x.name === name)?.monthly;

  it("prices the Express tasks and their LCU share for the awake hours; the ALB hours stay (hand-computed)", () => {
    const r = cost(...express());
    // 1 x86 task, 1 vCPU / 2 GB: $0.04937/h x 282.440476 h = $13.944086
    // its ALB (1 service, 1 ALB): 730 h x $0.0225 = $16.425, always; 1 LCU x 282.440476 h x $0.008 = $2.259524
    expect(monthly(r, "hello-service")).toBeCloseTo(32.6286, 4);
    expect(
      r.resources.find((x) => x.name === "hello-service")?.lines.map((l) => [l.item, l.quantity]),
    ).toEqual([
      ["Express Fargate awake vCPU-hours, on-demand (1 x 1 vCPU / 2 GB X86_64)", AWAKE_MONTH_HOURS],
      ["Express Fargate awake GB-hours, on-demand", 2 * AWAKE_MONTH_HOURS],
      ["share of the Express ALB hours (1/1)", 730],
      ["share of the Express ALB LCU-hours, awake hours", AWAKE_MONTH_HOURS],
    ]);
    // the log group its container writes: (5 GB x $0.50 + 5 x 7/30.42 x $0.03) x 65/168 = $0.980614
    expect(monthly(r, "hello-logs")).toBeCloseTo(0.9806, 4);
    expect(
      r.sleep?.resources.map((s) => [s.name, s.type, s.awakeHoursPerWeek, s.awakeCount, s.floor]),
    ).toEqual([["hello-service", "aws:ecs/expressGatewayService:ExpressGatewayService", 65, 1, 0]]);
    // always awake: 36.0401 + 16.425 + 5.84 = 58.3051 and the log group 2.534517
    expect(r.sleep?.withoutSchedules).toBe(60.84);
    // the anchors have no sleep actions: the same figure
    expect(r.anchor.total).toBe(60.84);
    expect(r.assumptions).toContain(
      "hello-service: sleeps to zero; its share of the Express ALB LCU-hours priced for the awake hours, 65 of 168 h a week",
    );
  });

  it("matches the actions through a dependency on the Express service too", () => {
    const r = cost(...express({ byDependency: true, resourceId: "service/unknown/at-plan-time" }));
    expect(monthly(r, "hello-service")).toBeCloseTo(32.6286, 4);
  });

  it("prices a floor while asleep, and keeps the LCU share awake then", () => {
    const r = cost(...express({ floor: 1 }));
    // awake 1 task 282.44 h + asleep 1 task 447.56 h = 730 task-hours: $36.0401; ALB $16.425 + $5.84
    expect(monthly(r, "hello-service")).toBeCloseTo(58.3051, 4);
  });

  it("ignores actions on another service and leaves a service without actions always awake", () => {
    expect(monthly(cost(...express({ resourceId: "service/berth-dev/other" })), "hello-service")).toBeCloseTo(
      58.3051,
      4,
    );
    const r = cost(...express({ actions: false }));
    expect(monthly(r, "hello-service")).toBeCloseTo(58.3051, 4);
    expect(r.sleep).toBeUndefined();
  });
});

describe("VPC Lattice traffic that follows sleep", () => {
  /** A Fargate service `name`, awake Mon-Fri 07:00-20:00 (or always), behind Lattice service `<name>-svc`. */
  function behindLattice(name: string, sleeps = true) {
    const [td, svc] = fargate(name, { arch: "ARM64", desired: 1 });
    if (!td || !svc) throw new Error("fixture");
    const target = dep(
      res("aws:appautoscaling/target:Target", `${name}-scaling`, {
        resourceId: `service/main/${name}-service`,
        minCapacity: 1,
      }),
      svc,
      "resourceId",
    );
    const lattice = res(
      "aws:vpclattice/service:Service",
      `${name}-svc`,
      { authType: "AWS_IAM" },
      {
        id: `svc-${name}`,
        outputs: { arn: `arn:aws:vpc-lattice:us-east-1:123456789012:service/svc-${name}` },
      },
    );
    const tg = res("aws:vpclattice/targetGroup:TargetGroup", `${name}-tg`, { type: "IP" });
    const listener = dep(
      dep(res("aws:vpclattice/listener:Listener", `${name}-https`, {}), lattice, "serviceIdentifier"),
      tg,
      "defaultAction",
    );
    dep(svc, tg, "vpcLatticeConfigurations");
    const actions = sleeps ? ecsActions(`${name}-scaling`, target, 0, 1, 2) : [];
    return { lattice, all: [td, svc, target, lattice, tg, listener, ...actions] };
  }
  const logs = (name: string) => res("aws:cloudwatch/logGroup:LogGroup", name, { retentionInDays: 7 });
  const monthly = (r: ReturnType<typeof cost>, name: string) =>
    r.resources.find((x) => x.name === name)?.monthly;
  /** 5 GB at $0.50 + 5 x 7/30.42 GB-months at $0.03. */
  const LOGS = 2.5 + 5 * (7 / 30.42) * 0.03;

  it("prices a Lattice service's GB and its access logs for the awake hours when its targets sleep (hand-computed)", () => {
    const orders = behindLattice("orders");
    const lg = logs("orders-access-logs");
    const sub = dep(
      dep(
        res("aws:vpclattice/accessLogSubscription:AccessLogSubscription", "orders-access-log", {}),
        lg,
        "destinationArn",
      ),
      orders.lattice,
      "resourceIdentifier",
    );
    const r = cost(...orders.all, lg, sub);
    // 730 h x $0.025 = $18.25 always; 10 GB x 65/168 x $0.025 = $0.096726; 1M requests are under the free 219M
    expect(monthly(r, "orders-svc")).toBeCloseTo(18.3467, 4);
    expect(monthly(r, "orders-access-logs")).toBeCloseTo((LOGS * 65) / 168, 4);
    // always awake (the anchors): 18.25 + 0.25
    expect(r.sleep?.withoutSchedules).toBe(Math.round((18.5 + LOGS + 28.835) * 100) / 100);
  });

  it("follows a service network's access logs when every associated service's targets sleep, matched by id across layers", () => {
    const orders = behindLattice("orders");
    const network = res(
      "aws:vpclattice/serviceNetwork:ServiceNetwork",
      "mesh-network",
      { name: "dev" },
      { id: "sn-1", outputs: { arn: "arn:aws:vpc-lattice:us-east-1:123456789012:servicenetwork/sn-1" } },
    );
    const lg = logs("mesh-access-logs");
    const sub = dep(
      dep(
        res("aws:vpclattice/accessLogSubscription:AccessLogSubscription", "mesh-access-log", {}),
        lg,
        "destinationArn",
      ),
      network,
      "resourceIdentifier",
    );
    // the association lives in another layer: it names the network by id, without a dependency
    const association = (svc: GraphResource) =>
      dep(
        res(
          "aws:vpclattice/serviceNetworkServiceAssociation:ServiceNetworkServiceAssociation",
          `${svc.name}-sn`,
          {
            serviceNetworkIdentifier: "sn-1",
          },
        ),
        svc,
        "serviceIdentifier",
      );
    const layers = (...more: GraphResource[]) =>
      costReport(
        [
          { layer: "platform", graph: graphOf(network, lg, sub) },
          { layer: "workloads", graph: graphOf(...orders.all, association(orders.lattice), ...more) },
        ],
        { env: "dev", asOf: ASOF },
      );
    expect(monthly(layers(), "mesh-access-logs")).toBeCloseTo((LOGS * 65) / 168, 4);
    // a second service in the network whose targets stay awake keeps the logs awake
    const api = behindLattice("api", false);
    expect(monthly(layers(...api.all, association(api.lattice)), "mesh-access-logs")).toBeCloseTo(LOGS, 4);
    expect(monthly(layers(...api.all, association(api.lattice)), "api-svc")).toBeCloseTo(18.5, 4);
  });
});
