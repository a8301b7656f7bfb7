/**
 * Administrator access anywhere in the stack: a policy document that allows every action on every
 * resource, wherever it is attached (roles of any kind, users, groups, standalone policies and
 * their attachments, roles outside the stack), and the AWS managed `AdministratorAccess`.
 */
import * as aws from "@pulumi/aws";
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { managedPolicyName, references, type Statement, statements } from "./util";

const ADMIN_POLICY = "AdministratorAccess";

/** Every action: `*` or `*:*` (IAM matches `Action` case-insensitively). */
const allActions = (actions: readonly string[]) => actions.some((a) => a === "*" || a === "*:*");

/**
 * How an `Allow` statement grants administrator access, or undefined: every action on every
 * resource; every action but a few (`NotAction`) on every resource; every action on every resource
 * but a few (`NotResource`).
 */
export function adminGrant(s: Statement): string | undefined {
  if (s.effect !== "Allow") return undefined;
  const everyResource = s.resources.includes("*");
  if (allActions(s.actions) && everyResource) {
    return `Action ${JSON.stringify(s.actions.find((a) => a === "*" || a === "*:*"))} on Resource "*"`;
  }
  if (s.notActions.length > 0 && everyResource) {
    return `every action except ${s.notActions.join(", ")} (NotAction) on Resource "*"`;
  }
  if (allActions(s.actions) && s.notResources.length > 0) {
    return `every action on every resource except ${s.notResources.join(", ")} (NotResource)`;
  }
  return undefined;
}

/** The admin grants of one policy document, as phrases. */
function adminGrants(doc: unknown): string[] {
  return statements(doc).flatMap((s) => {
    const g = adminGrant(s);
    return g ? [g] : [];
  });
}

type ResourceClass = Parameters<PolicyResource["isType"]>[0];

/** Resources that carry a policy document of their own. */
const DOCUMENT_HOLDERS: Array<{ cls: ResourceClass; what: string }> = [
  { cls: aws.iam.RolePolicy, what: "role policy" },
  { cls: aws.iam.UserPolicy, what: "user policy" },
  { cls: aws.iam.GroupPolicy, what: "group policy" },
  { cls: aws.iam.Policy, what: "policy" },
];

/** Attachment resources: the property naming what they attach to. */
const ATTACHMENTS: Array<{ cls: ResourceClass; target: string }> = [
  { cls: aws.iam.RolePolicyAttachment, target: "role" },
  { cls: aws.iam.UserPolicyAttachment, target: "user" },
  { cls: aws.iam.GroupPolicyAttachment, target: "group" },
  { cls: aws.iam.PolicyAttachment, target: "roles/users/groups" },
];

function attachedTo(r: PolicyResource, target: string): string {
  if (target !== "roles/users/groups") return `${target} ${JSON.stringify(r.props[target] ?? "?")}`;
  const names = ["roles", "users", "groups"].flatMap((k) => (r.props[k] ?? []) as string[]);
  return names.length ? names.map((n) => JSON.stringify(n)).join(", ") : "nothing yet";
}

export const iamNoAdminPolicy: StackValidationPolicy = {
  name: "iam-no-admin-policy",
  description:
    'No policy document may allow every action on every resource ("*" or "*:*" on "*", or NotAction/NotResource on everything), nor attach AdministratorAccess, wherever it is attached (cdk-nag IAMPolicyNoStatementsWithAdminAccess, Security Hub IAM.1).',
  severity: "critical",
  remediationSteps:
    "Grant the exact actions on the exact resource ARNs the principal uses; for a deploy role that truly needs broad rights, list its logical name in `allowedResourceNames` with a reason in the pack config.",
  configSchema: {
    properties: {
      allowedResourceNames: {
        type: "array",
        items: { type: "string" },
        description:
          "Logical names of roles, users, groups, policies or attachments allowed administrator access (break-glass or deploy roles).",
        default: [],
      },
    },
  },
  validateStack: (args, report) => {
    const { allowedResourceNames } = args.getConfig<{ allowedResourceNames: string[] }>();
    const allowed = (r: PolicyResource) => allowedResourceNames.includes(r.name);
    const adminPolicies = new Set<string>();
    for (const r of args.resources) {
      if (r.isType(aws.iam.Role)) {
        if (allowed(r)) continue;
        for (const ip of (r.props["inlinePolicies"] ?? []) as Array<{ name?: string; policy?: string }>)
          for (const g of adminGrants(ip.policy))
            report(`role "${r.name}": inline policy ${JSON.stringify(ip.name ?? "")} allows ${g}`, r.urn);
        for (const arn of (r.props["managedPolicyArns"] ?? []) as string[])
          if (managedPolicyName(arn) === ADMIN_POLICY)
            report(`role "${r.name}" has AdministratorAccess in managedPolicyArns`, r.urn);
        continue;
      }
      const holder = DOCUMENT_HOLDERS.find((h) => r.isType(h.cls));
      if (holder) {
        const grants = adminGrants(r.props["policy"]);
        if (grants.length && r.isType(aws.iam.Policy)) adminPolicies.add(r.urn);
        if (allowed(r)) continue;
        const on =
          holder.what === "policy"
            ? ""
            : ` (on ${["role", "user", "group"].map((k) => r.props[k]).find((x) => x !== undefined) ?? "?"})`;
        for (const g of grants) report(`${holder.what} "${r.name}"${on} allows ${g}`, r.urn);
      }
    }
    // Attachments: of AdministratorAccess, or of an admin policy of this stack, to anything.
    const policies = args.resources.filter((r) => r.isType(aws.iam.Policy) && adminPolicies.has(r.urn));
    for (const r of args.resources) {
      const kind = ATTACHMENTS.find((a) => r.isType(a.cls));
      if (!kind || allowed(r)) continue;
      const arn = r.props["policyArn"];
      const to = attachedTo(r, kind.target);
      if (typeof arn === "string" && managedPolicyName(arn) === ADMIN_POLICY)
        report(`"${r.name}" attaches AdministratorAccess to ${to}`, r.urn);
      const admin = policies.find((p) => references(r, "policyArn", p, ["arn", "id"]));
      if (admin) report(`"${r.name}" attaches admin policy "${admin.name}" to ${to}`, r.urn);
    }
  },
};
