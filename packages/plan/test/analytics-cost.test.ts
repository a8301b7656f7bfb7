import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  asgSplit,
  costReport,
  fargateMonthly,
  instanceShape,
  invocationsPerMonth,
  splitStrategy,
} from "../src/analytics/cost";
import { analyze, loadUsageFile } from "../src/analytics/index";
import { loadPrices, Pricer } from "../src/analytics/prices";
import { parseUsage } from "../src/analytics/usage";
import { dep, fargate, graphOf, res } from "./analytics-helpers";

const ASOF = "2026-11-22";
const layer = (...rs: Parameters<typeof graphOf>) => [{ layer: "workloads", graph: graphOf(...rs) }];
const cost = (rs: Parameters<typeof graphOf>, extra: Partial<Parameters<typeof costReport>[1]> = {}) =>
  costReport(layer(...rs), { env: "dev", asOf: ASOF, ...extra });
const pricer = () => new Pricer(loadPrices(), "us-east-1");

describe("price snapshot", () => {
  it("has a source and a date on every entry, in both regions, and Spot discounts as ranges", () => {
    const t = loadPrices();
    expect(t.hoursPerMonth).toBe(730);
    expect(Object.keys(t.regions)).toEqual(expect.arrayContaining(["us-east-1", "eu-west-1"]));
    for (const [region, entries] of Object.entries(t.regions)) {
      for (const [key, e] of Object.entries(entries)) {
        expect(e.source, `${region} ${key}`).toMatch(/^\[[A-Z0-9-]+\]/);
        expect(e.date, `${region} ${key}`).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(e.price).toBeGreaterThan(0);
      }
    }
    for (const d of [t.discounts.fargateSpot, t.discounts.ec2Spot]) {
      expect(d.low).toBeLessThanOrEqual(d.default);
      expect(d.default).toBeLessThanOrEqual(d.high);
      expect(d.source).toBeTruthy();
    }
    for (const type of ["m7g", "m7i", "c7g", "c7i", "t4g", "t3"])
      expect(t.regions["us-east-1"]?.[`ec2.${type}.large.hour`]).toBeDefined();
  });
});

describe("Fargate", () => {
  it("splits tasks over a strategy like ECS: base first, the rest by weight", () => {
    const s = splitStrategy(
      [
        { capacityProvider: "FARGATE", base: 1, weight: 1 },
        { capacityProvider: "FARGATE_SPOT", weight: 3 },
      ],
      4,
    );
    // 1 base task on FARGATE, the other 3 split 1:3 -> FARGATE 1 + 0.75, SPOT 2.25
    expect(s.get("FARGATE")).toBeCloseTo(1.75, 10);
    expect(s.get("FARGATE_SPOT")).toBeCloseTo(2.25, 10);
  });

  it("prices a 1 vCPU / 2 GB ARM64 service, base 1, FARGATE 1 : FARGATE_SPOT 3, 4 tasks (hand-computed)", () => {
    const rs = fargate("web", {
      cpu: 1024,
      memory: 2048,
      arch: "ARM64",
      desired: 4,
      strategy: [
        { capacityProvider: "FARGATE", base: 1, weight: 1 },
        { capacityProvider: "FARGATE_SPOT", weight: 3 },
      ],
    });
    const r = cost(rs);
    // ARM64 task-hour: 1 x $0.03238 + 2 x $0.00356 = $0.0395
    // on-demand: 1.75 tasks x $0.0395 x 730 h = $50.46125
    // Spot (68% off): 2.25 x $0.0395 x 0.32 x 730 = $20.7612
    // total $71.22245
    expect(r.total).toBe(71.22);
    const svc = r.resources.find((x) => x.type === "aws:ecs/service:Service");
    expect(svc?.monthly).toBeCloseTo(71.22245, 3);
    // the anchors: 4 on-demand x86 tasks: 4 x (0.04048 + 2 x 0.004445) x 730 = $144.1604
    expect(r.anchor.total).toBe(144.16);
    expect(r.anchor.savings).toBe(72.94);
    expect(r.anchor.changes).toEqual([
      "Fargate tasks all on-demand instead of a FARGATE_SPOT share",
      "Fargate tasks on X86_64 instead of ARM64 (Graviton)",
    ]);
    // Spot range: 70% off -> 50.46125 + 2.25*0.0395*0.3*730 = 69.924; 50% off -> 50.46125 + 32.4394 = 82.9006
    expect(r.totalRange).toEqual({ low: 69.92, high: 82.9 });
    expect(fargateMonthly(pricer(), { vcpu: 1, memoryGb: 2, arch: "ARM64" }, 1.75, 2.25, 0.68)).toBeCloseTo(
      71.22245,
      6,
    );
  });

  it("charges ephemeral storage above 20 GB and a public IPv4 per task", () => {
    const r = cost(fargate("api", { arch: "X86_64", desired: 2, ephemeralGb: 50, publicIp: true }));
    // x86 task-hour 0.04048 + 2 x 0.004445 = 0.04937; 2 tasks x 730 h = $72.0802
    // storage: 30 GB x 2 tasks x 730 h x $0.000111 = $4.8618; IPv4: 2 x 730 x $0.005 = $7.30
    expect(r.total).toBe(84.24);
  });

  it("uses the autoscaling minimum when a scalable target exists", () => {
    const [td, svc] = fargate("worker", { desired: 5 });
    const target = res("aws:appautoscaling/target:Target", "worker-scaling", {
      resourceId: "service/main/worker-service",
      minCapacity: 2,
      maxCapacity: 10,
    });
    if (!td || !svc) throw new Error("fixture");
    dep(target, svc, "resourceId");
    const r = cost([td, svc, target]);
    // 2 x 0.0395 x 730 = $57.67
    expect(r.total).toBe(57.67);
    expect(r.assumptions.join("\n")).toContain("the autoscaling minimum");
  });

  it("leaves tasks on EC2 capacity providers to the Auto Scaling group", () => {
    const r = cost(fargate("batch", { desired: 2, strategy: [{ capacityProvider: "spot-cp", weight: 1 }] }));
    expect(r.total).toBe(0);
  });

  it("is monotonic in desired count and in task size, and more Spot never costs more", () => {
    const p = pricer();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 0, max: 5 }),
        fc.constantFrom<"ARM64" | "X86_64">("ARM64", "X86_64"),
        (n, extra, base, wOd, wSpot, arch) => {
          const strategy = [
            { capacityProvider: "FARGATE", base, weight: wOd },
            { capacityProvider: "FARGATE_SPOT", weight: wSpot },
          ];
          const price = (tasks: number, spotWeight: number, vcpu = 1, gb = 2) => {
            const s = splitStrategy(
              [strategy[0] as (typeof strategy)[0], { capacityProvider: "FARGATE_SPOT", weight: spotWeight }],
              tasks,
            );
            return fargateMonthly(
              p,
              { vcpu, memoryGb: gb, arch },
              s.get("FARGATE") ?? 0,
              s.get("FARGATE_SPOT") ?? 0,
              0.68,
            );
          };
          const eps = 1e-9;
          // the split accounts for every task
          const s = splitStrategy(strategy, n);
          expect([...s.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(n, 9);
          // monotonic in desired count
          expect(price(n + extra, wSpot)).toBeGreaterThanOrEqual(price(n, wSpot) - eps);
          // monotonic in task size
          expect(price(n, wSpot, 2, 4)).toBeGreaterThanOrEqual(price(n, wSpot, 1, 2) - eps);
          expect(price(n, wSpot, 1, 8)).toBeGreaterThanOrEqual(price(n, wSpot, 1, 2) - eps);
          // more Spot weight never costs more
          expect(price(n, wSpot + 1)).toBeLessThanOrEqual(price(n, wSpot) + eps);
        },
      ),
    );
  });

  it("whole reports are monotonic in desired count and cheaper with a Spot share", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 1, max: 10 }), (n, more) => {
        const a = cost(fargate("w", { desired: n })).total;
        const b = cost(fargate("w", { desired: n + more })).total;
        expect(b).toBeGreaterThan(a);
        const spot = cost(
          fargate("w", {
            desired: n + more,
            strategy: [
              { capacityProvider: "FARGATE", base: 1, weight: 1 },
              { capacityProvider: "FARGATE_SPOT", weight: 1 },
            ],
          }),
        ).total;
        expect(spot).toBeLessThanOrEqual(b);
      }),
      { numRuns: 30 },
    );
  });
});

describe("EC2, EKS, networking and the rest", () => {
  it("prices an ASG with an on-demand base, a percentage above it and Spot over the override types", () => {
    expect(asgSplit(4, 1, 25)).toEqual({ onDemand: 1.75, spot: 2.25 });
    const asg = res("aws:autoscaling/group:Group", "spot-asg", {
      desiredCapacity: 4,
      minSize: 1,
      maxSize: 10,
      mixedInstancesPolicy: {
        instancesDistribution: { onDemandBaseCapacity: 1, onDemandPercentageAboveBaseCapacity: 25 },
        launchTemplate: { overrides: [{ instanceType: "m7g.large" }, { instanceType: "c7g.large" }] },
      },
    });
    const r = cost([asg]);
    // on-demand: 1.75 x $0.0816 (first override) x 730 = $104.244
    // Spot: 2.25 x mean($0.0816, $0.0725) = $0.07705 x 0.4 (60% off) = $0.03082 x 730 = $50.62185
    // total $154.86585
    expect(r.total).toBe(154.87);
    // anchors: 4 on-demand m7i.large: 4 x 0.1008 x 730 = $294.336
    expect(r.anchor.total).toBe(294.34);
  });

  it("sizes a managed-scaling ASG (desired 0) for the tasks placed on its capacity provider", () => {
    expect(instanceShape("m7g.large")).toEqual({ vcpu: 2, memGb: 8 });
    expect(instanceShape("c7g.xlarge")).toEqual({ vcpu: 4, memGb: 8 });
    expect(instanceShape("t4g.medium")).toEqual({ vcpu: 2, memGb: 4 });
    const build = (td: Record<string, unknown>) => {
      const asg = res(
        "aws:autoscaling/group:Group",
        "spot-asg",
        {
          desiredCapacity: 0,
          minSize: 0,
          maxSize: 20,
          mixedInstancesPolicy: {
            instancesDistribution: { onDemandBaseCapacity: 1, onDemandPercentageAboveBaseCapacity: 0 },
            launchTemplate: { overrides: [{ instanceType: "m7g.large" }, { instanceType: "c7g.large" }] },
          },
        },
        {
          outputs: {
            arn: "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:x:autoScalingGroupName/spot-asg",
          },
        },
      );
      const cp = res("aws:ecs/capacityProvider:CapacityProvider", "spot-provider", {
        name: "spot-provider",
        autoScalingGroupProvider: {
          autoScalingGroupArn:
            "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:x:autoScalingGroupName/spot-asg",
          managedScaling: { status: "ENABLED", targetCapacity: 100 },
        },
      });
      const taskDef = res("aws:ecs/taskDefinition:TaskDefinition", "legacy-taskdef", {
        family: "legacy",
        ...td,
      });
      const svc = dep(
        res("aws:ecs/service:Service", "legacy", {
          desiredCount: 6,
          taskDefinition: "arn:aws:ecs:us-east-1:123456789012:task-definition/legacy:1",
          capacityProviderStrategies: [{ capacityProvider: "spot-provider", weight: 1 }],
        }),
        taskDef,
        "taskDefinition",
      );
      return cost([asg, cp, taskDef, svc]);
    };
    // 6 tasks x 0.5 vCPU / 1 GB = 3 vCPU, 6 GB -> m7g.large (2 vCPU, 8 GB): ceil(max(1.5, 0.75)) = 2 instances
    // 1 on-demand (base 1): 0.0816 x 730 = 59.568; 1 Spot: mean(0.0816, 0.0725) x 0.4 x 730 = 22.4986
    const r = build({ cpu: "512", memory: "1024", requiresCompatibilities: ["EC2"] });
    expect(r.total).toBe(82.07);
    expect(r.unpriced.find((u) => u.type === "aws:ecs/service:Service")?.reason).toContain(
      "EC2 capacity providers",
    );
    expect(r.assumptions.join("\n")).toContain("spot-asg: 2 m7g.large instance(s) to hold the 6 task(s)");
    // container-level reservations: 6 x (256 units, 512 MiB) = 1.5 vCPU, 3 GB -> 1 on-demand instance
    const c = build({
      containerDefinitions: JSON.stringify([{ name: "a", cpu: 256, memoryReservation: 512 }]),
    });
    expect(c.total).toBe(59.57);
  });

  it("bills EKS extended support after a version leaves standard support", () => {
    const cluster = (version: string, supportType?: string) =>
      res("aws:eks/cluster:Cluster", `c-${version}`, {
        version,
        ...(supportType ? { upgradePolicy: { supportType } } : {}),
      });
    expect(cost([cluster("1.34")]).total).toBe(73); // 0.10 x 730
    expect(cost([cluster("1.29")]).total).toBe(438); // 0.60 x 730
    expect(cost([cluster("1.29", "STANDARD")]).total).toBe(73);
    expect(cost([cluster("1.29")]).assumptions.join("\n")).toContain("extended support");
  });

  it("adds the Auto Mode fee on the assumed nodes", () => {
    const c = res("aws:eks/cluster:Cluster", "auto", { version: "1.34", computeConfig: { enabled: true } });
    const r = cost([c], { usage: { defaults: { autoModeNodes: 3, autoModeInstanceType: "m7g.large" } } });
    // control plane $73 + 3 x $0.0816 x 730 = $178.704 EC2 + 12% fee $21.44448
    expect(r.total).toBe(273.15);
    expect(r.usageBased).toBe(200.15);
  });

  it("prices NAT gateways of an awsx Vpc by strategy, and the anchors' one per AZ", () => {
    const vpc = res(
      "awsx:ec2:Vpc",
      "vpc",
      { numberOfAvailabilityZones: 3, natGateways: { strategy: "Single" } },
      { custom: false, remote: true },
    );
    const r = cost([vpc]);
    // 1 NAT: $0.045 x 730 = $32.85 + 50 GB x $0.045 = $2.25 + Elastic IP $0.005 x 730 = $3.65 -> $38.75
    expect(r.total).toBe(38.75);
    // anchors: 3 NATs -> 3 x $38.75
    expect(r.anchor.total).toBe(116.25);
    expect(r.anchor.changes).toContain("one NAT gateway per availability zone");
  });

  it("anchors: explicit NAT gateways scale to the subnet AZs; awsx interface endpoints become NAT traffic", () => {
    const subnets = ["a", "b", "c"].map((az) =>
      res("aws:ec2/subnet:Subnet", `public-${az}`, { availabilityZone: `us-east-1${az}` }),
    );
    const nat = res("aws:ec2/natGateway:NatGateway", "nat", {});
    const r = cost([...subnets, nat]);
    expect(r.total).toBe(35.1); // 32.85 + 50 GB x 0.045
    expect(r.anchor.total).toBe(105.3); // 3 x 35.10
    const vpc = res(
      "awsx:ec2:Vpc",
      "vpc",
      {
        numberOfAvailabilityZones: 2,
        natGateways: { strategy: "OnePerAz" },
        vpcEndpointSpecs: [
          { serviceName: "com.amazonaws.us-east-1.ecr.api", vpcEndpointType: "Interface" },
          { serviceName: "com.amazonaws.us-east-1.s3", vpcEndpointType: "Gateway" },
        ],
      },
      { custom: false, remote: true },
    );
    const v = cost([vpc]);
    // 2 NATs: 2 x (32.85 + 2.25 + 3.65) = 77.50; 1 interface endpoint x 2 AZs: 14.60 + 10 GB x 0.01 = 14.70
    expect(v.total).toBe(92.2);
    // anchors: same NATs, no endpoint, its 10 GB through NAT at 0.045
    expect(v.anchor.total).toBe(77.95);
    expect(v.anchor.changes).toEqual(["no interface VPC endpoints (their traffic through NAT)"]);
  });

  it("uses eu-west-1 prices where the snapshot has them and says where it falls back", () => {
    const nat = res("aws:ec2/natGateway:NatGateway", "nat", { subnetId: "subnet-1" });
    const r = cost([nat], { region: "eu-west-1" });
    // ($0.048 x 730) + 50 GB x $0.048 = 35.04 + 2.40
    expect(r.total).toBe(37.44);
    const kms = cost([res("aws:kms/key:Key", "k")], { region: "eu-west-1" });
    expect(kms.assumptions.join("\n")).toContain("No eu-west-1 price in the snapshot for kms.keyMonth");
  });

  it("prices ALB, interface endpoints (gone for the anchors, their GB through NAT), Lattice and small services", () => {
    const alb = res("aws:lb/loadBalancer:LoadBalancer", "alb", {
      loadBalancerType: "application",
      subnets: ["a", "b"],
    });
    const vpce = res("aws:ec2/vpcEndpoint:VpcEndpoint", "ecr-api", {
      vpcEndpointType: "Interface",
      subnetIds: ["a", "b"],
    });
    const nat = res("aws:ec2/natGateway:NatGateway", "nat", {});
    const r = cost([alb, vpce, nat]);
    const by = (n: string) => r.resources.find((x) => x.name === n)?.monthly;
    // ALB: 730 x 0.0225 = 16.425 + 1 LCU x 730 x 0.008 = 5.84 + 2 IPv4 x 3.65 = 7.30 -> 29.565
    expect(by("alb")).toBeCloseTo(29.565, 6);
    // endpoint: 2 AZ x 730 x 0.01 = 14.60 + 10 GB x 0.01 = 0.10
    expect(by("ecr-api")).toBeCloseTo(14.7, 6);
    // anchors: no endpoint, its 10 GB through the NAT at $0.045 -> +0.45
    expect(r.anchor.total).toBeCloseTo(r.total - 14.7 + 0.45, 1);
    const small = cost([
      res("aws:vpclattice/service:Service", "lat", {}),
      res("aws:ecr/repository:Repository", "repo", {}),
      res("aws:cloudwatch/logGroup:LogGroup", "logs", { retentionInDays: 30 }),
      res("aws:secretsmanager/secret:Secret", "s", {}),
      res("aws:kms/key:Key", "k", {}),
      res("aws:efs/fileSystem:FileSystem", "fs", {}),
      res("aws:sqs/queue:Queue", "q", { fifoQueue: true }),
      res("aws:ec2/eip:Eip", "ip", {}),
    ]);
    const s = (n: string) => small.resources.find((x) => x.name === n)?.monthly;
    expect(s("lat")).toBeCloseTo(18.25 + 0.25, 6); // 730 x 0.025 + 10 GB x 0.025 (1M requests < free 219M)
    expect(s("repo")).toBeCloseTo(0.5, 6); // 5 GB x 0.10
    expect(s("logs")).toBeCloseTo(2.5 + 5 * (30 / 30.42) * 0.03, 3); // 5 GB x 0.50 + stored ~4.93 GB x 0.03
    expect(s("s")).toBeCloseTo(0.45, 6); // 0.40 + 10k calls x 0.05
    expect(s("k")).toBeCloseTo(1.03, 6); // 1.00 + 10k requests x 0.03
    expect(s("fs")).toBeCloseTo(3, 6); // 10 GB x 0.30
    expect(s("q")).toBeCloseTo(0.5, 6); // 1M FIFO x 0.50
    expect(s("ip")).toBeCloseTo(3.65, 6);
  });

  it("counts Scheduler invocations from the expression, free under 14M a month", () => {
    expect(invocationsPerMonth("rate(5 minutes)")).toBeCloseTo(8760, 6);
    expect(invocationsPerMonth("rate(1 hour)")).toBe(730);
    expect(invocationsPerMonth("cron(0 9 * * ? *)")).toBeCloseTo(30.42, 6);
    expect(invocationsPerMonth("cron(0/15 * ? * MON-FRI *)")).toBeCloseTo(4 * 24 * 5 * 4.345, 6);
    const td = res("aws:ecs/taskDefinition:TaskDefinition", "job-task", {
      family: "job",
      cpu: "512",
      memory: "1024",
      runtimePlatform: { cpuArchitecture: "ARM64" },
    });
    const sch = res("aws:scheduler/schedule:Schedule", "job", {
      scheduleExpression: "rate(1 hour)",
      target: { arn: "cluster", ecsParameters: { taskDefinitionArn: "x", launchType: "FARGATE" } },
    });
    dep(sch, td, "target");
    const r = cost([td, sch]);
    // 730 runs x 5 min = 60.83 h of a 0.5 vCPU / 1 GB ARM64 task: 60.8333 x (0.01619 + 0.00356) = $1.2015
    expect(r.total).toBeCloseTo(1.2, 2);
    expect(r.assumptions.join("\n")).toContain("first 14M/month per account are free");
  });
});

describe("report", () => {
  const env = () => [
    {
      layer: "network",
      graph: graphOf(
        res("awsx:ec2:Vpc", "vpc", { natGateways: { strategy: "Single" } }, { custom: false, remote: true }),
      ),
    },
    {
      layer: "workloads",
      graph: graphOf(
        res(
          "berth:ecs:FargateService",
          "web",
          {},
          { custom: false, urn: "urn:pulumi:dev::berth::berth:ecs:FargateService::web" },
        ),
        ...fargate("web", { desired: 2 }).map((r) => ({
          ...r,
          parent: "urn:pulumi:dev::berth::berth:ecs:FargateService::web",
        })),
        res("aws:lb/loadBalancer:LoadBalancer", "alb", { subnets: ["a", "b"] }),
      ),
    },
  ];

  it("adds up: resources, layers and components each sum to the total", () => {
    const r = costReport(env(), { env: "dev", asOf: ASOF });
    const sum = (xs: Array<{ monthly: number }>) => xs.reduce((s, x) => s + x.monthly, 0);
    expect(sum(r.resources)).toBeCloseTo(r.total, 1);
    expect(sum(r.byLayer)).toBeCloseTo(r.total, 1);
    expect(sum(r.byComponent)).toBeCloseTo(r.total, 1);
    expect(r.byComponent.map((x) => x.key)).toContain("workloads: berth:ecs:FargateService web");
    for (const res of r.resources) expect(res.monthly).toBeCloseTo(sum(res.lines), 3);
    expect(
      r.assumptions.some((a) => a.startsWith("usage natGatewayGbPerMonth = 50 (built-in default)")),
    ).toBe(true);
  });

  it("computes the delta against a previous plan JSON", () => {
    const now = costReport(env(), { env: "dev", asOf: ASOF });
    const previous = {
      analytics: { cost: { ...now, total: now.total - 10, resources: now.resources.slice(1) } },
    };
    const r = costReport(env(), { env: "dev", asOf: ASOF, previous });
    expect(r.delta?.change).toBe(10);
    expect(r.delta?.resources[0]?.urn).toBe(now.resources[0]?.urn);
    expect(r.delta?.resources[0]?.before).toBe(0);
  });

  it("analyze returns both reports; JSON round-trips", () => {
    const r = analyze(env(), { env: "dev", asOf: ASOF });
    expect(r.cost?.total).toBeGreaterThan(0);
    expect(r.time?.fresh.seconds).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    expect(analyze(env(), { env: "dev", cost: false, time: false })).toEqual({});
  });
});

describe("usage file", () => {
  it("loads YAML and JSON and overrides per resource", () => {
    const dir = mkdtempSync(join(tmpdir(), "usage-"));
    writeFileSync(
      join(dir, "usage.dev.yaml"),
      "defaults:\n  natGatewayGbPerMonth: 100\nresources:\n  alb:\n    albLcuPerHour: 3\n",
    );
    writeFileSync(join(dir, "usage.dev.json"), JSON.stringify({ defaults: { ecrStorageGb: 1 } }));
    const u = loadUsageFile(join(dir, "usage.dev.yaml"));
    expect(u).toEqual({ defaults: { natGatewayGbPerMonth: 100 }, resources: { alb: { albLcuPerHour: 3 } } });
    expect(loadUsageFile(join(dir, "usage.dev.json")).defaults).toEqual({ ecrStorageGb: 1 });
    const alb = res("aws:lb/loadBalancer:LoadBalancer", "alb", { internal: true });
    const r = cost([alb], { usage: u });
    // 16.425 + 3 LCU x 730 x 0.008 = 17.52 -> 33.945
    expect(r.total).toBe(33.95);
    expect(r.assumptions).toContain("usage albLcuPerHour for alb = 3 (usage file, per resource)");
  });

  it("rejects unknown keys and bad values with every problem listed", () => {
    expect(() => parseUsage({ defaults: { natGb: 1, ecrStorageGb: -1 }, extra: 1 }, "u.yaml")).toThrow(
      "Invalid usage file u.yaml:\n  - extra: unknown top-level key; allowed: defaults, resources\n  - defaults.natGb: unknown usage key",
    );
    expect(() => parseUsage({ defaults: { ecrStorageGb: -1 } }, "u.yaml")).toThrow(
      "defaults.ecrStorageGb: got -1; allowed: a number >= 0",
    );
  });
});

describe("ECS Express", () => {
  it("prices the tasks (default 1 vCPU / 2 GB x86) and a share of the ALB per 25 services", () => {
    const ex = (name: string, min?: number) =>
      res("aws:ecs/expressGatewayService:ExpressGatewayService", name, {
        ...(min !== undefined ? { scalingTargets: [{ minTaskCount: min, maxTaskCount: 5 }] } : {}),
      });
    const r = cost([ex("a", 2), ex("b")]);
    const a = r.resources.find((x) => x.name === "a")?.monthly;
    // 2 x86 tasks: 2 x 0.04937 x 730 = 72.0802; half an ALB: 0.5 x 730 x (0.0225 + 1 LCU x 0.008) = 11.1325
    expect(a).toBeCloseTo(72.0802 + 11.1325, 3);
    // b: 1 task 36.0401 + the other half of the ALB
    expect(r.total).toBeCloseTo(72.0802 + 36.0401 + 2 * 11.1325, 1);
  });
});
