import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type {
  KnownManagedInstancesInputs,
  ResolvedManagedInstancesCapacityArgs,
} from "./managed-instances-resolve";
import type { ManagedInstancesRoles } from "./managed-instances-roles";
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

/**
 * The Managed Instances capacity provider: ECS launches, drains and terminates the instances
 * (Spot or on demand) within the instance requirements, with the infrastructure role.
 */
export function buildManagedInstancesProvider(
  scope: pulumi.Resource,
  r: ResolvedManagedInstancesCapacityArgs,
  known: KnownManagedInstancesInputs,
  built: { roles: ManagedInstancesRoles; securityGroup: aws.ec2.SecurityGroup },
): aws.ecs.CapacityProvider {
  return new aws.ecs.CapacityProvider(
    r.names.capacityProvider,
    {
      cluster: known.clusterName,
      managedInstancesProvider: {
        infrastructureRoleArn: built.roles.infrastructureRole.arn,
        propagateTags: "CAPACITY_PROVIDER",
        instanceLaunchTemplate: {
          capacityOptionType: r.spot ? "SPOT" : "ON_DEMAND",
          ec2InstanceProfileArn: built.roles.profile.arn,
          monitoring: "BASIC",
          networkConfiguration: {
            subnets: known.subnetIds,
            securityGroups: [built.securityGroup.id, ...known.securityGroupIds],
          },
          storageConfiguration: { storageSizeGib: r.storageSizeGiB },
          instanceRequirements: {
            vcpuCount: { min: r.vcpuMin, max: r.vcpuMax },
            memoryMib: { min: r.memoryMinMib, max: r.memoryMaxMib },
            cpuManufacturers: r.architecture === "arm64" ? ["amazon-web-services"] : ["amd", "intel"],
            burstablePerformance: "excluded",
            instanceGenerations: ["current"],
          },
        },
      },
      tags: r.tags,
    },
    // ECS terminates the instances with the infrastructure role while the provider is deleted:
    // the role's managed policy must outlive the provider.
    { parent: scope, dependsOn: [built.roles.infrastructurePolicy] },
  );
}
