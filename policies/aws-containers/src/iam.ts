/**
 * IAM for workload roles: roles ECS tasks or EKS pods (Pod Identity or IRSA) can assume. Catalog
 * rows 42-46. Joins roles with `RolePolicy`, `RolePolicyAttachment` and `Policy` in stack policies.
 */
import * as aws from "@pulumi/aws";
import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { validateResourceOfType } from "@pulumi/policy";
import {
  conditionKeys,
  isPublicPrincipal,
  isWorkloadTrust,
  managedPolicyName,
  references,
  statements,
  trustedPrincipals,
} from "./util";

const ADMIN = "AdministratorAccess";

/** A document or managed policy attached to a role, with where it came from. */
export interface Attached {
  source: string;
  doc?: unknown;
  managedArn?: string;
}

function workloadRoles(resources: PolicyResource[]): PolicyResource[] {
  return resources.filter((r) => r.isType(aws.iam.Role) && isWorkloadTrust(r.props["assumeRolePolicy"]));
}

/** Everything that grants the role permissions: inline, managed, RolePolicy, attachments (and the Policy they attach). */
export function attachedTo(role: PolicyResource, resources: PolicyResource[]): Attached[] {
  const out: Attached[] = [];
  for (const ip of (role.props["inlinePolicies"] ?? []) as Array<{ name?: string; policy?: string }>)
    if (ip.policy) out.push({ source: `inline policy ${ip.name ?? ""}`.trim(), doc: ip.policy });
  for (const arn of (role.props["managedPolicyArns"] ?? []) as string[])
    out.push({ source: "managedPolicyArns", managedArn: arn });
  const policies = resources.filter((r) => r.isType(aws.iam.Policy));
  for (const r of resources) {
    if (r.isType(aws.iam.RolePolicy) && references(r, "role", role, ["name", "id", "arn"]))
      out.push({ source: `RolePolicy "${r.name}"`, doc: r.props["policy"] });
    if (r.isType(aws.iam.RolePolicyAttachment) && references(r, "role", role, ["name", "id", "arn"])) {
      const arn = r.props["policyArn"] as string | undefined;
      const custom = policies.find((p) => references(r, "policyArn", p, ["arn", "id"]));
      if (custom) out.push({ source: `Policy "${custom.name}"`, doc: custom.props["policy"] });
      else if (arn) out.push({ source: `RolePolicyAttachment "${r.name}"`, managedArn: arn });
    }
  }
  return out;
}

export const iamTaskRoleNoAdmin: StackValidationPolicy = {
  name: "iam-task-role-no-admin",
  description:
    "Roles that ECS tasks or EKS pods assume must not have administrator access (cdk-nag IAMPolicyNoStatementsWithAdminAccess).",
  severity: "critical",
  remediationSteps:
    "Grant the workload exactly the actions and resource ARNs it uses (Berth's components compute these); never `*` on `*` or AdministratorAccess.",
  validateStack: (args, report) => {
    for (const role of workloadRoles(args.resources)) {
      for (const a of attachedTo(role, args.resources)) {
        if (a.managedArn && managedPolicyName(a.managedArn) === ADMIN)
          report(`role "${role.name}" has AdministratorAccess (${a.source})`, role.urn);
        for (const s of statements(a.doc)) {
          if (s.effect === "Allow" && s.actions.includes("*") && s.resources.includes("*"))
            report(`role "${role.name}": ${a.source} allows Action "*" on Resource "*"`, role.urn);
        }
      }
    }
  },
};

const WILDCARD_OK = [
  "ecr:GetAuthorizationToken",
  "ssmmessages:CreateControlChannel",
  "ssmmessages:CreateDataChannel",
  "ssmmessages:OpenControlChannel",
  "ssmmessages:OpenDataChannel",
  "xray:PutTraceSegments",
  "xray:PutTelemetryRecords",
  "xray:GetSamplingRules",
  "xray:GetSamplingTargets",
  "cloudwatch:PutMetricData",
  "sts:GetCallerIdentity",
];

export const iamTaskRoleNoWildcards: StackValidationPolicy = {
  name: "iam-task-role-no-wildcards",
  description:
    'Workload roles should not use `service:*` actions or `Resource: "*"` on actions that support resource ARNs (cdk-nag AwsSolutions-IAM5).',
  severity: "high",
  enforcementLevel: "advisory",
  remediationSteps:
    "List the exact actions and scope `Resource` to the ARNs the workload uses; add true exceptions to `allowedWildcardActions`.",
  configSchema: {
    properties: {
      allowedWildcardActions: {
        type: "array",
        items: { type: "string" },
        description:
          'Actions that only work with `Resource: "*"` (they support no resource-level permissions).',
        default: WILDCARD_OK,
      },
    },
  },
  validateStack: (args, report) => {
    const { allowedWildcardActions } = args.getConfig<{ allowedWildcardActions: string[] }>();
    for (const role of workloadRoles(args.resources)) {
      for (const a of attachedTo(role, args.resources)) {
        for (const s of statements(a.doc)) {
          if (s.effect !== "Allow") continue;
          const wild = s.actions.filter((x) => x === "*" || x.endsWith(":*"));
          if (wild.length) report(`role "${role.name}": ${a.source} allows ${wild.join(", ")}`, role.urn);
          if (s.notActions.length) report(`role "${role.name}": ${a.source} uses NotAction`, role.urn);
          if (s.resources.includes("*")) {
            const bad = s.actions.filter((x) => !allowedWildcardActions.includes(x) && !wild.includes(x));
            if (bad.length)
              report(`role "${role.name}": ${a.source} allows ${bad.join(", ")} on Resource "*"`, role.urn);
          }
        }
      }
    }
  },
};

export const iamTrustScoped: ResourceValidationPolicy = {
  name: "iam-trust-scoped",
  description: "A role's trust policy must not let everyone assume it (Checkov CKV_AWS_60, CKV_AWS_61).",
  severity: "high",
  remediationSteps:
    "Name the service, account or role in `Principal`; with `*`, add a condition such as `aws:PrincipalOrgID`.",
  validateResource: validateResourceOfType(aws.iam.Role, (role, _args, report) => {
    for (const s of statements(role.assumeRolePolicy)) {
      if (s.effect === "Allow" && isPublicPrincipal(s.principal) && conditionKeys(s.condition).length === 0)
        report('the trust policy allows Principal "*" without a condition');
    }
  }),
};

export const iamTaskTrustSourceCondition: ResourceValidationPolicy = {
  name: "iam-task-trust-source-condition",
  description:
    "ECS task role trust policies should pin the calling account or task with `aws:SourceAccount` or `aws:SourceArn` (confused deputy).",
  severity: "low",
  enforcementLevel: "advisory",
  remediationSteps:
    'Add `Condition: { StringEquals: { "aws:SourceAccount": "<account>" } }` (or `ArnLike` on `aws:SourceArn`) to the ecs-tasks statement.',
  validateResource: validateResourceOfType(aws.iam.Role, (role, _args, report) => {
    for (const s of statements(role.assumeRolePolicy)) {
      const services = trustedPrincipals({
        Statement: [{ Effect: "Allow", Principal: s.principal }],
      }).services;
      if (s.effect !== "Allow" || !services.includes("ecs-tasks.amazonaws.com")) continue;
      const keys = conditionKeys(s.condition);
      if (!keys.includes("aws:sourceaccount") && !keys.includes("aws:sourcearn"))
        report("the ecs-tasks.amazonaws.com statement has no aws:SourceAccount or aws:SourceArn condition");
    }
  }),
};

export const iamNoAwsManaged: StackValidationPolicy = {
  name: "iam-no-aws-managed",
  description:
    "Workload roles should not use AWS managed policies, except listed ones (cdk-nag AwsSolutions-IAM4).",
  severity: "low",
  enforcementLevel: "advisory",
  remediationSteps:
    "Replace the managed policy with a customer policy listing the actions and ARNs used, or add it to `allowedManagedPolicies`.",
  configSchema: {
    properties: {
      allowedManagedPolicies: {
        type: "array",
        items: { type: "string" },
        description: "AWS managed policy names (the part after `policy/`) allowed on workload roles.",
        default: ["service-role/AmazonECSTaskExecutionRolePolicy"],
      },
    },
  },
  validateStack: (args, report) => {
    const { allowedManagedPolicies } = args.getConfig<{ allowedManagedPolicies: string[] }>();
    for (const role of workloadRoles(args.resources)) {
      for (const a of attachedTo(role, args.resources)) {
        if (!a.managedArn || !/^arn:[a-z-]+:iam::aws:policy\//.test(a.managedArn)) continue;
        if (!allowedManagedPolicies.includes(managedPolicyName(a.managedArn)))
          report(
            `role "${role.name}" uses AWS managed ${managedPolicyName(a.managedArn)} (${a.source})`,
            role.urn,
          );
      }
    }
  },
};

export const iamRoleNoPolicyMixing: StackValidationPolicy = {
  name: "iam-role-no-policy-mixing",
  description:
    "A role that sets `inlinePolicies` or `managedPolicyArns` must not also be the target of RolePolicy or RolePolicyAttachment resources (they fight on every update).",
  severity: "medium",
  enforcementLevel: "advisory",
  remediationSteps:
    "Manage the role's policies one way only: separate RolePolicy/RolePolicyAttachment resources (preferred) or the role's own lists.",
  validateStack: (args, report) => {
    for (const role of args.resources.filter((r) => r.isType(aws.iam.Role))) {
      const inline = ((role.props["inlinePolicies"] ?? []) as unknown[]).length > 0;
      const managed = ((role.props["managedPolicyArns"] ?? []) as unknown[]).length > 0;
      if (!inline && !managed) continue;
      const separate = args.resources.filter(
        (r) =>
          (r.isType(aws.iam.RolePolicy) || r.isType(aws.iam.RolePolicyAttachment)) &&
          references(r, "role", role, ["name", "id", "arn"]),
      );
      if (separate.length)
        report(
          `role "${role.name}" sets ${inline ? "inlinePolicies" : "managedPolicyArns"} and is also targeted by ${separate.map((s) => `"${s.name}"`).join(", ")}`,
          role.urn,
        );
    }
  },
};

export const iamPolicies = [
  iamTaskRoleNoAdmin,
  iamTaskRoleNoWildcards,
  iamTrustScoped,
  iamTaskTrustSourceCondition,
  iamNoAwsManaged,
  iamRoleNoPolicyMixing,
];
