import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ANCHOR_REASONS, anchorGraph, awakeGraph } from "../src/analytics/anchor";
import { costReport } from "../src/analytics/cost";
import { UNKNOWN } from "../src/values";
import { dep, fargate, graphOf, res } from "./analytics-helpers";

const MON_FRI = "MON,TUE,WED,THU,FRI";

/** The sleep and wake actions on a scalable target, as `@berth/core` awake.ts emits them. */
function sleepPair(target: ReturnType<typeof res>) {
  return (["sleep", "wake"] as const).map((phase) =>
    dep(
      res("aws:appautoscaling/scheduledAction:ScheduledAction", `web-${phase}`, {
        resourceId: "service/main/web-service",
        scalableDimension: "ecs:service:DesiredCount",
        schedule: `cron(0 ${phase === "sleep" ? 20 : 7} ? * ${MON_FRI} *)`,
        timezone: "UTC",
        scalableTargetAction:
          phase === "sleep" ? { minCapacity: 0, maxCapacity: 0 } : { minCapacity: 2, maxCapacity: 4 },
      }),
      target,
      "resourceId",
    ),
  );
}

function environment() {
  const [td, svc] = fargate("web", {
    arch: "ARM64",
    desired: 2,
    strategy: [
      { capacityProvider: "FARGATE", base: 1, weight: 1 },
      { capacityProvider: "FARGATE_SPOT", weight: 3 },
    ],
  });
  if (!td || !svc) throw new Error("fixture");
  const target = dep(
    res("aws:appautoscaling/target:Target", "web-scaling", {
      resourceId: "service/main/web-service",
      minCapacity: 2,
    }),
    svc,
    "resourceId",
  );
  const lonely = res("aws:appautoscaling/scheduledAction:ScheduledAction", "other-once", {
    resourceId: "service/main/other",
    schedule: "at(2026-12-01T00:00:00)",
    scalableTargetAction: { minCapacity: 1, maxCapacity: 1 },
  });
  const ccp = res("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders", "main", {
    clusterName: "main",
    defaultCapacityProviderStrategies: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }],
  });
  const asg = res("aws:autoscaling/group:Group", "spot-asg", {
    desiredCapacity: 4,
    mixedInstancesPolicy: {
      instancesDistribution: { onDemandBaseCapacity: 1, onDemandPercentageAboveBaseCapacity: 25 },
      launchTemplate: { overrides: [{ instanceType: "m7g.large" }, { instanceType: "c7g.xlarge" }] },
    },
  });
  const lt = res("aws:ec2/launchTemplate:LaunchTemplate", "spot-lt", { instanceType: "t4g.medium" });
  const ng = res("aws:eks/nodeGroup:NodeGroup", "nodes", {
    instanceTypes: ["m7g.medium", "m7g.large"],
    capacityType: "SPOT",
  });
  const subnets = ["a", "b", "c"].map((az) =>
    res("aws:ec2/subnet:Subnet", `public-${az}`, { availabilityZone: `us-east-1${az}` }),
  );
  const nat = dep(
    res("aws:ec2/natGateway:NatGateway", "nat", { subnetId: "subnet-a" }),
    subnets[0] as ReturnType<typeof res>,
    "subnetId",
  );
  const ecrApi = res("aws:ec2/vpcEndpoint:VpcEndpoint", "ecr-api", { vpcEndpointType: "Interface" });
  const s3 = res("aws:ec2/vpcEndpoint:VpcEndpoint", "s3", { vpcEndpointType: "Gateway" });
  return graphOf(
    td,
    svc,
    target,
    ...sleepPair(target),
    lonely,
    ccp,
    asg,
    lt,
    ng,
    ...subnets,
    nat,
    ecrApi,
    s3,
  );
}

describe("anchorGraph: the anchors' defaults as a rewrite of the graph", () => {
  it("rewrites architecture, Spot shares, sleep actions, NATs and endpoints (exact properties)", () => {
    const graph = environment();
    const before = JSON.stringify(graph.resources);
    const a = anchorGraph(graph, {
      usage: { resources: { nat: { natGatewayGbPerMonth: 80 } } },
      instanceTypeKnown: (t) => t !== "m7i.medium",
    });
    const g = a.graph;
    // pure: the captured graph is untouched
    expect(JSON.stringify(graph.resources)).toBe(before);

    expect(g.one("aws:ecs/taskDefinition:TaskDefinition").inputs["runtimePlatform"]).toEqual({
      cpuArchitecture: "X86_64",
      operatingSystemFamily: "LINUX",
    });
    expect(g.one("aws:ecs/service:Service").inputs["capacityProviderStrategies"]).toEqual([
      { capacityProvider: "FARGATE", base: 1, weight: 4 },
    ]);
    expect(
      g.one("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders").inputs[
        "defaultCapacityProviderStrategies"
      ],
    ).toEqual([{ capacityProvider: "FARGATE", weight: 1 }]);
    expect(g.one("aws:autoscaling/group:Group").inputs["mixedInstancesPolicy"]).toEqual({
      instancesDistribution: { onDemandBaseCapacity: 1, onDemandPercentageAboveBaseCapacity: 100 },
      launchTemplate: { overrides: [{ instanceType: "m7i.large" }, { instanceType: "c7i.xlarge" }] },
    });
    expect(g.one("aws:ec2/launchTemplate:LaunchTemplate").inputs["instanceType"]).toBe("t3.medium");
    // m7i.medium is not a known type: m7g.medium stays
    expect(g.one("aws:eks/nodeGroup:NodeGroup").inputs).toEqual({
      instanceTypes: ["m7g.medium", "m7i.large"],
      capacityType: "ON_DEMAND",
    });
    // the readable sleep pair goes, the lone action that is no sleep schedule stays
    expect(g.ofType("aws:appautoscaling/scheduledAction:ScheduledAction").map((r) => r.name)).toEqual([
      "other-once",
    ]);
    // one NAT per subnet AZ: the copies sit in the AZs without one and carry the first one's traffic
    const nats = g.ofType("aws:ec2/natGateway:NatGateway");
    expect(nats.map((n) => [n.name, n.urn])).toEqual([
      ["nat", "urn:pulumi:dev::berth::aws:ec2/natGateway:NatGateway::nat"],
      ["nat-us-east-1b", "urn:pulumi:dev::berth::aws:ec2/natGateway:NatGateway::nat-us-east-1b"],
      ["nat-us-east-1c", "urn:pulumi:dev::berth::aws:ec2/natGateway:NatGateway::nat-us-east-1c"],
    ]);
    // the interface endpoint goes (its 10 GB onto the first NAT), the gateway endpoint stays
    expect(g.ofType("aws:ec2/vpcEndpoint:VpcEndpoint").map((r) => r.name)).toEqual(["s3"]);
    expect(a.usage.resources).toEqual({
      nat: { natGatewayGbPerMonth: 80 },
      "urn:pulumi:dev::berth::aws:ec2/natGateway:NatGateway::nat": { natGatewayGbPerMonth: 90 },
      "urn:pulumi:dev::berth::aws:ec2/natGateway:NatGateway::nat-us-east-1b": { natGatewayGbPerMonth: 80 },
      "urn:pulumi:dev::berth::aws:ec2/natGateway:NatGateway::nat-us-east-1c": { natGatewayGbPerMonth: 80 },
    });

    expect(a.changes.map((c) => [c.name, c.kind, c.detail, c.reason])).toEqual([
      ["web-task", "changed", "runtimePlatform.cpuArchitecture: ARM64 -> X86_64", ANCHOR_REASONS.fargateX86],
      [
        "web-service",
        "changed",
        "capacityProviderStrategies: FARGATE_SPOT folded into FARGATE",
        ANCHOR_REASONS.fargateOnDemand,
      ],
      ["web-sleep", "removed", "sleep schedule action", ANCHOR_REASONS.awake],
      ["web-wake", "removed", "sleep schedule action", ANCHOR_REASONS.awake],
      [
        "main",
        "changed",
        "defaultCapacityProviderStrategies: FARGATE_SPOT folded into FARGATE",
        ANCHOR_REASONS.fargateOnDemand,
      ],
      [
        "spot-asg",
        "changed",
        "mixedInstancesPolicy.launchTemplate.overrides[0].instanceType: m7g.large -> m7i.large",
        ANCHOR_REASONS.ec2X86,
      ],
      [
        "spot-asg",
        "changed",
        "mixedInstancesPolicy.launchTemplate.overrides[1].instanceType: c7g.xlarge -> c7i.xlarge",
        ANCHOR_REASONS.ec2X86,
      ],
      [
        "spot-asg",
        "changed",
        "mixedInstancesPolicy.instancesDistribution.onDemandPercentageAboveBaseCapacity: 25 -> 100",
        ANCHOR_REASONS.ec2OnDemand,
      ],
      ["spot-lt", "changed", "instanceType: t4g.medium -> t3.medium", ANCHOR_REASONS.ec2X86],
      ["nodes", "changed", "instanceTypes[1]: m7g.large -> m7i.large", ANCHOR_REASONS.ec2X86],
      ["nodes", "changed", "capacityType: SPOT -> ON_DEMAND", ANCHOR_REASONS.ec2OnDemand],
      ["ecr-api", "removed", "interface VPC endpoint", ANCHOR_REASONS.noEndpoints],
      ["nat-us-east-1b", "added", "a NAT gateway like nat", ANCHOR_REASONS.natPerAz],
      ["nat-us-east-1c", "added", "a NAT gateway like nat", ANCHOR_REASONS.natPerAz],
    ]);
  });

  it("rewrites an awsx Vpc to one NAT per AZ without interface endpoint specs, their GB over its NATs", () => {
    const vpc = res(
      "awsx:ec2:Vpc",
      "vpc",
      {
        numberOfAvailabilityZones: 2,
        natGateways: { strategy: "Single" },
        vpcEndpointSpecs: [
          { serviceName: "com.amazonaws.us-east-1.ecr.api", vpcEndpointType: "Interface" },
          { serviceName: "com.amazonaws.us-east-1.logs", vpcEndpointType: "Interface" },
          { serviceName: "com.amazonaws.us-east-1.s3", vpcEndpointType: "Gateway" },
        ],
      },
      { custom: false, remote: true },
    );
    const a = anchorGraph(graphOf(vpc));
    expect(a.graph.one("awsx:ec2:Vpc").inputs).toEqual({
      numberOfAvailabilityZones: 2,
      natGateways: { strategy: "OnePerAz" },
      vpcEndpointSpecs: [{ serviceName: "com.amazonaws.us-east-1.s3", vpcEndpointType: "Gateway" }],
    });
    // 2 endpoints x 10 GB over 2 NAT gateways: 50 + 10 GB each
    expect(a.usage.resources).toEqual({ [vpc.urn]: { natGatewayGbPerMonth: 60 } });
    expect([...new Set(a.changes.map((c) => c.reason))]).toEqual([
      ANCHOR_REASONS.natPerAz,
      ANCHOR_REASONS.noEndpoints,
    ]);
  });

  it("changes nothing in a graph that already has the anchors' defaults", () => {
    const rs = fargate("api", { arch: "X86_64", desired: 2 });
    const a = anchorGraph(graphOf(...rs));
    expect(a.changes).toEqual([]);
    expect(a.graph.resources).toEqual(graphOf(...rs).resources);
    expect(a.usage).toEqual({});
  });

  it("tells apart the sleep pairs of services whose resourceId is unknown at plan time (preview)", () => {
    const platform = res("pulumi:pulumi:StackReference", "platform", {}, { custom: true, read: true });
    const actions = ["hello", "api"].flatMap((svc) => {
      const express = res("aws:ecs/expressGatewayService:ExpressGatewayService", `${svc}-service`, {});
      return [
        express,
        ...(["sleep", "wake"] as const).map((phase) => {
          const a = res("aws:appautoscaling/scheduledAction:ScheduledAction", `${svc}-${phase}`, {
            resourceId: UNKNOWN,
            schedule: `cron(0 ${phase === "sleep" ? 20 : 7} ? * ${MON_FRI} *)`,
            scalableTargetAction:
              phase === "sleep" ? { minCapacity: 0, maxCapacity: 0 } : { minCapacity: 1, maxCapacity: 2 },
          });
          // the cluster's name comes from the platform layer, the service's name from the service
          return dep(dep(a, platform, "resourceId"), express, "resourceId");
        }),
      ];
    });
    const g = awakeGraph(graphOf(platform, ...actions));
    expect(g.ofType("aws:appautoscaling/scheduledAction:ScheduledAction")).toEqual([]);
  });

  it("awakeGraph removes only the sleep schedules", () => {
    const g = awakeGraph(environment());
    expect(g.ofType("aws:appautoscaling/scheduledAction:ScheduledAction").map((r) => r.name)).toEqual([
      "other-once",
    ]);
    expect(g.size).toBe(environment().size - 2);
  });
});

describe("anchorGraph properties", () => {
  it("is idempotent: the anchors' graph has nothing left to rewrite", () => {
    const once = anchorGraph(environment(), { instanceTypeKnown: (t) => t !== "m7i.medium" });
    const twice = anchorGraph(once.graph, {
      usage: once.usage,
      instanceTypeKnown: (t) => t !== "m7i.medium",
    });
    expect(twice.changes).toEqual([]);
    expect(twice.graph.resources).toEqual(once.graph.resources);
    expect(twice.usage).toEqual(once.usage);
  });

  it("never prices the anchors below the plan for any Fargate service (architecture, strategy, count)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 4 }),
        fc.constantFrom<"ARM64" | "X86_64">("ARM64", "X86_64"),
        (desired, base, wOd, wSpot, arch) => {
          fc.pre(wOd + wSpot > 0);
          const rs = fargate("svc", {
            arch,
            desired,
            strategy: [
              { capacityProvider: "FARGATE", base, weight: wOd },
              { capacityProvider: "FARGATE_SPOT", weight: wSpot },
            ],
          });
          const r = costReport([{ layer: "workloads", graph: graphOf(...rs) }], {
            env: "dev",
            asOf: "2026-11-22",
          });
          expect(r.anchor.total).toBeGreaterThanOrEqual(r.total);
          // nothing to save exactly when Berth's graph already is the anchors'
          if (arch === "X86_64" && (wSpot === 0 || desired === 0 || desired <= base))
            expect(r.anchor.total).toBeCloseTo(r.total, 2);
        },
      ),
      { numRuns: 60 },
    );
  });
});
