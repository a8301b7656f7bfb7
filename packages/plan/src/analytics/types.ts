/**
 * The plain-JSON shapes of the plan analytics: the usage file, the cost report and the time
 * report. Everything here is serialisable as is; `berth plan` writes it under `analytics` in
 * `plan-out/<env>.json`, and a later run reads it back as `previous` to compute deltas.
 */

/**
 * Usage figures that drive the usage-based charges. Every field is optional; a missing field takes
 * its value from {@link UsageFile.defaults} and then from the documented built-in defaults
 * (`DEFAULT_USAGE`, see docs/analytics.md).
 */
export interface UsageValues {
  /** GB processed per month by each NAT gateway. */
  natGatewayGbPerMonth?: number;
  /** Average Application Load Balancer capacity units per hour, per ALB. */
  albLcuPerHour?: number;
  /** Average Network Load Balancer capacity units per hour, per NLB. */
  nlbLcuPerHour?: number;
  /** GB processed per month by each interface VPC endpoint. */
  endpointGbPerMonth?: number;
  /** GB processed per month by each VPC Lattice service. */
  latticeGbPerMonth?: number;
  /** Requests per month to each VPC Lattice service (the first 300,000 per hour are free). */
  latticeRequestsPerMonth?: number;
  /** GB of images stored in each ECR repository. */
  ecrStorageGb?: number;
  /** GB ingested per month into each CloudWatch log group. */
  logsIngestGbPerMonth?: number;
  /** Months of logs held in a group without `retentionInDays` (it grows without bound; with retention, retentionInDays / 30.42 months). */
  logsStoredMonths?: number;
  /** API calls per month to each Secrets Manager secret. */
  secretsApiCallsPerMonth?: number;
  /** Symmetric requests per month to each KMS key. */
  kmsRequestsPerMonth?: number;
  /** GB stored in each EFS file system. */
  efsStorageGb?: number;
  /** Requests per month to each SQS queue. */
  sqsRequestsPerMonth?: number;
  /** Scheduler invocations per month per schedule when its expression cannot be read. */
  schedulerInvocationsPerMonth?: number;
  /** Minutes each scheduled/event-driven Fargate task runs per invocation. */
  taskMinutesPerRun?: number;
  /** Event-driven task runs per month (EventBridge rules with ECS targets). */
  eventRunsPerMonth?: number;
  /** Nodes an EKS Auto Mode cluster runs on average. */
  autoModeNodes?: number;
  /** Instance type of those Auto Mode nodes. */
  autoModeInstanceType?: string;
  /** Instances an ECS Managed Instances capacity provider runs on average. */
  managedInstances?: number;
  /** Instance type of those managed instances. */
  managedInstanceType?: string;
  /** Instances behind a remote EKS cluster component's default node group (eks:index:Cluster). */
  eksDefaultNodes?: number;
}

/**
 * A per-environment usage file (`stacks/usage.<env>.yaml` or `.json`):
 *
 * ```yaml
 * defaults:            # applies to every resource
 *   natGatewayGbPerMonth: 50
 * resources:           # by logical name or URN, wins over defaults
 *   web-alb: { albLcuPerHour: 2 }
 * ```
 */
export interface UsageFile {
  defaults?: UsageValues;
  resources?: Record<string, UsageValues>;
}

/** One priced line: quantity x unit price = monthly. */
export interface CostLine {
  /** What is charged, e.g. "Fargate vCPU-hours (ARM64, on-demand)". */
  item: string;
  quantity: number;
  unit: string;
  unitPrice: number;
  monthly: number;
  /** True when the quantity comes from the usage file (an assumption), not from the program. */
  usageBased: boolean;
  /** Key of the price in data/prices.json. */
  priceKey: string;
}

/** The monthly cost of one resource. */
export interface ResourceCost {
  urn: string;
  name: string;
  type: string;
  layer: string;
  /** Nearest `berth:*` ancestor, as `<type> <name>`, or "(none)". */
  component: string;
  monthly: number;
  lines: CostLine[];
}

export interface CostBreakdownRow {
  key: string;
  monthly: number;
  share: number;
}

export interface CostDelta {
  previousTotal: number;
  total: number;
  change: number;
  /** Per resource (by URN), only those whose cost changed, largest change first. */
  resources: Array<{
    urn: string;
    name: string;
    type: string;
    before: number;
    after: number;
    change: number;
  }>;
}

/** A resource priced with a sleep schedule. */
export interface SleepingResource {
  urn: string;
  name: string;
  type: string;
  /** Hours awake in a week of 168, from the wake and sleep expressions. */
  awakeHoursPerWeek: number;
  /** Tasks or instances while awake. */
  awakeCount: number;
  /** Tasks or instances while asleep. */
  floor: number;
  timezone: string;
}

export interface CostReport {
  env: string;
  region: string;
  currency: "USD";
  hoursPerMonth: number;
  /** Date of the price snapshot used. */
  priceDate: string;
  /** Monthly total with the default Spot discounts. */
  total: number;
  /** Total with the Spot discounts at the low and high end of their ranges. */
  totalRange: { low: number; high: number };
  /** Part of the total that comes from usage assumptions. */
  usageBased: number;
  spotDiscount: { fargate: number; ec2: number };
  byLayer: CostBreakdownRow[];
  byComponent: CostBreakdownRow[];
  byType: CostBreakdownRow[];
  /** Every priced resource, most expensive first. */
  resources: ResourceCost[];
  /** Resources counted as free or not priced, with the reason. */
  unpriced: Array<{ urn: string; type: string; reason: string }>;
  /** Assumptions stated for the reader (usage figures, defaults, price fallbacks). */
  assumptions: string[];
  /** The same environment priced with the anchors' defaults. */
  anchor: {
    total: number;
    savings: number;
    savingsPct: number;
    /** What differs: all on-demand, x86, one NAT per AZ, no interface endpoints. */
    changes: string[];
  };
  /**
   * The sleep schedules: the total with them (= `total`) and with every resource always awake,
   * and the hours assumed per resource. Absent when nothing sleeps.
   */
  sleep?: {
    withSchedules: number;
    withoutSchedules: number;
    savings: number;
    savingsPct: number;
    resources: SleepingResource[];
  };
  delta?: CostDelta;
}

/** One resource on a critical path. */
export interface PathStep {
  urn: string;
  name: string;
  type: string;
  layer: string;
  seconds: number;
  start: number;
  finish: number;
  /** True when the edge from the previous step to this one is an explicit `dependsOn`. */
  viaDependsOn: boolean;
  /** True when the step did not depend on the previous one but waited for its worker slot. */
  waitedForWorker?: boolean;
}

export interface TimeEstimate {
  /** Simulated wall time with the worker limit, all layers in order. */
  seconds: number;
  /** Longest dependency path, ignoring the worker limit. */
  longestPathSeconds: number;
  /** Nodes scheduled (custom resources and remote components). */
  operations: number;
  /** Per layer, deployed one after the other. */
  layers: Array<{ layer: string; seconds: number; operations: number }>;
  /** The chain of resources that ends last, first to last. */
  path: PathStep[];
  /** Explicit `dependsOn` edges on the path: each adds wait time, check it is needed. */
  explicitEdgesOnPath: Array<{ from: string; to: string }>;
}

export interface TimeReport {
  env: string;
  cpus: number;
  parallelism: number;
  fresh: TimeEstimate;
  /** The update against the previous plan: creates, replaces and in-place updates. */
  update?: TimeEstimate & {
    created: string[];
    replaced: Array<{ urn: string; properties: string[] }>;
    updated: string[];
    deleted: string[];
  };
  /** Types priced with the stated default duration. */
  defaulted: Array<{ type: string; seconds: number }>;
  assumptions: string[];
}
