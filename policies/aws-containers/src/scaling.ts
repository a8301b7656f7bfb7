/** Application Auto Scaling bounds for ECS services. Catalog row 51 (a proposal: no anchor has one). */
import * as aws from "@pulumi/aws";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { validateResourceOfType } from "@pulumi/policy";
import { isProd, prodStacksSchema, references } from "./util";

export const appscalingEcsBounds: ResourceValidationPolicy = {
  name: "appscaling-ecs-bounds",
  description:
    "ECS scalable targets should keep enough tasks for availability (2 in production) and leave room to scale.",
  severity: "low",
  enforcementLevel: "advisory",
  remediationSteps:
    "Set `minCapacity` to at least the bound (2 in production, one task per AZ) and `maxCapacity` above it.",
  configSchema: {
    properties: {
      minCapacity: {
        type: "integer",
        minimum: 0,
        description: "Lowest minCapacity outside production.",
        default: 1,
      },
      prodMinCapacity: {
        type: "integer",
        minimum: 0,
        description: "Lowest minCapacity in production.",
        default: 2,
      },
      prodStacks: prodStacksSchema,
    },
  },
  validateResource: validateResourceOfType(aws.appautoscaling.Target, (t, args, report) => {
    if (t.serviceNamespace !== "ecs") return;
    const cfg = args.getConfig<{ minCapacity: number; prodMinCapacity: number; prodStacks: string[] }>();
    const bound = isProd(args.urn, args.stackTags, cfg.prodStacks) ? cfg.prodMinCapacity : cfg.minCapacity;
    if (t.minCapacity < bound) report(`minCapacity ${t.minCapacity} is below ${bound}`);
    if (t.maxCapacity <= t.minCapacity)
      report(`maxCapacity ${t.maxCapacity} leaves no room above minCapacity ${t.minCapacity}`);
  }),
};

export const appscalingEcsTargetTracking: StackValidationPolicy = {
  name: "appscaling-ecs-target-tracking",
  description: "Every ECS scalable target should have a target tracking policy.",
  severity: "low",
  enforcementLevel: "advisory",
  remediationSteps:
    'Add an `aws.appautoscaling.Policy` with `policyType: "TargetTrackingScaling"` (e.g. on ECSServiceAverageCPUUtilization).',
  validateStack: (args, report) => {
    const policies = args.resources.filter(
      (r) => r.isType(aws.appautoscaling.Policy) && r.props["policyType"] === "TargetTrackingScaling",
    );
    for (const t of args.resources.filter((r) => r.isType(aws.appautoscaling.Target))) {
      if (t.props["serviceNamespace"] !== "ecs") continue;
      if (!policies.some((p) => references(p, "resourceId", t, ["resourceId"])))
        report(`scalable target "${t.name}" has no target tracking policy`, t.urn);
    }
  },
};

export const scalingPolicies = [appscalingEcsBounds, appscalingEcsTargetTracking];
