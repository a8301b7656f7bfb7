import {
  componentTags,
  isPlainObject,
  mergeTags,
  policyDocument,
  serviceTrustPolicy,
  Validator,
} from "@berth/core";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { fargateCapacityStrategy } from "./capacity";
import { EVENT_TASK_KEYS } from "./known-keys";
import { runTaskStatements } from "./roles";
import { awsContext, checkArgsShape, checkChildNames, checkTaskArgs, createFargateTask } from "./task";
import { checkTriggeredTask, type TriggeredTaskArgs } from "./triggered-task";

/** Arguments of {@link EventTask}. */
export interface EventTaskArgs extends TriggeredTaskArgs {
  /**
   * EventBridge event pattern, e.g. S3 object created:
   * `{ source: ["aws.s3"], "detail-type": ["Object Created"], detail: { bucket: { name: ["uploads"] } } }`.
   */
  eventPattern: Record<string, unknown>;
  /** Event bus name. @default "default" */
  eventBusName?: pulumi.Input<string>;
}

const EVENT_TYPE = "berth:ecs:EventTask";

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
    const v = new Validator(EVENT_TYPE, name);
    if (
      !checkArgsShape(v, args, EVENT_TASK_KEYS, {
        cluster: "the ECS cluster ARN",
        vpcId: "the VPC id of the task",
        subnetIds: "the subnet ids of the task",
        containers: "the containers of the task",
        eventPattern: "an EventBridge event pattern object",
      })
    )
      v.throwIfAny();
    checkTaskArgs(args, v);
    checkEventPattern(v, "eventPattern", args.eventPattern, true);
    const { retries, age, count, net } = checkTriggeredTask(v, args, "events");
    checkChildNames(v, name, [
      ["-execution", 64],
      ["-events", 64],
      ["-rule", 64],
      ["-dlq", 80],
    ]);
    v.throwIfAny();

    const tags = mergeTags(componentTags(EVENT_TYPE, name), args.tags);
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
    let dlq: aws.sqs.Queue | undefined;
    if (args.deadLetterQueueArn !== undefined) {
      dlqArn = pulumi.output(args.deadLetterQueueArn);
    } else {
      dlq = new aws.sqs.Queue(
        `${name}-dlq`,
        { messageRetentionSeconds: 1209600, sqsManagedSseEnabled: true, tags },
        { parent: this },
      );
      dlqArn = dlq.arn;
    }

    const rule = new aws.cloudwatch.EventRule(
      `${name}-rule`,
      {
        eventBusName: args.eventBusName ?? "default",
        eventPattern: JSON.stringify(args.eventPattern),
        description: `Runs task ${task.family}`,
        tags,
      },
      { parent: this },
    );

    const role = new aws.iam.Role(
      `${name}-events`,
      {
        assumeRolePolicy: serviceTrustPolicy(
          ["events.amazonaws.com"],
          [{ test: "StringEquals", variable: "aws:SourceAccount", values: [ctx.accountId] }],
        ),
        description: `EventBridge role of ${name}: runs exactly its task family`,
        inlinePolicies: [
          {
            name: "run-task",
            policy: policyDocument(
              runTaskStatements({
                clusterArn: net.cluster,
                taskDefinitionFamilyArn: task.taskDefinition.arnWithoutRevision,
                passRoleArns: [task.roles.executionRoleArn, task.roles.taskRoleArn],
              }),
            ),
          },
        ],
        tags,
      },
      { parent: this },
    );

    // EventBridge writes to the dead-letter queue through a queue policy (only on a queue created here;
    // a given queue keeps its owner's policy, which must allow events.amazonaws.com).
    if (dlq) {
      new aws.sqs.QueuePolicy(
        `${name}-dlq-policy`,
        {
          queueUrl: dlq.url,
          policy: policyDocument(
            [
              {
                sid: "EventBridgeDeadLetters",
                actions: ["sqs:SendMessage"],
                resources: [dlqArn],
                principals: { service: ["events.amazonaws.com"] },
                conditions: [{ test: "ArnEquals", variable: "aws:SourceArn", values: [rule.arn] }],
              },
            ],
            { kind: "resource" },
          ),
        },
        { parent: this },
      );
    }

    new aws.cloudwatch.EventTarget(
      `${name}-target`,
      {
        rule: rule.name,
        eventBusName: rule.eventBusName,
        arn: net.cluster,
        roleArn: role.arn,
        retryPolicy: { maximumRetryAttempts: retries, maximumEventAgeInSeconds: age },
        deadLetterConfig: { arn: dlqArn },
        ecsTarget: {
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
            assignPublicIp: false,
          },
        },
      },
      { parent: this },
    );

    this.ruleArn = rule.arn;
    this.taskDefinitionArn = task.taskDefinition.arn;
    this.family = task.family;
    this.securityGroupId = sg.id;
    this.logGroupName = task.logGroup.name;
    this.deadLetterQueueArn = dlqArn;
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
