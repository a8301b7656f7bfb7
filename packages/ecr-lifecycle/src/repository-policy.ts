import {
  type ArnSpec,
  BerthValidationError,
  describeArnSpec,
  Effect,
  isArnOf,
  isPlain,
  type PolicyStatement,
  parseArn,
  policyDocument,
  type ValidationIssue,
  validateWhenKnown,
} from "@berth/core";
import * as pulumi from "@pulumi/pulumi";

/**
 * Typed statements for an ECR repository policy (a resource policy: principals, no `Resource`).
 * Every helper names its principals; the one statement with `Principal: "*"` (organization pull)
 * always carries an `aws:PrincipalOrgID` condition, and `policyDocument` rejects `*` without one.
 */

/** The actions that pull an image: layer availability, manifest, layer download. */
export const ECR_PULL_ACTIONS = [
  "ecr:BatchCheckLayerAvailability",
  "ecr:BatchGetImage",
  "ecr:GetDownloadUrlForLayer",
] as const;

/** The actions that push an image, on top of pull (a push checks and reads layers first). */
export const ECR_PUSH_ACTIONS = [
  ...ECR_PULL_ACTIONS,
  "ecr:CompleteLayerUpload",
  "ecr:InitiateLayerUpload",
  "ecr:PutImage",
  "ecr:UploadLayerPart",
] as const;

/** The actions Lambda needs to pull a function's container image from another account. */
export const ECR_LAMBDA_PULL_ACTIONS = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"] as const;

/** A value check: true when `value` is acceptable. */
type Accepts = (value: string) => boolean;

/** An AWS account id: 12 digits (AWS General Reference, "AWS account identifiers"). */
const ACCOUNT_ID = /^\d{12}$/;
const ORG_ID = /^o-[a-z0-9]{10,32}$/;
/** True for a 12-digit AWS account id. */
export const isAccountId: Accepts = (s) => ACCOUNT_ID.test(s);
const IAM_ROLE: ArnSpec = { service: "iam", resourceType: "role" };
const isRoleArn: Accepts = (s) => isArnOf(s, IAM_ROLE);
/** A Lambda function name with `*` wildcards and an optional qualifier (Lambda API, `FunctionName`). */
const LAMBDA_FUNCTION = /^[A-Za-z0-9*_-]+(:[A-Za-z0-9$_*-]+)?$/;
const isLambdaArn: Accepts = (s) =>
  isArnOf(s, { service: "lambda", resourceType: "function" }) &&
  LAMBDA_FUNCTION.test(parseArn(s)?.resourceId ?? "");
const ROLE_ALLOWED = describeArnSpec(IAM_ROLE);

/** The component token of the policy helpers' own errors. */
export const REPOSITORY_POLICY_TYPE = "berth:ecr:RepositoryPolicy";

/** Throws a `BerthValidationError` named after the helper unless `list` is a non-empty list of valid plain values. */
function checkHelperList(
  helper: string,
  field: string,
  list: unknown,
  accepts: Accepts,
  allowed: string,
): void {
  const issues: ValidationIssue[] = [];
  if (!Array.isArray(list) || list.length === 0) {
    issues.push({ path: field, value: list, allowed: `a non-empty list, each ${allowed}` });
  } else {
    list.forEach((x, i) => {
      if (isPlain(x) && !(typeof x === "string" && accepts(x)))
        issues.push({ path: `${field}[${i}]`, value: x, allowed });
    });
  }
  if (issues.length > 0) throw new BerthValidationError(REPOSITORY_POLICY_TYPE, helper, issues);
}

/** Lets whole accounts pull: each account's own IAM policies then decide which of its roles may. */
export function pullForAccounts(
  accountIds: pulumi.Input<string>[],
  partition: pulumi.Input<string> = "aws",
): PolicyStatement {
  checkHelperList("pullForAccounts", "accountIds", accountIds, isAccountId, "a 12-digit AWS account id");
  return {
    sid: "PullForAccounts",
    effect: Effect.Allow,
    principals: { aws: accountIds.map((id) => pulumi.interpolate`arn:${partition}:iam::${id}:root`) },
    actions: [...ECR_PULL_ACTIONS],
  };
}

/** Lets every principal of an AWS Organization pull (`Principal: "*"` with `aws:PrincipalOrgID`). */
export function pullForOrganization(organizationId: pulumi.Input<string>): PolicyStatement {
  if (organizationId === undefined || (isPlain(organizationId) && !ORG_ID.test(String(organizationId)))) {
    throw new BerthValidationError(REPOSITORY_POLICY_TYPE, "pullForOrganization", [
      { path: "organizationId", value: organizationId, allowed: "an AWS Organization id like o-a1b2c3d4e5" },
    ]);
  }
  return {
    sid: "PullForOrganization",
    effect: Effect.Allow,
    principals: { aws: ["*"] },
    actions: [...ECR_PULL_ACTIONS],
    conditions: [{ test: "StringEquals", variable: "aws:PrincipalOrgID", values: [organizationId] }],
  };
}

/**
 * Lets the Lambda service pull for the given functions only (`aws:sourceArn`, wildcards allowed,
 * e.g. `arn:aws:lambda:eu-west-1:111122223333:function:*`), the cross-account pattern AWS documents.
 */
export function pullForLambda(functionArns: pulumi.Input<string>[]): PolicyStatement {
  checkHelperList(
    "pullForLambda",
    "functionArns",
    functionArns,
    isLambdaArn,
    "a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>, wildcards allowed)",
  );
  return {
    sid: "PullForLambda",
    effect: Effect.Allow,
    principals: { service: ["lambda.amazonaws.com"] },
    actions: [...ECR_LAMBDA_PULL_ACTIONS],
    conditions: [{ test: "StringLike", variable: "aws:sourceArn", values: functionArns }],
  };
}

/** Lets the given IAM roles (typically CI deploy roles) push and pull. */
export function pushForRoles(roleArns: pulumi.Input<string>[]): PolicyStatement {
  checkHelperList("pushForRoles", "roleArns", roleArns, isRoleArn, ROLE_ALLOWED);
  return {
    sid: "PushForRoles",
    effect: Effect.Allow,
    principals: { aws: roleArns },
    actions: [...ECR_PUSH_ACTIONS],
  };
}

/** Who may use a repository; each field adds one statement. */
export interface RepositoryAccess {
  /** Account ids (12 digits) allowed to pull. @default none */
  pullAccountIds?: pulumi.Input<string>[];
  /** AWS Organization id (`o-...`) whose principals may pull. @default none */
  pullOrganizationId?: pulumi.Input<string>;
  /** Lambda function ARNs (wildcards allowed) the Lambda service may pull for. @default none */
  pullLambdaFunctionArns?: pulumi.Input<string>[];
  /** IAM role ARNs allowed to push (and pull), e.g. CI roles. @default none */
  pushRoleArns?: pulumi.Input<string>[];
  /** Further statements, appended as given (checked: no `Principal: "*"` without a condition). @default none */
  policyStatements?: PolicyStatement[];
}

/** The statements for an access description, in a fixed order; empty when nothing is granted. */
export function accessStatements(
  access: RepositoryAccess,
  partition: pulumi.Input<string> = "aws",
): PolicyStatement[] {
  const out: PolicyStatement[] = [];
  if (access.pullAccountIds?.length) out.push(pullForAccounts(access.pullAccountIds, partition));
  if (access.pullOrganizationId !== undefined) out.push(pullForOrganization(access.pullOrganizationId));
  if (access.pullLambdaFunctionArns?.length) out.push(pullForLambda(access.pullLambdaFunctionArns));
  if (access.pushRoleArns?.length) out.push(pushForRoles(access.pushRoleArns));
  out.push(...(access.policyStatements ?? []));
  return out;
}

type AccessListField = "pullAccountIds" | "pullLambdaFunctionArns" | "pushRoleArns";

/** What each list field of {@link RepositoryAccess} accepts. */
const ACCESS_LISTS: Record<AccessListField, [Accepts, string]> = {
  pullAccountIds: [isAccountId, "a 12-digit AWS account id"],
  pullLambdaFunctionArns: [
    isLambdaArn,
    "a Lambda function ARN, wildcards allowed (arn:aws:lambda:<region>:<account>:function:<name>)",
  ],
  pushRoleArns: [isRoleArn, ROLE_ALLOWED],
};
const ORG_ALLOWED = "an AWS Organization id like o-a1b2c3d4e5";

/** Checks the plain values of an access description; see {@link validatedAccess} for outputs. */
export function checkRepositoryAccess(access: RepositoryAccess): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const [field, [accepts, allowed]] of Object.entries(ACCESS_LISTS) as Array<
    [AccessListField, [Accepts, string]]
  >) {
    (access[field] ?? []).forEach((v, i) => {
      if (isPlain(v) && !(typeof v === "string" && accepts(v))) {
        issues.push({ path: `${field}[${i}]`, value: v, allowed });
      }
    });
  }
  const org = access.pullOrganizationId;
  if (org !== undefined && isPlain(org) && !ORG_ID.test(org)) {
    issues.push({ path: "pullOrganizationId", value: org, allowed: ORG_ALLOWED });
  }
  return issues;
}

/**
 * The same access description with every `Output` value checked once known (inside `apply`), so
 * a role ARN from another stack that turns out malformed fails the update with the field named.
 */
export function validatedAccess(access: RepositoryAccess, component: string, name: string): RepositoryAccess {
  const out: RepositoryAccess = { ...access };
  for (const [field, [accepts, allowed]] of Object.entries(ACCESS_LISTS) as Array<
    [AccessListField, [Accepts, string]]
  >) {
    const list = access[field];
    if (!list) continue;
    out[field] = list.map((v, i) =>
      isPlain(v)
        ? v
        : validateWhenKnown(component, name, v, (s, val) => {
            val.check(accepts(s), `${field}[${i}]`, s, allowed);
          }),
    );
  }
  const org = access.pullOrganizationId;
  if (org !== undefined && !isPlain(org)) {
    out.pullOrganizationId = validateWhenKnown(component, name, org, (s, val) => {
      val.check(ORG_ID.test(s), "pullOrganizationId", s, ORG_ALLOWED);
    });
  }
  return out;
}

/** Renders statements to a repository policy document (JSON `Output`), checked as a resource policy. */
export function repositoryPolicyDocument(statements: readonly PolicyStatement[]): pulumi.Output<string> {
  return policyDocument(statements, { kind: "resource" });
}
