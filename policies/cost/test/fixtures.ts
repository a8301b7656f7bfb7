/**
 * Fixtures per cost rule: compliant, violating, the default (property absent), preview-unknown and
 * a config override. Plain data, so the same cases run in-process and through the gRPC analyzer.
 */
import { type CaseKind, type FixtureResource, type RuleCase, UNKNOWN } from "@berth/plan";

export type { CaseKind, RuleCase };

const c = (
  kind: CaseKind,
  title: string,
  expect: RuleCase["expect"],
  resources: FixtureResource[],
  extra: Partial<RuleCase> = {},
): RuleCase => ({
  kind,
  title,
  expect,
  resources,
  ...extra,
});
const SVC = "aws:ecs/service:Service";
const svc = (inputs: Record<string, unknown>): FixtureResource => ({
  type: SVC,
  name: "web-svc",
  inputs: { cluster: "c", ...inputs },
});
const spotMix = [
  { capacityProvider: "FARGATE", base: 1, weight: 0 },
  { capacityProvider: "FARGATE_SPOT", weight: 1 },
];
const ASG = "aws:autoscaling/group:Group";
const asg = (inputs: Record<string, unknown>): FixtureResource => ({
  type: ASG,
  name: "hosts",
  inputs: { maxSize: 4, minSize: 0, ...inputs },
});
const TD = "aws:ecs/taskDefinition:TaskDefinition";
const td = (inputs: Record<string, unknown>): FixtureResource => ({
  type: TD,
  name: "web-task",
  inputs: {
    family: "web",
    containerDefinitions: "[]",
    requiresCompatibilities: ["FARGATE"],
    cpu: "512",
    memory: "1024",
    ...inputs,
  },
});
const LG = "aws:cloudwatch/logGroup:LogGroup";
const managedInstances = (template: Record<string, unknown>): FixtureResource => ({
  type: "aws:ecs/capacityProvider:CapacityProvider",
  name: "mi",
  inputs: {
    cluster: "apps",
    managedInstancesProvider: {
      infrastructureRoleArn: "arn:aws:iam::123456789012:role/infra",
      instanceLaunchTemplate: {
        ec2InstanceProfileArn: "arn:aws:iam::123456789012:instance-profile/mi",
        networkConfiguration: { subnets: ["subnet-a"] },
        ...template,
      },
    },
  },
});
const express = (minTaskCount: number): FixtureResource => ({
  type: "aws:ecs/expressGatewayService:ExpressGatewayService",
  name: "hello",
  inputs: {
    executionRoleArn: "arn:aws:iam::123456789012:role/exec",
    infrastructureRoleArn: "arn:aws:iam::123456789012:role/infra",
    primaryContainer: { image: "public.ecr.aws/x/app:1" },
    scalingTargets: [{ minTaskCount, maxTaskCount: 10 }],
  },
});
const TARGET = "aws:appautoscaling/target:Target";
const target = (min: number): FixtureResource => ({
  type: TARGET,
  name: "web-scaling",
  inputs: {
    serviceNamespace: "ecs",
    resourceId: "service/c/web",
    scalableDimension: "ecs:service:DesiredCount",
    minCapacity: min,
    maxCapacity: 20,
  },
});
const REPO = "aws:ecr/repository:Repository";
const NAT = "aws:ec2/natGateway:NatGateway";
const nat = (name: string): FixtureResource => ({
  type: NAT,
  name,
  inputs: { subnetId: "s", allocationId: "a" },
});
const vpc = (inputs: Record<string, unknown>): FixtureResource => ({
  type: "awsx:ec2:Vpc",
  name: "net",
  remote: true,
  inputs,
});

const SCALING_ACTION = "aws:appautoscaling/scheduledAction:ScheduledAction";
const ASG_SCHEDULE = "aws:autoscaling/schedule:Schedule";
const MON_FRI = "MON,TUE,WED,THU,FRI";
/** The sleep and wake actions Berth's components put on a service's scalable target (Mon-Fri 07:00-20:00). */
const sleepActions = (resourceId: unknown, deps: string[] = ["web-scaling"]): FixtureResource[] =>
  (["sleep", "wake"] as const).map(
    (phase): FixtureResource => ({
      type: SCALING_ACTION,
      name: `web-scaling-${phase}`,
      inputs: {
        resourceId,
        scalableDimension: "ecs:service:DesiredCount",
        serviceNamespace: "ecs",
        schedule: `cron(0 ${phase === "sleep" ? 20 : 7} ? * ${MON_FRI} *)`,
        timezone: "Europe/Berlin",
        scalableTargetAction:
          phase === "sleep" ? { minCapacity: 0, maxCapacity: 0 } : { minCapacity: 1, maxCapacity: 4 },
      },
      deps: deps.length ? { resourceId: deps } : {},
    }),
  );
/** The sleep and wake `aws.autoscaling.Schedule`s of a group. */
const groupSchedules = (prefix: string, groupName: unknown, deps: string[] = []): FixtureResource[] =>
  (["sleep", "wake"] as const).map(
    (phase): FixtureResource => ({
      type: ASG_SCHEDULE,
      name: `${prefix}-${phase}`,
      inputs: {
        scheduledActionName: `${prefix}-${phase}`,
        autoscalingGroupName: groupName,
        recurrence: `0 ${phase === "sleep" ? 20 : 7} * * 1,2,3,4,5`,
        timeZone: "Europe/Berlin",
        minSize: 0,
        maxSize: phase === "sleep" ? 0 : 4,
        desiredCapacity: 0,
      },
      deps: deps.length ? { autoscalingGroupName: deps } : {},
    }),
  );
/** An ECS Express Mode service: Express registers its own scalable target (no Pulumi target). */
const expressService: FixtureResource = {
  type: "aws:ecs/expressGatewayService:ExpressGatewayService",
  name: "hello-service",
  inputs: {
    cluster: "default",
    serviceName: "shop-dev-hello",
    scalingTarget: { minTaskCount: 1, maxTaskCount: 4 },
  },
};

const scaledService = (): FixtureResource[] => [
  svc({ name: "web", capacityProviderStrategies: spotMix }),
  {
    type: "aws:appautoscaling/target:Target",
    name: "web-scaling",
    inputs: {
      resourceId: "service/c/web",
      scalableDimension: "ecs:service:DesiredCount",
      serviceNamespace: "ecs",
      minCapacity: 1,
      maxCapacity: 4,
    },
    deps: { resourceId: ["web-svc"] },
  },
];
const nodeGroup: FixtureResource = {
  type: "aws:eks/nodeGroup:NodeGroup",
  name: "spot-nodes",
  inputs: {
    clusterName: "main",
    nodeRoleArn: "arn:aws:iam::123456789012:role/nodes",
    subnetIds: ["subnet-a"],
    scalingConfig: { desiredSize: 1, minSize: 0, maxSize: 4 },
  },
};

export const cases: Record<string, RuleCase[]> = {
  "cost-spot-outside-prod": [
    c("violating", "Managed Instances on demand in dev", "fail", [
      managedInstances({ capacityOptionType: "ON_DEMAND" }),
    ]),
    c("violating", "Managed Instances with the default option (on demand) in dev", "fail", [
      managedInstances({}),
    ]),
    c("extra", "Managed Instances on Spot in dev", "pass", [
      managedInstances({ capacityOptionType: "SPOT" }),
    ]),
    c("extra", "Managed Instances on demand in prod", "pass", [managedInstances({})], { stack: "prod" }),
    c("unknown", "Managed Instances option unknown", "unknown", [
      managedInstances({ capacityOptionType: UNKNOWN }),
    ]),
    c("compliant", "FARGATE base + FARGATE_SPOT in dev", "pass", [
      svc({ capacityProviderStrategies: spotMix }),
    ]),
    c("violating", "launchType FARGATE in dev", "fail", [svc({ launchType: "FARGATE" })]),
    c("violating", "FARGATE only strategy in dev", "fail", [
      svc({ capacityProviderStrategies: [{ capacityProvider: "FARGATE", weight: 1 }] }),
    ]),
    c("violating", "on-demand Auto Scaling group in dev", "fail", [
      asg({
        mixedInstancesPolicy: {
          instancesDistribution: { onDemandPercentageAboveBaseCapacity: 100 },
          launchTemplate: { launchTemplateSpecification: { launchTemplateId: "lt" } },
        },
      }),
    ]),
    c("absent", "a group without a mixed instances policy", "fail", [asg({})]),
    c("extra", "prod may run on demand", "pass", [svc({ launchType: "FARGATE" })], { stack: "prod" }),
    c("extra", "a Spot group in dev", "pass", [
      asg({
        mixedInstancesPolicy: {
          instancesDistribution: { onDemandPercentageAboveBaseCapacity: 0 },
          launchTemplate: { launchTemplateSpecification: { launchTemplateId: "lt" } },
        },
      }),
    ]),
    c("unknown", "strategy unknown", "unknown", [svc({ capacityProviderStrategies: UNKNOWN })]),
    c("config", "exempt by name", "pass", [svc({ launchType: "FARGATE" })], {
      config: { exemptNames: ["web-svc"] },
    }),
    c("config", "staging counts as prod", "pass", [svc({ launchType: "FARGATE" })], {
      stack: "staging",
      config: { prodStacks: ["staging"] },
    }),
  ],
  "cost-graviton": [
    c("violating", "Managed Instances on Intel and AMD", "fail", [
      managedInstances({
        capacityOptionType: "SPOT",
        instanceRequirements: {
          vcpuCount: { min: 2 },
          memoryMib: { min: 4096 },
          cpuManufacturers: ["intel", "amd"],
        },
      }),
    ]),
    c("violating", "Managed Instances with any CPU", "fail", [
      managedInstances({ capacityOptionType: "SPOT" }),
    ]),
    c("extra", "Managed Instances on Graviton", "pass", [
      managedInstances({
        instanceRequirements: {
          vcpuCount: { min: 2 },
          memoryMib: { min: 4096 },
          cpuManufacturers: ["amazon-web-services"],
        },
      }),
    ]),
    c("compliant", "ARM64 task", "pass", [
      td({ runtimePlatform: { cpuArchitecture: "ARM64", operatingSystemFamily: "LINUX" } }),
    ]),
    c("violating", "X86_64 task", "fail", [td({ runtimePlatform: { cpuArchitecture: "X86_64" } })]),
    c("violating", "m6i launch template", "fail", [
      { type: "aws:ec2/launchTemplate:LaunchTemplate", name: "lt", inputs: { instanceType: "m6i.large" } },
    ]),
    c("violating", "x86 node group (default t3.medium)", "fail", [
      {
        type: "aws:eks/nodeGroup:NodeGroup",
        name: "ng",
        inputs: { scalingConfig: { minSize: 1, maxSize: 2, desiredSize: 1 } },
      },
    ]),
    c("absent", "runtimePlatform unset means X86_64", "fail", [td({})]),
    c("extra", "Graviton launch template and node group", "pass", [
      { type: "aws:ec2/launchTemplate:LaunchTemplate", name: "lt", inputs: { instanceType: "c7gn.xlarge" } },
      {
        type: "aws:eks/nodeGroup:NodeGroup",
        name: "ng",
        inputs: {
          instanceTypes: ["m7g.large", "t4g.medium"],
          scalingConfig: { minSize: 1, maxSize: 2, desiredSize: 1 },
        },
      },
    ]),
    c("extra", "Windows tasks exempt", "pass", [
      td({
        runtimePlatform: { operatingSystemFamily: "WINDOWS_SERVER_2022_CORE", cpuArchitecture: "X86_64" },
      }),
    ]),
    c("unknown", "runtimePlatform unknown", "unknown", [td({ runtimePlatform: UNKNOWN })]),
    c("config", "exempt by name", "pass", [td({})], { config: { exemptNames: ["web-task"] } }),
  ],
  "cost-fargate-task-size": [
    c("compliant", "0.5 vCPU / 1 GiB", "pass", [td({})]),
    c("violating", "16 vCPU / 120 GiB", "fail", [td({ cpu: "16384", memory: "122880" })]),
    c("absent", "task-level size unset", "pass", [td({ cpu: undefined, memory: undefined })]),
    c("extra", "EC2 tasks are out of scope", "pass", [
      td({ requiresCompatibilities: ["EC2"], cpu: "16384" }),
    ]),
    c("unknown", "cpu unknown", "unknown", [td({ cpu: UNKNOWN })]),
    c("config", "8 vCPU allowed", "pass", [td({ cpu: "8192", memory: "16384" })], {
      config: { maxCpu: 8192 },
    }),
  ],
  "cost-idle-minimum": [
    c("violating", "Express service minimum 4 tasks in dev", "fail", [express(4)]),
    c("extra", "Express service minimum 1 task in dev", "pass", [express(1)]),
    c("unknown", "Express scaling unknown", "unknown", [
      { ...express(1), inputs: { ...express(1).inputs, scalingTargets: UNKNOWN } },
    ]),
    c("compliant", "min 1 in dev", "pass", [target(1)]),
    c("violating", "min 5 in dev", "fail", [target(5)]),
    c("violating", "ASG minSize 4 in dev", "fail", [asg({ minSize: 4, maxSize: 8 })]),
    c("violating", "node group min 3 in dev", "fail", [
      {
        type: "aws:eks/nodeGroup:NodeGroup",
        name: "ng",
        inputs: { scalingConfig: { minSize: 3, maxSize: 6, desiredSize: 3 } },
      },
    ]),
    c("absent", "ASG minSize 0", "pass", [asg({})]),
    c("extra", "min 5 in prod", "pass", [target(5)], { stack: "prod" }),
    c("unknown", "minCapacity unknown", "unknown", [
      { ...target(1), inputs: { serviceNamespace: "ecs", minCapacity: UNKNOWN, maxCapacity: 4 } },
    ]),
    c("config", "dev bound 6", "pass", [target(5)], { config: { maxMinCapacity: 6 } }),
  ],
  "cost-log-retention": [
    c("compliant", "30 days", "pass", [{ type: LG, name: "lg", inputs: { retentionInDays: 30 } }]),
    c("violating", "3653 days in dev", "fail", [{ type: LG, name: "lg", inputs: { retentionInDays: 3653 } }]),
    c("absent", "unset: forever", "fail", [{ type: LG, name: "lg", inputs: {} }]),
    c("extra", "365 days in prod", "pass", [{ type: LG, name: "lg", inputs: { retentionInDays: 365 } }], {
      stack: "prod",
    }),
    c("unknown", "retention unknown", "unknown", [
      { type: LG, name: "lg", inputs: { retentionInDays: UNKNOWN } },
    ]),
    c("config", "14 days max", "fail", [{ type: LG, name: "lg", inputs: { retentionInDays: 30 } }], {
      config: { maxRetentionDays: 14 },
    }),
  ],
  "cost-ecr-lifecycle": [
    c("compliant", "lifecycle policy", "pass", [
      { type: REPO, name: "app", inputs: { name: "app" } },
      {
        type: "aws:ecr/lifecyclePolicy:LifecyclePolicy",
        name: "lc",
        inputs: { repository: "app", policy: "{}" },
        deps: { repository: ["app"] },
      },
    ]),
    c("violating", "lifecycle on another repository", "fail", [
      { type: REPO, name: "app", inputs: { name: "app" } },
      {
        type: "aws:ecr/lifecyclePolicy:LifecyclePolicy",
        name: "lc",
        inputs: { repository: "other", policy: "{}" },
      },
    ]),
    c("absent", "no lifecycle", "fail", [{ type: REPO, name: "app", inputs: { name: "app" } }]),
    c("unknown", "repository unknown", "unknown", [
      { type: REPO, name: "app", inputs: { name: "app" } },
      {
        type: "aws:ecr/lifecyclePolicy:LifecyclePolicy",
        name: "lc",
        inputs: { repository: UNKNOWN, policy: "{}" },
      },
    ]),
  ],
  "cost-nat-gateways": [
    c("compliant", "one NAT in dev", "pass", [nat("nat-a")]),
    c("violating", "three NATs in dev", "fail", [nat("nat-a"), nat("nat-b"), nat("nat-c")]),
    c("absent", "awsx Vpc with default strategy (OnePerAz, 3 AZs) in dev", "fail", [
      vpc({ cidrBlock: "10.0.0.0/16" }),
    ]),
    c("extra", "awsx Vpc Single in dev", "pass", [vpc({ natGateways: { strategy: "Single" } })]),
    c("extra", "awsx Vpc OnePerAz in prod", "pass", [vpc({ natGateways: { strategy: "OnePerAz" } })], {
      stack: "prod",
    }),
    c("unknown", "strategy unknown", "unknown", [vpc({ natGateways: UNKNOWN })]),
    c("config", "dev may have 3", "pass", [nat("nat-a"), nat("nat-b"), nat("nat-c")], {
      config: { maxNatGateways: { dev: 3, "*": 1 } },
    }),
  ],
  "cost-sleep-schedule-non-prod": [
    c("compliant", "service, group and node group each with a sleep and a wake action", "pass", [
      ...scaledService(),
      ...sleepActions("service/c/web"),
      asg({ name: "hosts" }),
      ...groupSchedules("hosts", "hosts"),
      nodeGroup,
      ...groupSchedules("spot-nodes", "eks-spot-nodes-asg", ["spot-nodes"]),
    ]),
    c("extra", "actions matched by resourceId service/<cluster>/<name> without a dependency", "pass", [
      ...scaledService(),
      ...sleepActions("service/c/web", []),
    ]),
    c("violating", "a service whose target has only a wake action", "fail", [
      ...scaledService(),
      ...(sleepActions("service/c/web").slice(1) as FixtureResource[]),
    ]),
    c("violating", "schedules on another group", "fail", [
      asg({ name: "hosts" }),
      ...groupSchedules("other", "other"),
    ]),
    c("violating", "an ECS Express service without a sleep schedule in dev", "fail", [expressService]),
    c("compliant", "an ECS Express service with actions on service/<cluster>/<serviceName>", "pass", [
      expressService,
      ...sleepActions("service/default/shop-dev-hello", ["hello-service"]),
    ]),
    c("absent", "an Auto Scaling group without schedules in dev", "fail", [asg({ name: "hosts" })]),
    c("absent", "an EKS node group without schedules in dev", "fail", [nodeGroup]),
    c("extra", "production runs around the clock", "pass", [asg({ name: "hosts" }), nodeGroup], {
      stack: "prod",
    }),
    c("unknown", "the schedules' group name unknown in preview", "unknown", [
      asg({ name: "hosts" }),
      ...groupSchedules("hosts", UNKNOWN),
    ]),
    c("config", "dev listed as production", "pass", [asg({ name: "hosts" })], {
      config: { prodStacks: ["dev"] },
    }),
    c("config", "the group exempt by name", "pass", [asg({ name: "hosts" })], {
      config: { exemptNames: ["hosts"] },
    }),
  ],
};
