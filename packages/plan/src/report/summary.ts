import type { GraphResource } from "../graph";
import type { LayerPlan, PlanSummary, PlanViolation } from "./types";

const STACK = "pulumi:pulumi:Stack";

/** Resources a report counts: everything but the stack root. */
export function countedResources(resources: readonly GraphResource[]): GraphResource[] {
  return resources.filter((r) => r.type !== STACK);
}

/** Violations counted by enforcement level. */
export function violationCounts(violations: readonly PlanViolation[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of violations) out[v.level] = (out[v.level] ?? 0) + 1;
  return out;
}

function summarizeResources(resources: GraphResource[], violations: PlanViolation[]): PlanSummary {
  const counts = new Map<string, number>();
  for (const r of resources) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
  return {
    resources: resources.length,
    custom: resources.filter((r) => r.custom && !r.read).length,
    components: resources.filter((r) => !r.custom).length,
    reads: resources.filter((r) => r.read).length,
    protected: resources.filter((r) => r.options.protect).length,
    byType: [...counts.entries()]
      .map(([type, count]) => ({ type, count }))
      .sort((a, b) => b.count - a.count || a.type.localeCompare(b.type)),
    violations: violationCounts(violations),
  };
}

/** Counts for one layer. */
export function summarizeLayer(layer: LayerPlan): PlanSummary {
  return summarizeResources(countedResources(layer.graph.resources), layer.violations);
}

/** Counts over every layer of a plan. */
export function summarizePlan(layers: readonly LayerPlan[]): PlanSummary {
  return summarizeResources(
    layers.flatMap((l) => countedResources(l.graph.resources)),
    layers.flatMap((l) => l.violations),
  );
}

/** Levels in the order reports list them; unknown levels go last. */
export const LEVEL_ORDER = ["mandatory", "remediate", "advisory", "disabled"];

/** Violations grouped by level, in {@link LEVEL_ORDER}. */
export function groupByLevel(violations: readonly PlanViolation[]): Array<[string, PlanViolation[]]> {
  const groups = new Map<string, PlanViolation[]>();
  for (const v of violations) groups.set(v.level, [...(groups.get(v.level) ?? []), v]);
  const rank = (l: string) => {
    const i = LEVEL_ORDER.indexOf(l);
    return i < 0 ? LEVEL_ORDER.length : i;
  };
  return [...groups.entries()].sort((a, b) => rank(a[0]) - rank(b[0]) || a[0].localeCompare(b[0]));
}

/** The last URN segment (the logical name) and the type, for messages: `aws:ecs/service:Service web`. */
export function describeUrn(urn: string | undefined): string {
  if (!urn) return "(stack)";
  const parts = urn.split("::");
  const qualified = parts[2] ?? "";
  const type = qualified.split("$").pop() ?? qualified;
  return `${type} ${parts[3] ?? ""}`.trim();
}
