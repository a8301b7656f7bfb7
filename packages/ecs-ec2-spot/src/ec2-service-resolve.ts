import {
  checkTags,
  componentTags,
  isPlain,
  isPlainObject,
  LOG_RETENTION_DAYS,
  mergePlainTags,
  type PolicyStatement,
  type ResolvedAwakeSchedule,
  resolveAwakeSchedule,
  TAG_LIMITS,
  Validator,
  validateWhenKnown,
} from "@berth/core";
import {
  CAPACITY_PROVIDER_NAME,
  type ContainerArgs,
  checkClusterName,
  checkContainerFit,
  checkContainers,
  checkScaling,
  defaultFamily,
  EXEC_VOLUMES,
  type ServiceScalingArgs,
  withExecVolumes,
} from "@berth/ecs-fargate";
import type * as pulumi from "@pulumi/pulumi";
import { checkChildNameLengths, KMS_KEY_ARN } from "./capacity-checks";
import { checkEc2Id, checkEc2IdList } from "./ec2-ids";
import {
  EC2_NETWORK_MODES,
  EC2_SERVICE_KEYS,
  type Ec2CapacityRef,
  type Ec2NetworkMode,
  type Ec2ServiceArgs,
  LOAD_BALANCER_KEYS,
  type PlacementConstraintArgs,
  type PlacementStrategyArgs,
  TASK_COMPATIBILITIES,
  type TaskCompatibility,
} from "./ec2-service-args";
import { ARCHITECTURES, type Architecture } from "./instance-types";
import { EPHEMERAL_PORT_FROM, EPHEMERAL_PORT_TO } from "./ports";
import { checkEc2Strategy } from "./strategy";

/** The type token of {@link Ec2Service}. */
export const EC2_SERVICE_TYPE = "berth:ecs:Ec2Service";

const IAM_ROLE_ARN = { service: "iam", resourceType: "role" } as const;
const LISTENER_ARN = { service: "elasticloadbalancing", resourceType: "listener" } as const;

/** The names of the children an {@link Ec2Service} creates, in builder order (`undefined`: not created). */
export interface Ec2ServiceChildNames {
  logGroup: string;
  /** Created unless `executionRoleArn` is adopted. */
  executionRole: string | undefined;
  /** Created unless `taskRoleArn` is adopted. */
  taskRole: string | undefined;
  taskDefinition: string;
  /** awsvpc mode only. */
  taskSecurityGroup: string | undefined;
  taskEgress: string | undefined;
  /** With a load balancer. */
  targetGroup: string | undefined;
  listenerRule: string | undefined;
  /** With a load balancer, unless the capacity opens the ephemeral range to it. */
  fromLoadBalancer: string | undefined;
  service: string;
  /** With `autoscaling` or `awake`. */
  scalingTarget: string | undefined;
}

/** A load balancer with its defaults filled. */
export interface ResolvedEc2LoadBalancer {
  listenerArn: pulumi.Input<string>;
  securityGroupId: pulumi.Input<string>;
  containerName: string;
  containerPort: number;
  priority: number;
  /** Empty: no host header condition. */
  hostHeaders: string[];
  /** Empty: no path condition (only with host headers). */
  pathPatterns: string[];
  healthCheckPath: string;
  deregistrationDelaySeconds: number;
  /** The port range opened from the load balancer: the ephemeral range in bridge mode, else the port. */
  ingressPorts: { from: number; to: number };
}

/** {@link Ec2ServiceArgs} checked, with every default filled: what the builders read. */
export interface ResolvedEc2ServiceArgs {
  /** The component name. */
  name: string;
  clusterArn: pulumi.Input<string>;
  clusterName: pulumi.Input<string>;
  capacity: {
    capacityProviderName: pulumi.Input<string>;
    securityGroupId: pulumi.Input<string>;
    architecture: Architecture;
    opensEphemeralPorts: boolean;
    compatibility: TaskCompatibility;
  };
  capacityProviderStrategy: { capacityProvider: pulumi.Input<string>; base: number; weight: number }[];
  networkMode: Ec2NetworkMode;
  /** The containers as the task definition gets them: host ports by network mode, exec volumes. */
  containers: ContainerArgs[];
  /** Task volumes (ECS Exec's scratch volumes when mounted). */
  volumes: { name: string }[];
  cpu: number | undefined;
  memory: number | undefined;
  family: string;
  desiredCount: number;
  vpcId: pulumi.Input<string> | undefined;
  subnetIds: pulumi.Input<pulumi.Input<string>[]> | undefined;
  securityGroupIds: pulumi.Input<string>[];
  loadBalancer: ResolvedEc2LoadBalancer | undefined;
  /** Empty on Managed Instances, which take no strategies. */
  placementStrategy: PlacementStrategyArgs[];
  placementConstraints: PlacementConstraintArgs[];
  autoscaling: ServiceScalingArgs | undefined;
  awake: ResolvedAwakeSchedule | undefined;
  minimumHealthyPercent: number;
  maximumPercent: number;
  /** Only with a load balancer. */
  healthCheckGracePeriodSeconds: number | undefined;
  taskRoleStatements: PolicyStatement[];
  executionRoleArn: pulumi.Input<string> | undefined;
  taskRoleArn: pulumi.Input<string> | undefined;
  kmsKeyArns: pulumi.Input<string>[];
  logRetentionDays: number;
  enableExecuteCommand: boolean;
  /** Berth's tags merged with the caller's. */
  tags: Record<string, string>;
  names: Ec2ServiceChildNames;
}

/** The scalar defaults of {@link Ec2ServiceArgs}, in one place: resolve fills them and the checks read them. */
export const EC2_SERVICE_DEFAULTS = {
  desiredCount: 2,
  minimumHealthyPercent: 100,
  maximumPercent: 200,
  logRetentionDays: 30,
  enableExecuteCommand: false,
  /** With a load balancer only. */
  healthCheckGracePeriodSeconds: 60,
} as const satisfies Partial<Record<keyof Ec2ServiceArgs, unknown>>;

/** The task compatibility of a capacity: `EC2` unless it says otherwise. */
export function compatibilityOf(capacity: Ec2CapacityRef): TaskCompatibility {
  return capacity.compatibility ?? "EC2";
}

/** The default network mode: bridge on an Auto Scaling group, awsvpc on Managed Instances. */
export function defaultNetworkMode(capacity: Ec2CapacityRef): Ec2NetworkMode {
  return compatibilityOf(capacity) === "MANAGED_INSTANCES" ? "awsvpc" : "bridge";
}

/** Spread across Availability Zones, then binpack on memory (fewest instances for the tasks). */
export const DEFAULT_PLACEMENT_STRATEGY: readonly PlacementStrategyArgs[] = [
  { type: "spread", field: "attribute:ecs.availability-zone" },
  { type: "binpack", field: "memory" },
];

/** The names of the children, from the component name and the arguments that add children. */
export function ec2ServiceChildNames(name: string, args: Ec2ServiceArgs): Ec2ServiceChildNames {
  const mode = args.networkMode ?? (args.capacity ? defaultNetworkMode(args.capacity) : "bridge");
  const lb = args.loadBalancer !== undefined;
  return {
    logGroup: `${name}-logs`,
    executionRole: args.executionRoleArn === undefined ? `${name}-execution` : undefined,
    taskRole: args.taskRoleArn === undefined ? `${name}-task` : undefined,
    taskDefinition: `${name}-taskdef`,
    taskSecurityGroup: mode === "awsvpc" ? `${name}-tasks` : undefined,
    taskEgress: mode === "awsvpc" ? `${name}-tasks-egress` : undefined,
    targetGroup: lb ? `${name}-tg` : undefined,
    listenerRule: lb ? `${name}-rule` : undefined,
    // A second identical rule would be rejected as a duplicate: none when the capacity opens the range.
    fromLoadBalancer:
      lb && !(mode === "bridge" && args.capacity?.opensEphemeralPorts) ? `${name}-from-alb` : undefined,
    service: `${name}-service`,
    scalingTarget: args.autoscaling !== undefined || args.awake !== undefined ? `${name}-scaling` : undefined,
  };
}

/**
 * Checks every argument of an {@link Ec2Service} (plain values now; `Output`s once known, see
 * {@link whenKnownEc2ServiceInputs}) and fills its defaults, creating nothing. Throws one
 * `BerthValidationError` listing every issue.
 */
export function resolveEc2ServiceArgs(name: string, args: Ec2ServiceArgs): ResolvedEc2ServiceArgs {
  const v = new Validator(EC2_SERVICE_TYPE, name);
  checkEc2ServiceArgs(args, v, name);
  // A non-object `args` is already reported.
  const awake = isPlainObject(args) ? resolveAwakeSchedule(v, "awake", args.awake) : undefined;
  v.throwIfAny();
  const compatibility = compatibilityOf(args.capacity);
  const mode = args.networkMode ?? defaultNetworkMode(args.capacity);
  const exec = args.enableExecuteCommand ?? EC2_SERVICE_DEFAULTS.enableExecuteCommand;
  const withPorts = args.containers.map((c) => ({
    ...c,
    portMappings: (c.portMappings ?? []).map((p) => ({
      ...p,
      hostPort: mode === "bridge" ? (p.hostPort ?? 0) : p.containerPort,
    })),
  }));
  // ECS Exec's agent writes into the container; a read-only root filesystem needs writable volumes
  // there (ECS developer guide, ecs-exec "Considerations"). Same mounts as the Fargate components.
  const containers = exec ? withExecVolumes(withPorts) : withPorts;
  const execMounted = containers.some((c) =>
    (c.mountPoints ?? []).some((m) => EXEC_VOLUMES.some((e) => e.name === m.sourceVolume)),
  );
  return {
    name,
    clusterArn: args.clusterArn,
    clusterName: args.clusterName,
    capacity: {
      capacityProviderName: args.capacity.capacityProviderName,
      securityGroupId: args.capacity.securityGroupId,
      architecture: args.capacity.architecture ?? "arm64",
      opensEphemeralPorts: args.capacity.opensEphemeralPorts ?? false,
      compatibility,
    },
    capacityProviderStrategy: (
      args.capacityProviderStrategy ?? [{ capacityProvider: args.capacity.capacityProviderName }]
    ).map((s) => ({ capacityProvider: s.capacityProvider, base: s.base ?? 0, weight: s.weight ?? 1 })),
    networkMode: mode,
    containers,
    volumes: execMounted ? EXEC_VOLUMES.map((e) => ({ name: e.name })) : [],
    cpu: args.cpu,
    memory: args.memory,
    // Stack-qualified like FargateService: two environments in one account never share a family
    // or a log group (log group names are unique per account and region).
    family: args.family ?? defaultFamily(name),
    desiredCount: args.desiredCount ?? EC2_SERVICE_DEFAULTS.desiredCount,
    vpcId: args.vpcId,
    subnetIds: args.subnetIds,
    securityGroupIds: args.securityGroupIds ?? [],
    loadBalancer: resolveLoadBalancer(args, mode),
    // Managed Instances place by the provider's instance requirements, the task's needs and
    // placement constraints only (ECS developer guide, task-placement, "Amazon ECS Managed
    // Instances"): no placement strategies there.
    placementStrategy:
      compatibility === "MANAGED_INSTANCES"
        ? []
        : (args.placementStrategy ?? [...DEFAULT_PLACEMENT_STRATEGY]),
    placementConstraints: args.placementConstraints ?? [],
    autoscaling: args.autoscaling,
    awake,
    minimumHealthyPercent: args.minimumHealthyPercent ?? EC2_SERVICE_DEFAULTS.minimumHealthyPercent,
    maximumPercent: args.maximumPercent ?? EC2_SERVICE_DEFAULTS.maximumPercent,
    healthCheckGracePeriodSeconds: args.loadBalancer
      ? (args.healthCheckGracePeriodSeconds ?? EC2_SERVICE_DEFAULTS.healthCheckGracePeriodSeconds)
      : undefined,
    taskRoleStatements: args.taskRoleStatements ?? [],
    executionRoleArn: args.executionRoleArn,
    taskRoleArn: args.taskRoleArn,
    kmsKeyArns: args.kmsKeyArns ?? [],
    logRetentionDays: args.logRetentionDays ?? EC2_SERVICE_DEFAULTS.logRetentionDays,
    enableExecuteCommand: exec,
    tags: mergePlainTags(componentTags(EC2_SERVICE_TYPE, name), args.tags),
    names: ec2ServiceChildNames(name, args),
  };
}

function resolveLoadBalancer(
  args: Ec2ServiceArgs,
  mode: Ec2NetworkMode,
): ResolvedEc2LoadBalancer | undefined {
  const lb = args.loadBalancer;
  if (!lb) return undefined;
  const hostHeaders = lb.hostHeaders ?? [];
  return {
    listenerArn: lb.listenerArn,
    securityGroupId: lb.securityGroupId,
    containerName: lb.containerName ?? (args.containers[0] as ContainerArgs).name,
    containerPort: lb.containerPort,
    priority: lb.priority,
    hostHeaders,
    pathPatterns: lb.pathPatterns?.length ? lb.pathPatterns : hostHeaders.length ? [] : ["/*"],
    healthCheckPath: lb.healthCheckPath ?? "/",
    deregistrationDelaySeconds: lb.deregistrationDelaySeconds ?? 30,
    // bridge: the ephemeral range of the instances; host: the one port; awsvpc: the task's port.
    ingressPorts:
      mode === "bridge"
        ? { from: EPHEMERAL_PORT_FROM, to: EPHEMERAL_PORT_TO }
        : { from: lb.containerPort, to: lb.containerPort },
  };
}

/** The inputs that may be `Output`s, each checked once known with the same rule as a plain value. */
export interface KnownEc2ServiceInputs {
  clusterArn: pulumi.Output<string>;
  clusterName: pulumi.Output<string>;
  instanceSecurityGroupId: pulumi.Output<string>;
  capacityProviderStrategy: { capacityProvider: pulumi.Output<string>; base: number; weight: number }[];
  vpcId: pulumi.Output<string> | undefined;
  subnetIds: pulumi.Output<string[]> | undefined;
  securityGroupIds: pulumi.Output<string>[];
  kmsKeyArns: pulumi.Output<string>[];
  executionRoleArn: pulumi.Output<string> | undefined;
  taskRoleArn: pulumi.Output<string> | undefined;
  listenerArn: pulumi.Output<string> | undefined;
  loadBalancerSecurityGroupId: pulumi.Output<string> | undefined;
}

/** Wraps every input that may be an `Output` in its check; the checked Outputs feed the resources. */
export function whenKnownEc2ServiceInputs(r: ResolvedEc2ServiceArgs): KnownEc2ServiceInputs {
  const known = <T>(value: pulumi.Input<T>, check: (cv: Validator, value: unknown) => void) =>
    validateWhenKnown(EC2_SERVICE_TYPE, r.name, value, (x, cv) => check(cv, x));
  const optional = <T>(value: pulumi.Input<T> | undefined, check: (cv: Validator, value: unknown) => void) =>
    value === undefined ? undefined : known(value, check);
  const lb = r.loadBalancer;
  return {
    clusterArn: known(r.clusterArn, checkServiceClusterArn),
    clusterName: known(r.clusterName, checkServiceClusterName),
    instanceSecurityGroupId: known(r.capacity.securityGroupId, (cv, x) =>
      checkEc2Id(cv, "capacity.securityGroupId", x, "sg"),
    ),
    capacityProviderStrategy: r.capacityProviderStrategy.map((s, i) => ({
      ...s,
      capacityProvider: known(s.capacityProvider, (cv, x) =>
        s.capacityProvider === r.capacity.capacityProviderName
          ? checkProviderName(cv, x)
          : checkProviderName(cv, x, `capacityProviderStrategy[${i}].capacityProvider`),
      ),
    })),
    vpcId: optional(r.vpcId, checkServiceVpcId),
    subnetIds: optional(r.subnetIds, (cv, x) => checkEc2IdList(cv, "subnetIds", x, "subnet", 1)) as
      | pulumi.Output<string[]>
      | undefined,
    securityGroupIds: r.securityGroupIds.map((id, i) =>
      known(id, (cv, x) => checkEc2Id(cv, `securityGroupIds[${i}]`, x, "sg")),
    ),
    kmsKeyArns: r.kmsKeyArns.map((arn, i) =>
      known(arn, (cv, x) => cv.arn(`kmsKeyArns[${i}]`, x, KMS_KEY_ARN)),
    ),
    executionRoleArn: optional(r.executionRoleArn, (cv, x) => cv.arn("executionRoleArn", x, IAM_ROLE_ARN)),
    taskRoleArn: optional(r.taskRoleArn, (cv, x) => cv.arn("taskRoleArn", x, IAM_ROLE_ARN)),
    listenerArn: optional(lb?.listenerArn, (cv, x) => cv.arn("loadBalancer.listenerArn", x, LISTENER_ARN)),
    loadBalancerSecurityGroupId: optional(lb?.securityGroupId, (cv, x) =>
      checkEc2Id(cv, "loadBalancer.securityGroupId", x, "sg"),
    ),
  };
}

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
function ec2ServiceNameLimits(names: Ec2ServiceChildNames): ReadonlyArray<readonly [string, number]> {
  const limits: [string | undefined, number][] = [
    [names.service, 255],
    [names.executionRole, 64],
    [names.taskRole, 64],
    [names.targetGroup, 32],
    [names.taskSecurityGroup, 255],
  ];
  return limits.filter((l): l is [string, number] => l[0] !== undefined);
}

/** Every plan-time check of {@link Ec2ServiceArgs}, by concern; issues are added to `v`. */
export function checkEc2ServiceArgs(args: Ec2ServiceArgs, v: Validator, name?: string): void {
  if (!checkServiceShape(args, v)) return;
  checkCapacityRef(args.capacity, v);
  checkServiceReferences(args, v);
  if (name !== undefined) checkServiceNames(name, args, v);
  const mode = args.networkMode ?? defaultNetworkMode(args.capacity);
  checkNetworkMode(args, mode, v);
  checkTaskContainers(args, mode, v);
  checkTaskCountAndStrategy(args, v);
  checkTaskNetwork(args, mode, v);
  if (!checkEc2LoadBalancer(args, mode, v)) return;
  checkPlacement(args, v);
  checkDeployment(args, v);
}

/** An object with the known keys, the cluster, and the two required lists/objects; false stops. */
function checkServiceShape(args: Ec2ServiceArgs, v: Validator): boolean {
  if (!isPlainObject(args)) {
    v.check(
      false,
      "args",
      args,
      "an object of Ec2ServiceArgs (clusterArn, clusterName, capacity, containers)",
    );
    return false;
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
  return capacityOk && containersOk;
}

/** The capacity: provider name, instance security group, compatibility, architecture. */
function checkCapacityRef(capacity: Ec2CapacityRef, v: Validator): void {
  checkProviderName(v, capacity.capacityProviderName);
  if (v.required("capacity.securityGroupId", capacity.securityGroupId, "the instances' security group id")) {
    checkEc2Id(v, "capacity.securityGroupId", capacity.securityGroupId, "sg");
  }
  v.oneOf("capacity.compatibility", capacity.compatibility, TASK_COMPATIBILITIES);
  v.oneOf("capacity.architecture", capacity.architecture, ARCHITECTURES);
}

/** Ids and ARNs the service refers to, and the grace period. */
function checkServiceReferences(args: Ec2ServiceArgs, v: Validator): void {
  if (args.vpcId !== undefined) checkEc2Id(v, "vpcId", args.vpcId, "vpc");
  if (args.subnetIds !== undefined) checkEc2IdList(v, "subnetIds", args.subnetIds, "subnet", 1);
  checkEc2IdList(v, "securityGroupIds", args.securityGroupIds, "sg", 0);
  (args.kmsKeyArns ?? []).forEach((arn, i) => {
    v.arn(`kmsKeyArns[${i}]`, arn, KMS_KEY_ARN);
  });
  v.arn("executionRoleArn", args.executionRoleArn, IAM_ROLE_ARN);
  v.arn("taskRoleArn", args.taskRoleArn, IAM_ROLE_ARN);
  v.intIn("healthCheckGracePeriodSeconds", args.healthCheckGracePeriodSeconds, 0, 2147483647);
}

/** The component name is in the service's and the target group's AWS names; the tag count. */
function checkServiceNames(name: string, args: Ec2ServiceArgs, v: Validator): void {
  v.check(
    /^[A-Za-z0-9_-]+$/.test(name) && !(args.loadBalancer && name.includes("_")),
    "name",
    name,
    args.loadBalancer
      ? "letters, digits and hyphens (target group names allow no underscore)"
      : "letters, digits, hyphens and underscores",
  );
  checkChildNameLengths(v, name, ec2ServiceNameLimits(ec2ServiceChildNames(name, args)));
  // The security group carries the most tags: Berth's two, the caller's and Name.
  const sgTags = Object.keys({ ...componentTags(EC2_SERVICE_TYPE, name), ...args.tags, Name: "" });
  v.check(
    sgTags.length <= TAG_LIMITS.maxTags,
    "tags",
    `${Object.keys(args.tags ?? {}).length} tags`,
    `at most ${TAG_LIMITS.maxTags} tags with berth:component, berth:name and Name`,
  );
}

/** The network mode: one of four; on Managed Instances awsvpc or host, and no placement strategy. */
function checkNetworkMode(args: Ec2ServiceArgs, mode: Ec2NetworkMode, v: Validator): void {
  if (compatibilityOf(args.capacity) === "MANAGED_INSTANCES") {
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
  v.check(EC2_NETWORK_MODES.includes(mode), "networkMode", mode, '"bridge", "host", "awsvpc" or "none"');
}

/** The containers, their host ports by network mode, and the task size. */
function checkTaskContainers(args: Ec2ServiceArgs, mode: Ec2NetworkMode, v: Validator): void {
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
  // ECS task definition parameters, "Task size": on EC2, 128 to 196608 CPU units (192 vCPU).
  v.intIn("cpu", args.cpu, 128, 196608);
}

/** The task count and the capacity provider strategy (EC2 providers only). */
function checkTaskCountAndStrategy(args: Ec2ServiceArgs, v: Validator): void {
  // Amazon ECS service quotas, "Tasks per service": 5,000 (as FargateService checks).
  v.intIn("desiredCount", args.desiredCount, 0, 5000);
  const strategy = args.capacityProviderStrategy;
  if (strategy === undefined) return;
  if (
    !v.check(
      Array.isArray(strategy),
      "capacityProviderStrategy",
      strategy,
      "a list of { capacityProvider, base, weight }",
    )
  )
    return;
  if (
    !strategy.every((item, i) =>
      v.check(
        isPlainObject(item),
        `capacityProviderStrategy[${i}]`,
        item,
        "{ capacityProvider, base, weight }",
      ),
    )
  )
    return;
  strategy.forEach((item, i) => {
    v.knownKeys(`capacityProviderStrategy[${i}]`, item, ["capacityProvider", "base", "weight"]);
    checkProviderName(v, item.capacityProvider, `capacityProviderStrategy[${i}].capacityProvider`);
  });
  v.merge(checkEc2Strategy(strategy));
}

/** Subnets and VPC in awsvpc mode; no subnets in the modes that use the instance's network. */
function checkTaskNetwork(args: Ec2ServiceArgs, mode: Ec2NetworkMode, v: Validator): void {
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
}

/** The load balancer: listener, security group, target container and port, rule priority. False stops. */
function checkEc2LoadBalancer(args: Ec2ServiceArgs, mode: Ec2NetworkMode, v: Validator): boolean {
  const lb = args.loadBalancer;
  if (lb === undefined) return true;
  if (!v.check(isPlainObject(lb), "loadBalancer", lb, "an object")) return false;
  v.knownKeys("loadBalancer", lb, LOAD_BALANCER_KEYS);
  if (v.required("loadBalancer.listenerArn", lb.listenerArn, "the ALB listener's ARN")) {
    v.arn("loadBalancer.listenerArn", lb.listenerArn, LISTENER_ARN);
  }
  if (v.required("loadBalancer.securityGroupId", lb.securityGroupId, "the ALB's security group id")) {
    checkEc2Id(v, "loadBalancer.securityGroupId", lb.securityGroupId, "sg");
  }
  v.required("loadBalancer.containerPort", lb.containerPort, "the container port that receives the traffic");
  v.intIn("loadBalancer.containerPort", lb.containerPort, 1, 65535);
  v.required("loadBalancer.priority", lb.priority, "the listener rule priority, 1 to 50000");
  v.check(mode !== "none", "loadBalancer", "set", 'no load balancer in network mode "none"');
  v.check(
    args.vpcId !== undefined,
    "vpcId",
    args.vpcId,
    "a VPC id with a load balancer (for the target group)",
  );
  // ELB CreateRule `Priority`: 1 to 50000.
  v.intIn("loadBalancer.priority", lb.priority, 1, 50000);
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
  // ELB target group attribute `deregistration_delay.timeout_seconds`: 0 to 3600.
  v.intIn("loadBalancer.deregistrationDelaySeconds", lb.deregistrationDelaySeconds, 0, 3600);
  return true;
}

const PLACEMENT_FIELDS: Record<string, readonly (string | undefined)[]> = {
  spread: ["attribute:ecs.availability-zone", "instanceId", "host"],
  binpack: ["memory", "cpu"],
  random: [undefined],
};

/** Placement strategy steps (at most 5) and constraints (at most 10). */
function checkPlacement(args: Ec2ServiceArgs, v: Validator): void {
  (args.placementStrategy ?? []).forEach((p, i) => {
    v.knownKeys(`placementStrategy[${i}]`, p, ["type", "field"]);
    if (!v.oneOf(`placementStrategy[${i}].type`, p.type, ["spread", "binpack", "random"])) return;
    const ok =
      (PLACEMENT_FIELDS[p.type] ?? []).includes(p.field) ||
      (p.type === "spread" && p.field?.startsWith("attribute:"));
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
}

/** Autoscaling, deployment percentages, log retention, family and tags. */
function checkDeployment(args: Ec2ServiceArgs, v: Validator): void {
  if (args.autoscaling)
    v.merge(
      checkScaling(args.autoscaling, "autoscaling", { hasLoadBalancer: args.loadBalancer !== undefined }),
    );
  const minPct = args.minimumHealthyPercent ?? EC2_SERVICE_DEFAULTS.minimumHealthyPercent;
  const maxPct = args.maximumPercent ?? EC2_SERVICE_DEFAULTS.maximumPercent;
  v.intIn("minimumHealthyPercent", minPct, 0, 100);
  v.check(Number.isInteger(maxPct) && maxPct >= 100, "maximumPercent", maxPct, "an integer of at least 100");
  if (minPct === 100 && maxPct === 100) {
    v.check(
      false,
      "maximumPercent",
      maxPct,
      "above 100 when minimumHealthyPercent is 100 (else no task can be replaced)",
    );
  }
  v.oneOf("logRetentionDays", args.logRetentionDays, LOG_RETENTION_DAYS);
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
