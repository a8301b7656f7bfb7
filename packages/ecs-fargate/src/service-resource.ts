import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { fargateCapacityStrategy } from "./capacity";
import type { ResolvedFargateServiceArgs } from "./fargate-service-resolve";
import { latticeConfigurations } from "./roles";
import type { LoadBalancing } from "./service-load-balancer";
import type { InfrastructureRoles } from "./service-wiring";
import type { AwsContext, FargateTask } from "./task";

/** What the service is wired to, made by the builders before it. */
export interface ServiceWiring {
  /** Cluster ARN. */
  clusterArn: pulumi.Input<string>;
  /** Subnets of the tasks (checked once known). */
  subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** The tasks' security group. */
  securityGroupId: pulumi.Input<string>;
  /** Task definition, log group and roles. */
  task: FargateTask;
  /** Target groups and the listener rule or listener. */
  lb: LoadBalancing;
  /** Cloud Map service. */
  discovery: aws.servicediscovery.Service | undefined;
  /** ECS infrastructure roles. */
  roles: InfrastructureRoles;
  /** Account, region, partition. */
  ctx: AwsContext;
}

/** The ECS deployment configuration of the strategy (bake times, canary and linear steps). */
function deploymentConfiguration(
  r: ResolvedFargateServiceArgs,
): aws.types.input.ecs.ServiceDeploymentConfiguration {
  const d = r.deployment;
  return {
    strategy: d.strategy,
    ...(r.progressive ? { bakeTimeInMinutes: String(d.bakeTimeMinutes) } : {}),
    ...(d.strategy === "CANARY"
      ? {
          canaryConfiguration: {
            canaryPercent: d.canaryPercent,
            canaryBakeTimeInMinutes: String(d.canaryBakeTimeMinutes),
          },
        }
      : {}),
    ...(d.strategy === "LINEAR"
      ? {
          linearConfiguration: {
            stepPercent: d.linearStepPercent,
            stepBakeTimeInMinutes: String(d.linearStepBakeTimeMinutes),
          },
        }
      : {}),
  };
}

/** The service's load balancer entry; in progressive deployments with the alternate group and role. */
function loadBalancers(
  r: ResolvedFargateServiceArgs,
  w: ServiceWiring,
): aws.types.input.ecs.ServiceLoadBalancer[] {
  const { targetGroup, alternateTargetGroup, production } = w.lb;
  if (!targetGroup || !r.lbTarget) return [];
  const roleArn = w.roles.loadBalancerRoleArn;
  return [
    {
      targetGroupArn: targetGroup.arn,
      containerName: r.lbTarget.name,
      containerPort: r.lbTarget.port,
      // ECS AdvancedConfiguration.productionListenerRule: the listener rule of an ALB, or the
      // listener of an NLB (ECS API reference, AdvancedConfiguration).
      ...(alternateTargetGroup && production && roleArn
        ? {
            advancedConfiguration: {
              alternateTargetGroupArn: alternateTargetGroup.arn,
              productionListenerRule: production.arn,
              roleArn,
            },
          }
        : {}),
    },
  ];
}

/** The Service Connect configuration (logs to the task's log group), if asked. */
function serviceConnect(r: ResolvedFargateServiceArgs, w: ServiceWiring) {
  const sc = r.serviceConnect;
  if (!sc) return {};
  return {
    serviceConnectConfiguration: {
      enabled: true,
      namespace: sc.namespace,
      logConfiguration: {
        logDriver: "awslogs",
        options: {
          "awslogs-group": w.task.logGroup.name,
          "awslogs-region": w.ctx.region,
          "awslogs-stream-prefix": "service-connect",
        },
      },
      services: sc.services.map((s) => ({
        portName: s.portName,
        discoveryName: s.discoveryName,
        clientAlias: [{ port: s.port, dnsName: s.dnsName }],
      })),
    },
  };
}

/** The ECS service `${name}-service` on Fargate, wired to what the other builders made. */
export function buildService(
  scope: pulumi.Resource,
  r: ResolvedFargateServiceArgs,
  w: ServiceWiring,
  tags: pulumi.Input<Record<string, string>>,
): aws.ecs.Service {
  const d = r.deployment;
  const ignoreChanges = [
    ...(r.autoscaled ? ["desiredCount"] : []),
    ...(r.task.imageOwner === "pipeline" ? ["taskDefinition"] : []),
    // In blue/green, canary and linear deployments ECS alternates the production target group:
    // after a deployment the live service points at what Berth calls the alternate group.
    // Re-sending the original pair on every `up` fights ECS (hashicorp/terraform-provider-aws
    // issue 45678); the provider only sends `loadBalancers` when they differ from state, so
    // ignoring them lets ECS keep its own alternation. The attribute is a set in the provider, so
    // one element's target group cannot be ignored alone (terraform-provider-aws issue 13192).
    ...(w.lb.alternateTargetGroup ? ["loadBalancers"] : []),
  ];
  return new aws.ecs.Service(
    r.names.service,
    {
      cluster: w.clusterArn,
      taskDefinition: w.task.taskDefinition.arn,
      desiredCount: r.desiredCount,
      capacityProviderStrategies: fargateCapacityStrategy(r.args.spot),
      platformVersion: r.task.platformVersion,
      networkConfiguration: {
        // Subnets from another stack are checked once known (an empty list would place nothing).
        subnets: w.subnetIds,
        securityGroups: [w.securityGroupId, ...r.securityGroupIds],
        assignPublicIp: r.assignPublicIp,
      },
      loadBalancers: loadBalancers(r, w),
      ...(w.lb.targetGroup && r.healthCheckGracePeriod !== undefined
        ? { healthCheckGracePeriodSeconds: r.healthCheckGracePeriod }
        : {}),
      deploymentController: { type: "ECS" },
      // The circuit breaker and CloudWatch alarm rollback "only support rolling update deployment
      // and blue/green deployment types" (ECS developer guide, "Amazon ECS deployment failure
      // detection"): neither is sent for CANARY or LINEAR.
      ...(r.failureDetection
        ? { deploymentCircuitBreaker: { enable: d.circuitBreaker, rollback: d.circuitBreaker } }
        : {}),
      deploymentConfiguration: deploymentConfiguration(r),
      deploymentMinimumHealthyPercent: d.minimumHealthyPercent,
      deploymentMaximumPercent: d.maximumPercent,
      ...(r.failureDetection && d.alarmNames.length
        ? { alarms: { alarmNames: d.alarmNames, enable: true, rollback: true } }
        : {}),
      waitForSteadyState: d.waitForSteadyState,
      enableExecuteCommand: r.exec,
      enableEcsManagedTags: true,
      propagateTags: "SERVICE",
      availabilityZoneRebalancing: "ENABLED",
      ...(w.discovery ? { serviceRegistries: { registryArn: w.discovery.arn } } : {}),
      ...serviceConnect(r, w),
      ...(w.roles.latticeRoleArn !== undefined && r.latticeTargets.length > 0
        ? { vpcLatticeConfigurations: latticeConfigurations(r.latticeTargets, w.roles.latticeRoleArn) }
        : {}),
      tags,
    },
    {
      parent: scope,
      // The target group must belong to a load balancer (through the rule or listener) before ECS accepts it.
      dependsOn: [...(w.lb.production ? [w.lb.production] : []), ...w.roles.attachments],
      ...(ignoreChanges.length ? { ignoreChanges } : {}),
    },
  );
}
