import {
  type AwakeSchedule,
  checkTags,
  componentTags,
  isPlain,
  isPlainObject,
  LOG_RETENTION_DAYS,
  mergePlainTags,
  type PolicyStatement,
  resolveAwakeSchedule,
  TAG_LIMITS,
  Validator,
  validateWhenKnown,
} from "@berth/core";
import {
  CAPACITY_PROVIDER_NAME,
  type ContainerArgs,
  checkChildNames,
  checkClusterName,
  checkContainerFit,
  checkContainers,
  checkScaling,
  collectRepositories,
  collectSecretArns,
  containerDefinitionsJson,
  createServiceScaling,
  createSleepOnlyScaling,
  createTaskRoles,
  defaultFamily,
  EXEC_VOLUMES,
  type ServiceScalingArgs,
  withExecVolumes,
} from "@berth/ecs-fargate";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkEc2Id, checkEc2IdList } from "./ec2-ids";
import type { Architecture } from "./instance-types";
import { EPHEMERAL_PORT_FROM, EPHEMERAL_PORT_TO } from "./ports";
import { checkEc2Strategy, type Ec2StrategyItem } from "./strategy";

const TYPE = "berth:ecs:Ec2Service";

/** How the task's containers reach the network. */
export type Ec2NetworkMode = "bridge" | "host" | "awsvpc" | "none";

/** The EC2 capacity a service runs on; a {@link SpotCapacity} fits. */
export interface Ec2CapacityRef {
  /**
   * Capacity provider name. Pass the capacity through `ClusterCapacityProviders.attached(...)`
   * (`@berth/ecs-fargate`): its name then waits for the association, so the service is created after
   * it and deleted before it.
   */
  capacityProviderName: pulumi.Input<string>;
  /** Security group of the container instances; bridge and host services open their ports on it. */
  securityGroupId: pulumi.Input<string>;
  /** CPU architecture of the instances. @default "arm64" */
  architecture?: Architecture;
  /**
   * True when the capacity already opens the ephemeral port range to the load balancers (SpotCapacity
   * `loadBalancerSecurityGroups`); bridge services then add no rule of their own. @default false
   */
  opensEphemeralPorts?: boolean;
  /** Task compatibility the capacity runs: `EC2` (an Auto Scaling group) or `MANAGED_INSTANCES`. @default "EC2" */
  compatibility?: "EC2" | "MANAGED_INSTANCES";
}

/** An ALB listener the service is put behind, through a target group and a listener rule. */
export interface Ec2LoadBalancerArgs {
  /** ARN of the ALB listener. */
  listenerArn: pulumi.Input<string>;
  /** Security group of the ALB; the only source allowed in. */
  securityGroupId: pulumi.Input<string>;
  /** Container that receives the traffic. @default the first container */
  containerName?: string;
  /** Port of that container. */
  containerPort: number;
  /** Listener rule priority, 1 to 50000, unique on the listener. */
  priority: number;
  /** Path patterns of the rule. @default ["/*"] unless hostHeaders are given */
  pathPatterns?: string[];
  /** Host headers of the rule. @default none */
  hostHeaders?: string[];
  /** Health check path. @default "/" */
  healthCheckPath?: string;
  /** Seconds a deregistered target keeps draining, 0 to 3600. @default 30 */
  deregistrationDelaySeconds?: number;
}

/** A placement strategy step. */
export interface PlacementStrategyArgs {
  /** `spread`, `binpack` or `random`. */
  type: "spread" | "binpack" | "random";
  /** `attribute:ecs.availability-zone`, `instanceId` (spread), `memory` or `cpu` (binpack). @default none */
  field?: string;
}

/** A placement constraint. */
export interface PlacementConstraintArgs {
  /** `distinctInstance` or `memberOf`. */
  type: "distinctInstance" | "memberOf";
  /** Cluster query language expression (memberOf only). @default none */
  expression?: string;
}

/** Arguments of {@link Ec2Service}. */
export interface Ec2ServiceArgs {
  /** ARN of the cluster. */
  clusterArn: pulumi.Input<string>;
  /** Name of the cluster (for the scaling target). */
  clusterName: pulumi.Input<string>;
  /** The EC2 capacity to run on, e.g. a `SpotCapacity`. */
  capacity: Ec2CapacityRef;
  /** Capacity provider strategy; EC2 providers only. @default [{ capacityProvider: capacity.capacityProviderName, weight: 1 }] */
  capacityProviderStrategy?: Ec2StrategyItem[];
  /**
   * Network mode. Managed Instances support only `awsvpc` and `host`.
   * @default "bridge" (dynamic host ports, many tasks per instance); "awsvpc" on Managed Instances
   */
  networkMode?: Ec2NetworkMode;
  /** The containers; in bridge mode a port without hostPort gets a dynamic host port (hostPort 0). */
  containers: ContainerArgs[];
  /** Task CPU units (optional on EC2). @default none */
  cpu?: number;
  /** Task memory in MiB; needed unless every container sets memory or memoryReservation. @default none */
  memory?: number;
  /** Task family; also names the log group `/ecs/<family>`. @default `<project>-<stack>-<name>` (unique per stack) */
  family?: string;
  /** Tasks to run. @default 2 */
  desiredCount?: number;
  /** VPC id; needed with a load balancer or in awsvpc mode. @default none */
  vpcId?: pulumi.Input<string>;
  /** Subnets of the tasks (awsvpc mode only; a list, also as an `Output`). @default none */
  subnetIds?: pulumi.Input<pulumi.Input<string>[]>;
  /** Extra security groups of the tasks (awsvpc mode only). @default [] */
  securityGroupIds?: pulumi.Input<string>[];
  /** Put the service behind an ALB listener. @default none */
  loadBalancer?: Ec2LoadBalancerArgs;
  /**
   * Placement strategy (EC2 capacity only: Managed Instances take no strategies).
   * @default spread across Availability Zones, then binpack on memory; none on Managed Instances
   */
  placementStrategy?: PlacementStrategyArgs[];
  /** Placement constraints (at most 10). @default [] */
  placementConstraints?: PlacementConstraintArgs[];
  /** Application Auto Scaling of the task count; desiredCount is then left to it. @default none */
  autoscaling?: ServiceScalingArgs;
  /**
   * When the service runs: outside these hours an Application Auto Scaling scheduled action sets
   * its scalable target to 0 tasks (`${name}-scaling-sleep`) and waking restores the awake bounds
   * (`${name}-scaling-wake`): `autoscaling`'s min and max, or `desiredCount` for both when there is
   * no autoscaling (the service then gets a scalable target without policies, and ignores
   * `desiredCount` in diffs). Give the `SpotCapacity` the same schedule so its instances sleep too.
   * @default always awake
   */
  awake?: AwakeSchedule;
  /** Lowest percent of desiredCount kept running during a deployment. @default 100 */
  minimumHealthyPercent?: number;
  /** Highest percent of desiredCount running during a deployment. @default 200 */
  maximumPercent?: number;
  /** Seconds the load balancer health check is ignored after a task starts. @default 60 with a load balancer */
  healthCheckGracePeriodSeconds?: number;
  /** Statements granted to the task role. @default [] */
  taskRoleStatements?: PolicyStatement[];
  /** Adopt this execution role. @default created with computed least privilege */
  executionRoleArn?: pulumi.Input<string>;
  /** Adopt this task role. @default created */
  taskRoleArn?: pulumi.Input<string>;
  /** KMS keys that encrypt the secrets the containers read. @default [] */
  kmsKeyArns?: pulumi.Input<string>[];
  /** Log retention in days. @default 30 */
  logRetentionDays?: number;
  /** Turn on ECS Exec. @default false */
  enableExecuteCommand?: boolean;
  /** Tags. @default {} */
  tags?: Record<string, string>;
}

/**
 * An ECS service on EC2 capacity: task definition (EC2, bridge by default with dynamic host ports),
 * roles with computed least privilege, logs, optional ALB target group and listener rule with
 * the instances opened to the ALB only, placement, deployment circuit breaker and autoscaling.
 */
export class Ec2Service extends pulumi.ComponentResource {
  /** Service name. */
  readonly serviceName: pulumi.Output<string>;
  /** Service ARN. */
  readonly serviceArn: pulumi.Output<string>;
  /** Task definition ARN. */
  readonly taskDefinitionArn: pulumi.Output<string>;
  /** Target group ARN, when behind a load balancer. */
  readonly targetGroupArn?: pulumi.Output<string>;
  /** Execution role ARN. */
  readonly executionRoleArn: pulumi.Output<string>;
  /** Task role ARN. */
  readonly taskRoleArn: pulumi.Output<string>;
  /** Log group name. */
  readonly logGroupName: pulumi.Output<string>;
  /** The service. */
  readonly service: aws.ecs.Service;

  constructor(name: string, args: Ec2ServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TYPE, name, {}, opts);

    const v = new Validator(TYPE, name);
    checkEc2ServiceArgs(args, v, name);
    // A non-object `args` is already reported.
    const awake = isPlainObject(args) ? resolveAwakeSchedule(v, "awake", args.awake) : undefined;
    v.throwIfAny();

    // Values from Outputs get the same checks once known; the checked Outputs feed the resources.
    const known = <T>(value: pulumi.Input<T>, check: (cv: Validator, value: unknown) => void) =>
      validateWhenKnown(TYPE, name, value, (x, cv) => check(cv, x));
    const clusterArn = known(args.clusterArn, checkServiceClusterArn);
    const clusterName = known(args.clusterName, checkServiceClusterName);
    const providerName = known(args.capacity.capacityProviderName, checkProviderName);
    const instanceGroup = known(args.capacity.securityGroupId, (cv, x) =>
      checkEc2Id(cv, "capacity.securityGroupId", x, "sg"),
    );
    const vpcId = args.vpcId === undefined ? undefined : known(args.vpcId, checkServiceVpcId);
    const subnetIds =
      args.subnetIds === undefined
        ? undefined
        : known(args.subnetIds, (cv, x) => checkEc2IdList(cv, "subnetIds", x, "subnet", 1));
    const extraGroups = (args.securityGroupIds ?? []).map((id, i) =>
      known(id, (cv, x) => checkEc2Id(cv, `securityGroupIds[${i}]`, x, "sg")),
    );
    const kmsKeyArns = (args.kmsKeyArns ?? []).map((arn, i) =>
      known(arn, (cv, x) => cv.arn(`kmsKeyArns[${i}]`, x, KMS_KEY)),
    );
    const roleArn = (path: "executionRoleArn" | "taskRoleArn", arn: pulumi.Input<string> | undefined) =>
      arn === undefined ? {} : { [path]: known(arn, (cv, x) => cv.arn(path, x, IAM_ROLE)) };

    const compatibility = args.capacity.compatibility ?? "EC2";
    const mode = args.networkMode ?? defaultNetworkMode(args.capacity);
    // Stack-qualified like FargateService: two environments in one account never share a family
    // or a log group (log group names are unique per account and region).
    const family = args.family ?? defaultFamily(name);
    const tags = mergePlainTags(componentTags(TYPE, name), args.tags);
    const architecture = args.capacity.architecture ?? "arm64";
    const lb = args.loadBalancer;
    const lbContainer = lb ? (lb.containerName ?? (args.containers[0] as ContainerArgs).name) : undefined;
    const region = aws.getRegionOutput({}, { parent: this }).region;
    const accountId = aws.getCallerIdentityOutput({}, { parent: this }).accountId;

    // --- logs and roles ---
    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      { name: `/ecs/${family}`, retentionInDays: args.logRetentionDays ?? 30, tags },
      { parent: this },
    );
    const { secretArns, parameterArns } = collectSecretArns(args.containers);
    const roles = createTaskRoles(
      name,
      {
        accountId,
        execution: {
          repositoryArns: collectRepositories(args.containers),
          logGroupArn: logGroup.arn,
          secretArns,
          parameterArns,
          kmsKeyArns,
        },
        task: { statements: args.taskRoleStatements ?? [], exec: args.enableExecuteCommand ?? false },
        ...roleArn("executionRoleArn", args.executionRoleArn),
        ...roleArn("taskRoleArn", args.taskRoleArn),
        tags,
      },
      this,
    );

    // --- task definition: host ports by network mode ---
    const exec = args.enableExecuteCommand ?? false;
    const withPorts = args.containers.map((c) => ({
      ...c,
      portMappings: (c.portMappings ?? []).map((p) => ({
        ...p,
        hostPort: mode === "bridge" ? (p.hostPort ?? 0) : p.containerPort,
      })),
    }));
    // ECS Exec's agent writes into the container; a read-only root filesystem needs writable
    // volumes there (ECS developer guide, ecs-exec "Considerations": a read-only root is not
    // supported by ECS Exec otherwise). Same mounts as the Fargate components.
    const containers = exec ? withExecVolumes(withPorts) : withPorts;
    const execVolumes = containers.some((c) =>
      (c.mountPoints ?? []).some((m) => EXEC_VOLUMES.some((v) => v.name === m.sourceVolume)),
    )
      ? EXEC_VOLUMES.map((v) => ({ name: v.name }))
      : [];
    const taskDefinition = new aws.ecs.TaskDefinition(
      `${name}-taskdef`,
      {
        family,
        requiresCompatibilities: [compatibility],
        networkMode: mode,
        ...(args.cpu !== undefined ? { cpu: String(args.cpu) } : {}),
        ...(args.memory !== undefined ? { memory: String(args.memory) } : {}),
        runtimePlatform: {
          cpuArchitecture: architecture === "arm64" ? "ARM64" : "X86_64",
          operatingSystemFamily: "LINUX",
        },
        executionRoleArn: roles.executionRoleArn,
        taskRoleArn: roles.taskRoleArn,
        containerDefinitions: containerDefinitionsJson(
          containers,
          pulumi.all([logGroup.name, region]).apply(([logGroupName, r]) => ({ logGroupName, region: r })),
          exec,
        ),
        ...(execVolumes.length > 0 ? { volumes: execVolumes } : {}),
        tags,
      },
      { parent: this },
    );

    // --- awsvpc: a task security group ---
    let taskSecurityGroup: aws.ec2.SecurityGroup | undefined;
    if (mode === "awsvpc") {
      taskSecurityGroup = new aws.ec2.SecurityGroup(
        `${name}-tasks`,
        {
          vpcId: vpcId as pulumi.Output<string>,
          description: `Tasks of ${name}`,
          tags: { ...tags, Name: `${name}-tasks` },
        },
        { parent: this },
      );
      new aws.vpc.SecurityGroupEgressRule(
        `${name}-tasks-egress`,
        {
          securityGroupId: taskSecurityGroup.id,
          ipProtocol: "-1",
          cidrIpv4: "0.0.0.0/0",
          description: "Dependencies of the tasks",
        },
        { parent: this },
      );
    }

    // --- load balancer: target group, listener rule, ingress from the ALB only ---
    let targetGroup: aws.lb.TargetGroup | undefined;
    let rule: aws.lb.ListenerRule | undefined;
    if (lb) {
      targetGroup = new aws.lb.TargetGroup(
        `${name}-tg`,
        {
          vpcId: vpcId as pulumi.Output<string>,
          targetType: mode === "awsvpc" ? "ip" : "instance",
          port: lb.containerPort,
          protocol: "HTTP",
          deregistrationDelay: lb.deregistrationDelaySeconds ?? 30,
          healthCheck: {
            path: lb.healthCheckPath ?? "/",
            port: "traffic-port",
            matcher: "200-399",
            healthyThreshold: 2,
            unhealthyThreshold: 3,
            interval: 15,
          },
          tags,
        },
        { parent: this },
      );
      const conditions: aws.types.input.lb.ListenerRuleCondition[] = [];
      if (lb.hostHeaders?.length) conditions.push({ hostHeader: { values: lb.hostHeaders } });
      if (lb.pathPatterns?.length || !lb.hostHeaders?.length) {
        conditions.push({ pathPattern: { values: lb.pathPatterns ?? ["/*"] } });
      }
      rule = new aws.lb.ListenerRule(
        `${name}-rule`,
        {
          listenerArn: known(lb.listenerArn, (cv, x) => cv.arn("loadBalancer.listenerArn", x, LISTENER)),
          priority: lb.priority,
          actions: [{ type: "forward", targetGroupArn: targetGroup.arn }],
          conditions,
          tags,
        },
        { parent: this },
      );
      // bridge: the ephemeral range of the instances (unless the capacity opens it once for all
      // services: a second identical rule would be rejected as a duplicate); host: the one port;
      // awsvpc: the task's port.
      const [fromPort, toPort] =
        mode === "bridge" ? [EPHEMERAL_PORT_FROM, EPHEMERAL_PORT_TO] : [lb.containerPort, lb.containerPort];
      if (!(mode === "bridge" && args.capacity.opensEphemeralPorts))
        new aws.vpc.SecurityGroupIngressRule(
          `${name}-from-alb`,
          {
            securityGroupId: taskSecurityGroup ? taskSecurityGroup.id : instanceGroup,
            referencedSecurityGroupId: known(lb.securityGroupId, (cv, x) =>
              checkEc2Id(cv, "loadBalancer.securityGroupId", x, "sg"),
            ),
            ipProtocol: "tcp",
            fromPort,
            toPort,
            description:
              mode === "bridge"
                ? `ALB to ${name} on the dynamic host ports`
                : `ALB to ${name} on port ${lb.containerPort}`,
          },
          { parent: this },
        );
    }

    // --- service ---
    const strategy = args.capacityProviderStrategy?.map((item, i) => ({
      ...item,
      capacityProvider: known(item.capacityProvider, (cv, x) =>
        checkProviderName(cv, x, `capacityProviderStrategy[${i}].capacityProvider`),
      ),
    })) ?? [{ capacityProvider: providerName, base: 0, weight: 1 }];
    const service = new aws.ecs.Service(
      `${name}-service`,
      {
        cluster: clusterArn,
        taskDefinition: taskDefinition.arn,
        desiredCount: args.desiredCount ?? 2,
        capacityProviderStrategies: strategy.map((s) => ({
          capacityProvider: s.capacityProvider,
          base: s.base ?? 0,
          weight: s.weight ?? 1,
        })),
        // Managed Instances place by the provider's instance requirements, the task's needs and
        // placement constraints only (ECS developer guide, task-placement, "Amazon ECS Managed
        // Instances"): no placement strategies there.
        ...(compatibility === "MANAGED_INSTANCES"
          ? {}
          : {
              orderedPlacementStrategies: (
                args.placementStrategy ?? [
                  { type: "spread", field: "attribute:ecs.availability-zone" },
                  { type: "binpack", field: "memory" },
                ]
              ).map((p) => (p.field !== undefined ? { type: p.type, field: p.field } : { type: p.type })),
            }),
        placementConstraints: (args.placementConstraints ?? []).map((c) =>
          c.expression !== undefined ? { type: c.type, expression: c.expression } : { type: c.type },
        ),
        deploymentCircuitBreaker: { enable: true, rollback: true },
        deploymentMinimumHealthyPercent: args.minimumHealthyPercent ?? 100,
        deploymentMaximumPercent: args.maximumPercent ?? 200,
        ...(lb && targetGroup
          ? {
              loadBalancers: [
                {
                  targetGroupArn: targetGroup.arn,
                  containerName: lbContainer as string,
                  containerPort: lb.containerPort,
                },
              ],
              healthCheckGracePeriodSeconds: args.healthCheckGracePeriodSeconds ?? 60,
            }
          : {}),
        ...(mode === "awsvpc" && taskSecurityGroup
          ? {
              networkConfiguration: {
                subnets: subnetIds ?? [],
                securityGroups: [taskSecurityGroup.id, ...extraGroups],
                assignPublicIp: false,
              },
            }
          : {}),
        enableExecuteCommand: args.enableExecuteCommand ?? false,
        enableEcsManagedTags: true,
        propagateTags: "SERVICE",
        tags,
      },
      {
        parent: this,
        // A target group must be attached to a listener before a service can register into it.
        ...(rule ? { dependsOn: [rule] } : {}),
        // The autoscaler (or the sleep schedule) owns the task count.
        ...(args.autoscaling || awake ? { ignoreChanges: ["desiredCount"] } : {}),
      },
    );

    if (args.autoscaling) {
      const resourceLabel =
        lb && targetGroup
          ? pulumi
              .all([pulumi.output(lb.listenerArn), targetGroup.arnSuffix])
              .apply(
                ([listener, tg]) =>
                  `${(listener.split(":listener/")[1] ?? "").split("/").slice(0, 3).join("/")}/${tg}`,
              )
          : undefined;
      createServiceScaling(
        name,
        args.autoscaling,
        {
          clusterName,
          serviceName: service.name,
          ...(resourceLabel ? { resourceLabel } : {}),
          ...(awake ? { awake } : {}),
        },
        this,
      );
    } else if (awake) {
      createSleepOnlyScaling(
        name,
        args.desiredCount ?? 2,
        { clusterName, serviceName: service.name },
        awake,
        this,
      );
    }

    this.serviceName = service.name;
    this.serviceArn = service.arn;
    this.taskDefinitionArn = taskDefinition.arn;
    if (targetGroup) this.targetGroupArn = targetGroup.arn;
    this.executionRoleArn = roles.executionRoleArn;
    this.taskRoleArn = roles.taskRoleArn;
    this.logGroupName = logGroup.name;
    this.service = service;
    this.registerOutputs({
      serviceName: this.serviceName,
      serviceArn: this.serviceArn,
      taskDefinitionArn: this.taskDefinitionArn,
      targetGroupArn: this.targetGroupArn,
      executionRoleArn: this.executionRoleArn,
      taskRoleArn: this.taskRoleArn,
      logGroupName: this.logGroupName,
    });
  }
}

/** Every argument of {@link Ec2ServiceArgs}, for the unknown-property check. */
export const EC2_SERVICE_KEYS = [
  "clusterArn",
  "clusterName",
  "capacity",
  "capacityProviderStrategy",
  "networkMode",
  "containers",
  "cpu",
  "memory",
  "family",
  "desiredCount",
  "vpcId",
  "subnetIds",
  "securityGroupIds",
  "loadBalancer",
  "placementStrategy",
  "placementConstraints",
  "autoscaling",
  "awake",
  "minimumHealthyPercent",
  "maximumPercent",
  "healthCheckGracePeriodSeconds",
  "taskRoleStatements",
  "executionRoleArn",
  "taskRoleArn",
  "kmsKeyArns",
  "logRetentionDays",
  "enableExecuteCommand",
  "tags",
] as const satisfies readonly (keyof Ec2ServiceArgs)[];
// Compile-time: the list names every argument.
const _everyServiceKey: Exclude<keyof Ec2ServiceArgs, (typeof EC2_SERVICE_KEYS)[number]> extends never
  ? true
  : never = true;
void _everyServiceKey;

const LOAD_BALANCER_KEYS = [
  "listenerArn",
  "securityGroupId",
  "containerName",
  "containerPort",
  "priority",
  "pathPatterns",
  "hostHeaders",
  "healthCheckPath",
  "deregistrationDelaySeconds",
] as const satisfies readonly (keyof Ec2LoadBalancerArgs)[];

const IAM_ROLE = { service: "iam", resourceType: "role" } as const;
const KMS_KEY = { service: "kms", resourceType: ["key", "alias"] } as const;
const LISTENER = { service: "elasticloadbalancing", resourceType: "listener" } as const;

function checkServiceClusterArn(v: Validator, value: unknown): void {
  if (v.required("clusterArn", value, "the ECS cluster's ARN")) {
    v.arn("clusterArn", value, { service: "ecs", resourceType: "cluster" });
  }
}

function checkServiceClusterName(v: Validator, value: unknown): void {
  if (v.required("clusterName", value, "the ECS cluster's name") && isPlain(value as pulumi.Input<unknown>)) {
    checkClusterName(v, "clusterName", value);
  }
}

function checkServiceVpcId(v: Validator, value: unknown): void {
  if (v.required("vpcId", value, "the VPC (never the default VPC)")) checkEc2Id(v, "vpcId", value, "vpc");
}

/**
 * A capacity provider name (ECS API reference, CreateCapacityProvider `name`); in a strategy also
 * FARGATE or FARGATE_SPOT (which the strategy check then refuses next to EC2 providers).
 */
function checkProviderName(v: Validator, value: unknown, path = "capacity.capacityProviderName"): void {
  if (!v.required(path, value, "the capacity provider's name")) return;
  if (!isPlain(value as pulumi.Input<unknown>)) return;
  v.check(
    typeof value === "string" &&
      (CAPACITY_PROVIDER_NAME.test(value) ||
        (path !== "capacity.capacityProviderName" && /^FARGATE(_SPOT)?$/.test(value))),
    path,
    value,
    'a capacity provider name: 1 to 255 letters, digits, hyphens and underscores, not starting with "aws", "ecs" or "fargate"',
  );
}

/**
 * AWS name limits of the auto-named children (logical name plus Pulumi's 8-character suffix): IAM
 * roles 64 (pulumi-aws `AutoName("name", 64)`), target group 32 (ELB CreateTargetGroup), security
 * group 255 (EC2 CreateSecurityGroup), service 255 (ECS CreateService).
 */
export function ec2ServiceChildNames(args: Ec2ServiceArgs): ReadonlyArray<readonly [string, number]> {
  const mode = args.networkMode ?? defaultNetworkMode(args.capacity);
  return [
    ["-service", 255],
    ...(args.executionRoleArn === undefined ? [["-execution", 64] as const] : []),
    ...(args.taskRoleArn === undefined ? [["-task", 64] as const] : []),
    ...(args.loadBalancer ? [["-tg", 32] as const] : []),
    ...(mode === "awsvpc" ? [["-tasks", 255] as const] : []),
  ];
}

/** The default network mode: bridge on an Auto Scaling group, awsvpc on Managed Instances. */
export function defaultNetworkMode(capacity: Ec2CapacityRef): Ec2NetworkMode {
  return (capacity.compatibility ?? "EC2") === "MANAGED_INSTANCES" ? "awsvpc" : "bridge";
}

/** Every plan-time check of {@link Ec2ServiceArgs}; issues are added to `v`. */
export function checkEc2ServiceArgs(args: Ec2ServiceArgs, v: Validator, name?: string): void {
  if (!isPlainObject(args)) {
    v.check(
      false,
      "args",
      args,
      "an object of Ec2ServiceArgs (clusterArn, clusterName, capacity, containers)",
    );
    return;
  }
  v.knownKeys("", args, EC2_SERVICE_KEYS);
  checkServiceClusterArn(v, args.clusterArn);
  checkServiceClusterName(v, args.clusterName);
  const capacityOk = v.check(
    typeof args.capacity === "object" && args.capacity !== null,
    "capacity",
    args.capacity,
    "the EC2 capacity (required): ClusterCapacityProviders.attached(capacity) or { capacityProviderName, securityGroupId }",
  );
  const containersOk = v.check(
    Array.isArray(args.containers) && args.containers.length > 0,
    "containers",
    args.containers,
    "a list of at least one container (required)",
  );
  if (!capacityOk || !containersOk) return;
  checkProviderName(v, args.capacity.capacityProviderName);
  if (
    v.required("capacity.securityGroupId", args.capacity.securityGroupId, "the instances' security group id")
  ) {
    checkEc2Id(v, "capacity.securityGroupId", args.capacity.securityGroupId, "sg");
  }
  v.oneOf("capacity.compatibility", args.capacity.compatibility, ["EC2", "MANAGED_INSTANCES"]);
  v.oneOf("capacity.architecture", args.capacity.architecture, ["arm64", "x86_64"]);
  if (args.vpcId !== undefined) checkEc2Id(v, "vpcId", args.vpcId, "vpc");
  if (args.subnetIds !== undefined) checkEc2IdList(v, "subnetIds", args.subnetIds, "subnet", 1);
  checkEc2IdList(v, "securityGroupIds", args.securityGroupIds, "sg", 0);
  (args.kmsKeyArns ?? []).forEach((arn, i) => {
    v.arn(`kmsKeyArns[${i}]`, arn, KMS_KEY);
  });
  v.arn("executionRoleArn", args.executionRoleArn, IAM_ROLE);
  v.arn("taskRoleArn", args.taskRoleArn, IAM_ROLE);
  v.intIn("healthCheckGracePeriodSeconds", args.healthCheckGracePeriodSeconds, 0, 2147483647);
  if (name !== undefined) {
    // The component name is in the service's and the target group's AWS names.
    v.check(
      /^[A-Za-z0-9_-]+$/.test(name) && !(args.loadBalancer && name.includes("_")),
      "name",
      name,
      args.loadBalancer
        ? "letters, digits and hyphens (target group names allow no underscore)"
        : "letters, digits, hyphens and underscores",
    );
    checkChildNames(v, name, ec2ServiceChildNames(args));
    // The security group carries the most tags: Berth's two, the caller's and Name.
    const sgTags = Object.keys({ ...componentTags(TYPE, name), ...args.tags, Name: "" });
    v.check(
      sgTags.length <= TAG_LIMITS.maxTags,
      "tags",
      `${Object.keys(args.tags ?? {}).length} tags`,
      `at most ${TAG_LIMITS.maxTags} tags with berth:component, berth:name and Name`,
    );
  }
  const mode = args.networkMode ?? defaultNetworkMode(args.capacity);
  if ((args.capacity.compatibility ?? "EC2") === "MANAGED_INSTANCES") {
    v.check(
      mode === "awsvpc" || mode === "host",
      "networkMode",
      mode,
      '"awsvpc" or "host" on ECS Managed Instances',
    );
    // ECS developer guide, task-placement, "Amazon ECS Managed Instances": placement follows the
    // instance requirements, the task's needs and placement constraints; strategies do not apply.
    v.check(
      args.placementStrategy === undefined,
      "placementStrategy",
      args.placementStrategy,
      "none on ECS Managed Instances (they place by instance requirements and placement constraints)",
    );
  }
  v.check(
    ["bridge", "host", "awsvpc", "none"].includes(mode),
    "networkMode",
    mode,
    '"bridge", "host", "awsvpc" or "none"',
  );
  v.merge(checkContainers(args.containers, "containers", mode === "awsvpc"));
  args.containers.forEach((c, i) => {
    (c.portMappings ?? []).forEach((p, j) => {
      const at = `containers[${i}].portMappings[${j}].hostPort`;
      if (mode === "none") {
        v.check(
          false,
          `containers[${i}].portMappings`,
          c.portMappings,
          'no port mappings in network mode "none"',
        );
      } else if (mode === "host" && p.hostPort !== undefined && p.hostPort !== p.containerPort) {
        v.check(
          false,
          at,
          p.hostPort,
          `${p.containerPort} (host mode needs hostPort equal to containerPort) or none`,
        );
      } else if (mode === "bridge" && p.hostPort !== undefined) {
        v.check(
          Number.isInteger(p.hostPort) && p.hostPort >= 0 && p.hostPort <= 65535,
          at,
          p.hostPort,
          "0 (a dynamic host port) or a port from 1 to 65535",
        );
      }
    });
  });
  if (args.memory !== undefined && Number.isInteger(args.memory)) {
    // ECS developer guide, task definition parameters (container memory): the memory reserved for
    // all containers (memoryReservation, else memory) must fit the task memory; likewise cpu.
    v.merge(checkContainerFit(args.containers, args.cpu ?? Number.POSITIVE_INFINITY, args.memory));
  }
  if (args.memory === undefined) {
    args.containers.forEach((c, i) => {
      v.check(
        c.memory !== undefined || c.memoryReservation !== undefined,
        `containers[${i}].memory`,
        undefined,
        "memory or memoryReservation on each container, or the task memory",
      );
    });
  } else {
    v.check(
      Number.isInteger(args.memory) && args.memory >= 128,
      "memory",
      args.memory,
      "an integer of at least 128 MiB",
    );
  }
  if (args.cpu !== undefined) {
    v.check(
      Number.isInteger(args.cpu) && args.cpu >= 128 && args.cpu <= 196608,
      "cpu",
      args.cpu,
      "an integer from 128 to 196608 CPU units",
    );
  }
  if (args.desiredCount !== undefined) {
    v.check(
      Number.isInteger(args.desiredCount) && args.desiredCount >= 0,
      "desiredCount",
      args.desiredCount,
      "an integer of at least 0",
    );
  }
  if (args.capacityProviderStrategy !== undefined) {
    if (
      v.check(
        Array.isArray(args.capacityProviderStrategy),
        "capacityProviderStrategy",
        args.capacityProviderStrategy,
        "a list of { capacityProvider, base, weight }",
      ) &&
      args.capacityProviderStrategy.every((item, i) =>
        v.check(
          isPlainObject(item),
          `capacityProviderStrategy[${i}]`,
          item,
          "{ capacityProvider, base, weight }",
        ),
      )
    ) {
      args.capacityProviderStrategy.forEach((item, i) => {
        v.knownKeys(`capacityProviderStrategy[${i}]`, item, ["capacityProvider", "base", "weight"]);
        checkProviderName(v, item.capacityProvider, `capacityProviderStrategy[${i}].capacityProvider`);
      });
      v.merge(checkEc2Strategy(args.capacityProviderStrategy));
    }
  }
  if (mode === "awsvpc") {
    // A list is checked above (and an Output once known); here only that there is one.
    v.check(args.subnetIds !== undefined, "subnetIds", args.subnetIds, "at least one subnet in awsvpc mode");
    v.check(args.vpcId !== undefined, "vpcId", args.vpcId, "a VPC id in awsvpc mode");
  } else {
    v.check(
      args.subnetIds === undefined,
      "subnetIds",
      args.subnetIds,
      `none in ${mode} mode (tasks use the instance's network)`,
    );
  }
  const lb = args.loadBalancer;
  if (lb !== undefined && !v.check(isPlainObject(lb), "loadBalancer", lb, "an object")) return;
  if (lb) {
    v.knownKeys("loadBalancer", lb, LOAD_BALANCER_KEYS);
    if (v.required("loadBalancer.listenerArn", lb.listenerArn, "the ALB listener's ARN")) {
      v.arn("loadBalancer.listenerArn", lb.listenerArn, LISTENER);
    }
    if (v.required("loadBalancer.securityGroupId", lb.securityGroupId, "the ALB's security group id")) {
      checkEc2Id(v, "loadBalancer.securityGroupId", lb.securityGroupId, "sg");
    }
    v.required(
      "loadBalancer.containerPort",
      lb.containerPort,
      "the container port that receives the traffic",
    );
    v.intIn("loadBalancer.containerPort", lb.containerPort, 1, 65535);
    v.required("loadBalancer.priority", lb.priority, "the listener rule priority, 1 to 50000");
    v.check(mode !== "none", "loadBalancer", "set", 'no load balancer in network mode "none"');
    v.check(
      args.vpcId !== undefined,
      "vpcId",
      args.vpcId,
      "a VPC id with a load balancer (for the target group)",
    );
    v.check(
      Number.isInteger(lb.priority) && lb.priority >= 1 && lb.priority <= 50000,
      "loadBalancer.priority",
      lb.priority,
      "an integer from 1 to 50000",
    );
    const name = lb.containerName ?? args.containers[0]?.name;
    const target = args.containers.find((c) => c.name === name);
    v.check(
      target !== undefined,
      "loadBalancer.containerName",
      name,
      `a container of the task (${args.containers.map((c) => c.name).join(", ")})`,
    );
    if (target) {
      v.check(
        (target.portMappings ?? []).some((p) => p.containerPort === lb.containerPort),
        "loadBalancer.containerPort",
        lb.containerPort,
        `a containerPort of ${target.name} (${(target.portMappings ?? []).map((p) => p.containerPort).join(", ") || "none"})`,
      );
    }
    if (lb.deregistrationDelaySeconds !== undefined) {
      v.check(
        Number.isInteger(lb.deregistrationDelaySeconds) &&
          lb.deregistrationDelaySeconds >= 0 &&
          lb.deregistrationDelaySeconds <= 3600,
        "loadBalancer.deregistrationDelaySeconds",
        lb.deregistrationDelaySeconds,
        "an integer from 0 to 3600",
      );
    }
  }
  (args.placementStrategy ?? []).forEach((p, i) => {
    v.knownKeys(`placementStrategy[${i}]`, p, ["type", "field"]);
    if (!v.oneOf(`placementStrategy[${i}].type`, p.type, ["spread", "binpack", "random"])) return;
    const fields: Record<string, readonly (string | undefined)[]> = {
      spread: ["attribute:ecs.availability-zone", "instanceId", "host"],
      binpack: ["memory", "cpu"],
      random: [undefined],
    };
    const ok =
      (fields[p.type] ?? []).includes(p.field) || (p.type === "spread" && p.field?.startsWith("attribute:"));
    v.check(
      ok === true,
      `placementStrategy[${i}].field`,
      p.field,
      p.type === "binpack"
        ? '"memory" or "cpu"'
        : p.type === "spread"
          ? '"attribute:ecs.availability-zone", "instanceId" or another attribute'
          : "none for random",
    );
  });
  v.check(
    (args.placementStrategy?.length ?? 0) <= 5,
    "placementStrategy",
    args.placementStrategy?.length,
    "at most 5 steps",
  );
  v.check(
    (args.placementConstraints?.length ?? 0) <= 10,
    "placementConstraints",
    args.placementConstraints?.length,
    "at most 10 constraints",
  );
  (args.placementConstraints ?? []).forEach((c, i) => {
    v.knownKeys(`placementConstraints[${i}]`, c, ["type", "expression"]);
    if (!v.oneOf(`placementConstraints[${i}].type`, c.type, ["distinctInstance", "memberOf"])) return;
    // ECS API reference and AWS::ECS::Service PlacementConstraint `Expression`: at most 2000 characters.
    v.check(
      (c.expression ?? "").length <= 2000,
      `placementConstraints[${i}].expression`,
      c.expression,
      "at most 2000 characters",
    );
    v.check(
      c.type === "memberOf" ? (c.expression ?? "").length > 0 : c.expression === undefined,
      `placementConstraints[${i}].expression`,
      c.expression,
      c.type === "memberOf" ? "a cluster query expression for memberOf" : "none for distinctInstance",
    );
  });
  if (args.autoscaling)
    v.merge(checkScaling(args.autoscaling, "autoscaling", { hasLoadBalancer: lb !== undefined }));
  const minPct = args.minimumHealthyPercent ?? 100;
  const maxPct = args.maximumPercent ?? 200;
  v.check(
    Number.isInteger(minPct) && minPct >= 0 && minPct <= 100,
    "minimumHealthyPercent",
    minPct,
    "an integer from 0 to 100",
  );
  v.check(Number.isInteger(maxPct) && maxPct >= 100, "maximumPercent", maxPct, "an integer of at least 100");
  if (minPct === 100 && maxPct === 100) {
    v.check(
      false,
      "maximumPercent",
      maxPct,
      "above 100 when minimumHealthyPercent is 100 (else no task can be replaced)",
    );
  }
  if (args.logRetentionDays !== undefined) {
    v.check(
      LOG_RETENTION_DAYS.includes(args.logRetentionDays),
      "logRetentionDays",
      args.logRetentionDays,
      `one of ${LOG_RETENTION_DAYS.join(", ")}`,
    );
  }
  if (args.family !== undefined) {
    v.check(
      /^[A-Za-z0-9_-]{1,255}$/.test(args.family),
      "family",
      args.family,
      "1 to 255 letters, digits, hyphens and underscores",
    );
  }
  v.merge(checkTags(args.tags));
}
