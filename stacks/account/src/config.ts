import { PULL_THROUGH_UPSTREAMS, type PullThroughUpstream, ScanType } from "@berth/ecr-lifecycle";
import { intIn, loadStackConfig } from "@berth/stack-config";
import { z } from "zod";

/** The upstreams a pull-through cache can mirror without a credential (`PULL_THROUGH_UPSTREAMS`). */
const FREE_UPSTREAMS = (Object.keys(PULL_THROUGH_UPSTREAMS) as PullThroughUpstream[]).filter(
  (u) => PULL_THROUGH_UPSTREAMS[u].credential === "none",
);

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
  deploySessionSeconds: intIn(3600, 43200).default(3600),
  /** Registry scanning: BASIC (free, on push) or ENHANCED (Inspector, continuous): `ScanType`. */
  registryScan: z.enum(ScanType).default("BASIC"),
  /** Pull-through caches for public registries that need no credentials (ecr-public, quay, k8s). */
  pullThroughCache: z.array(z.enum(FREE_UPSTREAMS)).default([]),
  /** Tags on every resource of the layer. */
  tags: z.record(z.string(), z.string()).default({}),
});

/** The parsed, typed configuration of the account layer. */
export type AccountConfig = z.output<typeof accountConfigSchema>;

/** Reads this stack's configuration (namespace `berth-account`). */
export function loadAccountConfig(): AccountConfig {
  return loadStackConfig(accountConfigSchema);
}
