import {
  checkTags,
  componentTags,
  isPlain,
  mergePlainTags,
  mergeTags,
  type Tags,
  Validator,
  validateWhenKnown,
} from "@berth/core";
import type * as pulumi from "@pulumi/pulumi";
import { type ResolvedAccessLogs, resolveAccessLogs } from "./access-logs";
import { type AuthRule, type AuthType, checkAuthSettings, DEFAULT_AUTH_TYPE } from "./auth-policy";
import { keyedRecord, type RecordChild } from "./child-names";
import type { LatticeServiceArgs, LatticeTargetGroup } from "./lattice-service-args";
import {
  checkListeners,
  givenListeners,
  type ResolvedListener,
  resolveListeners,
} from "./lattice-service-listeners";
import {
  checkTargetGroup,
  type ResolvedTargetGroup,
  resolveTargetGroup,
} from "./lattice-service-target-groups";
import { AUTH_RULES_SHAPE, checkShape, type Shape } from "./shapes";
import { checkAccessLogSettings, checkName, type KeysOf, LATTICE_LIMITS, unknownKeys } from "./validation";

/** Type token of {@link LatticeService} (its class name). */
export const LATTICE_SERVICE_TYPE = "berth:lattice:LatticeService";
/** The token `LatticeService` had before 0.2: an alias, so existing stacks upgrade in place. */
export const LATTICE_SERVICE_FORMER_TYPE = "berth:lattice:Service";

/** Defaults of {@link LatticeServiceArgs}, in one place (README and TSDoc say the same). */
export const LATTICE_SERVICE_DEFAULTS = {
  authType: DEFAULT_AUTH_TYPE,
  allowUnauthenticated: false,
} as const;

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

/**
 * A service network id or ARN (VPC Lattice API reference,
 * `CreateServiceNetworkServiceAssociation.serviceNetworkIdentifier`).
 */
const SERVICE_NETWORK_IDENTIFIER =
  /^(sn-[0-9a-z]{17}|arn:aws[a-z-]*:vpc-lattice:[a-z0-9-]+:\d{12}:servicenetwork\/sn-[0-9a-z]{17})$/;
const SERVICE_NETWORK_ALLOWED = "a service network id (sn- and 17 characters) or its ARN";
const CERTIFICATE = { service: "acm", resourceType: "certificate" } as const;

const LATTICE_SERVICE_SHAPE: Shape = {
  fields: {
    authRules: AUTH_RULES_SHAPE,
    targetGroups: { values: { fields: { healthCheck: "object", targets: { array: "object" } } } },
    listeners: {
      array: {
        fields: {
          forward: "object",
          rules: { array: { fields: { forward: "object", headers: { array: "object" } } } },
        },
      },
    },
    tags: "object",
  },
};

/** An association of the service with a service network. */
export interface ResolvedServiceNetworkAssociation {
  /** The caller's key in `serviceNetworks`. */
  key: string;
  /** Logical name: `<name>-sn-<key>`. */
  logicalName: string;
  /** The former positional name `<name>-sn-<index>`, `index` the key's position (an alias). */
  formerName: string;
  /** The network id or ARN (checked once known when it is an Output). */
  identifier: pulumi.Input<string>;
}

/** The arguments of a {@link LatticeService}, checked, with every default filled. */
export interface ResolvedLatticeServiceArgs {
  /** The arguments as given (every field checked). */
  args: LatticeServiceArgs;
  /** `AWS_IAM` or `NONE`. */
  authType: AuthType;
  /** The auth rules, or `"same-account"`: principals of the deploying account (needs its id). */
  authRules: AuthRule[] | "same-account";
  /** The certificate ARN (checked once known when it is an Output), if any. */
  certificateArn: pulumi.Input<string> | undefined;
  /** Target groups, in the order of `targetGroups`. */
  targetGroups: ResolvedTargetGroup[];
  /** Listeners with protocol, port, name and rules filled. */
  listeners: ResolvedListener[];
  /** Access logs, or `undefined` when off. */
  accessLogs: ResolvedAccessLogs | undefined;
  /** Service network associations, in key order. */
  serviceNetworks: ResolvedServiceNetworkAssociation[];
  /** Tags of every resource (Berth's merged under the given ones). */
  tags: pulumi.Output<Tags>;
  /** Logical names of the children created once per service. */
  names: { service: string; authPolicy: string | undefined };
}

/**
 * Checks every argument of a {@link LatticeService} (plain values now; values known only at
 * deployment are checked once known, with the same checks) and fills every default, without
 * creating anything. Throws one `BerthValidationError` with every issue found.
 */
export function resolveLatticeServiceArgs(
  name: string,
  args: LatticeServiceArgs,
): ResolvedLatticeServiceArgs {
  const v = new Validator(LATTICE_SERVICE_TYPE, name);
  if (!checkShape(v, "", args, LATTICE_SERVICE_SHAPE)) v.throwIfAny();
  const given = (args ?? {}) as LatticeServiceArgs;
  const authType = given.authType ?? LATTICE_SERVICE_DEFAULTS.authType;
  const names = { service: `${name}-svc`, authPolicy: authType === "AWS_IAM" ? `${name}-auth` : undefined };
  v.merge(unknownKeys("", given, ARGS_KEYS));
  v.merge(checkName(given.serviceName, names.service, LATTICE_LIMITS.serviceName, "serviceName", name));
  v.merge(checkAuthSettings(given, "any client of an associated VPC call the service", true));
  const tgs = given.targetGroups ?? {};
  const keys = Object.keys(tgs);
  v.check(keys.length > 0, "targetGroups", tgs, "at least one target group");
  for (const key of keys) v.merge(checkTargetGroup(name, key, tgs[key] as LatticeTargetGroup));
  const networks = checkServiceNetworks(v, name, given.serviceNetworks);
  checkDomain(v, given);
  const listeners = givenListeners(given);
  if (given.listeners === undefined && keys.length > 1) {
    v.add({
      path: "listeners",
      value: undefined,
      allowed: `listeners with a forward action naming the target groups (${keys.join(", ")})`,
      hint: "with more than one target group, say how traffic is split, e.g. forward: { stable: 90, canary: 10 }",
    });
  }
  if (given.listeners !== undefined) v.check(listeners.length > 0, "listeners", [], "at least one listener");
  v.merge(checkListeners(given, listeners));
  checkPassthroughAuth(v, given, authType);
  v.merge(checkAccessLogSettings(name, given));
  // At most 50 tags on each resource, counting the berth:* tags merged in.
  v.merge(checkTags(mergePlainTags(componentTags(LATTICE_SERVICE_TYPE, name), given.tags)));
  v.throwIfAny();

  return {
    args: given,
    authType,
    authRules: given.authRules ?? "same-account",
    certificateArn:
      given.certificateArn === undefined
        ? undefined
        : checkedLater(name, given.certificateArn, (arn, check) => {
            check.arn("certificateArn", arn, CERTIFICATE);
          }),
    targetGroups: keys.map((key) => resolveTargetGroup(name, key, tgs[key] as LatticeTargetGroup)),
    listeners: resolveListeners(name, listeners),
    accessLogs: resolveAccessLogs(LATTICE_SERVICE_TYPE, name, given),
    serviceNetworks: networks.map((n) => ({
      key: n.key,
      logicalName: n.logicalName,
      formerName: n.formerName,
      identifier: checkedLater(name, n.value, (id, check) => {
        checkServiceNetworkIdentifier(check, `serviceNetworks.${n.key}`, id);
      }),
    })),
    tags: mergeTags(componentTags(LATTICE_SERVICE_TYPE, name), given.tags),
    names,
  };
}

/** A plain value as given; a value known only at deployment, checked by `check` once known. */
function checkedLater(
  name: string,
  value: pulumi.Input<string>,
  check: (value: string, v: Validator) => void,
): pulumi.Input<string> {
  return isPlain(value) ? value : validateWhenKnown(LATTICE_SERVICE_TYPE, name, value, check);
}

/**
 * `serviceNetworks`: one association per key (`<name>-sn-<key>`, aliased from its former position
 * `<name>-sn-<index>`); each identifier known at plan time is checked now and listed once.
 */
function checkServiceNetworks(
  v: Validator,
  name: string,
  networks: unknown,
): RecordChild<pulumi.Input<string>>[] {
  const children = keyedRecord(v, "serviceNetworks", `${name}-sn`, networks, {
    values: "service network ids or ARNs",
    value: "a service network id or ARN",
    example: "`serviceNetworks: { platform: network.serviceNetworkId }`",
    children: "associations",
  });
  const seen = new Map<string, string>();
  for (const n of children) {
    const path = `serviceNetworks.${n.key}`;
    if (!isPlain(n.value) || !checkServiceNetworkIdentifier(v, path, n.value)) continue;
    const id = /sn-[0-9a-z]{17}$/.exec(n.value)?.[0] as string;
    const first = seen.get(id);
    v.check(
      first === undefined,
      path,
      n.value,
      `a service network not listed already (serviceNetworks.${first} is ${id})`,
    );
    if (first === undefined) seen.set(id, n.key);
  }
  return children;
}

/** A service network id or ARN; the same check for a plain value and, once known, an Output. */
function checkServiceNetworkIdentifier(v: Validator, path: string, id: unknown): id is string {
  return v.check(
    typeof id === "string" && SERVICE_NETWORK_IDENTIFIER.test(id),
    path,
    id,
    SERVICE_NETWORK_ALLOWED,
  );
}

function checkDomain(v: Validator, args: LatticeServiceArgs): void {
  if (isPlain(args.certificateArn)) v.arn("certificateArn", args.certificateArn, CERTIFICATE);
  if (args.certificateArn !== undefined && args.customDomainName === undefined) {
    v.add({
      path: "certificateArn",
      value: args.certificateArn,
      allowed: "unset unless customDomainName is set (the Lattice domain uses a certificate Lattice manages)",
    });
  }
}

/** TLS passthrough callers are anonymous to Lattice: IAM auth then needs an `anyone` rule. */
function checkPassthroughAuth(v: Validator, args: LatticeServiceArgs, authType: AuthType): void {
  const hasTls = (args.listeners ?? []).some((l) => l.protocol === "TLS_PASSTHROUGH");
  if (hasTls && authType === "AWS_IAM" && !(args.authRules ?? []).some((r) => r.principals?.anyone)) {
    v.add({
      path: "authRules",
      value: args.authRules === undefined ? "the same-account default" : `${args.authRules.length} rules`,
      allowed:
        "a rule with principals.anyone and a condition such as sourceVpcs (TLS passthrough callers are anonymous to Lattice)",
      hint: 'or authType "NONE" with allowUnauthenticated: true',
    });
  }
}
