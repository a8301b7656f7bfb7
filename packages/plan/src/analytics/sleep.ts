/**
 * Sleep schedules in the graph: the pair of scheduled actions that puts an ECS service's scalable
 * target or an Auto Scaling group to sleep and wakes it (see `@berth/core` awake.ts), read back
 * into the hours a week the capacity is awake. The cost model prices those hours at the awake
 * count and the rest of the week at the floor.
 */
import type { GraphResource, ResourceGraph } from "../graph";
import { isUnknown } from "../values";

/** Hours in a week. */
export const HOURS_PER_WEEK = 168;

/** When one scheduled action fires: on these days (0 = Sunday ... 6 = Saturday) at this minute of the day. */
export interface FiringTime {
  days: number[];
  minuteOfDay: number;
}

const AAS_DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/**
 * Reads the two forms the core helpers emit: Application Auto Scaling `cron(M H ? * MON,TUE *)`
 * and EC2 Auto Scaling Unix `M H * * 1,2` (Sunday 0 or 7). Anything else is `undefined`.
 */
export function parseFiringTime(expr: unknown): FiringTime | undefined {
  if (typeof expr !== "string") return undefined;
  const s = expr.trim();
  const aas = /^cron\((\d{1,2}) (\d{1,2}) \? \* ([A-Za-z]{3}(?:,[A-Za-z]{3})*) \*\)$/.exec(s);
  const unix = /^(\d{1,2}) (\d{1,2}) \* \* ([0-7](?:,[0-7])*)$/.exec(s);
  const m = aas ?? unix;
  if (!m) return undefined;
  const minute = Number(m[1]);
  const hour = Number(m[2]);
  if (minute > 59 || hour > 23) return undefined;
  const days = new Set<number>();
  for (const d of (m[3] as string).split(",")) {
    const n = aas ? AAS_DAYS.indexOf(d.toUpperCase()) : Number(d) % 7;
    if (n < 0) return undefined;
    days.add(n);
  }
  return { days: [...days].sort(), minuteOfDay: hour * 60 + minute };
}

/**
 * Hours a week between waking and going to sleep, when both fire on the same days and waking comes
 * first on each of them (the shape the core helpers emit); else the reason it cannot be read.
 */
export function awakeHoursPerWeek(wake: unknown, sleep: unknown): number | string {
  const w = parseFiringTime(wake);
  const s = parseFiringTime(sleep);
  if (!w || !s)
    return `schedule ${JSON.stringify(w ? sleep : wake)} is not cron(M H ? * DAYS *) or "M H * * D,D"`;
  if (w.days.join(",") !== s.days.join(","))
    return `wake (${String(wake)}) and sleep (${String(sleep)}) fire on different days`;
  if (s.minuteOfDay <= w.minuteOfDay)
    return `sleep (${String(sleep)}) is not later on the same day than wake (${String(wake)})`;
  return ((s.minuteOfDay - w.minuteOfDay) / 60) * w.days.length;
}

/** A sleep schedule read from the graph. */
export interface SleepSchedule {
  /** Hours awake in a week. */
  awakeHoursPerWeek: number;
  /** The capacity kept while asleep (tasks or instances). */
  floor: number;
  /** The two expressions and their time zone, for the assumptions. */
  wake: string;
  sleep: string;
  timezone: string;
}

/**
 * Found: the schedule. A string: the actions exist but cannot be read (priced always awake, and
 * the reason is an assumption). `undefined`: no sleep actions.
 */
export type SleepLookup = SleepSchedule | string | undefined;

function num(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && !isUnknown(v) ? v : undefined;
}

function rec(v: unknown): Record<string, unknown> | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

interface Action {
  expr: unknown;
  timezone: unknown;
  /** Capacity bounds the action sets: the sleep action has min = max = floor. */
  min: number | undefined;
  max: number | undefined;
  /** The capacity kept by the action (desired for ASGs, min for scalable targets). */
  keeps: number | undefined;
}

function pair(actions: Action[]): SleepLookup {
  if (actions.length === 0) return undefined;
  if (actions.length !== 2) return `${actions.length} scheduled actions (a sleep schedule has 2)`;
  const [a, b] = actions as [Action, Action];
  if (a.max === undefined || b.max === undefined || a.max === b.max)
    return "the scheduled actions' capacities are unknown or equal (no sleep and wake pair)";
  const [sleep, wake] = a.max < b.max ? [a, b] : [b, a];
  if (sleep.min !== sleep.max || sleep.keeps === undefined)
    return "the sleep action does not set min = max (the floor)";
  const hours = awakeHoursPerWeek(wake.expr, sleep.expr);
  if (typeof hours === "string") return hours;
  return {
    awakeHoursPerWeek: hours,
    floor: sleep.keeps,
    wake: String(wake.expr),
    sleep: String(sleep.expr),
    timezone: str(wake.timezone) ?? str(sleep.timezone) ?? "UTC",
  };
}

/**
 * The sleep schedule of an ECS service: the `aws:appautoscaling/scheduledAction:ScheduledAction`s
 * on its scalable target (`resourceId` `service/<cluster>/<service>`, or depending on the target
 * or the service through `resourceId`).
 */
export function serviceSleep(svc: GraphResource, all: Array<{ graph: ResourceGraph }>): SleepLookup {
  const svcName = str(svc.inputs["name"]) ?? str(svc.outputs["name"]) ?? svc.name;
  const linkedUrns = new Set([svc.urn]);
  for (const { graph } of all)
    for (const t of graph.ofType("aws:appautoscaling/target:Target"))
      if ((t.propertyDependencies["resourceId"] ?? []).includes(svc.urn)) linkedUrns.add(t.urn);
  const actions: Action[] = [];
  for (const { graph } of all) {
    for (const a of graph.ofType("aws:appautoscaling/scheduledAction:ScheduledAction")) {
      const rid = str(a.inputs["resourceId"]);
      const linked =
        (a.propertyDependencies["resourceId"] ?? []).some((u) => linkedUrns.has(u)) ||
        (rid?.startsWith("service/") && rid.endsWith(`/${svcName}`));
      if (linked) actions.push(scalableTargetAction(a));
    }
  }
  return pair(actions);
}

/**
 * What a sleep action's target is: the value of `prop` (`service/<cluster>/<service>`, a group's
 * name), else, unknown at plan time, every URN it came from.
 */
function targetKey(r: GraphResource, prop: string): string | undefined {
  const value = str(r.inputs[prop]);
  if (value !== undefined) return `value:${value}`;
  const deps = [...(r.propertyDependencies[prop] ?? [])].sort();
  return deps.length > 0 ? `urns:${deps.join(",")}` : undefined;
}

function scalableTargetAction(a: GraphResource): Action {
  const t = rec(a.inputs["scalableTargetAction"]);
  const min = num(t?.["minCapacity"]);
  return {
    expr: a.inputs["schedule"],
    timezone: a.inputs["timezone"],
    min,
    max: num(t?.["maxCapacity"]),
    keeps: min,
  };
}

function groupScheduleAction(s: GraphResource): Action {
  return {
    expr: s.inputs["recurrence"],
    timezone: s.inputs["timeZone"],
    min: num(s.inputs["minSize"]),
    max: num(s.inputs["maxSize"]),
    keeps: num(s.inputs["desiredCapacity"]) ?? num(s.inputs["minSize"]),
  };
}

/**
 * The scheduled actions of a graph that make up readable sleep schedules: Application Auto
 * Scaling actions grouped by the target their `resourceId` names, EC2 Auto Scaling schedules by
 * their group, each group kept when it reads as one sleep and wake pair. What the anchors do not
 * create, and what a resource always awake does not have.
 */
export function sleepActions(graph: ResourceGraph): GraphResource[] {
  const groups = new Map<string, { resources: GraphResource[]; actions: Action[] }>();
  const add = (key: string | undefined, r: GraphResource, a: Action) => {
    if (key === undefined) return;
    const g = groups.get(key) ?? { resources: [], actions: [] };
    g.resources.push(r);
    g.actions.push(a);
    groups.set(key, g);
  };
  for (const a of graph.ofType("aws:appautoscaling/scheduledAction:ScheduledAction"))
    add(targetKey(a, "resourceId"), a, scalableTargetAction(a));
  for (const s of graph.ofType("aws:autoscaling/schedule:Schedule"))
    add(targetKey(s, "autoscalingGroupName"), s, groupScheduleAction(s));
  return [...groups.values()].flatMap((g) => (typeof pair(g.actions) === "object" ? g.resources : []));
}

/**
 * The sleep schedule of an ECS Express service: the scheduled actions whose `resourceId` is
 * `service/<cluster>/<service name>` (the cluster's name, or the last part of its ARN, and the
 * service's `serviceName`), or that depend on the Express service through `resourceId`.
 */
export function expressSleep(ex: GraphResource, all: Array<{ graph: ResourceGraph }>): SleepLookup {
  const cluster = str(ex.inputs["cluster"]) ?? str(ex.outputs["cluster"]);
  const clusterName = cluster?.includes(":cluster/")
    ? cluster.slice(cluster.indexOf(":cluster/") + 9)
    : cluster;
  const service = str(ex.inputs["serviceName"]) ?? str(ex.outputs["serviceName"]);
  const rid = clusterName && service ? `service/${clusterName}/${service}` : undefined;
  const actions: Action[] = [];
  for (const { graph } of all)
    for (const a of graph.ofType("aws:appautoscaling/scheduledAction:ScheduledAction"))
      if (
        (a.propertyDependencies["resourceId"] ?? []).includes(ex.urn) ||
        (rid !== undefined && str(a.inputs["resourceId"]) === rid)
      )
        actions.push(scalableTargetAction(a));
  return pair(actions);
}

/**
 * The sleep schedule of an Auto Scaling group or an EKS managed node group (its ASG): the
 * `aws:autoscaling/schedule:Schedule`s whose `autoscalingGroupName` is the group's name or depends
 * on the group (or node group).
 */
export function groupSleep(group: GraphResource, all: Array<{ graph: ResourceGraph }>): SleepLookup {
  const names = new Set(
    [str(group.inputs["name"]), str(group.outputs["name"])].filter((n): n is string => n !== undefined),
  );
  const actions: Action[] = [];
  for (const { graph } of all) {
    for (const s of graph.ofType("aws:autoscaling/schedule:Schedule")) {
      const name = str(s.inputs["autoscalingGroupName"]);
      const linked =
        (s.propertyDependencies["autoscalingGroupName"] ?? []).includes(group.urn) ||
        (name !== undefined && names.has(name));
      if (linked) actions.push(groupScheduleAction(s));
    }
  }
  return pair(actions);
}
