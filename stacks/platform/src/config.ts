import { loadStackConfig } from "@berth/stack-config";
import { z } from "zod";

const name = z.string().regex(/^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/, {
  message: "lowercase letters, digits, '.', '_', '-' and '/', e.g. team/web",
});
const arm = z.enum(["arm64", "x86_64"]);

/** The platform layer's configuration: every difference between environments lives here. */
export const platformConfigSchema = z.strictObject({
  /** ECR repositories, one per service image. */
  repositories: z
    .array(
      z.strictObject({
        name,
        /** Keep this many images (untagged ones expire after 7 days). */
        keepImages: z.number().int().min(1).max(1000).default(30),
        /** Allow overwriting tags (release tags are immutable by default). */
        mutableTags: z.boolean().default(false),
      }),
    )
    .default([]),
  /** Encrypt repositories with KMS (the AWS managed `aws/ecr` key) instead of AES256. */
  ecrKms: z.boolean().default(false),
  /** ECS EC2 Spot capacity (the Fargate providers are always attached). */
  ecsSpot: z
    .strictObject({
      architecture: arm.default("arm64"),
      instanceTypes: z.array(z.string()).min(2).optional(),
      maxSize: z.number().int().min(1).max(1000),
      onDemandBase: z.number().int().min(0).default(0),
      onDemandPercentAboveBase: z.number().int().min(0).max(100).default(0),
    })
    .default({ architecture: "arm64", maxSize: 4, onDemandBase: 0, onDemandPercentAboveBase: 0 }),
  /** The EKS cluster, with a small on-demand system pool and a Spot pool. */
  eks: z
    .strictObject({
      enabled: z.boolean().default(true),
      version: z
        .string()
        .regex(/^1\.\d+$/, { message: "a Kubernetes minor version, e.g. 1.35" })
        .default("1.35"),
      systemNodes: z
        .strictObject({ min: z.number().int().min(1), max: z.number().int().min(1) })
        .default({ min: 2, max: 3 }),
      spotNodes: z
        .strictObject({
          min: z.number().int().min(0),
          max: z.number().int().min(1),
          instanceTypes: z.array(z.string()).min(2).default(["m7g.large", "m6g.large", "c7g.xlarge"]),
        })
        .default({ min: 0, max: 6, instanceTypes: ["m7g.large", "m6g.large", "c7g.xlarge"] }),
      logRetentionDays: z.number().int().default(30),
      admins: z.array(z.string()).default([]),
    })
    .default({
      enabled: true,
      version: "1.35",
      systemNodes: { min: 2, max: 3 },
      spotNodes: { min: 0, max: 6, instanceTypes: ["m7g.large", "m6g.large", "c7g.xlarge"] },
      logRetentionDays: 30,
      admins: [],
    }),
  /** The VPC Lattice service network. */
  lattice: z
    .strictObject({
      authType: z.enum(["AWS_IAM", "NONE"]).default("AWS_IAM"),
      accessLogs: z.boolean().default(true),
      accessLogRetentionDays: z.number().int().default(30),
    })
    .default({ authType: "AWS_IAM", accessLogs: true, accessLogRetentionDays: 30 }),
  /** Protect stateful resources (repositories, the EKS cluster) from deletion. */
  protect: z.boolean().default(false),
  /** Tags on every resource of the layer. */
  tags: z.record(z.string(), z.string()).default({}),
});

/** The parsed, typed configuration of the platform layer. */
export type PlatformConfig = z.output<typeof platformConfigSchema>;

/** Reads this stack's configuration (`Pulumi.<stack>.yaml`, namespace `berth-platform`). */
export function loadPlatformConfig(): PlatformConfig {
  return loadStackConfig(platformConfigSchema);
}
