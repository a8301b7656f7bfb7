import { autoScalingGroupSleepActions } from "@berth/core";
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { Architecture } from "./instance-types";
import type { InstanceRequirementsArgs } from "./spot-capacity-args";
import type { KnownSpotCapacityInputs, ResolvedSpotCapacityArgs } from "./spot-capacity-resolve";

/** Attribute-based selection as the mixed instances policy takes it; the CPU maker follows the architecture. */
export function instanceRequirementsOverride(
  r: InstanceRequirementsArgs,
  architecture: Architecture,
): aws.types.input.autoscaling.GroupMixedInstancesPolicyLaunchTemplateOverrideInstanceRequirements {
  return {
    vcpuCount: r.vcpuMax !== undefined ? { min: r.vcpuMin, max: r.vcpuMax } : { min: r.vcpuMin },
    memoryMib:
      r.memoryMaxMib !== undefined ? { min: r.memoryMinMib, max: r.memoryMaxMib } : { min: r.memoryMinMib },
    cpuManufacturers: architecture === "arm64" ? ["amazon-web-services"] : ["amd", "intel"],
    burstablePerformance: r.burstable ? "included" : "excluded",
    instanceGenerations: ["current"],
  };
}

/**
 * The Auto Scaling group: mixed on-demand/Spot (price-capacity-optimized), capacity rebalance when
 * Spot is possible, spread across the subnets, scale-in protection under managed termination
 * protection, and an instance refresh when the launch template changes.
 */
export function buildAutoScalingGroup(
  scope: pulumi.Resource,
  r: ResolvedSpotCapacityArgs,
  known: KnownSpotCapacityInputs,
  launchTemplate: aws.ec2.LaunchTemplate,
): aws.autoscaling.Group {
  const overrides: aws.types.input.autoscaling.GroupMixedInstancesPolicyLaunchTemplateOverride[] =
    r.instanceRequirements
      ? [{ instanceRequirements: instanceRequirementsOverride(r.instanceRequirements, r.architecture) }]
      : (r.instanceTypes ?? []).map((instanceType) => ({ instanceType }));
  const tags = Object.entries({ ...r.tags, Name: r.name, AmazonECSManaged: "true" })
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => ({ key, value, propagateAtLaunch: true }));
  return new aws.autoscaling.Group(
    r.names.autoScalingGroup,
    {
      minSize: r.minSize,
      maxSize: r.maxSize,
      desiredCapacity: r.desiredCapacity,
      vpcZoneIdentifiers: known.subnetIds,
      capacityRebalance: r.spotPossible,
      protectFromScaleIn: r.managedTerminationProtection,
      // Delete terminates the instances without waiting for scale-in, which protected instances
      // would never allow: the ASG half of the destroy deadlock (aws-cdk#18179).
      forceDelete: true,
      defaultInstanceWarmup: r.instanceWarmupPeriod,
      healthCheckType: "EC2",
      mixedInstancesPolicy: {
        instancesDistribution: {
          onDemandBaseCapacity: r.onDemandBaseCapacity,
          onDemandPercentageAboveBaseCapacity: r.onDemandPercentageAboveBaseCapacity,
          onDemandAllocationStrategy: "lowest-price",
          spotAllocationStrategy: "price-capacity-optimized",
        },
        launchTemplate: {
          launchTemplateSpecification: {
            launchTemplateId: launchTemplate.id,
            version: launchTemplate.latestVersion.apply((n) => String(n)),
          },
          overrides,
        },
      },
      instanceRefresh: {
        strategy: "Rolling",
        preferences: {
          minHealthyPercentage: 90,
          scaleInProtectedInstances: "Refresh",
          standbyInstances: "Terminate",
        },
      },
      tags,
    },
    { parent: scope, ...groupIgnoreChanges(r) },
  );
}

/**
 * What the group leaves to others: ECS managed scaling owns the desired capacity; a sleep schedule
 * owns the bounds too (its actions set desired, minimum and maximum: EC2 Auto Scaling User Guide,
 * "Scheduled scaling for Amazon EC2 Auto Scaling": "A scheduled action sets the desired, minimum, and
 * maximum sizes"), so neither the nightly refreshing preview reports them as drift nor a
 * `pulumi up` at night wakes the group. A change to minSize/maxSize then takes effect at the next
 * wake-up, through the wake action.
 */
function groupIgnoreChanges(r: ResolvedSpotCapacityArgs): pulumi.CustomResourceOptions {
  const ignore = [
    ...(r.managedScaling || r.awake ? ["desiredCapacity"] : []),
    ...(r.awake ? ["minSize", "maxSize"] : []),
  ];
  return ignore.length > 0 ? { ignoreChanges: ignore } : {};
}

/**
 * The sleep schedule (with `awake`): the group's bounds and desired capacity go to the floor at
 * night and back at wake-up. A 0 is sent as 0: the provider leaves out only -1
 * (terraform-provider-aws internal/service/autoscaling/schedule.go, resourceSchedulePut).
 */
export function buildGroupSleepSchedule(
  scope: pulumi.Resource,
  r: ResolvedSpotCapacityArgs,
  group: aws.autoscaling.Group,
): aws.autoscaling.Schedule[] {
  if (!r.awake || !r.names.sleepSchedules) return [];
  const names = r.names.sleepSchedules;
  return autoScalingGroupSleepActions(r.awake, { min: r.minSize, max: r.maxSize, floor: r.awakeFloor }).map(
    (a) =>
      new aws.autoscaling.Schedule(
        names[a.phase],
        {
          autoscalingGroupName: group.name,
          scheduledActionName: a.phase,
          recurrence: a.recurrence,
          timeZone: a.timeZone,
          minSize: a.minSize,
          maxSize: a.maxSize,
          desiredCapacity: a.desiredCapacity,
        },
        { parent: scope },
      ),
  );
}
