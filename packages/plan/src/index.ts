export {
  ANCHOR_REASONS,
  type AnalyticsOptions,
  type AnalyticsReport,
  type AnchorChange,
  type AnchorGraph,
  type AnchorOptions,
  analyze,
  anchorGraph,
  awakeGraph,
  type CostLine,
  type CostReport,
  DEFAULT_USAGE,
  loadUsageFile,
  type PathStep,
  type ResourceCost,
  renderAnalyticsMarkdown,
  renderAnalyticsTerminal,
  type TimeEstimate,
  type TimeReport,
  type UsageFile,
  type UsageValues,
} from "./analytics/index";
export { type CaptureOptions, capture, DEFAULT_ACCOUNT_ID, DEFAULT_REGION, type Program } from "./capture";
export {
  CATALOG,
  type CatalogEntry,
  type Check,
  ConformanceError,
  type ConformanceResult,
  type ConformanceViolation,
  type Constraint,
  type CostKind,
  catalogEntry,
  checkResources,
  type Durations,
  type Finding,
  formatViolation,
  renderConformance,
  type SkippedCheck,
} from "./catalog";
export {
  discoverLayers,
  EXIT,
  findRoot,
  LAYER_ORDER,
  main,
  type PlanEnvironmentOptions,
  planEnvironment,
  programFromFile,
} from "./cli";
export {
  loadProject,
  loadStackConfig,
  type ProjectFile,
  SECRET_PLACEHOLDER,
  type StackConfig,
} from "./config";
export { findStaleBuilds, type StaleBuild, workspaceClosure } from "./config/stale-build";
export type { GraphEdge, GraphJson, GraphResource, ResourceOptions } from "./graph";
export { ResourceGraph } from "./graph";
export type { InvokeMock, MockContext, ResourceMock, ResourceMockArgs } from "./mocks/context";
export { invokeMocks, MOCK_ADDON_VERSIONS } from "./mocks/invokes";
export { autoName, genericOutputs, outputsFor, resourceMocks } from "./mocks/resources";
export type { MockOverrides } from "./monitor";
export {
  type AcceptedFinding,
  type AcceptedOutcome,
  acceptanceMatches,
  applyAccepted,
  type PolicyConfigEntry,
  type PolicyPackConfig,
  parseAccepted,
  type ResolvedPolicyConfig,
  reconcilePolicyConfig,
} from "./policy/config";
export {
  type FixtureGraphOptions,
  type FixtureResource,
  fixtureGraph,
  fixtureUrn,
} from "./policy/fixtures";
export {
  type AnalyzerPackInfo,
  AnalyzerProcess,
  type AnalyzerProcessOptions,
  evaluateOverGrpc,
  runPolicyPackOverGrpc,
} from "./policy/grpc";
export { type CaseKind, type CaseOutcome, type RuleCase, runCase, verdict } from "./policy/rule-cases";
export {
  evaluatePolicies,
  type PolicyPackInput,
  type PolicyRunResult,
  policyResources,
  type Remediation,
  type RunPoliciesOptions,
  runPolicies,
  type Violation,
} from "./policy/runner";
export * from "./report";
export { decode, getPath, isUnknown, UNKNOWN } from "./values";
