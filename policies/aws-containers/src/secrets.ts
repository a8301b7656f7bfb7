/** Secrets Manager and SSM parameters used by tasks. Catalog rows 47-49. */
import * as aws from "@pulumi/aws";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { validateResourceOfType } from "@pulumi/policy";
import { containerDefinitions, references } from "./util";

export const secretCmk: ResourceValidationPolicy = {
  name: "secret-cmk",
  description:
    "Secrets Manager secrets should be encrypted with a customer managed KMS key (cdk-nag SecretsManagerUsingKMSKey).",
  severity: "low",
  enforcementLevel: "advisory",
  remediationSteps: "Set `kmsKeyId` to a customer managed key whose policy limits who can decrypt.",
  validateResource: validateResourceOfType(aws.secretsmanager.Secret, (s, _args, report) => {
    if (!s.kmsKeyId) report("kmsKeyId is not set (aws/secretsmanager key)");
  }),
};

export const secretRotation: StackValidationPolicy = {
  name: "secret-rotation",
  description: "Secrets Manager secrets should rotate automatically (Security Hub SecretsManager.1, .4).",
  severity: "medium",
  enforcementLevel: "advisory",
  remediationSteps:
    "Add `aws.secretsmanager.SecretRotation` with a rotation Lambda and `rotationRules.automaticallyAfterDays` within the bound, or exempt the secret by name.",
  configSchema: {
    properties: {
      maxDays: {
        type: "integer",
        minimum: 1,
        description: "Longest allowed rotation interval in days.",
        default: 90,
      },
      exemptNames: {
        type: "array",
        items: { type: "string" },
        description: "Logical names of secrets that cannot rotate (e.g. third-party API keys).",
        default: [],
      },
    },
  },
  validateStack: (args, report) => {
    const { maxDays, exemptNames } = args.getConfig<{ maxDays: number; exemptNames: string[] }>();
    const rotations = args.resources.filter((r) => r.isType(aws.secretsmanager.SecretRotation));
    for (const secret of args.resources.filter((r) => r.isType(aws.secretsmanager.Secret))) {
      if (exemptNames.includes(secret.name)) continue;
      const rot = rotations.find((r) => references(r, "secretId", secret, ["arn", "id", "name"]));
      if (!rot) {
        report(`secret "${secret.name}" has no rotation`, secret.urn);
        continue;
      }
      const days = (rot.props["rotationRules"] as { automaticallyAfterDays?: number } | undefined)
        ?.automaticallyAfterDays;
      if (typeof days === "number" && days > maxDays)
        report(`secret "${secret.name}" rotates every ${days} days (max ${maxDays})`, secret.urn);
    }
  },
};

export const ssmParamSecureString: StackValidationPolicy = {
  name: "ssm-param-securestring",
  description: "SSM parameters that tasks read as secrets should be SecureString (Checkov CKV_AWS_337).",
  severity: "medium",
  enforcementLevel: "advisory",
  remediationSteps:
    'Create the parameter with `type: "SecureString"` (and a customer managed `keyId` if needed).',
  validateStack: (args, report) => {
    const refs = new Set<string>();
    for (const td of args.resources.filter((r) => r.isType(aws.ecs.TaskDefinition)))
      for (const c of containerDefinitions(td.props["containerDefinitions"]))
        for (const s of c.secrets ?? []) if (s.valueFrom) refs.add(s.valueFrom);
    if (refs.size === 0) return;
    for (const p of args.resources.filter((r) => r.isType(aws.ssm.Parameter))) {
      const arn = p.props["arn"] as string | undefined;
      const name = p.props["name"] as string | undefined;
      const used =
        (arn && refs.has(arn)) ||
        (name &&
          (refs.has(name) ||
            [...refs].some((r) => r.endsWith(`:parameter${name.startsWith("/") ? "" : "/"}${name}`))));
      if (used && p.props["type"] !== "SecureString")
        report(
          `parameter "${name ?? p.name}" is read as a task secret but is ${String(p.props["type"])}`,
          p.urn,
        );
    }
  },
};

export const secretsPolicies = [secretCmk, secretRotation, ssmParamSecureString];
