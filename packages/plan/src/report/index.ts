export { type PlanJson, renderJson, toPlanJson } from "./json";
export { type MarkdownOptions, renderMarkdown } from "./markdown";
export { type MermaidOptions, renderMermaid, shortType } from "./mermaid";
export { type RemoteComponentNote, remoteComponentNote, remoteComponentsOf } from "./remote";
export {
  countedResources,
  describeUrn,
  groupByLevel,
  plannedResources,
  RESOURCE_COUNT_DEFINITION,
  SAVINGS_BASELINE,
  summarizeLayer,
  summarizePlan,
  violationCounts,
} from "./summary";
export { renderCounts, renderGraphTree, renderTree, renderViolations, type TreeOptions } from "./tree";
export type {
  AcceptanceNote,
  AcceptedViolation,
  LayerPlan,
  PlanReport,
  PlanSummary,
  PlanViolation,
} from "./types";
