import { isPlain, type Validator } from "@berth/core";
import { checkCapacityStrategy, checkSpot, fargateCapacityStrategy } from "./capacity";
import type { AlbArgs, DeploymentArgs, FargateServiceArgs, NlbArgs } from "./fargate-service";
import { checkIngressSecurityGroups } from "./fargate-service-ingress";
import { NESTED_KEYS } from "./known-keys";
import { checkScaling } from "./scaling";
import { CLUSTER_ARN, checkVpcId } from "./service-network";
import { checkIdList, type ResolvedTaskDefaults } from "./task";

/** The container and port a load balancer sends to. */
export interface LoadBalancerTarget {
  /** Container name. */
  name: string;
  /** Container port. */
  port: number;
}

/** What `loadBalancer.listenerArn` must be (ELB CreateRule `ListenerArn`). */
export const ALB_LISTENER_ARN = { service: "elasticloadbalancing", resourceType: "listener" } as const;

/** The IP protocols an NLB listener protocol carries to the targets. */
export function nlbIpProtocols(protocol: NlbArgs["protocol"]): Array<"tcp" | "udp"> {
  if (protocol === "UDP") return ["udp"];
  if (protocol === "TCP_UDP") return ["tcp", "udp"];
  return ["tcp"];
}

/** The port a load balancer sends to: the named container and port, or the first one with a port. */
function targetPort(
  args: FargateServiceArgs,
  containerName?: string,
  containerPort?: number,
): LoadBalancerTarget | undefined {
  const c = containerName
    ? args.containers.find((x) => x.name === containerName)
    : args.containers.find((x) => (x.portMappings ?? []).length > 0);
  if (!c) return undefined;
  const port = containerPort ?? c.portMappings?.[0]?.containerPort;
  if (port === undefined || !(c.portMappings ?? []).some((p) => p.containerPort === port)) return undefined;
  return { name: c.name, port };
}

/** Nested objects: known properties, ARNs by service and resource type, enums and the Cloud Map TTL. */
export function checkServiceKeys(args: FargateServiceArgs, v: Validator): void {
  v.arn("clusterArn", args.clusterArn, CLUSTER_ARN);
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
  if (args.loadBalancer !== undefined) checkAlbInputs(args.loadBalancer, v);
  if (args.networkLoadBalancer !== undefined) checkNlbInputs(args.networkLoadBalancer, v);
}

/** The ALB's nested fields: known keys, ARNs, CIDRs, subnets and the ELB ranges. */
function checkAlbInputs(lb: AlbArgs, v: Validator): void {
  v.knownKeys("loadBalancer", lb, NESTED_KEYS.loadBalancer);
  v.knownKeys("loadBalancer.create", lb.create, NESTED_KEYS.createAlb);
  v.arn("loadBalancer.listenerArn", lb.listenerArn, ALB_LISTENER_ARN);
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

/** The NLB's nested fields: known keys, ARNs, the protocol and the ELB ranges. */
function checkNlbInputs(nlb: NlbArgs, v: Validator): void {
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

/** Where the tasks run and how many: cluster, Spot, count, ingress sources, VPC and subnets. */
export function checkPlacement(args: FargateServiceArgs, task: ResolvedTaskDefaults, v: Validator): void {
  v.merge(checkSpot(args.spot));
  if (args.spot) {
    v.merge(
      checkCapacityStrategy(fargateCapacityStrategy(args.spot), "spot", {
        fargate: true,
        os: task.os,
        cpuArchitecture: task.cpuArchitecture,
        platformVersion: task.platformVersion,
      }).filter((i) => i.path === "platformVersion" || i.path.endsWith("capacityProvider")),
    );
  }
  // ECS service quota "Tasks per service": 5,000.
  v.intIn("desiredCount", args.desiredCount, 0, 5000);
  (args.ingressCidrs ?? []).forEach((cidr, i) => {
    v.cidr(`ingressCidrs[${i}]`, cidr);
  });
  v.notInternet("ingressCidrs", args.ingressCidrs, "task ingress (put a load balancer in front)");
  checkIngressSecurityGroups(v, args.ingressSecurityGroups);
  checkVpcId(v, args.vpcId);
  checkIdList(v, "subnetIds", args.subnetIds, 1, "subnet");
}

/** One load balancer at most, and the container port it sends to. */
export function checkLoadBalancing(args: FargateServiceArgs, v: Validator): LoadBalancerTarget | undefined {
  const lb = args.loadBalancer;
  const nlb = args.networkLoadBalancer;
  v.check(
    !(lb && nlb),
    "networkLoadBalancer",
    "both loadBalancer and networkLoadBalancer",
    "one of loadBalancer or networkLoadBalancer",
  );
  let target: LoadBalancerTarget | undefined;
  if (lb) target = checkAlb(args, lb, v);
  if (nlb) target = checkNlb(args, nlb, v);
  if (args.autoscaling)
    v.merge(checkScaling(args.autoscaling, "autoscaling", { hasLoadBalancer: lb !== undefined }));
  return target;
}

/** An ALB: adopt or create, rule priority and conditions, ELB ranges, and the target port. */
function checkAlb(args: FargateServiceArgs, lb: AlbArgs, v: Validator): LoadBalancerTarget | undefined {
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
  // ELB CreateRule Priority: 1 to 50000.
  v.intIn("loadBalancer.priority", lb.priority, 1, 50000);
  const values = (lb.hostHeaders?.length ?? 0) + (lb.pathPatterns?.length ?? 0);
  v.check(
    values <= 5,
    "loadBalancer",
    `${values} host and path values`,
    "at most 5 host header and path pattern values in one rule",
  );
  // ELB target group attributes: deregistration_delay.timeout_seconds 0 to 3600; CreateTargetGroup
  // HealthCheckIntervalSeconds 5 to 300.
  v.intIn("loadBalancer.deregistrationDelay", lb.deregistrationDelay, 0, 3600);
  v.intIn("loadBalancer.healthCheckInterval", lb.healthCheckInterval, 5, 300);
  if (lb.create?.internal) {
    v.check(
      (lb.create.ingressCidrs?.length ?? 0) > 0,
      "loadBalancer.create.ingressCidrs",
      lb.create.ingressCidrs,
      "the CIDR blocks of the clients of an internal ALB",
    );
  }
  const target = targetPort(args, lb.containerName, lb.containerPort);
  v.check(
    target !== undefined,
    lb.containerPort !== undefined ? "loadBalancer.containerPort" : "loadBalancer.containerName",
    lb.containerPort ?? lb.containerName,
    "a container and one of its portMappings",
  );
  return target;
}

/** An NLB: port, who reaches the tasks, client IP preservation, health checks, TLS, the target port. */
function checkNlb(args: FargateServiceArgs, nlb: NlbArgs, v: Validator): LoadBalancerTarget | undefined {
  if (v.required("networkLoadBalancer.port", nlb.port, "an integer from 1 to 65535"))
    v.intIn("networkLoadBalancer.port", nlb.port, 1, 65535);
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
  v.intIn("networkLoadBalancer.healthCheckPort", nlb.healthCheckPort, 1, 65535);
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
  const target = targetPort(args, nlb.containerName, nlb.containerPort);
  v.check(
    target !== undefined,
    "networkLoadBalancer.containerName",
    nlb.containerName ?? nlb.containerPort,
    "a container and one of its portMappings",
  );
  if (target) {
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
  return target;
}

/** The deployment strategy and its ranges; circuit breaker and alarms only where ECS supports them. */
export function checkDeployment(d: DeploymentArgs, v: Validator): void {
  const strategy = d.strategy ?? "ROLLING";
  v.check(
    ["ROLLING", "BLUE_GREEN", "CANARY", "LINEAR"].includes(strategy),
    "deployment.strategy",
    strategy,
    "ROLLING, BLUE_GREEN, CANARY or LINEAR",
  );
  // ECS DeploymentConfiguration: bake times 0 to 1440 minutes.
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
  v.intIn("deployment.minimumHealthyPercent", d.minimumHealthyPercent, 0, 100);
  v.intIn("deployment.maximumPercent", d.maximumPercent, 100, 200);
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
}

/** ECS Exec's log group and key only with exec; Service Connect and Lattice name mapped ports. */
export function checkWiring(args: FargateServiceArgs, v: Validator): void {
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
  const named = (path: string, portName: string) =>
    v.check(
      portNames.includes(portName),
      path,
      portName,
      portNames.length
        ? `a named port (${portNames.join(", ")})`
        : "a named port (no container port has a name)",
    );
  (args.serviceConnect?.services ?? []).forEach((s, i) => {
    named(`serviceConnect.services[${i}].portName`, s.portName);
  });
  (args.latticeTargets ?? []).forEach((t, i) => {
    named(`latticeTargets[${i}].portName`, t.portName);
  });
}
