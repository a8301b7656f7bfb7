import {
  checkTags,
  componentTags,
  isPlain,
  mergePlainTags,
  mergeTags,
  type Tags,
  type ValidationIssue,
  Validator,
  validateWhenKnown,
} from "@berth/core";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type AuthRule, authPolicyDocument, checkAuthSettings, HTTP_METHODS } from "./auth-policy";
import {
  accessLogGroupPrefix,
  checkAccessLogSettings,
  checkAccessLogs,
  checkName,
  checkPriorities,
  checkWeights,
  type KeysOf,
  LATTICE_FIXED_RESPONSE_STATUSES,
  LATTICE_LIMITS,
  unknownKeys,
} from "./validation";

/** Health check of an IP or INSTANCE target group (Lattice has none for LAMBDA and ALB). */
export interface LatticeHealthCheck {
  /** Check targets at all. @default true for HTTP/HTTPS target groups, false for TCP ones */
  enabled?: boolean;
  /** Protocol of the check. @default the target group protocol; "HTTP" for TCP target groups */
  protocol?: "HTTP" | "HTTPS";
  /** HTTP version of the check. @default "HTTP1" */
  protocolVersion?: "HTTP1" | "HTTP2";
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
}

/** A target group of the service. */
export interface LatticeTargetGroup {
  /** `IP` (ECS tasks, pods, addresses), `INSTANCE`, `ALB` (one internal ALB) or `LAMBDA` (one function). */
  type: "IP" | "INSTANCE" | "ALB" | "LAMBDA";
  /** Physical name, 3 to 128 characters. @default auto-named `<name>-tg-<key>-<7 hex>` */
  targetGroupName?: string;
  /** VPC of the targets; required except for LAMBDA. */
  vpcId?: pulumi.Input<string>;
  /** `HTTP`, `HTTPS`, or `TCP` (for TLS passthrough; IP and INSTANCE only). Not for LAMBDA. @default "HTTP" */
  protocol?: "HTTP" | "HTTPS" | "TCP";
  /** Port the targets listen on, 1 to 65535. Not for LAMBDA. @default 80 for HTTP, 443 for HTTPS; required for TCP */
  port?: number;
  /** `HTTP1`, `HTTP2` or `GRPC` (HTTP and HTTPS only). @default "HTTP1" */
  protocolVersion?: "HTTP1" | "HTTP2" | "GRPC";
  /** `IPV4` or `IPV6` (IP only). @default "IPV4" */
  ipAddressType?: "IPV4" | "IPV6";
  /** Event format a LAMBDA target receives. @default "V2" */
  lambdaEventStructureVersion?: "V1" | "V2";
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
  protocol?: "HTTPS" | "HTTP" | "TLS_PASSTHROUGH";
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
  /** Service network ids or ARNs (ARNs across accounts) to associate the service with. @default [] */
  serviceNetworks?: pulumi.Input<string>[];
  /** `AWS_IAM` or `NONE`. @default "AWS_IAM" */
  authType?: "AWS_IAM" | "NONE";
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

const ARGS_KEYS: KeysOf<LatticeServiceArgs> = {
  serviceName: true,
  serviceNetworks: true,
  authType: true,
  allowUnauthenticated: true,
  authRules: true,
  customDomainName: true,
  certificateArn: true,
  targetGroups: true,
  listeners: true,
  accessLogs: true,
  accessLogDestinationArn: true,
  accessLogRetentionDays: true,
  tags: true,
};
const TARGET_GROUP_KEYS: KeysOf<LatticeTargetGroup> = {
  type: true,
  targetGroupName: true,
  vpcId: true,
  protocol: true,
  port: true,
  protocolVersion: true,
  ipAddressType: true,
  lambdaEventStructureVersion: true,
  healthCheck: true,
  targets: true,
};
const HEALTH_CHECK_KEYS: KeysOf<LatticeHealthCheck> = {
  enabled: true,
  protocol: true,
  protocolVersion: true,
  port: true,
  path: true,
  matcher: true,
  intervalSeconds: true,
  timeoutSeconds: true,
  healthyThreshold: true,
  unhealthyThreshold: true,
};
const TARGET_KEYS: KeysOf<LatticeTarget> = { id: true, port: true };
const LISTENER_KEYS: KeysOf<LatticeListener> = {
  name: true,
  protocol: true,
  port: true,
  forward: true,
  fixedResponseStatus: true,
  rules: true,
};
const RULE_KEYS: KeysOf<LatticeListenerRule> = {
  name: true,
  priority: true,
  pathExact: true,
  pathPrefix: true,
  pathCaseSensitive: true,
  method: true,
  headers: true,
  forward: true,
  fixedResponseStatus: true,
};
const HEADER_KEYS: KeysOf<LatticeHeaderMatch> = {
  name: true,
  exact: true,
  prefix: true,
  contains: true,
  caseSensitive: true,
};

/**
 * A service network id or ARN (VPC Lattice API reference,
 * `CreateServiceNetworkServiceAssociation.serviceNetworkIdentifier`).
 */
const SERVICE_NETWORK_IDENTIFIER =
  /^(sn-[0-9a-z]{17}|arn:aws[a-z-]*:vpc-lattice:[a-z0-9-]+:\d{12}:servicenetwork\/sn-[0-9a-z]{17})$/;
const SERVICE_NETWORK_ALLOWED = "a service network id (sn- and 17 characters) or its ARN";
const CERTIFICATE = { service: "acm", resourceType: "certificate" } as const;

const KEY = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const IPV6 = /^[0-9a-fA-F:]+$/;
const INSTANCE = /^i-[0-9a-f]{8,17}$/;
const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9$_-]+)?$/;
const ALB_ARN = /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer\/app\/.+$/;
const MATCHER = /^\d{3}([-,]\d{3})*$/;

const intIn = (n: number | undefined, min: number, max: number) =>
  n === undefined || (Number.isInteger(n) && n >= min && n <= max);

function checkTargetGroup(name: string, key: string, tg: LatticeTargetGroup): ValidationIssue[] {
  const at = `targetGroups.${key}`;
  const issues: ValidationIssue[] = [];
  const add = (ok: boolean, path: string, value: unknown, allowed: string, hint?: string) => {
    if (!ok)
      issues.push(
        hint ? { path: `${at}${path}`, value, allowed, hint } : { path: `${at}${path}`, value, allowed },
      );
  };
  add(
    KEY.test(key) && key.length <= 20,
    "",
    key,
    "a key of at most 20 lowercase letters, digits and single hyphens",
  );
  issues.push(...unknownKeys(at, tg, TARGET_GROUP_KEYS));
  issues.push(...unknownKeys(`${at}.healthCheck`, tg.healthCheck, HEALTH_CHECK_KEYS));
  (tg.targets ?? []).forEach((t, j) => {
    issues.push(...unknownKeys(`${at}.targets[${j}]`, t, TARGET_KEYS));
  });
  const types = ["IP", "INSTANCE", "ALB", "LAMBDA"];
  if (!types.includes(tg.type)) {
    add(false, ".type", tg.type, `one of ${types.join(", ")}`);
    return issues;
  }
  if (KEY.test(key)) {
    issues.push(
      ...checkName(
        tg.targetGroupName,
        `${name}-tg-${key}`,
        LATTICE_LIMITS.targetGroupName,
        `${at}.targetGroupName`,
        name,
      ),
    );
  }
  const targets = tg.targets ?? [];
  if (tg.type === "LAMBDA") {
    for (const f of [
      "vpcId",
      "protocol",
      "port",
      "protocolVersion",
      "ipAddressType",
      "healthCheck",
    ] as const) {
      add(
        tg[f] === undefined,
        `.${f}`,
        tg[f],
        "unset for a LAMBDA target group (Lattice invokes the function)",
      );
    }
    add(targets.length === 1, ".targets", `${targets.length} targets`, "exactly one Lambda function ARN");
    targets.forEach((t, i) => {
      if (typeof t.id === "string")
        add(LAMBDA_ARN.test(t.id), `.targets[${i}].id`, t.id, "a Lambda function ARN");
      add(t.port === undefined, `.targets[${i}].port`, t.port, "unset for a Lambda target");
    });
    return issues;
  }
  add(
    tg.lambdaEventStructureVersion === undefined,
    ".lambdaEventStructureVersion",
    tg.lambdaEventStructureVersion,
    "unset unless type is LAMBDA",
  );
  add(tg.vpcId !== undefined, ".vpcId", undefined, `a VPC id (required for type ${tg.type})`);
  const protocol = tg.protocol ?? "HTTP";
  add(["HTTP", "HTTPS", "TCP"].includes(protocol), ".protocol", protocol, "one of HTTP, HTTPS, TCP");
  add(intIn(tg.port, 1, 65535), ".port", tg.port, "an integer from 1 to 65535");
  if (protocol === "TCP") {
    add(
      tg.type === "IP" || tg.type === "INSTANCE",
      ".protocol",
      protocol,
      `HTTP or HTTPS for type ${tg.type} (TCP is for IP and INSTANCE)`,
    );
    add(tg.port !== undefined, ".port", undefined, "a port (required for TCP target groups)");
    add(
      tg.protocolVersion === undefined,
      ".protocolVersion",
      tg.protocolVersion,
      "unset for a TCP target group",
    );
  }
  if (tg.protocolVersion !== undefined) {
    add(
      ["HTTP1", "HTTP2", "GRPC"].includes(tg.protocolVersion),
      ".protocolVersion",
      tg.protocolVersion,
      "one of HTTP1, HTTP2, GRPC",
    );
  }
  if (tg.ipAddressType !== undefined) {
    add(tg.type === "IP", ".ipAddressType", tg.ipAddressType, "unset unless type is IP");
    add(["IPV4", "IPV6"].includes(tg.ipAddressType), ".ipAddressType", tg.ipAddressType, "one of IPV4, IPV6");
  }
  if (tg.type === "ALB") {
    add(
      tg.healthCheck === undefined,
      ".healthCheck",
      tg.healthCheck,
      "unset for an ALB target group (the ALB checks its own targets)",
    );
    add(
      targets.length === 1,
      ".targets",
      `${targets.length} targets`,
      "exactly one internal Application Load Balancer ARN",
    );
  }
  targets.forEach((t, i) => {
    add(intIn(t.port, 1, 65535), `.targets[${i}].port`, t.port, "an integer from 1 to 65535");
    if (typeof t.id !== "string") return;
    if (tg.type === "IP") {
      const v6 = tg.ipAddressType === "IPV6";
      add(
        v6 ? IPV6.test(t.id) && t.id.includes(":") : IPV4.test(t.id),
        `.targets[${i}].id`,
        t.id,
        v6 ? "an IPv6 address" : "an IPv4 address",
      );
    }
    if (tg.type === "INSTANCE")
      add(INSTANCE.test(t.id), `.targets[${i}].id`, t.id, "an EC2 instance id (i-...)");
    if (tg.type === "ALB")
      add(ALB_ARN.test(t.id), `.targets[${i}].id`, t.id, "an Application Load Balancer ARN");
  });
  const hc = tg.healthCheck;
  if (hc) {
    add(
      hc.protocol === undefined || ["HTTP", "HTTPS"].includes(hc.protocol),
      ".healthCheck.protocol",
      hc.protocol,
      "one of HTTP, HTTPS",
    );
    add(
      hc.protocolVersion === undefined || ["HTTP1", "HTTP2"].includes(hc.protocolVersion),
      ".healthCheck.protocolVersion",
      hc.protocolVersion,
      "one of HTTP1, HTTP2",
    );
    add(intIn(hc.port, 1, 65535), ".healthCheck.port", hc.port, "an integer from 1 to 65535");
    add(
      hc.path === undefined || hc.path.startsWith("/"),
      ".healthCheck.path",
      hc.path,
      'a path starting with "/"',
    );
    add(
      hc.matcher === undefined || MATCHER.test(hc.matcher),
      ".healthCheck.matcher",
      hc.matcher,
      'HTTP codes such as "200", "200,204" or "200-299"',
    );
    add(
      intIn(hc.intervalSeconds, 5, 300),
      ".healthCheck.intervalSeconds",
      hc.intervalSeconds,
      "an integer from 5 to 300",
    );
    add(
      intIn(hc.timeoutSeconds, 1, 120),
      ".healthCheck.timeoutSeconds",
      hc.timeoutSeconds,
      "an integer from 1 to 120",
    );
    add(
      intIn(hc.healthyThreshold, 2, 10),
      ".healthCheck.healthyThreshold",
      hc.healthyThreshold,
      "an integer from 2 to 10",
    );
    add(
      intIn(hc.unhealthyThreshold, 2, 10),
      ".healthCheck.unhealthyThreshold",
      hc.unhealthyThreshold,
      "an integer from 2 to 10",
    );
    if (
      hc.timeoutSeconds !== undefined &&
      hc.intervalSeconds !== undefined &&
      hc.timeoutSeconds >= hc.intervalSeconds
    ) {
      add(
        false,
        ".healthCheck.timeoutSeconds",
        hc.timeoutSeconds,
        `less than intervalSeconds (${hc.intervalSeconds})`,
      );
    }
  }
  return issues;
}

/** Default port of a listener protocol. */
const listenerPort = (protocol: string) => (protocol === "HTTP" ? 80 : 443);

/**
 * A VPC Lattice service: target groups (IP, INSTANCE, ALB, LAMBDA) with health checks and
 * registered targets, listeners with weighted forwarding and rules matching path, method and
 * headers, an auth policy, access logs and its associations with service networks. Resources, in
 * order: the service; target groups, their targets (and, for Lambda, the invoke permission);
 * listeners and their rules; the auth policy; the log group and access log subscription; the
 * service network associations.
 */
export class LatticeService extends pulumi.ComponentResource {
  /** Service id (`svc-...`). */
  readonly serviceId: pulumi.Output<string>;
  /** Service ARN (the resource of auth policies). */
  readonly serviceArn: pulumi.Output<string>;
  /** Physical name. */
  readonly serviceName: pulumi.Output<string>;
  /** The Lattice-generated DNS name clients call (or the custom domain's target). */
  readonly dnsName: pulumi.Output<string>;
  /** Target group ARNs by key, e.g. for `FargateService.latticeTargets` (see `ecsLatticeTarget`). */
  readonly targetGroupArns: Record<string, pulumi.Output<string>>;
  /** Listener ARNs by listener name. */
  readonly listenerArns: Record<string, pulumi.Output<string>>;
  /** The rendered service auth policy (JSON), if IAM auth is on. */
  readonly authPolicy: pulumi.Output<string | undefined>;
  /** Name of the created log group, if one was created. */
  readonly logGroupName: pulumi.Output<string | undefined>;

  constructor(name: string, args: LatticeServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("berth:lattice:Service", name, {}, opts);

    // --- validation ---
    const v = new Validator("berth:lattice:Service", name);
    v.merge(unknownKeys("", args, ARGS_KEYS));
    v.merge(checkName(args.serviceName, `${name}-svc`, LATTICE_LIMITS.serviceName, "serviceName", name));
    const authType = args.authType ?? "AWS_IAM";
    v.merge(checkAuthSettings(args, "any client of an associated VPC call the service", true));
    const tgs = args.targetGroups ?? {};
    const keys = Object.keys(tgs);
    v.check(keys.length > 0, "targetGroups", tgs, "at least one target group");
    for (const key of keys) v.merge(checkTargetGroup(name, key, tgs[key] as LatticeTargetGroup));
    const protocolOf = (key: string) =>
      tgs[key]?.type === "LAMBDA" ? "LAMBDA" : (tgs[key]?.protocol ?? "HTTP");

    (args.serviceNetworks ?? []).forEach((n, i) => {
      if (isPlain(n))
        v.check(
          SERVICE_NETWORK_IDENTIFIER.test(String(n)),
          `serviceNetworks[${i}]`,
          n,
          SERVICE_NETWORK_ALLOWED,
        );
    });
    if (isPlain(args.certificateArn)) v.arn("certificateArn", args.certificateArn, CERTIFICATE);
    if (args.certificateArn !== undefined && args.customDomainName === undefined) {
      v.add({
        path: "certificateArn",
        value: args.certificateArn,
        allowed:
          "unset unless customDomainName is set (the Lattice domain uses a certificate Lattice manages)",
      });
    }
    const listeners: LatticeListener[] =
      args.listeners ?? (keys.length === 1 ? [{ forward: { [keys[0] as string]: 100 } }] : []);
    if (args.listeners === undefined && keys.length > 1) {
      v.add({
        path: "listeners",
        value: undefined,
        allowed: `listeners with a forward action naming the target groups (${keys.join(", ")})`,
        hint: "with more than one target group, say how traffic is split, e.g. forward: { stable: 90, canary: 10 }",
      });
    }
    if (args.listeners !== undefined) v.check(listeners.length > 0, "listeners", [], "at least one listener");
    const ports = new Map<number, number>();
    const names = new Map<string, number>();
    const checkAction = (
      at: string,
      forward: Record<string, number> | undefined,
      status: number | undefined,
      tls: boolean,
    ) => {
      if ((forward === undefined) === (status === undefined)) {
        v.add({
          path: at,
          value: { forward, fixedResponseStatus: status },
          allowed: "exactly one of forward or fixedResponseStatus",
        });
        return;
      }
      if (status !== undefined) {
        v.check(
          !tls,
          `${at}.fixedResponseStatus`,
          status,
          "unset on a TLS_PASSTHROUGH listener (forward to TCP target groups)",
        );
        v.check(
          (LATTICE_FIXED_RESPONSE_STATUSES as readonly number[]).includes(status),
          `${at}.fixedResponseStatus`,
          status,
          `one of ${LATTICE_FIXED_RESPONSE_STATUSES.join(", ")} (the only fixed responses Lattice supports)`,
        );
      }
      if (forward === undefined) return;
      v.merge(checkWeights(forward, keys, `${at}.forward`));
      for (const key of Object.keys(forward)) {
        if (!keys.includes(key)) continue;
        const p = protocolOf(key);
        if (tls) {
          v.check(
            p === "TCP",
            `${at}.forward.${key}`,
            key,
            `a TCP target group on a TLS_PASSTHROUGH listener (${key} is ${p})`,
          );
        } else {
          v.check(
            p !== "TCP",
            `${at}.forward.${key}`,
            key,
            "an HTTP, HTTPS or LAMBDA target group on an HTTP/HTTPS listener (TCP needs TLS_PASSTHROUGH)",
          );
        }
      }
    };
    listeners.forEach((l, i) => {
      const at = `listeners[${i}]`;
      v.merge(unknownKeys(at, l, LISTENER_KEYS));
      const protocol = l.protocol ?? "HTTPS";
      const port = l.port ?? listenerPort(protocol);
      if (
        !v.check(
          ["HTTPS", "HTTP", "TLS_PASSTHROUGH"].includes(protocol),
          `${at}.protocol`,
          protocol,
          "one of HTTPS, HTTP, TLS_PASSTHROUGH",
        )
      )
        return;
      if (v.check(intIn(port, 1, 65535), `${at}.port`, port, "an integer from 1 to 65535")) {
        const other = ports.get(port);
        v.check(
          other === undefined,
          `${at}.port`,
          port,
          `a port unique in the service (listeners[${other}] uses ${port})`,
        );
        ports.set(port, i);
      }
      const lname = l.name ?? `${protocol === "TLS_PASSTHROUGH" ? "tls" : protocol.toLowerCase()}-${port}`;
      v.merge(checkName(lname, "", LATTICE_LIMITS.listenerName, `${at}.name`, ""));
      const sameName = names.get(lname);
      v.check(
        sameName === undefined,
        `${at}.name`,
        lname,
        `a name unique in the service (listeners[${sameName}] has it)`,
      );
      names.set(lname, i);
      const tls = protocol === "TLS_PASSTHROUGH";
      if (tls) {
        v.check(
          args.customDomainName !== undefined,
          "customDomainName",
          undefined,
          "a custom domain name (TLS_PASSTHROUGH routes on SNI)",
        );
        v.check(
          (l.rules?.length ?? 0) === 0,
          `${at}.rules`,
          `${l.rules?.length} rules`,
          "no rules on a TLS_PASSTHROUGH listener (only the default action)",
        );
      }
      if (protocol === "HTTPS" && args.customDomainName !== undefined) {
        v.check(
          args.certificateArn !== undefined,
          "certificateArn",
          undefined,
          "an ACM certificate ARN for the custom domain (HTTPS listener)",
        );
      }
      checkAction(at, l.forward, l.fixedResponseStatus, tls);
      const rules = l.rules ?? [];
      v.merge(
        checkPriorities(
          rules.map((r) => r.priority),
          `${at}.rules`,
        ),
      );
      rules.forEach((r, j) => {
        const rat = `${at}.rules[${j}]`;
        v.merge(unknownKeys(rat, r, RULE_KEYS));
        (r.headers ?? []).forEach((h, k) => {
          v.merge(unknownKeys(`${rat}.headers[${k}]`, h, HEADER_KEYS));
        });
        const hasMatch =
          r.pathExact !== undefined ||
          r.pathPrefix !== undefined ||
          r.method !== undefined ||
          (r.headers?.length ?? 0) > 0;
        v.check(hasMatch, rat, r, "a rule with at least one of pathExact, pathPrefix, method or headers");
        if (r.pathExact !== undefined && r.pathPrefix !== undefined) {
          v.add({
            path: `${rat}.pathPrefix`,
            value: r.pathPrefix,
            allowed: "unset when pathExact is set (one path match per rule)",
          });
        }
        for (const f of ["pathExact", "pathPrefix"] as const) {
          const pth = r[f];
          if (pth !== undefined)
            v.check(
              pth.startsWith("/") && pth.length <= 200,
              `${rat}.${f}`,
              pth,
              'a path starting with "/", at most 200 characters',
            );
        }
        if (r.method !== undefined) {
          v.check(
            (HTTP_METHODS as readonly string[]).includes(r.method),
            `${rat}.method`,
            r.method,
            `one of ${HTTP_METHODS.join(", ")}`,
          );
        }
        const headers = r.headers ?? [];
        v.check(
          headers.length <= LATTICE_LIMITS.headerMatchesPerRule,
          `${rat}.headers`,
          `${headers.length} headers`,
          `at most ${LATTICE_LIMITS.headerMatchesPerRule} header matches`,
        );
        headers.forEach((h, k) => {
          const n = [h.exact, h.prefix, h.contains].filter((x) => x !== undefined).length;
          v.check(n === 1, `${rat}.headers[${k}]`, h, "exactly one of exact, prefix or contains");
          v.check(
            /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,40}$/.test(h.name),
            `${rat}.headers[${k}].name`,
            h.name,
            "an HTTP header name of 1 to 40 characters",
          );
        });
        v.merge(
          checkName(r.name ?? `rule-${r.priority}`, "", LATTICE_LIMITS.listenerName, `${rat}.name`, ""),
        );
        checkAction(rat, r.forward, r.fixedResponseStatus, tls);
      });
      for (const key of Object.keys(l.forward ?? {})) {
        if (tgs[key]?.type === "LAMBDA")
          v.check(!tls, `${at}.forward.${key}`, key, "no Lambda target group behind TLS_PASSTHROUGH");
      }
    });
    const hasTls = listeners.some((l) => l.protocol === "TLS_PASSTHROUGH");
    if (hasTls && authType === "AWS_IAM" && !(args.authRules ?? []).some((r) => r.principals?.anyone)) {
      v.add({
        path: "authRules",
        value: args.authRules === undefined ? "the same-account default" : `${args.authRules.length} rules`,
        allowed:
          "a rule with principals.anyone and a condition such as sourceVpcs (TLS passthrough callers are anonymous to Lattice)",
        hint: 'or authType "NONE" with allowUnauthenticated: true',
      });
    }
    const logs = args.accessLogs ?? true;
    v.merge(checkAccessLogSettings(name, args));
    // At most 50 tags on each resource, counting the berth:* tags merged in.
    v.merge(checkTags(mergePlainTags(componentTags("berth:lattice:Service", name), args.tags)));
    v.throwIfAny();

    // --- defaults ---
    const tags = mergeTags(componentTags("berth:lattice:Service", name), args.tags);
    const accountId = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
    const rules: AuthRule[] = args.authRules ?? [
      { sid: "SameAccount", principals: { accounts: [accountId] } },
    ];

    // --- the service ---
    const service = new aws.vpclattice.Service(
      `${name}-svc`,
      {
        ...(args.serviceName ? { name: args.serviceName } : {}),
        authType,
        ...(args.customDomainName !== undefined ? { customDomainName: args.customDomainName } : {}),
        ...(args.certificateArn !== undefined
          ? {
              // A certificate ARN known only at deployment is checked once known.
              certificateArn: validateWhenKnown(
                "berth:lattice:Service",
                name,
                args.certificateArn,
                (arn, check) => {
                  check.arn("certificateArn", arn, CERTIFICATE);
                },
              ),
            }
          : {}),
        tags,
      },
      { parent: this },
    );

    // --- target groups, targets ---
    const groups: Record<string, aws.vpclattice.TargetGroup> = {};
    for (const key of keys) {
      const tg = tgs[key] as LatticeTargetGroup;
      let config: aws.types.input.vpclattice.TargetGroupConfig;
      if (tg.type === "LAMBDA") {
        config = { lambdaEventStructureVersion: tg.lambdaEventStructureVersion ?? "V2" };
      } else {
        const protocol = tg.protocol ?? "HTTP";
        const port = tg.port ?? (protocol === "HTTPS" ? 443 : 80);
        config = { vpcIdentifier: tg.vpcId, protocol, port };
        if (protocol !== "TCP") config.protocolVersion = tg.protocolVersion ?? "HTTP1";
        if (tg.type === "IP") config.ipAddressType = tg.ipAddressType ?? "IPV4";
        if (tg.type !== "ALB") {
          const hc = tg.healthCheck ?? {};
          const enabled = hc.enabled ?? protocol !== "TCP";
          config.healthCheck = enabled
            ? {
                enabled: true,
                protocol: hc.protocol ?? (protocol === "TCP" ? "HTTP" : protocol),
                protocolVersion: hc.protocolVersion ?? "HTTP1",
                ...(hc.port !== undefined ? { port: hc.port } : {}),
                path: hc.path ?? "/",
                matcher: { value: hc.matcher ?? "200" },
                healthCheckIntervalSeconds: hc.intervalSeconds ?? 30,
                healthCheckTimeoutSeconds: hc.timeoutSeconds ?? 5,
                healthyThresholdCount: hc.healthyThreshold ?? 5,
                unhealthyThresholdCount: hc.unhealthyThreshold ?? 2,
              }
            : { enabled: false };
        }
      }
      const group = new aws.vpclattice.TargetGroup(
        `${name}-tg-${key}`,
        { ...(tg.targetGroupName ? { name: tg.targetGroupName } : {}), type: tg.type, config, tags },
        { parent: this },
      );
      groups[key] = group;
      (tg.targets ?? []).forEach((t, j) => {
        let permission: aws.lambda.Permission | undefined;
        if (tg.type === "LAMBDA") {
          // Lattice invokes the function as vpc-lattice.amazonaws.com, only for this target group.
          permission = new aws.lambda.Permission(
            `${name}-tg-${key}-invoke`,
            {
              action: "lambda:InvokeFunction",
              function: t.id,
              principal: "vpc-lattice.amazonaws.com",
              sourceArn: group.arn,
            },
            { parent: this },
          );
        }
        new aws.vpclattice.TargetGroupAttachment(
          `${name}-tg-${key}-target-${j}`,
          {
            targetGroupIdentifier: group.id,
            target: { id: t.id, ...(t.port !== undefined ? { port: t.port } : {}) },
          },
          // The function must allow Lattice before the registration's first invoke.
          permission ? { parent: this, dependsOn: [permission] } : { parent: this },
        );
      });
    }
    const weighted = (forward: Record<string, number>) =>
      Object.entries(forward).map(([key, weight]) => ({
        targetGroupIdentifier: (groups[key] as aws.vpclattice.TargetGroup).id,
        weight,
      }));

    // --- listeners, rules ---
    const listenerArns: Record<string, pulumi.Output<string>> = {};
    for (const l of listeners) {
      const protocol = l.protocol ?? "HTTPS";
      const port = l.port ?? listenerPort(protocol);
      const lname = l.name ?? `${protocol === "TLS_PASSTHROUGH" ? "tls" : protocol.toLowerCase()}-${port}`;
      const listener = new aws.vpclattice.Listener(
        `${name}-${lname}`,
        {
          serviceIdentifier: service.id,
          name: lname,
          protocol,
          port,
          defaultAction:
            l.fixedResponseStatus !== undefined
              ? { fixedResponse: { statusCode: l.fixedResponseStatus } }
              : { forwards: [{ targetGroups: weighted(l.forward ?? {}) }] },
          tags,
        },
        { parent: this },
      );
      listenerArns[lname] = listener.arn;
      for (const r of l.rules ?? []) {
        const rname = r.name ?? `rule-${r.priority}`;
        const httpMatch: aws.types.input.vpclattice.ListenerRuleMatchHttpMatch = {};
        if (r.method !== undefined) httpMatch.method = r.method;
        if (r.pathExact !== undefined || r.pathPrefix !== undefined) {
          httpMatch.pathMatch = {
            caseSensitive: r.pathCaseSensitive ?? false,
            match: r.pathExact !== undefined ? { exact: r.pathExact } : { prefix: r.pathPrefix },
          };
        }
        if (r.headers?.length) {
          httpMatch.headerMatches = r.headers.map((h) => ({
            name: h.name,
            caseSensitive: h.caseSensitive ?? false,
            match:
              h.exact !== undefined
                ? { exact: h.exact }
                : h.prefix !== undefined
                  ? { prefix: h.prefix }
                  : { contains: h.contains },
          }));
        }
        new aws.vpclattice.ListenerRule(
          `${name}-${lname}-${rname}`,
          {
            serviceIdentifier: service.id,
            listenerIdentifier: listener.listenerId,
            name: rname,
            priority: r.priority,
            match: { httpMatch },
            action:
              r.fixedResponseStatus !== undefined
                ? { fixedResponse: { statusCode: r.fixedResponseStatus } }
                : { forward: { targetGroups: weighted(r.forward ?? {}) } },
            tags,
          },
          { parent: this },
        );
      }
    }

    // --- auth policy (service-level: resource is the service ARN, paths appended) ---
    let policy: pulumi.Output<string> | undefined;
    if (authType === "AWS_IAM") {
      policy = authPolicyDocument(rules, service.arn);
      new aws.vpclattice.AuthPolicy(
        `${name}-auth`,
        { resourceIdentifier: service.arn, policy },
        { parent: this },
      );
    }

    // --- access logs ---
    let logGroup: aws.cloudwatch.LogGroup | undefined;
    if (logs) {
      let destination: pulumi.Input<string>;
      if (args.accessLogDestinationArn === undefined) {
        logGroup = new aws.cloudwatch.LogGroup(
          `${name}-access-logs`,
          {
            namePrefix: accessLogGroupPrefix(name),
            retentionInDays: args.accessLogRetentionDays ?? 30,
            tags,
          },
          { parent: this },
        );
        destination = logGroup.arn;
      } else {
        // An ARN known only at deployment (another stack's bucket) is checked once known.
        destination = isPlain(args.accessLogDestinationArn)
          ? args.accessLogDestinationArn
          : validateWhenKnown("berth:lattice:Service", name, args.accessLogDestinationArn, (arn, check) => {
              check.merge(
                checkAccessLogs(arn, undefined, { destination: "accessLogDestinationArn", retention: "" }),
              );
            });
      }
      new aws.vpclattice.AccessLogSubscription(
        `${name}-access-log`,
        { resourceIdentifier: service.arn, destinationArn: destination, tags },
        { parent: this },
      );
    }

    // --- service network associations ---
    for (const [i, network] of (args.serviceNetworks ?? []).entries()) {
      // An id known only at deployment (e.g. ServiceNetwork.serviceNetworkId) is checked once known.
      const identifier = isPlain(network)
        ? network
        : validateWhenKnown("berth:lattice:Service", name, network, (id, check) => {
            check.check(
              SERVICE_NETWORK_IDENTIFIER.test(id),
              `serviceNetworks[${i}]`,
              id,
              SERVICE_NETWORK_ALLOWED,
            );
          });
      new aws.vpclattice.ServiceNetworkServiceAssociation(
        `${name}-sn-${i}`,
        { serviceIdentifier: service.id, serviceNetworkIdentifier: identifier, tags },
        { parent: this },
      );
    }

    // --- outputs ---
    this.serviceId = service.id;
    this.serviceArn = service.arn;
    this.serviceName = service.name;
    this.dnsName = service.dnsEntries.apply((d) => d[0]?.domainName ?? "");
    this.targetGroupArns = Object.fromEntries(Object.entries(groups).map(([k, g]) => [k, g.arn]));
    this.listenerArns = listenerArns;
    this.authPolicy = policy ?? pulumi.output(undefined);
    this.logGroupName = logGroup ? logGroup.name : pulumi.output(undefined);
    this.registerOutputs({
      serviceId: this.serviceId,
      serviceArn: this.serviceArn,
      serviceName: this.serviceName,
      dnsName: this.dnsName,
      targetGroupArns: this.targetGroupArns,
      listenerArns: this.listenerArns,
      authPolicy: this.authPolicy,
      logGroupName: this.logGroupName,
    });
  }
}
