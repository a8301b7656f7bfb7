/** EFS file systems and access points. Catalog rows 38-41. */
import * as aws from "@pulumi/aws";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { validateResourceOfType } from "@pulumi/policy";
import { references } from "./util";

export const efsEncrypted: ResourceValidationPolicy = {
  name: "efs-encrypted",
  description:
    "EFS file systems must be encrypted at rest (Security Hub EFS.1; the Pulumi default is unencrypted).",
  severity: "high",
  remediationSteps:
    "Set `encrypted: true` (and `kmsKeyId` for a customer managed key). Encryption cannot be added later: the file system is replaced.",
  configSchema: {
    properties: {
      requireCustomerKey: { type: "boolean", description: "Also require `kmsKeyId`.", default: false },
    },
  },
  validateResource: validateResourceOfType(aws.efs.FileSystem, (fs, args, report) => {
    if (fs.encrypted !== true) report(`encrypted is ${fs.encrypted ?? "unset (false)"}`);
    else if (args.getConfig<{ requireCustomerKey: boolean }>().requireCustomerKey && !fs.kmsKeyId)
      report("kmsKeyId is not set");
  }),
};

export const efsBackup: StackValidationPolicy = {
  name: "efs-backup",
  description: "EFS file systems should have automatic backups enabled (Security Hub EFS.2).",
  severity: "medium",
  enforcementLevel: "advisory",
  remediationSteps:
    'Add `aws.efs.BackupPolicy` with `backupPolicy: { status: "ENABLED" }` for the file system.',
  validateStack: (args, report) => {
    const policies = args.resources.filter((r) => r.isType(aws.efs.BackupPolicy));
    for (const fs of args.resources.filter((r) => r.isType(aws.efs.FileSystem))) {
      const ok = policies.some(
        (p) =>
          references(p, "fileSystemId", fs, ["id", "arn"]) &&
          (p.props["backupPolicy"] as { status?: string } | undefined)?.status === "ENABLED",
      );
      if (!ok) report(`file system "${fs.name}" has no enabled backup policy`, fs.urn);
    }
  },
};

export const efsApRootAndUser: ResourceValidationPolicy = {
  name: "efs-ap-root-and-user",
  description:
    "EFS access points should pin a root directory other than / and a POSIX user (Security Hub EFS.3, EFS.4).",
  severity: "medium",
  enforcementLevel: "advisory",
  remediationSteps:
    'Set `rootDirectory: { path: "/app", creationInfo: {...} }` and `posixUser: { uid, gid }` so each workload sees only its own directory.',
  validateResource: validateResourceOfType(aws.efs.AccessPoint, (ap, _args, report) => {
    const path = ap.rootDirectory?.path;
    if (!path || path === "/") report(`rootDirectory.path is ${path ? '"/"' : "unset (/)"}`);
    if (!ap.posixUser) report("posixUser is not set");
  }),
};

export const efsMultiAz: ResourceValidationPolicy = {
  name: "efs-multi-az",
  description: "EFS file systems should be Regional, not One Zone.",
  severity: "medium",
  enforcementLevel: "advisory",
  remediationSteps:
    "Remove `availabilityZoneName` so the file system stores data in several Availability Zones.",
  validateResource: validateResourceOfType(aws.efs.FileSystem, (fs, _args, report) => {
    if (fs.availabilityZoneName) report(`One Zone file system in ${fs.availabilityZoneName}`);
  }),
};

export const efsPolicies = [efsEncrypted, efsBackup, efsApRootAndUser, efsMultiAz];
