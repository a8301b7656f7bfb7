import {
  componentTags,
  isTimeZone,
  mergeTags,
  nearestKey,
  policyDocument,
  serviceTrustPolicy,
  Validator,
} from "@berth/core";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { fargateCapacityStrategy } from "./capacity";
import { SCHEDULED_TASK_KEYS } from "./known-keys";
import { runTaskStatements } from "./roles";
import { awsContext, checkArgsShape, checkChildNames, checkTaskArgs, createFargateTask } from "./task";
import { checkTriggeredTask, type TriggeredTaskArgs } from "./triggered-task";

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
}

const SCHEDULED_TYPE = "berth:ecs:ScheduledTask";

/**
 * One field of a Scheduler cron expression: its range and the wildcards it takes (EventBridge
 * Scheduler user guide, "Schedule types", cron-based schedules: Minutes 0-59 `, - * /`; Hours 0-23
 * `, - * /`; Day-of-month 1-31 `, - * ? / L W`; Month 1-12 or JAN-DEC `, - * /`; Day-of-week 1-7
 * or SUN-SAT `, - * ? L #`; Year 1970-2199 `, - * /`).
 */
interface CronField {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
  question?: boolean;
  last?: boolean;
  weekday?: boolean;
  nth?: boolean;
  step?: boolean;
}

const CRON_FIELDS: readonly CronField[] = [
  { name: "minutes", min: 0, max: 59, step: true },
  { name: "hours", min: 0, max: 23, step: true },
  { name: "day-of-month", min: 1, max: 31, question: true, last: true, weekday: true, step: true },
  {
    name: "month",
    min: 1,
    max: 12,
    names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"],
    step: true,
  },
  {
    name: "day-of-week",
    min: 1,
    max: 7,
    names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"],
    question: true,
    last: true,
    nth: true,
  },
  { name: "year", min: 1970, max: 2199, step: true },
];

/** Why one cron field is wrong, or `undefined` when it is right. */
function cronFieldProblem(field: CronField, text: string): string | undefined {
  const value = (token: string): number | undefined => {
    const upper = token.toUpperCase();
    const named = field.names?.indexOf(upper) ?? -1;
    if (named >= 0) return named + field.min;
    if (!/^\d+$/.test(token)) return undefined;
    const n = Number(token);
    return n >= field.min && n <= field.max ? n : undefined;
  };
  if (text === "?") return field.question ? undefined : `? is allowed only in day-of-month and day-of-week`;
  for (const part of text.split(",")) {
    if (part === "*") continue;
    if (field.last && (part === "L" || (field.name === "day-of-month" && part === "LW"))) continue;
    if (field.weekday && /^\d+W$/.test(part) && value(part.slice(0, -1)) !== undefined) continue;
    if (
      field.last &&
      field.name === "day-of-week" &&
      /^\w+L$/.test(part) &&
      value(part.slice(0, -1)) !== undefined
    )
      continue;
    if (field.nth && /^\w+#[1-5]$/.test(part) && value(part.split("#")[0] as string) !== undefined) continue;
    const [range, step, extra] = part.split("/");
    if (extra !== undefined || range === undefined) return `"${part}" is not a value, range or step`;
    if (step !== undefined && (!field.step || !/^\d+$/.test(step) || Number(step) < 1))
      return `"${part}" has no valid step for ${field.name}`;
    if (range === "*") continue;
    const [from, to, more] = range.split("-");
    if (
      more !== undefined ||
      from === undefined ||
      value(from) === undefined ||
      (to !== undefined && value(to) === undefined)
    )
      return `"${part}" is outside ${field.min}-${field.max}${field.names ? ` (or ${field.names[0]}-${field.names[field.names.length - 1]})` : ""}`;
  }
  return undefined;
}

/**
 * Checks an EventBridge Scheduler expression fully: `rate(<n> <unit>)` with `n` above zero,
 * `cron(<6 fields>)` with each field in range and exactly one of day-of-month and day-of-week a
 * `?`, and `at(yyyy-mm-ddThh:mm:ss)` naming a real date and time.
 */
export function scheduleProblem(schedule: string): string | undefined {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(schedule);
  if (rate) return Number(rate[1]) > 0 ? undefined : "a rate above zero";
  const at = /^at\((\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)\)$/.exec(schedule);
  if (at) {
    const [y, mo, d, h, mi, se] = at.slice(1).map(Number) as [number, number, number, number, number, number];
    const date = new Date(Date.UTC(y, mo - 1, d, h, mi, se));
    const real =
      date.getUTCFullYear() === y &&
      date.getUTCMonth() === mo - 1 &&
      date.getUTCDate() === d &&
      date.getUTCHours() === h &&
      date.getUTCMinutes() === mi &&
      date.getUTCSeconds() === se;
    return real ? undefined : "an at() date and time that exists";
  }
  const cron = /^cron\((.*)\)$/.exec(schedule);
  if (!cron) return "cron(<6 fields>), rate(<n> minutes|hours|days) or at(yyyy-mm-ddThh:mm:ss)";
  const fields = (cron[1] as string).trim().split(/\s+/);
  if (fields.length !== 6)
    return `6 cron fields (minutes hours day-of-month month day-of-week year), not ${fields.length}`;
  for (const [i, f] of CRON_FIELDS.entries()) {
    const problem = cronFieldProblem(f, fields[i] as string);
    if (problem) return `a valid ${f.name} field: ${problem}`;
  }
  if ((fields[2] === "?") === (fields[4] === "?"))
    return "? in exactly one of day-of-month and day-of-week (they cannot both be set or both be ?)";
  return undefined;
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
    const v = new Validator(SCHEDULED_TYPE, name);
    if (
      !checkArgsShape(v, args, SCHEDULED_TASK_KEYS, {
        cluster: "the ECS cluster ARN",
        vpcId: "the VPC id of the task",
        subnetIds: "the subnet ids of the task",
        containers: "the containers of the task",
        schedule: "a cron(), rate() or at() expression",
      })
    )
      v.throwIfAny();
    checkTaskArgs(args, v);
    const problem =
      typeof args.schedule === "string" ? scheduleProblem(args.schedule) : "a schedule expression string";
    if (problem !== undefined) v.check(false, "schedule", args.schedule, problem);
    const tz = args.timezone ?? "UTC";
    // Scheduler takes IANA time zone names; Intl knows the same database.
    const zones = Intl.supportedValuesOf("timeZone");
    const near = typeof tz === "string" ? nearestKey(tz, zones) : undefined;
    v.check(
      isTimeZone(tz),
      "timezone",
      tz,
      "an IANA time zone such as UTC or Europe/Berlin",
      near ? `did you mean "${near}"?` : undefined,
    );
    if (args.flexibleWindowMinutes !== undefined) {
      v.check(
        Number.isInteger(args.flexibleWindowMinutes) &&
          args.flexibleWindowMinutes >= 1 &&
          args.flexibleWindowMinutes <= 1440,
        "flexibleWindowMinutes",
        args.flexibleWindowMinutes,
        "an integer from 1 to 1440",
      );
    }
    const { retries, age, count, net } = checkTriggeredTask(v, args, "scheduler");
    checkChildNames(v, name, [
      ["-execution", 64],
      ["-scheduler", 64],
      ["-schedule", 64],
      ["-dlq", 80],
    ]);
    v.throwIfAny();

    const tags = mergeTags(componentTags(SCHEDULED_TYPE, name), args.tags);
    const ctx = awsContext(this);
    const task = createFargateTask(name, args, ctx, this, { tags });

    const sg = new aws.ec2.SecurityGroup(
      `${name}-sg`,
      { vpcId: net.vpcId, description: `Task ${name}; no ingress`, tags },
      { parent: this },
    );
    new aws.vpc.SecurityGroupEgressRule(
      `${name}-egress`,
      {
        securityGroupId: sg.id,
        ipProtocol: "-1",
        cidrIpv4: "0.0.0.0/0",
        description: "Image pulls, AWS APIs and dependencies",
      },
      { parent: this },
    );

    let dlqArn: pulumi.Output<string>;
    if (args.deadLetterQueueArn !== undefined) {
      dlqArn = pulumi.output(args.deadLetterQueueArn);
    } else {
      const dlq = new aws.sqs.Queue(
        `${name}-dlq`,
        { messageRetentionSeconds: 1209600, sqsManagedSseEnabled: true, tags },
        { parent: this },
      );
      dlqArn = dlq.arn;
    }

    const role = new aws.iam.Role(
      `${name}-scheduler`,
      {
        assumeRolePolicy: serviceTrustPolicy(
          ["scheduler.amazonaws.com"],
          [{ test: "StringEquals", variable: "aws:SourceAccount", values: [ctx.accountId] }],
        ),
        description: `EventBridge Scheduler role of ${name}: runs exactly its task family`,
        inlinePolicies: [
          {
            name: "run-task",
            policy: policyDocument(
              runTaskStatements({
                clusterArn: net.cluster,
                taskDefinitionFamilyArn: task.taskDefinition.arnWithoutRevision,
                passRoleArns: [task.roles.executionRoleArn, task.roles.taskRoleArn],
                deadLetterQueueArn: dlqArn,
              }),
            ),
          },
        ],
        tags,
      },
      { parent: this },
    );

    const schedule = new aws.scheduler.Schedule(
      `${name}-schedule`,
      {
        groupName: args.scheduleGroup ?? "default",
        scheduleExpression: args.schedule,
        scheduleExpressionTimezone: tz,
        state: (args.enabled ?? true) ? "ENABLED" : "DISABLED",
        flexibleTimeWindow:
          args.flexibleWindowMinutes !== undefined
            ? { mode: "FLEXIBLE", maximumWindowInMinutes: args.flexibleWindowMinutes }
            : { mode: "OFF" },
        target: {
          arn: net.cluster,
          roleArn: role.arn,
          retryPolicy: { maximumRetryAttempts: retries, maximumEventAgeInSeconds: age },
          deadLetterConfig: { arn: dlqArn },
          ecsParameters: {
            taskDefinitionArn:
              (args.imageOwner ?? "iac") === "pipeline"
                ? task.taskDefinition.arnWithoutRevision
                : task.taskDefinition.arn,
            taskCount: count,
            capacityProviderStrategies: fargateCapacityStrategy(args.spot),
            platformVersion: args.platformVersion ?? "LATEST",
            enableEcsManagedTags: true,
            propagateTags: "TASK_DEFINITION",
            networkConfiguration: {
              subnets: net.subnetIds,
              securityGroups: [sg.id, ...(args.securityGroupIds ?? [])],
              assignPublicIp: args.assignPublicIp ?? false,
            },
          },
        },
      },
      { parent: this },
    );

    this.scheduleArn = schedule.arn;
    this.taskDefinitionArn = task.taskDefinition.arn;
    this.family = task.family;
    this.securityGroupId = sg.id;
    this.logGroupName = task.logGroup.name;
    this.deadLetterQueueArn = dlqArn;
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
