import { checkTags, componentTags, isPlainObject, mergeTags, Validator } from "@berth/core";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { fargateCapacityStrategy } from "./capacity";
import { CLUSTER_KEYS } from "./known-keys";
import { checkTagCount, LOG_RETENTION_DAYS } from "./task";

/** Arguments of {@link Cluster}. */
export interface ClusterArgs {
  /** Container Insights: `enhanced` (per-task and per-container metrics), `enabled` or `disabled`. @default "enhanced" */
  containerInsights?: "enhanced" | "enabled" | "disabled";
  /** Days to keep ECS Exec session logs. @default 90 */
  execLogRetentionDays?: number;
  /** KMS key that encrypts ECS Exec sessions and their log group. @default none */
  execKmsKeyArn?: pulumi.Input<string>;
  /** Tags for every child. @default {} */
  tags?: Record<string, string>;
}

const CLUSTER_TYPE = "berth:ecs:Cluster";

/**
 * An ECS cluster for Fargate: Container Insights on, ECS Exec sessions logged to their own log
 * group, and FARGATE/FARGATE_SPOT capacity providers with a default strategy.
 */
export class Cluster extends pulumi.ComponentResource {
  /** Cluster ARN. */
  readonly arn: pulumi.Output<string>;
  /** Cluster name. */
  readonly name: pulumi.Output<string>;
  /** Log group of ECS Exec sessions. */
  readonly execLogGroupName: pulumi.Output<string>;
  /** ARN of that log group: give it to services as `execLogGroupArn` so their task roles may write sessions. */
  readonly execLogGroupArn: pulumi.Output<string>;
  /** KMS key of ECS Exec sessions, if any: give it to services as `execKmsKeyArn`. */
  readonly execKmsKeyArn: pulumi.Output<string | undefined>;
  /** The cluster resource. */
  readonly cluster: aws.ecs.Cluster;

  constructor(name: string, args: ClusterArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super(CLUSTER_TYPE, name, {}, opts);
    const v = new Validator(CLUSTER_TYPE, name);
    if (!isPlainObject(args)) {
      v.check(false, "args", args, "an object of arguments (or none)");
      v.throwIfAny();
    }
    const { defaultSpot: _removed, ...rest } = args as ClusterArgs & { defaultSpot?: unknown };
    v.knownKeys("", rest, CLUSTER_KEYS);
    v.arn("execKmsKeyArn", args.execKmsKeyArn, { service: "kms", resourceType: "key" });
    checkTagCount(v, args.tags);
    const insights = args.containerInsights ?? "enhanced";
    v.check(
      ["enhanced", "enabled", "disabled"].includes(insights),
      "containerInsights",
      insights,
      "enhanced, enabled or disabled",
    );
    const retention = args.execLogRetentionDays ?? 90;
    v.check(
      (LOG_RETENTION_DAYS as readonly number[]).includes(retention),
      "execLogRetentionDays",
      retention,
      `one of ${LOG_RETENTION_DAYS.join(", ")}`,
    );
    // `defaultSpot` was removed: ECS applies a cluster's default capacity provider strategy only to
    // services and tasks that send none (ECS API reference, CreateService capacityProviderStrategy),
    // and every Berth service sends its own. Omitting it instead would place Fargate services on
    // whatever a cluster defaults to, e.g. an EC2 capacity provider. Refused, not silently ignored.
    if ("defaultSpot" in args)
      v.check(
        false,
        "defaultSpot",
        (args as { defaultSpot?: unknown }).defaultSpot,
        "no such property (removed)",
        "set spot on each FargateService, QueueWorker, ScheduledTask or EventTask: Berth services send their own capacity provider strategy",
      );
    v.merge(checkTags(args.tags));
    v.throwIfAny();

    const tags = mergeTags(componentTags(CLUSTER_TYPE, name), args.tags);
    const execLogs = new aws.cloudwatch.LogGroup(
      `${name}-exec-logs`,
      {
        name: `/ecs/exec/${pulumi.getProject()}-${pulumi.getStack()}-${name}`,
        retentionInDays: retention,
        kmsKeyId: args.execKmsKeyArn,
        tags,
      },
      { parent: this },
    );
    this.cluster = new aws.ecs.Cluster(
      `${name}-cluster`,
      {
        settings: [{ name: "containerInsights", value: insights }],
        configuration: {
          executeCommandConfiguration: {
            logging: "OVERRIDE",
            ...(args.execKmsKeyArn !== undefined ? { kmsKeyId: args.execKmsKeyArn } : {}),
            logConfiguration: {
              cloudWatchLogGroupName: execLogs.name,
              cloudWatchEncryptionEnabled: args.execKmsKeyArn !== undefined,
            },
          },
        },
        tags,
      },
      { parent: this },
    );
    new aws.ecs.ClusterCapacityProviders(
      `${name}-capacity`,
      {
        clusterName: this.cluster.name,
        capacityProviders: ["FARGATE", "FARGATE_SPOT"],
        // For RunTask calls outside Berth that give no strategy: on demand Fargate.
        defaultCapacityProviderStrategies: fargateCapacityStrategy(),
      },
      { parent: this },
    );
    this.arn = this.cluster.arn;
    this.name = this.cluster.name;
    this.execLogGroupName = execLogs.name;
    this.execLogGroupArn = execLogs.arn;
    this.execKmsKeyArn = pulumi.output(args.execKmsKeyArn);
    this.registerOutputs({
      arn: this.arn,
      name: this.name,
      execLogGroupName: this.execLogGroupName,
      execLogGroupArn: this.execLogGroupArn,
      execKmsKeyArn: this.execKmsKeyArn,
    });
  }
}
