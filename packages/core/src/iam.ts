import * as pulumi from "@pulumi/pulumi";
import type { ValidationIssue } from "./errors";

/**
 * Whether a statement allows or denies: a named enum (an `as const` object and its value type), so
 * that Pulumi's component analyzer can read every component argument holding a policy statement
 * (an inline `"Allow" | "Deny"` union stops it), while the strings `"Allow"` and `"Deny"` keep
 * type-checking.
 */
export const Effect = {
  /** The statement grants the actions. */
  Allow: "Allow",
  /** The statement denies the actions, overriding any allow. */
  Deny: "Deny",
} as const;
/** Whether a statement allows or denies. */
export type Effect = (typeof Effect)[keyof typeof Effect];

/** One IAM condition: `{ test: "StringEquals", variable: "aws:PrincipalOrgID", values: ["o-123"] }`. */
export interface PolicyCondition {
  /** The condition operator, e.g. `StringEquals`, `ArnLike`, `Bool`, `ForAnyValue:StringLike`. */
  test: string;
  /** The condition key, e.g. `aws:SourceAccount`. */
  variable: string;
  /** The values to compare with; any match satisfies the condition. */
  values: pulumi.Input<string>[];
}

/** Who a resource policy or trust policy applies to. */
export interface PolicyPrincipals {
  /** AWS principals: account ids, account root ARNs, role ARNs; `"*"` means everyone. */
  aws?: pulumi.Input<string>[];
  /** Service principals, e.g. `ecs-tasks.amazonaws.com`. */
  service?: string[];
  /** Federated principals, e.g. an OIDC provider ARN. */
  federated?: pulumi.Input<string>[];
}

/** A typed IAM policy statement. Rendered to the JSON IAM expects by {@link policyDocument}. */
export interface PolicyStatement {
  /** Statement id; letters and digits only. @default none */
  sid?: string;
  /** Whether the statement allows or denies the actions. @default Effect.Allow */
  effect?: Effect;
  /** Actions, `service:Action`, wildcards allowed in the action part. */
  actions?: string[];
  /** Actions excluded (instead of `actions`). */
  notActions?: string[];
  /** Resource ARNs; required for identity policies. */
  resources?: pulumi.Input<string>[];
  /** Resources excluded (instead of `resources`). */
  notResources?: pulumi.Input<string>[];
  /** Principals; required for resource and trust policies, absent for identity policies. */
  principals?: PolicyPrincipals;
  /** Conditions, ANDed across entries (entries with the same test and key are merged). */
  conditions?: PolicyCondition[];
}

/** The plain JSON form of an IAM policy document. */
export interface PolicyDocumentJson {
  Version: "2012-10-17";
  Statement: Array<Record<string, unknown>>;
}

/** What kind of policy a document is; decides which fields are required. */
export type PolicyKind = "identity" | "resource" | "trust";

/** Options for {@link policyDocument} and {@link checkStatements}. */
export interface PolicyOptions {
  /** Identity policies need resources; resource and trust policies need principals. @default "identity" */
  kind?: PolicyKind;
  /** Permit `Action: "*"` on `Resource: "*"`. Berth never does this itself. @default false */
  allowAdmin?: boolean;
}

const ACTION = /^(\*|[a-z0-9-]+:[A-Za-z0-9*?]+)$/;
const SID = /^[A-Za-z0-9]*$/;

/** Checks typed statements for what IAM would reject and what Berth never allows. */
export function checkStatements(
  statements: readonly PolicyStatement[],
  path = "statements",
  options: PolicyOptions = {},
): ValidationIssue[] {
  const kind = options.kind ?? "identity";
  const issues: ValidationIssue[] = [];
  if (statements.length === 0) {
    issues.push({ path, value: [], allowed: "at least one statement" });
  }
  statements.forEach((s, i) => {
    const at = `${path}[${i}]`;
    if (s.sid !== undefined && !SID.test(s.sid)) {
      issues.push({ path: `${at}.sid`, value: s.sid, allowed: "letters and digits only" });
    }
    const hasActions = (s.actions?.length ?? 0) > 0;
    const hasNotActions = (s.notActions?.length ?? 0) > 0;
    if (hasActions === hasNotActions) {
      issues.push({
        path: `${at}.actions`,
        value: s.actions,
        allowed: "a non-empty list of actions, or notActions, not both",
      });
    }
    for (const [j, a] of [...(s.actions ?? []), ...(s.notActions ?? [])].entries()) {
      if (!ACTION.test(a)) {
        issues.push({
          path: `${at}.actions[${j}]`,
          value: a,
          allowed: 'an action of the form "service:Action" (wildcards allowed)',
        });
      }
    }
    const resources = [...(s.resources ?? []), ...(s.notResources ?? [])];
    if (kind === "identity" && resources.length === 0) {
      issues.push({
        path: `${at}.resources`,
        value: s.resources,
        allowed: "at least one resource ARN in an identity policy",
      });
    }
    if (kind !== "identity" && !s.principals) {
      issues.push({ path: `${at}.principals`, value: undefined, allowed: `principals in a ${kind} policy` });
    }
    if (kind === "identity" && s.principals) {
      issues.push({
        path: `${at}.principals`,
        value: s.principals,
        allowed: "no principals in an identity policy",
      });
    }
    // IAM's grammar: "Effect" is exactly "Allow" or "Deny" (IAM User Guide, IAM JSON policy
    // elements reference, Effect). A JavaScript caller may pass any string.
    if (s.effect !== undefined && !(Object.values(Effect) as string[]).includes(s.effect)) {
      issues.push({
        path: `${at}.effect`,
        value: s.effect,
        allowed: '"Allow" or "Deny" (Effect.Allow, Effect.Deny)',
      });
    }
    const effect = s.effect ?? Effect.Allow;
    const allActions = (s.actions ?? []).includes("*");
    const allResources = (s.resources ?? []).includes("*");
    if (effect === Effect.Allow && allActions && allResources && !options.allowAdmin) {
      issues.push({
        path: `${at}.actions`,
        value: "*",
        allowed: "specific actions; Action * on Resource * is administrator access",
        hint: "grant the actions the workload calls, on the resources it uses",
      });
    }
    const everyone = (s.principals?.aws ?? []).includes("*");
    if (effect === Effect.Allow && everyone && (s.conditions?.length ?? 0) === 0) {
      issues.push({
        path: `${at}.principals.aws`,
        value: "*",
        allowed: "named principals, or * together with a condition such as aws:PrincipalOrgID",
      });
    }
  });
  return issues;
}

type Resolved<T> = pulumi.Unwrap<T>;

function renderStatement(s: Resolved<PolicyStatement>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (s.sid) out["Sid"] = s.sid;
  out["Effect"] = s.effect ?? Effect.Allow;
  if (s.principals) {
    const p: Record<string, string | string[]> = {};
    const one = (v: string[]) => (v.length === 1 ? (v[0] as string) : [...v].sort());
    if (s.principals.aws?.length) p["AWS"] = one(s.principals.aws);
    if (s.principals.service?.length) p["Service"] = one(s.principals.service);
    if (s.principals.federated?.length) p["Federated"] = one(s.principals.federated);
    out["Principal"] = p["AWS"] === "*" && Object.keys(p).length === 1 ? "*" : p;
  }
  if (s.actions?.length) out["Action"] = [...new Set(s.actions)].sort();
  if (s.notActions?.length) out["NotAction"] = [...new Set(s.notActions)].sort();
  if (s.resources?.length) out["Resource"] = [...new Set(s.resources)].sort();
  if (s.notResources?.length) out["NotResource"] = [...new Set(s.notResources)].sort();
  if (s.conditions?.length) {
    const c: Record<string, Record<string, string[]>> = {};
    for (const cond of s.conditions) {
      c[cond.test] ??= {};
      const byKey = c[cond.test] as Record<string, string[]>;
      byKey[cond.variable] = [...new Set([...(byKey[cond.variable] ?? []), ...cond.values])];
    }
    out["Condition"] = c;
  }
  return out;
}

/**
 * Renders typed statements to an IAM policy document (plain object), sorting actions and
 * resources so the document is stable across runs and a reorder is never a diff.
 */
export function renderPolicyDocument(statements: readonly Resolved<PolicyStatement>[]): PolicyDocumentJson {
  return { Version: "2012-10-17", Statement: statements.map(renderStatement) };
}

/**
 * Builds an IAM policy document as a JSON string `Output` from typed statements whose ARNs may be
 * outputs of other resources. Statements are checked first (see {@link checkStatements}); a bad
 * statement throws an `Error` listing every issue, so call it after a component's own validation.
 */
export function policyDocument(
  statements: readonly PolicyStatement[],
  options: PolicyOptions = {},
): pulumi.Output<string> {
  const issues = checkStatements(statements, "statements", options);
  if (issues.length > 0) {
    const lines = issues.map((i) => `  - ${i.path}: ${i.allowed} (got ${JSON.stringify(i.value)})`);
    throw new Error(`Invalid IAM policy statements:\n${lines.join("\n")}`);
  }
  return pulumi
    .output(statements as PolicyStatement[])
    .apply((resolved) => JSON.stringify(renderPolicyDocument(resolved as Resolved<PolicyStatement>[])));
}

/** An `Allow` statement for an identity policy. */
export function allow(
  actions: string[],
  resources: pulumi.Input<string>[],
  conditions?: PolicyCondition[],
): PolicyStatement {
  return conditions
    ? { effect: Effect.Allow, actions, resources, conditions }
    : { effect: Effect.Allow, actions, resources };
}

/** A `Deny` statement for an identity policy. */
export function deny(
  actions: string[],
  resources: pulumi.Input<string>[],
  conditions?: PolicyCondition[],
): PolicyStatement {
  return conditions
    ? { effect: Effect.Deny, actions, resources, conditions }
    : { effect: Effect.Deny, actions, resources };
}

/**
 * A trust policy that lets AWS services assume a role, optionally scoped with conditions such as
 * `aws:SourceAccount` (the confused-deputy guard AWS recommends for service roles).
 */
export function serviceTrustPolicy(
  services: string[],
  conditions?: PolicyCondition[],
  actions: string[] = ["sts:AssumeRole"],
): pulumi.Output<string> {
  const statement: PolicyStatement = { effect: Effect.Allow, actions, principals: { service: services } };
  if (conditions?.length) statement.conditions = conditions;
  return policyDocument([statement], { kind: "trust" });
}

/** Parses a policy document string; returns `undefined` for anything that is not a JSON object. */
export function parsePolicyDocument(json: string): PolicyDocumentJson | undefined {
  try {
    const doc = JSON.parse(json) as unknown;
    if (doc && typeof doc === "object" && Array.isArray((doc as PolicyDocumentJson).Statement)) {
      return doc as PolicyDocumentJson;
    }
  } catch {
    // not JSON
  }
  return undefined;
}

/**
 * The IAM condition operators (IAM User Guide, "IAM JSON policy elements: Condition operators"):
 * string, numeric, date, Boolean, binary, IP address, ARN and Null. Each but Null also takes the
 * `IfExists` suffix, and any may carry the `ForAllValues:` / `ForAnyValue:` set qualifier.
 */
export const IAM_CONDITION_OPERATORS: readonly string[] = [
  "StringEquals",
  "StringNotEquals",
  "StringEqualsIgnoreCase",
  "StringNotEqualsIgnoreCase",
  "StringLike",
  "StringNotLike",
  "NumericEquals",
  "NumericNotEquals",
  "NumericLessThan",
  "NumericLessThanEquals",
  "NumericGreaterThan",
  "NumericGreaterThanEquals",
  "DateEquals",
  "DateNotEquals",
  "DateLessThan",
  "DateLessThanEquals",
  "DateGreaterThan",
  "DateGreaterThanEquals",
  "Bool",
  "BinaryEquals",
  "IpAddress",
  "NotIpAddress",
  "ArnEquals",
  "ArnLike",
  "ArnNotEquals",
  "ArnNotLike",
  "Null",
];

/** True for an IAM condition operator, with its optional set qualifier and `IfExists` suffix. */
export function isConditionOperator(op: string): boolean {
  const base = op.replace(/^(ForAllValues|ForAnyValue):/, "");
  if (IAM_CONDITION_OPERATORS.includes(base)) return true;
  return (
    base.endsWith("IfExists") &&
    base !== "NullIfExists" &&
    IAM_CONDITION_OPERATORS.includes(base.slice(0, -8))
  );
}
