import type * as pulumi from "@pulumi/pulumi";
import type { ResolvedFargateServiceArgs } from "./fargate-service-resolve";
import { createServiceScaling, createSleepOnlyScaling, requestsPerTargetOfGroups } from "./scaling";
import type { LoadBalancing } from "./service-load-balancer";

/**
 * Application Auto Scaling of the service: `autoscaling`'s target and policies (with the sleep
 * schedule's actions), or with only `awake` a fixed-size target that sleeps. Nothing otherwise.
 */
export function buildServiceScaling(
  scope: pulumi.Resource,
  r: ResolvedFargateServiceArgs,
  on: { clusterName: pulumi.Input<string>; serviceName: pulumi.Input<string> },
  lb: LoadBalancing,
): void {
  if (r.autoscaling) {
    const { targetGroup, alternateTargetGroup } = lb;
    createServiceScaling(
      r.name,
      r.autoscaling,
      {
        ...on,
        ...(r.awake ? { awake: r.awake } : {}),
        // With two alternating groups, track the requests per task of whichever group is live.
        ...(r.alb && targetGroup && alternateTargetGroup
          ? {
              requestsMetric: requestsPerTargetOfGroups([
                targetGroup.arnSuffix,
                alternateTargetGroup.arnSuffix,
              ]),
            }
          : {}),
        ...(lb.resourceLabel ? { resourceLabel: lb.resourceLabel } : {}),
      },
      scope,
    );
  } else if (r.awake) {
    createSleepOnlyScaling(r.name, r.desiredCount, on, r.awake, scope);
  }
}
