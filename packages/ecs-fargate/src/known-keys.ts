import type { SpotArgs } from "./capacity";
import type {
  ContainerArgs,
  ContainerDependency,
  ContainerHealthCheck,
  EcrImage,
  MountPoint,
  PortMapping,
  SecretSource,
} from "./containers";
import type { EventTaskArgs } from "./event-task";
import type { ExpressServiceArgs } from "./express-service";
import type { AlbArgs, CreateAlbArgs, DeploymentArgs, FargateServiceArgs, NlbArgs } from "./fargate-service";
import type { QueueWorkerArgs } from "./queue-worker";
import type { LatticeTarget } from "./roles";
import type { ServiceScalingArgs } from "./scaling";
import type { ScheduledTaskArgs } from "./scheduled-task";
import type { EfsVolume, FargateTaskArgs } from "./task";
import type { TriggeredTaskArgs } from "./triggered-task";

/**
 * The property names of an args interface, as a list the compiler keeps exact: `Record<keyof T, true>`
 * needs every key of `T` (optional ones too) and refuses any other, so a new field cannot be
 * forgotten here. `v.knownKeys` uses the lists to refuse misspelt properties (`desiredCout`) that
 * JavaScript, YAML and spread callers slip past TypeScript.
 */
function keysOf<T>(keys: Record<keyof T, true>): readonly string[] {
  return Object.keys(keys);
}

/** The task definition half every Fargate component accepts. */
const TASK: Record<keyof FargateTaskArgs, true> = {
  containers: true,
  cpu: true,
  memory: true,
  cpuArchitecture: true,
  operatingSystemFamily: true,
  platformVersion: true,
  ephemeralStorageGiB: true,
  family: true,
  logRetentionDays: true,
  logKmsKeyArn: true,
  kmsKeyArns: true,
  taskRoleStatements: true,
  executionRoleArn: true,
  taskRoleArn: true,
  efsVolumes: true,
  imageOwner: true,
  pullThroughCachePrefixes: true,
  tags: true,
};

const TRIGGERED: Record<keyof TriggeredTaskArgs, true> = {
  ...TASK,
  clusterArn: true,
  vpcId: true,
  subnetIds: true,
  securityGroupIds: true,
  retryAttempts: true,
  maximumEventAgeSeconds: true,
  deadLetterQueueArn: true,
  taskCount: true,
  spot: true,
};

/** Keys of {@link FargateTaskArgs}. */
export const TASK_KEYS = keysOf<FargateTaskArgs>(TASK);

/** Keys of {@link FargateServiceArgs}. */
export const FARGATE_SERVICE_KEYS = keysOf<FargateServiceArgs>({
  ...TASK,
  clusterArn: true,
  vpcId: true,
  subnetIds: true,
  assignPublicIp: true,
  securityGroupIds: true,
  ingressSecurityGroups: true,
  ingressCidrs: true,
  desiredCount: true,
  spot: true,
  loadBalancer: true,
  networkLoadBalancer: true,
  autoscaling: true,
  desiredCountOwner: true,
  awake: true,
  deployment: true,
  enableExec: true,
  execLogGroupArn: true,
  execKmsKeyArn: true,
  serviceDiscovery: true,
  serviceConnect: true,
  latticeTargets: true,
  latticeInfrastructureRoleArn: true,
});

/** Keys of {@link QueueWorkerArgs}. */
export const QUEUE_WORKER_KEYS = keysOf<QueueWorkerArgs>({
  ...TASK,
  clusterArn: true,
  vpcId: true,
  subnetIds: true,
  securityGroupIds: true,
  fifo: true,
  visibilityTimeoutSeconds: true,
  maxReceiveCount: true,
  messageRetentionSeconds: true,
  queueKmsKeyArn: true,
  minCapacity: true,
  maxCapacity: true,
  acceptableLatencySeconds: true,
  secondsPerMessage: true,
  spot: true,
  queueUrlVariable: true,
  awake: true,
});

/** Keys of {@link ScheduledTaskArgs}. */
export const SCHEDULED_TASK_KEYS = keysOf<ScheduledTaskArgs>({
  ...TRIGGERED,
  assignPublicIp: true,
  schedule: true,
  timezone: true,
  flexibleWindowMinutes: true,
  scheduleGroup: true,
  enabled: true,
  awake: true,
  runWhileAsleep: true,
});

/** Keys of {@link EventTaskArgs}. */
export const EVENT_TASK_KEYS = keysOf<EventTaskArgs>({
  ...TRIGGERED,
  eventPattern: true,
  eventBusName: true,
});

/** Keys of {@link ExpressServiceArgs}. */
export const EXPRESS_SERVICE_KEYS = keysOf<ExpressServiceArgs>({
  image: true,
  ecrImage: true,
  containerPort: true,
  command: true,
  environment: true,
  secrets: true,
  cpu: true,
  memory: true,
  healthCheckPath: true,
  clusterArn: true,
  subnetIds: true,
  securityGroupIds: true,
  minCapacity: true,
  maxCapacity: true,
  scalingMetric: true,
  scalingTarget: true,
  logRetentionDays: true,
  kmsKeyArns: true,
  taskRoleStatements: true,
  executionRoleArn: true,
  infrastructureRoleArn: true,
  waitForSteadyState: true,
  awake: true,
  tags: true,
});

/** Keys of the nested argument objects, by the path they are checked under. */
export const NESTED_KEYS = {
  container: keysOf<ContainerArgs>({
    name: true,
    image: true,
    ecrImage: true,
    cpu: true,
    memory: true,
    memoryReservation: true,
    portMappings: true,
    environment: true,
    secrets: true,
    healthCheck: true,
    stopTimeout: true,
    essential: true,
    readonlyRootFilesystem: true,
    user: true,
    command: true,
    entryPoint: true,
    workingDirectory: true,
    dependsOn: true,
    mountPoints: true,
    initProcessEnabled: true,
  }),
  ecrImage: keysOf<EcrImage>({ repositoryUrl: true, arn: true, tag: true, digest: true }),
  portMapping: keysOf<PortMapping>({
    containerPort: true,
    hostPort: true,
    protocol: true,
    name: true,
    appProtocol: true,
  }),
  healthCheck: keysOf<ContainerHealthCheck>({
    command: true,
    interval: true,
    timeout: true,
    retries: true,
    startPeriod: true,
  }),
  secret: keysOf<SecretSource>({
    secretArn: true,
    parameterArn: true,
    secret: true,
    parameter: true,
    jsonKey: true,
    versionStage: true,
    versionId: true,
  }),
  mountPoint: keysOf<MountPoint>({ sourceVolume: true, containerPath: true, readOnly: true }),
  dependency: keysOf<ContainerDependency>({ containerName: true, condition: true }),
  efsVolume: keysOf<EfsVolume>({ name: true, fileSystemId: true, accessPointId: true, readOnly: true }),
  spot: keysOf<SpotArgs>({ base: true, weight: true, onDemandWeight: true }),
  loadBalancer: keysOf<AlbArgs>({
    listenerArn: true,
    securityGroupId: true,
    create: true,
    hostHeaders: true,
    pathPatterns: true,
    priority: true,
    containerName: true,
    containerPort: true,
    healthCheckPath: true,
    healthCheckMatcher: true,
    healthCheckInterval: true,
    deregistrationDelay: true,
    healthCheckGracePeriod: true,
  }),
  createAlb: keysOf<CreateAlbArgs>({
    certificateArn: true,
    subnetIds: true,
    internal: true,
    ingressCidrs: true,
    idleTimeout: true,
    deletionProtection: true,
    accessLogsBucket: true,
    accessLogsPrefix: true,
  }),
  networkLoadBalancer: keysOf<NlbArgs>({
    loadBalancerArn: true,
    port: true,
    protocol: true,
    certificateArn: true,
    securityGroupId: true,
    subnetCidrs: true,
    preserveClientIp: true,
    sourceCidrs: true,
    healthCheckPort: true,
    containerName: true,
    containerPort: true,
    deregistrationDelay: true,
  }),
  deployment: keysOf<DeploymentArgs>({
    strategy: true,
    bakeTimeMinutes: true,
    canaryPercent: true,
    canaryBakeTimeMinutes: true,
    linearStepPercent: true,
    linearStepBakeTimeMinutes: true,
    alarmNames: true,
    circuitBreaker: true,
    minimumHealthyPercent: true,
    maximumPercent: true,
    waitForSteadyState: true,
  }),
  autoscaling: keysOf<ServiceScalingArgs>({
    minCapacity: true,
    maxCapacity: true,
    cpuTarget: true,
    memoryTarget: true,
    requestsPerTarget: true,
    scaleInCooldown: true,
    scaleOutCooldown: true,
    steps: true,
    schedules: true,
  }),
  serviceDiscovery: keysOf<NonNullable<FargateServiceArgs["serviceDiscovery"]>>({
    namespaceId: true,
    name: true,
    dnsTtl: true,
  }),
  serviceConnect: keysOf<NonNullable<FargateServiceArgs["serviceConnect"]>>({
    namespace: true,
    services: true,
  }),
  serviceConnectService: keysOf<
    NonNullable<NonNullable<FargateServiceArgs["serviceConnect"]>["services"]>[number]
  >({ portName: true, discoveryName: true, dnsName: true, port: true }),
  latticeTarget: keysOf<LatticeTarget>({ targetGroupArn: true, portName: true }),
} as const;
