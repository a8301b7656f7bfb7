import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { KnownEc2ServiceInputs, ResolvedEc2ServiceArgs } from "./ec2-service-resolve";
import { buildSecurityGroup } from "./security-group";

/** awsvpc mode: the tasks' own security group (all egress; the load balancer rule adds ingress). */
export function buildTaskSecurityGroup(
  scope: pulumi.Resource,
  r: ResolvedEc2ServiceArgs,
  known: KnownEc2ServiceInputs,
): aws.ec2.SecurityGroup | undefined {
  if (r.names.taskSecurityGroup === undefined || r.names.taskEgress === undefined) return undefined;
  return buildSecurityGroup(scope, {
    names: { securityGroup: r.names.taskSecurityGroup, egress: r.names.taskEgress },
    vpcId: known.vpcId as pulumi.Output<string>,
    description: `Tasks of ${r.name}`,
    egressDescription: "Dependencies of the tasks",
    tags: r.tags,
  });
}

/** The load balancer children the service registers with. */
export interface Ec2LoadBalancerChildren {
  targetGroup: aws.lb.TargetGroup;
  rule: aws.lb.ListenerRule;
}

/**
 * With a load balancer: the target group (`instance` targets, `ip` in awsvpc mode), the listener
 * rule, and ingress from the load balancer's security group only (to the tasks' group in awsvpc
 * mode, else to the instances': the ephemeral range in bridge mode, unless the capacity opens it).
 */
export function buildEc2LoadBalancer(
  scope: pulumi.Resource,
  r: ResolvedEc2ServiceArgs,
  known: KnownEc2ServiceInputs,
  taskSecurityGroup: aws.ec2.SecurityGroup | undefined,
): Ec2LoadBalancerChildren | undefined {
  const lb = r.loadBalancer;
  if (!lb || !r.names.targetGroup || !r.names.listenerRule) return undefined;
  const targetGroup = new aws.lb.TargetGroup(
    r.names.targetGroup,
    {
      vpcId: known.vpcId as pulumi.Output<string>,
      targetType: r.networkMode === "awsvpc" ? "ip" : "instance",
      port: lb.containerPort,
      protocol: "HTTP",
      deregistrationDelay: lb.deregistrationDelaySeconds,
      healthCheck: {
        path: lb.healthCheckPath,
        port: "traffic-port",
        matcher: "200-399",
        healthyThreshold: 2,
        unhealthyThreshold: 3,
        interval: 15,
      },
      tags: r.tags,
    },
    { parent: scope },
  );
  const conditions: aws.types.input.lb.ListenerRuleCondition[] = [];
  if (lb.hostHeaders.length > 0) conditions.push({ hostHeader: { values: lb.hostHeaders } });
  if (lb.pathPatterns.length > 0) conditions.push({ pathPattern: { values: lb.pathPatterns } });
  const rule = new aws.lb.ListenerRule(
    r.names.listenerRule,
    {
      listenerArn: known.listenerArn as pulumi.Output<string>,
      priority: lb.priority,
      actions: [{ type: "forward", targetGroupArn: targetGroup.arn }],
      conditions,
      tags: r.tags,
    },
    { parent: scope },
  );
  if (r.names.fromLoadBalancer !== undefined) {
    new aws.vpc.SecurityGroupIngressRule(
      r.names.fromLoadBalancer,
      {
        securityGroupId: taskSecurityGroup ? taskSecurityGroup.id : known.instanceSecurityGroupId,
        referencedSecurityGroupId: known.loadBalancerSecurityGroupId as pulumi.Output<string>,
        ipProtocol: "tcp",
        fromPort: lb.ingressPorts.from,
        toPort: lb.ingressPorts.to,
        description:
          r.networkMode === "bridge"
            ? `ALB to ${r.name} on the dynamic host ports`
            : `ALB to ${r.name} on port ${lb.containerPort}`,
      },
      { parent: scope },
    );
  }
  return { targetGroup, rule };
}
