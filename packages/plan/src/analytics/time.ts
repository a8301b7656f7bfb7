import type { ResourceGraph } from "../graph";
import type { AnalyticsOptions } from "./index";
import type { TimeReport } from "./types";

export function timeReport(
  _layers: Array<{ layer: string; graph: ResourceGraph }>,
  opts: AnalyticsOptions,
): TimeReport {
  const empty = {
    seconds: 0,
    longestPathSeconds: 0,
    operations: 0,
    layers: [],
    path: [],
    explicitEdgesOnPath: [],
  };
  return {
    env: opts.env,
    cpus: 2,
    parallelism: 8,
    fresh: empty,
    defaulted: [],
    assumptions: ["time model not implemented yet"],
  };
}
