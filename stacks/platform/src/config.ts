import { REPOSITORY_NAME } from "@berth/ecr-lifecycle";
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

/** A repository name under the environment's prefix (`Repository`'s `REPOSITORY_NAME`). */
const name = z.string().regex(REPOSITORY_NAME, {
  message: "lowercase letters, digits, '.', '_', '-' and '/', e.g. team/web",
});
const arm = z.enum(["arm64", "x86_64"]);

/**
 * A Kubernetes minor version as a string. YAML reads an unquoted `1.35` as a number, and `1.30` as
 * 1.3, so a number is rejected with a hint to quote it.
 */
const kubernetesVersion = z.union([z.string(), z.number()]).transform((v, ctx) => {
  if (typeof v === "number") {
    // 1.3 was most likely 1.30 before YAML dropped the zero.
    const meant = /^\d+\.\d$/.test(String(v)) ? `${v}0` : String(v);
    ctx.addIssue({
      code: "custom",
      message: `a Kubernetes minor version as a quoted string: YAML reads an unquoted version as a number (1.30 becomes 1.3); write version: "${meant}"`,
    });
    return z.NEVER;
  }
  if (!/^1\.\d+$/.test(v)) {
    ctx.addIssue({ code: "custom", message: "a Kubernetes minor version, e.g. 1.35" });
    return z.NEVER;
  }
  return v;
});

/** IAM role or user ARNs for EKS access entries (the check `EksCluster` runs on them). */
const principals = z.array(arnOf({ service: "iam", resourceType: ["role", "user"] })).default([]);

/** The layer's configuration: every difference between environments lives here. */
export const platformConfigSchema = z
  .strictObject({
    /** ECR repositories, one per service image. */
    repositories: z
      .array(
        z.strictObject({
          name,
          /** Keep this many images (untagged ones expire after 7 days). */
          keepImages: intIn(1, 1000).default(30),
          /** Allow overwriting tags (release tags are immutable by default). */
          mutableTags: z.boolean().default(false),
        }),
      )
      .default([]),
    /**
     * Encrypt repositories with KMS instead of AES256: `Repository` then creates one customer-managed
     * KMS key (yearly rotation) per repository, each billed monthly with its own key policy.
     */
    ecrKms: z.boolean().default(false),
    /** ECS EC2 Spot capacity (the Fargate providers are always attached). */
    ecsSpot: z
      .strictObject({
        architecture: arm.default("arm64"),
        instanceTypes: z.array(z.string()).min(2).optional(),
        maxSize: intIn(1, 1000),
        onDemandBase: z.number().int().min(0).default(0),
        onDemandPercentAboveBase: intIn(0, 100).default(0),
      })
      .default({ architecture: "arm64", maxSize: 4, onDemandBase: 0, onDemandPercentAboveBase: 0 }),
    /** The EKS cluster, with a small on-demand system pool and a Spot pool. */
    eks: z
      .strictObject({
        enabled: z.boolean().default(true),
        version: kubernetesVersion.default("1.35"),
        /**
         * The cluster's upgrade policy: `STANDARD` (EKS upgrades the cluster when standard support
         * ends) or `EXTENDED` (stays up to 12 more months, billed per cluster hour). A version past
         * standard support needs `EXTENDED` here; from 90 days before, the plan warns.
         */
        supportType: z.enum(["STANDARD", "EXTENDED"]).default("STANDARD"),
        /**
         * The system pool (CoreDNS, the controllers). `capacityType: SPOT` (with at least two
         * instance types, EksCluster's rule) suits an environment that tolerates a reclaimed node
         * for the two minutes it takes to replace it, such as dev; prod keeps on-demand.
         */
        systemNodes: z
          .strictObject({
            min: z.number().int().min(1),
            max: z.number().int().min(1),
            capacityType: z.enum(["ON_DEMAND", "SPOT"]).default("ON_DEMAND"),
            instanceTypes: z.array(z.string()).min(1).optional(),
          })
          .default({ min: 2, max: 3, capacityType: "ON_DEMAND" }),
        spotNodes: z
          .strictObject({
            min: z.number().int().min(0),
            max: z.number().int().min(1),
            instanceTypes: z.array(z.string()).min(2).default(["m7g.large", "m6g.large", "c7g.xlarge"]),
          })
          .default({ min: 0, max: 6, instanceTypes: ["m7g.large", "m6g.large", "c7g.xlarge"] }),
        logRetentionDays: logRetentionDays().default(30),
        /**
         * Cluster admins (`AmazonEKSClusterAdminPolicy`): IAM role or user ARNs, e.g. the platform
         * team's SSO role. Never the role that runs `pulumi up` (CI's deploy role): EKS made it admin
         * when it created the cluster, and a second entry fails.
         */
        admins: principals,
        /**
         * Read everything, Secrets included (`AmazonEKSAdminViewPolicy`): CI's preview/drift role,
         * which reads Helm release state from Secrets. The account layer exports its ARN.
         */
        adminViewers: principals,
        /** Read-only without Secrets (`AmazonEKSViewPolicy`): people who look, e.g. support. */
        viewers: principals,
      })
      .default({
        enabled: true,
        version: "1.35",
        systemNodes: { min: 2, max: 3, capacityType: "ON_DEMAND" },
        spotNodes: { min: 0, max: 6, instanceTypes: ["m7g.large", "m6g.large", "c7g.xlarge"] },
        logRetentionDays: 30,
        supportType: "STANDARD",
        admins: [],
        adminViewers: [],
        viewers: [],
      }),
    /** The VPC Lattice service network. */
    lattice: z
      .strictObject({
        authType: z.enum(["AWS_IAM", "NONE"]).default("AWS_IAM"),
        accessLogs: z.boolean().default(true),
        accessLogRetentionDays: logRetentionDays().default(30),
      })
      .default({ authType: "AWS_IAM", accessLogs: true, accessLogRetentionDays: 30 }),
    /** Protect stateful resources (repositories, the EKS cluster) from deletion. */
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
export function platformConfigSchemaFor(stack: string) {
  return platformConfigSchema.superRefine(refuseSleepInProd("berth-platform", stack));
}

/** The parsed, typed configuration of the platform layer. */
export type PlatformConfig = z.output<typeof platformConfigSchema>;

/** Reads this stack's configuration (`Pulumi.<stack>.yaml`, namespace `berth-platform`). */
export function loadPlatformConfig(): PlatformConfig {
  return loadStackConfig(platformConfigSchemaFor(pulumi.getStack()));
}
