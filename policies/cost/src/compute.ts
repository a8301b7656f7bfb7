/** Compute cost: Spot outside production, Graviton, task sizes, idle minimums. */
import * as aws from "@pulumi/aws";
import type { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { validateResourceOfType } from "@pulumi/policy";
import { exemptNamesSchema, isGraviton, isProd, prodStacksSchema } from "./util";

export const costSpotOutsideProd: ResourceValidationPolicy = {
  name: "cost-spot-outside-prod",
  description:
    "Outside production, ECS services and EC2 capacity should run on Spot (FARGATE_SPOT or Spot instances).",
  severity: "medium",
  remediationSteps:
    'Use a capacity provider strategy with FARGATE_SPOT (e.g. `[{ capacityProvider: "FARGATE", base: 1, weight: 0 }, { capacityProvider: "FARGATE_SPOT", weight: 1 }]`), or `onDemandPercentageAboveBaseCapacity: 0` on the Auto Scaling group.',
  configSchema: { properties: { prodStacks: prodStacksSchema, exemptNames: exemptNamesSchema } },
  validateResource: [
    validateResourceOfType(aws.ecs.Service, (svc, args, report) => {
      const cfg = args.getConfig<{ prodStacks: string[]; exemptNames: string[] }>();
      if (isProd(args.urn, args.stackTags, cfg.prodStacks) || cfg.exemptNames.includes(args.name)) return;
      const strategies = svc.capacityProviderStrategies ?? [];
      if (svc.launchType === "EC2" || svc.launchType === "EXTERNAL") return; // capacity comes from the cluster's groups
      if (strategies.length === 0) {
        if (svc.launchType === "FARGATE")
          report("launchType FARGATE runs every task on demand; use FARGATE_SPOT");
        return;
      }
      const spot = strategies.some((s) => s.capacityProvider === "FARGATE_SPOT" && (s.weight ?? 0) > 0);
      const fargate = strategies.some((s) => s.capacityProvider.startsWith("FARGATE"));
      if (fargate && !spot) report("the capacity provider strategy gives FARGATE_SPOT no weight");
    }),
    validateResourceOfType(aws.ecs.CapacityProvider, (cp, args, report) => {
      const cfg = args.getConfig<{ prodStacks: string[]; exemptNames: string[] }>();
      if (isProd(args.urn, args.stackTags, cfg.prodStacks) || cfg.exemptNames.includes(args.name)) return;
      const template = cp.managedInstancesProvider?.instanceLaunchTemplate;
      if (!template) return;
      // ECS Managed Instances: capacityOptionType ON_DEMAND (the default), SPOT or RESERVED.
      const option = template.capacityOptionType ?? "ON_DEMAND";
      if (option === "ON_DEMAND")
        report(
          `managedInstancesProvider launches ${template.capacityOptionType ?? "unset (ON_DEMAND)"} instances; use SPOT`,
        );
    }),
    validateResourceOfType(aws.autoscaling.Group, (asg, args, report) => {
      const cfg = args.getConfig<{ prodStacks: string[]; exemptNames: string[] }>();
      if (isProd(args.urn, args.stackTags, cfg.prodStacks) || cfg.exemptNames.includes(args.name)) return;
      const pct = asg.mixedInstancesPolicy?.instancesDistribution?.onDemandPercentageAboveBaseCapacity;
      if (!asg.mixedInstancesPolicy || pct === undefined || pct >= 100)
        report(
          `the group launches on-demand only (onDemandPercentageAboveBaseCapacity ${pct ?? "unset: 100"})`,
        );
    }),
  ],
};

export const costGraviton: ResourceValidationPolicy = {
  name: "cost-graviton",
  description: "Prefer Graviton (ARM64): about 20% cheaper for the same work on Fargate and EC2.",
  severity: "low",
  remediationSteps:
    'Set `runtimePlatform: { cpuArchitecture: "ARM64", operatingSystemFamily: "LINUX" }` and build multi-arch images; use `*g` instance types (m7g, c7g, r7g, t4g) for EC2 and node groups.',
  configSchema: { properties: { exemptNames: exemptNamesSchema } },
  validateResource: [
    validateResourceOfType(aws.ecs.TaskDefinition, (td, args, report) => {
      if (args.getConfig<{ exemptNames: string[] }>().exemptNames.includes(args.name)) return;
      const os = td.runtimePlatform?.operatingSystemFamily;
      if (os?.startsWith("WINDOWS")) return;
      const arch = td.runtimePlatform?.cpuArchitecture;
      if (arch !== "ARM64") report(`cpuArchitecture is ${arch ?? "unset (X86_64)"}`);
    }),
    validateResourceOfType(aws.ec2.LaunchTemplate, (lt, args, report) => {
      if (args.getConfig<{ exemptNames: string[] }>().exemptNames.includes(args.name)) return;
      if (lt.instanceType && !isGraviton(lt.instanceType))
        report(`instanceType ${lt.instanceType} is not Graviton`);
    }),
    validateResourceOfType(aws.ecs.CapacityProvider, (cp, args, report) => {
      if (args.getConfig<{ exemptNames: string[] }>().exemptNames.includes(args.name)) return;
      const template = cp.managedInstancesProvider?.instanceLaunchTemplate;
      if (!template) return;
      // Graviton is the CPU manufacturer "amazon-web-services" in the instance requirements.
      const makers = template.instanceRequirements?.cpuManufacturers ?? [];
      const others = makers.filter((m) => m !== "amazon-web-services");
      if (makers.length === 0 || others.length > 0)
        report(
          `managed instances may be ${others.length ? others.join(", ") : "any CPU (cpuManufacturers unset)"}; set cpuManufacturers ["amazon-web-services"]`,
        );
    }),
    validateResourceOfType(aws.eks.NodeGroup, (ng, args, report) => {
      if (args.getConfig<{ exemptNames: string[] }>().exemptNames.includes(args.name)) return;
      const types = ng.instanceTypes ?? ["t3.medium"];
      const x86 = types.filter((t) => !isGraviton(t));
      if (x86.length) report(`instanceTypes ${x86.join(", ")} are not Graviton`);
    }),
  ],
};

const FARGATE_SIZES = "Fargate sizes";

export const costFargateTaskSize: ResourceValidationPolicy = {
  name: "cost-fargate-task-size",
  description:
    "Fargate tasks above the configured size need a reason: oversize tasks are the largest line on most container bills.",
  severity: "medium",
  remediationSteps: `Right-size cpu and memory from Container Insights utilization (${FARGATE_SIZES}: 256 to 16384 cpu units); raise the bound in the policy config when a task truly needs more.`,
  configSchema: {
    properties: {
      maxCpu: {
        type: "integer",
        minimum: 256,
        description: "Largest cpu (units; 1024 = 1 vCPU).",
        default: 4096,
      },
      maxMemoryMiB: { type: "integer", minimum: 512, description: "Largest memory in MiB.", default: 16384 },
    },
  },
  validateResource: validateResourceOfType(aws.ecs.TaskDefinition, (td, args, report) => {
    if (!(td.requiresCompatibilities ?? []).includes("FARGATE")) return;
    const { maxCpu, maxMemoryMiB } = args.getConfig<{ maxCpu: number; maxMemoryMiB: number }>();
    const cpu = Number(td.cpu ?? 0);
    const mem = Number(td.memory ?? 0);
    if (cpu > maxCpu) report(`cpu ${cpu} is above ${maxCpu}`);
    if (mem > maxMemoryMiB) report(`memory ${mem} MiB is above ${maxMemoryMiB}`);
  }),
};

/** The highest autoscaling minimum `cost-idle-minimum` allows for this resource's stack. */
function idleMinimumBound(args: ResourceValidationArgs): number {
  const cfg = args.getConfig<{ maxMinCapacity: number; prodMaxMinCapacity: number; prodStacks: string[] }>();
  return isProd(args.urn, args.stackTags, cfg.prodStacks) ? cfg.prodMaxMinCapacity : cfg.maxMinCapacity;
}

export const costIdleMinimum: ResourceValidationPolicy = {
  name: "cost-idle-minimum",
  description: "Autoscaling minimums above the configured bound keep idle capacity running around the clock.",
  severity: "medium",
  remediationSteps:
    "Lower minCapacity/minSize to the bound and let target tracking scale out; use scheduled actions for known peaks.",
  configSchema: {
    properties: {
      maxMinCapacity: {
        type: "integer",
        minimum: 0,
        description: "Highest minimum outside production.",
        default: 2,
      },
      prodMaxMinCapacity: {
        type: "integer",
        minimum: 0,
        description: "Highest minimum in production.",
        default: 6,
      },
      prodStacks: prodStacksSchema,
    },
  },
  validateResource: [
    validateResourceOfType(aws.appautoscaling.Target, (t, args, report) => {
      const bound = idleMinimumBound(args);
      if (t.minCapacity > bound) report(`minCapacity ${t.minCapacity} is above ${bound}`);
    }),
    validateResourceOfType(aws.autoscaling.Group, (g, args, report) => {
      const bound = idleMinimumBound(args);
      if (g.minSize > bound) report(`minSize ${g.minSize} is above ${bound}`);
    }),
    validateResourceOfType(aws.ecs.ExpressGatewayService, (svc, args, report) => {
      const bound = idleMinimumBound(args);
      for (const t of svc.scalingTargets ?? [])
        if ((t.minTaskCount ?? 0) > bound)
          report(`scalingTargets minTaskCount ${t.minTaskCount} is above ${bound}`);
    }),
    validateResourceOfType(aws.eks.NodeGroup, (ng, args, report) => {
      const bound = idleMinimumBound(args);
      if (ng.scalingConfig.minSize > bound)
        report(`scalingConfig.minSize ${ng.scalingConfig.minSize} is above ${bound}`);
    }),
  ],
};

export const computePolicies = [costSpotOutsideProd, costGraviton, costFargateTaskSize, costIdleMinimum];
