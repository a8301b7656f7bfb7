/**
 * Cases for `ecs-service-resilience`, with the numbers worked out by hand in each title's comment.
 * `required` = max(1, ceil(minFraction × baseline)); minFraction 0.5 unless the case configures it.
 */
import { type FixtureResource, type RuleCase, UNKNOWN } from "@berth/plan";

const SVC = "aws:ecs/service:Service";
const SUBNETS3 = ["subnet-a", "subnet-b", "subnet-c"];

const service = (inputs: Record<string, unknown>, name = "web"): FixtureResource => ({
  type: SVC,
  name,
  inputs: {
    name,
    cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/apps",
    taskDefinition: "web:1",
    networkConfiguration: { subnets: SUBNETS3, assignPublicIp: false },
    ...inputs,
  },
});
const strategy = (fargateBase: number, fargateWeight: number, spotWeight: number) => [
  { capacityProvider: "FARGATE", base: fargateBase, weight: fargateWeight },
  { capacityProvider: "FARGATE_SPOT", base: 0, weight: spotWeight },
];
/** An EC2 capacity provider over a mixed Auto Scaling group in three zones. */
const ec2Capacity = (onDemandBase: number, onDemandPct: number, minSize: number): FixtureResource[] => [
  {
    type: "aws:autoscaling/group:Group",
    name: "spot-asg",
    inputs: {
      name: "spot-asg",
      minSize,
      maxSize: 20,
      vpcZoneIdentifiers: SUBNETS3,
      mixedInstancesPolicy: {
        instancesDistribution: {
          onDemandBaseCapacity: onDemandBase,
          onDemandPercentageAboveBaseCapacity: onDemandPct,
          spotAllocationStrategy: "price-capacity-optimized",
        },
        launchTemplate: { launchTemplateSpecification: { launchTemplateId: "lt-1" } },
      },
    },
    outputs: {
      name: "spot-asg",
      arn: "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:uuid:autoScalingGroupName/spot-asg",
      minSize,
      maxSize: 20,
      vpcZoneIdentifiers: SUBNETS3,
      mixedInstancesPolicy: {
        instancesDistribution: {
          onDemandBaseCapacity: onDemandBase,
          onDemandPercentageAboveBaseCapacity: onDemandPct,
        },
      },
    },
  },
  {
    type: "aws:ecs/capacityProvider:CapacityProvider",
    name: "spot-cp",
    inputs: {
      name: "spot-cp",
      autoScalingGroupProvider: {
        autoScalingGroupArn:
          "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:uuid:autoScalingGroupName/spot-asg",
        managedTerminationProtection: "ENABLED",
      },
    },
    deps: { autoScalingGroupProvider: ["spot-asg"] },
  },
];

const c = (
  kind: RuleCase["kind"],
  title: string,
  expect: RuleCase["expect"],
  resources: FixtureResource[],
  extra: Partial<RuleCase> = {},
): RuleCase => ({ kind, title, expect, resources, ...extra });

export const resilienceCases: RuleCase[] = [
  // 4 tasks over 3 zones: zone loss 4 - ceil(4/3) = 2; FARGATE base 2, the other 2 at 1:1 → 1 on
  // Spot, 3 left; rolling at 50% → ceil(2) = 2. Required ceil(0.5 × 4) = 2: all pass.
  c("compliant", "4 tasks, 3 zones, base 2 on FARGATE, 50% healthy", "pass", [
    service({
      desiredCount: 4,
      capacityProviderStrategies: strategy(2, 1, 1),
      deploymentMinimumHealthyPercent: 50,
    }),
  ]),
  // Everything on FARGATE_SPOT: a reclaim leaves 0 of 2 (required 1).
  c("violating", "2 tasks all on FARGATE_SPOT", "fail", [
    service({ desiredCount: 2, capacityProviderStrategies: strategy(0, 0, 1) }),
  ]),
  // Rolling at 0% healthy: a deployment leaves ceil(3 × 0) = 0 of 3.
  c("violating", "minimum healthy 0%", "fail", [
    service({ desiredCount: 3, launchType: "FARGATE", deploymentMinimumHealthyPercent: 0 }),
  ]),
  // No subnets and no capacity to learn zones from: counted as one zone, a zone loss leaves 0.
  c("absent", "no network configuration: one zone", "fail", [
    service({ desiredCount: 2, launchType: "FARGATE", networkConfiguration: undefined }),
  ]),
  // A service at zero by design keeps nothing and needs nothing.
  c("extra", "desired count 0 (scaled to zero)", "pass", [
    service({ desiredCount: 0, capacityProviderStrategies: strategy(0, 0, 1) }),
  ]),
  c("unknown", "desired count unknown", "unknown", [
    service({ desiredCount: UNKNOWN, launchType: "FARGATE" }),
  ]),
  // minFraction 1: zone loss leaves 2 of 4, needs 4.
  c(
    "config",
    "minFraction 1 fails the compliant service",
    "fail",
    [
      service({
        desiredCount: 4,
        capacityProviderStrategies: strategy(2, 1, 1),
        deploymentMinimumHealthyPercent: 50,
      }),
    ],
    { config: { minFraction: 1 } },
  ),
  // minFraction 0: still at least one task; 2 tasks on FARGATE in 3 zones keep 1, 2, 2.
  c(
    "config",
    "minFraction 0 still needs one task",
    "pass",
    [service({ desiredCount: 2, launchType: "FARGATE" })],
    {
      config: { minFraction: 0 },
    },
  ),
  // The autoscaling minimum (2), not the desired count (6), is the baseline: all on Spot → 0 of 2.
  c("extra", "autoscaling minimum is the baseline", "fail", [
    service({ desiredCount: 6, capacityProviderStrategies: strategy(0, 0, 1) }),
    {
      type: "aws:appautoscaling/target:Target",
      name: "web-target",
      inputs: {
        serviceNamespace: "ecs",
        resourceId: "service/apps/web",
        scalableDimension: "ecs:service:DesiredCount",
        minCapacity: 2,
        maxCapacity: 10,
      },
    },
  ]),
  // No strategy and no launch type: the cluster default (FARGATE base 1, then 0:1 Spot) applies:
  // 3 tasks → 1 on FARGATE, 2 on Spot; a reclaim leaves 1 of 3, needs 2.
  c("extra", "the cluster's default strategy applies", "fail", [
    service({ desiredCount: 3 }),
    {
      type: "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
      name: "apps-providers",
      inputs: {
        clusterName: "apps",
        capacityProviders: ["FARGATE", "FARGATE_SPOT"],
        defaultCapacityProviderStrategies: strategy(1, 0, 1),
      },
    },
  ]),
  // A bridge-mode service on an EC2 provider: zones from the group (3). Group at 6: on-demand base
  // 2, then 50% of 4 = 2 → 2 of 6 Spot; 3 tasks → ceil(3 × 2/6) = 1 on Spot, 2 left; zone loss
  // 3 - 1 = 2; rolling 100% keeps 3. Required 2: pass.
  c("extra", "EC2 capacity provider over a mixed group", "pass", [
    ...ec2Capacity(2, 50, 6),
    service({
      desiredCount: 3,
      networkConfiguration: undefined,
      capacityProviderStrategies: [{ capacityProvider: "spot-cp", base: 0, weight: 1 }],
    }),
  ]),
  // Blue/green keeps every old task during a deployment, whatever the minimum healthy percent.
  c("extra", "blue/green keeps the old tasks", "pass", [
    service({
      desiredCount: 2,
      launchType: "FARGATE",
      deploymentMinimumHealthyPercent: 0,
      deploymentConfiguration: { strategy: "BLUE_GREEN" },
    }),
  ]),
  // Node groups and Auto Scaling groups are in the report only: an all-Spot group in one zone passes.
  c("extra", "an Auto Scaling group is not judged", "pass", [...ec2Capacity(0, 0, 2)]),
  // Daemons are excepted.
  c("extra", "a daemon service is not judged", "pass", [
    service({
      schedulingStrategy: "DAEMON",
      desiredCount: 2,
      networkConfiguration: undefined,
      launchType: "EC2",
    }),
  ]),
];
