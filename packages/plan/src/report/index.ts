export { type PlanJson, renderJson, toPlanJson } from "./json";
export { type MarkdownOptions, renderMarkdown } from "./markdown";
export { type MermaidOptions, renderMermaid, shortType } from "./mermaid";
export { type RemoteComponentNote, remoteComponentNote, remoteComponentsOf } from "./remote";
export {
  analyzeLayers,
  DEFAULT_MIN_FRACTION,
  RESILIENCE_ASSUMPTIONS,
  type ResilienceReport,
  type ResilienceRow,
  renderResilienceMarkdown,
  renderResilienceTable,
  resourceView,
} from "./resilience";
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
