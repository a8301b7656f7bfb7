/**
 * What survives a zone outage, a Spot reclaim and a deployment, computed from a resource list:
 * ECS services (desired count, autoscaling minimum, capacity provider strategy, subnets,
 * deployment settings) and the capacity behind them, EKS managed node groups and EC2 Auto Scaling
 * groups. Pure: `berth plan` feeds it its resource graph, the aws-containers policy pack the
 * resources the Pulumi CLI passes to a stack policy.
 */

/** A resource as both the plan graph and a CrossGuard stack policy can give it. */
export interface ResourceView {
  urn: string;
  type: string;
  /** The logical name. */
  name: string;
  /** Input and output properties, merged (outputs win). */
  props: Record<string, unknown>;
}

/** The three disruptions the report and the prod rule consider. */
export type Scenario = "zoneLoss" | "spotReclaim" | "deployment";
/** The scenarios in the order reports show them. */
export const SCENARIOS: readonly Scenario[] = ["zoneLoss", "spotReclaim", "deployment"];
/** How each scenario is named in reports. */
export const SCENARIO_TITLES: Record<Scenario, string> = {
  zoneLoss: "one zone lost",
  spotReclaim: "all Spot reclaimed",
  deployment: "during a deployment",
};

/** What is left of one workload in each scenario. */
export interface WorkloadResilience {
  urn: string;
  name: string;
  kind: "ecs-service" | "eks-node-group" | "auto-scaling-group";
  /** What it runs normally at its floor: the autoscaling minimum when it scales, else its desired count. */
  baseline: number;
  /** The availability zones it spreads over (one per distinct subnet). */
  zones: number;
  /** How many of `baseline` run on Spot capacity (rounded up). */
  onSpot: number;
  /** Tasks or nodes left, per scenario. */
  left: Record<Scenario, number>;
  /** What the numbers assume, in words, for the report. */
  assumptions: string[];
}

const TYPES = {
  service: "aws:ecs/service:Service",
  target: "aws:appautoscaling/target:Target",
  clusterProviders: "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
  provider: "aws:ecs/capacityProvider:CapacityProvider",
  asg: "aws:autoscaling/group:Group",
  nodeGroup: "aws:eks/nodeGroup:NodeGroup",
} as const;

type Props = Record<string, unknown>;
const obj = (v: unknown): Props =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Props) : {};
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
/** The last path segment of an ARN or the value itself: `arn:...:cluster/apps` → `apps`. */
const lastSegment = (v: string): string => v.split("/").pop() ?? v;

interface StrategyItem {
  provider: string;
  base: number;
  weight: number;
}

const strategyOf = (items: unknown): StrategyItem[] =>
  arr(items).map((i) => ({
    provider: str(obj(i)["capacityProvider"]) ?? "",
    base: num(obj(i)["base"]) ?? 0,
    weight: num(obj(i)["weight"]) ?? 0,
  }));

/**
 * The share of an Auto Scaling group's instances at size `size` that are Spot, from its mixed
 * instances policy: the first `onDemandBaseCapacity` instances are on-demand, then
 * `onDemandPercentageAboveBaseCapacity` percent of the rest (EC2 Auto Scaling API reference,
 * InstancesDistribution; defaults 0 and 100). On-demand counts are rounded down here, so Spot is
 * never understated. A group without a mixed instances policy is on-demand.
 */
export function asgSpotShare(asg: Props, size: number): number {
  const mixed = obj(asg["mixedInstancesPolicy"]);
  if (Object.keys(mixed).length === 0) return 0;
  const dist = obj(mixed["instancesDistribution"]);
  const base = num(dist["onDemandBaseCapacity"]) ?? 0;
  const pct = num(dist["onDemandPercentageAboveBaseCapacity"]) ?? 100;
  if (size <= 0) return base === 0 && pct < 100 ? 1 : 0;
  const onDemand = Math.min(size, base) + Math.floor((Math.max(0, size - base) * pct) / 100);
  return (size - onDemand) / size;
}

/**
 * How many of `tasks` a capacity provider strategy puts on Spot: the provider with a `base` gets
 * that many first, the rest are shared by `weight` (ECS API reference,
 * CapacityProviderStrategyItem). Fractions are rounded up: Spot is never understated.
 */
export function tasksOnSpot(
  tasks: number,
  strategy: readonly StrategyItem[],
  spotShare: (provider: string) => number,
): number {
  if (tasks <= 0 || strategy.length === 0) return 0;
  let spot = 0;
  let rest = tasks;
  for (const item of strategy) {
    const onBase = Math.min(rest, item.base);
    spot += onBase * spotShare(item.provider);
    rest -= onBase;
  }
  const total = strategy.reduce((s, i) => s + i.weight, 0);
  if (total > 0)
    for (const item of strategy) spot += ((rest * item.weight) / total) * spotShare(item.provider);
  return Math.min(tasks, Math.max(0, Math.ceil(spot - 1e-9)));
}

/** Tasks or nodes left when the zone holding most of them is lost, spread evenly over `zones`. */
export function leftAfterZoneLoss(count: number, zones: number): number {
  if (zones <= 1) return 0;
  return count - Math.ceil(count / zones);
}

class Index {
  readonly byType = new Map<string, ResourceView[]>();
  constructor(resources: readonly ResourceView[]) {
    for (const r of resources) {
      const list = this.byType.get(r.type) ?? [];
      list.push(r);
      this.byType.set(r.type, list);
    }
  }
  of(type: string): ResourceView[] {
    return this.byType.get(type) ?? [];
  }
  asgByArn(arn: string): ResourceView | undefined {
    return this.of(TYPES.asg).find((a) => a.props["arn"] === arn || a.props["name"] === lastSegment(arn));
  }
  /** The Spot share of an ECS capacity provider by name. */
  providerSpotShare(name: string): { share: number; zones: number | undefined } {
    if (name === "FARGATE_SPOT") return { share: 1, zones: undefined };
    if (name === "FARGATE") return { share: 0, zones: undefined };
    const provider = this.of(TYPES.provider).find((p) => p.props["name"] === name);
    if (!provider) return { share: 0, zones: undefined };
    const managed = obj(obj(provider.props["managedInstancesProvider"])["instanceLaunchTemplate"]);
    if (Object.keys(managed).length > 0) {
      const zones = arr(obj(managed["networkConfiguration"])["subnets"]).length || undefined;
      return { share: managed["capacityOptionType"] === "SPOT" ? 1 : 0, zones };
    }
    const asgArn = str(obj(provider.props["autoScalingGroupProvider"])["autoScalingGroupArn"]);
    const asg = asgArn ? this.asgByArn(asgArn) : undefined;
    if (!asg) return { share: 0, zones: undefined };
    const size = Math.max(num(asg.props["minSize"]) ?? 0, num(asg.props["desiredCapacity"]) ?? 0);
    return {
      share: asgSpotShare(asg.props, size),
      zones: new Set(arr(asg.props["vpcZoneIdentifiers"])).size || undefined,
    };
  }
}

function ecsService(svc: ResourceView, ix: Index): WorkloadResilience | undefined {
  const p = svc.props;
  if (p["schedulingStrategy"] === "DAEMON") return undefined;
  const assumptions: string[] = [];
  const cluster = lastSegment(str(p["cluster"]) ?? "");
  const serviceName = str(p["name"]) ?? svc.name;
  const target = ix
    .of(TYPES.target)
    .find((t) => t.props["resourceId"] === `service/${cluster}/${serviceName}`);
  const min = num(target?.props["minCapacity"]);
  const baseline = min ?? num(p["desiredCount"]) ?? 0;
  assumptions.push(min !== undefined ? `autoscaling minimum ${min}` : `desired count ${baseline}`);

  let strategy = strategyOf(p["capacityProviderStrategies"]);
  if (strategy.length === 0 && p["launchType"] === undefined) {
    const assoc = ix.of(TYPES.clusterProviders).find((c) => c.props["clusterName"] === cluster);
    strategy = strategyOf(assoc?.props["defaultCapacityProviderStrategies"]);
    if (strategy.length > 0) assumptions.push("the cluster's default capacity provider strategy");
  }
  const shares = new Map(strategy.map((s) => [s.provider, ix.providerSpotShare(s.provider)]));
  const onSpot = tasksOnSpot(baseline, strategy, (name) => shares.get(name)?.share ?? 0);

  const subnets = new Set(arr(obj(p["networkConfiguration"])["subnets"]));
  let zones = subnets.size;
  if (zones === 0) {
    zones = Math.max(0, ...[...shares.values()].map((s) => s.zones ?? 0));
    assumptions.push(
      zones > 0 ? "tasks spread over the zones of their capacity" : "zones unknown: counted as one",
    );
  }
  zones = Math.max(zones, 1);

  const strategyName = str(obj(p["deploymentConfiguration"])["strategy"]) ?? "ROLLING";
  const minHealthy = num(p["deploymentMinimumHealthyPercent"]) ?? 100;
  const deployment = strategyName === "ROLLING" ? Math.ceil((baseline * minHealthy) / 100) : baseline;
  assumptions.push(
    strategyName === "ROLLING"
      ? `rolling deployment keeps ${minHealthy}% (rounded up)`
      : `${strategyName.toLowerCase().replace("_", "/")} deployment keeps the old tasks until traffic moves`,
  );
  return {
    urn: svc.urn,
    name: svc.name,
    kind: "ecs-service",
    baseline,
    zones,
    onSpot,
    left: {
      zoneLoss: leftAfterZoneLoss(baseline, zones),
      spotReclaim: baseline - onSpot,
      deployment: Math.min(baseline, deployment),
    },
    assumptions,
  };
}

function nodeGroup(ng: ResourceView): WorkloadResilience {
  const p = ng.props;
  const scaling = obj(p["scalingConfig"]);
  const baseline = num(scaling["minSize"]) ?? num(scaling["desiredSize"]) ?? 0;
  const zones = Math.max(new Set(arr(p["subnetIds"])).size, 1);
  const onSpot = p["capacityType"] === "SPOT" ? baseline : 0;
  const update = obj(p["updateConfig"]);
  const pct = num(update["maxUnavailablePercentage"]);
  // EKS managed node group updates take down `maxUnavailable` nodes at a time (default 1; EKS API
  // reference, NodegroupUpdateConfig).
  const unavailable =
    pct !== undefined ? Math.ceil((baseline * pct) / 100) : (num(update["maxUnavailable"]) ?? 1);
  return {
    urn: ng.urn,
    name: ng.name,
    kind: "eks-node-group",
    baseline,
    zones,
    onSpot,
    left: {
      zoneLoss: leftAfterZoneLoss(baseline, zones),
      spotReclaim: baseline - onSpot,
      deployment: Math.max(0, baseline - unavailable),
    },
    assumptions: [`minimum size ${baseline}`, `node updates take ${unavailable} down at a time`],
  };
}

function autoScalingGroup(asg: ResourceView): WorkloadResilience {
  const p = asg.props;
  const baseline = Math.max(num(p["minSize"]) ?? 0, num(p["desiredCapacity"]) ?? 0);
  const zones = Math.max(new Set(arr(p["vpcZoneIdentifiers"])).size, 1);
  const onSpot = Math.max(0, Math.ceil(baseline * asgSpotShare(p, baseline) - 1e-9));
  const refresh = obj(obj(p["instanceRefresh"])["preferences"]);
  // An instance refresh keeps `minHealthyPercentage` of the group in service (default 90; EC2 Auto
  // Scaling API reference, RefreshPreferences).
  const minHealthy = num(refresh["minHealthyPercentage"]) ?? 90;
  return {
    urn: asg.urn,
    name: asg.name,
    kind: "auto-scaling-group",
    baseline,
    zones,
    onSpot,
    left: {
      zoneLoss: leftAfterZoneLoss(baseline, zones),
      spotReclaim: baseline - onSpot,
      deployment: Math.ceil((baseline * minHealthy) / 100),
    },
    assumptions: [`minimum size ${baseline}`, `instance refresh keeps ${minHealthy}%`],
  };
}

/**
 * Every ECS service (daemons excepted), EKS managed node group and EC2 Auto Scaling group in
 * `resources`, with what is left of it in each scenario. Tasks and nodes are assumed spread
 * evenly over their zones (ECS spreads service tasks across zones by default; one subnet is one
 * zone, as awsx creates them), and a lost zone takes its share with it before anything is
 * replaced.
 */
export function analyzeResilience(resources: readonly ResourceView[]): WorkloadResilience[] {
  const ix = new Index(resources);
  const out: WorkloadResilience[] = [];
  for (const svc of ix.of(TYPES.service)) {
    const r = ecsService(svc, ix);
    if (r) out.push(r);
  }
  for (const ng of ix.of(TYPES.nodeGroup)) out.push(nodeGroup(ng));
  for (const asg of ix.of(TYPES.asg)) out.push(autoScalingGroup(asg));
  return out;
}

/** One scenario in which a workload keeps less than it must. */
export interface ResilienceShortfall {
  scenario: Scenario;
  left: number;
  required: number;
}

/**
 * The scenarios in which `w` keeps fewer than `max(1, ceil(minFraction × baseline))` running.
 * A workload whose baseline is zero (scaled to zero by design) has none.
 */
export function resilienceShortfalls(w: WorkloadResilience, minFraction: number): ResilienceShortfall[] {
  if (w.baseline <= 0) return [];
  const required = Math.max(1, Math.ceil(w.baseline * minFraction - 1e-9));
  return SCENARIOS.filter((s) => w.left[s] < required).map((scenario) => ({
    scenario,
    left: w.left[scenario],
    required,
  }));
}
