import type { ConformanceViolation, SkippedCheck } from "../catalog/check";
import type { GraphJson } from "../graph";
import type { ResilienceRow } from "./resilience";
import { summarizeLayer, summarizePlan } from "./summary";
import type { AcceptedViolation, PlanReport, PlanSummary, PlanViolation } from "./types";

/** The shape of `plan-out/<env>.json`. */
export interface PlanJson {
  /** Format version of this file. */
  version: 1;
  env: string;
  preview: boolean;
  summary: PlanSummary;
  policies: PlanReport["policies"];
  /** The accepted-findings file and its expired, stale and refused entries, when there is one. */
  accepted?: PlanReport["accepted"];
  layers: Array<{
    layer: string;
    project: string;
    stack: string;
    durationMs?: number;
    summary: PlanSummary;
    violations: PlanViolation[];
    /** Violations accepted in `accepted.<env>.yaml` (not in `violations`). */
    accepted?: AcceptedViolation[];
    /** Inputs AWS would reject, and values unknown until deploy (not checked). */
    conformance?: { checked: number; violations: ConformanceViolation[]; skipped: SkippedCheck[] };
    graph: GraphJson;
  }>;
  /**
   * Per ECS service, EKS node group and Auto Scaling group: baseline, zones, tasks on Spot, what is
   * left in each scenario, what it must keep and where it falls short. Absent when not computed.
   */
  resilience?: ResilienceRow[];
  /** The fraction of its baseline each workload must keep (with `resilience`). */
  resilienceMinFraction?: number;
  analytics?: unknown;
}

/** The plan as plain data: per layer the graph JSON, violations and summary. */
export function toPlanJson(report: PlanReport): PlanJson {
  const out: PlanJson = {
    version: 1,
    env: report.env,
    preview: report.preview,
    summary: summarizePlan(report.layers),
    policies: report.policies,
    ...(report.accepted ? { accepted: report.accepted } : {}),
    layers: report.layers.map((l) => ({
      layer: l.layer,
      project: l.project,
      stack: l.stack,
      ...(l.durationMs !== undefined ? { durationMs: Math.round(l.durationMs) } : {}),
      summary: summarizeLayer(l),
      violations: l.violations,
      ...(l.accepted ? { accepted: l.accepted } : {}),
      ...(l.graph.conformance
        ? {
            conformance: {
              checked: l.graph.conformance.checked,
              violations: l.graph.conformance.violations,
              skipped: l.graph.conformance.skipped,
            },
          }
        : {}),
      graph: l.graph.toJSON(),
    })),
  };
  if (report.resilience) {
    out.resilience = report.resilience.rows;
    out.resilienceMinFraction = report.resilience.minFraction;
  }
  if (report.analytics?.json !== undefined) out.analytics = report.analytics.json;
  return out;
}

/** `plan-out/<env>.json` text. */
export function renderJson(report: PlanReport): string {
  return `${JSON.stringify(toPlanJson(report), null, 2)}\n`;
}
