import { parseArn } from "@berth/core";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { NamedChildren } from "./fargate-service-names";
import type { ResolvedAlb, ResolvedFargateServiceArgs, ResolvedNlb } from "./fargate-service-resolve";
import { buildIngressRules } from "./service-security-group";

/** The TLS policy of HTTPS listeners Berth creates (TLS 1.3 and 1.2 only). */
export const TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/** What a service's load balancer builders made, for the service and its scaling. */
export interface LoadBalancing {
  /** The target group ECS registers the tasks in first. */
  targetGroup?: aws.lb.TargetGroup;
  /** The second group of a progressive deployment. */
  alternateTargetGroup?: aws.lb.TargetGroup;
  /** The ALB listener rule, or the NLB listener: what must exist before the service. */
  production?: aws.lb.ListenerRule | aws.lb.Listener;
  /** The created ALB. */
  alb?: aws.lb.LoadBalancer;
  /** The security group of a created ALB. */
  albSecurityGroupId?: pulumi.Output<string>;
  /** The ALB request-count resource label `app/<lb>/<id>/targetgroup/<tg>/<id>`. */
  resourceLabel?: pulumi.Output<string>;
}

/** The ALB or NLB side of a service: created ALB, target groups, and the listener rule or listener. */
export function buildLoadBalancing(
  scope: pulumi.Resource,
  r: ResolvedFargateServiceArgs,
  vpcId: pulumi.Input<string>,
  taskSecurityGroupId: pulumi.Input<string>,
  tags: pulumi.Input<Record<string, string>>,
): LoadBalancing {
  const port = r.lbTarget?.port;
  if (port === undefined) return {};
  if (r.nlb) return buildNlbTargets(scope, r, r.nlb, port, vpcId, tags);
  if (!r.alb) return {};
  const created = r.alb.create
    ? buildAlb(scope, r, r.alb, port, vpcId, taskSecurityGroupId, tags)
    : undefined;
  // Checked: without `create`, the listener and its security group are given.
  const listenerArn = created?.listener.arn ?? (r.alb.listenerArn as pulumi.Input<string>);
  const lb = buildAlbTargets(scope, r, r.alb, port, listenerArn, vpcId, tags);
  const alb = created?.alb;
  const tg = lb.targetGroup;
  if (!tg) return lb;
  const resourceLabel = alb
    ? pulumi.interpolate`${alb.arnSuffix}/${tg.arnSuffix}`
    : pulumi
        .all([pulumi.output(r.alb.listenerArn as pulumi.Input<string>), tg.arnSuffix])
        .apply(([l, g]) => `${loadBalancerLabelOf(l)}/${g}`);
  return {
    ...lb,
    resourceLabel,
    ...(created ? { alb: created.alb, albSecurityGroupId: created.securityGroupId } : {}),
  };
}

/**
 * The `app/<name>/<id>` part of a checked ALB listener ARN
 * (`arn:<partition>:elasticloadbalancing:<region>:<account>:listener/app/<name>/<id>/<listener id>`),
 * the load balancer half of an `ALBRequestCountPerTarget` resource label.
 */
export function loadBalancerLabelOf(listenerArn: string): string {
  const parts = parseArn(listenerArn)?.resourceId?.split("/") ?? [];
  if (parts.length < 4) throw new Error(`loadBalancerLabelOf: not an ALB listener ARN: ${listenerArn}`);
  return parts.slice(0, 3).join("/");
}

/** A created ALB: its security group and rules, the load balancer, HTTPS and HTTP-redirect listeners. */
function buildAlb(
  scope: pulumi.Resource,
  r: ResolvedFargateServiceArgs,
  alb: ResolvedAlb,
  port: number,
  vpcId: pulumi.Input<string>,
  taskSecurityGroupId: pulumi.Input<string>,
  tags: pulumi.Input<Record<string, string>>,
): { alb: aws.lb.LoadBalancer; listener: aws.lb.Listener; securityGroupId: pulumi.Output<string> } {
  const create = alb.create as NonNullable<ResolvedAlb["create"]>;
  const n = r.names as NamedChildren;
  const sg = new aws.ec2.SecurityGroup(
    n.albSecurityGroup,
    {
      vpcId,
      // EC2 allows only a-zA-Z0-9. _-:/()#,@[]+=&;{}!$* in descriptions (no apostrophe).
      description: `ALB of ${r.name}: HTTPS and HTTP (redirected) in, to the service port out`,
      tags,
    },
    { parent: scope },
  );
  buildIngressRules(scope, sg.id, r.albIngress);
  new aws.vpc.SecurityGroupEgressRule(
    n.albEgress,
    {
      securityGroupId: sg.id,
      ipProtocol: "tcp",
      fromPort: port,
      toPort: port,
      referencedSecurityGroupId: taskSecurityGroupId,
      description: "To the tasks",
    },
    { parent: scope },
  );
  const lb = new aws.lb.LoadBalancer(
    n.alb,
    {
      loadBalancerType: "application",
      internal: create.internal,
      subnets: create.subnetIds,
      securityGroups: [sg.id],
      dropInvalidHeaderFields: true,
      enableDeletionProtection: create.deletionProtection,
      idleTimeout: create.idleTimeout,
      desyncMitigationMode: "defensive",
      ...(create.accessLogsBucket !== undefined
        ? {
            accessLogs: {
              enabled: true,
              bucket: create.accessLogsBucket,
              ...(create.accessLogsPrefix !== undefined ? { prefix: create.accessLogsPrefix } : {}),
            },
          }
        : {}),
      tags,
    },
    { parent: scope },
  );
  const listener = new aws.lb.Listener(
    n.httpsListener,
    {
      loadBalancerArn: lb.arn,
      port: 443,
      protocol: "HTTPS",
      sslPolicy: TLS_POLICY,
      certificateArn: create.certificateArn,
      defaultActions: [
        {
          type: "fixed-response",
          fixedResponse: { contentType: "text/plain", statusCode: "404", messageBody: "Not found" },
        },
      ],
      tags,
    },
    { parent: scope },
  );
  new aws.lb.Listener(
    n.httpListener,
    {
      loadBalancerArn: lb.arn,
      port: 80,
      protocol: "HTTP",
      defaultActions: [
        { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
      ],
      tags,
    },
    { parent: scope },
  );
  return { alb: lb, listener, securityGroupId: sg.id };
}

/**
 * The target group, and for progressive deployments (blue/green, canary, linear) the alternate one
 * with the same settings, which ECS shifts traffic to.
 */
function buildTargetGroups(
  scope: pulumi.Resource,
  r: ResolvedFargateServiceArgs,
  n: NamedChildren,
  tgArgs: aws.lb.TargetGroupArgs,
): { targetGroup: aws.lb.TargetGroup; alternateTargetGroup: aws.lb.TargetGroup | undefined } {
  const targetGroup = new aws.lb.TargetGroup(n.targetGroup, tgArgs, { parent: scope });
  const alternateTargetGroup = r.progressive
    ? new aws.lb.TargetGroup(n.alternateTargetGroup, tgArgs, { parent: scope })
    : undefined;
  return { targetGroup, alternateTargetGroup };
}

/** The ALB target group (and the alternate one of progressive deployments) and the listener rule. */
function buildAlbTargets(
  scope: pulumi.Resource,
  r: ResolvedFargateServiceArgs,
  alb: ResolvedAlb,
  port: number,
  listenerArn: pulumi.Input<string>,
  vpcId: pulumi.Input<string>,
  tags: pulumi.Input<Record<string, string>>,
): LoadBalancing {
  const n = r.names as NamedChildren;
  const tgArgs: aws.lb.TargetGroupArgs = {
    vpcId,
    targetType: "ip",
    port,
    protocol: "HTTP",
    protocolVersion: "HTTP1",
    deregistrationDelay: alb.deregistrationDelay,
    healthCheck: {
      enabled: true,
      path: alb.healthCheckPath,
      matcher: alb.healthCheckMatcher,
      interval: alb.healthCheckInterval,
      healthyThreshold: 2,
      unhealthyThreshold: 3,
      timeout: 5,
    },
    tags,
  };
  const { targetGroup, alternateTargetGroup } = buildTargetGroups(scope, r, n, tgArgs);
  const conditions: aws.types.input.lb.ListenerRuleCondition[] = [];
  if (alb.hostHeaders.length) conditions.push({ hostHeader: { values: alb.hostHeaders } });
  if (alb.pathPatterns.length) conditions.push({ pathPattern: { values: alb.pathPatterns } });
  const production = new aws.lb.ListenerRule(
    n.listenerRule,
    {
      listenerArn,
      priority: alb.priority,
      conditions,
      actions: [
        alternateTargetGroup
          ? {
              type: "forward",
              forward: {
                targetGroups: [
                  { arn: targetGroup.arn, weight: 100 },
                  { arn: alternateTargetGroup.arn, weight: 0 },
                ],
              },
            }
          : { type: "forward", targetGroupArn: targetGroup.arn },
      ],
      tags,
    },
    // ECS shifts the weights during blue/green, canary and linear deployments.
    { parent: scope, ...(r.progressive ? { ignoreChanges: ["actions"] } : {}) },
  );
  return { targetGroup, ...(alternateTargetGroup ? { alternateTargetGroup } : {}), production };
}

/** The NLB target group (and the alternate one of progressive deployments) and the listener. */
function buildNlbTargets(
  scope: pulumi.Resource,
  r: ResolvedFargateServiceArgs,
  nlb: ResolvedNlb,
  port: number,
  vpcId: pulumi.Input<string>,
  tags: pulumi.Input<Record<string, string>>,
): LoadBalancing {
  const n = r.names as NamedChildren;
  const tgArgs: aws.lb.TargetGroupArgs = {
    vpcId,
    targetType: "ip",
    port,
    protocol: nlb.udp ? nlb.protocol : "TCP",
    deregistrationDelay: nlb.deregistrationDelay,
    // Explicit for TCP/TLS, so the security group rules match what the targets see; UDP and
    // TCP_UDP always preserve client IPs and take no setting.
    ...(nlb.udp ? {} : { preserveClientIp: String(nlb.preserveClientIp) }),
    healthCheck: {
      enabled: true,
      protocol: "TCP",
      ...(nlb.healthCheckPort !== port ? { port: String(nlb.healthCheckPort) } : {}),
      interval: 10,
      healthyThreshold: 2,
      unhealthyThreshold: 2,
    },
    tags,
  };
  const { targetGroup, alternateTargetGroup } = buildTargetGroups(scope, r, n, tgArgs);
  const production = new aws.lb.Listener(
    n.listener,
    {
      loadBalancerArn: nlb.loadBalancerArn,
      port: nlb.port,
      protocol: nlb.protocol,
      ...(nlb.protocol === "TLS" ? { certificateArn: nlb.certificateArn, sslPolicy: TLS_POLICY } : {}),
      defaultActions: [{ type: "forward", targetGroupArn: targetGroup.arn }],
      tags,
    },
    // ECS switches the listener between the two target groups in progressive deployments.
    { parent: scope, ...(r.progressive ? { ignoreChanges: ["defaultActions"] } : {}) },
  );
  return { targetGroup, ...(alternateTargetGroup ? { alternateTargetGroup } : {}), production };
}
