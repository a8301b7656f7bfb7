import { createServiceScaling, createSleepOnlyScaling } from "@berth/ecs-fargate";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Ec2LoadBalancerChildren } from "./ec2-load-balancer";
import type { KnownEc2ServiceInputs, ResolvedEc2ServiceArgs } from "./ec2-service-resolve";

/**
 * The ECS service: the capacity provider strategy, placement, deployment circuit breaker with
 * rollback, the load balancer and (awsvpc) the network configuration.
 */
export function buildEc2Service(
  scope: pulumi.Resource,
  r: ResolvedEc2ServiceArgs,
  known: KnownEc2ServiceInputs,
  built: {
    taskDefinition: aws.ecs.TaskDefinition;
    loadBalancer: Ec2LoadBalancerChildren | undefined;
    taskSecurityGroup: aws.ec2.SecurityGroup | undefined;
  },
): aws.ecs.Service {
  const lb = r.loadBalancer;
  const { loadBalancer, taskSecurityGroup } = built;
  return new aws.ecs.Service(
    r.names.service,
    {
      cluster: known.clusterArn,
      taskDefinition: built.taskDefinition.arn,
      desiredCount: r.desiredCount,
      capacityProviderStrategies: known.capacityProviderStrategy,
      // Managed Instances take no placement strategies (resolved to none there).
      ...(r.capacity.compatibility === "MANAGED_INSTANCES"
        ? {}
        : {
            orderedPlacementStrategies: r.placementStrategy.map((p) =>
              p.field !== undefined ? { type: p.type, field: p.field } : { type: p.type },
            ),
          }),
      placementConstraints: r.placementConstraints.map((c) =>
        c.expression !== undefined ? { type: c.type, expression: c.expression } : { type: c.type },
      ),
      deploymentCircuitBreaker: { enable: true, rollback: true },
      deploymentMinimumHealthyPercent: r.minimumHealthyPercent,
      deploymentMaximumPercent: r.maximumPercent,
      ...(lb && loadBalancer
        ? {
            loadBalancers: [
              {
                targetGroupArn: loadBalancer.targetGroup.arn,
                containerName: lb.containerName,
                containerPort: lb.containerPort,
              },
            ],
            healthCheckGracePeriodSeconds: r.healthCheckGracePeriodSeconds,
          }
        : {}),
      ...(taskSecurityGroup
        ? {
            networkConfiguration: {
              subnets: known.subnetIds ?? [],
              securityGroups: [taskSecurityGroup.id, ...known.securityGroupIds],
              assignPublicIp: false,
            },
          }
        : {}),
      enableExecuteCommand: r.enableExecuteCommand,
      enableEcsManagedTags: true,
      propagateTags: "SERVICE",
      tags: r.tags,
    },
    {
      parent: scope,
      // A target group must be attached to a listener before a service can register into it.
      ...(loadBalancer ? { dependsOn: [loadBalancer.rule] } : {}),
      // The autoscaler (or the sleep schedule) owns the task count.
      ...(r.autoscaling || r.awake ? { ignoreChanges: ["desiredCount"] } : {}),
    },
  );
}

/**
 * Application Auto Scaling of the task count (`@berth/ecs-fargate`): with `autoscaling` its target
 * and policies (ALB request counts labelled by the listener's load balancer and the target
 * group), with `awake` alone a target at `desiredCount` that sleeps at 0 tasks.
 */
export function buildEc2ServiceScaling(
  scope: pulumi.Resource,
  r: ResolvedEc2ServiceArgs,
  known: KnownEc2ServiceInputs,
  built: { service: aws.ecs.Service; loadBalancer: Ec2LoadBalancerChildren | undefined },
): void {
  const on = { clusterName: known.clusterName, serviceName: built.service.name };
  if (r.autoscaling) {
    const targetGroup = built.loadBalancer?.targetGroup;
    const resourceLabel =
      r.loadBalancer && targetGroup
        ? pulumi
            .all([pulumi.output(r.loadBalancer.listenerArn), targetGroup.arnSuffix])
            .apply(
              ([listener, tg]) =>
                `${(listener.split(":listener/")[1] ?? "").split("/").slice(0, 3).join("/")}/${tg}`,
            )
        : undefined;
    createServiceScaling(
      r.name,
      r.autoscaling,
      { ...on, ...(resourceLabel ? { resourceLabel } : {}), ...(r.awake ? { awake: r.awake } : {}) },
      scope,
    );
  } else if (r.awake) {
    createSleepOnlyScaling(r.name, r.desiredCount, on, r.awake, scope);
  }
}
