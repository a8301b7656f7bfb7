import { type AwakeSchedule, componentTags, mergeTags, Validator } from "@berth/core";
import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { SpotArgs } from "./capacity";
import { FARGATE_SERVICE_TYPE, resolveFargateServiceArgs } from "./fargate-service-resolve";
import type { LatticeTarget } from "./roles";
import type { ServiceScalingArgs } from "./scaling";
import { buildServiceScaling } from "./service-autoscaling";
import { buildLoadBalancing } from "./service-load-balancer";
import { clusterNameOf, serviceNetworkInputs } from "./service-network";
import { buildService } from "./service-resource";
import { buildIngressRules, buildTaskSecurityGroup } from "./service-security-group";
import { buildDiscovery, buildInfrastructureRoles } from "./service-wiring";
import { awsContext, createFargateTask, type FargateTaskArgs } from "./task";

export type { LoadBalancerTarget } from "./fargate-service-checks";
export type { ResolvedIngressRule } from "./fargate-service-ingress";
export type { FargateServiceNames } from "./fargate-service-names";
export {
  FARGATE_SERVICE_TYPE,
  type ResolvedAlb,
  type ResolvedDeployment,
  type ResolvedFargateServiceArgs,
  type ResolvedNlb,
  resolveFargateServiceArgs,
} from "./fargate-service-resolve";
export { TLS_POLICY } from "./service-load-balancer";
export { checkCluster, checkVpcId, clusterNameOf, networkInputs } from "./service-network";
export { LOAD_BALANCER_INFRASTRUCTURE_POLICY } from "./service-wiring";

/** The protocol of an NLB listener. */
export const NlbProtocol = {
  /** TCP. */
  Tcp: "TCP",
  /** TLS, terminated at the NLB with `certificateArn`. */
  Tls: "TLS",
  /** UDP. */
  Udp: "UDP",
  /** TCP and UDP on the same port. */
  TcpUdp: "TCP_UDP",
} as const;
/** The protocol of an NLB listener. */
export type NlbProtocol = (typeof NlbProtocol)[keyof typeof NlbProtocol];

/** How ECS replaces the tasks of a service. */
export const DeploymentStrategy = {
  /** Rolling update. */
  Rolling: "ROLLING",
  /** ECS native blue/green: all traffic shifts at once after the new tasks are healthy. */
  BlueGreen: "BLUE_GREEN",
  /** ECS native canary: a share of traffic first, then the rest. */
  Canary: "CANARY",
  /** ECS native linear: traffic shifts in equal steps. */
  Linear: "LINEAR",
} as const;
/** How ECS replaces the tasks of a service. */
export type DeploymentStrategy = (typeof DeploymentStrategy)[keyof typeof DeploymentStrategy];

/** Who owns the running task count of a service. */
export const DesiredCountOwner = {
  /** This program's `desiredCount`. */
  Iac: "iac",
  /** Application Auto Scaling (the service ignores `desiredCount` changes). */
  Autoscaler: "autoscaler",
} as const;
/** Who owns the running task count of a service. */
export type DesiredCountOwner = (typeof DesiredCountOwner)[keyof typeof DesiredCountOwner];

/** Registration in a Cloud Map namespace (A records). */
export interface ServiceDiscoveryArgs {
  /** Cloud Map namespace id. */
  namespaceId: pulumi.Input<string>;
  /** Service name in the namespace. @default the component name */
  name?: string;
  /** TTL of the A records in seconds. @default 10 */
  dnsTtl?: number;
}

/** A named container port published through Service Connect. */
export interface ServiceConnectService {
  /** Name of the container port mapping. */
  portName: string;
  /** Cloud Map service name. @default portName */
  discoveryName?: string;
  /** DNS name clients use. @default discoveryName */
  dnsName?: string;
  /** Port clients use. @default the container port */
  port?: number;
}

/** Service Connect: the namespace, and the named ports to publish (none: client only). */
export interface ServiceConnectArgs {
  /** Namespace ARN or name. */
  namespace: pulumi.Input<string>;
  /** Named ports to publish. @default [] (client only) */
  services?: ServiceConnectService[];
}

/** An ALB to create in front of the service. */
export interface CreateAlbArgs {
  /** ACM certificate ARN of the HTTPS listener. */
  certificateArn: pulumi.Input<string>;
  /** Subnets of the ALB (public subnets for an internet-facing ALB). */
  subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** Internal ALB (private subnets). @default false */
  internal?: boolean;
  /** CIDR blocks allowed to reach ports 80 and 443 of the ALB. @default ["0.0.0.0/0"] when internet-facing; required when internal */
  ingressCidrs?: string[];
  /** Idle timeout in seconds. @default 60 */
  idleTimeout?: number;
  /** Deletion protection. @default true */
  deletionProtection?: boolean;
  /** S3 bucket (name) for access logs; its policy must let the regional ELB account write. @default no access logs */
  accessLogsBucket?: pulumi.Input<string>;
  /** Key prefix of the access logs. @default none */
  accessLogsPrefix?: string;
}

/** How the service is reached through an Application Load Balancer. */
export interface AlbArgs {
  /** HTTPS listener of an existing ALB to add a rule to. Give this and `securityGroupId`, or `create`. @default none */
  listenerArn?: pulumi.Input<string>;
  /** Security group of the existing ALB; the service accepts traffic only from it. @default none */
  securityGroupId?: pulumi.Input<string>;
  /** Create an ALB (HTTPS + HTTP-to-HTTPS redirect, invalid headers dropped). @default none */
  create?: CreateAlbArgs;
  /** Host headers the rule matches. @default any host */
  hostHeaders?: string[];
  /** Path patterns the rule matches. @default ["/*"] when no host header is given */
  pathPatterns?: string[];
  /** Listener rule priority, 1 to 50000, unique on the listener. @default 100 */
  priority?: number;
  /** Container receiving traffic. @default the first container with a port */
  containerName?: string;
  /** Container port receiving traffic. @default its first port */
  containerPort?: number;
  /** Health check path. @default "/" */
  healthCheckPath?: string;
  /** Healthy HTTP codes. @default "200-399" */
  healthCheckMatcher?: string;
  /** Seconds between health checks, 5 to 300. @default 15 */
  healthCheckInterval?: number;
  /** Seconds a draining target keeps connections, 0 to 3600. @default 30 */
  deregistrationDelay?: number;
  /** Seconds ECS ignores failing health checks of a new task. @default 60 */
  healthCheckGracePeriod?: number;
}

/** How the service is reached through an existing Network Load Balancer. */
export interface NlbArgs {
  /** ARN of the NLB; a listener and a target group are created for the service. */
  loadBalancerArn: pulumi.Input<string>;
  /** Listener port. */
  port: number;
  /** Listener protocol. @default "TCP" */
  protocol?: NlbProtocol;
  /** Certificate for a TLS listener. @default none */
  certificateArn?: pulumi.Input<string>;
  /** Security group of the NLB (if it has one); traffic and health checks are allowed from it. @default none */
  securityGroupId?: pulumi.Input<string>;
  /**
   * CIDR blocks of the NLB's subnets. Health checks always, and traffic when client IPs are not
   * preserved, come from the NLB's private addresses in these subnets. Required without `securityGroupId`.
   * @default []
   */
  subnetCidrs?: string[];
  /**
   * Keep the clients' source addresses (target group attribute `preserve_client_ip.enabled`). ELB
   * turns it on for UDP and TCP_UDP and it cannot be turned off there; for TCP and TLS `ip` targets
   * it is off by default (ELB NLB guide, "Edit target group attributes", Client IP preservation).
   * @default true for UDP and TCP_UDP, false for TCP and TLS
   */
  preserveClientIp?: boolean;
  /** Client CIDR blocks allowed to the tasks; only meaningful when client IPs are preserved. @default [] */
  sourceCidrs?: string[];
  /** TCP port of the health check; required for UDP (a UDP port cannot be checked). @default the traffic port */
  healthCheckPort?: number;
  /** Container receiving traffic. @default the first container with a port */
  containerName?: string;
  /** Container port. @default its first port */
  containerPort?: number;
  /** Seconds a draining target keeps connections. @default 30 */
  deregistrationDelay?: number;
}

/** Deployment behaviour. */
export interface DeploymentArgs {
  /** `ROLLING`, or ECS native `BLUE_GREEN`, `CANARY`, `LINEAR`. @default "ROLLING" */
  strategy?: DeploymentStrategy;
  /** Minutes both revisions run after the shift before the old one is stopped (0 to 1440). @default 5 for BLUE_GREEN/CANARY/LINEAR */
  bakeTimeMinutes?: number;
  /** Percent of traffic to the canary (0.1 to 100). @default 10 */
  canaryPercent?: number;
  /** Minutes of the canary phase (0 to 1440). @default 5 */
  canaryBakeTimeMinutes?: number;
  /** Percent per linear step (3 to 100). @default 20 */
  linearStepPercent?: number;
  /** Minutes between linear steps (0 to 1440). @default 2 */
  linearStepBakeTimeMinutes?: number;
  /** CloudWatch alarms that stop and roll back a deployment (ROLLING and BLUE_GREEN only). @default [] */
  alarmNames?: pulumi.Input<string>[];
  /** Circuit breaker with rollback (ROLLING and BLUE_GREEN only). @default true for ROLLING and BLUE_GREEN, not sent for CANARY and LINEAR */
  circuitBreaker?: boolean;
  /** Minimum healthy percent during a rolling deployment. @default 100 */
  minimumHealthyPercent?: number;
  /** Maximum percent during a rolling deployment. @default 200 */
  maximumPercent?: number;
  /** Wait for the service to reach a steady state in `pulumi up`. @default true */
  waitForSteadyState?: boolean;
}

/** Arguments of {@link FargateService}. */
export interface FargateServiceArgs extends FargateTaskArgs {
  /** ARN of the ECS cluster to run in (a Berth `Cluster`'s `arn`). */
  clusterArn: pulumi.Input<string>;
  /** VPC of the service security group. Required: Berth never falls back to the default VPC. */
  vpcId: pulumi.Input<string>;
  /** Subnets of the tasks (private subnets). */
  subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** Give tasks a public IP (only for public subnets without NAT). @default false */
  assignPublicIp?: boolean;
  /** Extra security groups for the tasks. @default [] */
  securityGroupIds?: pulumi.Input<string>[];
  /**
   * Security groups allowed to reach the container ports (besides the load balancer), keyed by a
   * name you choose (letters, digits and hyphens, starting with a letter): the key names the rules
   * (`<name>-from-sg-<key>-<port>`), so a group known only at deploy time (an output) still gets a
   * stable name, and removing one group replaces no other rule. E.g. `{ lattice: "sg-0123..." }`.
   * Replaces `ingressSecurityGroupIds` (a list named by position): keys in the order of the old
   * list keep the rules through aliases. @default {}
   */
  ingressSecurityGroups?: Record<string, pulumi.Input<string>>;
  /** CIDR blocks allowed to reach the container ports. `0.0.0.0/0` is refused. @default [] */
  ingressCidrs?: string[];
  /** Tasks to run when there is no autoscaling. @default 2 */
  desiredCount?: number;
  /** Spot placement with an on-demand base, e.g. `{ base: 1, weight: 3 }`. @default on demand only */
  spot?: SpotArgs;
  /** Attach to (or create) an ALB. @default none */
  loadBalancer?: AlbArgs;
  /** Attach to an existing NLB. @default none */
  networkLoadBalancer?: NlbArgs;
  /** Application Auto Scaling; the service then ignores changes to `desiredCount`. @default none */
  autoscaling?: ServiceScalingArgs;
  /**
   * Who owns the running task count: `iac` (this program's `desiredCount`) or `autoscaler` (the
   * service ignores `desiredCount` changes). @default "autoscaler" with `autoscaling`, else "iac"
   */
  desiredCountOwner?: DesiredCountOwner;
  /**
   * When the service runs: outside these hours Application Auto Scaling scheduled actions set its
   * scalable target to 0 tasks (`${name}-scaling-sleep`) and restore the awake bounds on waking
   * (`${name}-scaling-wake`): `autoscaling`'s min and max, or `desiredCount` for both when there is
   * no autoscaling (the service then gets a scalable target without policies). The autoscaler then
   * owns the task count, so `desiredCountOwner: "iac"` is refused. @default always awake
   */
  awake?: AwakeSchedule;
  /** Deployment settings. @default rolling with circuit breaker and rollback */
  deployment?: DeploymentArgs;
  /** Turn on ECS Exec (task role gets the SSM channel actions, init process on). @default false */
  enableExec?: boolean;
  /**
   * ARN of the log group the cluster writes ECS Exec sessions to (a Berth `Cluster`'s
   * `execLogGroupArn`); with `enableExec` the task role may write exactly there. Give it whenever
   * the cluster logs exec sessions to CloudWatch, or sessions fail. @default none
   */
  execLogGroupArn?: pulumi.Input<string>;
  /** KMS key the cluster encrypts ECS Exec sessions with (a `Cluster`'s `execKmsKeyArn`); the task role may decrypt with it. @default none */
  execKmsKeyArn?: pulumi.Input<string>;
  /** Register in a Cloud Map namespace (A records). @default none */
  serviceDiscovery?: ServiceDiscoveryArgs;
  /** Service Connect: namespace ARN or name, and the named ports to publish (none: client only). @default none */
  serviceConnect?: ServiceConnectArgs;
  /** VPC Lattice target groups to register the tasks into. @default [] */
  latticeTargets?: LatticeTarget[];
  /** ECS infrastructure role for Lattice. @default created with AmazonECSInfrastructureRolePolicyForVpcLattice */
  latticeInfrastructureRoleArn?: pulumi.Input<string>;
}

/** Listener rule priorities taken per listener ARN in the running stack (one map per stack run). */
const PRIORITIES = new WeakMap<object, Map<string, Map<number, string>>>();

/**
 * Claims a listener rule priority for `owner` on a listener given by a plain ARN: two rules with
 * the same priority on one listener fail at create time (ELB CreateRule: PriorityInUse). Listener
 * ARNs known only later (a created ALB's) are one per service and need no check.
 */
function claimPriority(v: Validator, listenerArn: unknown, priority: number, owner: string): void {
  const stack = pulumi.runtime.getStackResource();
  if (stack === undefined || typeof listenerArn !== "string") return;
  const byListener = PRIORITIES.get(stack) ?? new Map<string, Map<number, string>>();
  PRIORITIES.set(stack, byListener);
  const taken = byListener.get(listenerArn) ?? new Map<number, string>();
  byListener.set(listenerArn, taken);
  const other = taken.get(priority);
  if (other !== undefined && other !== owner) {
    v.check(
      false,
      "loadBalancer.priority",
      priority,
      `a priority not used by another rule on listener ${listenerArn} (FargateService "${other}" has it)`,
    );
    return;
  }
  taken.set(priority, owner);
}

/**
 * A long-running ECS service on Fargate: task definition from typed containers, computed roles, a
 * security group open only to its load balancer, optional ALB/NLB, Spot strategy, autoscaling,
 * deployments with circuit breaker, EFS, Cloud Map, Service Connect, ECS Exec and VPC Lattice.
 */
export class FargateService extends pulumi.ComponentResource {
  /** Service name. */
  readonly serviceName: pulumi.Output<string>;
  /** Service ARN. */
  readonly serviceArn: pulumi.Output<string>;
  /** Task definition ARN (with revision). */
  readonly taskDefinitionArn: pulumi.Output<string>;
  /** Task definition family. */
  readonly family: string;
  /** Security group of the tasks. */
  readonly securityGroupId: pulumi.Output<string>;
  /** Container log group name. */
  readonly logGroupName: pulumi.Output<string>;
  /** Execution role ARN. */
  readonly executionRoleArn: pulumi.Output<string>;
  /** Task role ARN. */
  readonly taskRoleArn: pulumi.Output<string>;
  /** Target group ARN when load balanced. */
  readonly targetGroupArn: pulumi.Output<string | undefined>;
  /** DNS name of the created ALB. */
  readonly loadBalancerDnsName: pulumi.Output<string | undefined>;
  /** Cluster name. */
  readonly clusterName: pulumi.Output<string>;
  /** The ECS service resource (for `dependsOn` and further wiring). */
  readonly service: aws.ecs.Service;

  constructor(name: string, args: FargateServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super(FARGATE_SERVICE_TYPE, name, {}, opts);
    // Resolve (check and fill every default), then the builders in reading order: task definition
    // and roles, the tasks' security group, load balancer (ALB or NLB), ingress rules, Cloud Map,
    // ECS infrastructure roles, the service, and its scaling and sleep schedule.
    const r = resolveFargateServiceArgs(name, args);
    const v = new Validator(FARGATE_SERVICE_TYPE, name);
    // Priorities are unique per listener across the stack: checked against the other services.
    if (r.alb?.listenerArn !== undefined) claimPriority(v, r.alb.listenerArn, r.alb.priority, name);
    v.throwIfAny();
    const tags = mergeTags(componentTags(FARGATE_SERVICE_TYPE, name), args.tags);
    const ctx = awsContext(this);
    const net = serviceNetworkInputs(v, args);

    const task = createFargateTask(name, args, ctx, this, {
      exec: r.exec,
      ...(args.execLogGroupArn !== undefined ? { execLogGroupArn: args.execLogGroupArn } : {}),
      ...(args.execKmsKeyArn !== undefined ? { execKmsKeyArn: args.execKmsKeyArn } : {}),
      tags,
    });
    const sg = buildTaskSecurityGroup(this, r, net.vpcId, tags);
    const lb = buildLoadBalancing(this, r, net.vpcId, sg.id, tags);
    buildIngressRules(this, sg.id, r.ingress, lb.albSecurityGroupId);
    const discovery = buildDiscovery(this, r, tags);
    const roles = buildInfrastructureRoles(this, r, lb.production !== undefined, ctx, tags);
    this.service = buildService(
      this,
      r,
      {
        clusterArn: net.clusterArn,
        subnetIds: net.subnetIds,
        securityGroupId: sg.id,
        task,
        lb,
        discovery,
        roles,
        ctx,
      },
      tags,
    );
    const clusterName = pulumi.output(net.clusterArn).apply(clusterNameOf);
    buildServiceScaling(this, r, { clusterName, serviceName: this.service.name }, lb);

    this.serviceName = this.service.name;
    this.serviceArn = this.service.arn;
    this.taskDefinitionArn = task.taskDefinition.arn;
    this.family = task.family;
    this.securityGroupId = sg.id;
    this.logGroupName = task.logGroup.name;
    this.executionRoleArn = task.roles.executionRoleArn;
    this.taskRoleArn = task.roles.taskRoleArn;
    this.targetGroupArn = lb.targetGroup ? lb.targetGroup.arn : pulumi.output(undefined);
    this.loadBalancerDnsName = lb.alb ? lb.alb.dnsName : pulumi.output(undefined);
    this.clusterName = clusterName;
    this.registerOutputs({
      serviceName: this.serviceName,
      serviceArn: this.serviceArn,
      taskDefinitionArn: this.taskDefinitionArn,
      family: this.family,
      securityGroupId: this.securityGroupId,
      logGroupName: this.logGroupName,
      executionRoleArn: this.executionRoleArn,
      taskRoleArn: this.taskRoleArn,
      targetGroupArn: this.targetGroupArn,
      loadBalancerDnsName: this.loadBalancerDnsName,
      clusterName: this.clusterName,
    });
  }
}
