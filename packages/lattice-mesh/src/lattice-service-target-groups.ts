import { isArnOf, parseArn, type ValidationIssue, Validator } from "@berth/core";
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { checkChildKey, entryKey } from "./child-names";
import type {
  LatticeHealthCheck,
  LatticeTarget,
  LatticeTargetGroup,
  TargetGroupProtocol,
  TargetGroupType,
} from "./lattice-service-args";
import { checkName, type KeysOf, LATTICE_LIMITS, unknownKeys } from "./validation";

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
const TARGET_KEYS: KeysOf<LatticeTarget> = { id: true, port: true, key: true };

const TYPES: readonly TargetGroupType[] = ["IP", "INSTANCE", "ALB", "LAMBDA"];
const KEY = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const IPV6 = /^[0-9a-fA-F:]+$/;
const INSTANCE = /^i-[0-9a-f]{8,17}$/;
const LAMBDA_FUNCTION = { service: "lambda", resourceType: "function" } as const;
const LOAD_BALANCER = { service: "elasticloadbalancing", resourceType: "loadbalancer" } as const;
/** An Application Load Balancer's ARN: `loadbalancer/app/<name>/<id>` (NLBs are `loadbalancer/net/...`). */
const isAlbArn = (id: string) =>
  isArnOf(id, LOAD_BALANCER) && parseArn(id)?.resourceId.startsWith("app/") === true;
const MATCHER = /^\d{3}([-,]\d{3})*$/;
/** Ports of targets, listeners and health checks (VPC Lattice API reference, `TargetGroupConfig.port`). */
const PORT = { min: 1, max: 65535 } as const;

/** Defaults of a target group, in one place (README "Target group" and the TSDoc say the same). */
export const TARGET_GROUP_DEFAULTS = {
  protocol: "HTTP",
  /** Port by protocol; TCP has none (required). */
  httpPort: 80,
  httpsPort: 443,
  protocolVersion: "HTTP1",
  ipAddressType: "IPV4",
  lambdaEventStructureVersion: "V2",
  healthCheck: {
    protocolVersion: "HTTP1",
    path: "/",
    matcher: "200",
    intervalSeconds: 30,
    timeoutSeconds: 5,
    healthyThreshold: 5,
    unhealthyThreshold: 2,
    /** The protocol of the check on a TCP target group. */
    tcpProtocol: "HTTP",
  },
} as const;

/** A registered target, with the name of its attachment. */
export interface ResolvedTarget {
  /** Logical name of the `aws.vpclattice.TargetGroupAttachment`. */
  logicalName: string;
  /** Its former, positional name (an alias, so upgrading replaces nothing). */
  formerName: string;
  /** Target id. */
  id: pulumi.Input<string>;
  /** Port, if given. */
  port: number | undefined;
}

/** A target group with every default filled, ready for `aws.vpclattice.TargetGroup`. */
export interface ResolvedTargetGroup {
  /** Key in `targetGroups`. */
  key: string;
  /** Logical name: `<name>-tg-<key>`. */
  logicalName: string;
  /** Physical name, if given (else auto-named). */
  targetGroupName: string | undefined;
  /** `IP`, `INSTANCE`, `ALB` or `LAMBDA`. */
  type: TargetGroupType;
  /** The target group config, defaults filled. */
  config: aws.types.input.vpclattice.TargetGroupConfig;
  /** Targets this component registers. */
  targets: ResolvedTarget[];
  /** Logical name of the Lambda invoke permission (LAMBDA only). */
  invokePermissionName: string | undefined;
}

/** Logical name of a target group: `<name>-tg-<key>` (its auto-name is this and 7 hex characters). */
export function targetGroupLogicalName(name: string, key: string): string {
  return `${name}-tg-${key}`;
}

/** Protocol of a target group as listeners see it: its protocol, or `LAMBDA`. */
export function targetGroupProtocol(tg: LatticeTargetGroup | undefined): TargetGroupProtocol | "LAMBDA" {
  return tg?.type === "LAMBDA" ? "LAMBDA" : (tg?.protocol ?? TARGET_GROUP_DEFAULTS.protocol);
}

/** Checks one target group: key, shape, type and name, then the settings of its type. */
export function checkTargetGroup(name: string, key: string, tg: LatticeTargetGroup): ValidationIssue[] {
  const at = `targetGroups.${key}`;
  const v = new Validator("", name);
  v.check(
    KEY.test(key) && key.length <= 20,
    at,
    key,
    "a key of at most 20 lowercase letters, digits and single hyphens",
  );
  v.merge(unknownKeys(at, tg, TARGET_GROUP_KEYS));
  v.merge(unknownKeys(`${at}.healthCheck`, tg.healthCheck, HEALTH_CHECK_KEYS));
  (tg.targets ?? []).forEach((t, j) => {
    v.merge(unknownKeys(`${at}.targets[${j}]`, t, TARGET_KEYS));
  });
  if (!TYPES.includes(tg.type)) {
    v.add({ path: `${at}.type`, value: tg.type, allowed: `one of ${TYPES.join(", ")}` });
    return [...v.issues];
  }
  if (KEY.test(key)) {
    v.merge(
      checkName(
        tg.targetGroupName,
        `${name}-tg-${key}`,
        LATTICE_LIMITS.targetGroupName,
        `${at}.targetGroupName`,
        name,
      ),
    );
  }
  if (tg.type === "LAMBDA") {
    checkLambdaTargetGroup(v, at, tg);
    return [...v.issues];
  }
  checkNetworkedTargetGroup(v, at, tg);
  checkTargetIds(v, at, tg);
  if (tg.healthCheck) checkHealthCheck(v, `${at}.healthCheck`, tg.healthCheck);
  return [...v.issues];
}

function checkLambdaTargetGroup(v: Validator, at: string, tg: LatticeTargetGroup): void {
  for (const f of ["vpcId", "protocol", "port", "protocolVersion", "ipAddressType", "healthCheck"] as const) {
    v.check(
      tg[f] === undefined,
      `${at}.${f}`,
      tg[f],
      "unset for a LAMBDA target group (Lattice invokes the function)",
    );
  }
  const targets = tg.targets ?? [];
  v.check(
    targets.length === 1,
    `${at}.targets`,
    `${targets.length} targets`,
    "exactly one Lambda function ARN",
  );
  targets.forEach((t, i) => {
    if (typeof t.id === "string")
      v.check(isArnOf(t.id, LAMBDA_FUNCTION), `${at}.targets[${i}].id`, t.id, "a Lambda function ARN");
    v.check(t.port === undefined, `${at}.targets[${i}].port`, t.port, "unset for a Lambda target");
  });
  checkTargetKeys(v, at, tg);
}

function checkNetworkedTargetGroup(v: Validator, at: string, tg: LatticeTargetGroup): void {
  v.check(
    tg.lambdaEventStructureVersion === undefined,
    `${at}.lambdaEventStructureVersion`,
    tg.lambdaEventStructureVersion,
    "unset unless type is LAMBDA",
  );
  v.check(tg.vpcId !== undefined, `${at}.vpcId`, undefined, `a VPC id (required for type ${tg.type})`);
  const protocol = tg.protocol ?? TARGET_GROUP_DEFAULTS.protocol;
  v.oneOf(`${at}.protocol`, protocol, ["HTTP", "HTTPS", "TCP"]);
  v.intIn(`${at}.port`, tg.port, PORT.min, PORT.max);
  if (protocol === "TCP") {
    v.check(
      tg.type === "IP" || tg.type === "INSTANCE",
      `${at}.protocol`,
      protocol,
      `HTTP or HTTPS for type ${tg.type} (TCP is for IP and INSTANCE)`,
    );
    v.check(tg.port !== undefined, `${at}.port`, undefined, "a port (required for TCP target groups)");
    v.check(
      tg.protocolVersion === undefined,
      `${at}.protocolVersion`,
      tg.protocolVersion,
      "unset for a TCP target group",
    );
  }
  v.oneOf(`${at}.protocolVersion`, tg.protocolVersion, ["HTTP1", "HTTP2", "GRPC"]);
  if (tg.ipAddressType !== undefined) {
    v.check(tg.type === "IP", `${at}.ipAddressType`, tg.ipAddressType, "unset unless type is IP");
    v.oneOf(`${at}.ipAddressType`, tg.ipAddressType, ["IPV4", "IPV6"]);
  }
  if (tg.type === "ALB") {
    v.check(
      tg.healthCheck === undefined,
      `${at}.healthCheck`,
      tg.healthCheck,
      "unset for an ALB target group (the ALB checks its own targets)",
    );
    const n = (tg.targets ?? []).length;
    v.check(n === 1, `${at}.targets`, `${n} targets`, "exactly one internal Application Load Balancer ARN");
  }
}

function checkTargetIds(v: Validator, at: string, tg: LatticeTargetGroup): void {
  (tg.targets ?? []).forEach((t, i) => {
    v.intIn(`${at}.targets[${i}].port`, t.port, PORT.min, PORT.max);
    if (typeof t.id !== "string") return;
    if (tg.type === "IP") {
      const v6 = tg.ipAddressType === "IPV6";
      v.check(
        v6 ? IPV6.test(t.id) && t.id.includes(":") : IPV4.test(t.id),
        `${at}.targets[${i}].id`,
        t.id,
        v6 ? "an IPv6 address" : "an IPv4 address",
      );
    }
    if (tg.type === "INSTANCE")
      v.check(INSTANCE.test(t.id), `${at}.targets[${i}].id`, t.id, "an EC2 instance id (i-...)");
    if (tg.type === "ALB")
      v.check(isAlbArn(t.id), `${at}.targets[${i}].id`, t.id, "an Application Load Balancer ARN");
  });
  checkTargetKeys(v, at, tg);
}

/** Each IP or INSTANCE target is named by its key or id: one known at plan time, unique in the group. */
function checkTargetKeys(v: Validator, at: string, tg: LatticeTargetGroup): void {
  if (tg.type === "ALB" || tg.type === "LAMBDA") {
    (tg.targets ?? []).forEach((t, i) => {
      v.check(
        t.key === undefined,
        `${at}.targets[${i}].key`,
        t.key,
        `unset for a ${tg.type} target (its one attachment is named by the group)`,
      );
    });
    return;
  }
  const seen = new Map<string, number>();
  (tg.targets ?? []).forEach((t, i) => {
    if (!checkChildKey(v, `${at}.targets[${i}].key`, t.key)) return;
    const key = entryKey(t.id, t.key);
    if (key === undefined) {
      v.add({
        path: `${at}.targets[${i}].key`,
        value: undefined,
        allowed: "a key naming the target's attachment (required when the id is known only at deployment)",
      });
      return;
    }
    const first = seen.get(key);
    v.check(
      first === undefined,
      `${at}.targets[${i}]`,
      key,
      `a target unique in the group (targets[${first}] has the same id or key)`,
    );
    if (first === undefined) seen.set(key, i);
  });
}

function checkHealthCheck(v: Validator, at: string, hc: LatticeHealthCheck): void {
  v.oneOf(`${at}.protocol`, hc.protocol, ["HTTP", "HTTPS"]);
  v.oneOf(`${at}.protocolVersion`, hc.protocolVersion, ["HTTP1", "HTTP2"]);
  v.intIn(`${at}.port`, hc.port, PORT.min, PORT.max);
  v.check(
    hc.path === undefined || hc.path.startsWith("/"),
    `${at}.path`,
    hc.path,
    'a path starting with "/"',
  );
  v.check(
    hc.matcher === undefined || MATCHER.test(hc.matcher),
    `${at}.matcher`,
    hc.matcher,
    'HTTP codes such as "200", "200,204" or "200-299"',
  );
  // VPC Lattice API reference, HealthCheckConfig: "The range is 5–300 seconds" (interval), 1–120
  // (timeout), 2–10 (healthy and unhealthy thresholds).
  v.intIn(`${at}.intervalSeconds`, hc.intervalSeconds, 5, 300);
  v.intIn(`${at}.timeoutSeconds`, hc.timeoutSeconds, 1, 120);
  v.intIn(`${at}.healthyThreshold`, hc.healthyThreshold, 2, 10);
  v.intIn(`${at}.unhealthyThreshold`, hc.unhealthyThreshold, 2, 10);
  if (
    hc.timeoutSeconds !== undefined &&
    hc.intervalSeconds !== undefined &&
    hc.timeoutSeconds >= hc.intervalSeconds
  ) {
    v.add({
      path: `${at}.timeoutSeconds`,
      value: hc.timeoutSeconds,
      allowed: `less than intervalSeconds (${hc.intervalSeconds})`,
    });
  }
}

/** The target group config with every default filled (call after the checks). */
export function resolveTargetGroup(name: string, key: string, tg: LatticeTargetGroup): ResolvedTargetGroup {
  const logicalName = targetGroupLogicalName(name, key);
  const targets = (tg.targets ?? []).map((t, j): ResolvedTarget => {
    // LAMBDA and ALB groups hold exactly one target: its attachment is named by the group.
    const suffix = tg.type === "LAMBDA" || tg.type === "ALB" ? "" : `-${entryKey(t.id, t.key)}`;
    return {
      logicalName: `${logicalName}-target${suffix}`,
      formerName: `${logicalName}-target-${j}`,
      id: t.id,
      port: t.port,
    };
  });
  return {
    key,
    logicalName,
    targetGroupName: tg.targetGroupName,
    type: tg.type,
    config: targetGroupConfig(tg),
    targets,
    invokePermissionName: tg.type === "LAMBDA" ? `${logicalName}-invoke` : undefined,
  };
}

function targetGroupConfig(tg: LatticeTargetGroup): aws.types.input.vpclattice.TargetGroupConfig {
  const d = TARGET_GROUP_DEFAULTS;
  if (tg.type === "LAMBDA") {
    return { lambdaEventStructureVersion: tg.lambdaEventStructureVersion ?? d.lambdaEventStructureVersion };
  }
  const protocol = tg.protocol ?? d.protocol;
  const port = tg.port ?? (protocol === "HTTPS" ? d.httpsPort : d.httpPort);
  const config: aws.types.input.vpclattice.TargetGroupConfig = { vpcIdentifier: tg.vpcId, protocol, port };
  if (protocol !== "TCP") config.protocolVersion = tg.protocolVersion ?? d.protocolVersion;
  if (tg.type === "IP") config.ipAddressType = tg.ipAddressType ?? d.ipAddressType;
  if (tg.type === "ALB") return config;
  const hc = tg.healthCheck ?? {};
  const enabled = hc.enabled ?? protocol !== "TCP";
  const h = d.healthCheck;
  config.healthCheck = enabled
    ? {
        enabled: true,
        protocol: hc.protocol ?? (protocol === "TCP" ? h.tcpProtocol : protocol),
        protocolVersion: hc.protocolVersion ?? h.protocolVersion,
        ...(hc.port !== undefined ? { port: hc.port } : {}),
        path: hc.path ?? h.path,
        matcher: { value: hc.matcher ?? h.matcher },
        healthCheckIntervalSeconds: hc.intervalSeconds ?? h.intervalSeconds,
        healthCheckTimeoutSeconds: hc.timeoutSeconds ?? h.timeoutSeconds,
        healthyThresholdCount: hc.healthyThreshold ?? h.healthyThreshold,
        unhealthyThresholdCount: hc.unhealthyThreshold ?? h.unhealthyThreshold,
      }
    : { enabled: false };
  return config;
}
