export { type PlanJson, renderJson, toPlanJson } from "./json";
export { type MarkdownOptions, renderMarkdown } from "./markdown";
export { type MermaidOptions, renderMermaid, shortType } from "./mermaid";
export {
  countedResources,
  describeUrn,
  groupByLevel,
  summarizeLayer,
  summarizePlan,
  violationCounts,
} from "./summary";
export { renderCounts, renderGraphTree, renderTree, renderViolations, type TreeOptions } from "./tree";
export type { LayerPlan, PlanReport, PlanSummary, PlanViolation } from "./types";
