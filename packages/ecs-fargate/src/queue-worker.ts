import {
  type AwakeSchedule,
  componentTags,
  mergeTags,
  type ResolvedAwakeSchedule,
  renamedKeys,
  resolveAwakeSchedule,
  Validator,
} from "@berth/core";
import * as pulumi from "@pulumi/pulumi";
import { checkSpot, type SpotArgs } from "./capacity";
import { checkVpcId } from "./fargate-service";
import { NESTED_KEYS, QUEUE_WORKER_KEYS } from "./known-keys";
import { buildBacklogScaling, buildWorkerQueues, buildWorkerService } from "./queue-worker-build";
import { backlogTarget } from "./scaling";
import { checkArgsShape, checkChildNames, checkIdList, checkTaskArgs, type FargateTaskArgs } from "./task";

/** Arguments of {@link QueueWorker}. */
export interface QueueWorkerArgs extends FargateTaskArgs {
  /** ARN of the cluster to run in; it needs Container Insights for the running-task metric. */
  clusterArn: pulumi.Input<string>;
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
  minCapacity?: number;
  /** Most tasks. @default 10 */
  maxCapacity?: number;
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
   * night (Application Auto Scaling never scales beyond the maximum); waking restores `minCapacity`
   * and `maxCapacity` (`${name}-backlog-scaling-wake`) and messages queued overnight are worked off.
   * Keep `messageRetentionSeconds` longer than the night. @default always awake
   */
  awake?: AwakeSchedule;
}

const WORKER_TYPE = "berth:ecs:QueueWorker";

/** Arguments renamed in this release (old → new). */
const WORKER_RENAMED = { cluster: "clusterArn", minTasks: "minCapacity", maxTasks: "maxCapacity" } as const;

/** The names of the children a {@link QueueWorker} creates. */
export interface QueueWorkerNames {
  /** The queue, its dead-letter queue and the dead-letter queue's redrive-allow policy. */
  queue: string;
  deadLetterQueue: string;
  redriveAllow: string;
  /** The consuming `FargateService` (the worker's own name: its children are `<name>-service`, ...). */
  service: string;
  /** Prefix of the scaling children: `<scaling>-scaling`, `<scaling>-per-task`, `<scaling>-wake`. */
  scaling: string;
}

/** The arguments of a {@link QueueWorker}, checked, with every default filled. */
export interface ResolvedQueueWorkerArgs {
  /** The arguments as given (every field checked). */
  args: QueueWorkerArgs;
  fifo: boolean;
  visibilityTimeoutSeconds: number;
  maxReceiveCount: number;
  messageRetentionSeconds: number;
  minCapacity: number;
  maxCapacity: number;
  acceptableLatencySeconds: number;
  secondsPerMessage: number;
  /** Backlog per task the scaling policy keeps: `acceptableLatencySeconds / secondsPerMessage`. */
  backlogTarget: number;
  spot: SpotArgs;
  queueUrlVariable: string;
  awake: ResolvedAwakeSchedule | undefined;
  names: QueueWorkerNames;
}

/** Checks the queue settings; returns them filled. */
function resolveQueue(v: Validator, args: QueueWorkerArgs, perMessage: number) {
  const fifo = args.fifo ?? false;
  v.check(typeof fifo === "boolean", "fifo", fifo, "true or false");
  const visibilityTimeoutSeconds =
    args.visibilityTimeoutSeconds ?? Math.min(43200, Math.max(30, Math.ceil(perMessage * 6)));
  // SQS API Reference, SetQueueAttributes: VisibilityTimeout 0 to 43200, MessageRetentionPeriod
  // 60 to 1209600; RedrivePolicy maxReceiveCount 1 to 1000.
  v.intIn("visibilityTimeoutSeconds", visibilityTimeoutSeconds, 0, 43200);
  if (args.visibilityTimeoutSeconds !== undefined) {
    v.check(
      visibilityTimeoutSeconds >= perMessage,
      "visibilityTimeoutSeconds",
      visibilityTimeoutSeconds,
      `at least secondsPerMessage (${perMessage}), or messages are processed twice`,
    );
  }
  const maxReceiveCount = args.maxReceiveCount ?? 5;
  v.intIn("maxReceiveCount", maxReceiveCount, 1, 1000);
  const messageRetentionSeconds = args.messageRetentionSeconds ?? 345600;
  v.intIn("messageRetentionSeconds", messageRetentionSeconds, 60, 1209600);
  const queueUrlVariable = args.queueUrlVariable ?? "QUEUE_URL";
  v.check(
    /^[A-Za-z_][A-Za-z0-9_]*$/.test(queueUrlVariable),
    "queueUrlVariable",
    queueUrlVariable,
    "an environment variable name",
  );
  return { fifo, visibilityTimeoutSeconds, maxReceiveCount, messageRetentionSeconds, queueUrlVariable };
}

/** Checks the task range and the backlog numbers; returns them filled. */
function resolveScaling(v: Validator, args: QueueWorkerArgs) {
  v.numberIn("secondsPerMessage", args.secondsPerMessage, Number.MIN_VALUE, 43200);
  v.numberIn(
    "acceptableLatencySeconds",
    args.acceptableLatencySeconds,
    Number.MIN_VALUE,
    Number.MAX_SAFE_INTEGER,
  );
  v.merge(checkSpot(args.spot));
  const minCapacity = args.minCapacity ?? 0;
  const maxCapacity = args.maxCapacity ?? 10;
  const minOk = v.intIn("minCapacity", minCapacity, 0, 5000);
  v.intIn("maxCapacity", maxCapacity, minOk ? Math.max(1, minCapacity) : 1, 5000);
  const acceptableLatencySeconds = args.acceptableLatencySeconds ?? 300;
  const secondsPerMessage = args.secondsPerMessage ?? 1;
  v.check(secondsPerMessage > 0, "secondsPerMessage", secondsPerMessage, "a number of seconds above 0");
  v.check(
    acceptableLatencySeconds > 0 && acceptableLatencySeconds >= secondsPerMessage,
    "acceptableLatencySeconds",
    acceptableLatencySeconds,
    `a number of seconds of at least secondsPerMessage (${secondsPerMessage})`,
  );
  return { minCapacity, maxCapacity, acceptableLatencySeconds, secondsPerMessage };
}

/**
 * Checks every argument of a {@link QueueWorker} (plain values now; values known later are checked
 * again when known, by the inner service) and fills its defaults, without creating anything.
 * Throws one `BerthValidationError` with every issue found.
 */
export function resolveQueueWorkerArgs(name: string, args: QueueWorkerArgs): ResolvedQueueWorkerArgs {
  const v = new Validator(WORKER_TYPE, name);
  const required = {
    clusterArn: "the ECS cluster ARN",
    vpcId: "the VPC id of the tasks",
    subnetIds: "the subnet ids of the tasks",
    containers: "the containers of the task",
  };
  const shape = v.retiredKeys("", args, renamedKeys(WORKER_RENAMED));
  if (!checkArgsShape(v, shape, QUEUE_WORKER_KEYS, required)) v.throwIfAny();
  // The task half is checked here too, so its errors name the worker, not its inner service.
  checkTaskArgs(args, v);
  v.arn("clusterArn", args.clusterArn, { service: "ecs", resourceType: "cluster" });
  checkVpcId(v, args.vpcId);
  checkIdList(v, "subnetIds", args.subnetIds, 1, "subnet");
  v.knownKeys("spot", args.spot, NESTED_KEYS.spot);
  // The task role gets kms:Decrypt on it, so it must be the key's ARN (an alias ARN grants nothing).
  v.arn("queueKmsKeyArn", args.queueKmsKeyArn, { service: "kms", resourceType: "key" });
  const scaling = resolveScaling(v, args);
  const queue = resolveQueue(v, args, scaling.secondsPerMessage);
  const names: QueueWorkerNames = {
    queue: `${name}-queue`,
    deadLetterQueue: `${name}-dlq`,
    redriveAllow: `${name}-dlq-allow`,
    service: name,
    scaling: `${name}-backlog`,
  };
  // SQS queue names: up to 80 characters, of which a FIFO queue's `.fifo` suffix takes 5; the
  // inner service's IAM roles `<name>-execution` and `<name>-task`: 64.
  const queueMax = queue.fifo ? 75 : 80;
  checkChildNames(v, name, [
    ["-execution", 64],
    ["-task", 64],
    [names.queue.slice(name.length), queueMax],
    [names.deadLetterQueue.slice(name.length), queueMax],
  ]);
  const awake = resolveAwakeSchedule(v, "awake", args.awake);
  v.throwIfAny();
  return {
    args,
    ...queue,
    ...scaling,
    backlogTarget: backlogTarget(scaling.acceptableLatencySeconds, scaling.secondsPerMessage),
    spot: args.spot ?? { base: 0, weight: 3, onDemandWeight: 1 },
    awake,
    names,
  };
}

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
  /** Name of the consuming ECS service. */
  readonly serviceName: pulumi.Output<string>;
  /** ARN of the consuming ECS service. */
  readonly serviceArn: pulumi.Output<string>;
  /** The task role (it may receive and delete the queue's messages). */
  readonly taskRoleArn: pulumi.Output<string>;
  /** The tasks' security group. */
  readonly securityGroupId: pulumi.Output<string>;

  constructor(name: string, args: QueueWorkerArgs, opts?: pulumi.ComponentResourceOptions) {
    super(WORKER_TYPE, name, {}, opts);
    const r = resolveQueueWorkerArgs(name, args);
    const tags = mergeTags(componentTags(WORKER_TYPE, name), args.tags);
    // Builders in order: the queues, the consuming service, its backlog scaling (and sleep).
    const { queue, dlq } = buildWorkerQueues(this, r, tags);
    // Its outputs are flat (not the inner FargateService): Pulumi's component analyzer serves
    // references to @pulumi/* resources only, so a Berth component cannot be an output.
    const service = buildWorkerService(this, r, queue);
    buildBacklogScaling(this, r, queue, service);
    this.serviceName = service.serviceName;
    this.serviceArn = service.serviceArn;
    this.taskRoleArn = service.taskRoleArn;
    this.securityGroupId = service.securityGroupId;

    this.backlogTarget = r.backlogTarget;
    this.queueUrl = queue.url;
    this.queueArn = queue.arn;
    this.deadLetterQueueArn = dlq.arn;
    this.registerOutputs({
      queueUrl: this.queueUrl,
      queueArn: this.queueArn,
      deadLetterQueueArn: this.deadLetterQueueArn,
      backlogTarget: this.backlogTarget,
      serviceName: this.serviceName,
      serviceArn: this.serviceArn,
      taskRoleArn: this.taskRoleArn,
      securityGroupId: this.securityGroupId,
    });
  }
}
