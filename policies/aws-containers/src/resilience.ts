/**
 * ECS service resilience: what a service keeps after losing one availability zone, after every
 * Spot capacity is reclaimed at once, and during a deployment, computed by `@berth/resilience`
 * (the same model as `berth plan`'s resilience table, so the report and the rule agree).
 */
import { analyzeResilience, resilienceShortfalls, SCENARIO_TITLES } from "@berth/resilience";
import type { StackValidationPolicy } from "@pulumi/policy";

export const ecsServiceResilience: StackValidationPolicy = {
  name: "ecs-service-resilience",
  description:
    "ECS services must keep at least one running task, and the configured fraction of their minimum, after losing one zone, after a Spot reclaim and during a deployment.",
  severity: "high",
  // Advisory unless configured: `stacks/policy-config/aws-containers.prod.json` makes it mandatory.
  enforcementLevel: "advisory",
  remediationSteps:
    "Raise the service's minimum (autoscaling `minCapacity` or `desiredCount`), spread it over more subnets (zones), put a `base` of tasks on on-demand capacity (FARGATE or an on-demand provider), or raise `deploymentMinimumHealthyPercent` (or deploy blue/green).",
  configSchema: {
    properties: {
      minFraction: {
        type: "number",
        minimum: 0,
        maximum: 1,
        description:
          "Fraction of its baseline (autoscaling minimum, else desired count) a service must keep in each scenario; at least one task always.",
        default: 0.5,
      },
    },
  },
  validateStack: (args, report) => {
    const { minFraction } = args.getConfig<{ minFraction: number }>();
    const views = args.resources.map((r) => ({ urn: r.urn, type: r.type, name: r.name, props: r.props }));
    for (const w of analyzeResilience(views)) {
      if (w.kind !== "ecs-service") continue;
      const short = resilienceShortfalls(w, minFraction);
      if (short.length === 0) continue;
      const what = short
        .map((s) => `${SCENARIO_TITLES[s.scenario]}: ${s.left} of ${w.baseline} left, needs ${s.required}`)
        .join("; ");
      report(
        `service "${w.name}" (${w.zones} zone(s), ${w.onSpot} on Spot): ${what} [${w.assumptions.join("; ")}]`,
        w.urn,
      );
    }
  },
};

export const resiliencePolicies = [ecsServiceResilience];
