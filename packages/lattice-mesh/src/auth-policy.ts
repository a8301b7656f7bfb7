import {
  Effect,
  isArnOf,
  type PolicyCondition,
  type PolicyStatement,
  policyDocument,
  renderValue,
  type ValidationIssue,
} from "@berth/core";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type KeysOf, unknownKeys } from "./validation";

/** The one action of VPC Lattice auth policies that lets a caller send requests to a service. */
export const INVOKE_ACTION = "vpc-lattice-svcs:Invoke";

/** HTTP methods a Lattice auth policy can match with `vpc-lattice-svcs:RequestMethod`. */
export const HTTP_METHODS = [
  "GET",
  "HEAD",
  "POST",
  "PUT",
  "DELETE",
  "CONNECT",
  "OPTIONS",
  "TRACE",
  "PATCH",
] as const;

/** How a service network or service authenticates requests. */
export const AuthType = {
  /** Every request SigV4-signed and checked against the auth policy. */
  AwsIam: "AWS_IAM",
  /** No authentication: any client of an associated VPC may call (needs `allowUnauthenticated`). */
  None: "NONE",
} as const;
/** How a service network or service authenticates requests. */
export type AuthType = (typeof AuthType)[keyof typeof AuthType];

/** The auth type of a service network or service unless `authType` says otherwise. */
export const DEFAULT_AUTH_TYPE: AuthType = AuthType.AwsIam;

/**
 * Who may call. Entries of one rule are alternatives (any of them may call); every other field of
 * the rule narrows all of them. A bare `*` principal is never produced: `organizationIds` and
 * `authenticated` render as `*` with a condition.
 */
export interface AuthPrincipals {
  /** AWS account ids (12 digits): any principal of these accounts whose IAM policy also allows Invoke. @default [] */
  accounts?: pulumi.Input<string>[];
  /** IAM role ARNs, e.g. the task role of a calling ECS service. @default [] */
  roleArns?: pulumi.Input<string>[];
  /** AWS Organizations ids (`o-...`): any principal of these organizations (`aws:PrincipalOrgID`). @default [] */
  organizationIds?: string[];
  /**
   * Any authenticated (SigV4-signed) principal: `*` with `aws:PrincipalType` not `Anonymous`.
   * Combine with `sourceVpcs` or `sourceVpcAccounts` to scope it. @default false
   */
  authenticated?: boolean;
  /**
   * Any principal, signed or anonymous (`*`), allowed only together with `sourceVpcs`,
   * `sourceVpcAccounts` or `conditions`. TLS passthrough listeners see only anonymous callers,
   * so this is how their services are opened to chosen VPCs. @default false
   */
  anyone?: boolean;
}

/** One rule of an auth policy: principals, what they may call, and under which conditions. */
export interface AuthRule {
  /** Statement id prefix; letters and digits. @default "Rule<index>" */
  sid?: string;
  /** Who the rule applies to; at least one entry. */
  principals: AuthPrincipals;
  /** Allow or deny (`@berth/core`'s `Effect`). A Deny rule wins over every Allow. @default Effect.Allow */
  effect?: Effect;
  /** HTTP methods allowed (`vpc-lattice-svcs:RequestMethod`). @default every method */
  methods?: string[];
  /**
   * Request paths, exact (`/health`) or with a trailing `*` for a prefix (`/api/*`). In Lattice the
   * path is part of the resource ARN (`<service ARN>/<path>`), so paths work on service-level
   * policies only. @default every path
   */
  paths?: string[];
  /** VPC ids the request must come from (`vpc-lattice-svcs:SourceVpc`). @default any associated VPC */
  sourceVpcs?: pulumi.Input<string>[];
  /** Accounts owning the VPC the request comes from (`vpc-lattice-svcs:SourceVpcOwnerAccount`). @default any */
  sourceVpcAccounts?: pulumi.Input<string>[];
  /** Further conditions, ANDed with the above (e.g. `vpc-lattice-svcs:RequestHeader/x-tenant`). @default [] */
  conditions?: PolicyCondition[];
}

/**
 * True when a condition lets every request through, so it scopes nothing: no values; only `*`
 * patterns under a `...Like` operator (`*` matches any string); or an `...IfExists` operator, which
 * is true whenever the request lacks the key (IAM user guide, "IAM JSON policy elements: Condition
 * operators"). Values known only at deployment count as narrowing.
 */
export function narrowsNothing(c: PolicyCondition): boolean {
  if (!Array.isArray(c.values) || c.values.length === 0) return true;
  if (typeof c.test !== "string") return false;
  if (c.test.endsWith("IfExists")) return true;
  const plain = c.values.every((v) => typeof v === "string");
  return plain && /Like$/.test(c.test) && c.values.every((v) => /^\*+$/.test(v as string));
}

const RULE_KEYS: KeysOf<AuthRule> = {
  sid: true,
  principals: true,
  effect: true,
  methods: true,
  paths: true,
  sourceVpcs: true,
  sourceVpcAccounts: true,
  conditions: true,
};
const PRINCIPAL_KEYS: KeysOf<AuthPrincipals> = {
  accounts: true,
  roleArns: true,
  organizationIds: true,
  authenticated: true,
  anyone: true,
};
const CONDITION_KEYS: KeysOf<PolicyCondition> = { test: true, variable: true, values: true };

const ACCOUNT = /^\d{12}$/;
const ORG = /^o-[a-z0-9]{10,32}$/;
const ROLE = { service: "iam", resourceType: "role" } as const;
const PATH = /^\/[A-Za-z0-9\-._~!$&'()+,;=:@%/]*\*?$/;
const SID = /^[A-Za-z0-9]*$/;

/**
 * Checks auth rules. Only plain values are checked; outputs (role ARNs of other resources) are
 * taken as given. `allowPaths` is false for service networks, whose policies cover every service.
 */
export function checkAuthRules(
  rules: readonly AuthRule[],
  path: string,
  allowPaths: boolean,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (rules.length === 0) {
    issues.push({
      path,
      value: [],
      allowed: "at least one rule (with IAM auth and no rule, every request is denied)",
    });
  }
  rules.forEach((r, i) => {
    const at = `${path}[${i}]`;
    issues.push(...unknownKeys(at, r, RULE_KEYS));
    issues.push(...unknownKeys(`${at}.principals`, r.principals, PRINCIPAL_KEYS));
    (r.conditions ?? []).forEach((cond, k) => {
      issues.push(...unknownKeys(`${at}.conditions[${k}]`, cond, CONDITION_KEYS));
    });
    issues.push(...checkRuleScope(r, at));
    issues.push(...checkRuleIdentities(r, at));
    issues.push(...checkRuleRequest(r, at, allowPaths));
  });
  return issues;
}

/** Who a rule admits: at least one principal, conditions that narrow, `anyone` only when scoped. */
function checkRuleScope(r: AuthRule, at: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const p = r.principals ?? {};
  const count =
    (p.accounts?.length ?? 0) +
    (p.roleArns?.length ?? 0) +
    (p.organizationIds?.length ?? 0) +
    (p.authenticated ? 1 : 0) +
    (p.anyone ? 1 : 0);
  if (count === 0) {
    issues.push({
      path: `${at}.principals`,
      value: r.principals,
      allowed: "at least one of accounts, roleArns, organizationIds, authenticated: true or anyone: true",
    });
  }
  (r.conditions ?? []).forEach((cond, k) => {
    if (narrowsNothing(cond)) {
      issues.push({
        path: `${at}.conditions[${k}]`,
        value: {
          test: cond.test,
          variable: cond.variable,
          values: cond.values.map((x) => (typeof x === "string" ? x : "<output>")),
        },
        allowed:
          "a condition that narrows the callers: values other than only * patterns, and no ...IfExists operator (it passes when the key is absent)",
      });
    }
  });
  const narrowing = (r.conditions ?? []).filter((cond) => !narrowsNothing(cond));
  if (p.anyone && !r.sourceVpcs?.length && !r.sourceVpcAccounts?.length && narrowing.length === 0) {
    issues.push({
      path: `${at}.principals.anyone`,
      value: true,
      allowed:
        "anyone: true only with sourceVpcs, sourceVpcAccounts or conditions that narrow the callers (never a bare * principal)",
    });
  }
  return issues;
}

/** The statement id and the principals named: account ids, role ARNs, organization ids. */
function checkRuleIdentities(r: AuthRule, at: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const p = r.principals ?? {};
  if (r.sid !== undefined && !SID.test(r.sid)) {
    issues.push({ path: `${at}.sid`, value: r.sid, allowed: "letters and digits only" });
  }
  (p.accounts ?? []).forEach((a, j) => {
    if (typeof a === "string" && !ACCOUNT.test(a)) {
      issues.push({
        path: `${at}.principals.accounts[${j}]`,
        value: a,
        allowed: "a 12-digit AWS account id",
      });
    }
  });
  (p.roleArns ?? []).forEach((a, j) => {
    if (typeof a === "string" && !isArnOf(a, ROLE)) {
      issues.push({
        path: `${at}.principals.roleArns[${j}]`,
        value: a,
        allowed: "an IAM role ARN (arn:aws:iam::<account>:role/<name>)",
      });
    }
  });
  (p.organizationIds ?? []).forEach((o, j) => {
    if (!ORG.test(o)) {
      issues.push({
        path: `${at}.principals.organizationIds[${j}]`,
        value: o,
        allowed: "an AWS Organizations id (o- and 10 to 32 lowercase letters or digits)",
      });
    }
  });
  return issues;
}

/** What a rule lets through: HTTP methods, and paths (service-level policies only). */
function checkRuleRequest(r: AuthRule, at: string, allowPaths: boolean): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  (r.methods ?? []).forEach((m, j) => {
    if (!(HTTP_METHODS as readonly string[]).includes(m)) {
      issues.push({ path: `${at}.methods[${j}]`, value: m, allowed: `one of ${HTTP_METHODS.join(", ")}` });
    }
  });
  if (r.paths !== undefined && r.paths.length > 0 && !allowPaths) {
    issues.push({
      path: `${at}.paths`,
      value: r.paths,
      allowed: "no paths on a service network policy (paths are part of a service's ARN)",
      hint: "put path rules on the LatticeService authRules",
    });
  }
  (r.paths ?? []).forEach((pth, j) => {
    if (!PATH.test(pth)) {
      issues.push({
        path: `${at}.paths[${j}]`,
        value: pth,
        allowed: 'a path starting with "/", optionally ending with * for a prefix',
      });
    }
  });
  return issues;
}

/**
 * Checks the auth settings a service network and a service share: `AWS_IAM` or, only when asked
 * for explicitly, `NONE`; no auth rules with `NONE`; and the rules themselves. `exposure` says who
 * `NONE` would let in, for the hint; `forService` allows path rules (a network policy has none).
 */
export function checkAuthSettings(
  args: { authType?: string; allowUnauthenticated?: boolean; authRules?: AuthRule[] },
  exposure: string,
  forService: boolean,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const authType = args.authType ?? DEFAULT_AUTH_TYPE;
  if (authType !== "AWS_IAM" && authType !== "NONE") {
    issues.push({ path: "authType", value: authType, allowed: 'one of "AWS_IAM", "NONE"' });
  } else if (authType === "NONE" && args.allowUnauthenticated !== true) {
    issues.push({
      path: "authType",
      value: authType,
      allowed: '"AWS_IAM", or "NONE" together with allowUnauthenticated: true',
      hint: `NONE lets ${exposure}`,
    });
  }
  if (authType === "NONE" && args.authRules !== undefined) {
    issues.push({
      path: "authRules",
      value: `${args.authRules.length} rules`,
      allowed: 'no auth rules with authType "NONE" (the policy would be inactive)',
    });
  }
  if (args.authRules !== undefined) issues.push(...checkAuthRules(args.authRules, "authRules", forService));
  return issues;
}

function requestConditions(r: AuthRule): PolicyCondition[] {
  const c: PolicyCondition[] = [];
  if (r.methods?.length) {
    c.push({ test: "StringEquals", variable: "vpc-lattice-svcs:RequestMethod", values: [...r.methods] });
  }
  if (r.sourceVpcs?.length) {
    c.push({ test: "StringEquals", variable: "vpc-lattice-svcs:SourceVpc", values: [...r.sourceVpcs] });
  }
  if (r.sourceVpcAccounts?.length) {
    c.push({
      test: "StringEquals",
      variable: "vpc-lattice-svcs:SourceVpcOwnerAccount",
      values: [...r.sourceVpcAccounts],
    });
  }
  return [...c, ...(r.conditions ?? [])];
}

/**
 * Typed statements of an auth policy. `resource` is the service ARN for a service-level policy
 * (paths become `<ARN>/<path>`, no path becomes `<ARN>/*`) or `"*"` for a service network.
 * Each rule gives up to three statements: named principals, organizations (`*` with
 * `aws:PrincipalOrgID`) and authenticated principals (`*` with `aws:PrincipalType`).
 */
export function authPolicyStatements(
  rules: readonly AuthRule[],
  resource: pulumi.Input<string>,
): PolicyStatement[] {
  const statements: PolicyStatement[] = [];
  rules.forEach((r, i) => {
    const sid = r.sid ?? `Rule${i}`;
    const effect = r.effect ?? Effect.Allow;
    const resources: pulumi.Input<string>[] =
      resource === "*"
        ? ["*"]
        : r.paths?.length
          ? r.paths.map((p) => pulumi.interpolate`${resource}${p}`)
          : [pulumi.interpolate`${resource}/*`];
    const base = requestConditions(r);
    const named = [...(r.principals.accounts ?? []), ...(r.principals.roleArns ?? [])];
    const statement = (suffix: string, principals: pulumi.Input<string>[], extra: PolicyCondition[]) => {
      const conditions = [...extra, ...base];
      const s: PolicyStatement = {
        sid: `${sid}${suffix}`,
        effect,
        actions: [INVOKE_ACTION],
        resources,
        principals: { aws: principals },
      };
      if (conditions.length > 0) s.conditions = conditions;
      statements.push(s);
    };
    if (named.length > 0) statement("Principals", named, []);
    if (r.principals.organizationIds?.length) {
      statement(
        "Organization",
        ["*"],
        [{ test: "StringEquals", variable: "aws:PrincipalOrgID", values: [...r.principals.organizationIds] }],
      );
    }
    if (r.principals.anyone) statement("Anyone", ["*"], []);
    if (r.principals.authenticated) {
      statement(
        "Authenticated",
        ["*"],
        [{ test: "StringNotEqualsIgnoreCase", variable: "aws:PrincipalType", values: ["Anonymous"] }],
      );
    }
  });
  return statements;
}

/**
 * An auth policy document (JSON string output) for a service network (`resource` `"*"`) or a
 * service (its ARN). Throws an `Error` listing every issue if the rules are invalid; components
 * check the rules with {@link checkAuthRules} first, so their users see a `BerthValidationError`.
 */
export function authPolicyDocument(
  rules: readonly AuthRule[],
  resource: pulumi.Input<string>,
): pulumi.Output<string> {
  const issues = checkAuthRules(rules, "rules", resource !== "*");
  if (issues.length > 0) {
    throw new Error(
      `Invalid auth rules:\n${issues.map((i) => `  - ${i.path}: got ${renderValue(i.value)}; allowed: ${i.allowed}.`).join("\n")}`,
    );
  }
  return policyDocument(authPolicyStatements(rules, resource), { kind: "resource" });
}

/**
 * The auth rules given, or the default, `"same-account"`: principals of the deploying account,
 * whose own IAM policies then decide.
 */
export function authRules(scope: pulumi.Resource, rules: AuthRule[] | "same-account"): AuthRule[] {
  if (rules !== "same-account") return rules;
  const accountId = aws.getCallerIdentityOutput({}, { parent: scope }).accountId;
  return [{ sid: "SameAccount", principals: { accounts: [accountId] } }];
}
