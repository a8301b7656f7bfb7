import { LOG_RETENTION_DAYS } from "@berth/core";
import { awakeConfigShape, checkAwakeConfig, loadStackConfig, refuseSleepInProd } from "@berth/stack-config";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

const imageDigest = z
  .string()
  .regex(/^sha256:[0-9a-f]{64}$/, { message: "an image digest, sha256: and 64 hexadecimal digits" });

const tasks = z.strictObject({
  min: z.number().int().min(0).max(1000),
  max: z.number().int().min(1).max(1000),
});
const spot = z.strictObject({
  /** Tasks always on on-demand Fargate. */
  base: z.number().int().min(0).max(100000),
  /** Share of the rest on FARGATE_SPOT, against `onDemandWeight` on FARGATE. */
  weight: z.number().int().min(0).max(1000),
  onDemandWeight: z.number().int().min(0).max(1000),
});

/** The layer's configuration: every difference between environments lives here. */
export const workloadsConfigSchema = z
  .strictObject({
    /** Image tag every example service runs (the repositories come from the platform layer). */
    imageTag: z
      .string()
      .regex(/^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/, { message: "a Docker image tag, e.g. 1.4.2" }),
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
    certificateArn: z.string().regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/, {
      message: "an ACM certificate ARN, arn:aws:acm:<region>:<account>:certificate/<id>",
    }),
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
      acceptableLatencySeconds: z.number().int().min(1).max(3600),
    }),
    /** The nightly report (EventBridge Scheduler expression and time zone). */
    report: z.strictObject({
      schedule: z.string().regex(/^(cron|rate|at)\(.+\)$/, { message: "cron(...), rate(...) or at(...)" }),
      timezone: z.string(),
    }),
    /** Tasks of the bridge-mode service on EC2 Spot. */
    bridgeTasks: z.number().int().min(0).max(1000),
    /** The service reached through VPC Lattice. */
    orders: z.strictObject({ tasks }),
    /** The ECS Express Mode service. */
    express: z.strictObject({ tasks }),
    /** Log retention of every service, in days (a value CloudWatch Logs accepts). */
    logRetentionDays: z
      .number()
      .refine((d) => LOG_RETENTION_DAYS.includes(d), { message: `one of ${LOG_RETENTION_DAYS.join(", ")}` }),
    /** Protect stateful resources (the worker's queues, the web load balancer) from deletion. */
    protect: z.boolean().default(false),
    ...awakeConfigShape,
    /** Tags on every resource of the layer. */
    tags: z.record(z.string(), z.string()).default({}),
  })
  .superRefine(checkAwakeConfig("berth-workloads"));

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
