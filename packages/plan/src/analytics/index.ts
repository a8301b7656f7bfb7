/**
 * Plan analytics: the monthly cost and the deploy time of an environment, computed from the
 * resource graphs of its layers. See docs/analytics.md for the model and its sources.
 */
import type { ResourceGraph } from "../graph";
import { costReport } from "./cost";
import { timeReport } from "./time";
import type { CostReport, TimeReport, UsageFile } from "./types";

export {
  ANCHOR_REASONS,
  type AnchorChange,
  type AnchorGraph,
  type AnchorOptions,
  anchorGraph,
  awakeGraph,
} from "./anchor";
export { renderAnalyticsMarkdown, renderAnalyticsTerminal } from "./render";
export type * from "./types";
export { DEFAULT_USAGE, loadUsageFile } from "./usage";

export interface AnalyticsOptions {
  /** Environment name, e.g. `dev`. */
  env: string;
  /** AWS region. @default the `aws` provider's region in the graph, else the region of the captured ARNs (config `aws:region`), else us-east-1 */
  region?: string;
  /** The parsed usage file. @default DEFAULT_USAGE */
  usage?: UsageFile;
  /** A previous `plan-out/<env>.json` (for the cost delta and the update estimate). */
  previous?: unknown;
  /** Compute the cost report. @default true */
  cost?: boolean;
  /** Compute the time report. @default true */
  time?: boolean;
  /** Spot discounts as fractions off on-demand. @default data/prices.json discounts */
  spotDiscount?: { fargate?: number; ec2?: number };
  /** CPUs of the machine running `pulumi up` (parallelism = 4 x CPUs). @default 2 */
  cpus?: number;
  /** Date for the EKS support calendar (YYYY-MM-DD). @default today */
  asOf?: string;
}

export interface AnalyticsReport {
  cost?: CostReport;
  time?: TimeReport;
}

/** Computes the cost and time reports for one environment made of several layers. */
export function analyze(
  layers: Array<{ layer: string; graph: ResourceGraph }>,
  opts: AnalyticsOptions,
): AnalyticsReport {
  const out: AnalyticsReport = {};
  if (opts.cost !== false) out.cost = costReport(layers, opts);
  if (opts.time !== false) out.time = timeReport(layers, opts);
  return out;
}
