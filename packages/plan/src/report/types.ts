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

/** A violation accepted until a date, with the reason given. */
export interface AcceptedViolation extends PlanViolation {
  reason: string;
  /** Last day (YYYY-MM-DD) of the acceptance. */
  expires: string;
}

/** An entry of the accepted-findings file, as the report states it. */
export interface AcceptanceNote {
  policy: string;
  urn?: string;
  type?: string;
  name?: string;
  reason: string;
  expires: string;
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
  /** Violations accepted in `accepted.<env>.yaml`, not counted in `violations`. @default none */
  accepted?: AcceptedViolation[];
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
  /**
   * The accepted-findings file, when there is one: acceptances past their date (their findings are
   * reported again), acceptances that matched nothing (stale), and acceptances that matched a
   * mandatory violation (refused: a mandatory violation cannot be accepted).
   */
  accepted?: { file: string; expired: AcceptanceNote[]; stale: AcceptanceNote[]; refused: AcceptanceNote[] };
  /** Optional cost and deploy-time analytics, pre-rendered by `../analytics`. */
  analytics?: { terminal?: string; markdown?: string; json?: unknown };
}

/** Counts for one layer or a whole plan. */
export interface PlanSummary {
  /** Cloud resources the plan creates: custom resources, reads excluded (`RESOURCE_COUNT_DEFINITION`). */
  resources: number;
  /** Local component resources (groups of resources in the program). */
  components: number;
  /** Remote components (awsx VPC, pulumi-eks cluster): one node each; what they create is not in the plan. */
  remoteComponents: number;
  /** Resources read, not created (StackReference, `.get`). */
  reads: number;
  /** Resources with `protect: true`. */
  protected: number;
  /** The counted resources by type, most frequent first (sums to `resources`). */
  byType: Array<{ type: string; count: number }>;
  /** Violations by enforcement level (accepted findings excluded). */
  violations: Record<string, number>;
  /** Violations accepted in `accepted.<env>.yaml`. */
  accepted: number;
}
