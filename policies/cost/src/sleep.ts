/** Sleep schedules: non-production capacity that runs around the clock. */
import * as aws from "@pulumi/aws";
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { exemptNamesSchema, isProd, prodStacksSchema } from "./util";

/** True when `from` depends on one of `targets` through `prop`. */
function dependsThrough(from: PolicyResource, prop: string, targets: readonly PolicyResource[]): boolean {
  return (from.propertyDependencies[prop] ?? []).some((d) => targets.some((t) => t.urn === d.urn));
}

/**
 * The Application Auto Scaling scheduled actions of an ECS service: on its scalable target
 * (`resourceId` depends on the target or the service, or is `service/<cluster>/<service name>`).
 */
function serviceActions(
  svc: PolicyResource,
  targets: readonly PolicyResource[],
  actions: readonly PolicyResource[],
): PolicyResource[] {
  const linked = [svc, ...targets.filter((t) => dependsThrough(t, "resourceId", [svc]))];
  return actions.filter((a) => {
    if (dependsThrough(a, "resourceId", linked)) return true;
    const rid = a.props["resourceId"];
    // An ECS service's name is `name`; an Express service's is `serviceName`.
    const name = svc.props["name"] ?? svc.props["serviceName"] ?? svc.name;
    return typeof rid === "string" && rid.startsWith("service/") && rid.endsWith(`/${String(name)}`);
  });
}

/** The EC2 Auto Scaling scheduled actions of a group (or a node group's group). */
function groupActions(group: PolicyResource, schedules: readonly PolicyResource[]): PolicyResource[] {
  return schedules.filter((s) => {
    if (dependsThrough(s, "autoscalingGroupName", [group])) return true;
    if (!group.isType(aws.autoscaling.Group)) return false;
    const name = s.props["autoscalingGroupName"];
    return typeof name === "string" && name === group.props["name"];
  });
}

export const costSleepScheduleNonProd: StackValidationPolicy = {
  name: "cost-sleep-schedule-non-prod",
  description:
    "Outside production, ECS services (Express ones too), Auto Scaling groups and EKS node groups should sleep outside working hours (a sleep and a wake scheduled action).",
  severity: "medium",
  remediationSteps:
    'Set an `awake` block in the layer\'s `Pulumi.<env>.yaml` (e.g. `berth-workloads:awake: { days: Mon-Fri, from: "07:00", to: "20:00", timezone: Europe/Berlin }`): the Berth components then create an Application Auto Scaling scheduled action pair on each service\'s scalable target and an `aws.autoscaling.Schedule` pair on each group.',
  configSchema: { properties: { prodStacks: prodStacksSchema, exemptNames: exemptNamesSchema } },
  validateStack: (args, report) => {
    const cfg = args.getConfig<{ prodStacks: string[]; exemptNames: string[] }>();
    const capacity = args.resources.filter(
      (r) =>
        !cfg.exemptNames.includes(r.name) &&
        (r.isType(aws.ecs.Service) ||
          r.isType(aws.ecs.ExpressGatewayService) ||
          r.isType(aws.autoscaling.Group) ||
          r.isType(aws.eks.NodeGroup)),
    );
    const first = capacity[0];
    if (!first) return args.notApplicable("no ECS services, Auto Scaling groups or EKS node groups");
    if (isProd(first.urn, args.stackTags, cfg.prodStacks)) return args.notApplicable("a production stack");
    const targets = args.resources.filter((r) => r.isType(aws.appautoscaling.Target));
    const actions = args.resources.filter((r) => r.isType(aws.appautoscaling.ScheduledAction));
    const schedules = args.resources.filter((r) => r.isType(aws.autoscaling.Schedule));
    for (const r of capacity) {
      if (r.isType(aws.ecs.Service) || r.isType(aws.ecs.ExpressGatewayService)) {
        if (r.props["schedulingStrategy"] === "DAEMON") continue; // one task per instance: sleeps with its group
        // Express Mode registers the service's scalable target itself: the actions name it by resourceId.
        const n = serviceActions(r, targets, actions).length;
        const what = r.isType(aws.ecs.Service) ? "ECS service" : "ECS Express service";
        if (n < 2)
          report(
            `${what} "${r.name}" has ${n} scheduled action(s) on its scalable target: no sleep schedule (a sleep and a wake action)`,
            r.urn,
          );
      } else {
        const n = groupActions(r, schedules).length;
        const what = r.isType(aws.eks.NodeGroup) ? "EKS node group" : "Auto Scaling group";
        if (n < 2)
          report(
            `${what} "${r.name}" has ${n} aws.autoscaling.Schedule(s): no sleep schedule (a sleep and a wake action)`,
            r.urn,
          );
      }
    }
  },
};

export const sleepPolicies = [costSleepScheduleNonProd];
