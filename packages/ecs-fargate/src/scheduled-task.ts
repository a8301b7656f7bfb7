import { componentTags, mergeTags, policyDocument, serviceTrustPolicy, Validator } from "@berth/core";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { fargateCapacityStrategy } from "./capacity";
import { runTaskStatements } from "./roles";
import { awsContext, checkChildNames, checkTaskArgs, createFargateTask } from "./task";
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

/** IANA time zone names Node knows (the same database Scheduler uses). */
function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
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
    checkTaskArgs(args, v);
    v.check(
      /^(cron\(\S+( \S+){5}\)|rate\(\d+ (minute|minutes|hour|hours|day|days)\)|at\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\))$/.test(
        args.schedule,
      ),
      "schedule",
      args.schedule,
      "cron(<6 fields>), rate(<n> minutes|hours|days) or at(yyyy-mm-ddThh:mm:ss)",
    );
    const tz = args.timezone ?? "UTC";
    v.check(isTimeZone(tz), "timezone", tz, "an IANA time zone such as UTC or Europe/Berlin");
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
    const { retries, age, count } = checkTriggeredTask(v, args, "scheduler");
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
      { vpcId: args.vpcId, description: `Task ${name}; no ingress`, tags },
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
                clusterArn: args.cluster,
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
          arn: args.cluster,
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
              subnets: args.subnetIds,
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
