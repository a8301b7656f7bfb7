import { IMAGE_DIGEST, IMAGE_TAG } from "@berth/ecr-lifecycle";
import {
  arnOf,
  awakeConfigShape,
  checkAwakeConfig,
  intIn,
  loadStackConfig,
  logRetentionDays,
  refuseSleepInProd,
} from "@berth/stack-config";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

const imageDigest = z
  .string()
  .regex(IMAGE_DIGEST, { message: "an image digest, sha256: and 64 hexadecimal digits" });

const tasks = z.strictObject({
  min: intIn(0, 1000),
  max: intIn(1, 1000),
});
/** ECS capacity provider strategy limits (ECS API reference, `CapacityProviderStrategyItem`: base 0 to 100000, weight 0 to 1000). */
const spot = z.strictObject({
  /** Tasks always on on-demand Fargate. */
  base: intIn(0, 100000),
  /** Share of the rest on FARGATE_SPOT, against `onDemandWeight` on FARGATE. */
  weight: intIn(0, 1000),
  onDemandWeight: intIn(0, 1000),
});

/** The layer's configuration: every difference between environments lives here. */
export const workloadsConfigSchema = z
  .strictObject({
    /** Image tag every example service runs (the repositories come from the platform layer). */
    imageTag: z.string().regex(IMAGE_TAG, { message: "a Docker image tag, e.g. 1.4.2" }),
    /**
     * Image digest (`sha256:` + 64 hex digits) per image repository, written by the images
     * workflow (.github/workflows/images.yml) after it pushed the image: an image with a digest runs
     * by digest, the others by `imageTag`. The pipeline owns only these values; every other
     * container setting stays in code, so changes to environment, secrets, ports or sizes roll out.
     */
    imageDigests: z
      .strictObject({
        web: imageDigest.optional(),
        worker: imageDigest.optional(),
        jobs: imageDigest.optional(),
      })
      .default({}),
    /** ACM certificate of the web service's HTTPS load balancer. */
    certificateArn: arnOf({ service: "acm", resourceType: "certificate" }),
    /** The web service behind an ALB: size, task range, Spot split. */
    web: z.strictObject({
      cpu: z.number().int(),
      memory: z.number().int(),
      tasks,
      spot,
    }),
    /** The queue worker on FARGATE_SPOT: task range and the latency it must keep. */
    worker: z.strictObject({
      tasks,
      acceptableLatencySeconds: intIn(1, 3600),
    }),
    /** The nightly report (EventBridge Scheduler expression and time zone). */
    report: z.strictObject({
      schedule: z.string().regex(/^(cron|rate|at)\(.+\)$/, { message: "cron(...), rate(...) or at(...)" }),
      timezone: z.string(),
    }),
    /** Tasks of the bridge-mode service on EC2 Spot. */
    bridgeTasks: intIn(0, 1000),
    /** The service reached through VPC Lattice. */
    orders: z.strictObject({ tasks }),
    /** The ECS Express Mode service. */
    express: z.strictObject({ tasks }),
    /** Log retention of every service, in days (a value CloudWatch Logs accepts). */
    logRetentionDays: logRetentionDays(),
    /** Protect stateful resources (the worker's queues, the web load balancer) from deletion. */
    protect: z.boolean().default(false),
    ...awakeConfigShape,
    /** Tags on every resource of the layer. */
    tags: z.record(z.string(), z.string()).default({}),
  })
  .superRefine(checkAwakeConfig);

/**
 * The schema for stack `stack`: a stack named `prod` with `awake` is refused unless
 * `allowSleepInProd` is true.
 */
export function workloadsConfigSchemaFor(stack: string) {
  return workloadsConfigSchema.superRefine(refuseSleepInProd("berth-workloads", stack));
}

/** The parsed, typed configuration of the workloads layer. */
export type WorkloadsConfig = z.output<typeof workloadsConfigSchema>;

/** Reads this stack's configuration (`Pulumi.<stack>.yaml`, namespace `berth-workloads`). */
export function loadWorkloadsConfig(): WorkloadsConfig {
  return loadStackConfig(workloadsConfigSchemaFor(pulumi.getStack()));
}
