import { allow } from "@berth/core";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { FargateService } from "./fargate-service";
import type { ResolvedQueueWorkerArgs } from "./queue-worker";
import { grants } from "./roles";
import { backlogPerTaskMetric, createServiceScaling, type StepScalingArgs } from "./scaling";

type Tags = pulumi.Input<Record<string, pulumi.Input<string>>>;

/**
 * The queue `${name}-queue` (long polling, redrive to the dead-letter queue after `maxReceiveCount`
 * receives), the dead-letter queue `${name}-dlq` (14 days) and its redrive-allow policy
 * `${name}-dlq-allow` (only this queue may send to it). Encrypted with `queueKmsKeyArn`, else SSE-SQS.
 */
export function buildWorkerQueues(
  scope: pulumi.ComponentResource,
  r: ResolvedQueueWorkerArgs,
  tags: Tags,
): { queue: aws.sqs.Queue; dlq: aws.sqs.Queue } {
  const encryption =
    r.args.queueKmsKeyArn !== undefined
      ? { kmsMasterKeyId: r.args.queueKmsKeyArn }
      : { sqsManagedSseEnabled: true };
  const dlq = new aws.sqs.Queue(
    r.names.deadLetterQueue,
    { fifoQueue: r.fifo, messageRetentionSeconds: 1209600, ...encryption, tags },
    { parent: scope },
  );
  const queue = new aws.sqs.Queue(
    r.names.queue,
    {
      fifoQueue: r.fifo,
      visibilityTimeoutSeconds: r.visibilityTimeoutSeconds,
      messageRetentionSeconds: r.messageRetentionSeconds,
      receiveWaitTimeSeconds: 20,
      redrivePolicy: pulumi.jsonStringify({
        deadLetterTargetArn: dlq.arn,
        maxReceiveCount: r.maxReceiveCount,
      }),
      ...encryption,
      tags,
    },
    { parent: scope },
  );
  new aws.sqs.RedriveAllowPolicy(
    r.names.redriveAllow,
    {
      queueUrl: dlq.url,
      redriveAllowPolicy: pulumi.jsonStringify({
        redrivePermission: "byQueue",
        sourceQueueArns: [queue.arn],
      }),
    },
    { parent: scope },
  );
  return { queue, dlq };
}

/**
 * The consuming `FargateService` (named like the worker): every container gets the queue URL in
 * `queueUrlVariable`, the task role may consume exactly this queue (and decrypt with its key), the
 * autoscaler owns the task count, Spot by default.
 */
export function buildWorkerService(
  scope: pulumi.ComponentResource,
  r: ResolvedQueueWorkerArgs,
  queue: aws.sqs.Queue,
): FargateService {
  const consume = [
    ...grants.sqsConsume(queue.arn),
    ...(r.args.queueKmsKeyArn !== undefined ? [allow(["kms:Decrypt"], [r.args.queueKmsKeyArn])] : []),
  ];
  // Only the service's own arguments go on (the worker's queue and scaling settings are not its).
  const {
    clusterArn,
    fifo: _fifo,
    visibilityTimeoutSeconds: _visibility,
    maxReceiveCount: _receives,
    messageRetentionSeconds: _retention,
    queueKmsKeyArn: _queueKey,
    minCapacity: _min,
    maxCapacity: _max,
    acceptableLatencySeconds: _latency,
    secondsPerMessage: _perMessage,
    queueUrlVariable: _variable,
    awake: _awake,
    ...serviceArgs
  } = r.args;
  const variable = r.queueUrlVariable;
  return new FargateService(
    r.names.service,
    {
      ...serviceArgs,
      clusterArn,
      containers: r.args.containers.map((c) => ({
        ...c,
        environment: { ...c.environment, [variable]: c.environment?.[variable] ?? queue.url },
      })),
      taskRoleStatements: [...consume, ...(r.args.taskRoleStatements ?? [])],
      desiredCount: r.minCapacity,
      desiredCountOwner: "autoscaler",
      spot: r.spot,
    },
    { parent: scope },
  );
}

/**
 * From zero tasks the backlog ratio has no data: a step policy `${name}-backlog-wake` starts one
 * task when messages wait and none runs (only when the worker may scale to zero).
 */
function wakeFromZero(queue: aws.sqs.Queue, service: FargateService): StepScalingArgs {
  return {
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
        dimensions: { ClusterName: service.clusterName, ServiceName: service.serviceName },
        stat: "Average",
      },
    ],
    threshold: 1,
    steps: [{ lower: 0, change: 1 }],
    cooldown: 60,
  };
}

/**
 * The scalable target `${name}-backlog-scaling` (`minCapacity` to `maxCapacity`), target tracking
 * on backlog per task (`${name}-backlog-per-task`), the wake-from-zero step policy and, with
 * `awake`, the sleep and wake scheduled actions.
 */
export function buildBacklogScaling(
  scope: pulumi.ComponentResource,
  r: ResolvedQueueWorkerArgs,
  queue: aws.sqs.Queue,
  service: FargateService,
): void {
  createServiceScaling(
    r.names.scaling,
    {
      minCapacity: r.minCapacity,
      maxCapacity: r.maxCapacity,
      scaleInCooldown: 300,
      scaleOutCooldown: 60,
      steps: r.minCapacity === 0 ? [wakeFromZero(queue, service)] : [],
    },
    {
      clusterName: service.clusterName,
      serviceName: service.serviceName,
      ...(r.awake ? { awake: r.awake } : {}),
      customMetric: {
        name: "per-task",
        target: r.backlogTarget,
        spec: backlogPerTaskMetric(queue.name, service.clusterName, service.serviceName),
      },
    },
    scope,
  );
}
