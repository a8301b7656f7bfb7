import type { GraphResource } from "../graph";
import type { LayerPlan, PlanSummary, PlanViolation } from "./types";

const STACK = "pulumi:pulumi:Stack";

/** Everything registered but the stack root: resources, components and reads. */
export function countedResources(resources: readonly GraphResource[]): GraphResource[] {
  return resources.filter((r) => r.type !== STACK);
}

/**
 * THE resource count of every report (tree, Markdown, JSON, progress lines): the cloud resources
 * the plan creates, that is custom resources that are not reads. Components (which group
 * resources), reads (stack references, `.get`) and the stack itself are counted apart. A remote
 * component (awsx VPC, pulumi-eks cluster) is one node whose own children the plan cannot see;
 * it is counted under `remoteComponents`, not as a resource.
 */
export const RESOURCE_COUNT_DEFINITION =
  "resources = cloud resources the plan creates (custom resources; components, reads and the stack are not counted)";

/** What "Savings of Berth's defaults" in the cost report compares against, stated for the reader. */
export const SAVINGS_BASELINE =
  '"Savings of Berth\'s defaults" compares this plan with the same resources priced as the reference projects ' +
  'Berth follows (the "anchors": terraform-aws-modules, awsx, CDK patterns) configure them by default: every Spot ' +
  "share on-demand, x86 instead of Graviton, no sleep schedules, one NAT gateway per availability zone and no " +
  "interface endpoints (the graph rewritten, priced by the same models). " +
  "It is what Berth's defaults save against those defaults, not a saving against an existing bill.";

/** The resources {@link RESOURCE_COUNT_DEFINITION} counts. */
export function plannedResources(resources: readonly GraphResource[]): GraphResource[] {
  return resources.filter((r) => r.type !== STACK && r.custom && !r.read);
}

/** Violations counted by enforcement level. */
export function violationCounts(violations: readonly PlanViolation[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of violations) out[v.level] = (out[v.level] ?? 0) + 1;
  return out;
}

function summarizeResources(
  all: GraphResource[],
  violations: PlanViolation[],
  accepted: number,
): PlanSummary {
  const planned = plannedResources(all);
  const counts = new Map<string, number>();
  for (const r of planned) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
  return {
    resources: planned.length,
    components: all.filter((r) => !r.custom && !r.remote).length,
    remoteComponents: all.filter((r) => !r.custom && r.remote).length,
    reads: all.filter((r) => r.read).length,
    protected: all.filter((r) => r.options.protect).length,
    byType: [...counts.entries()]
      .map(([type, count]) => ({ type, count }))
      .sort((a, b) => b.count - a.count || a.type.localeCompare(b.type)),
    violations: violationCounts(violations),
    accepted,
  };
}

/** Counts for one layer. */
export function summarizeLayer(layer: LayerPlan): PlanSummary {
  return summarizeResources(
    countedResources(layer.graph.resources),
    layer.violations,
    layer.accepted?.length ?? 0,
  );
}

/** Counts over every layer of a plan. */
export function summarizePlan(layers: readonly LayerPlan[]): PlanSummary {
  return summarizeResources(
    layers.flatMap((l) => countedResources(l.graph.resources)),
    layers.flatMap((l) => l.violations),
    layers.reduce((n, l) => n + (l.accepted?.length ?? 0), 0),
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
