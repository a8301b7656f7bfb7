import type { ResourceGraph } from "../graph";

/** One policy violation as the offline runner reports it (`runPolicies`). */
export interface PlanViolation {
  /** Policy pack name, e.g. `aws-containers`. */
  pack?: string;
  /** Policy name, e.g. `ecs-task-no-privileged`. */
  policy: string;
  /** Enforcement level: `mandatory`, `advisory`, `remediate` or `disabled`. */
  level: string;
  /** Severity the policy declares, if any. */
  severity?: string;
  /** URN of the offending resource; absent for stack policies. */
  urn?: string;
  message: string;
}

/** One layer (Pulumi project) of an environment, after it ran under the mock engine. */
export interface LayerPlan {
  /** Layer name: the directory under `stacks/`, e.g. `network`. */
  layer: string;
  /** Pulumi project name from `Pulumi.yaml`. */
  project: string;
  /** Stack name (the environment). */
  stack: string;
  graph: ResourceGraph;
  violations: PlanViolation[];
  /** Wall time of the capture, in milliseconds. */
  durationMs?: number;
}

/** Everything the reports render for one `berth plan <env>` run. */
export interface PlanReport {
  env: string;
  /** True when the layers ran as `pulumi preview` of new stacks (computed outputs unknown). */
  preview: boolean;
  layers: LayerPlan[];
  /** Whether the policy packs ran, which ones, and why not when they did not. */
  policies: { ran: boolean; packs: string[]; note?: string };
  /** Optional cost and deploy-time analytics, pre-rendered by `../analytics`. */
  analytics?: { terminal?: string; markdown?: string; json?: unknown };
}

/** Counts for one layer or a whole plan. */
export interface PlanSummary {
  /** Every registered resource except the stack itself. */
  resources: number;
  /** Cloud (custom) resources, reads excluded. */
  custom: number;
  /** Component resources (local and remote). */
  components: number;
  /** Resources read, not created (StackReference, `.get`). */
  reads: number;
  /** Resources with `protect: true`. */
  protected: number;
  /** Resources by type, most frequent first (the stack excluded). */
  byType: Array<{ type: string; count: number }>;
  /** Violations by enforcement level. */
  violations: Record<string, number>;
}
