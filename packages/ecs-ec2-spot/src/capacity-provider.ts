import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { ResolvedSpotCapacityArgs } from "./spot-capacity-resolve";

/** The capacity provider of the group: managed scaling, termination protection and draining. */
export function buildCapacityProvider(
  scope: pulumi.Resource,
  r: ResolvedSpotCapacityArgs,
  group: aws.autoscaling.Group,
): aws.ecs.CapacityProvider {
  return new aws.ecs.CapacityProvider(
    r.names.capacityProvider,
    {
      autoScalingGroupProvider: {
        autoScalingGroupArn: group.arn,
        managedTerminationProtection: r.managedTerminationProtection ? "ENABLED" : "DISABLED",
        managedDraining: r.managedDraining ? "ENABLED" : "DISABLED",
        managedScaling: r.managedScaling
          ? {
              status: "ENABLED",
              targetCapacity: r.targetCapacityPercent,
              minimumScalingStepSize: r.minimumScalingStepSize,
              maximumScalingStepSize: r.maximumScalingStepSize,
              instanceWarmupPeriod: r.instanceWarmupPeriod,
            }
          : { status: "DISABLED" },
      },
      tags: r.tags,
    },
    { parent: scope },
  );
}
