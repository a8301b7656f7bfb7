/** What goes into `/etc/ecs/ecs.config` of a container instance. */
export interface EcsConfigOptions {
  /** Cluster to join. */
  clusterName: string;
  /** True when any capacity of the group can be Spot: turns on Spot instance draining. */
  spotPossible: boolean;
  /** Seconds the agent waits after SIGTERM before SIGKILL (`ECS_CONTAINER_STOP_TIMEOUT`). */
  containerStopTimeoutSeconds: number;
  /** Further agent settings, rendered sorted by key after the derived ones. */
  extra?: Record<string, string>;
}

/** Agent settings Berth derives itself; `extraEcsConfig` may not set them. */
export const DERIVED_ECS_CONFIG_KEYS = [
  "ECS_CLUSTER",
  "ECS_ENABLE_SPOT_INSTANCE_DRAINING",
  "ECS_CONTAINER_STOP_TIMEOUT",
  "ECS_AWSVPC_BLOCK_IMDS",
  "ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE",
] as const;

/**
 * The lines of `/etc/ecs/ecs.config`: the cluster, Spot instance draining whenever Spot is possible
 * (never a separate switch), the container stop timeout, IMDS blocked for awsvpc tasks, awslogs
 * through each task's execution role, then the extra settings sorted by key.
 */
export function ecsConfigLines(o: EcsConfigOptions): string[] {
  const lines = [`ECS_CLUSTER=${o.clusterName}`];
  if (o.spotPossible) lines.push("ECS_ENABLE_SPOT_INSTANCE_DRAINING=true");
  lines.push(`ECS_CONTAINER_STOP_TIMEOUT=${o.containerStopTimeoutSeconds}s`);
  lines.push("ECS_AWSVPC_BLOCK_IMDS=true");
  lines.push("ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE=true");
  const extra = o.extra ?? {};
  for (const key of Object.keys(extra).sort()) lines.push(`${key}=${extra[key]}`);
  return lines;
}

/** The user data script (plain text) that writes the agent settings before the agent starts. */
export function userDataScript(lines: readonly string[]): string {
  return ["#!/bin/bash", "cat <<'EOF' >> /etc/ecs/ecs.config", ...lines, "EOF", ""].join("\n");
}

/** The user data script, base64-encoded as EC2 launch templates take it. */
export function encodeUserData(lines: readonly string[]): string {
  return Buffer.from(userDataScript(lines), "utf8").toString("base64");
}

/**
 * True when the purchase options let the group launch Spot instances: any share above the
 * on-demand base that is not on demand. This is the only input to Spot draining.
 */
export function isSpotPossible(onDemandPercentageAboveBaseCapacity: number): boolean {
  return onDemandPercentageAboveBaseCapacity < 100;
}
