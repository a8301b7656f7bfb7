import type { Tags } from "@berth/core";
import type * as pulumi from "@pulumi/pulumi";
import type { AuthRule, AuthType } from "./auth-policy";

/** Protocol of a target group health check. */
export const HealthCheckProtocol = {
  /** Plain HTTP. */
  Http: "HTTP",
  /** HTTPS (the target's certificate is not verified). */
  Https: "HTTPS",
} as const;
/** Protocol of a target group health check. */
export type HealthCheckProtocol = (typeof HealthCheckProtocol)[keyof typeof HealthCheckProtocol];

/** HTTP version of a target group health check. */
export const HealthCheckProtocolVersion = {
  /** HTTP/1.1. */
  Http1: "HTTP1",
  /** HTTP/2. */
  Http2: "HTTP2",
} as const;
/** HTTP version of a target group health check. */
export type HealthCheckProtocolVersion =
  (typeof HealthCheckProtocolVersion)[keyof typeof HealthCheckProtocolVersion];

/** What a target group holds. */
export const TargetGroupType = {
  /** IP addresses: ECS tasks, Kubernetes pods, any address in the VPC. */
  Ip: "IP",
  /** EC2 instances. */
  Instance: "INSTANCE",
  /** One internal Application Load Balancer. */
  Alb: "ALB",
  /** One Lambda function. */
  Lambda: "LAMBDA",
} as const;
/** What a target group holds. */
export type TargetGroupType = (typeof TargetGroupType)[keyof typeof TargetGroupType];

/** Protocol between Lattice and the targets. */
export const TargetGroupProtocol = {
  /** Plain HTTP. */
  Http: "HTTP",
  /** HTTPS. */
  Https: "HTTPS",
  /** TCP, for TLS passthrough (IP and INSTANCE only). */
  Tcp: "TCP",
} as const;
/** Protocol between Lattice and the targets. */
export type TargetGroupProtocol = (typeof TargetGroupProtocol)[keyof typeof TargetGroupProtocol];

/** HTTP version between Lattice and the targets. */
export const TargetGroupProtocolVersion = {
  /** HTTP/1.1. */
  Http1: "HTTP1",
  /** HTTP/2. */
  Http2: "HTTP2",
  /** gRPC (over HTTP/2). */
  Grpc: "GRPC",
} as const;
/** HTTP version between Lattice and the targets. */
export type TargetGroupProtocolVersion =
  (typeof TargetGroupProtocolVersion)[keyof typeof TargetGroupProtocolVersion];

/** Address family of an IP target group. */
export const IpAddressType = {
  /** IPv4 targets. */
  Ipv4: "IPV4",
  /** IPv6 targets. */
  Ipv6: "IPV6",
} as const;
/** Address family of an IP target group. */
export type IpAddressType = (typeof IpAddressType)[keyof typeof IpAddressType];

/** Event format a Lambda target receives. */
export const LambdaEventStructureVersion = {
  /** The first format. */
  V1: "V1",
  /** The second format (multi-value headers, base64 bodies). */
  V2: "V2",
} as const;
/** Event format a Lambda target receives. */
export type LambdaEventStructureVersion =
  (typeof LambdaEventStructureVersion)[keyof typeof LambdaEventStructureVersion];

/** Protocol of a listener. */
export const ListenerProtocol = {
  /** HTTPS: Lattice terminates TLS. */
  Https: "HTTPS",
  /** Plain HTTP. */
  Http: "HTTP",
  /** TLS passed through to TCP target groups (needs a custom domain). */
  TlsPassthrough: "TLS_PASSTHROUGH",
} as const;
/** Protocol of a listener. */
export type ListenerProtocol = (typeof ListenerProtocol)[keyof typeof ListenerProtocol];

/** Health check of an IP or INSTANCE target group (Lattice has none for LAMBDA and ALB). */
export interface LatticeHealthCheck {
  /** Check targets at all. @default true for HTTP/HTTPS target groups, false for TCP ones */
  enabled?: boolean;
  /** Protocol of the check. @default the target group protocol; "HTTP" for TCP target groups */
  protocol?: HealthCheckProtocol;
  /** HTTP version of the check. @default "HTTP1" */
  protocolVersion?: HealthCheckProtocolVersion;
  /** Port of the check, 1 to 65535. @default the traffic port */
  port?: number;
  /** Path requested. @default "/" */
  path?: string;
  /** Status codes meaning healthy: `200`, `200,204` or `200-299`. @default "200" */
  matcher?: string;
  /** Seconds between checks, 5 to 300. @default 30 */
  intervalSeconds?: number;
  /** Seconds to wait for an answer, 1 to 120. @default 5 */
  timeoutSeconds?: number;
  /** Successes before a target is healthy, 2 to 10. @default 5 */
  healthyThreshold?: number;
  /** Failures before a target is unhealthy, 2 to 10. @default 2 */
  unhealthyThreshold?: number;
}

/** A target registered by this component (ECS tasks and Kubernetes pods register themselves). */
export interface LatticeTarget {
  /** IP address (IP), instance id (INSTANCE), Lambda function ARN (LAMBDA) or ALB ARN (ALB). */
  id: pulumi.Input<string>;
  /** Port, 1 to 65535. @default the target group port */
  port?: number;
  /**
   * Names the attachment (`<name>-tg-<group>-target-<key>`) of an IP or INSTANCE target.
   * @default the id; required when the id is known only at deployment
   */
  key?: string;
}

/** A target group of the service. */
export interface LatticeTargetGroup {
  /** `IP` (ECS tasks, pods, addresses), `INSTANCE`, `ALB` (one internal ALB) or `LAMBDA` (one function). */
  type: TargetGroupType;
  /** Physical name, 3 to 128 characters. @default auto-named `<name>-tg-<key>-<7 hex>` */
  targetGroupName?: string;
  /** VPC of the targets; required except for LAMBDA. */
  vpcId?: pulumi.Input<string>;
  /** `HTTP`, `HTTPS`, or `TCP` (for TLS passthrough; IP and INSTANCE only). Not for LAMBDA. @default "HTTP" */
  protocol?: TargetGroupProtocol;
  /** Port the targets listen on, 1 to 65535. Not for LAMBDA. @default 80 for HTTP, 443 for HTTPS; required for TCP */
  port?: number;
  /** `HTTP1`, `HTTP2` or `GRPC` (HTTP and HTTPS only). @default "HTTP1" */
  protocolVersion?: TargetGroupProtocolVersion;
  /** `IPV4` or `IPV6` (IP only). @default "IPV4" */
  ipAddressType?: IpAddressType;
  /** Event format a LAMBDA target receives. @default "V2" */
  lambdaEventStructureVersion?: LambdaEventStructureVersion;
  /** Health check (IP and INSTANCE only). @default enabled on HTTP/HTTPS with the defaults of each field */
  healthCheck?: LatticeHealthCheck;
  /** Targets to register. LAMBDA and ALB need exactly one. @default [] (e.g. ECS registers its tasks) */
  targets?: LatticeTarget[];
}

/** A header condition of a listener rule; give exactly one of `exact`, `prefix`, `contains`. */
export interface LatticeHeaderMatch {
  /** Header name. */
  name: string;
  /** Value equals. @default none */
  exact?: string;
  /** Value starts with. @default none */
  prefix?: string;
  /** Value contains. @default none */
  contains?: string;
  /** Compare case-sensitively. @default false */
  caseSensitive?: boolean;
}

/** A listener rule: conditions (all must match) and an action. */
export interface LatticeListenerRule {
  /** Rule name, unique in the listener. @default "rule-<priority>" */
  name?: string;
  /** Priority 1 to 100, unique in the listener; lower is evaluated first. */
  priority: number;
  /** Path equals. @default none */
  pathExact?: string;
  /** Path starts with. @default none */
  pathPrefix?: string;
  /** Compare the path case-sensitively. @default false */
  pathCaseSensitive?: boolean;
  /** HTTP method, e.g. `GET`. @default any */
  method?: string;
  /** Header conditions, up to 5. @default [] */
  headers?: LatticeHeaderMatch[];
  /** Weighted forward: target group key to weight 0 to 999, e.g. `{ stable: 90, canary: 10 }`. */
  forward?: Record<string, number>;
  /** Instead of `forward`: answer with this HTTP status, 404 or 500 (the only two Lattice supports). @default none */
  fixedResponseStatus?: number;
}

/** A listener of the service. */
export interface LatticeListener {
  /** Listener name, unique in the service. @default "<protocol>-<port>", e.g. "https-443" */
  name?: string;
  /** `HTTPS` (Lattice terminates TLS), `HTTP`, or `TLS_PASSTHROUGH` (TCP target groups, custom domain). @default "HTTPS" */
  protocol?: ListenerProtocol;
  /** Port, 1 to 65535. @default 443 for HTTPS and TLS_PASSTHROUGH, 80 for HTTP */
  port?: number;
  /** Default action, weighted forward: target group key to weight. @default the only target group, weight 100 */
  forward?: Record<string, number>;
  /** Instead of `forward`: default action answers with this HTTP status, 404 or 500. @default none */
  fixedResponseStatus?: number;
  /** Rules evaluated before the default action (not on TLS_PASSTHROUGH). @default [] */
  rules?: LatticeListenerRule[];
}

/** Arguments of {@link LatticeService}. */
export interface LatticeServiceArgs {
  /** Physical name: 3 to 40 characters of a-z, 0-9 and single hyphens. @default auto-named `<name>-svc-<7 hex>` */
  serviceName?: string;
  /**
   * Service networks to associate the service with: ids, or ARNs across accounts, keyed by a name
   * you choose (letters, digits and `-`, starting with a letter), e.g.
   * `{ platform: network.serviceNetworkId }`. Each key names an association (`<name>-sn-<key>`).
   * @default {}
   */
  serviceNetworks?: Record<string, pulumi.Input<string>>;
  /** `AWS_IAM` or `NONE`. @default "AWS_IAM" */
  authType?: AuthType;
  /** Must be true to accept `authType: "NONE"`. @default false */
  allowUnauthenticated?: boolean;
  /** Service-level auth policy rules; may use `paths`. @default principals of this account (IAM policies decide) */
  authRules?: AuthRule[];
  /** Custom domain name, e.g. `orders.internal.example.com`. Required for TLS_PASSTHROUGH. @default the Lattice domain */
  customDomainName?: pulumi.Input<string>;
  /** ACM certificate ARN for the custom domain; required with an HTTPS listener and a custom domain. @default none */
  certificateArn?: pulumi.Input<string>;
  /** Target groups by key (lowercase, e.g. `stable`, `canary`). At least one. */
  targetGroups: Record<string, LatticeTargetGroup>;
  /** Listeners. @default one HTTPS listener on 443 forwarding to the only target group */
  listeners?: LatticeListener[];
  /** Write access logs. @default true */
  accessLogs?: boolean;
  /** S3 bucket, Firehose stream or log group ARN for access logs. @default a log group created here */
  accessLogDestinationArn?: pulumi.Input<string>;
  /** Retention of the created log group, in days. @default 30 */
  accessLogRetentionDays?: number;
  /** Tags for every resource. @default {} */
  tags?: Tags;
}
