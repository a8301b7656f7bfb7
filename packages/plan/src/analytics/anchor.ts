/**
 * The anchors' defaults as a rewrite of the graph: what terraform-aws-modules, awsx and the CDK
 * patterns would have created for the same environment (x86, all on-demand, always awake, one NAT
 * gateway per availability zone, no interface endpoints). The normal cost models price the
 * rewritten graph; the difference is what Berth's defaults save.
 */
import { type GraphResource, ResourceGraph } from "../graph";
import { isUnknown } from "../values";
import { sleepActions } from "./sleep";
import type { UsageFile, UsageValues } from "./types";
import { usageFor } from "./usage";

/** Graviton families and the x86 family the anchors would use instead. */
export const X86_EQUIVALENT: Record<string, string> = {
  m7g: "m7i",
  c7g: "c7i",
  t4g: "t3",
  r7g: "r7i",
  m6g: "m6i",
  c6g: "c6i",
  m8g: "m7i",
  c8g: "c7i",
};

/** The reasons, in the words of the report. */
export const ANCHOR_REASONS = {
  fargateX86: "Fargate tasks on X86_64 instead of ARM64 (Graviton)",
  fargateOnDemand: "Fargate tasks all on-demand instead of a FARGATE_SPOT share",
  ec2X86: "EC2 capacity on x86 types (m7i, c7i, t3, r7i) instead of Graviton",
  ec2OnDemand: "EC2 capacity all on-demand instead of a Spot share",
  awake: "always awake (no sleep schedules)",
  natPerAz: "one NAT gateway per availability zone",
  noEndpoints: "no interface VPC endpoints (their traffic through NAT)",
} as const;

/** One change the rewrite made. */
export interface AnchorChange {
  /** The resource changed, added or removed. */
  urn: string;
  type: string;
  name: string;
  kind: "changed" | "added" | "removed";
  /** What differs, e.g. `runtimePlatform.cpuArchitecture: ARM64 -> X86_64`. */
  detail: string;
  /** Why: one of {@link ANCHOR_REASONS}. */
  reason: string;
}

/** Options of {@link anchorGraph}. */
export interface AnchorOptions {
  /**
   * The usage figures the graph is priced with: traffic of the removed interface endpoints moves
   * onto the NAT gateways' `natGatewayGbPerMonth`. @default the built-in usage defaults
   */
  usage?: UsageFile;
  /**
   * Whether an instance type can be priced: a Graviton type becomes its x86 equivalent only when
   * that type is known (the anchors' choice is unknowable otherwise). @default every type
   */
  instanceTypeKnown?: (type: string) => boolean;
}

/** The rewritten graph, what changed, and the usage it is priced with. */
export interface AnchorGraph {
  graph: ResourceGraph;
  changes: AnchorChange[];
  usage: UsageFile;
}

const NAT = "aws:ec2/natGateway:NatGateway";
const ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
const VPC = "awsx:ec2:Vpc";

function rec(v: unknown): Record<string, unknown> | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && !isUnknown(v) ? v : undefined;
}

function num(v: unknown): number | undefined {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && !isUnknown(v) && v.trim() !== "" && Number.isFinite(Number(v)))
    return Number(v);
  return undefined;
}

/** Collects the changes of one rewrite. */
class Rewrite {
  readonly changes: AnchorChange[] = [];
  constructor(readonly opts: AnchorOptions) {}

  note(r: GraphResource, kind: AnchorChange["kind"], detail: string, reason: string): void {
    this.changes.push({ urn: r.urn, type: r.type, name: r.name, kind, detail, reason });
  }

  /** The x86 type for a Graviton type, or the type itself. */
  x86(type: string): string {
    const [family, size] = type.split(".") as [string, string | undefined];
    const x86 = X86_EQUIVALENT[family];
    if (!x86 || !size) return type;
    const t = `${x86}.${size}`;
    return (this.opts.instanceTypeKnown?.(t) ?? true) ? t : type;
  }

  /** Sets `obj[key]` to the x86 type when it is a Graviton one. */
  instanceType(r: GraphResource, obj: Record<string, unknown> | undefined, key: string, path: string): void {
    const from = str(obj?.[key]);
    if (!obj || !from) return;
    const to = this.x86(from);
    if (to === from) return;
    obj[key] = to;
    this.note(r, "changed", `${path}: ${from} -> ${to}`, ANCHOR_REASONS.ec2X86);
  }
}

/**
 * A capacity provider strategy with the FARGATE_SPOT item folded into FARGATE (bases and weights
 * added), so every task the strategy places on Fargate runs on-demand; undefined when it has none.
 */
function onDemandStrategy(v: unknown): unknown[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const spot = v.find((x) => rec(x)?.["capacityProvider"] === "FARGATE_SPOT");
  if (!spot) return undefined;
  const s = rec(spot) as Record<string, unknown>;
  const rest = v.filter((x) => x !== spot);
  const od = rest.findIndex((x) => rec(x)?.["capacityProvider"] === "FARGATE");
  if (od < 0) return v.map((x) => (x === spot ? { ...s, capacityProvider: "FARGATE" } : x));
  const f = rec(rest[od]) as Record<string, unknown>;
  rest[od] = {
    ...f,
    base: (num(f["base"]) ?? 0) + (num(s["base"]) ?? 0),
    weight: (num(f["weight"]) ?? 0) + (num(s["weight"]) ?? 0),
  };
  return rest;
}

/** Where each ECS-launching type keeps its capacity provider strategy. */
const STRATEGY_AT: Record<string, string[]> = {
  "aws:ecs/service:Service": ["capacityProviderStrategies"],
  "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": ["defaultCapacityProviderStrategies"],
  "aws:scheduler/schedule:Schedule": ["target", "ecsParameters", "capacityProviderStrategies"],
  "aws:cloudwatch/eventTarget:EventTarget": ["ecsTarget", "capacityProviderStrategies"],
};

function fargateOnDemand(r: GraphResource, w: Rewrite): void {
  const path = STRATEGY_AT[r.type];
  if (!path) return;
  const parent = path
    .slice(0, -1)
    .reduce<Record<string, unknown> | undefined>((o, k) => rec(o?.[k]), r.inputs);
  const key = path[path.length - 1] as string;
  const to = onDemandStrategy(parent?.[key]);
  if (!parent || !to) return;
  parent[key] = to;
  w.note(r, "changed", `${path.join(".")}: FARGATE_SPOT folded into FARGATE`, ANCHOR_REASONS.fargateOnDemand);
}

function taskDefinitionX86(r: GraphResource, w: Rewrite): void {
  const platform = rec(r.inputs["runtimePlatform"]);
  if (r.type !== "aws:ecs/taskDefinition:TaskDefinition" || platform?.["cpuArchitecture"] !== "ARM64") return;
  platform["cpuArchitecture"] = "X86_64";
  const compat = r.inputs["requiresCompatibilities"];
  const onEc2 = Array.isArray(compat) && compat.length > 0 && !compat.includes("FARGATE");
  w.note(
    r,
    "changed",
    "runtimePlatform.cpuArchitecture: ARM64 -> X86_64",
    onEc2 ? ANCHOR_REASONS.ec2X86 : ANCHOR_REASONS.fargateX86,
  );
}

function ec2Capacity(r: GraphResource, w: Rewrite): void {
  if (r.type === "aws:autoscaling/group:Group") {
    w.instanceType(r, r.inputs, "instanceType", "instanceType");
    const mip = rec(r.inputs["mixedInstancesPolicy"]);
    const overrides = rec(mip?.["launchTemplate"])?.["overrides"];
    if (Array.isArray(overrides))
      overrides.forEach((o, i) => {
        w.instanceType(
          r,
          rec(o),
          "instanceType",
          `mixedInstancesPolicy.launchTemplate.overrides[${i}].instanceType`,
        );
      });
    const dist = rec(mip?.["instancesDistribution"]);
    const pct = num(dist?.["onDemandPercentageAboveBaseCapacity"]);
    if (dist && pct !== undefined && pct < 100) {
      dist["onDemandPercentageAboveBaseCapacity"] = 100;
      w.note(
        r,
        "changed",
        `mixedInstancesPolicy.instancesDistribution.onDemandPercentageAboveBaseCapacity: ${pct} -> 100`,
        ANCHOR_REASONS.ec2OnDemand,
      );
    }
  } else if (r.type === "aws:ec2/launchTemplate:LaunchTemplate" || r.type === "eks:index:Cluster") {
    w.instanceType(r, r.inputs, "instanceType", "instanceType");
  } else if (r.type === "aws:eks/nodeGroup:NodeGroup") {
    const types = r.inputs["instanceTypes"];
    if (Array.isArray(types)) {
      const holder: Record<string, unknown> = {};
      r.inputs["instanceTypes"] = types.map((t, i) => {
        holder["t"] = t;
        w.instanceType(r, holder, "t", `instanceTypes[${i}]`);
        return holder["t"];
      });
    }
    if (r.inputs["capacityType"] === "SPOT") {
      r.inputs["capacityType"] = "ON_DEMAND";
      w.note(r, "changed", "capacityType: SPOT -> ON_DEMAND", ANCHOR_REASONS.ec2OnDemand);
    }
  }
}

/** The availability zones of the graph's subnets. */
function subnetAzs(resources: GraphResource[]): string[] {
  const azs = resources
    .filter((r) => r.type === "aws:ec2/subnet:Subnet")
    .map((s) => str(s.inputs["availabilityZone"]))
    .filter((a): a is string => a !== undefined);
  return [...new Set(azs)];
}

/** Adds a NAT gateway for every subnet AZ beyond the NATs there are (each with the first one's traffic). */
function natPerAz(resources: GraphResource[], w: Rewrite, usage: UsageFile): void {
  const nats = resources.filter((r) => r.type === NAT);
  const azs = subnetAzs(resources);
  const first = nats[0];
  if (!first || azs.length <= nats.length) return;
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const natAzs = new Set(
    nats.map((n) =>
      str(byUrn.get(n.propertyDependencies["subnetId"]?.[0] ?? "")?.inputs["availabilityZone"]),
    ),
  );
  const missing = azs.filter((az) => !natAzs.has(az));
  const gb = usageFor(usage, first.name, first.urn).values.natGatewayGbPerMonth;
  for (let i = 0; i < azs.length - nats.length; i++) {
    const name = `${first.name}-${missing[i] ?? `az${nats.length + i + 1}`}`;
    const copy: GraphResource = {
      ...structuredClone(first),
      urn: `${first.urn.slice(0, first.urn.length - first.name.length)}${name}`,
      name,
    };
    resources.push(copy);
    setUsage(usage, copy.urn, { natGatewayGbPerMonth: gb });
    w.note(copy, "added", `a NAT gateway like ${first.name}`, ANCHOR_REASONS.natPerAz);
  }
}

function setUsage(usage: UsageFile, urn: string, values: UsageValues): void {
  usage.resources = { ...usage.resources, [urn]: { ...usage.resources?.[urn], ...values } };
}

/** The availability zones of an awsx Vpc (awsx's default: 3). */
function vpcAzs(vpc: GraphResource): number {
  const names = vpc.inputs["availabilityZoneNames"];
  return Array.isArray(names) ? names.length : (num(vpc.inputs["numberOfAvailabilityZones"]) ?? 3);
}

/**
 * The awsx Vpc's NAT strategy becomes OnePerAz; its interface endpoint specs go, their traffic
 * onto its NAT gateways.
 */
function awsxVpc(r: GraphResource, w: Rewrite, usage: UsageFile): void {
  const azs = vpcAzs(r);
  const nat = rec(r.inputs["natGateways"]);
  const strategy = str(nat?.["strategy"]) ?? "OnePerAz";
  if ((strategy === "None" || strategy === "Single") && azs > (strategy === "Single" ? 1 : 0)) {
    r.inputs["natGateways"] = { ...nat, strategy: "OnePerAz" };
    w.note(r, "changed", `natGateways.strategy: ${strategy} -> OnePerAz`, ANCHOR_REASONS.natPerAz);
  }
  const specs = r.inputs["vpcEndpointSpecs"];
  if (!Array.isArray(specs)) return;
  const kept = specs.filter((s) => str(rec(s)?.["vpcEndpointType"]) !== "Interface");
  const removed = specs.length - kept.length;
  if (removed === 0) return;
  r.inputs["vpcEndpointSpecs"] = kept;
  w.note(
    r,
    "changed",
    `vpcEndpointSpecs: ${removed} interface endpoint(s) removed`,
    ANCHOR_REASONS.noEndpoints,
  );
  trafficThroughNat(r, usage, removed * usageFor(usage, r.name, r.urn).values.endpointGbPerMonth);
}

/**
 * Moves `gb` a month onto the NAT gateways of `target`: an explicit NAT gateway, or an awsx Vpc
 * (spread over its NAT gateways, one per AZ after the rewrite).
 */
function trafficThroughNat(target: GraphResource, usage: UsageFile, gb: number): void {
  const count = target.type === VPC ? vpcAzs(target) : 1;
  if (gb <= 0 || count === 0) return;
  const own = usageFor(usage, target.name, target.urn).values.natGatewayGbPerMonth;
  setUsage(usage, target.urn, { natGatewayGbPerMonth: own + gb / count });
}

/**
 * Rewrites a captured graph to what the anchors' defaults would have created: task definitions on
 * X86_64, FARGATE_SPOT shares folded into FARGATE, Graviton instance types on their x86 equivalent,
 * Spot instances on-demand, the sleep schedules' scheduled actions removed, a NAT gateway per
 * subnet availability zone, interface VPC endpoints removed with their traffic moved onto the NAT
 * gateways. Pure: the input graph is not changed.
 */
export function anchorGraph(graph: ResourceGraph, opts: AnchorOptions = {}): AnchorGraph {
  const w = new Rewrite(opts);
  const usage: UsageFile = structuredClone(opts.usage ?? {});
  const asleep = new Set(sleepActions(graph).map((a) => a.urn));
  const resources: GraphResource[] = [];
  let endpointGb = 0;
  for (const original of graph.resources) {
    if (asleep.has(original.urn)) {
      w.note(original, "removed", "sleep schedule action", ANCHOR_REASONS.awake);
      continue;
    }
    if (original.type === ENDPOINT && str(original.inputs["vpcEndpointType"]) === "Interface") {
      endpointGb += usageFor(usage, original.name, original.urn).values.endpointGbPerMonth;
      w.note(original, "removed", "interface VPC endpoint", ANCHOR_REASONS.noEndpoints);
      continue;
    }
    const r = structuredClone(original);
    taskDefinitionX86(r, w);
    fargateOnDemand(r, w);
    ec2Capacity(r, w);
    if (r.type === VPC) awsxVpc(r, w, usage);
    resources.push(r);
  }
  natPerAz(resources, w, usage);
  // The explicit endpoints' traffic: onto the first NAT gateway, else the first awsx Vpc's (lost
  // when the graph has neither, as it would be).
  const nat = resources.find((r) => r.type === NAT) ?? resources.find((r) => r.type === VPC);
  if (nat) trafficThroughNat(nat, usage, endpointGb);
  return {
    graph: new ResourceGraph(graph.project, graph.stack, graph.preview, resources, graph.stackOutputs),
    changes: w.changes,
    usage,
  };
}

/** The graph without its sleep schedules: every resource priced always awake. */
export function awakeGraph(graph: ResourceGraph): ResourceGraph {
  const asleep = new Set(sleepActions(graph).map((a) => a.urn));
  return new ResourceGraph(
    graph.project,
    graph.stack,
    graph.preview,
    graph.resources.filter((r) => !asleep.has(r.urn)),
    graph.stackOutputs,
  );
}
