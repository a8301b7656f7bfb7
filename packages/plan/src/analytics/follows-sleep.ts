/**
 * Usage that follows sleep: a log group written only by tasks that sleep, and a load balancer
 * whose every target group feeds capacity that sleeps, carry traffic only while that capacity is
 * awake. The cost model prices their usage-based lines for the awake hours; anything else that
 * writes to them or sends them traffic keeps them always awake.
 */
import type { GraphResource, ResourceGraph } from "../graph";
import { isUnknown } from "../values";
import { expressSleep, groupSleep, type SleepSchedule, serviceSleep } from "./sleep";

/** The sleeping capacity a resource only serves. */
export interface FollowedSleep {
  /** Hours a week the capacity is awake (the longest of them when they differ). */
  awakeHoursPerWeek: number;
  /** The names of the sleeping services or groups, sorted. */
  serves: string[];
}

type Layers = Array<{ graph: ResourceGraph }>;

const SERVICE = "aws:ecs/service:Service";
const EXPRESS = "aws:ecs/expressGatewayService:ExpressGatewayService";
const GROUP = "aws:autoscaling/group:Group";
const TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition";
const LISTENERS = new Set(["aws:lb/listener:Listener", "aws:alb/listener:Listener"]);
const RULES = new Set(["aws:lb/listenerRule:ListenerRule", "aws:alb/listenerRule:ListenerRule"]);
const TARGET_GROUPS = new Set(["aws:lb/targetGroup:TargetGroup", "aws:alb/targetGroup:TargetGroup"]);
const ACCESS_LOGS = "aws:vpclattice/accessLogSubscription:AccessLogSubscription";
const LATTICE_SERVICE = "aws:vpclattice/service:Service";
const LATTICE_NETWORK = "aws:vpclattice/serviceNetwork:ServiceNetwork";
const LATTICE_ASSOCIATION =
  "aws:vpclattice/serviceNetworkServiceAssociation:ServiceNetworkServiceAssociation";
const LATTICE_LISTENER = "aws:vpclattice/listener:Listener";
const LATTICE_RULE = "aws:vpclattice/listenerRule:ListenerRule";
const LATTICE_TARGET_GROUP = "aws:vpclattice/targetGroup:TargetGroup";

/** Types that refer to a log group, target group or load balancer without writing to it or sending it traffic. */
const PASSIVE = new Set([
  "aws:cloudwatch/logMetricFilter:LogMetricFilter",
  "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter",
  "aws:cloudwatch/metricAlarm:MetricAlarm",
  "aws:appautoscaling/policy:Policy",
]);

function passive(r: GraphResource): boolean {
  return r.type.startsWith("aws:iam/") || PASSIVE.has(r.type);
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && !isUnknown(v) ? v : undefined;
}

function rec(v: unknown): Record<string, unknown> | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

function list(v: unknown): unknown[] {
  if (typeof v === "string") {
    try {
      const parsed: unknown = JSON.parse(v);
      return Array.isArray(parsed) ? parsed : [];
    } catch {
      return [];
    }
  }
  return Array.isArray(v) ? v : [];
}

function everyResource(all: Layers): GraphResource[] {
  return all.flatMap(({ graph }) => [...graph.resources]);
}

/**
 * The resource an identifier input names: the one it depends on through that input, else the one
 * whose id or ARN it is (a layer reads another's through a stack reference, without a dependency).
 */
function referenced(r: GraphResource, prop: string, all: Layers): GraphResource | undefined {
  const resources = everyResource(all);
  const urns = new Set(r.propertyDependencies[prop] ?? []);
  const byDep = resources.find((x) => urns.has(x.urn) && x.custom && !x.type.startsWith("pulumi:"));
  if (byDep) return byDep;
  const value = str(r.inputs[prop]);
  if (value === undefined) return undefined;
  return resources.find((x) => x.custom && !x.read && (x.id === value || str(x.outputs["arn"]) === value));
}

function dependentsOf(urn: string, all: Layers): GraphResource[] {
  return everyResource(all).filter((r) => r.dependencies.includes(urn));
}

/** The capacity's sleep schedule when it sleeps to zero. */
function sleepsToZero(r: GraphResource, all: Layers): SleepSchedule | undefined {
  const lookup =
    r.type === SERVICE
      ? serviceSleep(r, all)
      : r.type === EXPRESS
        ? expressSleep(r, all)
        : r.type === GROUP
          ? groupSleep(r, all)
          : undefined;
  return typeof lookup === "object" && lookup.floor === 0 ? lookup : undefined;
}

/** When every one of `capacity` (at least one) sleeps to zero: the longest awake hours. */
function allSleep(capacity: GraphResource[], all: Layers): FollowedSleep | undefined {
  if (capacity.length === 0) return undefined;
  let hours = 0;
  for (const c of capacity) {
    const s = sleepsToZero(c, all);
    if (!s) return undefined;
    hours = Math.max(hours, s.awakeHoursPerWeek);
  }
  return { awakeHoursPerWeek: hours, serves: [...new Set(capacity.map((c) => c.name))].sort() };
}

/** The `awslogs-group` of each container of a task definition. */
function awslogsGroups(td: GraphResource): string[] {
  return list(td.inputs["containerDefinitions"])
    .map((c) => str(rec(rec(rec(c)?.["logConfiguration"])?.["options"])?.["awslogs-group"]))
    .filter((g): g is string => g !== undefined);
}

/** The log groups an Express service's primary container writes to. */
function expressLogGroups(ex: GraphResource): string[] {
  return list(rec(ex.inputs["primaryContainer"])?.["awsLogsConfigurations"])
    .map((c) => str(rec(c)?.["logGroup"]))
    .filter((g): g is string => g !== undefined);
}

/** Whether a service's `taskDefinition` names this task definition (ARN, family or family:revision). */
function runs(svc: GraphResource, td: GraphResource): boolean {
  if ((svc.propertyDependencies["taskDefinition"] ?? []).includes(td.urn)) return true;
  const ref = str(svc.inputs["taskDefinition"]);
  const family = str(td.inputs["family"]);
  if (!ref) return false;
  if (ref === str(td.outputs["arn"])) return true;
  return family !== undefined && (ref === family || new RegExp(`(^|/)${family}(:\\d+)?$`).test(ref));
}

/** The ECS services that run a task definition; undefined when anything else runs it (a schedule, an event). */
function servicesRunning(td: GraphResource, all: Layers): GraphResource[] | undefined {
  const out: GraphResource[] = [];
  for (const r of everyResource(all)) {
    if (r.type === SERVICE) {
      if (runs(r, td)) out.push(r);
    } else if (r.dependencies.includes(td.urn) && !passive(r)) return undefined;
  }
  return out;
}

/**
 * The capacity a VPC Lattice access log subscription logs the requests of: its Lattice service's
 * (see {@link latticeServiceFollows}), or those of every service associated with its service
 * network. Undefined when it logs anything else, or a service's targets are not all found.
 */
function accessLogCapacity(sub: GraphResource, all: Layers): GraphResource[] | undefined {
  const subject = referenced(sub, "resourceIdentifier", all);
  let services: GraphResource[] = [];
  if (subject?.type === LATTICE_SERVICE) services = [subject];
  else if (subject?.type === LATTICE_NETWORK)
    services = everyResource(all)
      .filter(
        (r) => r.type === LATTICE_ASSOCIATION && referenced(r, "serviceNetworkIdentifier", all) === subject,
      )
      .map((a) => referenced(a, "serviceIdentifier", all))
      .filter((r): r is GraphResource => r?.type === LATTICE_SERVICE);
  if (services.length === 0) return undefined;
  const capacity: GraphResource[] = [];
  for (const svc of services) {
    const c = latticeCapacity(svc, all);
    if (!c) return undefined;
    capacity.push(...c);
  }
  return capacity;
}

/**
 * The sleeping capacity a log group is written by: its writers are task definitions (through the
 * ECS services that run them), Express services and VPC Lattice access log subscriptions (through
 * the services whose requests they log), every one of which sleeps to zero. Undefined when
 * anything else writes to it (a flow log, a build project, a scheduled task, a service that stays
 * awake or keeps a floor while asleep).
 */
export function logGroupFollows(lg: GraphResource, all: Layers): FollowedSleep | undefined {
  const name = str(lg.inputs["name"]) ?? str(lg.outputs["name"]);
  const capacity: GraphResource[] = [];
  for (const r of everyResource(all)) {
    const byName =
      name !== undefined &&
      ((r.type === TASK_DEFINITION && awslogsGroups(r).includes(name)) ||
        (r.type === EXPRESS && expressLogGroups(r).includes(name)));
    if (!(byName || r.dependencies.includes(lg.urn)) || passive(r)) continue;
    if (r.type === EXPRESS) capacity.push(r);
    else if (r.type === ACCESS_LOGS) {
      const logged = accessLogCapacity(r, all);
      if (!logged) return undefined;
      capacity.push(...logged);
    } else if (r.type === TASK_DEFINITION) {
      const services = servicesRunning(r, all);
      if (!services) return undefined;
      capacity.push(...services);
    } else return undefined;
  }
  return allSleep(capacity, all);
}

/**
 * The sleeping capacity behind a load balancer: the target groups its listeners and their rules
 * forward to, each fed only by ECS services or Auto Scaling groups, every one of which sleeps to
 * zero. Undefined when a listener forwards nowhere found, or a target group has other targets.
 */
export function loadBalancerFollows(lb: GraphResource, all: Layers): FollowedSleep | undefined {
  const byUrn = new Map(everyResource(all).map((r) => [r.urn, r]));
  const targetGroups = new Set<string>();
  for (const listener of dependentsOf(lb.urn, all).filter((r) => LISTENERS.has(r.type))) {
    const actions = [
      ...(listener.propertyDependencies["defaultActions"] ?? []),
      ...dependentsOf(listener.urn, all)
        .filter((r) => RULES.has(r.type))
        .flatMap((rule) => rule.propertyDependencies["actions"] ?? []),
    ];
    for (const u of actions) if (TARGET_GROUPS.has(byUrn.get(u)?.type ?? "")) targetGroups.add(u);
  }
  const capacity: GraphResource[] = [];
  for (const tg of targetGroups) {
    const feeders = dependentsOf(tg, all).filter(
      (r) => !passive(r) && !LISTENERS.has(r.type) && !RULES.has(r.type),
    );
    if (feeders.length === 0 || feeders.some((f) => f.type !== SERVICE && f.type !== GROUP)) return undefined;
    capacity.push(...feeders);
  }
  return allSleep(capacity, all);
}

/**
 * The ECS services behind a VPC Lattice service: the target groups its listeners and their rules
 * forward to, each fed only by ECS services (`vpcLatticeConfigurations`). Undefined when a target
 * group has other targets (an attachment, a Lambda, an ALB) or none found.
 */
function latticeCapacity(svc: GraphResource, all: Layers): GraphResource[] | undefined {
  const byUrn = new Map(everyResource(all).map((r) => [r.urn, r]));
  const targetGroups = new Set<string>();
  for (const listener of dependentsOf(svc.urn, all).filter((r) => r.type === LATTICE_LISTENER)) {
    const actions = [
      ...(listener.propertyDependencies["defaultAction"] ?? []),
      ...dependentsOf(listener.urn, all)
        .filter((r) => r.type === LATTICE_RULE)
        .flatMap((rule) => rule.propertyDependencies["action"] ?? []),
    ];
    for (const u of actions) if (byUrn.get(u)?.type === LATTICE_TARGET_GROUP) targetGroups.add(u);
  }
  if (targetGroups.size === 0) return undefined;
  const capacity: GraphResource[] = [];
  for (const tg of targetGroups) {
    const feeders = dependentsOf(tg, all).filter(
      (r) => !passive(r) && r.type !== LATTICE_LISTENER && r.type !== LATTICE_RULE,
    );
    if (feeders.length === 0 || feeders.some((f) => f.type !== SERVICE)) return undefined;
    capacity.push(...feeders);
  }
  return capacity;
}

/** The sleeping ECS services behind a VPC Lattice service, when every one of them sleeps to zero. */
export function latticeServiceFollows(svc: GraphResource, all: Layers): FollowedSleep | undefined {
  const capacity = latticeCapacity(svc, all);
  return capacity ? allSleep(capacity, all) : undefined;
}
