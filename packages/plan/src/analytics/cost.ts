import type { ResourceGraph } from "../graph";
import type { AnalyticsOptions } from "./index";
import type { CostReport } from "./types";

export function costReport(
  _layers: Array<{ layer: string; graph: ResourceGraph }>,
  opts: AnalyticsOptions,
): CostReport {
  return {
    env: opts.env,
    region: opts.region ?? "us-east-1",
    currency: "USD",
    hoursPerMonth: 730,
    priceDate: "",
    total: 0,
    totalRange: { low: 0, high: 0 },
    usageBased: 0,
    spotDiscount: { fargate: 0, ec2: 0 },
    byLayer: [],
    byComponent: [],
    byType: [],
    resources: [],
    unpriced: [],
    assumptions: ["cost model not implemented yet"],
    anchor: { total: 0, savings: 0, savingsPct: 0, changes: [] },
  };
}
