import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { buildAutoScalingGroup, buildGroupSleepSchedule } from "./auto-scaling-group";
import { buildCapacityProvider } from "./capacity-provider";
import { awsContext, buildInstanceRole } from "./instance-role";
import type { Architecture } from "./instance-types";
import { buildLaunchTemplate } from "./launch-template";
import { buildSecurityGroup } from "./security-group";
import type { SpotCapacityArgs } from "./spot-capacity-args";
import {
  resolveSpotCapacityArgs,
  SPOT_CAPACITY_TYPE,
  whenKnownSpotCapacityInputs,
} from "./spot-capacity-resolve";

/**
 * EC2 capacity for ECS: an Auto Scaling group of ECS-optimized Amazon Linux 2023 instances with a
 * mixed on-demand/Spot policy and a capacity provider with managed scaling, termination protection
 * and draining. The cluster's `ClusterCapacityProviders` (`@berth/ecs-fargate`) associates the
 * provider. Ordered so that `pulumi destroy` never hangs (see README).
 */
export class SpotCapacity extends pulumi.ComponentResource {
  /**
   * The capacity provider's name. Associate it with the cluster through the cluster's one
   * `ClusterCapacityProviders` (`@berth/ecs-fargate`) and give services `association.attached(capacity)`.
   */
  readonly capacityProviderName: pulumi.Output<string>;
  /** The capacity provider's ARN. */
  readonly capacityProviderArn: pulumi.Output<string>;
  /** The Auto Scaling group's name. */
  readonly autoScalingGroupName: pulumi.Output<string>;
  /** The Auto Scaling group's ARN. */
  readonly autoScalingGroupArn: pulumi.Output<string>;
  /** The launch template's id. */
  readonly launchTemplateId: pulumi.Output<string>;
  /** The instances' security group (no ingress; services open what they need). */
  readonly securityGroupId: pulumi.Output<string>;
  /** The instance role's ARN. */
  readonly instanceRoleArn: pulumi.Output<string>;
  /** The instance profile's ARN. */
  readonly instanceProfileArn: pulumi.Output<string>;
  /** True when the purchase options allow Spot (and Spot draining is on). */
  readonly spotPossible: boolean;
  /** The CPU architecture of the instances. */
  readonly architecture: Architecture;
  /** True when the instances are opened to load balancers here (`loadBalancerSecurityGroups`). */
  readonly opensEphemeralPorts: boolean;

  /** The Auto Scaling group. */
  readonly autoScalingGroup: aws.autoscaling.Group;
  /** The capacity provider. */
  readonly capacityProvider: aws.ecs.CapacityProvider;
  constructor(name: string, args: SpotCapacityArgs, opts?: pulumi.ComponentResourceOptions) {
    super(SPOT_CAPACITY_TYPE, name, {}, opts);
    // Resolve (check everything, fill every default), then build in reading order: instance role
    // and profile, security group (with the load balancer rules), launch template, Auto Scaling
    // group, its sleep schedule, capacity provider.
    const r = resolveSpotCapacityArgs(name, args);
    const known = whenKnownSpotCapacityInputs(r);
    const { role, profile } = buildInstanceRole(this, r, known, awsContext(this));
    const securityGroup = buildSecurityGroup(this, {
      names: r.names,
      vpcId: known.vpcId,
      description: `ECS container instances of ${name}`,
      egressDescription: "ECS, ECR, CloudWatch and the dependencies of the workloads",
      loadBalancers: known.loadBalancerSecurityGroups,
      // Earlier versions took a list and named each rule by its position.
      previousRuleNames: Object.fromEntries(
        Object.keys(r.loadBalancerSecurityGroups).map((key, i) => [key, `${name}-from-lb-${i}`]),
      ),
      tags: r.tags,
    });
    const launchTemplate = buildLaunchTemplate(this, r, known, { profile, securityGroup });
    const autoScalingGroup = buildAutoScalingGroup(this, r, known, launchTemplate);
    buildGroupSleepSchedule(this, r, autoScalingGroup);
    const capacityProvider = buildCapacityProvider(this, r, autoScalingGroup);

    this.capacityProviderName = capacityProvider.name;
    this.capacityProviderArn = capacityProvider.arn;
    this.autoScalingGroupName = autoScalingGroup.name;
    this.autoScalingGroupArn = autoScalingGroup.arn;
    this.launchTemplateId = launchTemplate.id;
    this.securityGroupId = securityGroup.id;
    this.instanceRoleArn = role.arn;
    this.instanceProfileArn = profile.arn;
    this.spotPossible = r.spotPossible;
    this.architecture = r.architecture;
    this.opensEphemeralPorts = Object.keys(r.loadBalancerSecurityGroups).length > 0;
    this.autoScalingGroup = autoScalingGroup;
    this.capacityProvider = capacityProvider;
    this.registerOutputs({
      capacityProviderName: this.capacityProviderName,
      capacityProviderArn: this.capacityProviderArn,
      autoScalingGroupName: this.autoScalingGroupName,
      autoScalingGroupArn: this.autoScalingGroupArn,
      launchTemplateId: this.launchTemplateId,
      securityGroupId: this.securityGroupId,
      instanceRoleArn: this.instanceRoleArn,
      instanceProfileArn: this.instanceProfileArn,
      spotPossible: this.spotPossible,
      architecture: this.architecture,
      opensEphemeralPorts: this.opensEphemeralPorts,
    });
  }
}
