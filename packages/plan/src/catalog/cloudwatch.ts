/** CloudWatch Logs and alarms, EventBridge rules and targets, EventBridge Scheduler. */
import { LOG_RETENTION_DAYS } from "@berth/core";
import { entry, FREE, PRICED, rule, TIMING } from "./define";
import { eventPattern, ianaTimeZone, scheduleExpression } from "./documents";
import { anyArn, arn, intIn, isRecord, oneOf, str } from "./rules";
import type { Check } from "./types";

const RULE_NAME = /^[.\-_A-Za-z0-9]+$/;
const roleArn = arn({ service: "iam", resourceType: "role" });
const RETRY =
  "EventBridge API Reference, RetryPolicy: MaximumEventAgeInSeconds 60-86400, MaximumRetryAttempts 0-185";
const SCHED_RETRY =
  "EventBridge Scheduler API Reference, RetryPolicy: MaximumEventAgeInSeconds 60-86400, MaximumRetryAttempts 0-185";

/** CloudWatch API Reference, PutMetricAlarm: Period 10, 20, 30 or a multiple of 60. */
const alarmPeriod: Check = (v, path, out) => {
  const n = Number(v);
  if (!(Number.isInteger(n) && (n === 10 || n === 20 || n === 30 || (n >= 60 && n % 60 === 0))))
    out.push({ path, value: v, rule: "10, 20, 30 or a multiple of 60 seconds" });
};

/** EventBridge API Reference, PutRule: a rule has an EventPattern, a ScheduleExpression, or both. */
const patternOrSchedule: Check = (v, path, out) => {
  if (isRecord(v) && v["eventPattern"] === undefined && v["scheduleExpression"] === undefined)
    out.push({
      path: path || "eventPattern",
      value: undefined,
      rule: "an eventPattern or a scheduleExpression",
    });
};

export const cloudwatch = [
  entry("aws:cloudwatch/logGroup:LogGroup", {
    constraints: [
      rule(
        "name",
        str({ min: 1, max: 512, pattern: /^[.\-_/#A-Za-z0-9]+$/, allowed: "letters, digits and ._-/#" }),
        "CloudWatch Logs API Reference, CreateLogGroup: logGroupName (1-512, [\\.\\-_/#A-Za-z0-9]+)",
      ),
      rule(
        "retentionInDays",
        oneOf([0, ...LOG_RETENTION_DAYS]),
        "CloudWatch Logs API Reference, PutRetentionPolicy: retentionInDays (0 = never expire in the provider)",
      ),
      rule(
        "logGroupClass",
        oneOf(["STANDARD", "INFREQUENT_ACCESS", "DELIVERY"]),
        "CloudWatch Logs API Reference, CreateLogGroup: logGroupClass",
      ),
      rule(
        "kmsKeyId",
        arn({ service: "kms", resourceType: "key" }),
        "CloudWatch Logs API Reference, CreateLogGroup: kmsKeyId (a KMS key ARN)",
      ),
    ],
    durations: { create: 2, source: TIMING.NO_DATA },
    replaceOn: ["name"],
    cost: PRICED,
  }),
  entry("aws:cloudwatch/metricAlarm:MetricAlarm", {
    constraints: [
      rule("name", str({ min: 1, max: 255 }), "CloudWatch API Reference, PutMetricAlarm: AlarmName (1-255)"),
      rule(
        "alarmDescription",
        str({ max: 1024 }),
        "CloudWatch API Reference, PutMetricAlarm: AlarmDescription (0-1024)",
      ),
      rule(
        "comparisonOperator",
        oneOf([
          "GreaterThanOrEqualToThreshold",
          "GreaterThanThreshold",
          "LessThanThreshold",
          "LessThanOrEqualToThreshold",
          "LessThanLowerOrGreaterThanUpperThreshold",
          "LessThanLowerThreshold",
          "GreaterThanUpperThreshold",
        ]),
        "CloudWatch API Reference, PutMetricAlarm: ComparisonOperator",
      ),
      rule(
        "evaluationPeriods",
        intIn(1),
        "CloudWatch API Reference, PutMetricAlarm: EvaluationPeriods (at least 1)",
      ),
      rule(
        "datapointsToAlarm",
        intIn(1),
        "CloudWatch API Reference, PutMetricAlarm: DatapointsToAlarm (at least 1)",
      ),
      rule(
        "period",
        alarmPeriod,
        "CloudWatch API Reference, PutMetricAlarm: Period (10, 20, 30 or a multiple of 60)",
      ),
      rule(
        "metricQueries[*].period",
        alarmPeriod,
        "CloudWatch API Reference, MetricStat: Period (10, 20, 30 or a multiple of 60)",
      ),
      rule(
        "metricQueries[*].metric.period",
        alarmPeriod,
        "CloudWatch API Reference, MetricStat: Period (10, 20, 30 or a multiple of 60)",
      ),
      rule(
        "metricQueries[*].id",
        str({
          min: 1,
          max: 255,
          pattern: /^[a-z][a-zA-Z0-9_]*$/,
          allowed: "a lowercase letter first, then letters, digits and _",
        }),
        "CloudWatch API Reference, MetricDataQuery: Id (starts with a lowercase letter)",
      ),
      rule(
        "statistic",
        oneOf(["SampleCount", "Average", "Sum", "Minimum", "Maximum"]),
        "CloudWatch API Reference, PutMetricAlarm: Statistic",
      ),
      rule(
        "treatMissingData",
        oneOf(["breaching", "notBreaching", "ignore", "missing"]),
        "CloudWatch API Reference, PutMetricAlarm: TreatMissingData",
      ),
      rule("alarmActions[*]", anyArn(), "CloudWatch API Reference, PutMetricAlarm: AlarmActions (ARNs)"),
      rule("okActions[*]", anyArn(), "CloudWatch API Reference, PutMetricAlarm: OKActions (ARNs)"),
    ],
    durations: { create: 2, source: TIMING.NO_DATA },
    replaceOn: ["name"],
    cost: PRICED,
  }),
  entry("aws:cloudwatch/eventRule:EventRule", {
    constraints: [
      rule(
        "name",
        str({ min: 1, max: 64, pattern: RULE_NAME, allowed: "letters, digits and .-_" }),
        "EventBridge API Reference, PutRule: Name (1-64, [\\.\\-_A-Za-z0-9]+)",
      ),
      rule("namePrefix", str({ max: 38 }), "@pulumi/aws 7.48 EventRule.namePrefix: 38 characters or less"),
      rule("description", str({ max: 512 }), "EventBridge API Reference, PutRule: Description (0-512)"),
      rule(
        "eventPattern",
        eventPattern,
        'EventBridge User Guide, "Event patterns" (match values are in arrays)',
      ),
      rule(
        "scheduleExpression",
        scheduleExpression({ at: false }),
        'EventBridge User Guide, "Creating a rule that runs on a schedule" (rate and cron expressions)',
      ),
      rule("", patternOrSchedule, "EventBridge API Reference, PutRule: EventPattern or ScheduleExpression"),
      rule(
        "state",
        oneOf(["DISABLED", "ENABLED", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"]),
        "EventBridge API Reference, PutRule: State",
      ),
      rule("roleArn", roleArn, "EventBridge API Reference, PutRule: RoleArn"),
    ],
    durations: { create: 2, source: TIMING.NO_DATA },
    replaceOn: ["name", "eventBusName"],
    cost: FREE("EventBridge rules are free; what they start is priced on the target"),
  }),
  entry("aws:cloudwatch/eventTarget:EventTarget", {
    constraints: [
      rule(
        "targetId",
        str({ min: 1, max: 64, pattern: RULE_NAME, allowed: "letters, digits and .-_" }),
        "EventBridge API Reference, Target: Id (1-64, [\\.\\-_A-Za-z0-9]+)",
      ),
      rule("arn", anyArn(), "EventBridge API Reference, Target: Arn"),
      rule("roleArn", roleArn, "EventBridge API Reference, Target: RoleArn"),
      rule("retryPolicy.maximumEventAgeInSeconds", intIn(60, 86400), RETRY),
      rule("retryPolicy.maximumRetryAttempts", intIn(0, 185), RETRY),
      rule(
        "deadLetterConfig.arn",
        arn({ service: "sqs" }),
        "EventBridge API Reference, DeadLetterConfig: Arn (an SQS queue ARN)",
      ),
      rule("ecsTarget.taskCount", intIn(1, 10), "EventBridge API Reference, EcsParameters: TaskCount (1-10)"),
      rule(
        "ecsTarget.taskDefinitionArn",
        arn({ service: "ecs", resourceType: "task-definition" }),
        "EventBridge API Reference, EcsParameters: TaskDefinitionArn",
      ),
      rule(
        "ecsTarget.launchType",
        oneOf(["EC2", "FARGATE", "EXTERNAL"]),
        "EventBridge API Reference, EcsParameters: LaunchType",
      ),
      rule(
        "ecsTarget.capacityProviderStrategies[*].weight",
        intIn(0, 1000),
        "EventBridge API Reference, CapacityProviderStrategyItem: weight 0-1000",
      ),
      rule(
        "ecsTarget.capacityProviderStrategies[*].base",
        intIn(0, 100000),
        "EventBridge API Reference, CapacityProviderStrategyItem: base 0-100000",
      ),
      rule(
        "ecsTarget.networkConfiguration.subnets",
        (v, path, out) => {
          if (Array.isArray(v) && v.length > 16)
            out.push({ path, value: `${v.length} subnets`, rule: "at most 16 subnets" });
        },
        "EventBridge API Reference, AwsVpcConfiguration: Subnets (up to 16)",
      ),
    ],
    durations: { create: 2, source: TIMING.NO_DATA },
    replaceOn: ["rule", "targetId", "eventBusName"],
    cost: PRICED,
  }),
  entry("aws:scheduler/schedule:Schedule", {
    constraints: [
      rule(
        "name",
        str({ min: 1, max: 64, pattern: /^[0-9a-zA-Z\-_.]+$/, allowed: "letters, digits and -_." }),
        "EventBridge Scheduler API Reference, CreateSchedule: Name (1-64, ^[0-9a-zA-Z-_.]+$)",
      ),
      rule(
        "groupName",
        str({ min: 1, max: 64, pattern: /^[0-9a-zA-Z\-_.]+$/, allowed: "letters, digits and -_." }),
        "EventBridge Scheduler API Reference, CreateSchedule: GroupName (1-64)",
      ),
      rule(
        "description",
        str({ max: 512 }),
        "EventBridge Scheduler API Reference, CreateSchedule: Description (0-512)",
      ),
      rule(
        "scheduleExpression",
        scheduleExpression({ at: true }),
        'EventBridge Scheduler User Guide, "Schedule types on EventBridge Scheduler" (at, rate, cron)',
      ),
      rule(
        "scheduleExpressionTimezone",
        ianaTimeZone,
        "EventBridge Scheduler API Reference, CreateSchedule: ScheduleExpressionTimezone (an IANA time zone)",
      ),
      rule(
        "state",
        oneOf(["ENABLED", "DISABLED"]),
        "EventBridge Scheduler API Reference, CreateSchedule: State",
      ),
      rule(
        "actionAfterCompletion",
        oneOf(["NONE", "DELETE"]),
        "EventBridge Scheduler API Reference, CreateSchedule: ActionAfterCompletion",
      ),
      rule(
        "flexibleTimeWindow.mode",
        oneOf(["OFF", "FLEXIBLE"]),
        "EventBridge Scheduler API Reference, FlexibleTimeWindow: Mode",
      ),
      rule(
        "flexibleTimeWindow.maximumWindowInMinutes",
        intIn(1, 1440),
        "EventBridge Scheduler API Reference, FlexibleTimeWindow: MaximumWindowInMinutes (1-1440)",
      ),
      rule(
        "target.arn",
        str({ min: 1, max: 1600, pattern: /^arn:/, allowed: "an ARN" }),
        "EventBridge Scheduler API Reference, Target: Arn (1-1600)",
      ),
      rule(
        "target.roleArn",
        roleArn,
        "EventBridge Scheduler API Reference, Target: RoleArn (an IAM role ARN)",
      ),
      rule("target.retryPolicy.maximumEventAgeInSeconds", intIn(60, 86400), SCHED_RETRY),
      rule("target.retryPolicy.maximumRetryAttempts", intIn(0, 185), SCHED_RETRY),
      rule(
        "target.deadLetterConfig.arn",
        arn({ service: "sqs" }),
        "EventBridge Scheduler API Reference, DeadLetterConfig: Arn (an SQS queue ARN)",
      ),
      rule(
        "target.ecsParameters.taskCount",
        intIn(1, 10),
        "EventBridge Scheduler API Reference, EcsParameters: TaskCount (1-10)",
      ),
      rule(
        "target.ecsParameters.taskDefinitionArn",
        arn({ service: "ecs", resourceType: "task-definition" }),
        "EventBridge Scheduler API Reference, EcsParameters: TaskDefinitionArn",
      ),
      rule(
        "target.ecsParameters.capacityProviderStrategies[*].weight",
        intIn(0, 1000),
        "EventBridge Scheduler API Reference, CapacityProviderStrategyItem: weight 0-1000",
      ),
      rule(
        "target.ecsParameters.capacityProviderStrategies[*].base",
        intIn(0, 100000),
        "EventBridge Scheduler API Reference, CapacityProviderStrategyItem: base 0-100000",
      ),
    ],
    durations: { create: 2, source: TIMING.NO_DATA },
    replaceOn: ["name", "groupName"],
    cost: PRICED,
  }),
  entry("aws:scheduler/scheduleGroup:ScheduleGroup", {
    constraints: [
      rule(
        "name",
        str({ min: 1, max: 64, pattern: /^[0-9a-zA-Z\-_.]+$/ }),
        "EventBridge Scheduler API Reference, CreateScheduleGroup: Name (1-64, ^[0-9a-zA-Z-_.]+$)",
      ),
    ],
    durations: { create: 2, source: TIMING.NO_DATA },
    replaceOn: ["name"],
    cost: FREE("schedule groups are free"),
  }),
];
