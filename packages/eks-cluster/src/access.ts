/**
 * Access entries (authentication mode API): one per principal, named after it, with its access
 * policy association.
 */
import { Validator } from "@berth/core";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { EKS_CLUSTER_TYPE } from "./args";
import type { ControlPlane } from "./control-plane";
import type { ResolvedAccessGrant, ResolvedEksClusterArgs } from "./resolve";

const IAM_PRINCIPAL = /^arn:(aws[a-z-]*):iam::(\d{12}):(role|user)\/(.+)$/;
const STS_SESSION = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/;

/**
 * The part of a principal ARN that names its access entry: `<account>-<role|user>/<path and name>`,
 * e.g. `123456789012-role/ci/deploy` for `arn:aws:iam::123456789012:role/ci/deploy`.
 */
export function principalKey(principalArn: string): string {
  const m = IAM_PRINCIPAL.exec(principalArn);
  return m ? `${m[2]}-${m[3]}/${m[4]}` : principalArn;
}

/**
 * True when an access-entry principal is the identity in `callerArn` (what `sts:GetCallerIdentity`
 * returns): the same IAM user, or the role of an `assumed-role` session. A session ARN carries the
 * role's name but not its path, so roles are compared by account and name.
 */
export function sameIdentity(principalArn: string, callerArn: string): boolean {
  if (principalArn === callerArn) return true;
  const p = IAM_PRINCIPAL.exec(principalArn);
  if (p?.[3] !== "role") return false;
  const roleName = p[4]?.split("/").pop();
  const session = STS_SESSION.exec(callerArn);
  if (session) return session[2] === p[2] && session[3] === roleName;
  const role = IAM_PRINCIPAL.exec(callerArn);
  return role !== null && role[3] === "role" && role[2] === p[2] && role[4]?.split("/").pop() === roleName;
}

/** One access entry and its policy association. */
function grant(
  scope: pulumi.Resource,
  name: string,
  r: ResolvedEksClusterArgs,
  cp: ControlPlane,
  g: ResolvedAccessGrant,
) {
  const key = `${name}-access-${principalKey(g.principalArn)}`;
  // Checked once the caller is known: EKS already gave the cluster's creator an entry.
  const principal = cp.callerArn.apply((callerArnValue) => {
    const v = new Validator(EKS_CLUSTER_TYPE, name);
    v.check(
      !sameIdentity(g.principalArn, callerArnValue),
      g.path,
      g.principalArn,
      "a principal other than the identity running this deployment",
      `${callerArnValue} creates the cluster, and EKS gives the creator an admin access entry itself (pulumi-eks sets bootstrapClusterCreatorAdminPermissions); a second entry for it fails (pulumi/pulumi-eks#2373). Remove it from the list`,
    );
    v.throwIfAny();
    return g.principalArn;
  });
  const entry = new aws.eks.AccessEntry(
    key,
    { clusterName: cp.clusterName, principalArn: principal, type: "STANDARD", tags: r.tags },
    // Entries were named by list position before (`<name>-admin-0`).
    { parent: scope, aliases: [{ name: g.formerName }] },
  );
  new aws.eks.AccessPolicyAssociation(
    `${key}-${g.policy}`,
    {
      clusterName: cp.clusterName,
      principalArn: entry.principalArn,
      policyArn: pulumi.interpolate`arn:${cp.partition}:eks::aws:cluster-access-policy/${g.policy}`,
      accessScope: g.scope,
    },
    { parent: scope, aliases: [{ name: g.formerName }] },
  );
}

/** The access entries of `admins`, `adminViewers`, `viewers` and `namespaceEditors`, in that order. */
export function buildAccess(
  scope: pulumi.Resource,
  name: string,
  r: ResolvedEksClusterArgs,
  cp: ControlPlane,
): void {
  for (const g of r.access) grant(scope, name, r, cp, g);
}
