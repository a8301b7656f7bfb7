import { isPlain } from "@berth/core";
import type * as pulumi from "@pulumi/pulumi";
import type { FargateServiceArgs } from "./fargate-service";
import type { LoadBalancerTarget } from "./fargate-service-checks";
import type { ResolvedNlb } from "./fargate-service-resolve";

/**
 * One ingress rule of a security group, named by its source and port (not by a list position,
 * so removing one source replaces no other rule); `aliases` are the names it had before.
 */
export interface ResolvedIngressRule {
  /** Child name. */
  name: string;
  /** Former child names (list positions) of the same rule. */
  aliases: string[];
  /** Port (from and to). */
  port: number;
  /** IP protocol. */
  protocol: "tcp" | "udp";
  /** Rule description (EC2 description characters only). */
  description: string;
  /** Source CIDR block (IPv4 or IPv6). */
  cidr?: string;
  /** Source security group. */
  securityGroupId?: pulumi.Input<string>;
  /** Source: the security group of the ALB this service creates. */
  fromCreatedAlb?: boolean;
}

/** A CIDR block as part of a child name: IPv6 colons become hyphens (`::` separates URN parts). */
export function cidrKey(cidr: string): string {
  return cidr.replace(/:/g, "-");
}

/** A rule `${name}-${key}-${port}` (udp rules get a `-udp` suffix), with its former names. */
function rule(
  name: string,
  key: string,
  oldKey: string | undefined,
  port: number,
  protocol: "tcp" | "udp",
  source: Pick<ResolvedIngressRule, "cidr" | "securityGroupId" | "fromCreatedAlb">,
): ResolvedIngressRule {
  const udp = protocol === "udp" ? "-udp" : "";
  const suffix = `${key}-${port}`;
  return {
    name: `${name}-${suffix}${udp}`,
    aliases: oldKey !== undefined && oldKey !== key ? [`${name}-${oldKey}-${port}${udp}`] : [],
    port,
    protocol,
    description: protocol === "udp" ? `${suffix} to ${port}/udp` : `${suffix} to ${port}`,
    ...source,
  };
}

/** Each container port with the protocol it is mapped with (a UDP port is opened as udp). */
function containerPorts(args: FargateServiceArgs): Array<{ port: number; protocol: "tcp" | "udp" }> {
  return [
    ...new Map(
      args.containers
        .flatMap((c) => c.portMappings ?? [])
        .map((p) => {
          const protocol = p.protocol ?? "tcp";
          return [`${p.containerPort}/${protocol}`, { port: p.containerPort, protocol }] as const;
        }),
    ).values(),
  ];
}

/**
 * The ingress rules of the tasks' security group: every container port from `ingressSecurityGroupIds`
 * and `ingressCidrs`, and the target port from the load balancer. Security groups known only later
 * (outputs) keep their list position in the name; plain ids and CIDRs name their rules.
 */
export function resolveIngressRules(
  name: string,
  args: FargateServiceArgs,
  target: LoadBalancerTarget | undefined,
  nlb: ResolvedNlb | undefined,
): ResolvedIngressRule[] {
  const ports = containerPorts(args);
  const rules: ResolvedIngressRule[] = [];
  (args.ingressSecurityGroupIds ?? []).forEach((id, i) => {
    const key = typeof id === "string" && isPlain(id) ? `from-sg-${id}` : `from-sg${i}`;
    for (const p of ports)
      rules.push(rule(name, key, `from-sg${i}`, p.port, p.protocol, { securityGroupId: id }));
  });
  (args.ingressCidrs ?? []).forEach((cidr, i) => {
    for (const p of ports)
      rules.push(rule(name, `from-cidr-${cidrKey(cidr)}`, `from-cidr${i}`, p.port, p.protocol, { cidr }));
  });
  const lb = args.loadBalancer;
  if (lb && target) {
    const source = lb.create ? { fromCreatedAlb: true } : { securityGroupId: lb.securityGroupId };
    rules.push(rule(name, "from-lb", undefined, target.port, "tcp", source));
  }
  if (nlb && target) rules.push(...nlbIngressRules(name, args, target.port, nlb));
  return rules;
}

/**
 * What reaches the tasks behind an NLB: the NLB's security group or its subnets (health checks
 * always, and traffic unless client IPs are preserved), and the client CIDRs when they are.
 */
function nlbIngressRules(
  name: string,
  args: FargateServiceArgs,
  port: number,
  nlb: ResolvedNlb,
): ResolvedIngressRule[] {
  const rules: ResolvedIngressRule[] = [];
  const toTasks = (key: string, source: { securityGroupId?: pulumi.Input<string>; cidr?: string }) => {
    for (const protocol of nlb.ipProtocols) rules.push(rule(name, key, undefined, port, protocol, source));
    if (nlb.healthCheckPort !== port)
      rules.push(rule(name, key, undefined, nlb.healthCheckPort, "tcp", source));
  };
  const sg = args.networkLoadBalancer?.securityGroupId;
  if (sg !== undefined) toTasks("from-nlb", { securityGroupId: sg });
  for (const cidr of args.networkLoadBalancer?.subnetCidrs ?? [])
    toTasks(`from-nlb-subnet-${cidrKey(cidr)}`, { cidr });
  if (nlb.preserveClientIp) {
    (args.networkLoadBalancer?.sourceCidrs ?? []).forEach((cidr, i) => {
      for (const protocol of nlb.ipProtocols)
        rules.push(
          rule(name, `from-nlb-cidr-${cidrKey(cidr)}`, `from-nlb-cidr${i}`, port, protocol, { cidr }),
        );
    });
  }
  return rules;
}

/**
 * The ingress rules of a created ALB's security group: ports 80 and 443 from each client CIDR
 * (`0.0.0.0/0` unless told), named by CIDR and port.
 */
export function resolveAlbIngressRules(name: string, cidrs: readonly string[]): ResolvedIngressRule[] {
  return cidrs.flatMap((cidr, i) =>
    [80, 443].map((p) => ({
      ...rule(name, `alb-in-${cidrKey(cidr)}`, `alb-in${i}`, p, "tcp", { cidr }),
      description: `Clients to ${p}`,
    })),
  );
}
