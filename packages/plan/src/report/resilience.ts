/**
 * The resilience section of the reports: per ECS service, EKS managed node group and EC2 Auto
 * Scaling group, the tasks or nodes left after losing one zone, after every Spot capacity is
 * reclaimed, and during a deployment (`@berth/resilience`), computed once per environment from
 * the resources of every layer together (the workloads' services run on the platform layer's
 * capacity providers and Auto Scaling groups).
 */
import {
  analyzeResilience,
  type ResourceView,
  resilienceShortfalls,
  SCENARIO_TITLES,
  SCENARIOS,
  type Scenario,
  type WorkloadResilience,
} from "@berth/resilience";
import type { GraphResource, ResourceGraph } from "../graph";

/** The fraction of its baseline a workload must keep in each scenario unless configured. @default 0.5 */
export const DEFAULT_MIN_FRACTION = 0.5;

/** One workload's row: what `@berth/resilience` computed, its layer and what it must keep. */
export interface ResilienceRow extends WorkloadResilience {
  /** The layer (directory under `stacks/`) that declares it. */
  layer: string;
  /** What it must keep in each scenario: `max(1, ceil(minFraction × baseline))`, 0 at baseline 0. */
  required: number;
  /** The scenarios in which it keeps less than `required`. */
  shortfalls: Scenario[];
}

/** The resilience section of one plan. */
export interface ResilienceReport {
  /** The fraction of the baseline each workload must keep (the prod rule's `minFraction`). */
  minFraction: number;
  rows: ResilienceRow[];
}

/** A plan graph resource as the model sees it: inputs merged with outputs, outputs win. */
export function resourceView(r: GraphResource): ResourceView {
  return { urn: r.urn, type: r.type, name: r.name, props: { ...r.inputs, ...r.outputs } };
}

/**
 * The resilience rows of an environment: every layer's resources analyzed together, rows kept for
 * the layers in `report` (a layer run only for its outputs still lends its capacity).
 *
 * @param layers Every layer that ran, in order, each with its graph.
 * @param report The layers whose workloads the report shows. @default every layer in `layers`
 * @param minFraction The fraction of the baseline each workload must keep. @default 0.5
 */
export function analyzeLayers(
  layers: ReadonlyArray<{ layer: string; graph: ResourceGraph }>,
  report: readonly string[] = layers.map((l) => l.layer),
  minFraction: number = DEFAULT_MIN_FRACTION,
): ResilienceReport {
  const layerOf = new Map<string, string>();
  const views: ResourceView[] = [];
  for (const l of layers)
    for (const r of l.graph.resources) {
      if (!r.custom || r.read) continue;
      layerOf.set(r.urn, l.layer);
      views.push(resourceView(r));
    }
  const rows = analyzeResilience(views)
    .map((w): ResilienceRow => {
      const shortfalls = resilienceShortfalls(w, minFraction);
      const required = w.baseline > 0 ? Math.max(1, Math.ceil(w.baseline * minFraction - 1e-9)) : 0;
      return {
        ...w,
        layer: layerOf.get(w.urn) ?? "",
        required,
        shortfalls: shortfalls.map((s) => s.scenario),
      };
    })
    .filter((r) => report.includes(r.layer));
  // Layer order, then the model's order (services, node groups, Auto Scaling groups).
  const order = layers.map((l) => l.layer);
  rows.sort((a, b) => order.indexOf(a.layer) - order.indexOf(b.layer));
  return { minFraction, rows };
}

const KIND_TITLES: Record<WorkloadResilience["kind"], string> = {
  "ecs-service": "ECS service",
  "eks-node-group": "EKS node group",
  "auto-scaling-group": "Auto Scaling group",
};

/** What the table's numbers assume, stated once. */
export const RESILIENCE_ASSUMPTIONS: readonly string[] = [
  "**Layers**: every layer's resources are analyzed together, so a service on the platform layer's capacity provider is judged with that provider's Auto Scaling group.",
  "**Baseline**: a service's autoscaling minimum when it scales, else its desired count; a node group's or Auto Scaling group's minimum size. Daemon services are not listed.",
  `**${SCENARIO_TITLES.zoneLoss}**: tasks and nodes spread evenly over their zones (one subnet is one zone); the fullest zone's share is lost before anything is replaced.`,
  `**${SCENARIO_TITLES.spotReclaim}**: every task on FARGATE_SPOT or on Spot instances of an EC2 capacity provider, and every Spot node, is gone at once (capacity provider base first, then weight; Spot rounded up).`,
  `**${SCENARIO_TITLES.deployment}**: a rolling deployment keeps \`deploymentMinimumHealthyPercent\` (default 100, rounded up); blue/green, canary and linear keep the old tasks; a node group update takes \`maxUnavailable\` nodes down (default 1); an instance refresh keeps \`minHealthyPercentage\` (default 90).`,
];

/**
 * A scenario cell: the count, marked when below what the workload must keep, `?` after it when
 * the capacity it runs on is not in the plan (a layer whose outputs were given).
 */
const cellOf = (r: ResilienceRow, s: Scenario, mark: (t: string) => string): string =>
  r.undecided?.includes(s)
    ? `${r.left[s]}?`
    : r.shortfalls.includes(s)
      ? mark(`${r.left[s]}`)
      : `${r.left[s]}`;

/** The terminal table (plain text; `paint` colours a shortfall). */
export function renderResilienceTable(
  report: ResilienceReport,
  paint: { bad: (s: string) => string; dim: (s: string) => string } = { bad: (s) => s, dim: (s) => s },
): string {
  if (report.rows.length === 0) return "  no ECS services, node groups or Auto Scaling groups";
  const head = [
    "layer",
    "workload",
    "baseline",
    "zones",
    "on Spot",
    ...SCENARIOS.map((s) => SCENARIO_TITLES[s]),
    "must keep",
  ];
  const body = report.rows.map((r) => [
    r.layer,
    `${r.name} (${KIND_TITLES[r.kind]})`,
    `${r.baseline}`,
    `${r.zones}`,
    `${r.onSpot}`,
    ...SCENARIOS.map((s) => cellOf(r, s, (t) => `${t} !`)),
    `${r.required}`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? "").length)));
  const line = (cells: string[], paintCell: (c: string, i: number) => string = (c) => c) =>
    `  ${cells
      .map((c, i) => {
        const w = widths[i] ?? 0;
        return paintCell(i < 2 ? c.padEnd(w) : c.padStart(w), i);
      })
      .join("  ")}`.trimEnd();
  const out = [paint.dim(line(head))];
  for (const b of body) out.push(line(b, (c, i) => (i >= 5 && c.endsWith("!") ? paint.bad(c) : c)));
  const short = report.rows.filter((r) => r.shortfalls.length > 0).length;
  out.push(
    paint.dim(
      `  must keep = max(1, ceil(${report.minFraction} × baseline)); "!" marks a scenario below it` +
        (short ? ` (${short} workload${short === 1 ? "" : "s"})` : "") +
        (report.rows.some((r) => r.undecided)
          ? '; "?" not judged: its capacity is not in the plan (or unknown in a preview)'
          : ""),
    ),
  );
  return out.join("\n");
}

/** The Markdown section: the table, then the assumptions and scenario names once. */
export function renderResilienceMarkdown(report: ResilienceReport): string[] {
  const out = ["### Resilience", ""];
  if (report.rows.length === 0) {
    out.push("No ECS services, EKS node groups or Auto Scaling groups.", "");
    return out;
  }
  out.push(
    "Tasks or nodes left in each scenario; **bold** is below what the workload must keep " +
      `(\`max(1, ceil(${report.minFraction} × baseline))\`, the \`ecs-service-resilience\` rule's floor)` +
      (report.rows.some((r) => r.undecided)
        ? "; `?` marks a scenario not judged because the capacity it runs on is not in the plan (or unknown in a preview)."
        : "."),
    "",
  );
  out.push(
    `| Layer | Workload | Kind | Baseline | Zones | On Spot | ${SCENARIOS.map((s) => SCENARIO_TITLES[s]).join(" | ")} | Must keep |`,
  );
  out.push(`|---|---|---|---:|---:|---:|${SCENARIOS.map(() => "---:").join("|")}|---:|`);
  for (const r of report.rows)
    out.push(
      `| ${r.layer} | \`${r.name.replace(/\|/g, "\\|")}\` | ${KIND_TITLES[r.kind]} | ${r.baseline} | ${r.zones} | ` +
        `${r.onSpot} | ${SCENARIOS.map((s) => cellOf(r, s, (t) => `**${t}**`)).join(" | ")} | ${r.required} |`,
    );
  out.push("", "<details><summary>What the numbers assume</summary>", "");
  for (const a of RESILIENCE_ASSUMPTIONS) out.push(`- ${a}`);
  out.push("", "</details>", "");
  return out;
}
