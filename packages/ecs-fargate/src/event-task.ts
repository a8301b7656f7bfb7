import { componentTags, isPlainObject, mergeTags, policyDocument, renamedKeys, Validator } from "@berth/core";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { EVENT_TASK_KEYS } from "./known-keys";
import { awsContext, checkArgsShape, checkTaskArgs, createFargateTask, type FargateTask } from "./task";
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

/**
 * An EventBridge event pattern: JSON objects of any depth whose leaves are arrays of values or
 * matchers (EventBridge User Guide, "Amazon EventBridge event patterns"); `checkEventPattern`
 * checks it field by field at plan time. Its values are `any` because that is the one TypeScript
 * type Pulumi's component analyzer maps to arbitrary JSON (`pulumi.json#/Any`); `unknown` or a
 * recursive union stops the analyzer, and the pattern is arbitrary JSON by AWS's definition.
 */
// biome-ignore lint/suspicious/noExplicitAny: the analyzer's only type for arbitrary JSON (see above).
export type EventPattern = Record<string, any>;

/** Arguments of {@link EventTask}. */
export interface EventTaskArgs extends TriggeredTaskArgs {
  /**
   * EventBridge event pattern, e.g. S3 object created:
   * `{ source: ["aws.s3"], "detail-type": ["Object Created"], detail: { bucket: { name: ["uploads"] } } }`.
   */
  eventPattern: EventPattern;
  /** Event bus name. @default "default" */
  eventBusName?: pulumi.Input<string>;
}

const EVENT_TYPE = "berth:ecs:EventTask";

/** EventBridge PutRule `Name`: 1 to 64 characters. */
const RULE_NAME_MAX = 64;

/**
 * Checks an event pattern the way EventBridge reads it (EventBridge user guide, "Event patterns"):
 * an object whose fields are nested objects or arrays of values and filters; a JSON string or a
 * bare value is one issue naming the value given, not one per character.
 */
function checkEventPattern(v: Validator, path: string, pattern: unknown, top = false): void {
  if (!isPlainObject(pattern)) {
    v.check(
      false,
      path,
      pattern,
      typeof pattern === "string"
        ? "an event pattern object (not a JSON string: give the object itself)"
        : "an event pattern object whose fields are arrays of values or nested objects",
    );
    return;
  }
  const keys = Object.keys(pattern);
  if (top) v.check(keys.length > 0, path, pattern, "a non-empty event pattern object");
  for (const key of keys) {
    const value = pattern[key];
    if (Array.isArray(value)) {
      v.check(value.length > 0, `${path}.${key}`, value, "a non-empty array of values or filters");
    } else if (isPlainObject(value)) {
      checkEventPattern(v, `${path}.${key}`, value);
    } else {
      v.check(
        false,
        `${path}.${key}`,
        value,
        'an array of values (e.g. ["aws.s3"]) or a nested pattern object',
      );
    }
  }
}

/** The children an {@link EventTask} creates besides its task. */
export interface EventTaskNames extends TriggeredTaskNames {
  /** The EventBridge rule, its target, and the queue policy of a created dead-letter queue. */
  rule: string;
  target: string;
  deadLetterQueuePolicy?: string;
}

/** The arguments of an {@link EventTask}, checked, with every default filled. */
export interface ResolvedEventTaskArgs extends ResolvedTriggeredTask {
  /** The arguments as given (every field checked). */
  args: EventTaskArgs;
  eventBusName: pulumi.Input<string>;
  names: EventTaskNames;
}

/**
 * Checks every argument of an {@link EventTask} (plain values now; values known later are checked
 * again when known) and fills its defaults, without creating anything. Throws one
 * `BerthValidationError` with every issue found.
 */
export function resolveEventTaskArgs(name: string, args: EventTaskArgs): ResolvedEventTaskArgs {
  const v = new Validator(EVENT_TYPE, name);
  const required = {
    clusterArn: "the ECS cluster ARN",
    vpcId: "the VPC id of the task",
    subnetIds: "the subnet ids of the task",
    containers: "the containers of the task",
    eventPattern: "an EventBridge event pattern object",
  };
  const shape = v.retiredKeys("", args, renamedKeys(TRIGGERED_RENAMED));
  if (!checkArgsShape(v, shape, EVENT_TASK_KEYS, required)) v.throwIfAny();
  checkTaskArgs(args, v);
  checkEventPattern(v, "eventPattern", args.eventPattern, true);
  const triggered = resolveTriggeredTask(v, args, "events");
  const base = triggeredTaskNames(name, args, "events");
  const names: EventTaskNames = {
    ...base,
    rule: `${name}-rule`,
    target: `${name}-target`,
    ...(base.deadLetterQueue !== undefined ? { deadLetterQueuePolicy: `${name}-dlq-policy` } : {}),
  };
  checkTriggeredNames(v, name, names, [[names.rule, RULE_NAME_MAX]]);
  v.throwIfAny();
  return { ...triggered, args, eventBusName: args.eventBusName ?? "default", names };
}

/** An EventBridge rule that runs a Fargate task for each matching event, with a scoped events role. */
export class EventTask extends pulumi.ComponentResource {
  /** Rule ARN. */
  readonly ruleArn: pulumi.Output<string>;
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
  /** Role EventBridge assumes. */
  readonly eventsRoleArn: pulumi.Output<string>;

  constructor(name: string, args: EventTaskArgs, opts?: pulumi.ComponentResourceOptions) {
    super(EVENT_TYPE, name, {}, opts);
    const r = resolveEventTaskArgs(name, args);
    const tags = mergeTags(componentTags(EVENT_TYPE, name), args.tags);
    const ctx = awsContext(this);
    // Builders in order: the task (log group, roles, task definition), its security group, the
    // dead-letter queue, the rule, the role EventBridge assumes, the queue policy, the target.
    const task = createFargateTask(name, args, ctx, this, { tags });
    const sg = buildTaskSecurityGroup(this, name, r.names, r.vpcId, tags);
    const dlq = buildDeadLetterQueue(this, r.names, args.deadLetterQueueArn, tags);
    const rule = new aws.cloudwatch.EventRule(
      r.names.rule,
      {
        eventBusName: r.eventBusName,
        eventPattern: JSON.stringify(args.eventPattern),
        description: `Runs task ${task.family}`,
        tags,
      },
      { parent: this },
    );
    const role = buildStarterRole(
      this,
      r.names,
      {
        principal: "events.amazonaws.com",
        description: `EventBridge role of ${name}: runs exactly its task family`,
      },
      { clusterArn: r.clusterArn },
      task,
      ctx,
      tags,
    );
    buildEventTarget(this, r, { task, sg, rule, role, dlq });

    this.ruleArn = rule.arn;
    this.taskDefinitionArn = task.taskDefinition.arn;
    this.family = task.family;
    this.securityGroupId = sg.id;
    this.logGroupName = task.logGroup.name;
    this.deadLetterQueueArn = dlq.arn;
    this.eventsRoleArn = role.arn;
    this.registerOutputs({
      ruleArn: this.ruleArn,
      taskDefinitionArn: this.taskDefinitionArn,
      family: this.family,
      securityGroupId: this.securityGroupId,
      logGroupName: this.logGroupName,
      deadLetterQueueArn: this.deadLetterQueueArn,
      eventsRoleArn: this.eventsRoleArn,
    });
  }
}

/**
 * The rule's target `${name}-target` that runs the task, and (on a dead-letter queue created here)
 * the queue policy `${name}-dlq-policy` that lets exactly this rule write failed events to it. A
 * given queue keeps its owner's policy, which must allow events.amazonaws.com.
 */
function buildEventTarget(
  scope: pulumi.ComponentResource,
  r: ResolvedEventTaskArgs,
  on: {
    task: FargateTask;
    sg: aws.ec2.SecurityGroup;
    rule: aws.cloudwatch.EventRule;
    role: aws.iam.Role;
    dlq: { arn: pulumi.Output<string>; queue?: aws.sqs.Queue };
  },
): aws.cloudwatch.EventTarget {
  if (on.dlq.queue && r.names.deadLetterQueuePolicy !== undefined) {
    new aws.sqs.QueuePolicy(
      r.names.deadLetterQueuePolicy,
      {
        queueUrl: on.dlq.queue.url,
        policy: policyDocument(
          [
            {
              sid: "EventBridgeDeadLetters",
              actions: ["sqs:SendMessage"],
              resources: [on.dlq.arn],
              principals: { service: ["events.amazonaws.com"] },
              conditions: [{ test: "ArnEquals", variable: "aws:SourceArn", values: [on.rule.arn] }],
            },
          ],
          { kind: "resource" },
        ),
      },
      { parent: scope },
    );
  }
  return new aws.cloudwatch.EventTarget(
    r.names.target,
    {
      rule: on.rule.name,
      eventBusName: on.rule.eventBusName,
      arn: r.clusterArn,
      roleArn: on.role.arn,
      retryPolicy: {
        maximumRetryAttempts: r.retryAttempts,
        maximumEventAgeInSeconds: r.maximumEventAgeSeconds,
      },
      deadLetterConfig: { arn: on.dlq.arn },
      ecsTarget: runTaskParameters(r, on.task, on.sg, r.args.securityGroupIds ?? [], false),
    },
    { parent: scope },
  );
}
