import {
  type ResolvedAwakeSchedule,
  type RetiredKey,
  renamedKeys,
  resolveAwakeSchedule,
  Validator,
} from "@berth/core";
import type * as pulumi from "@pulumi/pulumi";
import type { FargateServiceArgs } from "./fargate-service";
import {
  ALB_LISTENER_ARN,
  checkDeployment,
  checkLoadBalancing,
  checkPlacement,
  checkServiceKeys,
  checkWiring,
  type LoadBalancerTarget,
  nlbIpProtocols,
} from "./fargate-service-checks";
import {
  checkIngressDuplicates,
  type ResolvedIngressRule,
  resolveAlbIngressRules,
  resolveIngressRules,
  resolveIngressSecurityGroups,
} from "./fargate-service-ingress";
import { type FargateServiceNames, fargateServiceNames, NAME_LIMITS } from "./fargate-service-names";
import { FARGATE_SERVICE_KEYS } from "./known-keys";
import type { LatticeTarget } from "./roles";
import type { ServiceScalingArgs } from "./scaling";
import {
  checkArgsShape,
  checkChildNames,
  checkedWhenKnown,
  checkTaskArgs,
  type ResolvedTaskDefaults,
  resolveTaskDefaults,
} from "./task";

/** The type token of {@link FargateService}. */
export const FARGATE_SERVICE_TYPE = "berth:ecs:FargateService";

/** The deployment settings with their defaults filled. */
export interface ResolvedDeployment {
  /** `ROLLING`, `BLUE_GREEN`, `CANARY` or `LINEAR`. */
  strategy: "ROLLING" | "BLUE_GREEN" | "CANARY" | "LINEAR";
  /** Minutes both revisions run after the shift (sent for progressive strategies only). */
  bakeTimeMinutes: number;
  /** Percent of traffic to the canary (sent for CANARY only). */
  canaryPercent: number;
  /** Minutes of the canary phase (sent for CANARY only). */
  canaryBakeTimeMinutes: number;
  /** Percent per linear step (sent for LINEAR only). */
  linearStepPercent: number;
  /** Minutes between linear steps (sent for LINEAR only). */
  linearStepBakeTimeMinutes: number;
  /** Alarms that roll a deployment back. */
  alarmNames: pulumi.Input<string>[];
  /** Circuit breaker with rollback (sent for ROLLING and BLUE_GREEN only). */
  circuitBreaker: boolean;
  /** Minimum healthy percent. */
  minimumHealthyPercent: number;
  /** Maximum percent. */
  maximumPercent: number;
  /** Wait for a steady state in `pulumi up`. */
  waitForSteadyState: boolean;
}

/** The ALB half with its defaults filled. */
export interface ResolvedAlb {
  /** HTTPS listener of an existing ALB, when adopting one. */
  listenerArn: pulumi.Input<string> | undefined;
  /** Security group of the existing ALB, when adopting one. */
  securityGroupId: pulumi.Input<string> | undefined;
  /** The ALB to create, when creating one. */
  create:
    | {
        certificateArn: pulumi.Input<string>;
        subnetIds: pulumi.Input<pulumi.Input<string>[]>;
        internal: boolean;
        ingressCidrs: string[];
        idleTimeout: number;
        deletionProtection: boolean;
        accessLogsBucket: pulumi.Input<string> | undefined;
        accessLogsPrefix: string | undefined;
      }
    | undefined;
  /** Host headers of the rule. */
  hostHeaders: string[];
  /** Path patterns of the rule. */
  pathPatterns: string[];
  /** Listener rule priority. */
  priority: number;
  /** Health check path. */
  healthCheckPath: string;
  /** Healthy HTTP codes. */
  healthCheckMatcher: string;
  /** Seconds between health checks. */
  healthCheckInterval: number;
  /** Seconds a draining target keeps connections. */
  deregistrationDelay: number;
}

/** The NLB half with its defaults filled. */
export interface ResolvedNlb {
  /** ARN of the NLB. */
  loadBalancerArn: pulumi.Input<string>;
  /** Listener port. */
  port: number;
  /** Listener protocol. */
  protocol: "TCP" | "TLS" | "UDP" | "TCP_UDP";
  /** The IP protocols the listener carries to the tasks. */
  ipProtocols: Array<"tcp" | "udp">;
  /** UDP or TCP_UDP (client IPs always preserved, no attribute sent). */
  udp: boolean;
  /** Certificate of a TLS listener. */
  certificateArn: pulumi.Input<string> | undefined;
  /** Client source addresses preserved. */
  preserveClientIp: boolean;
  /** TCP port of the health check. */
  healthCheckPort: number;
  /** Seconds a draining target keeps connections. */
  deregistrationDelay: number;
}

/** The arguments of a {@link FargateService}, checked, with every default the builders read. */
export interface ResolvedFargateServiceArgs {
  /** The component's name. */
  name: string;
  /** The arguments as given (every field checked). */
  args: FargateServiceArgs;
  /** The deployment settings with defaults. */
  deployment: ResolvedDeployment;
  /** `ROLLING`, `BLUE_GREEN`, `CANARY` or `LINEAR`. */
  strategy: ResolvedDeployment["strategy"];
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
  lbTarget: LoadBalancerTarget | undefined;
  /** Seconds ECS ignores failing load balancer health checks of a new task (with a load balancer). */
  healthCheckGracePeriod: number | undefined;
  /** The task half's defaults (size, platform, family, logs, image owner). */
  task: ResolvedTaskDefaults;
  /** Public IP on the tasks. */
  assignPublicIp: boolean;
  /** Extra security groups of the tasks. */
  securityGroupIds: pulumi.Input<string>[];
  /** Security groups allowed to the container ports, by the caller's key (checked once known). */
  ingressSecurityGroups: Record<string, pulumi.Input<string>>;
  /** The task security group's ingress rules, keyed by source and port. */
  ingress: ResolvedIngressRule[];
  /** The ALB half, if any. */
  alb: ResolvedAlb | undefined;
  /** The ingress rules of a created ALB's security group, keyed by client CIDR and port. */
  albIngress: ResolvedIngressRule[];
  /** The NLB half, if any. */
  nlb: ResolvedNlb | undefined;
  /** Cloud Map registration, if any. */
  serviceDiscovery: { namespaceId: pulumi.Input<string>; name: string; dnsTtl: number } | undefined;
  /** Service Connect, if any, with each service's names and client port filled. */
  serviceConnect:
    | {
        namespace: pulumi.Input<string>;
        services: Array<{ portName: string; discoveryName: string; dnsName: string; port: number }>;
      }
    | undefined;
  /** VPC Lattice targets. */
  latticeTargets: LatticeTarget[];
  /** Application Auto Scaling with `minCapacity` filled, if any. */
  autoscaling: (ServiceScalingArgs & { minCapacity: number }) | undefined;
  /** The names of the children. */
  names: FargateServiceNames;
}

/** Arguments renamed or replaced in a breaking release, each with what to write now (see the changesets). */
const RETIRED: Readonly<Record<string, RetiredKey>> = {
  ...renamedKeys({ cluster: "clusterArn" }),
  ingressSecurityGroupIds: {
    allowed: "no such argument: ingressSecurityGroups, keyed by a name you choose",
    hint: 'write `ingressSecurityGroups: { lattice: "sg-..." }`, keys in the order of the old list (the rules keep their state through aliases)',
  },
};

/**
 * Checks every argument of a {@link FargateService} (plain values now; values known later are
 * checked again when known, by the builders) and fills its defaults, without creating anything.
 * Throws one `BerthValidationError` with every issue found.
 */
export function resolveFargateServiceArgs(
  name: string,
  args: FargateServiceArgs,
): ResolvedFargateServiceArgs {
  const v = new Validator(FARGATE_SERVICE_TYPE, name);
  const shape = v.retiredKeys("", args, RETIRED);
  if (
    !checkArgsShape(v, shape, FARGATE_SERVICE_KEYS, {
      clusterArn: "the ECS cluster ARN",
      vpcId: "the VPC id of the tasks (the default VPC is never assumed)",
      subnetIds: "the subnet ids of the tasks",
      containers: "the containers of the task",
    })
  )
    v.throwIfAny();
  checkServiceKeys(args, v);
  checkTaskArgs(args, v);
  const task = resolveTaskDefaults(name, args);
  checkPlacement(args, task, v);
  const lbTarget = checkLoadBalancing(args, v);
  const d = args.deployment ?? {};
  checkDeployment(d, v);
  checkWiring(args, v);
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
  const strategy = d.strategy ?? "ROLLING";
  const names = fargateServiceNames(name, args, strategy !== "ROLLING");
  checkChildNames(
    v,
    name,
    Object.entries(NAME_LIMITS).flatMap(([key, limit]) => {
      const child = names[key as keyof typeof NAME_LIMITS];
      return child === undefined ? [] : [[child.slice(name.length), limit] as const];
    }),
  );
  v.throwIfAny();
  return fill(v, args, { strategy, awake, lbTarget, task, names });
}

/** Fills the defaults of checked arguments. */
function fill(
  v: Validator,
  args: FargateServiceArgs,
  checked: Pick<ResolvedFargateServiceArgs, "awake" | "lbTarget" | "task" | "names" | "strategy">,
): ResolvedFargateServiceArgs {
  const { strategy, awake, lbTarget } = checked;
  const name = v.resourceName;
  const progressive = strategy !== "ROLLING";
  const failureDetection = strategy === "ROLLING" || strategy === "BLUE_GREEN";
  const owner = args.desiredCountOwner ?? (args.autoscaling || awake ? "autoscaler" : "iac");
  const nlb = args.networkLoadBalancer ? resolveNlb(args.networkLoadBalancer, lbTarget) : undefined;
  const portOf = (portName: string) =>
    args.containers.flatMap((c) => c.portMappings ?? []).find((p) => p.name === portName)?.containerPort;
  const alb = args.loadBalancer ? resolveAlb(v, args.loadBalancer) : undefined;
  const ingressSecurityGroups = resolveIngressSecurityGroups(v, args.ingressSecurityGroups);
  const ingress = resolveIngressRules(name, args, ingressSecurityGroups, lbTarget, nlb);
  checkIngressDuplicates(v, ingress);
  v.throwIfAny();
  return {
    name,
    args,
    deployment: resolveDeployment(args.deployment ?? {}, strategy, failureDetection),
    progressive,
    failureDetection,
    exec: args.enableExec ?? false,
    autoscaled: owner === "autoscaler",
    desiredCount: args.autoscaling ? (args.autoscaling.minCapacity ?? 1) : (args.desiredCount ?? 2),
    ...checked,
    healthCheckGracePeriod: lbTarget ? (args.loadBalancer?.healthCheckGracePeriod ?? 60) : undefined,
    assignPublicIp: args.assignPublicIp ?? false,
    securityGroupIds: args.securityGroupIds ?? [],
    ingressSecurityGroups,
    ingress,
    alb,
    albIngress: alb?.create ? resolveAlbIngressRules(name, alb.create.ingressCidrs) : [],
    nlb,
    serviceDiscovery: args.serviceDiscovery && {
      namespaceId: args.serviceDiscovery.namespaceId,
      name: args.serviceDiscovery.name ?? name,
      dnsTtl: args.serviceDiscovery.dnsTtl ?? 10,
    },
    serviceConnect: args.serviceConnect && {
      namespace: args.serviceConnect.namespace,
      services: (args.serviceConnect.services ?? []).map((s) => ({
        portName: s.portName,
        discoveryName: s.discoveryName ?? s.portName,
        dnsName: s.dnsName ?? s.discoveryName ?? s.portName,
        // The port name was checked to name a mapped port.
        port: s.port ?? (portOf(s.portName) as number),
      })),
    },
    latticeTargets: args.latticeTargets ?? [],
    autoscaling: args.autoscaling && { ...args.autoscaling, minCapacity: args.autoscaling.minCapacity ?? 1 },
  };
}

/** The deployment defaults. */
function resolveDeployment(
  d: NonNullable<FargateServiceArgs["deployment"]>,
  strategy: ResolvedDeployment["strategy"],
  failureDetection: boolean,
): ResolvedDeployment {
  return {
    strategy,
    bakeTimeMinutes: d.bakeTimeMinutes ?? 5,
    canaryPercent: d.canaryPercent ?? 10,
    canaryBakeTimeMinutes: d.canaryBakeTimeMinutes ?? 5,
    linearStepPercent: d.linearStepPercent ?? 20,
    linearStepBakeTimeMinutes: d.linearStepBakeTimeMinutes ?? 2,
    alarmNames: d.alarmNames ?? [],
    circuitBreaker: failureDetection && (d.circuitBreaker ?? true),
    minimumHealthyPercent: d.minimumHealthyPercent ?? 100,
    maximumPercent: d.maximumPercent ?? 200,
    waitForSteadyState: d.waitForSteadyState ?? true,
  };
}

/** The ALB defaults. */
function resolveAlb(v: Validator, lb: NonNullable<FargateServiceArgs["loadBalancer"]>): ResolvedAlb {
  const c = lb.create;
  return {
    // A listener from another stack gets the same check once known.
    listenerArn:
      lb.listenerArn === undefined
        ? undefined
        : checkedWhenKnown(v, lb.listenerArn, (arn, check) => {
            check.arn("loadBalancer.listenerArn", arn, ALB_LISTENER_ARN);
          }),
    securityGroupId: lb.securityGroupId,
    create: c && {
      certificateArn: c.certificateArn,
      subnetIds: c.subnetIds,
      internal: c.internal ?? false,
      ingressCidrs: c.ingressCidrs ?? ["0.0.0.0/0"],
      idleTimeout: c.idleTimeout ?? 60,
      deletionProtection: c.deletionProtection ?? true,
      accessLogsBucket: c.accessLogsBucket,
      accessLogsPrefix: c.accessLogsPrefix,
    },
    hostHeaders: lb.hostHeaders ?? [],
    pathPatterns: lb.pathPatterns ?? (lb.hostHeaders?.length ? [] : ["/*"]),
    priority: lb.priority ?? 100,
    healthCheckPath: lb.healthCheckPath ?? "/",
    healthCheckMatcher: lb.healthCheckMatcher ?? "200-399",
    healthCheckInterval: lb.healthCheckInterval ?? 15,
    deregistrationDelay: lb.deregistrationDelay ?? 30,
  };
}

/** The NLB defaults. */
function resolveNlb(
  nlb: NonNullable<FargateServiceArgs["networkLoadBalancer"]>,
  target: LoadBalancerTarget | undefined,
): ResolvedNlb {
  const protocol = nlb.protocol ?? "TCP";
  const udp = protocol === "UDP" || protocol === "TCP_UDP";
  return {
    loadBalancerArn: nlb.loadBalancerArn,
    port: nlb.port,
    protocol,
    ipProtocols: nlbIpProtocols(protocol),
    udp,
    certificateArn: nlb.certificateArn,
    preserveClientIp: udp || nlb.preserveClientIp === true,
    // The target was checked to exist.
    healthCheckPort: nlb.healthCheckPort ?? (target as LoadBalancerTarget).port,
    deregistrationDelay: nlb.deregistrationDelay ?? 30,
  };
}
