import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  analyzeResilience,
  asgSpotShare,
  leftAfterZoneLoss,
  type ResourceView,
  resilienceShortfalls,
  tasksOnSpot,
} from "../src";

const r = (type: string, name: string, props: Record<string, unknown>): ResourceView => ({
  urn: `urn:pulumi:prod::p::${type}::${name}`,
  type,
  name,
  props,
});
const SUBNETS3 = ["subnet-a", "subnet-b", "subnet-c"];

describe("the building blocks, by hand", () => {
  it("zone loss takes the fullest zone's share", () => {
    expect(leftAfterZoneLoss(4, 3)).toBe(2); // 2+1+1: lose 2
    expect(leftAfterZoneLoss(3, 3)).toBe(2);
    expect(leftAfterZoneLoss(2, 3)).toBe(1);
    expect(leftAfterZoneLoss(6, 2)).toBe(3);
    expect(leftAfterZoneLoss(5, 1)).toBe(0);
  });

  it("a strategy's base goes first, the rest by weight; Spot rounded up", () => {
    const spot = (p: string) => (p === "FARGATE_SPOT" ? 1 : 0);
    // base 1 on FARGATE, then 1:3 → of 4: 1 + 3*(1/4)=0.75 on-demand, 2.25 Spot → 3 Spot.
    const s = [
      { provider: "FARGATE", base: 1, weight: 1 },
      { provider: "FARGATE_SPOT", base: 0, weight: 3 },
    ];
    expect(tasksOnSpot(4, s, spot)).toBe(3);
    expect(tasksOnSpot(1, s, spot)).toBe(0);
    expect(tasksOnSpot(5, [{ provider: "FARGATE_SPOT", base: 2, weight: 1 }], spot)).toBe(5);
    expect(tasksOnSpot(3, [], spot)).toBe(0);
  });

  it("an ASG's Spot share follows its on-demand base and percentage", () => {
    const asg = (base: number, pct: number) => ({
      mixedInstancesPolicy: {
        instancesDistribution: { onDemandBaseCapacity: base, onDemandPercentageAboveBaseCapacity: pct },
      },
    });
    expect(asgSpotShare(asg(1, 0), 4)).toBe(3 / 4);
    expect(asgSpotShare(asg(0, 25), 4)).toBe(3 / 4);
    expect(asgSpotShare(asg(2, 100), 5)).toBe(0);
    expect(asgSpotShare({}, 4)).toBe(0);
  });

  it("Spot tasks never exceed the tasks, and all-Spot strategies lose everything (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 0, max: 10 }),
        (n, wOd, wSpot) => {
          const s = [
            { provider: "FARGATE", base: 0, weight: wOd },
            { provider: "FARGATE_SPOT", base: 0, weight: wSpot },
          ];
          const spot = tasksOnSpot(n, s, (p) => (p === "FARGATE_SPOT" ? 1 : 0));
          expect(spot).toBeGreaterThanOrEqual(0);
          expect(spot).toBeLessThanOrEqual(n);
          if (wOd === 0 && wSpot > 0) expect(spot).toBe(n);
        },
      ),
    );
  });
});

describe("analyzeResilience", () => {
  it("an ECS service on Fargate with a Spot share, autoscaled, rolling at 50%", () => {
    const [web] = analyzeResilience([
      r("aws:ecs/service:Service", "web-service", {
        name: "web",
        cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/apps",
        desiredCount: 2,
        capacityProviderStrategies: [
          { capacityProvider: "FARGATE", base: 1, weight: 1 },
          { capacityProvider: "FARGATE_SPOT", weight: 3 },
        ],
        networkConfiguration: { subnets: SUBNETS3 },
        deploymentMinimumHealthyPercent: 50,
      }),
      r("aws:appautoscaling/target:Target", "web-target", { resourceId: "service/apps/web", minCapacity: 4 }),
    ]);
    expect(web).toEqual({
      urn: "urn:pulumi:prod::p::aws:ecs/service:Service::web-service",
      name: "web-service",
      kind: "ecs-service",
      baseline: 4,
      zones: 3,
      onSpot: 3,
      left: { zoneLoss: 2, spotReclaim: 1, deployment: 2 },
      assumptions: ["autoscaling minimum 4", "rolling deployment keeps 50% (rounded up)"],
    });
    expect(resilienceShortfalls(web as NonNullable<typeof web>, 0.5)).toEqual([
      { scenario: "spotReclaim", left: 1, required: 2 },
    ]);
  });

  it("blue/green keeps every task; the cluster default strategy applies without one", () => {
    const [svc] = analyzeResilience([
      r("aws:ecs/service:Service", "api", {
        name: "api",
        cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/apps",
        desiredCount: 3,
        networkConfiguration: { subnets: ["subnet-a", "subnet-b"] },
        deploymentConfiguration: { strategy: "BLUE_GREEN" },
      }),
      r("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders", "apps", {
        clusterName: "apps",
        defaultCapacityProviderStrategies: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }],
      }),
    ]);
    expect(svc?.left).toEqual({ zoneLoss: 1, spotReclaim: 0, deployment: 3 });
    expect(svc?.assumptions).toContain("the cluster's default capacity provider strategy");
  });

  it("an EC2 service on a mixed Spot group: Spot share from the group, zones from its subnets", () => {
    const [svc] = analyzeResilience([
      r("aws:ecs/service:Service", "legacy", {
        name: "legacy",
        cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/apps",
        desiredCount: 4,
        capacityProviderStrategies: [{ capacityProvider: "spot-cp", weight: 1 }],
      }),
      r("aws:ecs/capacityProvider:CapacityProvider", "spot", {
        name: "spot-cp",
        autoScalingGroupProvider: {
          autoScalingGroupArn:
            "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:x:autoScalingGroupName/spot-asg",
        },
      }),
      r("aws:autoscaling/group:Group", "spot-asg", {
        name: "spot-asg",
        minSize: 2,
        desiredCapacity: 2,
        vpcZoneIdentifiers: SUBNETS3,
        mixedInstancesPolicy: {
          instancesDistribution: { onDemandBaseCapacity: 1, onDemandPercentageAboveBaseCapacity: 0 },
        },
      }),
    ]);
    // The group is half on-demand at size 2, so 2 of 4 tasks are on Spot.
    expect(svc?.onSpot).toBe(2);
    expect(svc?.left).toEqual({ zoneLoss: 2, spotReclaim: 2, deployment: 4 });
  });

  it("EKS node groups and Auto Scaling groups are reported too; daemons are not", () => {
    const res = analyzeResilience([
      r("aws:eks/nodeGroup:NodeGroup", "spot-ng", {
        capacityType: "SPOT",
        scalingConfig: { minSize: 3, desiredSize: 3, maxSize: 6 },
        subnetIds: SUBNETS3,
      }),
      r("aws:eks/nodeGroup:NodeGroup", "system-ng", {
        scalingConfig: { minSize: 2, desiredSize: 2, maxSize: 3 },
        subnetIds: SUBNETS3,
        updateConfig: { maxUnavailablePercentage: 50 },
      }),
      r("aws:ecs/service:Service", "agent", { schedulingStrategy: "DAEMON" }),
    ]);
    expect(res.map((w) => [w.name, w.left])).toEqual([
      ["spot-ng", { zoneLoss: 2, spotReclaim: 0, deployment: 2 }],
      ["system-ng", { zoneLoss: 1, spotReclaim: 2, deployment: 1 }],
    ]);
  });

  it("a workload scaled to zero by design has no shortfall; one task in one zone has three", () => {
    const [zero, single] = analyzeResilience([
      r("aws:ecs/service:Service", "worker", {
        desiredCount: 0,
        networkConfiguration: { subnets: SUBNETS3 },
      }),
      r("aws:ecs/service:Service", "single", {
        desiredCount: 1,
        launchType: "FARGATE",
        networkConfiguration: { subnets: ["subnet-a"] },
        deploymentMinimumHealthyPercent: 0,
      }),
    ]);
    expect(resilienceShortfalls(zero as NonNullable<typeof zero>, 0.5)).toEqual([]);
    expect(resilienceShortfalls(single as NonNullable<typeof single>, 0.5)).toEqual([
      { scenario: "zoneLoss", left: 0, required: 1 },
      { scenario: "deployment", left: 0, required: 1 },
    ]);
  });
});
