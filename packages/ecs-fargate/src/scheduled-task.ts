import {
  type AwakeSchedule,
  componentTags,
  isTimeZone,
  mergeTags,
  nearestKey,
  type ResolvedAwakeSchedule,
  renamedKeys,
  resolveAwakeSchedule,
  Validator,
} from "@berth/core";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SCHEDULED_TASK_KEYS } from "./known-keys";
import { asleepRunProblem, scheduleProblem } from "./schedule-expressions";
import { awsContext, checkArgsShape, checkTaskArgs, createFargateTask } from "./task";
import {
  checkTriggeredNames,
  type ResolvedTriggeredTask,
  resolveTriggeredTask,
  TRIGGERED_RENAMED,
  type TriggeredTaskArgs,
  type TriggeredTaskNames,
  triggeredTaskNames,
} from "./triggered-task";
import {
  buildDeadLetterQueue,
  buildStarterRole,
  buildTaskSecurityGroup,
  runTaskParameters,
} from "./triggered-task-build";

/** Arguments of {@link ScheduledTask}. */
export interface ScheduledTaskArgs extends TriggeredTaskArgs {
  /** Give the task a public IP. @default false */
  assignPublicIp?: boolean;
  /** `cron(...)`, `rate(...)` or `at(...)` expression of EventBridge Scheduler. */
  schedule: string;
  /** IANA time zone of a cron or at expression, e.g. `Europe/Berlin`. @default "UTC" */
  timezone?: string;
  /** Flexible window in minutes (1 to 1440) so Scheduler may spread starts. @default off */
  flexibleWindowMinutes?: number;
  /** Schedule group. @default "default" */
  scheduleGroup?: pulumi.Input<string>;
  /** Whether the schedule is on. @default true */
  enabled?: boolean;
  /**
   * The environment's awake hours. On its own it changes nothing (a nightly job still runs at
   * night); with `runWhileAsleep: false` every run must fall inside it. @default always awake
   */
  awake?: AwakeSchedule;
  /**
   * `false` skips the night: the plan refuses a `schedule` with a run outside `awake` (a `cron()`
   * whose minute, hour or day lies outside the awake days and hours, counting the flexible window;
   * an `at()` outside them; any `rate()`, which runs around the clock: write the hours as a
   * `cron()`), and `timezone` must be `awake.timezone`. Nothing is narrowed silently. @default true
   */
  runWhileAsleep?: boolean;
}

const SCHEDULED_TYPE = "berth:ecs:ScheduledTask";

/** The children a {@link ScheduledTask} creates besides its task. */
export interface ScheduledTaskNames extends TriggeredTaskNames {
  /** The EventBridge Scheduler schedule. */
  schedule: string;
}

/** The arguments of a {@link ScheduledTask}, checked, with every default filled. */
export interface ResolvedScheduledTaskArgs extends ResolvedTriggeredTask {
  /** The arguments as given (every field checked). */
  args: ScheduledTaskArgs;
  timezone: string;
  /** Minutes of the flexible window, or `undefined` for none (mode `OFF`). */
  flexibleWindowMinutes: number | undefined;
  scheduleGroup: pulumi.Input<string>;
  enabled: boolean;
  assignPublicIp: boolean;
  runWhileAsleep: boolean;
  /** The checked awake hours. */
  awake: ResolvedAwakeSchedule | undefined;
  names: ScheduledTaskNames;
}

/** Checks the schedule expression and its time zone; returns the zone and whether the expression is valid. */
function checkSchedule(v: Validator, args: ScheduledTaskArgs): { timezone: string; valid: boolean } {
  const problem =
    typeof args.schedule === "string" ? scheduleProblem(args.schedule) : "a schedule expression string";
  if (problem !== undefined) v.check(false, "schedule", args.schedule, problem);
  const timezone = args.timezone ?? "UTC";
  // Scheduler takes IANA time zone names; Intl knows the same database.
  const near =
    typeof timezone === "string" ? nearestKey(timezone, Intl.supportedValuesOf("timeZone")) : undefined;
  v.check(
    isTimeZone(timezone),
    "timezone",
    timezone,
    "an IANA time zone such as UTC or Europe/Berlin",
    near ? `did you mean "${near}"?` : undefined,
  );
  // EventBridge Scheduler API Reference, FlexibleTimeWindow: MaximumWindowInMinutes 1 to 1440.
  v.intIn("flexibleWindowMinutes", args.flexibleWindowMinutes, 1, 1440);
  return { timezone, valid: problem === undefined };
}

/**
 * With `runWhileAsleep: false`, every run must fall inside the awake hours, in their time zone.
 * Nothing is narrowed silently: a run outside them is an issue naming it.
 */
function checkRunsWhileAwake(
  v: Validator,
  args: ScheduledTaskArgs,
  awake: ResolvedAwakeSchedule | undefined,
  schedule: { timezone: string; valid: boolean },
): boolean {
  const runWhileAsleep = args.runWhileAsleep ?? true;
  if (args.runWhileAsleep !== undefined) {
    v.check(typeof args.runWhileAsleep === "boolean", "runWhileAsleep", args.runWhileAsleep, "true or false");
    v.check(
      args.runWhileAsleep !== false || args.awake !== undefined,
      "runWhileAsleep",
      args.runWhileAsleep,
      "false only with awake (there is no night to skip without awake hours)",
    );
  }
  if (args.runWhileAsleep !== false || !awake || !schedule.valid) return runWhileAsleep;
  const { timezone } = schedule;
  const inZone = v.check(
    timezone === awake.timezone,
    "timezone",
    timezone,
    `the awake time zone (${awake.timezone}) with runWhileAsleep: false`,
  );
  const flex = args.flexibleWindowMinutes;
  const flexOk = flex === undefined || (Number.isInteger(flex) && flex >= 1);
  const asleep = inZone && flexOk ? asleepRunProblem(args.schedule, awake, flex ?? 0) : undefined;
  if (asleep !== undefined)
    v.check(false, "schedule", args.schedule, `with runWhileAsleep: false, ${asleep}`);
  return runWhileAsleep;
}

/**
 * Checks every argument of a {@link ScheduledTask} (plain values now; values known later are
 * checked again when known) and fills its defaults, without creating anything. Throws one
 * `BerthValidationError` with every issue found.
 */
export function resolveScheduledTaskArgs(name: string, args: ScheduledTaskArgs): ResolvedScheduledTaskArgs {
  const v = new Validator(SCHEDULED_TYPE, name);
  const required = {
    clusterArn: "the ECS cluster ARN",
    vpcId: "the VPC id of the task",
    subnetIds: "the subnet ids of the task",
    containers: "the containers of the task",
    schedule: "a cron(), rate() or at() expression",
  };
  const shape = v.retiredKeys("", args, renamedKeys(TRIGGERED_RENAMED));
  if (!checkArgsShape(v, shape, SCHEDULED_TASK_KEYS, required)) v.throwIfAny();
  checkTaskArgs(args, v);
  const schedule = checkSchedule(v, args);
  const awake = resolveAwakeSchedule(v, "awake", args.awake);
  const runWhileAsleep = checkRunsWhileAwake(v, args, awake, schedule);
  const triggered = resolveTriggeredTask(v, args, "scheduler");
  const enabled = args.enabled ?? true;
  v.check(typeof enabled === "boolean", "enabled", enabled, "true or false");
  const assignPublicIp = args.assignPublicIp ?? false;
  v.check(typeof assignPublicIp === "boolean", "assignPublicIp", assignPublicIp, "true or false");
  const names = { ...triggeredTaskNames(name, args, "scheduler"), schedule: `${name}-schedule` };
  // EventBridge Scheduler API Reference, CreateSchedule: Name 1 to 64 characters.
  checkTriggeredNames(v, name, names, [[names.schedule, 64]]);
  v.throwIfAny();
  return {
    ...triggered,
    args,
    timezone: schedule.timezone,
    flexibleWindowMinutes: args.flexibleWindowMinutes,
    scheduleGroup: args.scheduleGroup ?? "default",
    enabled,
    assignPublicIp,
    runWhileAsleep,
    awake,
    names,
  };
}

/**
 * A Fargate task run by EventBridge Scheduler: cron or rate with a time zone, flexible window,
 * retries, a dead-letter queue and a capacity provider strategy (FARGATE_SPOT allowed), run by a
 * role that may start exactly this task family in exactly this cluster.
 */
export class ScheduledTask extends pulumi.ComponentResource {
  /** Schedule ARN. */
  readonly scheduleArn: pulumi.Output<string>;
  /** Task definition ARN. */
  readonly taskDefinitionArn: pulumi.Output<string>;
  /** Task definition family. */
  readonly family: string;
  /** Security group of the task. */
  readonly securityGroupId: pulumi.Output<string>;
  /** Log group of the task. */
  readonly logGroupName: pulumi.Output<string>;
  /** Dead-letter queue ARN (created or given). */
  readonly deadLetterQueueArn: pulumi.Output<string>;
  /** Role Scheduler assumes. */
  readonly schedulerRoleArn: pulumi.Output<string>;

  constructor(name: string, args: ScheduledTaskArgs, opts?: pulumi.ComponentResourceOptions) {
    super(SCHEDULED_TYPE, name, {}, opts);
    const r = resolveScheduledTaskArgs(name, args);
    const tags = mergeTags(componentTags(SCHEDULED_TYPE, name), args.tags);
    const ctx = awsContext(this);
    // Builders in order: the task (log group, roles, task definition), its security group, the
    // dead-letter queue, the role Scheduler assumes, and the schedule.
    const task = createFargateTask(name, args, ctx, this, { tags });
    const sg = buildTaskSecurityGroup(this, name, r.names, r.vpcId, tags);
    const dlq = buildDeadLetterQueue(this, r.names, args.deadLetterQueueArn, tags);
    const role = buildStarterRole(
      this,
      r.names,
      {
        principal: "scheduler.amazonaws.com",
        description: `EventBridge Scheduler role of ${name}: runs exactly its task family`,
      },
      { clusterArn: r.clusterArn, deadLetterQueueArn: dlq.arn },
      task,
      ctx,
      tags,
    );
    const schedule = buildSchedule(this, r, { task, sg, role, deadLetterQueueArn: dlq.arn });

    this.scheduleArn = schedule.arn;
    this.taskDefinitionArn = task.taskDefinition.arn;
    this.family = task.family;
    this.securityGroupId = sg.id;
    this.logGroupName = task.logGroup.name;
    this.deadLetterQueueArn = dlq.arn;
    this.schedulerRoleArn = role.arn;
    this.registerOutputs({
      scheduleArn: this.scheduleArn,
      taskDefinitionArn: this.taskDefinitionArn,
      family: this.family,
      securityGroupId: this.securityGroupId,
      logGroupName: this.logGroupName,
      deadLetterQueueArn: this.deadLetterQueueArn,
      schedulerRoleArn: this.schedulerRoleArn,
    });
  }
}

/** The EventBridge Scheduler schedule `${name}-schedule` that runs the task. */
function buildSchedule(
  scope: pulumi.ComponentResource,
  r: ResolvedScheduledTaskArgs,
  on: {
    task: ReturnType<typeof createFargateTask>;
    sg: aws.ec2.SecurityGroup;
    role: aws.iam.Role;
    deadLetterQueueArn: pulumi.Output<string>;
  },
): aws.scheduler.Schedule {
  return new aws.scheduler.Schedule(
    r.names.schedule,
    {
      groupName: r.scheduleGroup,
      scheduleExpression: r.args.schedule,
      scheduleExpressionTimezone: r.timezone,
      state: r.enabled ? "ENABLED" : "DISABLED",
      flexibleTimeWindow:
        r.flexibleWindowMinutes !== undefined
          ? { mode: "FLEXIBLE", maximumWindowInMinutes: r.flexibleWindowMinutes }
          : { mode: "OFF" },
      target: {
        arn: r.clusterArn,
        roleArn: on.role.arn,
        retryPolicy: {
          maximumRetryAttempts: r.retryAttempts,
          maximumEventAgeInSeconds: r.maximumEventAgeSeconds,
        },
        deadLetterConfig: { arn: on.deadLetterQueueArn },
        ecsParameters: runTaskParameters(r, on.task, on.sg, r.args.securityGroupIds ?? [], r.assignPublicIp),
      },
    },
    { parent: scope },
  );
}
