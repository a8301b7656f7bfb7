import { type ValidationIssue, Validator } from "@berth/core";
import type * as aws from "@pulumi/aws";
import { HTTP_METHODS } from "./auth-policy";
import type {
  LatticeHeaderMatch,
  LatticeListener,
  LatticeListenerRule,
  LatticeServiceArgs,
  LatticeTargetGroup,
  ListenerProtocol,
} from "./lattice-service-args";
import { targetGroupProtocol } from "./lattice-service-target-groups";
import {
  checkName,
  checkPriorities,
  checkWeights,
  type KeysOf,
  LATTICE_FIXED_RESPONSE_STATUSES,
  LATTICE_LIMITS,
  unknownKeys,
} from "./validation";

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
const PROTOCOLS: readonly ListenerProtocol[] = ["HTTPS", "HTTP", "TLS_PASSTHROUGH"];
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,40}$/;

/** Defaults of a listener and its rules, in one place. */
export const LISTENER_DEFAULTS = {
  protocol: "HTTPS",
  /** Port by protocol: 80 for HTTP, 443 for HTTPS and TLS_PASSTHROUGH. */
  httpPort: 80,
  tlsPort: 443,
  /** Weight of the only target group in the default listener. */
  onlyTargetGroupWeight: 100,
  pathCaseSensitive: false,
  headerCaseSensitive: false,
} as const;

/** The default name of a listener: `<protocol>-<port>` (`tls` for TLS_PASSTHROUGH), e.g. `https-443`. */
export function listenerName(protocol: ListenerProtocol, port: number): string {
  const p = typeof protocol === "string" ? protocol.toLowerCase() : "invalid";
  return `${protocol === "TLS_PASSTHROUGH" ? "tls" : p}-${namePart(port)}`;
}

/** The default name of a rule: `rule-<priority>`. */
export function ruleName(priority: number): string {
  return `rule-${namePart(priority)}`;
}

/**
 * A number in a default name. A JavaScript caller's non-number (reported by the checks) renders as
 * `invalid`: an object cannot always become a string (`{ toString: 0 }` throws a TypeError).
 */
function namePart(n: number): string {
  return typeof n === "number" ? String(n) : "invalid";
}

/** An action: weighted forward to target group keys, or a fixed response. */
export interface ResolvedAction {
  /** Target group key to weight. */
  forward: Record<string, number> | undefined;
  /** Fixed response status. */
  fixedResponseStatus: number | undefined;
}

/** A listener rule with its name and match filled. */
export interface ResolvedRule extends ResolvedAction {
  /** Rule name (Lattice), unique in the listener. */
  name: string;
  /** Logical name: `<name>-<listener>-<rule>`. */
  logicalName: string;
  /** Priority. */
  priority: number;
  /** The HTTP match, defaults filled. */
  httpMatch: aws.types.input.vpclattice.ListenerRuleMatchHttpMatch;
}

/** A listener with its protocol, port and name filled. */
export interface ResolvedListener extends ResolvedAction {
  /** Listener name (Lattice), unique in the service. */
  name: string;
  /** Logical name: `<name>-<listener name>`. */
  logicalName: string;
  /** Protocol. */
  protocol: ListenerProtocol;
  /** Port. */
  port: number;
  /** Rules, each keyed by its name. */
  rules: ResolvedRule[];
}

/** The listeners given, or the default: one HTTPS listener forwarding to the only target group. */
export function givenListeners(args: LatticeServiceArgs): LatticeListener[] {
  const keys = Object.keys(args.targetGroups ?? {});
  if (args.listeners !== undefined) return args.listeners;
  return keys.length === 1
    ? [{ forward: { [keys[0] as string]: LISTENER_DEFAULTS.onlyTargetGroupWeight } }]
    : [];
}

/** Protocol, port and name of a listener, defaults filled (the one place they are derived). */
export function listenerIdentity(l: LatticeListener): {
  protocol: ListenerProtocol;
  port: number;
  name: string;
} {
  const protocol = l.protocol ?? LISTENER_DEFAULTS.protocol;
  const port = l.port ?? (protocol === "HTTP" ? LISTENER_DEFAULTS.httpPort : LISTENER_DEFAULTS.tlsPort);
  return { protocol, port, name: l.name ?? listenerName(protocol, port) };
}

/**
 * Checks the listeners of a service: protocol, unique port and name, TLS passthrough rules, the
 * default action and every rule.
 */
export function checkListeners(
  args: LatticeServiceArgs,
  listeners: readonly LatticeListener[],
): ValidationIssue[] {
  const v = new Validator("", "");
  const tgs = args.targetGroups ?? {};
  const ports = new Map<number, number>();
  const names = new Map<string, number>();
  listeners.forEach((l, i) => {
    const at = `listeners[${i}]`;
    v.merge(unknownKeys(at, l, LISTENER_KEYS));
    const { protocol, port, name: lname } = listenerIdentity(l);
    if (!v.check(PROTOCOLS.includes(protocol), `${at}.protocol`, protocol, `one of ${PROTOCOLS.join(", ")}`))
      return;
    if (v.intIn(`${at}.port`, port, 1, 65535)) {
      const other = ports.get(port);
      v.check(
        other === undefined,
        `${at}.port`,
        port,
        `a port unique in the service (listeners[${other}] uses ${port})`,
      );
      ports.set(port, i);
    }
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
    checkListenerProtocol(v, args, at, l, protocol);
    checkAction(v, tgs, at, l.forward, l.fixedResponseStatus, tls);
    const rules = l.rules ?? [];
    v.merge(
      checkPriorities(
        rules.map((r) => r.priority),
        `${at}.rules`,
      ),
    );
    const ruleNames = new Map<string, number>();
    rules.forEach((r, j) => {
      const rat = `${at}.rules[${j}]`;
      checkRule(v, rat, r);
      const rname = r.name ?? ruleName(r.priority);
      // Two default names collide only when the priorities do, which is reported above.
      const first = ruleNames.get(rname);
      if (first !== undefined && (r.name !== undefined || rules[first]?.name !== undefined))
        v.add({
          path: `${rat}.name`,
          value: rname,
          allowed: `a name unique in the listener (rules[${first}] has it)`,
        });
      if (first === undefined) ruleNames.set(rname, j);
      checkAction(v, tgs, rat, r.forward, r.fixedResponseStatus, tls);
    });
    for (const key of Object.keys(l.forward ?? {})) {
      if (tgs[key]?.type === "LAMBDA")
        v.check(!tls, `${at}.forward.${key}`, key, "no Lambda target group behind TLS_PASSTHROUGH");
    }
  });
  return [...v.issues];
}

/** TLS passthrough needs a custom domain and takes no rules; HTTPS on a custom domain needs its certificate. */
function checkListenerProtocol(
  v: Validator,
  args: LatticeServiceArgs,
  at: string,
  l: LatticeListener,
  protocol: ListenerProtocol,
): void {
  if (protocol === "TLS_PASSTHROUGH") {
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
}

function checkRule(v: Validator, rat: string, r: LatticeListenerRule): void {
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
    // VPC Lattice API reference, PathMatchType: exact and prefix are 1 to 200 characters.
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
  const max = LATTICE_LIMITS.headerMatchesPerRule;
  v.check(
    headers.length <= max,
    `${rat}.headers`,
    `${headers.length} headers`,
    `at most ${max} header matches`,
  );
  headers.forEach((h, k) => {
    const n = [h.exact, h.prefix, h.contains].filter((x) => x !== undefined).length;
    v.check(n === 1, `${rat}.headers[${k}]`, h, "exactly one of exact, prefix or contains");
    v.check(
      HEADER_NAME.test(h.name),
      `${rat}.headers[${k}].name`,
      h.name,
      "an HTTP header name of 1 to 40 characters",
    );
  });
  v.merge(checkName(r.name ?? ruleName(r.priority), "", LATTICE_LIMITS.listenerName, `${rat}.name`, ""));
}

function checkAction(
  v: Validator,
  tgs: Record<string, LatticeTargetGroup>,
  at: string,
  forward: Record<string, number> | undefined,
  status: number | undefined,
  tls: boolean,
): void {
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
  const keys = Object.keys(tgs);
  v.merge(checkWeights(forward, keys, `${at}.forward`));
  for (const key of Object.keys(forward)) {
    if (!keys.includes(key)) continue;
    const p = targetGroupProtocol(tgs[key]);
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
}

/** The listeners with protocol, port, names, rules and matches filled (call after the checks). */
export function resolveListeners(name: string, listeners: readonly LatticeListener[]): ResolvedListener[] {
  return listeners.map((l) => {
    const { protocol, port, name: lname } = listenerIdentity(l);
    return {
      name: lname,
      logicalName: `${name}-${lname}`,
      protocol,
      port,
      forward: l.forward,
      fixedResponseStatus: l.fixedResponseStatus,
      rules: (l.rules ?? []).map((r) => {
        const rname = r.name ?? ruleName(r.priority);
        return {
          name: rname,
          logicalName: `${name}-${lname}-${rname}`,
          priority: r.priority,
          httpMatch: httpMatch(r),
          forward: r.forward,
          fixedResponseStatus: r.fixedResponseStatus,
        };
      }),
    };
  });
}

function httpMatch(r: LatticeListenerRule): aws.types.input.vpclattice.ListenerRuleMatchHttpMatch {
  const m: aws.types.input.vpclattice.ListenerRuleMatchHttpMatch = {};
  if (r.method !== undefined) m.method = r.method;
  if (r.pathExact !== undefined || r.pathPrefix !== undefined) {
    m.pathMatch = {
      caseSensitive: r.pathCaseSensitive ?? LISTENER_DEFAULTS.pathCaseSensitive,
      match: r.pathExact !== undefined ? { exact: r.pathExact } : { prefix: r.pathPrefix },
    };
  }
  if (r.headers?.length) {
    m.headerMatches = r.headers.map((h) => ({
      name: h.name,
      caseSensitive: h.caseSensitive ?? LISTENER_DEFAULTS.headerCaseSensitive,
      match:
        h.exact !== undefined
          ? { exact: h.exact }
          : h.prefix !== undefined
            ? { prefix: h.prefix }
            : { contains: h.contains },
    }));
  }
  return m;
}
