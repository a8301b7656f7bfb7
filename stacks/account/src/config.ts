import { loadStackConfig } from "@berth/stack-config";
import { z } from "zod";

/** The account layer's configuration (`Pulumi.<env>.yaml`, one AWS account per environment). */
export const accountConfigSchema = z.strictObject({
  /** The GitHub repository, `owner/name`, whose workflow jobs may assume this account's roles. */
  repository: z
    .string()
    .regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/, { message: "a GitHub repository, owner/name" }),
  /**
   * The repository part of the GitHub OIDC `sub` claim. Repositories created on or after
   * 2026-07-15 (and opted-in older ones) send an immutable subject with ids,
   * `repo:<owner>@<owner id>/<name>@<repository id>`: copy it from a test run's token.
   * @default `repo:<repository>`
   */
  subject: z
    .string()
    .regex(/^repo:[^:*]+$/, { message: "repo:<owner>/<name> or repo:<owner>@<id>/<name>@<id>, no wildcard" })
    .optional(),
  /**
   * Maximum session of the deploy role, in seconds: at least the workflows' role-duration-seconds.
   * IAM allows 3600 to 43200 (IAM API reference, CreateRole, MaxSessionDuration).
   */
  deploySessionSeconds: z.number().int().min(3600).max(43200).default(3600),
  /** Registry scanning: BASIC (free, on push) or ENHANCED (Inspector, continuous). */
  registryScan: z.enum(["BASIC", "ENHANCED"]).default("BASIC"),
  /** Pull-through caches for public registries that need no credentials. */
  pullThroughCache: z.array(z.enum(["ecr-public", "quay", "k8s"])).default([]),
  /** Tags on every resource of the layer. */
  tags: z.record(z.string(), z.string()).default({}),
});

/** The parsed, typed configuration of the account layer. */
export type AccountConfig = z.output<typeof accountConfigSchema>;

/** Reads this stack's configuration (namespace `berth-account`). */
export function loadAccountConfig(): AccountConfig {
  return loadStackConfig(accountConfigSchema);
}
