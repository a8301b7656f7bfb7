import { describeArnSpec, isArnOf, type ValidationIssue, Validator } from "@berth/core";
import * as pulumi from "@pulumi/pulumi";

/** The IP protocol of a container port. */
export const PortProtocol = {
  /** TCP. */
  Tcp: "tcp",
  /** UDP. */
  Udp: "udp",
} as const;
/** The IP protocol of a container port. */
export type PortProtocol = (typeof PortProtocol)[keyof typeof PortProtocol];

/** The application protocol of a container port, for Service Connect. */
export const AppProtocol = {
  /** HTTP/1.1. */
  Http: "http",
  /** HTTP/2. */
  Http2: "http2",
  /** gRPC. */
  Grpc: "grpc",
} as const;
/** The application protocol of a container port, for Service Connect. */
export type AppProtocol = (typeof AppProtocol)[keyof typeof AppProtocol];

/** When a container dependency is met (ECS ContainerDependency `condition`). */
export const DependencyCondition = {
  /** The dependency has started. */
  Start: "START",
  /** The dependency has run to completion (any exit code). */
  Complete: "COMPLETE",
  /** The dependency has exited with code 0. */
  Success: "SUCCESS",
  /** The dependency's health check passes. */
  Healthy: "HEALTHY",
} as const;
/** When a container dependency is met (ECS ContainerDependency `condition`). */
export type DependencyCondition = (typeof DependencyCondition)[keyof typeof DependencyCondition];

/** A resource referenced by its ARN, e.g. an `aws.secretsmanager.Secret` or `aws.ssm.Parameter`. */
export interface ArnReference {
  /** The resource's ARN. */
  arn: pulumi.Input<string>;
}

/** An image in an ECR repository: the execution role may pull exactly this repository. */
export interface EcrImage {
  /** Repository URL, e.g. `123456789012.dkr.ecr.us-east-1.amazonaws.com/web` (an `aws.ecr.Repository` has it). */
  repositoryUrl: pulumi.Input<string>;
  /** Repository ARN, used for the pull grant. */
  arn: pulumi.Input<string>;
  /** Image tag. @default "latest" */
  tag?: pulumi.Input<string>;
  /** Image digest (`sha256:...`); wins over `tag` when given. @default none */
  digest?: pulumi.Input<string>;
}

/** Where a container secret comes from. Give exactly one of `secretArn`, `parameterArn`, `secret`, `parameter`. */
export interface SecretSource {
  /** Secrets Manager secret ARN. @default none */
  secretArn?: pulumi.Input<string>;
  /** SSM parameter ARN. @default none */
  parameterArn?: pulumi.Input<string>;
  /** A Secrets Manager secret resource (anything with an `arn`). @default none */
  secret?: ArnReference;
  /** An SSM parameter resource (anything with an `arn`). @default none */
  parameter?: ArnReference;
  /** JSON key inside a Secrets Manager secret. @default the whole secret */
  jsonKey?: string;
  /** Secrets Manager version stage, e.g. `AWSCURRENT`. @default the current version */
  versionStage?: string;
  /** Secrets Manager version id. @default the current version */
  versionId?: string;
}

/** A container port. */
export interface PortMapping {
  /** Port the container listens on. */
  containerPort: number;
  /** Host port; with awsvpc it must equal `containerPort`. @default containerPort */
  hostPort?: number;
  /** IP protocol. @default "tcp" */
  protocol?: PortProtocol;
  /** Port name, used by Service Connect and VPC Lattice. @default none */
  name?: string;
  /** Application protocol for Service Connect. @default none */
  appProtocol?: AppProtocol;
}

/** A container health check, run inside the container. */
export interface ContainerHealthCheck {
  /** Command, e.g. `["CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"]`. */
  command: string[];
  /** Seconds between checks, 5 to 300. @default 30 */
  interval?: number;
  /** Seconds before a check fails, 2 to 60. @default 5 */
  timeout?: number;
  /** Failures before unhealthy, 1 to 10. @default 3 */
  retries?: number;
  /** Grace period in seconds, 0 to 300. @default 0 */
  startPeriod?: number;
}

/** A volume mounted into a container. */
export interface MountPoint {
  /** Volume name from the task's volumes. */
  sourceVolume: string;
  /** Path in the container. */
  containerPath: string;
  /** Mount read-only. @default false */
  readOnly?: boolean;
}

/** Start ordering between containers of a task. */
export interface ContainerDependency {
  /** The container depended on. */
  containerName: string;
  /** When the dependency is met. */
  condition: DependencyCondition;
}

/** A typed container of a task definition. */
export interface ContainerArgs {
  /** Container name, 1 to 255 letters, digits, hyphens and underscores. */
  name: string;
  /**
   * Image reference (`repo:tag`, `repo@sha256:...`); an ECR URL is pulled with a grant on exactly
   * that repository. Exactly one of `image` and `ecrImage`. @default none
   */
  image?: pulumi.Input<string>;
  /**
   * An image in an ECR repository given as `{ repositoryUrl, arn, tag | digest }` (e.g. from an
   * `aws.ecr.Repository`): the execution role pulls exactly that repository. Exactly one of `image`
   * and `ecrImage`; a separate field, not a union with `image`, so that Pulumi's component analyzer
   * can serve it. @default none
   */
  ecrImage?: EcrImage;
  /** CPU units reserved for the container. @default none (shares the task CPU) */
  cpu?: number;
  /** Hard memory limit in MiB. @default none (the task memory) */
  memory?: number;
  /** Soft memory reservation in MiB. @default none */
  memoryReservation?: number;
  /** Ports. @default [] */
  portMappings?: PortMapping[];
  /** Environment variables (rendered sorted by name). @default {} */
  environment?: Record<string, pulumi.Input<string>>;
  /** Secrets injected as environment variables, by variable name. @default {} */
  secrets?: Record<string, SecretSource>;
  /** Health check. @default none */
  healthCheck?: ContainerHealthCheck;
  /** Seconds to wait after SIGTERM before SIGKILL, 0 to 120 on Fargate. @default 30 (ECS default) */
  stopTimeout?: number;
  /** Whether the task stops when this container stops. @default true */
  essential?: boolean;
  /** Read-only root filesystem. @default true */
  readonlyRootFilesystem?: boolean;
  /** User (name, uid or uid:gid); a non-root user is recommended. @default the image's user */
  user?: string;
  /** Command. @default the image's CMD */
  command?: string[];
  /** Entry point. @default the image's ENTRYPOINT */
  entryPoint?: string[];
  /** Working directory. @default the image's WORKDIR */
  workingDirectory?: string;
  /** Start ordering. @default [] */
  dependsOn?: ContainerDependency[];
  /** Volume mounts. @default [] */
  mountPoints?: MountPoint[];
  /** Run an init process (tini) as PID 1; turned on with ECS Exec. @default false */
  initProcessEnabled?: boolean;
}

/** The logging target of the rendered containers. */
export interface LogTarget {
  /** CloudWatch log group name. */
  logGroupName: string;
  /** Region of the log group. */
  region: string;
  /** Stream prefix. @default "ecs" */
  streamPrefix?: string;
  /** awslogs buffer size in non-blocking mode. @default "25m" */
  maxBufferSize?: string;
}

/** A container whose inputs are resolved (what {@link renderContainerDefinitions} takes). */
export type ResolvedContainer = pulumi.Unwrap<ContainerArgs>;

const NAME = /^[A-Za-z0-9_-]{1,255}$/;
const ECR_URL = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^:@]+)(?:[:@].*)?$/;

/** The image reference a container runs: `repo@digest` or `repo:tag` of its `ecrImage`, else its `image`. */
export function imageUri(c: Pick<pulumi.Unwrap<ContainerArgs>, "image" | "ecrImage" | "name">): string {
  const e = c.ecrImage;
  if (e) return e.digest ? `${e.repositoryUrl}@${e.digest}` : `${e.repositoryUrl}:${e.tag ?? "latest"}`;
  // Resolve refuses a container with neither (checkArgsShape): reaching here is a bug in Berth.
  if (c.image === undefined) throw new Error(`container "${c.name}" has neither image nor ecrImage`);
  return c.image;
}

/**
 * The repository ARN of an ECR image URL (`<account>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag>`),
 * or `undefined` for images outside ECR.
 */
export function ecrRepositoryArn(image: string, partition = "aws"): string | undefined {
  const m = ECR_URL.exec(image);
  if (!m) return undefined;
  return `arn:${partition}:ecr:${m[2]}:${m[1]}:repository/${m[3]}`;
}

/** The `valueFrom` ECS expects for a secret, once its ARN is known. */
export function secretValueFrom(source: pulumi.Unwrap<SecretSource>): string {
  const secretArn = source.secretArn ?? source.secret?.arn;
  if (secretArn !== undefined) {
    if (source.jsonKey === undefined && source.versionStage === undefined && source.versionId === undefined) {
      return secretArn;
    }
    return `${secretArn}:${source.jsonKey ?? ""}:${source.versionStage ?? ""}:${source.versionId ?? ""}`;
  }
  return source.parameterArn ?? source.parameter?.arn ?? "";
}

const byKey = <T>(record: Record<string, T> | undefined): Array<[string, T]> =>
  Object.entries(record ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/**
 * Renders resolved containers to the container definitions JSON of ECS (as objects; serialize with
 * `JSON.stringify`). Every container logs with awslogs in non-blocking mode to the given log group;
 * environment and secrets are sorted so a reorder is never a diff; the root filesystem is read-only
 * unless a container says otherwise.
 */
export function renderContainerDefinitions(
  containers: readonly ResolvedContainer[],
  log: LogTarget,
  os: "LINUX" | "WINDOWS" = "LINUX",
): Array<Record<string, unknown>> {
  const linux = os === "LINUX";
  return containers.map((c) => {
    const def: Record<string, unknown> = {
      name: c.name,
      image: imageUri(c),
      essential: c.essential ?? true,
    };
    // ECS API reference, ContainerDefinition: readonlyRootFilesystem and linuxParameters are "not
    // supported for Windows containers"; neither is sent for a Windows task.
    if (linux) def["readonlyRootFilesystem"] = c.readonlyRootFilesystem ?? true;
    if (c.cpu !== undefined) def["cpu"] = c.cpu;
    if (c.memory !== undefined) def["memory"] = c.memory;
    if (c.memoryReservation !== undefined) def["memoryReservation"] = c.memoryReservation;
    def["portMappings"] = (c.portMappings ?? []).map((p) => {
      const m: Record<string, unknown> = {
        containerPort: p.containerPort,
        hostPort: p.hostPort ?? p.containerPort,
        protocol: p.protocol ?? "tcp",
      };
      if (p.name !== undefined) m["name"] = p.name;
      if (p.appProtocol !== undefined) m["appProtocol"] = p.appProtocol;
      return m;
    });
    def["environment"] = byKey(c.environment).map(([name, value]) => ({ name, value }));
    def["secrets"] = byKey(c.secrets).map(([name, source]) => ({ name, valueFrom: secretValueFrom(source) }));
    if (c.healthCheck) {
      def["healthCheck"] = {
        command: c.healthCheck.command,
        interval: c.healthCheck.interval ?? 30,
        timeout: c.healthCheck.timeout ?? 5,
        retries: c.healthCheck.retries ?? 3,
        startPeriod: c.healthCheck.startPeriod ?? 0,
      };
    }
    if (c.stopTimeout !== undefined) def["stopTimeout"] = c.stopTimeout;
    if (c.user !== undefined) def["user"] = c.user;
    if (c.command !== undefined) def["command"] = c.command;
    if (c.entryPoint !== undefined) def["entryPoint"] = c.entryPoint;
    if (c.workingDirectory !== undefined) def["workingDirectory"] = c.workingDirectory;
    if (c.dependsOn?.length) def["dependsOn"] = c.dependsOn;
    def["mountPoints"] = (c.mountPoints ?? []).map((m) => ({
      sourceVolume: m.sourceVolume,
      containerPath: m.containerPath,
      readOnly: m.readOnly ?? false,
    }));
    def["volumesFrom"] = [];
    if (linux && c.initProcessEnabled) def["linuxParameters"] = { initProcessEnabled: true };
    def["logConfiguration"] = {
      logDriver: "awslogs",
      options: {
        "awslogs-group": log.logGroupName,
        "awslogs-region": log.region,
        "awslogs-stream-prefix": log.streamPrefix ?? "ecs",
        mode: "non-blocking",
        "max-buffer-size": log.maxBufferSize ?? "25m",
      },
    };
    return def;
  });
}

/**
 * The container definitions JSON as an `Output`, resolving images, environment values and secret
 * ARNs that are outputs of other resources. `initProcessEnabled` is forced on when `exec` is set
 * (Linux only: Windows containers take no `linuxParameters`).
 */
export function containerDefinitionsJson(
  containers: readonly ContainerArgs[],
  log: pulumi.Input<LogTarget>,
  exec = false,
  os: "LINUX" | "WINDOWS" = "LINUX",
): pulumi.Output<string> {
  // Resources (a secret or parameter given as such) are not unwrapped by pulumi.output: take their ARNs.
  const plain = containers.map((c) => ({
    ...c,
    ...(exec && os === "LINUX" ? { initProcessEnabled: true } : {}),
    ...(c.secrets
      ? {
          secrets: Object.fromEntries(
            Object.entries(c.secrets).map(([k, s]) => {
              const { secret, parameter, ...rest } = s;
              if (secret) return [k, { ...rest, secretArn: secret.arn }];
              if (parameter) return [k, { ...rest, parameterArn: parameter.arn }];
              return [k, rest];
            }),
          ),
        }
      : {}),
  }));
  return pulumi
    .all([pulumi.output(plain as ContainerArgs[]), pulumi.output(log)])
    .apply(([resolved, target]) =>
      JSON.stringify(renderContainerDefinitions(resolved as ResolvedContainer[], target as LogTarget, os)),
    );
}

/** The ARNs the execution role must read: Secrets Manager secrets and SSM parameters, each once. */
export interface SecretArns {
  /** Secrets Manager secret ARNs. */
  secretArns: pulumi.Input<string>[];
  /** SSM parameter ARNs. */
  parameterArns: pulumi.Input<string>[];
}

/** Collects the secret and parameter ARNs the containers reference (plain duplicates removed). */
export function collectSecretArns(containers: readonly ContainerArgs[]): SecretArns {
  const secretArns: pulumi.Input<string>[] = [];
  const parameterArns: pulumi.Input<string>[] = [];
  const add = (list: pulumi.Input<string>[], v: pulumi.Input<string> | undefined) => {
    if (v !== undefined && !(typeof v === "string" && list.includes(v))) list.push(v);
  };
  for (const c of containers) {
    for (const [, s] of byKey(c.secrets)) {
      add(secretArns, s.secretArn ?? s.secret?.arn);
      add(parameterArns, s.parameterArn ?? s.parameter?.arn);
    }
  }
  return { secretArns, parameterArns };
}

/**
 * The ECR repository ARNs the containers pull from: the `arn` of each {@link EcrImage}, and the ARN
 * derived from every image string that is an ECR URL, in `partition` (`aws-cn`, `aws-us-gov`: pass
 * the stack's partition, e.g. from `aws.getPartitionOutput`). Images outside ECR need no grant.
 */
export function collectRepositories(
  containers: readonly ContainerArgs[],
  partition: pulumi.Input<string> = "aws",
): pulumi.Output<string[]> {
  const arns = containers.map((c) =>
    c.ecrImage
      ? pulumi.output(c.ecrImage.arn)
      : pulumi
          .all([pulumi.output(c.image ?? ""), pulumi.output(partition)])
          .apply(([img, p]) => ecrRepositoryArn(img, p) ?? ""),
  );
  return pulumi.all(arns).apply((list) => [...new Set(list.filter((a) => a !== ""))].sort());
}

/**
 * The repositories a pull through cache may create and import into for these containers: for each
 * ECR image whose repository starts with `<prefix>/` of a given cache prefix, the ARN pattern
 * `arn:<partition>:ecr:<region>:<account>:repository/<prefix>/*` (each once, sorted). Pulling
 * through a cache needs `ecr:BatchImportUpstreamImage`, and `ecr:CreateRepository` when the cached
 * repository does not exist yet (ECR user guide, "IAM permissions required to sync an upstream
 * registry with an Amazon ECR private registry").
 */
export function collectPullThroughCacheArns(
  containers: readonly ContainerArgs[],
  prefixes: readonly string[],
  partition: pulumi.Input<string> = "aws",
): pulumi.Output<string[]> {
  if (prefixes.length === 0) return pulumi.output([]);
  const images = containers.map((c) =>
    c.ecrImage ? pulumi.output(c.ecrImage.repositoryUrl) : pulumi.output(c.image ?? ""),
  );
  return pulumi.all([pulumi.all(images), pulumi.output(partition)]).apply(([list, p]) => {
    const arns = new Set<string>();
    for (const image of list) {
      const m = ECR_URL.exec(image);
      if (!m) continue;
      const prefix = prefixes.find((x) => (m[3] as string).startsWith(`${x}/`));
      if (prefix !== undefined) arns.add(`arn:${p}:ecr:${m[2]}:${m[1]}:repository/${prefix}/*`);
    }
    return [...arns].sort();
  });
}

/** Checks containers at plan time; paths are under `path` (e.g. `containers`). */
export function checkContainers(
  containers: readonly ContainerArgs[],
  path = "containers",
  awsvpc = true,
): ValidationIssue[] {
  const v = new Validator("", "");
  // ECS RegisterTaskDefinition: a task definition holds up to 10 containers.
  if (containers.length < 1 || containers.length > 10)
    v.check(false, path, containers.length, "1 to 10 containers");
  const names = new Set<string>();
  const portNames = new Set<string>();
  containers.forEach((c, i) => {
    const at = `${path}[${i}]`;
    v.check(NAME.test(c.name), `${at}.name`, c.name, "1 to 255 letters, digits, hyphens and underscores");
    v.check(!names.has(c.name), `${at}.name`, c.name, "a name unique in the task");
    names.add(c.name);
    (c.portMappings ?? []).forEach((p, j) => {
      checkPortMapping(v, p, `${at}.portMappings[${j}]`, awsvpc, portNames);
    });
    for (const [key, s] of byKey(c.secrets)) checkSecretSource(v, c, key, s, `${at}.secrets.${key}`);
    if (c.healthCheck) checkHealthCheck(v, c.healthCheck, `${at}.healthCheck`);
    // ECS ContainerDefinition stopTimeout: up to 120 seconds on Fargate.
    if (c.stopTimeout !== undefined)
      v.check(
        Number.isInteger(c.stopTimeout) && c.stopTimeout >= 0 && c.stopTimeout <= 120,
        `${at}.stopTimeout`,
        c.stopTimeout,
        "an integer from 0 to 120 seconds",
      );
    if (c.memory !== undefined && c.memoryReservation !== undefined)
      v.check(
        c.memoryReservation <= c.memory,
        `${at}.memoryReservation`,
        c.memoryReservation,
        `at most memory (${c.memory})`,
      );
    for (const [j, d] of (c.dependsOn ?? []).entries()) {
      v.check(
        containers.some((o) => o.name === d.containerName) && d.containerName !== c.name,
        `${at}.dependsOn[${j}].containerName`,
        d.containerName,
        `another container of the task (${containers.map((o) => o.name).join(", ")})`,
      );
    }
  });
  if (containers.length > 0)
    v.check(
      containers.some((c) => c.essential ?? true),
      path,
      "no essential container",
      "at least one essential container",
    );
  return [...v.issues];
}

/** One port mapping: port range, awsvpc host port, and a Service Connect name unique in the task. */
function checkPortMapping(
  v: Validator,
  p: PortMapping,
  at: string,
  awsvpc: boolean,
  portNames: Set<string>,
): void {
  if (p.containerPort === undefined)
    v.check(false, `${at}.containerPort`, undefined, "an integer from 1 to 65535");
  else v.intIn(`${at}.containerPort`, p.containerPort, 1, 65535);
  if (awsvpc && p.hostPort !== undefined)
    v.check(
      p.hostPort === p.containerPort,
      `${at}.hostPort`,
      p.hostPort,
      `${p.containerPort} (awsvpc needs hostPort equal to containerPort) or none`,
    );
  if (p.name === undefined) return;
  v.check(
    /^[a-z0-9][a-z0-9-]{0,63}$/.test(p.name),
    `${at}.name`,
    p.name,
    "1 to 64 lowercase letters, digits and hyphens",
  );
  v.check(!portNames.has(p.name), `${at}.name`, p.name, "a port name unique in the task");
  portNames.add(p.name);
}

/** One secret: exactly one source, ARNs of the right kind, no Secrets Manager fields on a parameter. */
function checkSecretSource(v: Validator, c: ContainerArgs, key: string, s: SecretSource, at: string): void {
  const given = [s.secretArn, s.parameterArn, s.secret, s.parameter].filter((x) => x !== undefined).length;
  v.check(given === 1, at, `${given} sources`, "exactly one of secretArn, parameterArn, secret, parameter");
  for (const [field, value, spec] of [
    ["secretArn", s.secretArn, { service: "secretsmanager", resourceType: "secret" }],
    ["parameterArn", s.parameterArn, { service: "ssm", resourceType: "parameter" }],
  ] as const) {
    if (typeof value === "string")
      v.check(isArnOf(value, spec), `${at}.${field}`, value, describeArnSpec(spec));
  }
  const isParameter = s.parameterArn !== undefined || s.parameter !== undefined;
  if (isParameter)
    v.check(
      s.jsonKey === undefined && s.versionStage === undefined && s.versionId === undefined,
      `${at}.jsonKey`,
      s.jsonKey ?? s.versionStage ?? s.versionId,
      "none for an SSM parameter (jsonKey and versions are for Secrets Manager)",
    );
  v.check(!(key in (c.environment ?? {})), at, key, "a name not also in environment");
}

/** A container health check: the ECS ranges and a CMD or CMD-SHELL command. */
function checkHealthCheck(v: Validator, hc: ContainerHealthCheck, at: string): void {
  // ECS API reference, HealthCheck: interval 5-300 s, timeout 2-60 s, retries 1-10, startPeriod 0-300 s.
  v.intIn(`${at}.interval`, hc.interval, 5, 300);
  v.intIn(`${at}.timeout`, hc.timeout, 2, 60);
  v.intIn(`${at}.retries`, hc.retries, 1, 10);
  v.intIn(`${at}.startPeriod`, hc.startPeriod, 0, 300);
  v.check(
    hc.command.length > 0 && ["CMD", "CMD-SHELL", "NONE"].includes(hc.command[0] as string),
    `${at}.command`,
    hc.command,
    'a command starting with "CMD" or "CMD-SHELL"',
  );
}

/** Checks the containers' own CPU and memory fit in the task size. */
export function checkContainerFit(
  containers: readonly ContainerArgs[],
  taskCpu: number,
  taskMemory: number,
  path = "containers",
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const cpu = containers.reduce((n, c) => n + (c.cpu ?? 0), 0);
  const mem = containers.reduce((n, c) => n + (c.memoryReservation ?? c.memory ?? 0), 0);
  if (cpu > taskCpu)
    issues.push({ path, value: `cpu sum ${cpu}`, allowed: `at most the task cpu ${taskCpu}` });
  if (mem > taskMemory) {
    issues.push({ path, value: `memory sum ${mem}`, allowed: `at most the task memory ${taskMemory}` });
  }
  return issues;
}

/** The `valueFrom` of a secret as an `Output`, also when the source is a secret or parameter resource. */
export function secretValueFromInput(source: SecretSource): pulumi.Output<string> {
  const { secret, parameter, secretArn, parameterArn, ...rest } = source;
  const secretLike = secret?.arn ?? secretArn;
  if (secretLike !== undefined) {
    return pulumi.output(secretLike).apply((arn) => secretValueFrom({ ...rest, secretArn: arn }));
  }
  return pulumi
    .output(parameter?.arn ?? parameterArn ?? "")
    .apply((arn) => secretValueFrom({ parameterArn: arn }));
}

/**
 * Writable paths the SSM agent of ECS Exec needs; with a read-only root filesystem they must be
 * volumes (task-level volumes with no host path, i.e. task-scoped scratch space).
 */
export const EXEC_VOLUMES = [
  { name: "ecs-exec-var-lib-amazon", containerPath: "/var/lib/amazon" },
  { name: "ecs-exec-var-log-amazon", containerPath: "/var/log/amazon" },
  // The SSM agent also writes under /managed-agents: the read-only-root workaround mounts
  // /managed-agents, /var/lib/amazon/ssm and /var/log/amazon/ssm writable (aws/containers-roadmap#1359;
  // aws-containers/amazon-ecs-exec-checker#71). ECS mounts the agent binaries below it, which stay visible.
  { name: "ecs-exec-managed-agents", containerPath: "/managed-agents" },
] as const;

/**
 * Mounts {@link EXEC_VOLUMES} into every container with a read-only root filesystem, so ECS Exec
 * works without giving up the read-only root. Add `EXEC_VOLUMES` names as task volumes too.
 */
export function withExecVolumes(containers: readonly ContainerArgs[]): ContainerArgs[] {
  return containers.map((c) => {
    if (c.readonlyRootFilesystem === false) return c;
    const mounted = new Set((c.mountPoints ?? []).map((m) => m.containerPath));
    const extra = EXEC_VOLUMES.filter((v) => !mounted.has(v.containerPath)).map((v) => ({
      sourceVolume: v.name,
      containerPath: v.containerPath,
      readOnly: false,
    }));
    return extra.length ? { ...c, mountPoints: [...(c.mountPoints ?? []), ...extra] } : c;
  });
}
