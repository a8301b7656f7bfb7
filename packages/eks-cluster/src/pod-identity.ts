import {
  ARN_PARTITIONS,
  checkStatements,
  componentTags,
  isConditionOperator,
  isPlainObject,
  mergeTags,
  type PolicyStatement,
  policyDocument,
  serviceTrustPolicy,
  type Tags,
  type ValidationIssue,
  Validator,
  validateWhenKnown,
} from "@berth/core";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** The service principal EKS Pod Identity assumes roles as. */
export const POD_IDENTITY_PRINCIPAL = "pods.eks.amazonaws.com";

/** Arguments of {@link PodIdentityRole}. */
export interface PodIdentityRoleArgs {
  /** Name of the EKS cluster the service account lives in. */
  clusterName: pulumi.Input<string>;
  /** ARN of that cluster; the trust policy accepts only sessions for it (`aws:SourceArn`). */
  clusterArn: pulumi.Input<string>;
  /** Kubernetes namespace of the service account. */
  namespace: string;
  /** Kubernetes service account name. */
  serviceAccount: string;
  /**
   * Permissions as typed statements, put on the role as one inline policy. Give the actions the
   * workload calls on the resources it uses.
   * @default none (then `managedPolicyArns` must be given)
   */
  statements?: PolicyStatement[];
  /**
   * ARNs of managed policies to attach, e.g. AWS's `AmazonEBSCSIDriverPolicy`, as plain strings:
   * each attachment is named after its policy (`<name>-managed-<PolicyName>`), so removing one
   * detaches no other. For a policy created in the same program, give its permissions as
   * `statements`.
   * @default none
   */
  managedPolicyArns?: string[];
  /**
   * Names of AWS managed policies to attach, as under `arn:<partition>:iam::aws:policy/`, e.g.
   * `service-role/AmazonEBSCSIDriverPolicy`; the partition is resolved for you.
   * @default none
   */
  awsManagedPolicies?: string[];
  /** Tags for the role and the association. @default {} */
  tags?: pulumi.Input<Tags>;
}

const TYPE = "berth:eks:PodIdentityRole";
const K8S_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** Every property of {@link PodIdentityRoleArgs}; the compiler keeps the record complete. */
const ARG_KEYS = Object.keys({
  clusterName: true,
  clusterArn: true,
  namespace: true,
  serviceAccount: true,
  statements: true,
  managedPolicyArns: true,
  awsManagedPolicies: true,
  tags: true,
} satisfies Record<keyof PodIdentityRoleArgs, true>);
/**
 * The role is auto-named from the component's name: Pulumi appends `-` and 7 characters and IAM
 * allows 64 (IAM User Guide, "IAM object quotas": role name 64 characters).
 */
const NAME_MAX = 64 - 8;

/**
 * True for a policy `Resource`: `*`, or an ARN whose parts may use wildcards
 * (`arn:aws:s3:::bucket/*`, `arn:aws:ec2:*:*:security-group/*`, `arn:aws:iam::*:role/...`).
 */
export function isPolicyResource(resource: string): boolean {
  if (resource === "*") return true;
  const parts = resource.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return false;
  const [, partition = "", service = "", region = "", account = ""] = parts;
  return (
    (ARN_PARTITIONS.includes(partition) || partition === "*") &&
    /^[a-z0-9*?-]+$/.test(service) &&
    /^[a-z0-9*?-]*$/.test(region) &&
    /^(\d{12}|aws|[\d*?]*)$/.test(account) &&
    parts.slice(5).join(":") !== ""
  );
}

/** Issues for statement resources that are neither `*` nor ARNs, and unknown condition operators. */
export function checkStatementTerms(statements: readonly PolicyStatement[], path: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  statements.forEach((s, i) => {
    for (const [key, list] of [
      ["resources", s.resources],
      ["notResources", s.notResources],
    ] as const) {
      (list ?? []).forEach((r, j) => {
        if (typeof r === "string" && !isPolicyResource(r)) {
          issues.push({
            path: `${path}[${i}].${key}[${j}]`,
            value: r,
            allowed:
              '"*" or an ARN (arn:<partition>:<service>:<region>:<account>:<resource>, wildcards allowed)',
          });
        }
      });
    }
    (s.conditions ?? []).forEach((c, j) => {
      if (!isConditionOperator(c.test)) {
        issues.push({
          path: `${path}[${i}].conditions[${j}].test`,
          value: c.test,
          allowed:
            "an IAM condition operator such as StringEquals, ArnLike or Null (IfExists and ForAllValues:/ForAnyValue: allowed)",
        });
      }
    });
  });
  return issues;
}

/** The attachment of a managed policy is named after the policy's name (the ARN's last segment). */
function managedChild(name: string, policyArn: string): string {
  return `${name}-managed-${policyArn.split("/").pop()}`;
}

/**
 * Plain IAM policy ARNs (each names its attachment, as a principal names its access entry), with
 * distinct policy names (two attachments of the same name would collide).
 */
function checkManagedPolicyArns(v: Validator, name: string, arns: readonly unknown[]): void {
  const children: string[] = [];
  arns.forEach((arn, i) => {
    const path = `managedPolicyArns[${i}]`;
    if (typeof arn !== "string") {
      v.check(
        false,
        path,
        pulumi.Output.isInstance(arn) ? "(an Output)" : arn,
        "an IAM policy ARN as a plain string",
        "each attachment is named after its policy ARN; write the ARN, or give a policy made in this program as statements",
      );
      return;
    }
    if (!v.arn(path, arn, { service: "iam", resourceType: "policy" })) return;
    const child = managedChild(name, arn);
    v.check(!children.includes(child), path, arn, "managed policies with distinct names");
    children.push(child);
  });
}

/** The arguments of a {@link PodIdentityRole}, checked, with every default filled. */
export interface ResolvedPodIdentityRoleArgs {
  /** The arguments as given (every field checked). */
  args: PodIdentityRoleArgs;
  statements: PolicyStatement[];
  /** The component's tags merged with the given ones. */
  tags: pulumi.Output<Tags>;
  /** Logical names of the children. */
  names: {
    role: string;
    /** The inline policy, when statements are given. */
    policy: string | undefined;
    /** Attachments of `managedPolicyArns`, in order, with their ARN, named by policy name. */
    managedPolicyArns: Array<{ child: string; policyArn: string }>;
    /** Attachments of `awsManagedPolicies`, in order, named by policy name. */
    awsManagedPolicies: Array<{ child: string; policy: string }>;
    association: string;
  };
}

/**
 * Checks every argument of a {@link PodIdentityRole} (a cluster ARN known later is checked again
 * when known, by the constructor) and fills its defaults, without creating anything. Throws one
 * `BerthValidationError` with every issue found.
 */
export function resolvePodIdentityRoleArgs(
  name: string,
  args: PodIdentityRoleArgs,
): ResolvedPodIdentityRoleArgs {
  const v = new Validator(TYPE, name);
  if (!isPlainObject(args)) {
    v.check(
      false,
      "args",
      args,
      "an object with clusterName, clusterArn, namespace, serviceAccount and permissions",
    );
    v.throwIfAny();
  }
  v.knownKeys("", args, ARG_KEYS);
  v.required("clusterName", args.clusterName, "the EKS cluster's name");
  v.required("clusterArn", args.clusterArn, "the EKS cluster's ARN");
  v.required("namespace", args.namespace, "a Kubernetes namespace");
  v.required("serviceAccount", args.serviceAccount, "a Kubernetes service account name");
  v.arn("clusterArn", args.clusterArn, { service: "eks", resourceType: "cluster" });
  v.check(
    name.length <= NAME_MAX,
    "name",
    name,
    `at most ${NAME_MAX} characters: the role is named "${name}" plus an 8-character suffix and IAM allows 64`,
  );
  for (const key of ["statements", "managedPolicyArns", "awsManagedPolicies"] as const) {
    const value = args[key];
    if (value !== undefined) v.check(Array.isArray(value), key, value, "a list");
  }
  v.throwIfAny();
  v.check(
    K8S_NAME.test(args.namespace) && args.namespace.length <= 63,
    "namespace",
    args.namespace,
    "a Kubernetes name: lowercase letters, digits and '-', at most 63 characters",
  );
  v.check(
    K8S_NAME.test(args.serviceAccount) && args.serviceAccount.length <= 253,
    "serviceAccount",
    args.serviceAccount,
    "a Kubernetes name: lowercase letters, digits and '-', at most 253 characters",
  );
  const statements = args.statements ?? [];
  const managed = args.managedPolicyArns ?? [];
  const awsManaged = args.awsManagedPolicies ?? [];
  v.check(
    statements.length > 0 || managed.length > 0 || awsManaged.length > 0,
    "statements",
    args.statements,
    "at least one statement or one managed policy",
    "a role without permissions is a mistake; give the statements the workload needs",
  );
  if (statements.length > 0) {
    v.merge(checkStatements(statements, "statements"));
    v.merge(checkStatementTerms(statements, "statements"));
  }
  checkManagedPolicyArns(v, name, managed);
  v.throwIfAny();
  return {
    args,
    statements,
    tags: pulumi.output(mergeTags(componentTags(TYPE, name), args.tags)),
    names: {
      role: name,
      policy: statements.length > 0 ? `${name}-policy` : undefined,
      managedPolicyArns: managed.map((policyArn) => ({ child: managedChild(name, policyArn), policyArn })),
      awsManagedPolicies: awsManaged.map((policy) => ({
        child: `${name}-${policy.split("/").pop()}`,
        policy,
      })),
      association: `${name}-association`,
    },
  };
}

/** The role, trusted by EKS Pod Identity for this cluster (checked once known) and account only. */
function buildPodRole(scope: pulumi.Resource, name: string, r: ResolvedPodIdentityRoleArgs): aws.iam.Role {
  // A cluster ARN known only at run time gets the same check once known.
  const clusterArn = validateWhenKnown(TYPE, name, r.args.clusterArn, (arn, check) => {
    check.required("clusterArn", arn, "the EKS cluster's ARN");
    check.arn("clusterArn", arn, { service: "eks", resourceType: "cluster" });
  });
  const account = aws.getCallerIdentityOutput({}, { parent: scope }).accountId;
  return new aws.iam.Role(
    r.names.role,
    {
      description: `EKS Pod Identity role for ${r.args.namespace}/${r.args.serviceAccount}`,
      assumeRolePolicy: serviceTrustPolicy(
        [POD_IDENTITY_PRINCIPAL],
        [
          { test: "StringEquals", variable: "aws:SourceAccount", values: [account] },
          { test: "ArnEquals", variable: "aws:SourceArn", values: [clusterArn] },
        ],
        ["sts:AssumeRole", "sts:TagSession"],
      ),
      tags: r.tags,
    },
    { parent: scope },
  );
}

/** The inline policy of the statements, and one attachment per managed policy. */
function buildPermissions(scope: pulumi.Resource, r: ResolvedPodIdentityRoleArgs, role: aws.iam.Role): void {
  if (r.names.policy !== undefined) {
    new aws.iam.RolePolicy(
      r.names.policy,
      { role: role.name, policy: policyDocument(r.statements) },
      { parent: scope },
    );
  }
  for (const { child, policyArn } of r.names.managedPolicyArns) {
    new aws.iam.RolePolicyAttachment(child, { role: role.name, policyArn }, { parent: scope });
  }
  const partition = aws.getPartitionOutput({}, { parent: scope }).partition;
  for (const { child, policy } of r.names.awsManagedPolicies) {
    new aws.iam.RolePolicyAttachment(
      child,
      { role: role.name, policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/${policy}` },
      { parent: scope },
    );
  }
}

/**
 * An IAM role for one Kubernetes service account through EKS Pod Identity, in one call: the role
 * (trusted by `pods.eks.amazonaws.com` for this cluster and account only), its permissions and
 * the Pod Identity association. Pods of the service account get the role's credentials from the
 * EKS Pod Identity agent; no OIDC provider and no service-account annotation are needed.
 *
 * Creates: `aws.iam.Role` (`<name>`), `aws.iam.RolePolicy` (`<name>-policy`, when statements are
 * given), one `aws.iam.RolePolicyAttachment` per AWS managed policy (`<name>-<PolicyName>`) or
 * other managed policy (`<name>-managed-<PolicyName>`), and
 * `aws.eks.PodIdentityAssociation` (`<name>-association`).
 */
export class PodIdentityRole extends pulumi.ComponentResource {
  /** The role. */
  readonly role: aws.iam.Role;
  /** ARN of the role. */
  readonly roleArn: pulumi.Output<string>;
  /** Name of the role. */
  readonly roleName: pulumi.Output<string>;
  /** The Pod Identity association. */
  readonly association: aws.eks.PodIdentityAssociation;
  /** Id of the association. */
  readonly associationId: pulumi.Output<string>;

  constructor(name: string, args: PodIdentityRoleArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TYPE, name, {}, opts);

    const r = resolvePodIdentityRoleArgs(name, args);
    // The builders, in order: buildPodRole (the role and its trust), buildPermissions (inline
    // policy and attachments), then the Pod Identity association.
    this.role = buildPodRole(this, name, r);
    buildPermissions(this, r, this.role);
    this.association = new aws.eks.PodIdentityAssociation(
      r.names.association,
      {
        clusterName: args.clusterName,
        namespace: args.namespace,
        serviceAccount: args.serviceAccount,
        roleArn: this.role.arn,
        tags: r.tags,
      },
      { parent: this },
    );
    this.roleArn = this.role.arn;
    this.roleName = this.role.name;
    this.associationId = this.association.associationId;
    this.registerOutputs({
      roleArn: this.roleArn,
      roleName: this.roleName,
      associationId: this.associationId,
    });
  }
}
