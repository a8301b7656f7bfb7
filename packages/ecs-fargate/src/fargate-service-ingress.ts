import { EC2_DESCRIPTION_MAX_LENGTH, isPlain, isPlainObject, type Validator } from "@berth/core";
import type * as pulumi from "@pulumi/pulumi";
import type { FargateServiceArgs } from "./fargate-service";
import type { LoadBalancerTarget } from "./fargate-service-checks";
import type { ResolvedNlb } from "./fargate-service-resolve";
import { checkedWhenKnown } from "./task";

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
 * A key of `ingressSecurityGroups`: it names the group's rules (`<name>-from-sg-<key>-<port>`), so
 * it holds only characters a Pulumi name and an EC2 rule description take. It starts with a letter.
 */
const INGRESS_KEY = /^[A-Za-z][A-Za-z0-9-]*$/;

/**
 * The longest key whose rule description (`from-sg-<key>-<port> to <port>/udp`) fits EC2's 255
 * characters (EC2 API reference, `SecurityGroupRuleRequest.Description`: up to 255 characters).
 */
export const INGRESS_KEY_MAX_LENGTH = EC2_DESCRIPTION_MAX_LENGTH - "from-sg--65535 to 65535/udp".length;

/**
 * A security group id: `sg-` then lowercase letters and digits. AWS issues 8 or 17 hexadecimal
 * digits (EC2 user guide, "Resource IDs"); shorter test placeholders pass. What this refuses is what
 * is surely wrong: a name, an ARN, a comma-separated list.
 */
function checkSecurityGroupId(v: Validator, path: string, id: unknown): boolean {
  if (!isPlain(id as pulumi.Input<unknown>)) return true;
  return v.check(
    typeof id === "string" && /^sg-[0-9a-z]+$/.test(id),
    path,
    id,
    "a security group id (sg-0123456789abcdef0)",
  );
}

/**
 * `ingressSecurityGroups`: an object whose keys can name a rule, each value a security group id,
 * each id once (EC2 refuses a second identical rule: `InvalidPermission.Duplicate`).
 */
export function checkIngressSecurityGroups(v: Validator, value: unknown): void {
  if (value === undefined) return;
  const shape =
    'an object of security group ids keyed by a name you choose, e.g. { lattice: "sg-0123456789abcdef0" }';
  if (!v.check(isPlainObject(value), "ingressSecurityGroups", value, shape)) return;
  const seen = new Set<unknown>();
  for (const [key, id] of Object.entries(value as Record<string, unknown>)) {
    v.check(
      INGRESS_KEY.test(key) && key.length <= INGRESS_KEY_MAX_LENGTH,
      "ingressSecurityGroups",
      key,
      `keys of letters, digits and hyphens, starting with a letter, at most ${INGRESS_KEY_MAX_LENGTH} characters (each key names rules)`,
    );
    const path = `ingressSecurityGroups.${key}`;
    if (v.required(path, id, "a security group id")) checkSecurityGroupId(v, path, id);
    if (isPlain(id as pulumi.Input<unknown>) && seen.has(id))
      v.check(false, path, id, "each security group once");
    seen.add(id);
  }
}

/** The checked `ingressSecurityGroups` (`{}` unless given); a group known later is checked once known. */
export function resolveIngressSecurityGroups(
  v: Validator,
  groups: FargateServiceArgs["ingressSecurityGroups"],
): Record<string, pulumi.Input<string>> {
  return Object.fromEntries(
    Object.entries(groups ?? {}).map(([key, id]) => {
      const path = `ingressSecurityGroups.${key}`;
      const checked = checkedWhenKnown(v, id, (known, cv) => {
        if (cv.required(path, known, "a security group id")) checkSecurityGroupId(cv, path, known);
      });
      return [key, checked];
    }),
  );
}

/**
 * The ingress rules of the tasks' security group: every container port from each of
 * `ingressSecurityGroups` (named by its key) and `ingressCidrs` (named by the CIDR), and the target
 * port from the load balancer. The former list-position names are the aliases (key order is the
 * order of the old `ingressSecurityGroupIds` list).
 */
export function resolveIngressRules(
  name: string,
  args: FargateServiceArgs,
  groups: Readonly<Record<string, pulumi.Input<string>>>,
  target: LoadBalancerTarget | undefined,
  nlb: ResolvedNlb | undefined,
): ResolvedIngressRule[] {
  const ports = containerPorts(args);
  const rules: ResolvedIngressRule[] = [];
  Object.entries(groups).forEach(([key, id], i) => {
    for (const p of ports)
      rules.push(rule(name, `from-sg-${key}`, `from-sg${i}`, p.port, p.protocol, { securityGroupId: id }));
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
 * Two rules with the same source, port and protocol (e.g. the load balancer's security group also
 * listed in `ingressSecurityGroups`, or a CIDR both in `ingressCidrs` and an NLB's subnets): EC2
 * refuses the second at `up` ("InvalidPermission.Duplicate: the specified rule already exists",
 * EC2 API reference, error codes). Sources known only at deploy time are not compared.
 */
export function checkIngressDuplicates(v: Validator, rules: readonly ResolvedIngressRule[]): void {
  const seen = new Map<string, string>();
  for (const r of rules) {
    const source = r.cidr ?? (isPlain(r.securityGroupId) ? r.securityGroupId : undefined);
    if (source === undefined) continue;
    const key = `${source} ${r.port}/${r.protocol}`;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, r.name);
    else
      v.check(
        false,
        "ingress",
        key,
        "each source and port once (EC2 refuses a second identical rule: InvalidPermission.Duplicate)",
        `${first} and ${r.name} both open it; list the source once`,
      );
  }
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
