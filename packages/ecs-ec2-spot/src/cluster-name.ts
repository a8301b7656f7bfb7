import type { Validator } from "@berth/core";

/**
 * An ECS cluster name: up to 255 letters, numbers, hyphens and underscores (ECS API reference,
 * CreateCluster `clusterName`). It is written into `/etc/ecs/ecs.config` and into IAM ARNs, so
 * nothing else (a newline would add agent settings) may pass.
 */
export const ECS_CLUSTER_NAME = /^[A-Za-z0-9_-]{1,255}$/;

/** Checks a cluster name given as a plain value or, inside `apply`, once an `Output` is known. */
export function checkClusterName(v: Validator, path: string, value: unknown): boolean {
  return v.check(
    typeof value === "string" && ECS_CLUSTER_NAME.test(value),
    path,
    value,
    "1 to 255 letters, digits, hyphens and underscores",
  );
}
