import {
  type AwakeSchedule,
  componentTags,
  isPlain,
  mergeTags,
  type ResolvedAwakeSchedule,
  resolveAwakeSchedule,
  Validator,
} from "@berth/core";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkCapacityStrategy, checkSpot, fargateCapacityStrategy, type SpotArgs } from "./capacity";
import { FARGATE_SERVICE_KEYS, NESTED_KEYS } from "./known-keys";
import {
  createInfrastructureRole,
  createLatticeInfrastructureRole,
  type LatticeTarget,
  latticeConfigurations,
} from "./roles";
import {
  checkScaling,
  createServiceScaling,
  createSleepOnlyScaling,
  requestsPerTargetOfGroups,
  type ServiceScalingArgs,
} from "./scaling";
import { osOf } from "./sizes";
import {
  awsContext,
  checkArgsShape,
  checkChildNames,
  checkedWhenKnown,
  checkIdList,
  checkTaskArgs,
  createFargateTask,
  type FargateTaskArgs,
} from "./task";

/** The AWS managed policy ECS needs to shift ALB traffic in blue/green, canary and linear deployments. */
export const LOAD_BALANCER_INFRASTRUCTURE_POLICY = "AmazonECSInfrastructureRolePolicyForLoadBalancers";
/** The TLS policy of HTTPS listeners Berth creates (TLS 1.3 and 1.2 only). */
export const TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

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
  protocol?: "TCP" | "TLS" | "UDP" | "TCP_UDP";
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
  strategy?: "ROLLING" | "BLUE_GREEN" | "CANARY" | "LINEAR";
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
  /** Cluster ARN (or name) to run in. */
  cluster: pulumi.Input<string>;
  /** VPC of the service security group. Required: Berth never falls back to the default VPC. */
  vpcId: pulumi.Input<string>;
  /** Subnets of the tasks (private subnets). */
  subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** Give tasks a public IP (only for public subnets without NAT). @default false */
  assignPublicIp?: boolean;
  /** Extra security groups for the tasks. @default [] */
  securityGroupIds?: pulumi.Input<string>[];
  /** Security groups allowed to reach the container ports (besides the load balancer). @default [] */
  ingressSecurityGroupIds?: pulumi.Input<string>[];
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
  desiredCountOwner?: "iac" | "autoscaler";
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
  serviceDiscovery?: { namespaceId: pulumi.Input<string>; name?: string; dnsTtl?: number };
  /** Service Connect: namespace ARN or name, and the named ports to publish (none: client only). @default none */
  serviceConnect?: {
    namespace: pulumi.Input<string>;
    services?: Array<{ portName: string; discoveryName?: string; dnsName?: string; port?: number }>;
  };
  /** VPC Lattice target groups to register the tasks into. @default [] */
  latticeTargets?: LatticeTarget[];
  /** ECS infrastructure role for Lattice. @default created with AmazonECSInfrastructureRolePolicyForVpcLattice */
  latticeInfrastructureRoleArn?: pulumi.Input<string>;
}

const SERVICE_TYPE = "berth:ecs:FargateService";

/** The IP protocols an NLB listener protocol carries to the targets. */
function nlbIpProtocols(protocol: NlbArgs["protocol"]): Array<"tcp" | "udp"> {
  if (protocol === "UDP") return ["udp"];
  if (protocol === "TCP_UDP") return ["tcp", "udp"];
  return ["tcp"];
}

/** The port a load balancer sends to: the named container and port, or the first one with a port. */
function targetPort(
  args: FargateServiceArgs,
  containerName?: string,
  containerPort?: number,
): { name: string; port: number } | undefined {
  const c = containerName
    ? args.containers.find((x) => x.name === containerName)
    : args.containers.find((x) => (x.portMappings ?? []).length > 0);
  if (!c) return undefined;
  const port = containerPort ?? c.portMappings?.[0]?.containerPort;
  if (port === undefined || !(c.portMappings ?? []).some((p) => p.containerPort === port)) return undefined;
  return { name: c.name, port };
}

/** Checks a cluster given as an ARN or a name (ECS CreateCluster: up to 255 letters, digits, `_` and `-`). */
export function checkCluster(v: Validator, cluster: unknown, arnOnly = false): void {
  if (cluster === undefined || !isPlain(cluster)) return;
  if (typeof cluster === "string" && cluster.startsWith("arn:")) {
    v.arn("cluster", cluster, { service: "ecs", resourceType: "cluster" });
    return;
  }
  v.check(
    !arnOnly && typeof cluster === "string" && /^[A-Za-z0-9_-]{1,255}$/.test(cluster),
    "cluster",
    cluster,
    arnOnly
      ? "an ECS cluster ARN (arn:<partition>:ecs:<region>:<account>:cluster/<name>)"
      : "an ECS cluster ARN or a cluster name of up to 255 letters, digits, hyphens and underscores",
  );
}

/** Checks a VPC id: a non-empty id string (the default VPC is never assumed). */
export function checkVpcId(v: Validator, vpcId: unknown): void {
  if (vpcId === undefined || !isPlain(vpcId)) return;
  v.check(
    typeof vpcId === "string" && /^[^\s,]+$/.test(vpcId),
    "vpcId",
    vpcId,
    "a VPC id (the default VPC is never assumed)",
  );
}

/** The cluster, VPC and subnets of a service or task, checked again once known when they are outputs. */
export function networkInputs(
  v: Validator,
  args: {
    cluster: pulumi.Input<string>;
    vpcId: pulumi.Input<string>;
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  },
  clusterArnOnly = false,
): {
  cluster: pulumi.Input<string>;
  vpcId: pulumi.Input<string>;
  subnetIds: pulumi.Input<pulumi.Input<string>[]>;
} {
  return {
    cluster: checkedWhenKnown(v, args.cluster, (c, check) => {
      if (check.required("cluster", c, "the ECS cluster")) checkCluster(check, c, clusterArnOnly);
    }),
    vpcId: checkedWhenKnown(v, args.vpcId, (id, check) => {
      if (check.required("vpcId", id, "the VPC id of the tasks")) checkVpcId(check, id);
    }),
    subnetIds: checkedWhenKnown(v, args.subnetIds, (ids, check) => {
      if (check.required("subnetIds", ids, "the subnet ids of the tasks"))
        checkIdList(check, "subnetIds", ids, 1, "subnet");
    }),
  };
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
 * Checks the service's nested arguments: known properties, ARNs by service and resource type,
 * CIDR syntax, and numbers within the ranges the APIs take.
 */
function checkServiceInputs(args: FargateServiceArgs, v: Validator): void {
  checkCluster(v, args.cluster);
  v.knownKeys("spot", args.spot, NESTED_KEYS.spot);
  v.knownKeys("deployment", args.deployment, NESTED_KEYS.deployment);
  v.knownKeys("autoscaling", args.autoscaling, NESTED_KEYS.autoscaling);
  v.knownKeys("serviceDiscovery", args.serviceDiscovery, NESTED_KEYS.serviceDiscovery);
  v.knownKeys("serviceConnect", args.serviceConnect, NESTED_KEYS.serviceConnect);
  (args.serviceConnect?.services ?? []).forEach((sc, i) => {
    v.knownKeys(`serviceConnect.services[${i}]`, sc, NESTED_KEYS.serviceConnectService);
  });
  (args.latticeTargets ?? []).forEach((t, i) => {
    v.knownKeys(`latticeTargets[${i}]`, t, NESTED_KEYS.latticeTarget);
    v.arn(`latticeTargets[${i}].targetGroupArn`, t.targetGroupArn, {
      service: "vpc-lattice",
      resourceType: "targetgroup",
    });
  });
  v.arn("latticeInfrastructureRoleArn", args.latticeInfrastructureRoleArn, {
    service: "iam",
    resourceType: "role",
  });
  v.oneOf("desiredCountOwner", args.desiredCountOwner, ["iac", "autoscaler"]);
  // Cloud Map DnsRecord TTL and ECS healthCheckGracePeriodSeconds: 0 to 2147483647 seconds.
  v.intIn("serviceDiscovery.dnsTtl", args.serviceDiscovery?.dnsTtl, 0, 2147483647);
  const lb = args.loadBalancer;
  if (lb !== undefined) {
    v.knownKeys("loadBalancer", lb, NESTED_KEYS.loadBalancer);
    v.knownKeys("loadBalancer.create", lb.create, NESTED_KEYS.createAlb);
    v.arn("loadBalancer.listenerArn", lb.listenerArn, {
      service: "elasticloadbalancing",
      resourceType: "listener",
    });
    v.arn("loadBalancer.create.certificateArn", lb.create?.certificateArn, {
      service: ["acm", "iam"],
      resourceType: ["certificate", "server-certificate"],
    });
    (lb.create?.ingressCidrs ?? []).forEach((c, i) => {
      v.cidr(`loadBalancer.create.ingressCidrs[${i}]`, c);
    });
    if (lb.create?.internal)
      v.notInternet("loadBalancer.create.ingressCidrs", lb.create.ingressCidrs, "an internal load balancer");
    // ELB CreateLoadBalancer: an Application Load Balancer needs subnets in at least two Availability Zones.
    checkIdList(v, "loadBalancer.create.subnetIds", lb.create?.subnetIds, 2, "subnet");
    // ELB load balancer attribute idle_timeout.timeout_seconds: 1 to 4000.
    v.intIn("loadBalancer.create.idleTimeout", lb.create?.idleTimeout, 1, 4000);
    v.intIn("loadBalancer.healthCheckGracePeriod", lb.healthCheckGracePeriod, 0, 2147483647);
    v.intIn("loadBalancer.containerPort", lb.containerPort, 1, 65535);
    if (lb.healthCheckPath !== undefined)
      // ELB CreateTargetGroup HealthCheckPath: 1 to 1024 characters, starting with /.
      v.check(
        typeof lb.healthCheckPath === "string" && /^\/\S{0,1023}$/.test(lb.healthCheckPath),
        "loadBalancer.healthCheckPath",
        lb.healthCheckPath,
        "a path starting with / of at most 1024 characters, without spaces",
      );
  }
  const nlb = args.networkLoadBalancer;
  if (nlb !== undefined) {
    v.knownKeys("networkLoadBalancer", nlb, NESTED_KEYS.networkLoadBalancer);
    v.arn("networkLoadBalancer.loadBalancerArn", nlb.loadBalancerArn, {
      service: "elasticloadbalancing",
      resourceType: "loadbalancer",
    });
    v.arn("networkLoadBalancer.certificateArn", nlb.certificateArn, {
      service: ["acm", "iam"],
      resourceType: ["certificate", "server-certificate"],
    });
    v.oneOf("networkLoadBalancer.protocol", nlb.protocol, ["TCP", "TLS", "UDP", "TCP_UDP"]);
    v.intIn("networkLoadBalancer.deregistrationDelay", nlb.deregistrationDelay, 0, 3600);
    v.intIn("networkLoadBalancer.containerPort", nlb.containerPort, 1, 65535);
  }
}

/** The arguments of a {@link FargateService}, checked, with the defaults every builder reads. */
export interface ResolvedFargateServiceArgs {
  /** The arguments as given (every field checked). */
  args: FargateServiceArgs;
  /** The deployment settings given, or none. */
  deployment: DeploymentArgs;
  /** `ROLLING`, `BLUE_GREEN`, `CANARY` or `LINEAR`. */
  strategy: NonNullable<DeploymentArgs["strategy"]>;
  /** True for blue/green, canary and linear: two target groups that ECS alternates. */
  progressive: boolean;
  /** True when the circuit breaker and rollback alarms apply (`ROLLING`, `BLUE_GREEN`). */
  failureDetection: boolean;
  /** ECS Exec on. */
  exec: boolean;
  /** The autoscaler owns the task count (the service ignores `desiredCount`). */
  autoscaled: boolean;
  /** The task count sent at creation. */
  desiredCount: number;
  /** The checked sleep schedule. */
  awake: ResolvedAwakeSchedule | undefined;
  /** The container and port a load balancer sends to, if any. */
  lbTarget: { name: string; port: number } | undefined;
}

/**
 * Checks every argument of a {@link FargateService} (plain values now; values known later are
 * checked again when known, by the builders) and fills its defaults, without creating anything.
 * Throws one `BerthValidationError` with every issue found. (Issue 19, first step: the builders
 * still live in the constructor.)
 */
export function resolveFargateServiceArgs(
  name: string,
  args: FargateServiceArgs,
): ResolvedFargateServiceArgs {
  const v = new Validator(SERVICE_TYPE, name);
  if (
    !checkArgsShape(v, args, FARGATE_SERVICE_KEYS, {
      cluster: "the ECS cluster ARN or name",
      vpcId: "the VPC id of the tasks (the default VPC is never assumed)",
      subnetIds: "the subnet ids of the tasks",
      containers: "the containers of the task",
    })
  )
    v.throwIfAny();
  checkServiceInputs(args, v);
  checkTaskArgs(args, v);
  const os = osOf(args.operatingSystemFamily);
  const arch = args.cpuArchitecture ?? (os === "WINDOWS" ? "X86_64" : "ARM64");
  v.merge(checkSpot(args.spot));
  if (args.spot) {
    v.merge(
      checkCapacityStrategy(fargateCapacityStrategy(args.spot), "spot", {
        fargate: true,
        os,
        cpuArchitecture: arch,
        platformVersion: args.platformVersion ?? "LATEST",
      }).filter((i) => i.path === "platformVersion" || i.path.endsWith("capacityProvider")),
    );
  }
  if (args.desiredCount !== undefined) {
    v.check(
      Number.isInteger(args.desiredCount) && args.desiredCount >= 0 && args.desiredCount <= 5000,
      "desiredCount",
      args.desiredCount,
      "an integer from 0 to 5000",
    );
  }
  (args.ingressCidrs ?? []).forEach((cidr, i) => {
    v.cidr(`ingressCidrs[${i}]`, cidr);
  });
  v.notInternet("ingressCidrs", args.ingressCidrs, "task ingress (put a load balancer in front)");
  checkVpcId(v, args.vpcId);
  checkIdList(v, "subnetIds", args.subnetIds, 1, "subnet");
  const lb = args.loadBalancer;
  const nlb = args.networkLoadBalancer;
  v.check(
    !(lb && nlb),
    "networkLoadBalancer",
    "both loadBalancer and networkLoadBalancer",
    "one of loadBalancer or networkLoadBalancer",
  );
  let lbTarget: { name: string; port: number } | undefined;
  if (lb) {
    v.check(
      (lb.listenerArn !== undefined) !== (lb.create !== undefined),
      "loadBalancer",
      lb.listenerArn !== undefined ? "listenerArn and create" : "neither listenerArn nor create",
      "exactly one of listenerArn (with securityGroupId) or create",
    );
    if (lb.listenerArn !== undefined) {
      v.check(
        lb.securityGroupId !== undefined,
        "loadBalancer.securityGroupId",
        undefined,
        "the security group of the ALB the listener belongs to",
      );
    }
    const priority = lb.priority ?? 100;
    v.check(
      Number.isInteger(priority) && priority >= 1 && priority <= 50000,
      "loadBalancer.priority",
      priority,
      "an integer from 1 to 50000",
    );
    const values = (lb.hostHeaders?.length ?? 0) + (lb.pathPatterns?.length ?? 0);
    v.check(
      values <= 5,
      "loadBalancer",
      `${values} host and path values`,
      "at most 5 host header and path pattern values in one rule",
    );
    if (lb.deregistrationDelay !== undefined) {
      v.check(
        Number.isInteger(lb.deregistrationDelay) &&
          lb.deregistrationDelay >= 0 &&
          lb.deregistrationDelay <= 3600,
        "loadBalancer.deregistrationDelay",
        lb.deregistrationDelay,
        "an integer from 0 to 3600",
      );
    }
    if (lb.healthCheckInterval !== undefined) {
      v.check(
        Number.isInteger(lb.healthCheckInterval) &&
          lb.healthCheckInterval >= 5 &&
          lb.healthCheckInterval <= 300,
        "loadBalancer.healthCheckInterval",
        lb.healthCheckInterval,
        "an integer from 5 to 300",
      );
    }
    if (lb.create?.internal) {
      v.check(
        (lb.create.ingressCidrs?.length ?? 0) > 0,
        "loadBalancer.create.ingressCidrs",
        lb.create.ingressCidrs,
        "the CIDR blocks of the clients of an internal ALB",
      );
    }
    lbTarget = targetPort(args, lb.containerName, lb.containerPort);
    v.check(
      lbTarget !== undefined,
      lb.containerPort !== undefined ? "loadBalancer.containerPort" : "loadBalancer.containerName",
      lb.containerPort ?? lb.containerName,
      "a container and one of its portMappings",
    );
  }
  if (nlb) {
    v.check(
      Number.isInteger(nlb.port) && nlb.port >= 1 && nlb.port <= 65535,
      "networkLoadBalancer.port",
      nlb.port,
      "an integer from 1 to 65535",
    );
    v.check(
      nlb.securityGroupId !== undefined || (nlb.subnetCidrs?.length ?? 0) > 0,
      "networkLoadBalancer.subnetCidrs",
      nlb.subnetCidrs,
      "the CIDR blocks of the NLB subnets (health checks come from the NLB private addresses), or the NLB securityGroupId",
    );
    const udp = nlb.protocol === "UDP" || nlb.protocol === "TCP_UDP";
    if (udp)
      v.check(
        nlb.preserveClientIp !== false,
        "networkLoadBalancer.preserveClientIp",
        nlb.preserveClientIp,
        "true or unset for UDP and TCP_UDP (ELB always preserves client IPs there)",
      );
    if ((nlb.sourceCidrs?.length ?? 0) > 0)
      v.check(
        udp || nlb.preserveClientIp === true,
        "networkLoadBalancer.sourceCidrs",
        nlb.sourceCidrs,
        "client CIDRs only with preserveClientIp: true (TCP and TLS ip targets otherwise see the NLB addresses, so subnetCidrs cover the traffic)",
      );
    v.check(
      nlb.protocol !== "UDP" || nlb.healthCheckPort !== undefined,
      "networkLoadBalancer.healthCheckPort",
      nlb.healthCheckPort,
      "a TCP port the container answers health checks on (required for a UDP listener)",
    );
    if (nlb.healthCheckPort !== undefined)
      v.check(
        Number.isInteger(nlb.healthCheckPort) && nlb.healthCheckPort >= 1 && nlb.healthCheckPort <= 65535,
        "networkLoadBalancer.healthCheckPort",
        nlb.healthCheckPort,
        "an integer from 1 to 65535",
      );
    v.check(
      (nlb.protocol === "TLS") === (nlb.certificateArn !== undefined),
      "networkLoadBalancer.certificateArn",
      nlb.certificateArn === undefined ? undefined : "set",
      "a certificate exactly when protocol is TLS",
    );
    (nlb.sourceCidrs ?? []).forEach((cidr, i) => {
      v.cidr(`networkLoadBalancer.sourceCidrs[${i}]`, cidr);
    });
    (nlb.subnetCidrs ?? []).forEach((cidr, i) => {
      v.cidr(`networkLoadBalancer.subnetCidrs[${i}]`, cidr);
    });
    v.notInternet(
      "networkLoadBalancer.sourceCidrs",
      nlb.sourceCidrs,
      "task ingress (a public NLB should carry a security group)",
    );
    lbTarget = targetPort(args, nlb.containerName, nlb.containerPort);
    v.check(
      lbTarget !== undefined,
      "networkLoadBalancer.containerName",
      nlb.containerName ?? nlb.containerPort,
      "a container and one of its portMappings",
    );
    if (lbTarget) {
      const target = lbTarget;
      const mapped = args.containers
        .filter((c) => c.name === target.name)
        .flatMap((c) => c.portMappings ?? [])
        .filter((p) => p.containerPort === target.port)
        .map((p) => p.protocol ?? "tcp");
      const needed = nlbIpProtocols(nlb.protocol);
      v.check(
        needed.every((p) => mapped.includes(p)),
        "networkLoadBalancer.protocol",
        nlb.protocol ?? "TCP",
        `a protocol the container port ${target.port} is mapped with (${[...new Set(mapped)].join(", ")}); ${nlb.protocol ?? "TCP"} needs ${needed.join(" and ")} port mappings`,
      );
    }
  }
  if (args.autoscaling)
    v.merge(checkScaling(args.autoscaling, "autoscaling", { hasLoadBalancer: lb !== undefined }));
  const d = args.deployment ?? {};
  const strategy = d.strategy ?? "ROLLING";
  v.check(
    ["ROLLING", "BLUE_GREEN", "CANARY", "LINEAR"].includes(strategy),
    "deployment.strategy",
    strategy,
    "ROLLING, BLUE_GREEN, CANARY or LINEAR",
  );
  const minutes = (field: string, value: number | undefined) => {
    if (value !== undefined)
      v.check(
        Number.isInteger(value) && value >= 0 && value <= 1440,
        `deployment.${field}`,
        value,
        "an integer from 0 to 1440 minutes",
      );
  };
  minutes("bakeTimeMinutes", d.bakeTimeMinutes);
  minutes("canaryBakeTimeMinutes", d.canaryBakeTimeMinutes);
  minutes("linearStepBakeTimeMinutes", d.linearStepBakeTimeMinutes);
  if (d.canaryPercent !== undefined)
    v.check(
      d.canaryPercent >= 0.1 && d.canaryPercent <= 100,
      "deployment.canaryPercent",
      d.canaryPercent,
      "a percentage from 0.1 to 100",
    );
  if (d.linearStepPercent !== undefined)
    v.check(
      d.linearStepPercent >= 3 && d.linearStepPercent <= 100,
      "deployment.linearStepPercent",
      d.linearStepPercent,
      "a percentage from 3 to 100",
    );
  if (d.minimumHealthyPercent !== undefined)
    v.check(
      Number.isInteger(d.minimumHealthyPercent) &&
        d.minimumHealthyPercent >= 0 &&
        d.minimumHealthyPercent <= 100,
      "deployment.minimumHealthyPercent",
      d.minimumHealthyPercent,
      "an integer from 0 to 100",
    );
  if (d.maximumPercent !== undefined)
    v.check(
      Number.isInteger(d.maximumPercent) && d.maximumPercent >= 100 && d.maximumPercent <= 200,
      "deployment.maximumPercent",
      d.maximumPercent,
      "an integer from 100 to 200",
    );
  // ECS native blue/green, linear and canary also shift NLB traffic (ECS developer guide, "Network
  // Load Balancer resources for Amazon ECS blue/green, linear and canary deployments").
  // ECS developer guide, "Amazon ECS deployment failure detection": the circuit breaker and
  // CloudWatch alarms only support rolling update and blue/green deployments.
  if (strategy === "CANARY" || strategy === "LINEAR") {
    v.check(
      d.circuitBreaker !== true,
      "deployment.circuitBreaker",
      d.circuitBreaker,
      `unset or false with ${strategy} (the circuit breaker supports ROLLING and BLUE_GREEN only)`,
    );
    v.check(
      !d.alarmNames?.length,
      "deployment.alarmNames",
      d.alarmNames,
      `none with ${strategy} (alarm rollback supports ROLLING and BLUE_GREEN only)`,
    );
  }
  for (const [field, value, spec] of [
    ["execLogGroupArn", args.execLogGroupArn, { service: "logs", resourceType: "log-group" }],
    ["execKmsKeyArn", args.execKmsKeyArn, { service: "kms", resourceType: "key" }],
  ] as const) {
    if (value === undefined) continue;
    v.check(
      args.enableExec === true,
      field,
      isPlain(value) ? value : "(an output)",
      "only with enableExec: true",
    );
    v.arn(field, value, spec);
  }
  const portNames = args.containers.flatMap((c) =>
    (c.portMappings ?? []).map((p) => p.name).filter((n): n is string => n !== undefined),
  );
  (args.serviceConnect?.services ?? []).forEach((s, i) => {
    v.check(
      portNames.includes(s.portName),
      `serviceConnect.services[${i}].portName`,
      s.portName,
      portNames.length
        ? `a named port (${portNames.join(", ")})`
        : "a named port (no container port has a name)",
    );
  });
  (args.latticeTargets ?? []).forEach((t, i) => {
    v.check(
      portNames.includes(t.portName),
      `latticeTargets[${i}].portName`,
      t.portName,
      portNames.length
        ? `a named port (${portNames.join(", ")})`
        : "a named port (no container port has a name)",
    );
  });
  const children: Array<readonly [string, number]> = [
    ["-execution", 64],
    ["-task", 64],
  ];
  if (lb || nlb) children.push(["-tg", 32]);
  if ((lb || nlb) && strategy !== "ROLLING") children.push(["-tg-alt", 32], ["-lb-role", 64]);
  if (lb?.create) children.push(["-alb", 32]);
  if (args.latticeTargets?.length && args.latticeInfrastructureRoleArn === undefined)
    children.push(["-lattice", 64]);
  const awake = resolveAwakeSchedule(v, "awake", args.awake);
  if (args.awake !== undefined) {
    // A sleeping service's task count is set by the scheduled actions: an `up` that re-sends
    // desiredCount at night would wake it.
    v.check(
      args.desiredCountOwner !== "iac",
      "desiredCountOwner",
      args.desiredCountOwner,
      '"autoscaler" (or unset) with awake: the sleep schedule owns the task count',
    );
  }
  checkChildNames(v, name, children);
  v.throwIfAny();
  const exec = args.enableExec ?? false;
  const autoscaled =
    (args.desiredCountOwner ?? (args.autoscaling || awake ? "autoscaler" : "iac")) === "autoscaler";
  const desiredCount = args.autoscaling ? (args.autoscaling.minCapacity ?? 1) : (args.desiredCount ?? 2);
  const progressive = strategy !== "ROLLING";
  const failureDetection = strategy === "ROLLING" || strategy === "BLUE_GREEN";
  return {
    args,
    deployment: d,
    strategy,
    progressive,
    failureDetection,
    exec,
    autoscaled,
    desiredCount,
    awake,
    lbTarget,
  };
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
    super(SERVICE_TYPE, name, {}, opts);

    const {
      deployment: d,
      strategy,
      progressive,
      failureDetection,
      exec,
      autoscaled,
      desiredCount,
      awake,
      lbTarget,
    } = resolveFargateServiceArgs(name, args);
    const lb = args.loadBalancer;
    const nlb = args.networkLoadBalancer;
    const v = new Validator(SERVICE_TYPE, name);
    // Priorities are unique per listener across the stack: checked against the other services.
    if (lb?.listenerArn !== undefined && Number.isInteger(lb.priority ?? 100))
      claimPriority(v, lb.listenerArn, lb.priority ?? 100, name);
    v.throwIfAny();

    // --- defaults ---
    const tags = mergeTags(componentTags(SERVICE_TYPE, name), args.tags);
    const ctx = awsContext(this);
    const net = networkInputs(v, args);
    const clusterArn = pulumi.output(net.cluster);
    const clusterName = clusterArn.apply((c) => c.split("/").pop() ?? c);

    // --- task definition, log group, roles ---
    const task = createFargateTask(name, args, ctx, this, {
      exec,
      ...(args.execLogGroupArn !== undefined ? { execLogGroupArn: args.execLogGroupArn } : {}),
      ...(args.execKmsKeyArn !== undefined ? { execKmsKeyArn: args.execKmsKeyArn } : {}),
      tags,
    });

    // --- security group of the tasks: egress anywhere, ingress only from the LB or given sources ---
    const sg = new aws.ec2.SecurityGroup(
      `${name}-sg`,
      {
        vpcId: net.vpcId,
        description: `Tasks of ${name}; ingress only from its load balancer or named sources`,
        tags,
      },
      { parent: this },
    );
    new aws.vpc.SecurityGroupEgressRule(
      `${name}-egress`,
      {
        securityGroupId: sg.id,
        ipProtocol: "-1",
        cidrIpv4: "0.0.0.0/0",
        description: "Image pulls, AWS APIs and dependencies",
      },
      { parent: this },
    );
    // Each container port with the protocol it is mapped with (a UDP port is opened as udp).
    const ports = [
      ...new Map(
        args.containers
          .flatMap((c) => c.portMappings ?? [])
          .map(
            (p) =>
              [
                `${p.containerPort}/${p.protocol ?? "tcp"}`,
                { port: p.containerPort, protocol: p.protocol ?? "tcp" },
              ] as const,
          ),
      ).values(),
    ];
    // tcp rules keep their original names; udp rules get a `-udp` suffix.
    const ingressFrom = (
      suffix: string,
      port: number,
      source: { referencedSecurityGroupId?: pulumi.Input<string>; cidrIpv4?: string },
      protocol: "tcp" | "udp" = "tcp",
    ) =>
      new aws.vpc.SecurityGroupIngressRule(
        `${name}-${suffix}${protocol === "udp" ? "-udp" : ""}`,
        {
          securityGroupId: sg.id,
          ipProtocol: protocol,
          fromPort: port,
          toPort: port,
          description: protocol === "udp" ? `${suffix} to ${port}/udp` : `${suffix} to ${port}`,
          ...source,
        },
        { parent: this },
      );
    (args.ingressSecurityGroupIds ?? []).forEach((id, i) => {
      for (const p of ports)
        ingressFrom(`from-sg${i}-${p.port}`, p.port, { referencedSecurityGroupId: id }, p.protocol);
    });
    (args.ingressCidrs ?? []).forEach((cidr, i) => {
      for (const p of ports) ingressFrom(`from-cidr${i}-${p.port}`, p.port, { cidrIpv4: cidr }, p.protocol);
    });

    // --- load balancing ---
    let targetGroup: aws.lb.TargetGroup | undefined;
    let alternateTargetGroup: aws.lb.TargetGroup | undefined;
    let rule: aws.lb.ListenerRule | undefined;
    let alb: aws.lb.LoadBalancer | undefined;
    let nlbListener: aws.lb.Listener | undefined;
    if (lb && lbTarget) {
      const port = lbTarget.port;
      let listenerArn: pulumi.Input<string>;
      let lbSecurityGroupId: pulumi.Input<string>;
      if (lb.create) {
        const albSg = new aws.ec2.SecurityGroup(
          `${name}-alb-sg`,
          {
            vpcId: net.vpcId,
            // EC2 allows only a-zA-Z0-9. _-:/()#,@[]+=&;{}!$* in descriptions (no apostrophe).
            description: `ALB of ${name}: HTTPS and HTTP (redirected) in, to the service port out`,
            tags,
          },
          { parent: this },
        );
        const cidrs = lb.create.ingressCidrs ?? ["0.0.0.0/0"];
        cidrs.forEach((cidr, i) => {
          for (const p of [80, 443]) {
            new aws.vpc.SecurityGroupIngressRule(
              `${name}-alb-in${i}-${p}`,
              {
                securityGroupId: albSg.id,
                ipProtocol: "tcp",
                fromPort: p,
                toPort: p,
                cidrIpv4: cidr,
                description: `Clients to ${p}`,
              },
              { parent: this },
            );
          }
        });
        new aws.vpc.SecurityGroupEgressRule(
          `${name}-alb-out`,
          {
            securityGroupId: albSg.id,
            ipProtocol: "tcp",
            fromPort: port,
            toPort: port,
            referencedSecurityGroupId: sg.id,
            description: "To the tasks",
          },
          { parent: this },
        );
        alb = new aws.lb.LoadBalancer(
          `${name}-alb`,
          {
            loadBalancerType: "application",
            internal: lb.create.internal ?? false,
            subnets: lb.create.subnetIds,
            securityGroups: [albSg.id],
            dropInvalidHeaderFields: true,
            enableDeletionProtection: lb.create.deletionProtection ?? true,
            idleTimeout: lb.create.idleTimeout ?? 60,
            desyncMitigationMode: "defensive",
            ...(lb.create.accessLogsBucket !== undefined
              ? {
                  accessLogs: {
                    enabled: true,
                    bucket: lb.create.accessLogsBucket,
                    ...(lb.create.accessLogsPrefix !== undefined
                      ? { prefix: lb.create.accessLogsPrefix }
                      : {}),
                  },
                }
              : {}),
            tags,
          },
          { parent: this },
        );
        const https = new aws.lb.Listener(
          `${name}-https`,
          {
            loadBalancerArn: alb.arn,
            port: 443,
            protocol: "HTTPS",
            sslPolicy: TLS_POLICY,
            certificateArn: lb.create.certificateArn,
            defaultActions: [
              {
                type: "fixed-response",
                fixedResponse: { contentType: "text/plain", statusCode: "404", messageBody: "Not found" },
              },
            ],
            tags,
          },
          { parent: this },
        );
        new aws.lb.Listener(
          `${name}-http`,
          {
            loadBalancerArn: alb.arn,
            port: 80,
            protocol: "HTTP",
            defaultActions: [
              { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
            ],
            tags,
          },
          { parent: this },
        );
        listenerArn = https.arn;
        lbSecurityGroupId = albSg.id;
      } else {
        listenerArn = lb.listenerArn as pulumi.Input<string>;
        lbSecurityGroupId = lb.securityGroupId as pulumi.Input<string>;
      }
      ingressFrom(`from-lb-${port}`, port, { referencedSecurityGroupId: lbSecurityGroupId });
      const tgArgs = (): aws.lb.TargetGroupArgs => ({
        vpcId: net.vpcId,
        targetType: "ip",
        port,
        protocol: "HTTP",
        protocolVersion: "HTTP1",
        deregistrationDelay: lb.deregistrationDelay ?? 30,
        healthCheck: {
          enabled: true,
          path: lb.healthCheckPath ?? "/",
          matcher: lb.healthCheckMatcher ?? "200-399",
          interval: lb.healthCheckInterval ?? 15,
          healthyThreshold: 2,
          unhealthyThreshold: 3,
          timeout: 5,
        },
        tags,
      });
      targetGroup = new aws.lb.TargetGroup(`${name}-tg`, tgArgs(), { parent: this });
      if (progressive)
        alternateTargetGroup = new aws.lb.TargetGroup(`${name}-tg-alt`, tgArgs(), { parent: this });
      const conditions: aws.types.input.lb.ListenerRuleCondition[] = [];
      if (lb.hostHeaders?.length) conditions.push({ hostHeader: { values: lb.hostHeaders } });
      const paths = lb.pathPatterns ?? (lb.hostHeaders?.length ? [] : ["/*"]);
      if (paths.length) conditions.push({ pathPattern: { values: paths } });
      rule = new aws.lb.ListenerRule(
        `${name}-rule`,
        {
          listenerArn,
          priority: lb.priority ?? 100,
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
        { parent: this, ...(progressive ? { ignoreChanges: ["actions"] } : {}) },
      );
    }
    if (nlb && lbTarget) {
      const port = lbTarget.port;
      const udp = nlb.protocol === "UDP" || nlb.protocol === "TCP_UDP";
      const preserve = udp || nlb.preserveClientIp === true;
      const healthPort = nlb.healthCheckPort ?? port;
      const nlbTgArgs = (): aws.lb.TargetGroupArgs => ({
        vpcId: net.vpcId,
        targetType: "ip",
        port,
        protocol: udp ? nlb.protocol : "TCP",
        deregistrationDelay: nlb.deregistrationDelay ?? 30,
        // Explicit for TCP/TLS, so the security group rules below match what the targets see; UDP
        // and TCP_UDP always preserve client IPs and take no setting.
        ...(udp ? {} : { preserveClientIp: String(preserve) }),
        healthCheck: {
          enabled: true,
          protocol: "TCP",
          ...(healthPort !== port ? { port: String(healthPort) } : {}),
          interval: 10,
          healthyThreshold: 2,
          unhealthyThreshold: 2,
        },
        tags,
      });
      targetGroup = new aws.lb.TargetGroup(`${name}-tg`, nlbTgArgs(), { parent: this });
      if (progressive)
        alternateTargetGroup = new aws.lb.TargetGroup(`${name}-tg-alt`, nlbTgArgs(), { parent: this });
      nlbListener = new aws.lb.Listener(
        `${name}-listener`,
        {
          loadBalancerArn: nlb.loadBalancerArn,
          port: nlb.port,
          protocol: nlb.protocol ?? "TCP",
          ...(nlb.protocol === "TLS" ? { certificateArn: nlb.certificateArn, sslPolicy: TLS_POLICY } : {}),
          defaultActions: [{ type: "forward", targetGroupArn: targetGroup.arn }],
          tags,
        },
        // ECS switches the listener between the two target groups in progressive deployments.
        { parent: this, ...(progressive ? { ignoreChanges: ["defaultActions"] } : {}) },
      );
      const trafficProtocols = nlbIpProtocols(nlb.protocol);
      const toTasks = (
        key: string,
        source: { referencedSecurityGroupId?: pulumi.Input<string>; cidrIpv4?: string },
      ) => {
        for (const protocol of trafficProtocols) ingressFrom(`${key}-${port}`, port, source, protocol);
        if (healthPort !== port) ingressFrom(`${key}-${healthPort}`, healthPort, source, "tcp");
      };
      if (nlb.securityGroupId !== undefined)
        toTasks("from-nlb", { referencedSecurityGroupId: nlb.securityGroupId });
      // Health checks come from the NLB's own addresses, in its subnets (and so does all traffic
      // when client IPs are not preserved). Keyed by CIDR, so removing one replaces nothing else.
      for (const cidr of nlb.subnetCidrs ?? []) toTasks(`from-nlb-subnet-${cidr}`, { cidrIpv4: cidr });
      if (preserve) {
        for (const [i, cidr] of (nlb.sourceCidrs ?? []).entries()) {
          for (const protocol of trafficProtocols)
            ingressFrom(`from-nlb-cidr${i}-${port}`, port, { cidrIpv4: cidr }, protocol);
        }
      }
    }

    // --- Cloud Map ---
    let discovery: aws.servicediscovery.Service | undefined;
    if (args.serviceDiscovery) {
      discovery = new aws.servicediscovery.Service(
        `${name}-discovery`,
        {
          name: args.serviceDiscovery.name ?? name,
          namespaceId: args.serviceDiscovery.namespaceId,
          dnsConfig: {
            namespaceId: args.serviceDiscovery.namespaceId,
            routingPolicy: "MULTIVALUE",
            dnsRecords: [{ type: "A", ttl: args.serviceDiscovery.dnsTtl ?? 10 }],
          },
          tags,
        },
        { parent: this },
      );
    }

    // --- VPC Lattice ---
    // The service depends on each infrastructure role's policy attachment: ECS assumes the role for
    // the whole life of the service, so the policy must exist first and be deleted last (the
    // @pulumi/aws ecs.Service docs: otherwise the service can get stuck in DRAINING on destroy).
    const roleAttachments: aws.iam.RolePolicyAttachment[] = [];
    let latticeRoleArn: pulumi.Input<string> | undefined = args.latticeInfrastructureRoleArn;
    if ((args.latticeTargets?.length ?? 0) > 0 && latticeRoleArn === undefined) {
      const lattice = createLatticeInfrastructureRole(name, ctx.accountId, ctx.partition, this, tags);
      latticeRoleArn = lattice.role.arn;
      roleAttachments.push(lattice.attachment);
    }

    // --- ALB traffic shifting role for native blue/green, canary, linear ---
    let lbRoleArn: pulumi.Output<string> | undefined;
    const productionListenerRule: pulumi.Output<string> | undefined = rule?.arn ?? nlbListener?.arn;
    if (progressive && productionListenerRule) {
      const lbRole = createInfrastructureRole(
        `${name}-lb-role`,
        LOAD_BALANCER_INFRASTRUCTURE_POLICY,
        ctx.accountId,
        ctx.partition,
        this,
        tags,
      );
      lbRoleArn = lbRole.role.arn;
      roleAttachments.push(lbRole.attachment);
    }

    // --- the service ---
    const strategyItems = fargateCapacityStrategy(args.spot);
    const ignoreChanges = [
      ...(autoscaled ? ["desiredCount"] : []),
      ...((args.imageOwner ?? "iac") === "pipeline" ? ["taskDefinition"] : []),
      // In blue/green, canary and linear deployments ECS alternates the production target group:
      // after a deployment the live service points at what Berth calls the alternate group.
      // Re-sending the original pair on every `up` fights ECS (hashicorp/terraform-provider-aws
      // issue 45678); the provider only sends `loadBalancers` when they differ from state, so
      // ignoring them lets ECS keep its own alternation. The attribute is a set in the provider, so
      // one element's target group cannot be ignored alone (terraform-provider-aws issue 13192).
      ...(alternateTargetGroup ? ["loadBalancers"] : []),
    ];
    const deploymentConfiguration: aws.types.input.ecs.ServiceDeploymentConfiguration = { strategy };
    if (progressive) deploymentConfiguration.bakeTimeInMinutes = String(d.bakeTimeMinutes ?? 5);
    if (strategy === "CANARY") {
      deploymentConfiguration.canaryConfiguration = {
        canaryPercent: d.canaryPercent ?? 10,
        canaryBakeTimeInMinutes: String(d.canaryBakeTimeMinutes ?? 5),
      };
    }
    if (strategy === "LINEAR") {
      deploymentConfiguration.linearConfiguration = {
        stepPercent: d.linearStepPercent ?? 20,
        stepBakeTimeInMinutes: String(d.linearStepBakeTimeMinutes ?? 2),
      };
    }
    const loadBalancers: aws.types.input.ecs.ServiceLoadBalancer[] = [];
    if (targetGroup && lbTarget) {
      loadBalancers.push({
        targetGroupArn: targetGroup.arn,
        containerName: lbTarget.name,
        containerPort: lbTarget.port,
        // ECS AdvancedConfiguration.productionListenerRule: the listener rule of an ALB, or the
        // listener of an NLB (ECS API reference, AdvancedConfiguration).
        ...(alternateTargetGroup && productionListenerRule && lbRoleArn
          ? {
              advancedConfiguration: {
                alternateTargetGroupArn: alternateTargetGroup.arn,
                productionListenerRule,
                roleArn: lbRoleArn,
              },
            }
          : {}),
      });
    }
    const sc = args.serviceConnect;
    this.service = new aws.ecs.Service(
      `${name}-service`,
      {
        cluster: clusterArn,
        taskDefinition: task.taskDefinition.arn,
        desiredCount,
        capacityProviderStrategies: strategyItems,
        platformVersion: args.platformVersion ?? "LATEST",
        networkConfiguration: {
          // Subnets from another stack are checked once known (an empty list would place nothing).
          subnets: net.subnetIds,
          securityGroups: [sg.id, ...(args.securityGroupIds ?? [])],
          assignPublicIp: args.assignPublicIp ?? false,
        },
        loadBalancers,
        ...(targetGroup ? { healthCheckGracePeriodSeconds: lb?.healthCheckGracePeriod ?? 60 } : {}),
        deploymentController: { type: "ECS" },
        // The circuit breaker and CloudWatch alarm rollback "only support rolling update deployment
        // and blue/green deployment types" (ECS developer guide, "Amazon ECS deployment failure
        // detection"): neither is sent for CANARY or LINEAR.
        ...(failureDetection
          ? {
              deploymentCircuitBreaker: {
                enable: d.circuitBreaker ?? true,
                rollback: d.circuitBreaker ?? true,
              },
            }
          : {}),
        deploymentConfiguration,
        deploymentMinimumHealthyPercent: d.minimumHealthyPercent ?? 100,
        deploymentMaximumPercent: d.maximumPercent ?? 200,
        ...(failureDetection && d.alarmNames?.length
          ? { alarms: { alarmNames: d.alarmNames, enable: true, rollback: true } }
          : {}),
        waitForSteadyState: d.waitForSteadyState ?? true,
        enableExecuteCommand: exec,
        enableEcsManagedTags: true,
        propagateTags: "SERVICE",
        availabilityZoneRebalancing: "ENABLED",
        ...(discovery ? { serviceRegistries: { registryArn: discovery.arn } } : {}),
        ...(sc
          ? {
              serviceConnectConfiguration: {
                enabled: true,
                namespace: sc.namespace,
                logConfiguration: {
                  logDriver: "awslogs",
                  options: {
                    "awslogs-group": task.logGroup.name,
                    "awslogs-region": ctx.region,
                    "awslogs-stream-prefix": "service-connect",
                  },
                },
                services: (sc.services ?? []).map((s) => {
                  const port = args.containers
                    .flatMap((c) => c.portMappings ?? [])
                    .find((p) => p.name === s.portName)?.containerPort;
                  return {
                    portName: s.portName,
                    discoveryName: s.discoveryName ?? s.portName,
                    clientAlias: [
                      { port: s.port ?? port ?? 80, dnsName: s.dnsName ?? s.discoveryName ?? s.portName },
                    ],
                  };
                }),
              },
            }
          : {}),
        ...(latticeRoleArn !== undefined && (args.latticeTargets?.length ?? 0) > 0
          ? { vpcLatticeConfigurations: latticeConfigurations(args.latticeTargets ?? [], latticeRoleArn) }
          : {}),
        tags,
      },
      {
        parent: this,
        // The target group must belong to a load balancer (through the rule or listener) before ECS accepts it.
        dependsOn: [
          ...[rule, nlbListener].filter((r): r is aws.lb.ListenerRule | aws.lb.Listener => r !== undefined),
          ...roleAttachments,
        ],
        ...(ignoreChanges.length ? { ignoreChanges } : {}),
      },
    );

    // --- autoscaling ---
    if (args.autoscaling) {
      createServiceScaling(
        name,
        args.autoscaling,
        {
          clusterName,
          serviceName: this.service.name,
          ...(awake ? { awake } : {}),
          // With two alternating groups, track the requests per task of whichever group is live.
          ...(rule && targetGroup && alternateTargetGroup
            ? {
                requestsMetric: requestsPerTargetOfGroups([
                  targetGroup.arnSuffix,
                  alternateTargetGroup.arnSuffix,
                ]),
              }
            : {}),
          ...(rule && targetGroup && alb
            ? { resourceLabel: pulumi.interpolate`${alb.arnSuffix}/${targetGroup.arnSuffix}` }
            : rule && targetGroup && lb?.listenerArn
              ? {
                  resourceLabel: pulumi
                    .all([pulumi.output(lb.listenerArn), targetGroup.arnSuffix])
                    .apply(
                      ([l, tg]) =>
                        `${l.split(":listener/")[1]?.split("/").slice(0, 3).join("/") ?? ""}/${tg}`,
                    ),
                }
              : {}),
        },
        this,
      );
    } else if (awake) {
      createSleepOnlyScaling(
        name,
        desiredCount,
        { clusterName, serviceName: this.service.name },
        awake,
        this,
      );
    }

    // --- outputs ---
    this.serviceName = this.service.name;
    this.serviceArn = this.service.arn;
    this.taskDefinitionArn = task.taskDefinition.arn;
    this.family = task.family;
    this.securityGroupId = sg.id;
    this.logGroupName = task.logGroup.name;
    this.executionRoleArn = task.roles.executionRoleArn;
    this.taskRoleArn = task.roles.taskRoleArn;
    this.targetGroupArn = targetGroup ? targetGroup.arn : pulumi.output(undefined);
    this.loadBalancerDnsName = alb ? alb.dnsName : pulumi.output(undefined);
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
