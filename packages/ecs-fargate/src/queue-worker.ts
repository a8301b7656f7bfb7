import {
  type AwakeSchedule,
  allow,
  componentTags,
  mergeTags,
  resolveAwakeSchedule,
  Validator,
} from "@berth/core";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkSpot, type SpotArgs } from "./capacity";
import { checkCluster, checkVpcId, FargateService } from "./fargate-service";
import { NESTED_KEYS, QUEUE_WORKER_KEYS } from "./known-keys";
import { grants } from "./roles";
import { backlogPerTaskMetric, backlogTarget, createServiceScaling } from "./scaling";
import { checkArgsShape, checkChildNames, checkIdList, checkTaskArgs, type FargateTaskArgs } from "./task";

/** Arguments of {@link QueueWorker}. */
export interface QueueWorkerArgs extends FargateTaskArgs {
  /** Cluster ARN (or name) to run in; it needs Container Insights for the running-task metric. */
  cluster: pulumi.Input<string>;
  /** VPC of the worker security group. */
  vpcId: pulumi.Input<string>;
  /** Subnets of the tasks (private subnets). */
  subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** Extra security groups. @default [] */
  securityGroupIds?: pulumi.Input<string>[];
  /** FIFO queue (and dead-letter queue). @default false */
  fifo?: boolean;
  /** Seconds a received message stays hidden, 0 to 43200; above the time one message takes. @default max(30, 6 x secondsPerMessage) */
  visibilityTimeoutSeconds?: number;
  /** Receives before a message moves to the dead-letter queue, 1 to 1000. @default 5 */
  maxReceiveCount?: number;
  /** Seconds the queue keeps a message, 60 to 1209600. @default 345600 (4 days) */
  messageRetentionSeconds?: number;
  /** KMS key for the queues (the task role may decrypt with it). @default SQS-managed encryption */
  queueKmsKeyArn?: pulumi.Input<string>;
  /** Fewest tasks; 0 lets the worker scale to zero when the queue is empty. @default 0 */
  minTasks?: number;
  /** Most tasks. @default 10 */
  maxTasks?: number;
  /** Longest a message may wait before a task starts on it, in seconds. @default 300 */
  acceptableLatencySeconds?: number;
  /** Average seconds one task spends on one message. @default 1 */
  secondsPerMessage?: number;
  /** Spot placement; workers retry safely through SQS visibility. @default { base: 0, weight: 3, onDemandWeight: 1 } */
  spot?: SpotArgs;
  /** Environment variable that receives the queue URL in every container. @default "QUEUE_URL" */
  queueUrlVariable?: string;
  /**
   * When the worker runs: outside these hours a scheduled action sets both bounds of its scalable
   * target to 0 (`${name}-backlog-scaling-sleep`), so the backlog alarm cannot start a task at
   * night (Application Auto Scaling never scales beyond the maximum); waking restores `minTasks`
   * and `maxTasks` (`${name}-backlog-scaling-wake`) and messages queued overnight are worked off.
   * Keep `messageRetentionSeconds` longer than the night. @default always awake
   */
  awake?: AwakeSchedule;
}

const WORKER_TYPE = "berth:ecs:QueueWorker";

/**
 * An SQS queue with a dead-letter queue, and a Fargate service consuming it that scales on backlog
 * per task (target tracking on `visible messages / running tasks`, target
 * `acceptableLatencySeconds / secondsPerMessage`), from zero when allowed, on Spot by default.
 */
export class QueueWorker extends pulumi.ComponentResource {
  /** Queue URL. */
  readonly queueUrl: pulumi.Output<string>;
  /** Queue ARN. */
  readonly queueArn: pulumi.Output<string>;
  /** Dead-letter queue ARN. */
  readonly deadLetterQueueArn: pulumi.Output<string>;
  /** Backlog per task the scaling policy keeps. */
  readonly backlogTarget: number;
  /** The consuming service. */
  readonly service: FargateService;

  constructor(name: string, args: QueueWorkerArgs, opts?: pulumi.ComponentResourceOptions) {
    super(WORKER_TYPE, name, {}, opts);
    const v = new Validator(WORKER_TYPE, name);
    if (
      !checkArgsShape(v, args, QUEUE_WORKER_KEYS, {
        cluster: "the ECS cluster ARN or name",
        vpcId: "the VPC id of the tasks",
        subnetIds: "the subnet ids of the tasks",
        containers: "the containers of the task",
      })
    )
      v.throwIfAny();
    // The task half is checked here too, so its errors name the worker, not its inner service.
    checkTaskArgs(args, v);
    checkCluster(v, args.cluster);
    checkVpcId(v, args.vpcId);
    checkIdList(v, "subnetIds", args.subnetIds, 1, "subnet");
    v.knownKeys("spot", args.spot, NESTED_KEYS.spot);
    // The task role gets kms:Decrypt on it, so it must be the key's ARN (an alias ARN grants nothing).
    v.arn("queueKmsKeyArn", args.queueKmsKeyArn, { service: "kms", resourceType: "key" });
    v.numberIn("secondsPerMessage", args.secondsPerMessage, Number.MIN_VALUE, 43200);
    v.numberIn(
      "acceptableLatencySeconds",
      args.acceptableLatencySeconds,
      Number.MIN_VALUE,
      Number.MAX_SAFE_INTEGER,
    );
    v.merge(checkSpot(args.spot));
    const min = args.minTasks ?? 0;
    const max = args.maxTasks ?? 10;
    v.check(Number.isInteger(min) && min >= 0 && min <= 5000, "minTasks", min, "an integer from 0 to 5000");
    v.check(
      Number.isInteger(max) && max >= 1 && max <= 5000 && max >= min,
      "maxTasks",
      max,
      `an integer from ${Math.max(1, min)} to 5000`,
    );
    const latency = args.acceptableLatencySeconds ?? 300;
    const perMessage = args.secondsPerMessage ?? 1;
    v.check(perMessage > 0, "secondsPerMessage", perMessage, "a number of seconds above 0");
    v.check(
      latency > 0 && latency >= perMessage,
      "acceptableLatencySeconds",
      latency,
      `a number of seconds of at least secondsPerMessage (${perMessage})`,
    );
    const visibility =
      args.visibilityTimeoutSeconds ?? Math.min(43200, Math.max(30, Math.ceil(perMessage * 6)));
    v.check(
      Number.isInteger(visibility) && visibility >= 0 && visibility <= 43200,
      "visibilityTimeoutSeconds",
      visibility,
      "an integer from 0 to 43200",
    );
    if (args.visibilityTimeoutSeconds !== undefined) {
      v.check(
        visibility >= perMessage,
        "visibilityTimeoutSeconds",
        visibility,
        `at least secondsPerMessage (${perMessage}), or messages are processed twice`,
      );
    }
    const receives = args.maxReceiveCount ?? 5;
    v.check(
      Number.isInteger(receives) && receives >= 1 && receives <= 1000,
      "maxReceiveCount",
      receives,
      "an integer from 1 to 1000",
    );
    const retention = args.messageRetentionSeconds ?? 345600;
    v.check(
      Number.isInteger(retention) && retention >= 60 && retention <= 1209600,
      "messageRetentionSeconds",
      retention,
      "an integer from 60 to 1209600",
    );
    const variable = args.queueUrlVariable ?? "QUEUE_URL";
    v.check(
      /^[A-Za-z_][A-Za-z0-9_]*$/.test(variable),
      "queueUrlVariable",
      variable,
      "an environment variable name",
    );
    // SQS queue names: up to 80 characters, of which a FIFO queue's `.fifo` suffix takes 5.
    checkChildNames(v, name, [
      ["-execution", 64],
      ["-task", 64],
      ["-queue", args.fifo ? 75 : 80],
      ["-dlq", args.fifo ? 75 : 80],
    ]);
    const awake = resolveAwakeSchedule(v, "awake", args.awake);
    v.throwIfAny();

    const tags = mergeTags(componentTags(WORKER_TYPE, name), args.tags);
    const encryption =
      args.queueKmsKeyArn !== undefined
        ? { kmsMasterKeyId: args.queueKmsKeyArn }
        : { sqsManagedSseEnabled: true };
    const dlq = new aws.sqs.Queue(
      `${name}-dlq`,
      { fifoQueue: args.fifo ?? false, messageRetentionSeconds: 1209600, ...encryption, tags },
      { parent: this },
    );
    const queue = new aws.sqs.Queue(
      `${name}-queue`,
      {
        fifoQueue: args.fifo ?? false,
        visibilityTimeoutSeconds: visibility,
        messageRetentionSeconds: retention,
        receiveWaitTimeSeconds: 20,
        redrivePolicy: pulumi.jsonStringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: receives }),
        ...encryption,
        tags,
      },
      { parent: this },
    );
    new aws.sqs.RedriveAllowPolicy(
      `${name}-dlq-allow`,
      {
        queueUrl: dlq.url,
        redriveAllowPolicy: pulumi.jsonStringify({
          redrivePermission: "byQueue",
          sourceQueueArns: [queue.arn],
        }),
      },
      { parent: this },
    );

    const consume = [
      ...grants.sqsConsume(queue.arn),
      ...(args.queueKmsKeyArn !== undefined ? [allow(["kms:Decrypt"], [args.queueKmsKeyArn])] : []),
    ];
    // Only the service's own arguments go on (the worker's queue and scaling settings are not its).
    const {
      fifo: _fifo,
      visibilityTimeoutSeconds: _visibility,
      maxReceiveCount: _receives,
      messageRetentionSeconds: _retention,
      queueKmsKeyArn: _queueKey,
      minTasks: _min,
      maxTasks: _max,
      acceptableLatencySeconds: _latency,
      secondsPerMessage: _perMessage,
      queueUrlVariable: _variable,
      awake: _awake,
      cluster: clusterArn,
      ...serviceArgs
    } = args;
    this.service = new FargateService(
      name,
      {
        ...serviceArgs,
        clusterArn,
        containers: args.containers.map((c) => ({
          ...c,
          environment: { ...c.environment, [variable]: c.environment?.[variable] ?? queue.url },
        })),
        taskRoleStatements: [...consume, ...(args.taskRoleStatements ?? [])],
        desiredCount: min,
        desiredCountOwner: "autoscaler",
        spot: args.spot ?? { base: 0, weight: 3, onDemandWeight: 1 },
      },
      { parent: this },
    );

    this.backlogTarget = backlogTarget(latency, perMessage);
    const scalingName = `${name}-backlog`;
    createServiceScaling(
      scalingName,
      {
        minCapacity: min,
        maxCapacity: max,
        scaleInCooldown: 300,
        scaleOutCooldown: 60,
        // From zero tasks the ratio has no data; one task is started when messages wait and none runs.
        steps:
          min === 0
            ? [
                {
                  name: "wake",
                  expression: "IF(m1 > 0 AND FILL(m2, 0) < 1, 1, 0)",
                  metrics: [
                    {
                      id: "m1",
                      namespace: "AWS/SQS",
                      metricName: "ApproximateNumberOfMessagesVisible",
                      dimensions: { QueueName: queue.name },
                      stat: "Sum",
                    },
                    {
                      id: "m2",
                      namespace: "ECS/ContainerInsights",
                      metricName: "RunningTaskCount",
                      dimensions: {
                        ClusterName: this.service.clusterName,
                        ServiceName: this.service.serviceName,
                      },
                      stat: "Average",
                    },
                  ],
                  threshold: 1,
                  steps: [{ lower: 0, change: 1 }],
                  cooldown: 60,
                },
              ]
            : [],
      },
      {
        clusterName: this.service.clusterName,
        serviceName: this.service.serviceName,
        ...(awake ? { awake } : {}),
        customMetric: {
          name: "per-task",
          target: this.backlogTarget,
          spec: backlogPerTaskMetric(queue.name, this.service.clusterName, this.service.serviceName),
        },
      },
      this,
    );

    this.queueUrl = queue.url;
    this.queueArn = queue.arn;
    this.deadLetterQueueArn = dlq.arn;
    this.registerOutputs({
      queueUrl: this.queueUrl,
      queueArn: this.queueArn,
      deadLetterQueueArn: this.deadLetterQueueArn,
      backlogTarget: this.backlogTarget,
    });
  }
}
