import {
  checkTags,
  componentTags,
  isPlain,
  mergeTags,
  type PolicyStatement,
  type ValidationIssue,
  Validator,
  validateWhenKnown,
} from "@berth/core";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  type ContainerArgs,
  checkContainers,
  collectRepositories,
  collectSecretArns,
  type EcrImage,
  imageUri,
  isEcrImage,
  type SecretSource,
  secretValueFromInput,
} from "./containers";
import { checkCluster } from "./fargate-service";
import { EXPRESS_SERVICE_KEYS } from "./known-keys";
import { createInfrastructureRole, createTaskRoles, EXPRESS_INFRASTRUCTURE_POLICY } from "./roles";
import { checkFargateSize } from "./sizes";
import {
  awsContext,
  checkArgsShape,
  checkChildNames,
  checkContainerInputs,
  checkedWhenKnown,
  checkTagCount,
  defaultFamily,
  LOG_RETENTION_DAYS,
} from "./task";

/** Arguments of {@link ExpressService}. */
export interface ExpressServiceArgs {
  /** Image reference, or an ECR image (the execution role pulls exactly that repository). */
  image: pulumi.Input<string> | EcrImage;
  /** Port the container listens on. @default 8080 */
  containerPort?: number;
  /** Command. @default the image's CMD */
  command?: string[];
  /** Environment variables. @default {} */
  environment?: Record<string, pulumi.Input<string>>;
  /** Secrets by variable name; the execution role reads exactly these. @default {} */
  secrets?: Record<string, SecretSource>;
  /** Task CPU units: 256, 512, 1024, 2048 or 4096. @default 1024 */
  cpu?: number;
  /** Task memory in MiB, 512 to 8192 and allowed for `cpu`. @default 2048 */
  memory?: number;
  /** Health check path. @default "/" */
  healthCheckPath?: string;
  /** Cluster name or ARN. @default "default" */
  cluster?: pulumi.Input<string>;
  /**
   * Subnets (with `securityGroupIds`) to place the service in your VPC; at least 2 (the
   * `ExpressGatewayServiceNetworkConfiguration` of @pulumi/aws: "At least 2 subnets must be
   * specified when using network configuration").
   * @default the account's default VPC, which is AWS's default for Express services
   */
  subnetIds?: pulumi.Input<pulumi.Input<string>[]>;
  /** Security groups of the tasks (with `subnetIds`), at least one. @default none */
  securityGroupIds?: pulumi.Input<pulumi.Input<string>[]>;
  /** Fewest tasks. @default 1 */
  minTasks?: number;
  /** Most tasks. @default 10 */
  maxTasks?: number;
  /** Metric to scale on. @default "AVERAGE_CPU" */
  scalingMetric?: "AVERAGE_CPU" | "AVERAGE_MEMORY" | "REQUEST_COUNT_PER_TARGET";
  /** Target value of the metric (percent, or requests per target). @default 60 */
  scalingTarget?: number;
  /** Days to keep logs. @default 30 */
  logRetentionDays?: number;
  /** KMS keys of the referenced secrets. @default [] */
  kmsKeyArns?: pulumi.Input<string>[];
  /** Statements for a task role; without any, the task has no role. @default [] */
  taskRoleStatements?: PolicyStatement[];
  /** Adopt an execution role. @default created with computed permissions */
  executionRoleArn?: pulumi.Input<string>;
  /** Adopt an infrastructure role. @default created with AmazonECSInfrastructureRoleforExpressGatewayServices */
  infrastructureRoleArn?: pulumi.Input<string>;
  /** Wait for a steady state in `pulumi up`. @default true */
  waitForSteadyState?: boolean;
  /** Tags for every child. @default {} */
  tags?: Record<string, string>;
}

const EXPRESS_TYPE = "berth:ecs:ExpressService";

/**
 * An ECS Express Mode service (the successor of App Runner): a public HTTPS endpoint with load
 * balancing and autoscaling managed by ECS, with an execution role computed from what it uses and
 * an infrastructure role with the AWS managed policy for Express services.
 */
export class ExpressService extends pulumi.ComponentResource {
  /** Service ARN. */
  readonly serviceArn: pulumi.Output<string>;
  /** HTTPS endpoint of the service. */
  readonly url: pulumi.Output<string>;
  /** Log group. */
  readonly logGroupName: pulumi.Output<string>;
  /** Execution role ARN. */
  readonly executionRoleArn: pulumi.Output<string>;
  /** Infrastructure role ARN. */
  readonly infrastructureRoleArn: pulumi.Output<string>;

  constructor(name: string, args: ExpressServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super(EXPRESS_TYPE, name, {}, opts);
    const v = new Validator(EXPRESS_TYPE, name);
    if (!checkArgsShape(v, args, EXPRESS_SERVICE_KEYS, { image: "an image reference or an ECR image" }))
      v.throwIfAny();
    checkCluster(v, args.cluster);
    v.arn("executionRoleArn", args.executionRoleArn, { service: "iam", resourceType: "role" });
    v.arn("infrastructureRoleArn", args.infrastructureRoleArn, { service: "iam", resourceType: "role" });
    (args.kmsKeyArns ?? []).forEach((k, i) => {
      v.arn(`kmsKeyArns[${i}]`, k, { service: "kms", resourceType: "key" });
    });
    v.oneOf("scalingMetric", args.scalingMetric, [
      "AVERAGE_CPU",
      "AVERAGE_MEMORY",
      "REQUEST_COUNT_PER_TARGET",
    ]);
    checkTagCount(v, args.tags);
    const cpu = args.cpu ?? 1024;
    const memory = args.memory ?? 2048;
    v.check(
      [256, 512, 1024, 2048, 4096].includes(cpu),
      "cpu",
      cpu,
      "one of 256, 512, 1024, 2048, 4096 (Express Mode)",
    );
    if ([256, 512, 1024, 2048, 4096].includes(cpu)) {
      v.merge(checkFargateSize(cpu, memory));
      v.check(memory <= 8192, "memory", memory, "at most 8192 (Express Mode)");
    }
    const port = args.containerPort ?? 8080;
    const container: ContainerArgs = {
      name: "main",
      image: args.image,
      portMappings: [{ containerPort: port }],
      ...(args.environment ? { environment: args.environment } : {}),
      ...(args.secrets ? { secrets: args.secrets } : {}),
    };
    const rename = (i: ValidationIssue) => ({
      ...i,
      path: i.path.replace("containers[0].portMappings[0].", "").replace("containers[0].", ""),
    });
    v.merge(checkContainers([container]).map(rename));
    const inner = new Validator(EXPRESS_TYPE, name);
    checkContainerInputs([container], inner);
    v.merge(inner.issues.map(rename));
    const min = args.minTasks ?? 1;
    const max = args.maxTasks ?? 10;
    v.check(Number.isInteger(min) && min >= 1 && min <= 5000, "minTasks", min, "an integer from 1 to 5000");
    v.check(
      Number.isInteger(max) && max >= min && max <= 5000,
      "maxTasks",
      max,
      `an integer from ${min} to 5000`,
    );
    const metric = args.scalingMetric ?? "AVERAGE_CPU";
    v.check(
      ["AVERAGE_CPU", "AVERAGE_MEMORY", "REQUEST_COUNT_PER_TARGET"].includes(metric),
      "scalingMetric",
      metric,
      "AVERAGE_CPU, AVERAGE_MEMORY or REQUEST_COUNT_PER_TARGET",
    );
    const target = args.scalingTarget ?? 60;
    if (metric !== "REQUEST_COUNT_PER_TARGET")
      v.check(target > 0 && target <= 100, "scalingTarget", target, "a percentage above 0 and at most 100");
    else
      v.check(Number.isFinite(target) && target > 0, "scalingTarget", target, "a number of requests above 0");
    v.check(
      (args.subnetIds === undefined) === (args.securityGroupIds === undefined),
      "securityGroupIds",
      args.securityGroupIds === undefined ? undefined : "set",
      "subnetIds and securityGroupIds together, or neither",
    );
    const checkNetwork = (check: Validator, subnets: unknown, groups: unknown) => {
      if (subnets !== undefined && isPlain(subnets))
        check.check(
          Array.isArray(subnets) && subnets.length >= 2,
          "subnetIds",
          subnets,
          "at least 2 subnet ids (Express Mode network configuration)",
        );
      if (groups !== undefined && isPlain(groups))
        check.check(
          Array.isArray(groups) && groups.length >= 1,
          "securityGroupIds",
          groups,
          "at least 1 security group id",
        );
    };
    checkNetwork(v, args.subnetIds, args.securityGroupIds);
    const path = args.healthCheckPath ?? "/";
    v.check(
      typeof path === "string" && /^\/\S*$/.test(path),
      "healthCheckPath",
      path,
      "a path starting with /, without spaces",
    );
    const retention = args.logRetentionDays ?? 30;
    v.check(
      (LOG_RETENTION_DAYS as readonly number[]).includes(retention),
      "logRetentionDays",
      retention,
      `one of ${LOG_RETENTION_DAYS.join(", ")}`,
    );
    v.merge(checkTags(args.tags));
    checkChildNames(v, name, [
      ["-execution", 64],
      ["-infrastructure", 64],
    ]);
    v.throwIfAny();

    const tags = mergeTags(componentTags(EXPRESS_TYPE, name), args.tags);
    const ctx = awsContext(this);
    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      { name: `/ecs/express/${defaultFamily(name)}`, retentionInDays: retention, tags },
      { parent: this },
    );
    const { secretArns, parameterArns } = collectSecretArns([container]);
    const roles = createTaskRoles(
      name,
      {
        accountId: ctx.accountId,
        execution: {
          repositoryArns: collectRepositories([container], ctx.partition),
          logGroupArn: logGroup.arn,
          secretArns,
          parameterArns,
          kmsKeyArns: args.kmsKeyArns ?? [],
        },
        task: { statements: args.taskRoleStatements ?? [] },
        ...(args.executionRoleArn !== undefined ? { executionRoleArn: args.executionRoleArn } : {}),
        // Without grants the task needs no role at all.
        ...((args.taskRoleStatements?.length ?? 0) === 0 ? { taskRoleArn: "" } : {}),
        tags,
      },
      this,
    );
    const infrastructure =
      args.infrastructureRoleArn === undefined
        ? createInfrastructureRole(
            `${name}-infrastructure`,
            EXPRESS_INFRASTRUCTURE_POLICY,
            ctx.accountId,
            ctx.partition,
            this,
            tags,
          )
        : undefined;
    const infrastructureRoleArn = infrastructure
      ? infrastructure.role.arn
      : pulumi.output(args.infrastructureRoleArn as pulumi.Input<string>);

    const image: pulumi.Input<string> = isEcrImage(args.image)
      ? pulumi.output(args.image).apply((i) => imageUri(i))
      : args.image;
    const service = new aws.ecs.ExpressGatewayService(
      `${name}-service`,
      {
        cluster: checkedWhenKnown(v, args.cluster ?? "default", (c, check) => {
          if (check.required("cluster", c, "the ECS cluster ARN or name")) checkCluster(check, c);
        }),
        cpu: String(cpu),
        memory: String(memory),
        executionRoleArn: roles.executionRoleArn,
        infrastructureRoleArn,
        ...((args.taskRoleStatements?.length ?? 0) > 0 ? { taskRoleArn: roles.taskRoleArn } : {}),
        healthCheckPath: path,
        primaryContainer: {
          image,
          containerPort: port,
          ...(args.command ? { commands: args.command } : {}),
          environments: Object.entries(args.environment ?? {})
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([n, value]) => ({ name: n, value })),
          secrets: Object.entries(args.secrets ?? {})
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([n, s]) => ({ name: n, valueFrom: secretValueFromInput(s) })),
          awsLogsConfigurations: [{ logGroup: logGroup.name, logStreamPrefix: "ecs" }],
        },
        ...(args.subnetIds !== undefined && args.securityGroupIds !== undefined
          ? {
              networkConfigurations: [
                {
                  // Lists from another stack get the same checks once known.
                  subnets: validateWhenKnown(EXPRESS_TYPE, name, args.subnetIds, (ids, check) =>
                    checkNetwork(check, ids, undefined),
                  ),
                  securityGroups: validateWhenKnown(EXPRESS_TYPE, name, args.securityGroupIds, (ids, check) =>
                    checkNetwork(check, undefined, ids),
                  ),
                },
              ],
            }
          : {}),
        scalingTargets: [
          { minTaskCount: min, maxTaskCount: max, autoScalingMetric: metric, autoScalingTargetValue: target },
        ],
        waitForSteadyState: args.waitForSteadyState ?? true,
        tags,
      },
      // The @pulumi/aws ExpressGatewayService docs: depend on the infrastructure role's policy
      // attachment, or the policy can be deleted first and the service cannot be torn down.
      { parent: this, ...(infrastructure ? { dependsOn: [infrastructure.attachment] } : {}) },
    );
    this.serviceArn = service.serviceArn;
    this.url = service.ingressPaths.apply(
      (p) => p.find((x) => x.accessType === "PUBLIC")?.endpoint ?? p[0]?.endpoint ?? "",
    );
    this.logGroupName = logGroup.name;
    this.executionRoleArn = roles.executionRoleArn;
    this.infrastructureRoleArn = infrastructureRoleArn;
    this.registerOutputs({
      serviceArn: this.serviceArn,
      url: this.url,
      logGroupName: this.logGroupName,
      executionRoleArn: this.executionRoleArn,
      infrastructureRoleArn: this.infrastructureRoleArn,
    });
  }
}
