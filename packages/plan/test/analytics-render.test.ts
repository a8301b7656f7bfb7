import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { regionOf } from "../src/analytics/cost";
import {
  analyze,
  DEFAULT_USAGE,
  renderAnalyticsMarkdown,
  renderAnalyticsTerminal,
} from "../src/analytics/index";
import { duration, usd } from "../src/analytics/render";
import { capture, ResourceGraph } from "../src/index";

/** A small captured program: a Fargate service on ARM64 with base 1 and 1:3 Spot, scaled 4..10. */
class Web extends pulumi.ComponentResource {
  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super("berth:ecs:FargateService", name, {}, opts);
    const td = new aws.ecs.TaskDefinition(
      `${name}-task`,
      {
        family: name,
        cpu: "1024",
        memory: "2048",
        networkMode: "awsvpc",
        requiresCompatibilities: ["FARGATE"],
        runtimePlatform: { cpuArchitecture: "ARM64", operatingSystemFamily: "LINUX" },
        containerDefinitions: JSON.stringify([{ name: "web", image: "nginx" }]),
      },
      { parent: this },
    );
    const lb = new aws.lb.LoadBalancer(
      `${name}-alb`,
      { loadBalancerType: "application", subnets: ["subnet-a", "subnet-b"] },
      { parent: this },
    );
    const svc = new aws.ecs.Service(
      `${name}-service`,
      {
        cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/main",
        taskDefinition: td.arn,
        desiredCount: 4,
        capacityProviderStrategies: [
          { capacityProvider: "FARGATE", base: 1, weight: 1 },
          { capacityProvider: "FARGATE_SPOT", weight: 3 },
        ],
        networkConfiguration: { subnets: ["subnet-a"], assignPublicIp: false },
        waitForSteadyState: true,
      },
      { parent: this, dependsOn: [lb] },
    );
    new aws.appautoscaling.Target(
      `${name}-scaling`,
      {
        serviceNamespace: "ecs",
        scalableDimension: "ecs:service:DesiredCount",
        resourceId: pulumi.interpolate`service/main/${svc.name}`,
        minCapacity: 4,
        maxCapacity: 10,
      },
      { parent: this },
    );
    this.registerOutputs({});
  }
}

describe("analytics on a captured program", () => {
  it("finds the task definition and scaling target through the engine's dependencies and renders every section", async () => {
    const graph = await capture(async () => {
      new Web("web");
      new aws.cloudwatch.LogGroup("web-logs", { retentionInDays: 30 });
    });
    const report = analyze([{ layer: "workloads", graph }], { env: "dev", asOf: "2026-11-22", cpus: 2 });
    const cost = report.cost;
    if (!cost) throw new Error("no cost report");
    const svc = cost.resources.find((r) => r.type === "aws:ecs/service:Service");
    // the hand-computed figure of analytics-cost.test.ts: $71.22245
    expect(svc?.monthly).toBeCloseTo(71.22245, 3);
    expect(svc?.component).toBe("berth:ecs:FargateService web");
    // ALB 29.565 + logs (5 GB x 0.50 + 4.93 GB-month x 0.03)
    expect(cost.total).toBeCloseTo(71.22245 + 29.565 + 2.5 + 5 * (30 / 30.42) * 0.03, 1);
    const time = report.time;
    if (!time) throw new Error("no time report");
    // the ALB (144 s) is a needless dependsOn of the service (150 s steady state): 294 s on the path
    expect(time.fresh.seconds).toBe(294 + 2); // + the scaling target (2 s) after the service
    expect(time.fresh.path.map((p) => p.name)).toEqual(["web-alb", "web-service", "web-scaling"]);
    expect(
      time.fresh.explicitEdgesOnPath.map((e) => [e.from.split("::").pop(), e.to.split("::").pop()]),
    ).toEqual([["web-service", "web-alb"]]);

    const text = renderAnalyticsTerminal(report);
    for (const section of [
      "Monthly cost: ",
      "Savings of Berth's defaults: ",
      "By layer",
      "By component",
      "Top resources",
      "Assumptions",
      "Deploy time (fresh pulumi up): ~4m 56s",
      "Critical path",
      "Explicit dependsOn edges on the path",
      "Timing assumptions",
    ])
      expect(text).toContain(section);
    expect(text).toContain(usd(cost.total));
    const md = renderAnalyticsMarkdown(report);
    expect(md).toContain(`### Monthly cost: ${usd(cost.total)} (dev, us-east-1)`);
    expect(md).toContain("| Layer | Monthly | Share |");
    expect(md).toContain("| workloads | ");
    expect(md).toContain("(dependsOn) web-service");
  });

  it("prices a preview capture the same way (unknown ARNs, links through dependencies)", async () => {
    const graph = await capture(
      async () => {
        new Web("web");
      },
      { preview: true },
    );
    const cost = analyze([{ layer: "workloads", graph }], { env: "dev", time: false }).cost;
    expect(cost?.resources.find((r) => r.type === "aws:ecs/service:Service")?.monthly).toBeCloseTo(
      71.22245,
      3,
    );
  });

  it("reads the region from the captured ARNs when no option is given", async () => {
    const graph = await capture(
      async () => {
        new aws.sqs.Queue("q");
      },
      { config: { "aws:region": "eu-west-1" } },
    );
    expect(regionOf([{ graph }])).toBe("eu-west-1");
    expect(regionOf([{ graph }], "us-east-1")).toBe("us-east-1");
  });

  it("renders the delta and the update estimate against a previous plan JSON", async () => {
    const program = async () => {
      new Web("web");
    };
    const before = await capture(program);
    const previousReport = analyze([{ layer: "workloads", graph: before }], {
      env: "dev",
      asOf: "2026-11-22",
    });
    // the previous plan as berth plan writes it: graphs per layer, analytics alongside
    const previous = {
      version: 1,
      layers: [{ layer: "workloads", graph: before.toJSON() }],
      analytics: JSON.parse(JSON.stringify(previousReport)),
    };
    // the head branch doubles the task size: the task definition is replaced, the service rolls
    const after = before.toJSON();
    after.resources = after.resources.map((r) =>
      r.type === "aws:ecs/taskDefinition:TaskDefinition"
        ? { ...r, inputs: { ...r.inputs, cpu: "2048", memory: "4096" } }
        : r,
    );
    const head = ResourceGraph.fromJSON(after);
    const report = analyze([{ layer: "workloads", graph: head }], {
      env: "dev",
      asOf: "2026-11-22",
      previous,
    });
    // twice the vCPU and memory: the service costs twice as much, +$71.22
    expect(report.cost?.delta?.change).toBeCloseTo(71.22, 1);
    expect(report.time?.update?.replaced.map((x) => x.properties)).toEqual([["cpu", "memory"]]);
    expect(report.time?.update?.updated.map((u) => u.split("::").pop())).toEqual(["web-service"]);
    const text = renderAnalyticsTerminal(report);
    expect(text).toContain("Change against the previous plan: +$71.22/month");
    // 2 s new task definition + 150 s rolling service, then 2 s to delete the old revision
    expect(text).toContain("Update against the previous plan: ~2m 34s");
    expect(renderAnalyticsMarkdown(report)).toContain("### Update against the previous plan");
  });

  it("formats money and durations", () => {
    expect(usd(1234.5)).toBe("$1,234.50");
    expect(usd(-3)).toBe("-$3.00");
    expect(duration(45)).toBe("45s");
    expect(duration(755)).toBe("12m 35s");
    expect(duration(3725)).toBe("1h 02m 05s");
  });
});

describe("docs/analytics.md", () => {
  const doc = readFileSync(join(__dirname, "..", "docs", "analytics.md"), "utf8");
  it("documents every usage key with its built-in default, and the hand-computed example", () => {
    for (const key of Object.keys(DEFAULT_USAGE)) expect(doc).toContain(`\`${key}\``);
    expect(doc).toContain("$71.22/month");
    expect(doc).toContain("$144.16");
  });
});
