import {
  type ArnSpec,
  isArnOf,
  isPlain,
  LOG_RETENTION_DAYS,
  parseArn,
  type ValidationIssue,
  Validator,
} from "@berth/core";
import type * as pulumi from "@pulumi/pulumi";

/**
 * VPC Lattice limits checked at plan time, from the VPC Lattice API reference and user guide
 * (listener rules: weights 0 to 999; forward actions: 1 to 10 target groups; rule priority 1 to
 * 100; names: lowercase letters, digits and single hyphens, not at either end).
 */
export const LATTICE_LIMITS = {
  /** Service names: 3 to 40 characters, not starting with `svc-`. */
  serviceName: { min: 3, max: 40, reservedPrefix: "svc-" },
  /** Service network names: 3 to 63 characters. */
  serviceNetworkName: { min: 3, max: 63 },
  /** Target group names: 3 to 128 characters, not starting with `tg-`. */
  targetGroupName: { min: 3, max: 128, reservedPrefix: "tg-" },
  /** Listener and rule names: 3 to 63 characters. */
  listenerName: { min: 3, max: 63 },
  /** Weight of one target group in a forward action. */
  weight: { min: 0, max: 999 },
  /** Target groups in one forward action. */
  targetGroupsPerAction: { min: 1, max: 10 },
  /** Listener rule priority (the default rule has none). */
  priority: { min: 1, max: 100 },
  /** Header matches in one rule. */
  headerMatchesPerRule: 5,
  /** Security groups on one VPC association. */
  securityGroupsPerVpcAssociation: 5,
} as const;

/**
 * The only status codes a Lattice fixed-response action accepts. Source: VPC Lattice API reference,
 * `FixedResponseAction.statusCode`: "Only 404 and 500 status codes are supported."
 */
export const LATTICE_FIXED_RESPONSE_STATUSES = [404, 500] as const;

/** Suffix Pulumi auto-naming appends: `-` and 7 hex characters. */
export const AUTONAME_SUFFIX_LENGTH = 8;

const NAME = /^[a-z0-9](?:[a-z0-9]|-(?!-))*[a-z0-9]$/;

/** Length limits of a Lattice name and the prefix AWS reserves for ids (`svc-`, `tg-`). */
export interface NameLimits {
  min: number;
  max: number;
  reservedPrefix?: string;
}

/** True when `name` is a valid Lattice name of `min` to `max` characters. */
export function isLatticeName(name: string, min: number, max: number, reservedPrefix?: string): boolean {
  return (
    name.length >= min &&
    name.length <= max &&
    NAME.test(name) &&
    (reservedPrefix === undefined || !name.startsWith(reservedPrefix))
  );
}

/** Words for a Lattice name rule, used in messages. */
export function nameRule(min: number, max: number, reservedPrefix?: string): string {
  const reserved = reservedPrefix ? `, not starting with "${reservedPrefix}"` : "";
  return `${min} to ${max} characters of a-z, 0-9 and single hyphens, not starting or ending with a hyphen${reserved}`;
}

/**
 * Checks the physical name of a Lattice resource: the explicit one if given, else the prefix
 * Pulumi auto-naming will use (`<logical>-<7 hex>`), which must fit the same rule.
 */
export function checkName(
  explicit: string | undefined,
  logicalName: string,
  limits: NameLimits,
  path: string,
  componentName: string,
): ValidationIssue[] {
  const { min, max, reservedPrefix } = limits;
  if (explicit !== undefined) {
    return isLatticeName(explicit, min, max, reservedPrefix)
      ? []
      : [{ path, value: explicit, allowed: nameRule(min, max, reservedPrefix) }];
  }
  if (!isLatticeName(`${logicalName}-0000000`, min, max, reservedPrefix)) {
    const extra = logicalName.length - componentName.length + AUTONAME_SUFFIX_LENGTH;
    return [
      {
        path,
        value: componentName,
        allowed: `a component name whose auto-name "${logicalName}-<7 hex>" is ${nameRule(min, max, reservedPrefix)}`,
        hint: `set ${path} explicitly, or use a lowercase component name of at most ${limits.max - extra} characters`,
      },
    ];
  }
  return [];
}

/** The issue of a value that is not an integer within `limits` (the core `Validator.intIn` check). */
function intIn(
  path: string,
  value: unknown,
  limits: { min: number; max: number },
): readonly ValidationIssue[] {
  const v = new Validator("", "");
  v.intIn(path, value, limits.min, limits.max);
  return v.issues;
}

/** Checks the weights of one forward action against the target groups that exist. */
export function checkWeights(
  weights: Record<string, number>,
  knownTargetGroups: readonly string[],
  path: string,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const entries = Object.entries(weights);
  const { min, max } = LATTICE_LIMITS.targetGroupsPerAction;
  if (entries.length < min || entries.length > max) {
    issues.push({ path, value: weights, allowed: `${min} to ${max} target groups` });
  }
  for (const [key, w] of entries) {
    if (!knownTargetGroups.includes(key)) {
      issues.push({
        path: `${path}.${key}`,
        value: key,
        allowed: `a target group of this service: ${knownTargetGroups.map((k) => JSON.stringify(k)).join(", ") || "none defined"}`,
      });
    }
    issues.push(...intIn(`${path}.${key}`, w, LATTICE_LIMITS.weight));
  }
  if (entries.length > 0 && entries.every(([, w]) => Number.isFinite(w) && w <= 0)) {
    issues.push({
      path,
      value: weights,
      allowed: "weights with at least one above 0 (all 0 sends no traffic anywhere)",
    });
  }
  return issues;
}

/** Checks that rule priorities are integers from 1 to 100 and unique within one listener. */
export function checkPriorities(priorities: readonly number[], path: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const seen = new Map<number, number>();
  priorities.forEach((p, i) => {
    // Priority is required: the core check skips a missing value, so a missing one is reported here.
    const { min, max } = LATTICE_LIMITS.priority;
    const bad =
      p === undefined
        ? [{ path: `${path}[${i}].priority`, value: p, allowed: `an integer from ${min} to ${max}` }]
        : intIn(`${path}[${i}].priority`, p, LATTICE_LIMITS.priority);
    if (bad.length > 0) {
      issues.push(...bad);
      return;
    }
    const first = seen.get(p);
    if (first !== undefined) {
      issues.push({
        path: `${path}[${i}].priority`,
        value: p,
        allowed: `a priority unique within the listener (rules[${first}] has ${p})`,
      });
    } else {
      seen.set(p, i);
    }
  });
  return issues;
}

/** CloudWatch Logs retention periods AWS accepts, in days (the one list in `@berth/core`). */
export { LOG_RETENTION_DAYS };

/** Where Lattice access logs can go (VPC Lattice API reference, `CreateAccessLogSubscription.destinationArn`). */
const LOG_DESTINATIONS: readonly ArnSpec[] = [
  { service: "firehose", resourceType: "deliverystream" },
  { service: "logs", resourceType: "log-group" },
];
/** An S3 bucket's ARN: `arn:<partition>:s3:::<bucket>` (no region, account or object key). */
const isBucketArn = (arn: string) => {
  const p = parseArn(arn);
  return p?.service === "s3" && p.region === "" && p.account === "" && /^[a-z0-9.-]+$/.test(p.resource);
};

/** Checks the access log arguments shared by service networks and services. */
export function checkAccessLogs(
  destinationArn: unknown,
  retentionDays: number | undefined,
  path: { destination: string; retention: string },
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (
    typeof destinationArn === "string" &&
    !isBucketArn(destinationArn) &&
    !LOG_DESTINATIONS.some((spec) => isArnOf(destinationArn, spec))
  ) {
    issues.push({
      path: path.destination,
      value: destinationArn,
      allowed: "an S3 bucket ARN, a Firehose delivery stream ARN or a CloudWatch Logs log group ARN",
    });
  }
  const v = new Validator("", "");
  v.oneOf(path.retention, retentionDays, LOG_RETENTION_DAYS);
  return [...issues, ...v.issues];
}

/**
 * Prefix of the access-log groups Berth creates. Lattice delivers access logs as vended logs: each
 * destination log group is added to the account's CloudWatch Logs resource policy, which is capped
 * at 5,120 characters; groups under `/aws/vendedlogs/` are covered by one wildcard entry instead
 * (CloudWatch Logs user guide, "Enabling logging from AWS services", and the Step Functions guide
 * "Avoiding CloudWatch Logs resource policy size restrictions").
 */
export const ACCESS_LOG_GROUP_PREFIX = "/aws/vendedlogs/vpclattice/";

/**
 * Log group names: 1 to 512 characters of `a-zA-Z0-9_-/.#` (CloudWatch Logs API reference,
 * `CreateLogGroup.logGroupName`). The AWS provider appends a 26-character unique id to a
 * `namePrefix` (terraform-plugin-sdk `id.PrefixedUniqueId`).
 */
const LOG_GROUP_NAME = { max: 512, pattern: /^[a-zA-Z0-9_\-/.#]+$/, uniqueSuffix: 26 } as const;

/** The `namePrefix` of the access-log group of component `name`. */
export function accessLogGroupPrefix(name: string): string {
  return `${ACCESS_LOG_GROUP_PREFIX}${name}-`;
}

/** Checks that the access-log group name built from the component name is a valid log group name. */
export function checkAccessLogGroupName(componentName: string): ValidationIssue[] {
  const prefix = accessLogGroupPrefix(componentName);
  const longest = prefix.length + LOG_GROUP_NAME.uniqueSuffix;
  if (LOG_GROUP_NAME.pattern.test(prefix) && longest <= LOG_GROUP_NAME.max) return [];
  return [
    {
      path: "name",
      value: componentName,
      allowed: `a component name that makes a valid log group name "${prefix}<26 characters>" (at most ${LOG_GROUP_NAME.max} characters of a-z, A-Z, 0-9, _, -, /, . and #)`,
      hint: "or set accessLogDestinationArn",
    },
  ];
}

/**
 * The access-log arguments a service network and a service share: a destination ARN (checked when
 * plain; an Output is checked once known), a retention from the CloudWatch list, and no
 * destination when access logs are off.
 */
export function checkAccessLogSettings(
  componentName: string,
  args: {
    accessLogs?: boolean;
    accessLogDestinationArn?: pulumi.Input<string>;
    accessLogRetentionDays?: number;
  },
): ValidationIssue[] {
  const issues = checkAccessLogs(
    isPlain(args.accessLogDestinationArn) ? args.accessLogDestinationArn : undefined,
    args.accessLogRetentionDays,
    { destination: "accessLogDestinationArn", retention: "accessLogRetentionDays" },
  );
  if (args.accessLogs === false && args.accessLogDestinationArn !== undefined) {
    issues.push({
      path: "accessLogDestinationArn",
      value: args.accessLogDestinationArn,
      allowed: "unset when accessLogs is false",
    });
  }
  if (args.accessLogs !== false && args.accessLogDestinationArn === undefined) {
    issues.push(...checkAccessLogGroupName(componentName));
  }
  return issues;
}

/**
 * Every property name of an argument type, as a record, so the compiler keeps the list complete:
 * `const KEYS: KeysOf<VpcAssociation> = { vpcId: true, ... }`.
 */
export type KeysOf<T> = { [K in keyof Required<T>]: true };

/**
 * Properties of `obj` that its type does not have (from JavaScript callers, object spreads or a
 * misspelled key), each with the nearest known key as a hint.
 */
export function unknownKeys<T>(path: string, obj: unknown, keys: KeysOf<T>): ValidationIssue[] {
  const v = new Validator("", "");
  v.knownKeys(path, obj, Object.keys(keys));
  return [...v.issues];
}
