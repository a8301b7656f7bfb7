import * as pulumi from "@pulumi/pulumi";
import { buildManagedInstancesProvider } from "./capacity-provider";
import { TaskCompatibility } from "./ec2-service-args";
import { awsContext } from "./instance-role";
import type { Architecture } from "./instance-types";
import type { ManagedInstancesCapacityArgs } from "./managed-instances-args";
import {
  MANAGED_INSTANCES_TYPE,
  resolveManagedInstancesCapacityArgs,
  whenKnownManagedInstancesInputs,
} from "./managed-instances-resolve";
import { buildManagedInstancesRoles } from "./managed-instances-roles";
import { buildSecurityGroup } from "./security-group";

/**
 * ECS Managed Instances: AWS launches, patches, drains and replaces the EC2 instances (Bottlerocket)
 * of a capacity provider, here on Spot by default. Creates the infrastructure role ECS acts with,
 * the instance role and profile (scoped to the cluster), a security group and the capacity
 * provider; the cluster's `ClusterCapacityProviders` (`@berth/ecs-fargate`) associates it. Services
 * on it use `awsvpc` or `host` network mode.
 */
export class ManagedInstancesCapacity extends pulumi.ComponentResource {
  /** Capacity provider name; associate it through the cluster's `ClusterCapacityProviders`, like `SpotCapacity`'s. */
  readonly capacityProviderName: pulumi.Output<string>;
  /** Capacity provider ARN. */
  readonly capacityProviderArn: pulumi.Output<string>;
  /** Infrastructure role ARN. */
  readonly infrastructureRoleArn: pulumi.Output<string>;
  /** Instance profile ARN. */
  readonly instanceProfileArn: pulumi.Output<string>;
  /** The instances' security group (egress only). */
  readonly securityGroupId: pulumi.Output<string>;
  /** The CPU architecture. */
  readonly architecture: Architecture;
  /** The task compatibility of services on this capacity (for `Ec2Service`). */
  readonly compatibility: TaskCompatibility = TaskCompatibility.ManagedInstances;

  constructor(name: string, args: ManagedInstancesCapacityArgs, opts?: pulumi.ComponentResourceOptions) {
    super(MANAGED_INSTANCES_TYPE, name, {}, opts);
    // Resolve (check everything, fill every default), then build in reading order: instance and
    // infrastructure roles, security group, capacity provider. No sleep schedule: ECS terminates
    // idle instances itself, so the services' own `awake` schedules are enough (README, issue 18).
    const r = resolveManagedInstancesCapacityArgs(name, args);
    const known = whenKnownManagedInstancesInputs(r);
    const roles = buildManagedInstancesRoles(this, r, known, awsContext(this));
    const securityGroup = buildSecurityGroup(this, {
      names: r.names,
      vpcId: known.vpcId,
      description: `ECS Managed Instances of ${name}`,
      egressDescription: "ECS, ECR and dependencies",
      tags: r.tags,
    });
    const capacityProvider = buildManagedInstancesProvider(this, r, known, { roles, securityGroup });

    this.capacityProviderName = capacityProvider.name;
    this.capacityProviderArn = capacityProvider.arn;
    this.infrastructureRoleArn = roles.infrastructureRole.arn;
    this.instanceProfileArn = roles.profile.arn;
    this.securityGroupId = securityGroup.id;
    this.architecture = r.architecture;
    this.registerOutputs({
      capacityProviderName: this.capacityProviderName,
      capacityProviderArn: this.capacityProviderArn,
      infrastructureRoleArn: this.infrastructureRoleArn,
      instanceProfileArn: this.instanceProfileArn,
      securityGroupId: this.securityGroupId,
      architecture: this.architecture,
      compatibility: this.compatibility,
    });
  }
}
