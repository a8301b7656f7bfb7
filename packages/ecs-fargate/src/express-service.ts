import {
  type AwakeSchedule,
  checkTags,
  componentTags,
  isPlain,
  LOG_RETENTION_DAYS,
  mergeTags,
  type PolicyStatement,
  type ResolvedAwakeSchedule,
  renamedKeys,
  resolveAwakeSchedule,
  type ValidationIssue,
  Validator,
} from "@berth/core";
import * as pulumi from "@pulumi/pulumi";
import { type ContainerArgs, checkContainers, type EcrImage, type SecretSource } from "./containers";
import { buildExpressGatewayService, buildExpressRoles, buildExpressSleep } from "./express-service-build";
import { EXPRESS_SERVICE_KEYS } from "./known-keys";
import { checkFargateSize } from "./sizes";
import { checkArgsShape, checkChildNames, checkContainerInputs, checkTagCount, defaultFamily } from "./task";

/**
 * The metric ECS Express Mode scales an Express service on (ECS API Reference,
 * ExpressGatewayScalingTarget `autoScalingMetric`: `AVERAGE_CPU | AVERAGE_MEMORY |
 * REQUEST_COUNT_PER_TARGET`).
 */
export const ExpressScalingMetric = {
  /** Average CPU utilization of the tasks, in percent. */
  AverageCpu: "AVERAGE_CPU",
  /** Average memory utilization of the tasks, in percent. */
  AverageMemory: "AVERAGE_MEMORY",
  /** Load balancer requests per task. */
  RequestCountPerTarget: "REQUEST_COUNT_PER_TARGET",
} as const;
/** A value of {@link ExpressScalingMetric}. */
export type ExpressScalingMetric = (typeof ExpressScalingMetric)[keyof typeof ExpressScalingMetric];

/** Arguments of {@link ExpressService}. */
export interface ExpressServiceArgs {
  /** Image reference; exactly one of `image` and `ecrImage`. @default none */
  image?: pulumi.Input<string>;
  /** An image in an ECR repository (the execution role pulls exactly that repository); exactly one of `image` and `ecrImage`. @default none */
  ecrImage?: EcrImage;
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
  /** ARN of the cluster to run in. @default the account's `default` cluster (AWS's default for Express services) */
  clusterArn?: pulumi.Input<string>;
  /**
   * Subnets (with `securityGroupIds`) to place the service in your VPC; at least 2 (the
   * `ExpressGatewayServiceNetworkConfiguration` of @pulumi/aws: "At least 2 subnets must be
   * specified when using network configuration").
   * @default the account's default VPC, which is AWS's default for Express services
   */
  subnetIds?: pulumi.Input<pulumi.Input<string>[]>;
  /** Security groups of the tasks (with `subnetIds`), at least one. @default none */
  securityGroupIds?: pulumi.Input<pulumi.Input<string>[]>;
  /** Fewest tasks while awake (the scaling target's minimum). @default 1 */
  minCapacity?: number;
  /** Most tasks (the scaling target's maximum). @default 10 */
  maxCapacity?: number;
  /** Metric to scale on. @default "AVERAGE_CPU" */
  scalingMetric?: ExpressScalingMetric;
  /** Target value of the metric: an integer percent, or requests per target. @default 60 */
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
  /**
   * When the service runs: outside these hours a scheduled action sets both bounds of the scalable
   * target Express Mode registered for it to 0 (`${name}-sleep`), and waking restores
   * `minCapacity`/`maxCapacity` (`${name}-wake`). A later update of the Express service sends its
   * scaling target again, which registers the awake bounds at once (see the README).
   * @default always awake
   */
  awake?: AwakeSchedule;
  /** Tags for every child. @default {} */
  tags?: Record<string, string>;
}

/** The type token of {@link ExpressService}. */
export const EXPRESS_TYPE = "berth:ecs:ExpressService";

/** Arguments renamed in this release (old → new). */
const EXPRESS_RENAMED = { cluster: "clusterArn", minTasks: "minCapacity", maxTasks: "maxCapacity" } as const;

/** The CPU values Express Mode runs (@pulumi/aws ExpressGatewayService `cpu`: powers of 2 from 256 to 4096). */
const EXPRESS_CPU = [256, 512, 1024, 2048, 4096];

/** The names of the children an {@link ExpressService} creates. */
export interface ExpressServiceNames {
  /** Log group resource, and its AWS name. */
  logs: string;
  logGroupName: string;
  /** Execution role, unless one is adopted. */
  execution?: string;
  /** Task role, only when `taskRoleStatements` grant something. */
  task?: string;
  /** Infrastructure role, unless one is adopted (its policy attachment is `<role>-policy`). */
  infrastructure?: string;
  /** The Express service resource, and the service's AWS name (`<project>-<stack>-<name>`). */
  service: string;
  serviceName: string;
  /** The sleep and wake scheduled actions, with `awake`. */
  sleep?: string;
  wake?: string;
}

/** The arguments of an {@link ExpressService}, checked, with every default filled. */
export interface ResolvedExpressServiceArgs {
  /** The arguments as given (every field checked). */
  args: ExpressServiceArgs;
  cpu: number;
  memory: number;
  containerPort: number;
  healthCheckPath: string;
  minCapacity: number;
  maxCapacity: number;
  scalingMetric: ExpressScalingMetric;
  scalingTarget: number;
  logRetentionDays: number;
  waitForSteadyState: boolean;
  /** The one container, as the shared container checks and role builders read it. */
  container: ContainerArgs;
  /** The checked sleep schedule. */
  awake: ResolvedAwakeSchedule | undefined;
  /** The children it creates. */
  names: ExpressServiceNames;
}

/** Checks `subnetIds`/`securityGroupIds` given plainly, or once known (the same function). */
export function checkExpressNetwork(v: Validator, subnets: unknown, groups: unknown): void {
  if (subnets !== undefined && isPlain(subnets))
    v.check(
      Array.isArray(subnets) && subnets.length >= 2,
      "subnetIds",
      subnets,
      "at least 2 subnet ids (Express Mode network configuration)",
    );
  if (groups !== undefined && isPlain(groups))
    v.check(
      Array.isArray(groups) && groups.length >= 1,
      "securityGroupIds",
      groups,
      "at least 1 security group id",
    );
}

/** Checks the task size Express Mode runs. */
function checkExpressSize(v: Validator, cpu: number, memory: number): void {
  v.check(EXPRESS_CPU.includes(cpu), "cpu", cpu, `one of ${EXPRESS_CPU.join(", ")} (Express Mode)`);
  if (!EXPRESS_CPU.includes(cpu)) return;
  v.merge(checkFargateSize(cpu, memory));
  // @pulumi/aws ExpressGatewayService `memory`: "Valid values are between 512 and 8192".
  v.check(memory <= 8192, "memory", memory, "at most 8192 (Express Mode)");
}

/** Checks the scaling target and sleep schedule; returns the filled values. */
function resolveExpressScaling(v: Validator, args: ExpressServiceArgs) {
  const minCapacity = args.minCapacity ?? 1;
  const maxCapacity = args.maxCapacity ?? 10;
  const minOk = v.intIn("minCapacity", minCapacity, 1, 5000);
  v.intIn("maxCapacity", maxCapacity, minOk ? minCapacity : 1, 5000);
  const scalingMetric = args.scalingMetric ?? ExpressScalingMetric.AverageCpu;
  v.oneOf("scalingMetric", scalingMetric, Object.values(ExpressScalingMetric));
  const scalingTarget = args.scalingTarget ?? 60;
  // ECS API Reference, ExpressGatewayScalingTarget: autoScalingTargetValue is an Integer.
  if (scalingMetric !== ExpressScalingMetric.RequestCountPerTarget)
    v.intIn("scalingTarget", scalingTarget, 1, 100);
  else
    v.check(
      Number.isInteger(scalingTarget) && scalingTarget >= 1,
      "scalingTarget",
      scalingTarget,
      "a whole number of requests per target, at least 1",
    );
  const awake = resolveAwakeSchedule(v, "awake", args.awake);
  return { minCapacity, maxCapacity, scalingMetric, scalingTarget, awake };
}

/** The one container of the service; container issues are renamed to the service's own fields. */
function resolveExpressContainer(
  v: Validator,
  args: ExpressServiceArgs,
  containerPort: number,
): ContainerArgs {
  const container: ContainerArgs = {
    name: "main",
    ...(args.image !== undefined ? { image: args.image } : {}),
    ...(args.ecrImage !== undefined ? { ecrImage: args.ecrImage } : {}),
    portMappings: [{ containerPort }],
    ...(args.environment ? { environment: args.environment } : {}),
    ...(args.secrets ? { secrets: args.secrets } : {}),
  };
  const rename = (i: ValidationIssue) => ({
    ...i,
    path: i.path.replace("containers[0].portMappings[0].", "").replace("containers[0].", ""),
  });
  v.merge(checkContainers([container]).map(rename));
  const inner = new Validator(EXPRESS_TYPE, v.resourceName);
  checkContainerInputs([container], inner);
  v.merge(inner.issues.map(rename));
  return container;
}

/** The children an Express service creates, named once. */
function expressNames(name: string, args: ExpressServiceArgs, sleeps: boolean): ExpressServiceNames {
  const family = defaultFamily(name);
  return {
    logs: `${name}-logs`,
    logGroupName: `/ecs/express/${family}`,
    ...(args.executionRoleArn === undefined ? { execution: `${name}-execution` } : {}),
    ...((args.taskRoleStatements?.length ?? 0) > 0 ? { task: `${name}-task` } : {}),
    ...(args.infrastructureRoleArn === undefined ? { infrastructure: `${name}-infrastructure` } : {}),
    service: `${name}-service`,
    // ECS API Reference, CreateExpressGatewayService serviceName: up to 255 letters, numbers,
    // underscores and hyphens (`defaultFamily` keeps exactly those, at most 255).
    serviceName: family,
    ...(sleeps ? { sleep: `${name}-sleep`, wake: `${name}-wake` } : {}),
  };
}

/**
 * Checks every argument of an {@link ExpressService} (plain values now; values known later are
 * checked again when known, by the builders) and fills its defaults, without creating anything.
 * Throws one `BerthValidationError` with every issue found.
 */
export function resolveExpressServiceArgs(
  name: string,
  args: ExpressServiceArgs,
): ResolvedExpressServiceArgs {
  const v = new Validator(EXPRESS_TYPE, name);
  const shape = v.retiredKeys("", args, renamedKeys(EXPRESS_RENAMED));
  if (!checkArgsShape(v, shape, EXPRESS_SERVICE_KEYS, {})) v.throwIfAny();
  if (
    !v.check(
      (args.image === undefined) !== (args.ecrImage === undefined),
      "image",
      args.image,
      "exactly one of image (a reference) and ecrImage ({ repositoryUrl, arn })",
    )
  )
    v.throwIfAny();
  v.arn("clusterArn", args.clusterArn, { service: "ecs", resourceType: "cluster" });
  v.arn("executionRoleArn", args.executionRoleArn, { service: "iam", resourceType: "role" });
  v.arn("infrastructureRoleArn", args.infrastructureRoleArn, { service: "iam", resourceType: "role" });
  (args.kmsKeyArns ?? []).forEach((k, i) => {
    v.arn(`kmsKeyArns[${i}]`, k, { service: "kms", resourceType: "key" });
  });
  checkTagCount(v, args.tags);
  const cpu = args.cpu ?? 1024;
  const memory = args.memory ?? 2048;
  checkExpressSize(v, cpu, memory);
  const containerPort = args.containerPort ?? 8080;
  const container = resolveExpressContainer(v, args, containerPort);
  const scaling = resolveExpressScaling(v, args);
  v.check(
    (args.subnetIds === undefined) === (args.securityGroupIds === undefined),
    "securityGroupIds",
    args.securityGroupIds === undefined ? undefined : "set",
    "subnetIds and securityGroupIds together, or neither",
  );
  checkExpressNetwork(v, args.subnetIds, args.securityGroupIds);
  const healthCheckPath = args.healthCheckPath ?? "/";
  v.check(
    typeof healthCheckPath === "string" && /^\/\S*$/.test(healthCheckPath),
    "healthCheckPath",
    healthCheckPath,
    "a path starting with /, without spaces",
  );
  const logRetentionDays = args.logRetentionDays ?? 30;
  v.oneOf("logRetentionDays", logRetentionDays, LOG_RETENTION_DAYS);
  const waitForSteadyState = args.waitForSteadyState ?? true;
  v.check(typeof waitForSteadyState === "boolean", "waitForSteadyState", waitForSteadyState, "true or false");
  // The sleep actions need the scalable target Express Mode registers while it provisions the
  // service (ECS API Reference, ManagedScalableTarget `status`: PROVISIONING, ACTIVE, ...); Berth
  // creates them once the service is steady, not merely created.
  if (args.awake !== undefined)
    v.check(
      waitForSteadyState === true,
      "waitForSteadyState",
      waitForSteadyState,
      "true (or unset) with awake: the sleep actions need the scaling target Express Mode registers while it deploys",
    );
  v.merge(checkTags(args.tags));
  const names = expressNames(name, args, scaling.awake !== undefined);
  // IAM role names: up to 64 characters, with Pulumi's 8-character suffix.
  checkChildNames(
    v,
    name,
    [names.execution, names.infrastructure, names.task]
      .filter((n): n is string => n !== undefined)
      .map((n) => [n.slice(name.length), 64] as const),
  );
  v.throwIfAny();
  return {
    args,
    cpu,
    memory,
    containerPort,
    healthCheckPath,
    logRetentionDays,
    waitForSteadyState,
    container,
    ...scaling,
    names,
  };
}

/**
 * An ECS Express Mode service (the successor of App Runner): a public HTTPS endpoint with load
 * balancing and autoscaling managed by ECS, with an execution role computed from what it uses and
 * an infrastructure role with the AWS managed policy for Express services.
 */
export class ExpressService extends pulumi.ComponentResource {
  /** Service ARN. */
  readonly serviceArn: pulumi.Output<string>;
  /** Service name. */
  readonly serviceName: pulumi.Output<string>;
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
    const resolved = resolveExpressServiceArgs(name, args);
    const tags = mergeTags(componentTags(EXPRESS_TYPE, name), args.tags);
    // Builders in order: log group and roles, the Express service, its sleep schedule.
    const roles = buildExpressRoles(this, name, resolved, tags);
    const service = buildExpressGatewayService(this, name, resolved, roles, tags);
    buildExpressSleep(this, name, resolved, service);

    this.serviceArn = service.serviceArn;
    this.serviceName = service.serviceName;
    this.url = service.ingressPaths.apply(
      (p) => p.find((x) => x.accessType === "PUBLIC")?.endpoint ?? p[0]?.endpoint ?? "",
    );
    this.logGroupName = roles.logGroup.name;
    this.executionRoleArn = roles.executionRoleArn;
    this.infrastructureRoleArn = roles.infrastructureRoleArn;
    this.registerOutputs({
      serviceArn: this.serviceArn,
      serviceName: this.serviceName,
      url: this.url,
      logGroupName: this.logGroupName,
      executionRoleArn: this.executionRoleArn,
      infrastructureRoleArn: this.infrastructureRoleArn,
    });
  }
}
