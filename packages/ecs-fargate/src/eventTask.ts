import {
  componentTags,
  isPlain,
  mergeTags,
  policyDocument,
  serviceTrustPolicy,
  Validator,
} from "@berth/core";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkCapacityStrategy, checkSpot, fargateCapacityStrategy, type SpotArgs } from "./capacity";
import { runTaskStatements } from "./roles";
import { osOf } from "./sizes";
import { awsContext, checkChildNames, checkTaskArgs, createFargateTask, type FargateTaskArgs } from "./task";

/** Arguments of {@link EventTask}. */
export interface EventTaskArgs extends FargateTaskArgs {
  /** Cluster ARN to run in. */
  cluster: pulumi.Input<string>;
  /** VPC of the task security group. Required: the default VPC is never assumed. */
  vpcId: pulumi.Input<string>;
  /** Subnets of the task (private subnets). */
  subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** Extra security groups. @default [] */
  securityGroupIds?: pulumi.Input<string>[];
  /**
   * EventBridge event pattern, e.g. S3 object created:
   * `{ source: ["aws.s3"], "detail-type": ["Object Created"], detail: { bucket: { name: ["uploads"] } } }`.
   */
  eventPattern: Record<string, unknown>;
  /** Event bus name. @default "default" */
  eventBusName?: pulumi.Input<string>;
  /** Retries of a failed RunTask (0 to 185). @default 2 */
  retryAttempts?: number;
  /** Seconds an event is retried (60 to 86400). @default 3600 */
  maximumEventAgeSeconds?: number;
  /** Dead-letter queue ARN for events that could not start a task. @default a queue is created */
  deadLetterQueueArn?: pulumi.Input<string>;
  /** Tasks per event (1 to 10). @default 1 */
  taskCount?: number;
  /** Spot placement (for retry-safe work). @default on demand only */
  spot?: SpotArgs;
}

const EVENT_TYPE = "berth:ecs:EventTask";

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
    checkTaskArgs(args, v);
    const pattern = args.eventPattern;
    const keys = Object.keys(pattern ?? {});
    v.check(keys.length > 0, "eventPattern", pattern, "a non-empty event pattern object");
    for (const key of keys) {
      const value = pattern[key];
      v.check(
        Array.isArray(value) || (typeof value === "object" && value !== null),
        `eventPattern.${key}`,
        value,
        "an array of values or a nested pattern object",
      );
    }
    const retries = args.retryAttempts ?? 2;
    v.check(
      Number.isInteger(retries) && retries >= 0 && retries <= 185,
      "retryAttempts",
      retries,
      "an integer from 0 to 185",
    );
    const age = args.maximumEventAgeSeconds ?? 3600;
    v.check(
      Number.isInteger(age) && age >= 60 && age <= 86400,
      "maximumEventAgeSeconds",
      age,
      "an integer from 60 to 86400",
    );
    const count = args.taskCount ?? 1;
    v.check(
      Number.isInteger(count) && count >= 1 && count <= 10,
      "taskCount",
      count,
      "an integer from 1 to 10",
    );
    v.merge(checkSpot(args.spot));
    if (args.spot) {
      const os = osOf(args.operatingSystemFamily);
      v.merge(
        checkCapacityStrategy(fargateCapacityStrategy(args.spot), "spot", {
          fargate: true,
          os,
          cpuArchitecture: args.cpuArchitecture ?? (os === "WINDOWS" ? "X86_64" : "ARM64"),
          platformVersion: args.platformVersion ?? "LATEST",
        }).filter((i) => i.path === "platformVersion" || i.path.endsWith("capacityProvider")),
      );
    }
    if (isPlain(args.cluster))
      v.check(
        String(args.cluster).startsWith("arn:"),
        "cluster",
        args.cluster,
        "a cluster ARN (the events role is scoped to it)",
      );
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
        eventPattern: JSON.stringify(pattern),
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
                clusterArn: args.cluster,
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
        arn: args.cluster,
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
            subnets: args.subnetIds,
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
