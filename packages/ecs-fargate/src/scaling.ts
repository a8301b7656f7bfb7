import {
  type ResolvedAwakeSchedule,
  type SleepBounds,
  scalableTargetSleepActions,
  type ValidationIssue,
  Validator,
} from "@berth/core";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** The statistic of a CloudWatch metric. */
export const ScalingStatistic = {
  /** Average. */
  Average: "Average",
  /** Sum. */
  Sum: "Sum",
  /** Maximum. */
  Maximum: "Maximum",
  /** Minimum. */
  Minimum: "Minimum",
  /** Number of data points. */
  SampleCount: "SampleCount",
} as const;
/** The statistic of a CloudWatch metric. */
export type ScalingStatistic = (typeof ScalingStatistic)[keyof typeof ScalingStatistic];

/** How a CloudWatch alarm compares the metric with its threshold. */
export const AlarmComparison = {
  /** Metric >= threshold. */
  GreaterThanOrEqualToThreshold: "GreaterThanOrEqualToThreshold",
  /** Metric > threshold. */
  GreaterThanThreshold: "GreaterThanThreshold",
  /** Metric < threshold. */
  LessThanThreshold: "LessThanThreshold",
  /** Metric <= threshold. */
  LessThanOrEqualToThreshold: "LessThanOrEqualToThreshold",
} as const;
/** How a CloudWatch alarm compares the metric with its threshold. */
export type AlarmComparison = (typeof AlarmComparison)[keyof typeof AlarmComparison];

/** A metric a step scaling expression refers to by id. */
export interface StepScalingMetric {
  /** Id used in the expression, e.g. `m1`. */
  id: string;
  /** Metric namespace, e.g. `AWS/SQS`. */
  namespace: string;
  /** Metric name. */
  metricName: string;
  /** Metric dimensions. @default {} */
  dimensions?: Record<string, pulumi.Input<string>>;
  /** Statistic, e.g. `Sum`. */
  stat: string;
}

/** One step of a step scaling policy, bounds relative to the alarm threshold. */
export interface ScalingStep {
  /** Lower bound (inclusive) of the metric minus the threshold. @default no lower bound */
  lower?: number;
  /** Upper bound (exclusive). @default no upper bound */
  upper?: number;
  /** Tasks to add (positive) or remove (negative). */
  change: number;
}

/** Step scaling on a CloudWatch alarm. */
export interface StepScalingArgs {
  /** Name suffix of the policy and alarm, e.g. `queue-depth`. */
  name: string;
  /** Metric namespace, e.g. `AWS/SQS` (or use `expression`). @default none */
  namespace?: string;
  /** Metric name, e.g. `ApproximateNumberOfMessagesVisible` (or use `expression`). @default none */
  metricName?: string;
  /** Metric math expression over `metrics`, instead of one metric, e.g. `IF(m1 > 0 AND FILL(m2, 0) < 1, 1, 0)`. @default none */
  expression?: string;
  /** Metrics the expression refers to by id. @default [] */
  metrics?: StepScalingMetric[];
  /** Metric dimensions. @default {} */
  dimensions?: Record<string, pulumi.Input<string>>;
  /** Statistic. @default "Average" */
  statistic?: ScalingStatistic;
  /** Alarm threshold. */
  threshold: number;
  /** Alarm comparison. @default "GreaterThanOrEqualToThreshold" */
  comparison?: AlarmComparison;
  /** Period in seconds. @default 60 */
  period?: number;
  /** Evaluation periods. @default 1 */
  evaluationPeriods?: number;
  /** Steps. */
  steps: ScalingStep[];
  /** Seconds before another step action. @default 60 */
  cooldown?: number;
}

/** A scheduled change of the capacity range (e.g. more tasks during office hours). */
export interface ScheduledScaling {
  /** Name suffix, e.g. `office-hours`. */
  name: string;
  /** `cron(...)`, `rate(...)` or `at(...)` expression. */
  schedule: string;
  /** IANA time zone of the schedule. @default "UTC" */
  timezone?: string;
  /** New minimum. @default unchanged */
  minCapacity?: number;
  /** New maximum. @default unchanged */
  maxCapacity?: number;
}

/** Application Auto Scaling for an ECS service. */
export interface ServiceScalingArgs {
  /** Fewest tasks. @default 1 */
  minCapacity?: number;
  /** Most tasks. */
  maxCapacity: number;
  /** Target average CPU utilization in percent. @default 70 when no other target is set, else none */
  cpuTarget?: number;
  /** Target average memory utilization in percent. @default none */
  memoryTarget?: number;
  /** Target ALB requests per task per minute (needs a load balancer). @default none */
  requestsPerTarget?: number;
  /** Seconds after a scale-in before another. @default 300 */
  scaleInCooldown?: number;
  /** Seconds after a scale-out before another. @default 60 */
  scaleOutCooldown?: number;
  /** Step scaling policies on alarms. @default [] */
  steps?: StepScalingArgs[];
  /** Scheduled capacity changes. @default [] */
  schedules?: ScheduledScaling[];
}

/** The children created by {@link createServiceScaling}. */
export interface ServiceScaling {
  /** The scalable target. */
  target: aws.appautoscaling.Target;
  /** Target tracking and step policies. */
  policies: aws.appautoscaling.Policy[];
  /** Alarms of the step policies. */
  alarms: aws.cloudwatch.MetricAlarm[];
  /** Scheduled actions. */
  schedules: aws.appautoscaling.ScheduledAction[];
}

/** The Application Auto Scaling resource id of an ECS service: `service/<cluster>/<service>`. */
export function ecsResourceId(
  clusterName: pulumi.Input<string>,
  serviceName: pulumi.Input<string>,
): pulumi.Output<string> {
  return pulumi.interpolate`service/${clusterName}/${serviceName}`;
}

/**
 * Backlog per task that target tracking keeps: how many messages one task may have queued so the
 * last one still starts within the acceptable latency. `acceptableLatencySeconds / secondsPerMessage`.
 */
export function backlogTarget(acceptableLatencySeconds: number, secondsPerMessage: number): number {
  return acceptableLatencySeconds / secondsPerMessage;
}

/** Tasks needed for a backlog: `ceil(visibleMessages / backlogTarget)`, clamped to the range. */
export function tasksForBacklog(visibleMessages: number, target: number, min: number, max: number): number {
  const want = visibleMessages <= 0 ? 0 : Math.ceil(visibleMessages / target);
  return Math.min(max, Math.max(min, want));
}

/**
 * The metric math of backlog per task: `m1 / m2` where `m1` is the queue's
 * `ApproximateNumberOfMessagesVisible` and `m2` the service's running task count (Container Insights
 * `RunningTaskCount`, so the cluster needs Container Insights).
 */
export function backlogPerTaskMetric(
  queueName: pulumi.Input<string>,
  clusterName: pulumi.Input<string>,
  serviceName: pulumi.Input<string>,
): aws.types.input.appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecification {
  return {
    metrics: [
      {
        id: "m1",
        label: "visible messages",
        returnData: false,
        metricStat: {
          metric: {
            namespace: "AWS/SQS",
            metricName: "ApproximateNumberOfMessagesVisible",
            dimensions: [{ name: "QueueName", value: queueName }],
          },
          stat: "Sum",
        },
      },
      {
        id: "m2",
        label: "running tasks",
        returnData: false,
        metricStat: {
          metric: {
            namespace: "ECS/ContainerInsights",
            metricName: "RunningTaskCount",
            dimensions: [
              { name: "ClusterName", value: clusterName },
              { name: "ServiceName", value: serviceName },
            ],
          },
          stat: "Average",
        },
      },
      { id: "e1", label: "backlog per task", expression: "m1 / m2", returnData: true },
    ],
  };
}

/**
 * Requests per task across the target groups a service alternates between in blue/green, canary
 * and linear deployments: the larger `RequestCountPerTarget` of the groups (each missing point read
 * as 0). `ALBRequestCountPerTarget` follows one group only and reads about 0 once ECS has swapped
 * the production group. `RequestCountPerTarget` takes the `TargetGroup` dimension and only the
 * `Sum` statistic (ELB Application Load Balancer guide, "CloudWatch metrics", Target metrics).
 */
export function requestsPerTargetOfGroups(
  targetGroupSuffixes: readonly pulumi.Input<string>[],
): aws.types.input.appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecification {
  const ids = targetGroupSuffixes.map((_, i) => `m${i + 1}`);
  return {
    metrics: [
      ...targetGroupSuffixes.map((tg, i) => ({
        id: ids[i] as string,
        label: `requests per target of group ${i + 1}`,
        returnData: false,
        metricStat: {
          metric: {
            namespace: "AWS/ApplicationELB",
            metricName: "RequestCountPerTarget",
            dimensions: [{ name: "TargetGroup", value: tg }],
          },
          stat: "Sum",
        },
      })),
      {
        id: "e1",
        label: "requests per target of the live groups",
        expression: `MAX([${ids.map((id) => `FILL(${id}, 0)`).join(", ")}])`,
        returnData: true,
      },
    ],
  };
}

/** Checks scaling args at plan time; paths under `path` (e.g. `autoscaling`). */
export function checkScaling(
  s: ServiceScalingArgs,
  path = "autoscaling",
  opts: { hasLoadBalancer?: boolean; allowZero?: boolean } = {},
): ValidationIssue[] {
  const v = new Validator("", "");
  const min = s.minCapacity ?? 1;
  // ECS service quota "Tasks per service": 5,000.
  v.intIn(`${path}.minCapacity`, s.minCapacity, opts.allowZero === false ? 1 : 0, 5000);
  if (v.required(`${path}.maxCapacity`, s.maxCapacity, "an integer from 1 to 5000"))
    v.intIn(`${path}.maxCapacity`, s.maxCapacity, 1, 5000);
  if (s.maxCapacity < min)
    v.check(false, `${path}.maxCapacity`, s.maxCapacity, `at least minCapacity (${min})`);
  for (const [field, value] of [
    ["cpuTarget", s.cpuTarget],
    ["memoryTarget", s.memoryTarget],
  ] as const) {
    if (value !== undefined)
      v.check(value > 0 && value <= 100, `${path}.${field}`, value, "a percentage above 0 and at most 100");
  }
  if (s.requestsPerTarget !== undefined) {
    v.check(
      Number.isFinite(s.requestsPerTarget) && s.requestsPerTarget > 0,
      `${path}.requestsPerTarget`,
      s.requestsPerTarget,
      "a finite number above 0",
    );
    v.check(
      opts.hasLoadBalancer === true,
      `${path}.requestsPerTarget`,
      s.requestsPerTarget,
      "none without an ALB target group (set loadBalancer)",
    );
  }
  (s.steps ?? []).forEach((st, i) => {
    checkStepScaling(v, st, `${path}.steps[${i}]`);
  });
  (s.schedules ?? []).forEach((sc, i) => {
    v.check(
      /^(cron|rate|at)\(.+\)$/.test(sc.schedule),
      `${path}.schedules[${i}].schedule`,
      sc.schedule,
      "cron(...), rate(...) or at(...)",
    );
    v.check(
      sc.minCapacity !== undefined || sc.maxCapacity !== undefined,
      `${path}.schedules[${i}]`,
      sc.name,
      "minCapacity or maxCapacity",
    );
  });
  return [...v.issues];
}

/** One step scaling policy: one metric or metric math, finite threshold and bounds, non-zero changes. */
function checkStepScaling(v: Validator, st: StepScalingArgs, at: string): void {
  const single = st.namespace !== undefined && st.metricName !== undefined;
  const math = st.expression !== undefined && (st.metrics?.length ?? 0) > 0;
  v.check(single !== math, at, st.name, "namespace and metricName, or expression and metrics, not both");
  v.check(Number.isFinite(st.threshold), `${at}.threshold`, st.threshold, "a finite number");
  for (const [j, x] of st.steps.entries()) {
    for (const bound of ["lower", "upper"] as const) {
      const b = x[bound];
      if (b !== undefined) v.check(Number.isFinite(b), `${at}.steps[${j}].${bound}`, b, "a finite number");
    }
  }
  if (st.steps.length === 0) v.check(false, `${at}.steps`, [], "at least one step");
  v.check(
    st.steps.every((x) => Number.isInteger(x.change) && x.change !== 0),
    `${at}.steps`,
    st.steps.map((x) => x.change),
    "non-zero integer changes",
  );
}

/** Inputs of {@link createServiceScaling}. */
export interface ServiceScalingTarget {
  /** Cluster name. */
  clusterName: pulumi.Input<string>;
  /** Service name. */
  serviceName: pulumi.Input<string>;
  /** ALB resource label `app/<lb>/<id>/targetgroup/<tg>/<id>` for request-count tracking. @default none */
  resourceLabel?: pulumi.Input<string>;
  /**
   * Request-count metric that replaces the one-group `resourceLabel` tracking, e.g.
   * {@link requestsPerTargetOfGroups} for a service whose production group alternates. @default none
   */
  requestsMetric?: aws.types.input.appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecification;
  /** A custom metric to track, e.g. {@link backlogPerTaskMetric}, with its target value. @default none */
  customMetric?: {
    name: string;
    target: number;
    spec: aws.types.input.appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecification;
  };
  /**
   * The checked awake schedule: outside it the target sleeps at 0 tasks (both bounds 0) and
   * waking restores `minCapacity`/`maxCapacity` ({@link createSleepActions}). @default always awake
   */
  awake?: ResolvedAwakeSchedule;
}

/** The scalable target fields a scheduled action repeats. */
interface ScalableTargetRef {
  resourceId: pulumi.Input<string>;
  scalableDimension: pulumi.Input<string>;
  serviceNamespace: pulumi.Input<string>;
}

/**
 * The two Application Auto Scaling scheduled actions of a sleep schedule on one scalable target,
 * named `${targetName}-sleep` and `${targetName}-wake`, exactly as `scalableTargetSleepActions`
 * of `@berth/core` returns them. Application Auto Scaling takes a six-field `cron()` with an IANA
 * `timezone` (Application Auto Scaling API Reference, PutScheduledAction: Schedule, Timezone).
 */
export function createSleepActions(
  targetName: string,
  target: ScalableTargetRef,
  awake: ResolvedAwakeSchedule,
  bounds: SleepBounds,
  parent: pulumi.Resource,
): aws.appautoscaling.ScheduledAction[] {
  return scalableTargetSleepActions(awake, bounds).map(
    (a) =>
      new aws.appautoscaling.ScheduledAction(
        `${targetName}-${a.phase}`,
        {
          resourceId: target.resourceId,
          scalableDimension: target.scalableDimension,
          serviceNamespace: target.serviceNamespace,
          schedule: a.schedule,
          timezone: a.timezone,
          // A 0 is sent as 0: the provider reads both as nullable integers, leaving out only an
          // empty value (terraform-provider-aws internal/service/appautoscaling/scheduled_action.go,
          // expandScalableTargetAction).
          scalableTargetAction: { minCapacity: a.minCapacity, maxCapacity: a.maxCapacity },
        },
        { parent },
      ),
  );
}

/**
 * The scalable target's bounds when scheduled actions set them: a scheduled action writes
 * `MinCapacity`/`MaxCapacity` at its time (Application Auto Scaling User Guide, "How scheduled
 * scaling for Application Auto Scaling works": "A scheduled action sets the MinCapacity and
 * MaxCapacity to what is specified by the scheduled action"), so the program leaves them to the
 * actions. Otherwise the nightly refreshing preview
 * (drift workflow, 05:17 UTC) reports every sleeping service as drift, and a `pulumi up` at night
 * restores the awake bounds and wakes the service until its next sleep time. A change to the
 * bounds reaches the target through the wake action (and the user's actions) at their next time.
 */
const BOUNDS_OWNED_BY_SCHEDULES = ["minCapacity", "maxCapacity"];

/**
 * A scalable target `${name}-scaling` with both bounds at the service's fixed task count, and its
 * sleep and wake actions: how a service without autoscaling gets a sleep schedule. No scaling
 * policy is attached, so the count stays `desiredCount` while awake.
 */
export function createSleepOnlyScaling(
  name: string,
  desiredCount: number,
  on: { clusterName: pulumi.Input<string>; serviceName: pulumi.Input<string> },
  awake: ResolvedAwakeSchedule,
  parent: pulumi.Resource,
): { target: aws.appautoscaling.Target; schedules: aws.appautoscaling.ScheduledAction[] } {
  const target = new aws.appautoscaling.Target(
    `${name}-scaling`,
    {
      serviceNamespace: "ecs",
      scalableDimension: "ecs:service:DesiredCount",
      resourceId: ecsResourceId(on.clusterName, on.serviceName),
      minCapacity: desiredCount,
      maxCapacity: desiredCount,
    },
    { parent, ignoreChanges: BOUNDS_OWNED_BY_SCHEDULES },
  );
  const schedules = createSleepActions(
    `${name}-scaling`,
    target,
    awake,
    { min: desiredCount, max: desiredCount },
    parent,
  );
  return { target, schedules };
}

/** Scaling args with their defaults filled (what the scaling builders send). */
export interface ResolvedServiceScaling {
  /** Fewest tasks. */
  minCapacity: number;
  /** Most tasks. */
  maxCapacity: number;
  /** CPU target: the given one, or 70 when no other target or step policy is set. */
  cpuTarget: number | undefined;
  /** Seconds after a scale-in before another. */
  scaleInCooldown: number;
  /** Seconds after a scale-out before another. */
  scaleOutCooldown: number;
}

/** Fills the defaults of scaling args once; `customMetric` counts as another target. */
export function resolveServiceScaling(
  args: ServiceScalingArgs,
  customMetric: boolean,
): ResolvedServiceScaling {
  const noOtherTarget =
    args.memoryTarget === undefined &&
    args.requestsPerTarget === undefined &&
    !customMetric &&
    !args.steps?.length;
  return {
    minCapacity: args.minCapacity ?? 1,
    maxCapacity: args.maxCapacity,
    cpuTarget: args.cpuTarget ?? (noOtherTarget ? 70 : undefined),
    scaleInCooldown: args.scaleInCooldown ?? 300,
    scaleOutCooldown: args.scaleOutCooldown ?? 60,
  };
}

/**
 * Creates the scalable target `${name}-scaling` and its policies: target tracking on CPU, memory,
 * ALB requests per target or a custom metric, step policies with their alarms, and scheduled actions.
 */
export function createServiceScaling(
  name: string,
  args: ServiceScalingArgs,
  on: ServiceScalingTarget,
  parent: pulumi.Resource,
): ServiceScaling {
  const r = resolveServiceScaling(args, on.customMetric !== undefined);
  const target = new aws.appautoscaling.Target(
    `${name}-scaling`,
    {
      serviceNamespace: "ecs",
      scalableDimension: "ecs:service:DesiredCount",
      resourceId: ecsResourceId(on.clusterName, on.serviceName),
      minCapacity: r.minCapacity,
      maxCapacity: r.maxCapacity,
    },
    // Scheduled actions (the user's or the sleep schedule) set the bounds at their times.
    { parent, ...(on.awake || args.schedules?.length ? { ignoreChanges: BOUNDS_OWNED_BY_SCHEDULES } : {}) },
  );
  const ref: ScalableTargetRef = {
    resourceId: target.resourceId,
    scalableDimension: target.scalableDimension,
    serviceNamespace: target.serviceNamespace,
  };
  const policies = createTrackingPolicies(name, args, r, on, ref, parent);
  const alarms: aws.cloudwatch.MetricAlarm[] = [];
  for (const st of args.steps ?? []) {
    const step = createStepPolicy(name, st, ref, parent);
    policies.push(step.policy);
    alarms.push(step.alarm);
  }
  const schedules = createScheduledActions(name, args.schedules ?? [], ref, parent);
  if (on.awake) {
    const bounds = { min: r.minCapacity, max: r.maxCapacity };
    schedules.push(...createSleepActions(`${name}-scaling`, ref, on.awake, bounds, parent));
  }
  return { target, policies, alarms, schedules };
}

/** Target tracking policies `${name}-cpu`, `-memory`, `-requests` and the custom metric's. */
function createTrackingPolicies(
  name: string,
  args: ServiceScalingArgs,
  r: ResolvedServiceScaling,
  on: ServiceScalingTarget,
  ref: ScalableTargetRef,
  parent: pulumi.Resource,
): aws.appautoscaling.Policy[] {
  const cooldowns = { scaleInCooldown: r.scaleInCooldown, scaleOutCooldown: r.scaleOutCooldown };
  const policies: aws.appautoscaling.Policy[] = [];
  const tracking = (
    suffix: string,
    targetValue: number,
    metric: Omit<
      aws.types.input.appautoscaling.PolicyTargetTrackingScalingPolicyConfiguration,
      "targetValue" | "scaleInCooldown" | "scaleOutCooldown"
    >,
  ) =>
    policies.push(
      new aws.appautoscaling.Policy(
        `${name}-${suffix}`,
        {
          ...ref,
          policyType: "TargetTrackingScaling",
          targetTrackingScalingPolicyConfiguration: { ...cooldowns, targetValue, ...metric },
        },
        { parent },
      ),
    );
  const predefined = (predefinedMetricType: string, resourceLabel?: pulumi.Input<string>) => ({
    predefinedMetricSpecification: { predefinedMetricType, ...(resourceLabel ? { resourceLabel } : {}) },
  });
  if (r.cpuTarget !== undefined) tracking("cpu", r.cpuTarget, predefined("ECSServiceAverageCPUUtilization"));
  if (args.memoryTarget !== undefined)
    tracking("memory", args.memoryTarget, predefined("ECSServiceAverageMemoryUtilization"));
  if (args.requestsPerTarget !== undefined && on.requestsMetric !== undefined) {
    tracking("requests", args.requestsPerTarget, { customizedMetricSpecification: on.requestsMetric });
  } else if (args.requestsPerTarget !== undefined && on.resourceLabel !== undefined) {
    tracking("requests", args.requestsPerTarget, predefined("ALBRequestCountPerTarget", on.resourceLabel));
  }
  if (on.customMetric) {
    tracking(on.customMetric.name, on.customMetric.target, {
      customizedMetricSpecification: on.customMetric.spec,
    });
  }
  return policies;
}

/** A step scaling policy `${name}-${step.name}` and the alarm of the same name that drives it. */
function createStepPolicy(
  name: string,
  st: StepScalingArgs,
  ref: ScalableTargetRef,
  parent: pulumi.Resource,
): { policy: aws.appautoscaling.Policy; alarm: aws.cloudwatch.MetricAlarm } {
  const period = st.period ?? 60;
  const policy = new aws.appautoscaling.Policy(
    `${name}-${st.name}`,
    {
      ...ref,
      policyType: "StepScaling",
      stepScalingPolicyConfiguration: {
        adjustmentType: "ChangeInCapacity",
        cooldown: st.cooldown ?? 60,
        metricAggregationType:
          st.statistic === "Maximum" ? "Maximum" : st.statistic === "Minimum" ? "Minimum" : "Average",
        stepAdjustments: st.steps.map((x) => ({
          scalingAdjustment: x.change,
          ...(x.lower !== undefined ? { metricIntervalLowerBound: String(x.lower) } : {}),
          ...(x.upper !== undefined ? { metricIntervalUpperBound: String(x.upper) } : {}),
        })),
      },
    },
    { parent },
  );
  const metric =
    st.expression !== undefined
      ? {
          metricQueries: [
            ...(st.metrics ?? []).map((m) => ({
              id: m.id,
              returnData: false,
              metric: {
                namespace: m.namespace,
                metricName: m.metricName,
                dimensions: m.dimensions ?? {},
                stat: m.stat,
                period,
              },
            })),
            { id: "e1", expression: st.expression, label: st.name, returnData: true },
          ],
        }
      : {
          namespace: st.namespace,
          metricName: st.metricName,
          dimensions: st.dimensions ?? {},
          statistic: st.statistic ?? "Average",
          period,
        };
  const alarm = new aws.cloudwatch.MetricAlarm(
    `${name}-${st.name}`,
    {
      ...metric,
      threshold: st.threshold,
      comparisonOperator: st.comparison ?? "GreaterThanOrEqualToThreshold",
      evaluationPeriods: st.evaluationPeriods ?? 1,
      treatMissingData: "notBreaching",
      alarmActions: [policy.arn],
      alarmDescription: `Step scaling ${st.name} of ${name}`,
    },
    { parent },
  );
  return { policy, alarm };
}

/** Scheduled capacity changes `${name}-${schedule.name}` (UTC unless told). */
function createScheduledActions(
  name: string,
  schedules: readonly ScheduledScaling[],
  ref: ScalableTargetRef,
  parent: pulumi.Resource,
): aws.appautoscaling.ScheduledAction[] {
  return schedules.map(
    (sc) =>
      new aws.appautoscaling.ScheduledAction(
        `${name}-${sc.name}`,
        {
          ...ref,
          schedule: sc.schedule,
          timezone: sc.timezone ?? "UTC",
          scalableTargetAction: {
            ...(sc.minCapacity !== undefined ? { minCapacity: sc.minCapacity } : {}),
            ...(sc.maxCapacity !== undefined ? { maxCapacity: sc.maxCapacity } : {}),
          },
        },
        { parent },
      ),
  );
}
