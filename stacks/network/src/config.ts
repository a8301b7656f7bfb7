import { cidrBlock, intIn, loadStackConfig, logRetentionDays } from "@berth/stack-config";
import { z } from "zod";

/**
 * The VPC's range: an IPv4 network address (host bits zero, as the AWS provider's
 * `verify.ValidIPv4CIDRNetworkAddress` requires of `aws_vpc.cidr_block`) from /16 (the largest VPC,
 * VPC user guide "VPC CIDR blocks") to /24, the smallest this layer splits into its subnets.
 */
const cidr = cidrBlock({
  family: "ipv4",
  prefixes: { min: 16, max: 24, allowed: "an IPv4 CIDR block from /16 to /24, e.g. 10.0.0.0/16" },
});

/** The network layer's configuration: every difference between environments lives here. */
export const networkConfigSchema = z.strictObject({
  /** The VPC's IPv4 range. */
  cidr: cidr.default("10.0.0.0/16"),
  /** Availability zones to spread subnets over. */
  azCount: intIn(2, 6).default(3),
  /** NAT gateways: one for the VPC (cheap, one zone's failure cuts egress) or one per zone. */
  natStrategy: z.enum(["Single", "OnePerAz"]).default("OnePerAz"),
  /** Interface endpoints (ECR api and dkr, CloudWatch Logs) and the S3 gateway endpoint. */
  vpcEndpoints: z.array(z.enum(["ecr", "s3", "logs"])).default([]),
  /** Flow-log retention in days (one of the values CloudWatch Logs accepts). */
  flowLogRetentionDays: logRetentionDays().default(30),
  /** Which traffic the flow logs record. */
  flowLogTrafficType: z.enum(["ALL", "ACCEPT", "REJECT"]).default("ALL"),
  /**
   * The environment's CodeBuild-hosted GitHub Actions runner in the private subnets (the jobs
   * that reach the private EKS API run on it). Absent: no runner.
   */
  runner: z
    .strictObject({
      /** The GitHub repository whose workflow jobs it runs, `owner/name`. */
      repository: z
        .string()
        .regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/, { message: "a GitHub repository, owner/name" }),
      /** CodeBuild compute type (CodeBuild user guide, "Build environment compute types"). */
      computeType: z
        .enum([
          "BUILD_GENERAL1_SMALL",
          "BUILD_GENERAL1_MEDIUM",
          "BUILD_GENERAL1_LARGE",
          "BUILD_GENERAL1_XLARGE",
        ])
        .default("BUILD_GENERAL1_MEDIUM"),
      /** CodeBuild image (git, bash and Node for the actions). */
      image: z.string().min(1).default("aws/codebuild/amazonlinux-x86_64-standard:5.0"),
    })
    .optional(),
  /** Protect stateful resources (the VPC and the flow-log group) from deletion. */
  protect: z.boolean().default(false),
  /** Tags on every resource of the layer. */
  tags: z.record(z.string(), z.string()).default({}),
});

/** The parsed, typed configuration of the network layer. */
export type NetworkConfig = z.output<typeof networkConfigSchema>;

/** Reads this stack's configuration (`Pulumi.<stack>.yaml`, namespace `berth-network`). */
export function loadNetworkConfig(): NetworkConfig {
  return loadStackConfig(networkConfigSchema);
}
