/**
 * The cost model: a monthly price for every resource type Berth creates, from the plan's inputs,
 * the committed price snapshot (data/prices.json) and a usage file for usage-driven charges.
 * docs/analytics.md describes each model and its sources.
 */
import { catalogEntry } from "../catalog";
import type { GraphResource, ResourceGraph } from "../graph";
import { isUnknown } from "../values";
import { type AnchorChange, anchorGraph, awakeGraph } from "./anchor";
import {
  type FollowedSleep,
  latticeServiceFollows,
  loadBalancerFollows,
  logGroupFollows,
} from "./follows-sleep";
import type { AnalyticsOptions } from "./index";
import { loadPrices, Pricer, type PriceTable } from "./prices";
import {
  expressSleep,
  groupSleep,
  HOURS_PER_WEEK,
  type SleepLookup,
  type SleepSchedule,
  serviceSleep,
} from "./sleep";
import type {
  CostBreakdownRow,
  CostDelta,
  CostLine,
  CostReport,
  ResourceCost,
  SleepingResource,
  UsageFile,
  UsageValues,
} from "./types";
import { usageFor } from "./usage";

/** Hours in a billing month, the convention Infracost and AWS calculators use. */
export const HOURS_PER_MONTH = 730;
/** Fargate ephemeral storage included in the task price, GiB. */
export const FARGATE_FREE_EPHEMERAL_GB = 20;
/** VPC Lattice: the first 300,000 requests per hour are free. */
export const LATTICE_FREE_REQUESTS_PER_MONTH = 300_000 * HOURS_PER_MONTH;

/** One capacity provider strategy item as the ECS API takes it. */
export interface StrategyItem {
  capacityProvider: string;
  base?: number;
  weight?: number;
}

/**
 * How N tasks spread over a capacity provider strategy, as ECS places them: the `base` tasks go to
 * the provider that has a base, the rest split in proportion to the weights. Fractional counts are
 * the expected spread (e.g. base 1, FARGATE 1 : FARGATE_SPOT 3, N = 4 gives FARGATE 1.75, SPOT 2.25).
 */
export function splitStrategy(items: StrategyItem[], n: number): Map<string, number> {
  const out = new Map<string, number>();
  if (n <= 0 || items.length === 0) return out;
  let rest = n;
  for (const it of items) {
    const base = Math.max(0, it.base ?? 0);
    if (base > 0 && rest > 0) {
      const take = Math.min(base, rest);
      out.set(it.capacityProvider, (out.get(it.capacityProvider) ?? 0) + take);
      rest -= take;
    }
  }
  const totalWeight = items.reduce((s, it) => s + Math.max(0, it.weight ?? 0), 0);
  if (rest > 0) {
    if (totalWeight > 0) {
      for (const it of items) {
        const w = Math.max(0, it.weight ?? 0);
        if (w > 0)
          out.set(it.capacityProvider, (out.get(it.capacityProvider) ?? 0) + (rest * w) / totalWeight);
      }
    } else {
      const first = items[0] as StrategyItem;
      out.set(first.capacityProvider, (out.get(first.capacityProvider) ?? 0) + rest);
    }
  }
  return out;
}

/** Inputs of one Fargate task size. */
export interface FargateTask {
  vcpu: number;
  memoryGb: number;
  arch: "X86_64" | "ARM64";
  ephemeralGb?: number;
}

/** Hourly on-demand price of one Fargate task (vCPU + GB, without ephemeral storage). */
export function fargateTaskHour(pricer: Pricer, t: FargateTask): number {
  const a = t.arch === "ARM64" ? "arm64" : "x86";
  return t.vcpu * pricer.price(`fargate.${a}.vcpuHour`) + t.memoryGb * pricer.price(`fargate.${a}.gbHour`);
}

/**
 * Monthly price of `onDemand` + `spot` Fargate tasks of one size running all month, Spot at
 * `discount` off on-demand, plus ephemeral storage above the free 20 GB.
 */
export function fargateMonthly(
  pricer: Pricer,
  t: FargateTask,
  onDemand: number,
  spot: number,
  discount: number,
): number {
  const hour = fargateTaskHour(pricer, t);
  const eph = Math.max(0, (t.ephemeralGb ?? FARGATE_FREE_EPHEMERAL_GB) - FARGATE_FREE_EPHEMERAL_GB);
  return (
    HOURS_PER_MONTH *
    (onDemand * hour +
      spot * hour * (1 - discount) +
      (onDemand + spot) * eph * pricer.price("fargate.ephemeralGbHour"))
  );
}

/**
 * ASG split of N instances: `min(base, N)` plus `pct`% of the rest on-demand, the remainder Spot.
 */
export function asgSplit(n: number, base: number, pct: number): { onDemand: number; spot: number } {
  const b = Math.min(Math.max(0, base), n);
  const onDemand = b + (Math.max(0, n - b) * Math.min(100, Math.max(0, pct))) / 100;
  return { onDemand, spot: n - onDemand };
}

/** Invocations per month of an EventBridge Scheduler / Events expression, undefined if unreadable. */
export function invocationsPerMonth(expr: unknown): number | undefined {
  if (typeof expr !== "string") return undefined;
  const s = expr.trim();
  const rate = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/.exec(s);
  if (rate) {
    const n = Number(rate[1]);
    const unit = rate[2] as string;
    if (n <= 0) return undefined;
    const perHour = unit.startsWith("minute") ? 60 / n : unit.startsWith("hour") ? 1 / n : 1 / (24 * n);
    return perHour * HOURS_PER_MONTH;
  }
  if (/^at\(/.test(s)) return 0;
  const cron = /^cron\((.+)\)$/.exec(s);
  if (!cron) return undefined;
  const f = (cron[1] as string).trim().split(/\s+/);
  if (f.length < 5) return undefined;
  const [min, hour, dom, , dow] = f as [string, string, string, string, string];
  const count = (field: string, lo: number, hi: number): number => {
    let total = 0;
    for (const part of field.split(",")) {
      const [range, stepS] = part.split("/") as [string, string | undefined];
      const step = stepS ? Math.max(1, Number(stepS)) : 1;
      let a = lo;
      let b = hi;
      if (range !== "*" && range !== "?") {
        const m = /^(\d+)(?:-(\d+))?$/.exec(range);
        if (m) {
          a = Number(m[1]);
          b = m[2] !== undefined ? Number(m[2]) : stepS ? hi : a;
        } else {
          // names (MON-FRI, L, #): count as one value each, a conservative reading
          const names = range.split("-");
          if (names.length === 2 && range.length === 7) {
            const days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
            const i = days.indexOf(names[0] as string);
            const j = days.indexOf(names[1] as string);
            if (i >= 0 && j >= i) {
              total += j - i + 1;
              continue;
            }
          }
          total += 1;
          continue;
        }
      }
      total += Math.floor((b - a) / step) + 1;
    }
    return total;
  };
  const perDay = count(min, 0, 59) * count(hour, 0, 23);
  const anyDom = dom === "*" || dom === "?";
  const anyDow = dow === "*" || dow === "?";
  const daysPerMonth = anyDom && anyDow ? 30.42 : anyDom ? count(dow, 1, 7) * 4.345 : count(dom, 1, 31);
  return perDay * daysPerMonth;
}

function num(v: unknown): number | undefined {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && !isUnknown(v) && v.trim() !== "" && Number.isFinite(Number(v)))
    return Number(v);
  return undefined;
}

function rec(v: unknown): Record<string, unknown> | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

function arr(v: unknown): unknown[] | undefined {
  return Array.isArray(v) ? v : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && !isUnknown(v) ? v : undefined;
}

/** Everything one pricing pass needs. */
interface Ctx {
  pricer: Pricer;
  table: PriceTable;
  fargateDiscount: number;
  ec2Discount: number;
  asOf: string;
  usage: AnalyticsOptions["usage"];
  all: Array<{ layer: string; graph: ResourceGraph }>;
  graph: ResourceGraph;
  /** Assumptions, deduplicated. */
  notes: Set<string>;
  /** Usage keys used, with where their value came from. */
  usageUsed: Map<string, string>;
  /** The resources priced with a sleep schedule. */
  sleeping: SleepingResource[];
}

type Model = (r: GraphResource, c: Ctx) => CostLine[] | string;

class Lines {
  readonly out: CostLine[] = [];
  constructor(private readonly c: Ctx) {}
  add(item: string, quantity: number, unit: string, priceKey: string, usageBased = false, factor = 1): void {
    const unitPrice = this.c.pricer.price(priceKey) * factor;
    this.out.push({ item, quantity, unit, unitPrice, monthly: quantity * unitPrice, usageBased, priceKey });
  }
}

function usage<K extends keyof UsageValues>(r: GraphResource, c: Ctx, key: K): NonNullable<UsageValues[K]> {
  const { values, fromFile } = usageFor(c.usage, r.name, r.urn);
  const v = values[key] as NonNullable<UsageValues[K]>;
  const override = c.usage?.resources?.[r.name]?.[key] ?? c.usage?.resources?.[r.urn]?.[key];
  if (override !== undefined)
    c.usageUsed.set(`${key} for ${r.name}`, `${String(v)} (usage file, per resource)`);
  else if (!c.usageUsed.has(key))
    c.usageUsed.set(key, `${String(v)} (${fromFile.has(key) ? "usage file" : "built-in default"})`);
  return v;
}

function dependencyOfType(
  r: GraphResource,
  g: ResourceGraph,
  prop: string,
  type: string,
): GraphResource | undefined {
  for (const u of r.propertyDependencies[prop] ?? []) {
    const d = g.get(u);
    if (d?.type === type) return d;
  }
  return undefined;
}

function findTaskDefinition(r: GraphResource, c: Ctx, prop: string, ref: unknown): GraphResource | undefined {
  const byDep = dependencyOfType(r, c.graph, prop, "aws:ecs/taskDefinition:TaskDefinition");
  if (byDep) return byDep;
  const s = str(ref);
  if (!s) return undefined;
  for (const { graph } of c.all) {
    for (const td of graph.ofType("aws:ecs/taskDefinition:TaskDefinition")) {
      const family = str(td.inputs["family"]);
      if (td.outputs["arn"] === s || td.id === s || (family && (s === family || s.endsWith(`/${family}`))))
        return td;
      if (family && new RegExp(`(^|/)${family}:\\d+$`).test(s)) return td;
    }
  }
  return undefined;
}

function taskSize(td: GraphResource): FargateTask | string {
  const cpu = num(td.inputs["cpu"]);
  const mem = num(td.inputs["memory"]);
  if (cpu === undefined || mem === undefined)
    return `task definition ${td.name} has no task-level cpu/memory (needed for Fargate)`;
  const arch = str(rec(td.inputs["runtimePlatform"])?.["cpuArchitecture"]) === "ARM64" ? "ARM64" : "X86_64";
  const eph = num(rec(td.inputs["ephemeralStorage"])?.["sizeInGib"]);
  return { vcpu: cpu / 1024, memoryGb: mem / 1024, arch, ...(eph !== undefined ? { ephemeralGb: eph } : {}) };
}

function strategyItems(v: unknown): StrategyItem[] | undefined {
  const a = arr(v);
  if (!a || a.length === 0) return undefined;
  const out: StrategyItem[] = [];
  for (const x of a) {
    const o = rec(x);
    const cp = str(o?.["capacityProvider"]);
    if (!o || !cp) return undefined;
    out.push({ capacityProvider: cp, base: num(o["base"]) ?? 0, weight: num(o["weight"]) ?? 0 });
  }
  return out;
}

/** The cluster's default strategy, from a ClusterCapacityProviders resource in any layer. */
function clusterDefaultStrategy(r: GraphResource, c: Ctx, clusterRef: unknown): StrategyItem[] | undefined {
  const clusterUrns = new Set(r.propertyDependencies["cluster"] ?? []);
  const ref = str(clusterRef);
  for (const { graph } of c.all) {
    for (const ccp of graph.ofType("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders")) {
      const name = str(ccp.inputs["clusterName"]);
      const linked =
        (ccp.propertyDependencies["clusterName"] ?? []).some((u) => clusterUrns.has(u)) ||
        (name !== undefined && ref !== undefined && (ref === name || ref.endsWith(`cluster/${name}`)));
      if (linked) return strategyItems(ccp.inputs["defaultCapacityProviderStrategies"]);
    }
  }
  return undefined;
}

/**
 * Prices `n` tasks of a task definition under a launch type / strategy, `hoursEach` hours a month.
 * Returns the lines, or a reason when the tasks run on EC2 capacity (priced on its ASG).
 */
function fargateLines(
  r: GraphResource,
  c: Ctx,
  td: GraphResource | FargateTask,
  n: number,
  launchType: string | undefined,
  strategy: StrategyItem[] | undefined,
  hoursEach: number,
  label: string,
): CostLine[] | string {
  if (launchType && launchType !== "FARGATE")
    return `launch type ${launchType}: the tasks run on EC2 capacity, priced on its Auto Scaling group`;
  let items = strategy;
  if (!items) {
    items = [{ capacityProvider: "FARGATE", base: 0, weight: 1 }];
    if (!launchType)
      c.notes.add(`${r.name}: no capacity provider strategy found; all tasks priced on FARGATE`);
  }
  const split = splitStrategy(items, n);
  const od = split.get("FARGATE") ?? 0;
  const spot = split.get("FARGATE_SPOT") ?? 0;
  const other = n - od - spot;
  if (other > 1e-9 && od + spot <= 1e-9)
    return "the tasks run on EC2 capacity providers, priced on their Auto Scaling group";
  if (other > 1e-9)
    c.notes.add(
      `${r.name}: ${round(other, 2)} task(s) on EC2 capacity providers are priced on their Auto Scaling group`,
    );
  const size = "urn" in td ? taskSize(td) : td;
  if (typeof size === "string") return size;
  const L = new Lines(c);
  const a = size.arch === "ARM64" ? "arm64" : "x86";
  const h = hoursEach;
  const fmt = `${fmtNum(size.vcpu)} vCPU / ${fmtNum(size.memoryGb)} GB ${size.arch}`;
  if (od > 0) {
    L.add(
      `${label} vCPU-hours, on-demand (${fmtNum(od)} x ${fmt})`,
      od * size.vcpu * h,
      "vCPU-hour",
      `fargate.${a}.vcpuHour`,
    );
    L.add(`${label} GB-hours, on-demand`, od * size.memoryGb * h, "GB-hour", `fargate.${a}.gbHour`);
  }
  if (spot > 0) {
    const f = 1 - c.fargateDiscount;
    L.add(
      `${label} vCPU-hours, Spot (${fmtNum(spot)} x ${fmt})`,
      spot * size.vcpu * h,
      "vCPU-hour",
      `fargate.${a}.vcpuHour`,
      false,
      f,
    );
    L.add(`${label} GB-hours, Spot`, spot * size.memoryGb * h, "GB-hour", `fargate.${a}.gbHour`, false, f);
  }
  const eph = Math.max(0, (size.ephemeralGb ?? FARGATE_FREE_EPHEMERAL_GB) - FARGATE_FREE_EPHEMERAL_GB);
  if (eph > 0 && od + spot > 0)
    L.add(
      `${label} ephemeral storage above 20 GB (${eph} GB)`,
      (od + spot) * eph * h,
      "GB-hour",
      "fargate.ephemeralGbHour",
    );
  return L.out;
}

function serviceTaskCount(r: GraphResource, c: Ctx): number {
  const svcName = str(r.inputs["name"]) ?? str(r.outputs["name"]) ?? r.name;
  for (const { graph } of c.all) {
    for (const t of graph.ofType("aws:appautoscaling/target:Target")) {
      const rid = str(t.inputs["resourceId"]);
      const linked =
        (t.propertyDependencies["resourceId"] ?? []).includes(r.urn) ||
        (rid?.startsWith("service/") && rid.endsWith(`/${svcName}`));
      const min = num(t.inputs["minCapacity"]);
      if (linked && min !== undefined) {
        c.notes.add(`${r.name}: ${min} task(s), the autoscaling minimum (scale-out above it is not priced)`);
        return min;
      }
    }
  }
  const d = num(r.inputs["desiredCount"]);
  if (d !== undefined) return d;
  c.notes.add(`${r.name}: desiredCount unknown at plan time; 1 task assumed`);
  return 1;
}

/**
 * The sleep schedule a resource is priced with: none when it has none, and none when its actions
 * cannot be read (stated in the assumptions).
 */
function sleepOf(
  r: GraphResource,
  c: Ctx,
  lookup: SleepLookup,
  awakeCount: number,
): SleepSchedule | undefined {
  if (lookup === undefined) return undefined;
  if (typeof lookup === "string") {
    c.notes.add(`${r.name}: sleep schedule not read (${lookup}); not assumed asleep, priced always awake`);
    return undefined;
  }
  c.notes.add(
    `${r.name}: awake ${fmtNum(lookup.awakeHoursPerWeek)} h of ${HOURS_PER_WEEK} h a week (wakes ${lookup.wake}, sleeps ${lookup.sleep}, ${lookup.timezone}) at ${fmtNum(awakeCount)}, asleep at ${fmtNum(lookup.floor)}`,
  );
  c.sleeping.push({
    urn: r.urn,
    name: r.name,
    type: r.type,
    awakeHoursPerWeek: lookup.awakeHoursPerWeek,
    awakeCount,
    floor: lookup.floor,
    timezone: lookup.timezone,
  });
  return lookup;
}

/** Hours a month awake under `sl` (all of them without a schedule). */
function awakeHoursPerMonth(sl: SleepSchedule | undefined): number {
  return sl ? (HOURS_PER_MONTH * sl.awakeHoursPerWeek) / HOURS_PER_WEEK : HOURS_PER_MONTH;
}

const ecsService: Model = (r, c) => {
  if (str(r.inputs["schedulingStrategy"]) === "DAEMON")
    return "DAEMON service: one task per EC2 instance, priced on the instances";
  const td = findTaskDefinition(r, c, "taskDefinition", r.inputs["taskDefinition"]);
  if (!td) return "task definition not found in the plan";
  const n = serviceTaskCount(r, c);
  const launchType = str(r.inputs["launchType"]);
  const strategy =
    strategyItems(r.inputs["capacityProviderStrategies"]) ??
    (launchType ? undefined : clusterDefaultStrategy(r, c, r.inputs["cluster"]));
  const sl = sleepOf(r, c, serviceSleep(r, c.all), n);
  const awakeH = awakeHoursPerMonth(sl);
  const lines = fargateLines(r, c, td, n, launchType, strategy, awakeH, sl ? "Fargate awake" : "Fargate");
  if (typeof lines === "string") return lines;
  if (sl && sl.floor > 0) {
    const asleep = fargateLines(
      r,
      c,
      td,
      sl.floor,
      launchType,
      strategy,
      HOURS_PER_MONTH - awakeH,
      "Fargate asleep",
    );
    if (typeof asleep !== "string") lines.push(...asleep);
  }
  const net = rec(r.inputs["networkConfiguration"]);
  const ipHours = n * awakeH + (sl ? sl.floor * (HOURS_PER_MONTH - awakeH) : 0);
  if (net?.["assignPublicIp"] === true && ipHours > 0) {
    const L = new Lines(c);
    L.add(`public IPv4 per task (${fmtNum(n)} tasks)`, ipHours, "address-hour", "publicIpv4.hour");
    lines.push(...L.out);
  }
  return lines;
};

/** Express services share one ALB per 25 services ([FACTUAL-EXPRESS]). */
export const EXPRESS_SERVICES_PER_ALB = 25;

const expressService: Model = (r, c) => {
  const cpu = num(r.inputs["cpu"]) ?? 1024;
  const mem = num(r.inputs["memory"]) ?? 2048;
  const target = rec(arr(r.inputs["scalingTargets"])?.[0]);
  const n = num(target?.["minTaskCount"]) ?? 1;
  if (num(target?.["minTaskCount"]) === undefined)
    c.notes.add(`${r.name}: Express service scaling minimum unknown; 1 task assumed`);
  const size: FargateTask = { vcpu: cpu / 1024, memoryGb: mem / 1024, arch: "X86_64" };
  const sl = sleepOf(r, c, expressSleep(r, c.all), n);
  const awakeH = awakeHoursPerMonth(sl);
  const lines = fargateLines(
    r,
    c,
    size,
    n,
    "FARGATE",
    undefined,
    awakeH,
    sl ? "Express Fargate awake" : "Express Fargate",
  );
  if (typeof lines === "string") return lines;
  if (sl && sl.floor > 0) {
    const asleep = fargateLines(
      r,
      c,
      size,
      sl.floor,
      "FARGATE",
      undefined,
      HOURS_PER_MONTH - awakeH,
      "Express Fargate asleep",
    );
    if (typeof asleep !== "string") lines.push(...asleep);
  }
  const k = c.all.reduce(
    (s, l) => s + l.graph.count("aws:ecs/expressGatewayService:ExpressGatewayService"),
    0,
  );
  const share = Math.ceil(k / EXPRESS_SERVICES_PER_ALB) / k;
  c.notes.add(
    `ECS Express services: ${k} in the environment share ${Math.ceil(k / EXPRESS_SERVICES_PER_ALB)} ALB(s) (up to ${EXPRESS_SERVICES_PER_ALB} services each); each carries its share`,
  );
  const L = new Lines(c);
  L.add(
    `share of the Express ALB hours (1/${fmtNum(1 / share)})`,
    share * HOURS_PER_MONTH,
    "LB-hour",
    "alb.hour",
  );
  // The ALB stays up for every Express service; this service's traffic stops while it sleeps to zero.
  const traffic = sl && sl.floor === 0 ? sl.awakeHoursPerWeek / HOURS_PER_WEEK : 1;
  if (traffic < 1)
    c.notes.add(
      `${r.name}: sleeps to zero; its share of the Express ALB LCU-hours priced for the awake hours, ${fmtNum(sl?.awakeHoursPerWeek ?? 0)} of ${HOURS_PER_WEEK} h a week`,
    );
  L.add(
    `share of the Express ALB LCU-hours${traffic < 1 ? ", awake hours" : ""}`,
    share * usage(r, c, "albLcuPerHour") * HOURS_PER_MONTH * traffic,
    "LCU-hour",
    "alb.lcuHour",
    true,
  );
  return [...lines, ...L.out];
};

const schedule: Model = (r, c) => {
  const runs = invocationsPerMonth(r.inputs["scheduleExpression"]);
  const perMonth = runs ?? usage(r, c, "schedulerInvocationsPerMonth");
  if (runs === undefined)
    c.notes.add(`${r.name}: schedule expression unreadable; usage schedulerInvocationsPerMonth used`);
  const L = new Lines(c);
  // The free tier (14M/month per account) is applied across the environment afterwards.
  L.add(
    `Scheduler invocations (${fmtNum(perMonth)}/month)`,
    perMonth / 1e6,
    "1M invocations",
    "scheduler.million",
    runs === undefined,
  );
  const target = rec(r.inputs["target"]);
  const ecs = rec(target?.["ecsParameters"]);
  if (ecs) {
    const td = findTaskDefinition(r, c, "target", ecs["taskDefinitionArn"]);
    if (td) {
      const minutes = usage(r, c, "taskMinutesPerRun");
      const count = num(ecs["taskCount"]) ?? 1;
      const hours = (perMonth * minutes) / 60;
      const lines = fargateLines(
        r,
        c,
        td,
        count,
        str(ecs["launchType"]),
        strategyItems(ecs["capacityProviderStrategies"]),
        hours,
        "Scheduled task",
      );
      if (typeof lines !== "string") for (const l of lines) L.out.push({ ...l, usageBased: true });
    }
  }
  return L.out;
};

const eventTarget: Model = (r, c) => {
  const ecs = rec(r.inputs["ecsTarget"]);
  if (!ecs) return "free (EventBridge rules and non-ECS targets are not modelled)";
  const td = findTaskDefinition(r, c, "ecsTarget", ecs["taskDefinitionArn"]);
  if (!td) return "task definition not found in the plan";
  const runs = usage(r, c, "eventRunsPerMonth");
  const minutes = usage(r, c, "taskMinutesPerRun");
  const count = num(ecs["taskCount"]) ?? 1;
  const lines = fargateLines(
    r,
    c,
    td,
    count,
    str(ecs["launchType"]),
    strategyItems(ecs["capacityProviderStrategies"]),
    (runs * minutes) / 60,
    "Event task",
  );
  return typeof lines === "string" ? lines : lines.map((l) => ({ ...l, usageBased: true }));
};

/** Prices `onDemand` + `spot` instances; types[0] for on-demand, the mean of types for Spot. */
function ec2Lines(
  r: GraphResource,
  c: Ctx,
  types: string[],
  onDemand: number,
  spot: number,
  label: string,
  hours = HOURS_PER_MONTH,
): CostLine[] | string {
  const priced = types.filter((t) => c.pricer.instanceHour(t) !== undefined);
  if (priced.length === 0) return `instance type(s) ${types.join(", ")} not in data/prices.json`;
  if (priced.length < types.length)
    c.notes.add(
      `${r.name}: instance types ${types.filter((t) => !priced.includes(t)).join(", ")} have no price; the others are used`,
    );
  const first = priced[0] as string;
  const L = new Lines(c);
  if (onDemand > 0)
    L.add(
      `${label} ${first} on-demand (${fmtNum(onDemand)} instances)`,
      onDemand * hours,
      "instance-hour",
      `ec2.${first}.hour`,
    );
  if (spot > 0) {
    const mean = priced.reduce((s, t) => s + (c.pricer.instanceHour(t) ?? 0), 0) / priced.length;
    const factor = (mean / c.pricer.price(`ec2.${first}.hour`)) * (1 - c.ec2Discount);
    L.add(
      `${label} Spot over ${priced.join("/")} (${fmtNum(spot)} instances)`,
      spot * hours,
      "instance-hour",
      `ec2.${first}.hour`,
      false,
      factor,
    );
  }
  return L.out;
}

const SIZE_VCPU: Record<string, number> = { medium: 1, large: 2, xlarge: 4, "2xlarge": 8, "4xlarge": 16 };
const BURSTABLE: Record<string, { vcpu: number; memGb: number }> = {
  nano: { vcpu: 2, memGb: 0.5 },
  micro: { vcpu: 2, memGb: 1 },
  small: { vcpu: 2, memGb: 2 },
  medium: { vcpu: 2, memGb: 4 },
  large: { vcpu: 2, memGb: 8 },
  xlarge: { vcpu: 4, memGb: 16 },
  "2xlarge": { vcpu: 8, memGb: 32 },
};
const GB_PER_VCPU: Record<string, number> = { m: 4, c: 2, r: 8 };

/** vCPUs and memory of an instance type of the m/c/r/t families, from its name. */
export function instanceShape(type: string): { vcpu: number; memGb: number } | undefined {
  const [family, size] = type.split(".") as [string, string | undefined];
  if (!size) return undefined;
  const letter = family.charAt(0);
  if (letter === "t") return BURSTABLE[size];
  const vcpu = SIZE_VCPU[size];
  const per = GB_PER_VCPU[letter];
  return vcpu !== undefined && per !== undefined ? { vcpu, memGb: vcpu * per } : undefined;
}

/** vCPU and GB one task reserves: task-level cpu/memory, else the sum over its containers. */
function taskReservation(td: GraphResource): { vcpu: number; memGb: number } {
  const cpu = num(td.inputs["cpu"]);
  const mem = num(td.inputs["memory"]);
  if (cpu !== undefined && mem !== undefined) return { vcpu: cpu / 1024, memGb: mem / 1024 };
  let defs: unknown = td.inputs["containerDefinitions"];
  if (typeof defs === "string") {
    try {
      defs = JSON.parse(defs);
    } catch {
      defs = [];
    }
  }
  let units = 0;
  let mib = 0;
  for (const d of arr(defs) ?? []) {
    const o = rec(d);
    units += num(o?.["cpu"]) ?? 0;
    mib += num(o?.["memory"]) ?? num(o?.["memoryReservation"]) ?? 0;
  }
  return { vcpu: (cpu ?? units) / 1024, memGb: (mem ?? mib) / 1024 };
}

/**
 * Instances an ASG behind an ECS capacity provider with managed scaling needs for the tasks the
 * plan places on it: tasks per service from their strategies, binpacked by vCPU and memory on the
 * first instance type, divided by the provider's targetCapacity.
 */
function managedScalingDemand(r: GraphResource, c: Ctx, type: string): number | undefined {
  const shape = instanceShape(type);
  if (!shape) return undefined;
  const arn = str(r.outputs["arn"]);
  let vcpu = 0;
  let mem = 0;
  let target = 100;
  const names = new Set<string>();
  for (const { graph } of c.all) {
    for (const cp of graph.ofType("aws:ecs/capacityProvider:CapacityProvider")) {
      const p = rec(cp.inputs["autoScalingGroupProvider"]);
      const linked =
        (cp.propertyDependencies["autoScalingGroupProvider"] ?? []).includes(r.urn) ||
        (arn !== undefined && str(p?.["autoScalingGroupArn"]) === arn);
      if (!linked || rec(p?.["managedScaling"])?.["status"] !== "ENABLED") continue;
      target = num(rec(p?.["managedScaling"])?.["targetCapacity"]) ?? 100;
      for (const n of [str(cp.inputs["name"]), str(cp.outputs["name"]), cp.name]) if (n) names.add(n);
    }
  }
  if (names.size === 0) return undefined;
  let tasks = 0;
  for (const layer of c.all) {
    const lc: Ctx = { ...c, graph: layer.graph };
    for (const svc of layer.graph.ofType("aws:ecs/service:Service")) {
      const items =
        strategyItems(svc.inputs["capacityProviderStrategies"]) ??
        (str(svc.inputs["launchType"]) ? undefined : clusterDefaultStrategy(svc, lc, svc.inputs["cluster"]));
      if (!items?.some((i) => names.has(i.capacityProvider))) continue;
      const td = findTaskDefinition(svc, lc, "taskDefinition", svc.inputs["taskDefinition"]);
      if (!td) continue;
      const split = splitStrategy(items, serviceTaskCount(svc, lc));
      const n = [...names].reduce((s, name) => s + (split.get(name) ?? 0), 0);
      const each = taskReservation(td);
      tasks += n;
      vcpu += n * each.vcpu;
      mem += n * each.memGb;
    }
  }
  if (tasks === 0) return undefined;
  const need = Math.max(
    1,
    Math.ceil(Math.max(vcpu / shape.vcpu, mem / shape.memGb) / (Math.max(1, target) / 100)),
  );
  c.notes.add(
    `${r.name}: ${need} ${type} instance(s) to hold the ${fmtNum(tasks)} task(s) placed on its capacity provider (${fmtNum(vcpu)} vCPU, ${fmtNum(mem)} GB reserved, targetCapacity ${target}%)`,
  );
  return need;
}

const asg: Model = (r, c) => {
  let n = num(r.inputs["desiredCapacity"]) ?? num(r.inputs["minSize"]);
  if (n === undefined) return "desired/min size unknown";
  const mip = rec(r.inputs["mixedInstancesPolicy"]);
  const dist = rec(mip?.["instancesDistribution"]);
  const overrides = (arr(rec(mip?.["launchTemplate"])?.["overrides"]) ?? [])
    .map((o) => str(rec(o)?.["instanceType"]))
    .filter((t): t is string => t !== undefined);
  let types = overrides;
  if (types.length === 0) {
    const lt =
      dependencyOfType(r, c.graph, "mixedInstancesPolicy", "aws:ec2/launchTemplate:LaunchTemplate") ??
      dependencyOfType(r, c.graph, "launchTemplate", "aws:ec2/launchTemplate:LaunchTemplate");
    const t = str(lt?.inputs["instanceType"]) ?? str(r.inputs["instanceType"]);
    if (t) types = [t];
  }
  if (types.length === 0) return "instance type not found (no overrides, no launch template type)";
  const demand = managedScalingDemand(r, c, types[0] as string);
  const sized = demand !== undefined && demand > n;
  if (sized) n = demand;
  const splitOf = (count: number) =>
    mip
      ? asgSplit(
          count,
          num(dist?.["onDemandBaseCapacity"]) ?? 0,
          num(dist?.["onDemandPercentageAboveBaseCapacity"]) ?? 100,
        )
      : { onDemand: count, spot: 0 };
  const split = splitOf(n);
  if (!sized && num(r.inputs["desiredCapacity"]) === undefined)
    c.notes.add(`${r.name}: ${n} instance(s), the group's minSize`);
  c.notes.add("EC2 capacity: EBS volumes and data transfer are not priced");
  const sl = sleepOf(r, c, groupSleep(r, c.all), n);
  const awakeH = awakeHoursPerMonth(sl);
  const lines = ec2Lines(r, c, types, split.onDemand, split.spot, sl ? "EC2 awake" : "EC2", awakeH);
  if (typeof lines === "string" || !sl || sl.floor <= 0) return lines;
  const low = splitOf(sl.floor);
  const asleep = ec2Lines(r, c, types, low.onDemand, low.spot, "EC2 asleep", HOURS_PER_MONTH - awakeH);
  return typeof asleep === "string" ? lines : [...lines, ...asleep];
};

const nodeGroup: Model = (r, c) => {
  const n = num(rec(r.inputs["scalingConfig"])?.["desiredSize"]);
  if (n === undefined) return "scalingConfig.desiredSize unknown";
  const types = (arr(r.inputs["instanceTypes"]) ?? []).map(str).filter((t): t is string => t !== undefined);
  if (types.length === 0) types.push("t3.medium");
  const spot = str(r.inputs["capacityType"]) === "SPOT";
  const sl = sleepOf(r, c, groupSleep(r, c.all), n);
  const awakeH = awakeHoursPerMonth(sl);
  const lines = ec2Lines(
    r,
    c,
    types,
    spot ? 0 : n,
    spot ? n : 0,
    sl ? "Node group awake" : "Node group",
    awakeH,
  );
  if (typeof lines === "string" || !sl || sl.floor <= 0) return lines;
  const f = sl.floor;
  const asleep = ec2Lines(
    r,
    c,
    types,
    spot ? 0 : f,
    spot ? f : 0,
    "Node group asleep",
    HOURS_PER_MONTH - awakeH,
  );
  return typeof asleep === "string" ? lines : [...lines, ...asleep];
};

function eksSupportLines(
  r: GraphResource,
  c: Ctx,
  version: string | undefined,
  supportType: string | undefined,
  L: Lines,
): void {
  const ends = version ? c.table.eksSupport.standardSupportEnds[version] : undefined;
  const extended = ends !== undefined && c.asOf > ends && supportType !== "STANDARD";
  if (!version)
    c.notes.add(
      `${r.name}: Kubernetes version not set; the EKS default (a version in standard support) assumed`,
    );
  if (extended)
    c.notes.add(
      `${r.name}: Kubernetes ${version} left standard support on ${ends}; extended support is billed ($0.60/h instead of $0.10/h)`,
    );
  L.add(
    `EKS control plane, ${extended ? "extended" : "standard"} support (Kubernetes ${version ?? "default"})`,
    HOURS_PER_MONTH,
    "cluster-hour",
    extended ? "eks.cluster.extendedHour" : "eks.cluster.standardHour",
  );
}

function managedFeeLines(
  r: GraphResource,
  c: Ctx,
  L: Lines,
  nodes: number,
  type: string,
  feeKey: string,
  label: string,
): void {
  const hour = c.pricer.instanceHour(type);
  if (hour === undefined) {
    c.notes.add(`${r.name}: ${label} instance type ${type} has no price; its nodes are not priced`);
    return;
  }
  L.add(
    `${label} nodes, ${type} (${fmtNum(nodes)}, usage assumption)`,
    nodes * HOURS_PER_MONTH,
    "instance-hour",
    `ec2.${type}.hour`,
    true,
  );
  L.add(
    `${label} management fee (${Math.round(c.pricer.price(feeKey) * 100)}% of on-demand)`,
    nodes * HOURS_PER_MONTH,
    "instance-hour",
    `ec2.${type}.hour`,
    true,
    c.pricer.price(feeKey),
  );
}

const eksCluster: Model = (r, c) => {
  const L = new Lines(c);
  const support = str(rec(r.inputs["upgradePolicy"])?.["supportType"]);
  eksSupportLines(r, c, str(r.inputs["version"]), support, L);
  if (rec(r.inputs["computeConfig"])?.["enabled"] === true)
    managedFeeLines(
      r,
      c,
      L,
      usage(r, c, "autoModeNodes"),
      usage(r, c, "autoModeInstanceType"),
      "eks.autoMode.feeFraction",
      "EKS Auto Mode",
    );
  return L.out;
};

/** The remote `eks:index:Cluster` component: control plane, Auto Mode, its default node group. */
const eksRemoteCluster: Model = (r, c) => {
  const L = new Lines(c);
  eksSupportLines(r, c, str(r.inputs["version"]), str(rec(r.inputs["upgradePolicy"])?.["supportType"]), L);
  if (rec(r.inputs["autoMode"])?.["enabled"] === true)
    managedFeeLines(
      r,
      c,
      L,
      usage(r, c, "autoModeNodes"),
      usage(r, c, "autoModeInstanceType"),
      "eks.autoMode.feeFraction",
      "EKS Auto Mode",
    );
  if (r.inputs["skipDefaultNodeGroup"] !== true && rec(r.inputs["autoMode"])?.["enabled"] !== true) {
    const n = num(r.inputs["desiredCapacity"]) ?? usage(r, c, "eksDefaultNodes");
    const t = str(r.inputs["instanceType"]) ?? "t3.medium";
    const lines = ec2Lines(r, c, [t], n, 0, "Default node group");
    if (typeof lines !== "string") L.out.push(...lines);
  }
  return L.out;
};

const capacityProvider: Model = (r, c) => {
  if (!rec(r.inputs["managedInstancesProvider"]))
    return "free (an ASG capacity provider is priced on its Auto Scaling group)";
  const L = new Lines(c);
  managedFeeLines(
    r,
    c,
    L,
    usage(r, c, "managedInstances"),
    usage(r, c, "managedInstanceType"),
    "ecs.managedInstances.feeFraction",
    "ECS Managed Instances",
  );
  return L.out;
};

const natGateway: Model = (r, c) => {
  const L = new Lines(c);
  L.add("NAT gateway hours", HOURS_PER_MONTH, "gateway-hour", "nat.hour");
  L.add("NAT data processed", usage(r, c, "natGatewayGbPerMonth"), "GB", "nat.gb", true);
  return L.out;
};

const awsxVpc: Model = (r, c) => {
  const L = new Lines(c);
  const names = arr(r.inputs["availabilityZoneNames"]);
  const azs = names?.length ?? num(r.inputs["numberOfAvailabilityZones"]) ?? 3;
  const strategy = str(rec(r.inputs["natGateways"])?.["strategy"]) ?? "OnePerAz";
  const nats = strategy === "None" ? 0 : strategy === "Single" ? 1 : azs;
  if (nats > 0) {
    L.add(
      `NAT gateway hours (${nats}, strategy ${strategy}, ${azs} AZs)`,
      nats * HOURS_PER_MONTH,
      "gateway-hour",
      "nat.hour",
    );
    L.add("NAT data processed", nats * usage(r, c, "natGatewayGbPerMonth"), "GB", "nat.gb", true);
    L.add(
      `public IPv4 of the NAT gateways' Elastic IPs`,
      nats * HOURS_PER_MONTH,
      "address-hour",
      "publicIpv4.hour",
    );
  }
  const specs = arr(r.inputs["vpcEndpointSpecs"]) ?? [];
  const interfaces = specs.filter((s) => str(rec(s)?.["vpcEndpointType"]) === "Interface").length;
  if (interfaces > 0) {
    L.add(
      `interface endpoints (${interfaces} x ${azs} AZs)`,
      interfaces * azs * HOURS_PER_MONTH,
      "endpoint-AZ-hour",
      "vpce.interface.azHour",
    );
    L.add(
      "interface endpoint data",
      interfaces * usage(r, c, "endpointGbPerMonth"),
      "GB",
      "vpce.interface.gb",
      true,
    );
  }
  return L.out;
};

const loadBalancer: Model = (r, c) => {
  const type = str(r.inputs["loadBalancerType"]) ?? "application";
  if (type === "gateway") return "Gateway Load Balancer not modelled";
  const L = new Lines(c);
  const k = type === "network" ? "nlb" : "alb";
  L.add(`${type === "network" ? "NLB" : "ALB"} hours`, HOURS_PER_MONTH, "LB-hour", `${k}.hour`);
  const lcu = usage(r, c, type === "network" ? "nlbLcuPerHour" : "albLcuPerHour");
  const share = awakeShare(
    r,
    c,
    loadBalancerFollows(r, c.all),
    `${type === "network" ? "NLCU" : "LCU"}-hours`,
  );
  L.add(
    `${type === "network" ? "NLCU" : "LCU"}-hours (${fmtNum(lcu)} average${share < 1 ? ", awake hours" : ""})`,
    lcu * HOURS_PER_MONTH * share,
    "LCU-hour",
    `${k}.lcuHour`,
    true,
  );
  if (r.inputs["internal"] !== true) {
    const subnets = (arr(r.inputs["subnets"]) ?? arr(r.inputs["subnetMappings"]))?.length;
    const ips = subnets ?? 2;
    if (subnets === undefined) c.notes.add(`${r.name}: subnets unknown; 2 public IPv4 addresses assumed`);
    L.add(`public IPv4, one per subnet (${ips})`, ips * HOURS_PER_MONTH, "address-hour", "publicIpv4.hour");
  }
  return L.out;
};

const vpcEndpoint: Model = (r, c) => {
  if (str(r.inputs["vpcEndpointType"]) !== "Interface") return "free (gateway endpoint)";
  const L = new Lines(c);
  const subnets = arr(r.inputs["subnetIds"])?.length;
  const azs = subnets ?? 2;
  if (subnets === undefined) c.notes.add(`${r.name}: subnetIds unknown; 2 AZs assumed`);
  L.add(
    `interface endpoint hours (${azs} AZs)`,
    azs * HOURS_PER_MONTH,
    "endpoint-AZ-hour",
    "vpce.interface.azHour",
  );
  L.add("interface endpoint data", usage(r, c, "endpointGbPerMonth"), "GB", "vpce.interface.gb", true);
  return L.out;
};

const latticeService: Model = (r, c) => {
  const L = new Lines(c);
  const share = awakeShare(r, c, latticeServiceFollows(r, c.all), "data processed and requests");
  const awake = share < 1 ? ", awake hours" : "";
  L.add("Lattice service hours", HOURS_PER_MONTH, "service-hour", "lattice.serviceHour");
  L.add(`Lattice data processed${awake}`, usage(r, c, "latticeGbPerMonth") * share, "GB", "lattice.gb", true);
  // At the same hourly rate while awake: the hours' free requests shrink with them.
  const req = usage(r, c, "latticeRequestsPerMonth");
  L.add(
    `Lattice requests above 300,000/hour free${awake}`,
    (Math.max(0, req - LATTICE_FREE_REQUESTS_PER_MONTH) * share) / 1e6,
    "1M requests",
    "lattice.millionRequests",
    true,
  );
  return L.out;
};

const fargateProfile: Model = () =>
  "EKS Fargate pods are scheduled by Kubernetes and not visible in the plan (price them as Fargate tasks)";

const eip: Model = (_r, c) => {
  const L = new Lines(c);
  L.add("public IPv4 (Elastic IP)", HOURS_PER_MONTH, "address-hour", "publicIpv4.hour");
  return L.out;
};

const ecrRepo: Model = (r, c) => {
  const L = new Lines(c);
  L.add("ECR image storage", usage(r, c, "ecrStorageGb"), "GB-month", "ecr.gbMonth", true);
  return L.out;
};

/**
 * The share of the week a usage-based resource carries traffic: the awake hours of the sleeping
 * capacity it only serves (stated in the assumptions), else all of it.
 */
function awakeShare(r: GraphResource, c: Ctx, follows: FollowedSleep | undefined, what: string): number {
  if (!follows) return 1;
  c.notes.add(
    `${r.name}: serves only ${follows.serves.join(", ")}, which sleep${follows.serves.length === 1 ? "s" : ""}; ${what} priced for the awake hours, ${fmtNum(follows.awakeHoursPerWeek)} of ${HOURS_PER_WEEK} h a week`,
  );
  return follows.awakeHoursPerWeek / HOURS_PER_WEEK;
}

const logGroup: Model = (r, c) => {
  const L = new Lines(c);
  const share = awakeShare(r, c, logGroupFollows(r, c.all), "log ingestion and storage");
  const gb = usage(r, c, "logsIngestGbPerMonth") * share;
  const ia = str(r.inputs["logGroupClass"]) === "INFREQUENT_ACCESS";
  L.add(
    `log ingestion${ia ? " (Infrequent Access)" : ""}${share < 1 ? ", awake hours" : ""}`,
    gb,
    "GB",
    ia ? "logs.ingestGbInfrequent" : "logs.ingestGb",
    true,
  );
  const days = num(r.inputs["retentionInDays"]);
  const months = days && days > 0 ? days / 30.42 : usage(r, c, "logsStoredMonths");
  L.add(
    `log storage (${days ? `${days}-day retention` : "no retention"})`,
    gb * months,
    "GB-month",
    "logs.storageGbMonth",
    true,
  );
  return L.out;
};

const secret: Model = (r, c) => {
  const L = new Lines(c);
  L.add("secret", 1, "secret-month", "secrets.secretMonth");
  L.add(
    "Secrets Manager API calls",
    usage(r, c, "secretsApiCallsPerMonth") / 10_000,
    "10k calls",
    "secrets.per10kApi",
    true,
  );
  return L.out;
};

const kmsKey: Model = (r, c) => {
  const L = new Lines(c);
  L.add("KMS customer managed key", 1, "key-month", "kms.keyMonth");
  L.add(
    "KMS requests",
    usage(r, c, "kmsRequestsPerMonth") / 10_000,
    "10k requests",
    "kms.per10kRequests",
    true,
  );
  return L.out;
};

const efs: Model = (r, c) => {
  const L = new Lines(c);
  const oneZone = str(r.inputs["availabilityZoneName"]) !== undefined;
  L.add(
    `EFS storage (${oneZone ? "One Zone" : "Standard"})`,
    usage(r, c, "efsStorageGb"),
    "GB-month",
    oneZone ? "efs.oneZoneGbMonth" : "efs.standardGbMonth",
    true,
  );
  return L.out;
};

const sqs: Model = (r, c) => {
  const L = new Lines(c);
  const fifo = r.inputs["fifoQueue"] === true;
  L.add(
    `SQS requests (${fifo ? "FIFO" : "standard"})`,
    usage(r, c, "sqsRequestsPerMonth") / 1e6,
    "1M requests",
    fifo ? "sqs.fifoMillion" : "sqs.standardMillion",
    true,
  );
  return L.out;
};

/**
 * A metric alarm: one alarm metric per metric it reads (metric math alarms count each `metric`
 * query), at the high-resolution price when its period is under 60 s.
 */
const metricAlarm: Model = (r, c) => {
  const L = new Lines(c);
  const queries = arr(r.inputs["metricQueries"]) ?? [];
  const metrics = queries.filter((q) => rec(q)?.["metric"] !== undefined);
  const periods = [num(r.inputs["period"]), ...metrics.map((q) => num(rec(rec(q)?.["metric"])?.["period"]))];
  const highRes = periods.some((p) => p !== undefined && p < 60);
  L.add(
    highRes ? "CloudWatch alarm metrics (high resolution)" : "CloudWatch alarm metrics",
    Math.max(1, metrics.length),
    "alarm metric-month",
    highRes ? "cloudwatch.alarmMetricMonthHighRes" : "cloudwatch.alarmMetricMonth",
  );
  return L.out;
};

/** The model for each resource type. */
export const COST_MODELS: Record<string, Model> = {
  "aws:ecs/service:Service": ecsService,
  "aws:ecs/expressGatewayService:ExpressGatewayService": expressService,
  "aws:scheduler/schedule:Schedule": schedule,
  "aws:cloudwatch/eventTarget:EventTarget": eventTarget,
  "aws:autoscaling/group:Group": asg,
  "aws:eks/nodeGroup:NodeGroup": nodeGroup,
  "aws:eks/cluster:Cluster": eksCluster,
  "eks:index:Cluster": eksRemoteCluster,
  "aws:ecs/capacityProvider:CapacityProvider": capacityProvider,
  "aws:ec2/natGateway:NatGateway": natGateway,
  "awsx:ec2:Vpc": awsxVpc,
  "aws:lb/loadBalancer:LoadBalancer": loadBalancer,
  "aws:alb/loadBalancer:LoadBalancer": loadBalancer,
  "aws:ec2/vpcEndpoint:VpcEndpoint": vpcEndpoint,
  "aws:vpclattice/service:Service": latticeService,
  "aws:ec2/eip:Eip": eip,
  "aws:eks/fargateProfile:FargateProfile": fargateProfile,
  "aws:ecr/repository:Repository": ecrRepo,
  "aws:cloudwatch/logGroup:LogGroup": logGroup,
  "aws:secretsmanager/secret:Secret": secret,
  "aws:kms/key:Key": kmsKey,
  "aws:efs/fileSystem:FileSystem": efs,
  "aws:sqs/queue:Queue": sqs,
  "aws:cloudwatch/metricAlarm:MetricAlarm": metricAlarm,
};

/** Types outside the catalog that cost nothing by themselves (Kubernetes objects, providers, random, tls). */
const FREE_PREFIXES = ["kubernetes:", "pulumi:", "random:", "tls:"];

/** Why a type without a model is unpriced: the catalog says it is free, or it is not modelled. */
function unpricedReason(type: string): string {
  const entry = catalogEntry(type);
  if (entry) return "free" in entry.cost ? "free" : "not modelled";
  return FREE_PREFIXES.some((p) => type.startsWith(p)) ? "free" : "not modelled";
}

/** A pricing pass over every layer. */
interface Pass {
  resources: ResourceCost[];
  unpriced: Array<{ urn: string; type: string; reason: string }>;
  notes: Set<string>;
  usageUsed: Map<string, string>;
  fallbacks: Set<string>;
  sleeping: SleepingResource[];
}

function nearestComponent(g: ResourceGraph, urn: string): string {
  const a = g.ancestorsOf(urn).find((x) => x.type.startsWith("berth:"));
  return a ? `${a.type} ${a.name}` : "(none)";
}

function price(
  layers: Array<{ layer: string; graph: ResourceGraph }>,
  region: string,
  table: PriceTable,
  discounts: { fargate: number; ec2: number },
  opts: AnalyticsOptions,
): Pass {
  const pricer = new Pricer(table, region);
  const notes = new Set<string>();
  const usageUsed = new Map<string, string>();
  const resources: ResourceCost[] = [];
  const unpriced: Pass["unpriced"] = [];
  const sleeping: SleepingResource[] = [];
  const asOf = opts.asOf ?? new Date().toISOString().slice(0, 10);
  for (const { layer, graph } of layers) {
    const c: Ctx = {
      pricer,
      table,
      fargateDiscount: discounts.fargate,
      ec2Discount: discounts.ec2,
      asOf,
      usage: opts.usage,
      all: layers,
      graph,
      notes,
      usageUsed,
      sleeping,
    };
    for (const r of graph.resources) {
      if (r.read || (!r.custom && !r.remote)) continue;
      const model = COST_MODELS[r.type];
      if (!model) {
        unpriced.push({ urn: r.urn, type: r.type, reason: unpricedReason(r.type) });
        continue;
      }
      const out = model(r, c);
      if (typeof out === "string") {
        unpriced.push({ urn: r.urn, type: r.type, reason: out });
        continue;
      }
      resources.push({
        urn: r.urn,
        name: r.name,
        type: r.type,
        layer,
        component: nearestComponent(graph, r.urn),
        monthly: out.reduce((s, l) => s + l.monthly, 0),
        lines: out,
      });
    }
  }
  applySchedulerFreeTier(resources, pricer, notes);
  for (const r of resources)
    r.monthly = round(
      r.lines.reduce((s, l) => s + l.monthly, 0),
      4,
    );
  return { resources, unpriced, notes, usageUsed, fallbacks: pricer.fallbacks, sleeping };
}

/** EventBridge Scheduler: the first 14M invocations a month (per account) are free. */
function applySchedulerFreeTier(resources: ResourceCost[], pricer: Pricer, notes: Set<string>): void {
  const lines = resources.flatMap((r) => r.lines.filter((l) => l.priceKey === "scheduler.million"));
  if (lines.length === 0) return;
  const millions = lines.reduce((s, l) => s + l.quantity, 0);
  const free = pricer.price("scheduler.freeMillions");
  const billable = Math.max(0, millions - free);
  for (const l of lines) {
    l.monthly = millions > 0 ? (billable / millions) * l.quantity * l.unitPrice : 0;
  }
  notes.add(
    `EventBridge Scheduler: ${fmtNum(millions * 1e6)} invocations/month across the environment; the first 14M/month per account are free (sources disagree whether Scheduler is billed at all)`,
  );
}

function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function fmtNum(x: number): string {
  return Number.isInteger(x) ? String(x) : String(round(x, 3));
}

function total(rs: ResourceCost[]): number {
  return rs.reduce((s, r) => s + r.monthly, 0);
}

function breakdown(rs: ResourceCost[], key: (r: ResourceCost) => string): CostBreakdownRow[] {
  const m = new Map<string, number>();
  for (const r of rs) m.set(key(r), (m.get(key(r)) ?? 0) + r.monthly);
  const t = total(rs);
  return [...m.entries()]
    .map(([k, v]) => ({ key: k, monthly: round(v), share: t > 0 ? round(v / t, 4) : 0 }))
    .sort((a, b) => b.monthly - a.monthly || a.key.localeCompare(b.key));
}

/**
 * The region: the option, else the first `aws` provider's region in the graphs, else the region
 * in the resources' ARNs (the mocks use config `aws:region`), else us-east-1.
 */
export function regionOf(layers: Array<{ graph: ResourceGraph }>, explicit?: string): string {
  if (explicit) return explicit;
  for (const { graph } of layers) {
    for (const p of graph.ofType("pulumi:providers:aws")) {
      const r = str(p.inputs["region"]);
      if (r) return r;
    }
  }
  // The mock engine registers no default provider; its ARNs carry the configured `aws:region`.
  for (const { graph } of layers) {
    for (const r of graph.resources) {
      const m = /^arn:aws[\w-]*:[\w-]+:([a-z]{2}(?:-[a-z]+)+-\d):/.exec(str(r.outputs["arn"]) ?? "");
      if (m) return m[1] as string;
    }
  }
  return "us-east-1";
}

/** Reads `analytics.cost` (or `cost`) back from a previous plan JSON. */
export function previousCost(
  previous: unknown,
):
  | { total: number; resources: Array<{ urn: string; name: string; type: string; monthly: number }> }
  | undefined {
  const p = rec(previous);
  const cost = rec(rec(p?.["analytics"])?.["cost"]) ?? rec(p?.["cost"]);
  const t = num(cost?.["total"]);
  if (!cost || t === undefined) return undefined;
  const resources = (arr(cost["resources"]) ?? []).flatMap((x) => {
    const o = rec(x);
    const urn = str(o?.["urn"]);
    const monthly = num(o?.["monthly"]);
    return o && urn && monthly !== undefined
      ? [{ urn, name: str(o["name"]) ?? urn, type: str(o["type"]) ?? "", monthly }]
      : [];
  });
  return { total: t, resources };
}

function delta(prev: NonNullable<ReturnType<typeof previousCost>>, now: ResourceCost[]): CostDelta {
  const before = new Map(prev.resources.map((r) => [r.urn, r]));
  const after = new Map(now.map((r) => [r.urn, r]));
  const rows: CostDelta["resources"] = [];
  for (const urn of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(urn)?.monthly ?? 0;
    const a = after.get(urn)?.monthly ?? 0;
    if (Math.abs(a - b) < 0.005) continue;
    const src = after.get(urn) ?? before.get(urn);
    rows.push({
      urn,
      name: src?.name ?? urn,
      type: src?.type ?? "",
      before: round(b),
      after: round(a),
      change: round(a - b),
    });
  }
  rows.sort((x, y) => Math.abs(y.change) - Math.abs(x.change) || x.urn.localeCompare(y.urn));
  const t = round(total(now));
  return { previousTotal: round(prev.total), total: t, change: round(t - prev.total), resources: rows };
}

/**
 * Every layer rewritten to the anchors' defaults, with the usage its NAT gateways carry. The usage
 * rewrites of one layer carry into the next.
 */
function anchorLayers(
  layers: Array<{ layer: string; graph: ResourceGraph }>,
  usage: UsageFile | undefined,
  instanceTypeKnown: (type: string) => boolean,
): {
  layers: Array<{ layer: string; graph: ResourceGraph }>;
  usage: UsageFile | undefined;
  changes: AnchorChange[];
} {
  const changes: AnchorChange[] = [];
  let u = usage;
  const out = layers.map(({ layer, graph }) => {
    const a = anchorGraph(graph, { ...(u ? { usage: u } : {}), instanceTypeKnown });
    changes.push(...a.changes);
    u = a.usage;
    return { layer, graph: a.graph };
  });
  return { layers: out, usage: u, changes };
}

/** The cost report of one environment. */
export function costReport(
  layers: Array<{ layer: string; graph: ResourceGraph }>,
  opts: AnalyticsOptions,
): CostReport {
  const table = loadPrices();
  const region = regionOf(layers, opts.region);
  const d = {
    fargate: opts.spotDiscount?.fargate ?? table.discounts.fargateSpot.default,
    ec2: opts.spotDiscount?.ec2 ?? table.discounts.ec2Spot.default,
  };
  for (const [k, v] of Object.entries(d))
    if (!(v >= 0 && v < 1)) throw new Error(`spotDiscount.${k}: got ${v}; allowed: a fraction 0 <= x < 1`);
  const main = price(layers, region, table, d, opts);
  const low = price(
    layers,
    region,
    table,
    { fargate: table.discounts.fargateSpot.high, ec2: table.discounts.ec2Spot.high },
    opts,
  );
  const high = price(
    layers,
    region,
    table,
    { fargate: table.discounts.fargateSpot.low, ec2: table.discounts.ec2Spot.low },
    opts,
  );
  // The anchors' defaults: the same layers rewritten, priced by the same models.
  const pricer = new Pricer(table, region);
  const rewritten = anchorLayers(layers, opts.usage, (t) => pricer.instanceHour(t) !== undefined);
  const anchor = price(rewritten.layers, region, table, d, { ...opts, usage: rewritten.usage });
  const awake =
    main.sleeping.length > 0
      ? price(
          layers.map((l) => ({ ...l, graph: awakeGraph(l.graph) })),
          region,
          table,
          d,
          opts,
        )
      : undefined;
  const t = total(main.resources);
  const at = total(anchor.resources);
  const assumptions: string[] = [
    `Prices: data/prices.json snapshot ${table.snapshotDate}, ${region}, month = ${HOURS_PER_MONTH} h, USD without tax, free tiers and discounts (except Scheduler's 14M free invocations).`,
    `Spot discounts: Fargate ${pct(d.fargate)} off (range ${pct(table.discounts.fargateSpot.low)}-${pct(table.discounts.fargateSpot.high)}), EC2 ${pct(d.ec2)} off (range ${pct(table.discounts.ec2Spot.low)}-${pct(table.discounts.ec2Spot.high)}).`,
    ...[...main.usageUsed.entries()].sort().map(([k, v]) => `usage ${k} = ${v}`),
    ...[...main.notes].sort(),
  ];
  if (main.fallbacks.size)
    assumptions.push(
      `No ${region} price in the snapshot for ${[...main.fallbacks].sort().join(", ")}: the ${table.fallbackRegion} price is used.`,
    );
  const resources = [...main.resources].sort((a, b) => b.monthly - a.monthly || a.urn.localeCompare(b.urn));
  const prev = opts.previous === undefined ? undefined : previousCost(opts.previous);
  const report: CostReport = {
    env: opts.env,
    region,
    currency: "USD",
    hoursPerMonth: HOURS_PER_MONTH,
    priceDate: table.snapshotDate,
    total: round(t),
    totalRange: { low: round(total(low.resources)), high: round(total(high.resources)) },
    usageBased: round(
      main.resources.reduce(
        (s, r) => s + r.lines.filter((l) => l.usageBased).reduce((x, l) => x + l.monthly, 0),
        0,
      ),
    ),
    spotDiscount: d,
    byLayer: breakdown(main.resources, (r) => r.layer),
    byComponent: breakdown(main.resources, (r) => `${r.layer}: ${r.component}`),
    byType: breakdown(main.resources, (r) => r.type),
    resources,
    unpriced: main.unpriced,
    assumptions,
    anchor: {
      total: round(at),
      savings: round(at - t),
      savingsPct: at > 0 ? round((at - t) / at, 4) : 0,
      changes: [...new Set(rewritten.changes.map((x) => x.reason))].sort(),
    },
  };
  if (awake) {
    const without = total(awake.resources);
    report.sleep = {
      withSchedules: round(t),
      withoutSchedules: round(without),
      savings: round(without - t),
      savingsPct: without > 0 ? round((without - t) / without, 4) : 0,
      resources: [...main.sleeping].sort(
        (a, b) => a.name.localeCompare(b.name) || a.urn.localeCompare(b.urn),
      ),
    };
  }
  if (prev) report.delta = delta(prev, main.resources);
  return report;
}

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}
