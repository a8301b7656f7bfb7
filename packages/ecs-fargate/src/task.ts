import type { PolicyStatement, Validator } from "@berth/core";
import {
  checkTags,
  componentTags,
  isPlain,
  isPlainObject,
  LOG_RETENTION_DAYS,
  mergePlainTags,
  TAG_LIMITS,
  validateWhenKnown,
} from "@berth/core";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  type ContainerArgs,
  checkContainerFit,
  checkContainers,
  collectPullThroughCacheArns,
  collectRepositories,
  collectSecretArns,
  containerDefinitionsJson,
  EXEC_VOLUMES,
  withExecVolumes,
} from "./containers";
import { NESTED_KEYS } from "./known-keys";
import { createTaskRoles, type EfsGrant, type TaskRoles } from "./roles";
import { checkFargateSize, needsPlatform140, osOf } from "./sizes";

/** A task's CPU architecture. */
export const CpuArchitecture = {
  /** Graviton (ARM64): cheaper per vCPU. */
  Arm64: "ARM64",
  /** x86-64 (Windows tasks need it). */
  X86_64: "X86_64",
} as const;
/** A task's CPU architecture. */
export type CpuArchitecture = (typeof CpuArchitecture)[keyof typeof CpuArchitecture];

/** Who owns a task definition's image tag. */
export const ImageOwner = {
  /** This program: a change of the image rolls out. */
  Iac: "iac",
  /** A delivery pipeline registers new revisions; the program ignores the containers after create. */
  Pipeline: "pipeline",
} as const;
/** Who owns a task definition's image tag. */
export type ImageOwner = (typeof ImageOwner)[keyof typeof ImageOwner];

/** An EFS volume mounted through an access point, with transit encryption and IAM authorization on. */
export interface EfsVolume {
  /** Volume name, referenced by containers' `mountPoints[].sourceVolume`. */
  name: string;
  /** File system id (`fs-...`). */
  fileSystemId: pulumi.Input<string>;
  /** Access point id (`fsap-...`). */
  accessPointId: pulumi.Input<string>;
  /** Grant only `ClientMount` (no writes). @default false */
  readOnly?: boolean;
}

/** The task definition half shared by every Fargate component of this package. */
export interface FargateTaskArgs {
  /** The containers of the task (1 to 10). */
  containers: ContainerArgs[];
  /** Task CPU units; must be a Fargate size. @default 256 */
  cpu?: number;
  /** Task memory in MiB; must be allowed for `cpu` (see `FARGATE_SIZES`). @default 512 */
  memory?: number;
  /** CPU architecture; ARM64 is Graviton (cheaper per vCPU). @default "ARM64" */
  cpuArchitecture?: CpuArchitecture;
  /** Operating system family, e.g. `LINUX` or `WINDOWS_SERVER_2022_CORE`. @default "LINUX" */
  operatingSystemFamily?: string;
  /** Fargate platform version. @default "LATEST" */
  platformVersion?: string;
  /** Ephemeral storage in GiB, 21 to 200. @default 20 (the Fargate default, not set) */
  ephemeralStorageGiB?: number;
  /** Task definition family. @default "<project>-<stack>-<name>" */
  family?: string;
  /** Days to keep container logs (a CloudWatch retention value). @default 30 */
  logRetentionDays?: number;
  /** KMS key ARN for the log group. @default AWS-owned key */
  logKmsKeyArn?: pulumi.Input<string>;
  /** KMS keys that encrypt the referenced secrets; the execution role may decrypt with exactly these. @default [] */
  kmsKeyArns?: pulumi.Input<string>[];
  /** Statements granted to the task role (see `grants`). @default [] */
  taskRoleStatements?: PolicyStatement[];
  /** Adopt an execution role instead of creating one. @default created with computed permissions */
  executionRoleArn?: pulumi.Input<string>;
  /** Adopt a task role instead of creating one. @default created with `taskRoleStatements` */
  taskRoleArn?: pulumi.Input<string>;
  /** EFS volumes. @default [] */
  efsVolumes?: EfsVolume[];
  /**
   * Who owns the image tag: `iac` (this program; a change rolls out) or `pipeline` (a delivery
   * pipeline registers new revisions; the task definition's containers are then ignored after create).
   * @default "iac"
   */
  imageOwner?: ImageOwner;
  /**
   * Repository prefixes of the registry's pull through cache rules (e.g. `ecr-public`, `k8s`). An ECR
   * image under `<prefix>/` makes the execution role able to import the upstream image and create
   * the cached repository, scoped to `repository/<prefix>/*`. @default []
   */
  pullThroughCachePrefixes?: string[];
  /** Tags for every child. @default {} */
  tags?: Record<string, string>;
}

/** CloudWatch Logs retention values (the one list in `@berth/core`). */
export { LOG_RETENTION_DAYS };

/**
 * The characters ECS allows in a container image reference (ECS API reference, ContainerDefinition
 * `image`: "Up to 255 letters (uppercase and lowercase), numbers, hyphens, underscores, colons,
 * periods, forward slashes, and number signs are allowed"), plus `@` of a `repository@digest` reference.
 */
export const IMAGE_REFERENCE = /^[A-Za-z0-9._\-/:#@]{1,255}$/;

/**
 * Checks the outer shape of a component's args before anything reads them: an object, no unknown
 * property (the nearest known key is named), every required property present (also from JavaScript
 * callers), and `containers` (when required) a list of objects each with a name and an image.
 * Returns false when the rest of the checks cannot run safely; the caller then throws.
 */
export function checkArgsShape(
  v: Validator,
  args: unknown,
  known: readonly string[],
  required: Readonly<Record<string, string>>,
): boolean {
  if (!isPlainObject(args)) {
    v.check(false, "args", args, "an object of arguments");
    return false;
  }
  v.knownKeys("", args, known);
  let ok = true;
  for (const [key, what] of Object.entries(required)) {
    if (!v.required(key, args[key], what)) ok = false;
  }
  if ("containers" in required && args["containers"] !== undefined) {
    const containers = args["containers"];
    if (!Array.isArray(containers) || containers.length === 0) {
      ok = v.check(false, "containers", containers, "a list of 1 to 10 containers") && ok;
    } else {
      containers.forEach((c: unknown, i) => {
        if (!isPlainObject(c)) {
          ok = v.check(false, `containers[${i}]`, c, "a container object with a name and an image") && ok;
          return;
        }
        v.knownKeys(`containers[${i}]`, c, NESTED_KEYS.container);
        if (!v.required(`containers[${i}].name`, c["name"], "a container name")) ok = false;
        if (
          !v.check(
            (c["image"] === undefined) !== (c["ecrImage"] === undefined),
            `containers[${i}].image`,
            c["image"],
            "exactly one of image (a reference) and ecrImage ({ repositoryUrl, arn })",
          )
        )
          ok = false;
      });
    }
  }
  return ok;
}

/**
 * Checks a list of ids that may come from another stack (subnets, security groups): a list, not
 * a comma-joined string, of non-empty ids without commas or spaces, with at least `min` entries.
 */
export function checkIdList(v: Validator, path: string, value: unknown, min: number, what: string): boolean {
  if (value === undefined || !isPlain(value)) return true;
  if (!Array.isArray(value)) {
    return v.check(
      false,
      path,
      value,
      `a list of ${what} ids${typeof value === "string" ? " (not one comma-joined string)" : ""}`,
    );
  }
  let ok = v.check(value.length >= min, path, value, `at least ${min} ${what} id${min === 1 ? "" : "s"}`);
  value.forEach((id: unknown, i) => {
    if (!isPlain(id)) return;
    ok =
      v.check(
        typeof id === "string" && /^[^\s,]+$/.test(id),
        `${path}[${i}]`,
        id,
        `a ${what} id (no spaces or commas)`,
      ) && ok;
  });
  return ok;
}

/**
 * Passes an input through, checking it once known when it is an `Output` (a value from another
 * stack gets the same checks as a plain one, which were run at construction).
 */
export function checkedWhenKnown<T>(
  v: Validator,
  value: pulumi.Input<T>,
  check: (value: pulumi.Unwrap<T>, v: Validator) => void,
): pulumi.Input<T> {
  if (isPlain(value)) return value;
  return validateWhenKnown(v.component, v.resourceName, value, check) as pulumi.Input<T>;
}

/** The family Berth gives a task definition unless told: `<project>-<stack>-<name>`, at most 255 characters. */
export function defaultFamily(name: string): string {
  return `${pulumi.getProject()}-${pulumi.getStack()}-${name}`.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 255);
}

/** The task half of the args with every default filled: what the task builder sends. */
export interface ResolvedTaskDefaults {
  /** Task CPU units. */
  cpu: number;
  /** Task memory in MiB. */
  memory: number;
  /** Operating system family sent to ECS. */
  operatingSystemFamily: string;
  /** `LINUX` or `WINDOWS`. */
  os: "LINUX" | "WINDOWS";
  /** CPU architecture (ARM64 unless Windows or told). */
  cpuArchitecture: CpuArchitecture;
  /** Fargate platform version. */
  platformVersion: string;
  /** Task definition family. */
  family: string;
  /** Days to keep container logs. */
  logRetentionDays: number;
  /** Who owns the image tag. */
  imageOwner: ImageOwner;
  /** KMS keys the execution role may decrypt secrets with. */
  kmsKeyArns: pulumi.Input<string>[];
  /** Statements of the task role. */
  taskRoleStatements: PolicyStatement[];
  /** EFS volumes. */
  efsVolumes: EfsVolume[];
  /** Pull through cache prefixes. */
  pullThroughCachePrefixes: string[];
}

/** Fills the defaults of the task half of the args, once (the checks and the task builder read them). */
export function resolveTaskDefaults(name: string, args: FargateTaskArgs): ResolvedTaskDefaults {
  const operatingSystemFamily = args.operatingSystemFamily ?? "LINUX";
  const os = osOf(operatingSystemFamily);
  return {
    cpu: args.cpu ?? 256,
    memory: args.memory ?? 512,
    operatingSystemFamily,
    os,
    cpuArchitecture: args.cpuArchitecture ?? (os === "WINDOWS" ? "X86_64" : "ARM64"),
    platformVersion: args.platformVersion ?? "LATEST",
    family: args.family ?? defaultFamily(name),
    logRetentionDays: args.logRetentionDays ?? 30,
    imageOwner: args.imageOwner ?? "iac",
    kmsKeyArns: args.kmsKeyArns ?? [],
    taskRoleStatements: args.taskRoleStatements ?? [],
    efsVolumes: args.efsVolumes ?? [],
    pullThroughCachePrefixes: args.pullThroughCachePrefixes ?? [],
  };
}

/** Checks the task half of the args (size table, platform, containers, volumes, logs, tags). */
export function checkTaskArgs(args: FargateTaskArgs, v: Validator): void {
  const {
    os,
    cpu,
    memory,
    platformVersion: platform,
    logRetentionDays: retention,
  } = resolveTaskDefaults(v.resourceName, args);
  checkContainerInputs(args.containers, v);
  for (const [field, value, spec] of [
    ["executionRoleArn", args.executionRoleArn, { service: "iam", resourceType: "role" }],
    ["taskRoleArn", args.taskRoleArn, { service: "iam", resourceType: "role" }],
    ["logKmsKeyArn", args.logKmsKeyArn, { service: "kms", resourceType: "key" }],
  ] as const) {
    v.arn(field, value, spec);
  }
  (args.kmsKeyArns ?? []).forEach((k, i) => {
    v.arn(`kmsKeyArns[${i}]`, k, { service: "kms", resourceType: "key" });
  });
  (args.efsVolumes ?? []).forEach((e, i) => {
    v.knownKeys(`efsVolumes[${i}]`, e, NESTED_KEYS.efsVolume);
  });
  v.oneOf("cpuArchitecture", args.cpuArchitecture, ["ARM64", "X86_64"]);
  v.oneOf("imageOwner", args.imageOwner, ["iac", "pipeline"]);
  checkTagCount(v, args.tags);
  v.merge(checkFargateSize(cpu, memory, os));
  v.merge(checkContainers(args.containers));
  v.merge(checkContainerFit(args.containers, cpu, memory));
  if (needsPlatform140(cpu) && !(platform === "LATEST" || /^1\.4\.\d+$/.test(platform))) {
    v.check(false, "platformVersion", platform, `LATEST or 1.4.0 and later for cpu ${cpu}`);
  }
  if (os === "WINDOWS") {
    v.check(
      (args.cpuArchitecture ?? "X86_64") === "X86_64",
      "cpuArchitecture",
      args.cpuArchitecture,
      "X86_64 for Windows tasks",
    );
    // ECS API reference, ContainerDefinition: readonlyRootFilesystem and linuxParameters (the init
    // process) are not supported for Windows containers.
    args.containers.forEach((c, i) => {
      v.check(
        c.readonlyRootFilesystem !== true,
        `containers[${i}].readonlyRootFilesystem`,
        c.readonlyRootFilesystem,
        "unset or false for a Windows task (not supported for Windows containers)",
      );
      v.check(
        c.initProcessEnabled !== true,
        `containers[${i}].initProcessEnabled`,
        c.initProcessEnabled,
        "unset or false for a Windows task (linuxParameters are Linux only)",
      );
    });
  }
  (args.pullThroughCachePrefixes ?? []).forEach((prefix, i) => {
    v.check(
      typeof prefix === "string" && /^[a-z0-9][a-z0-9._/-]*[a-z0-9]$/.test(prefix) && !prefix.includes("//"),
      `pullThroughCachePrefixes[${i}]`,
      prefix,
      "a repository prefix of a pull through cache rule, e.g. ecr-public (lower-case, no leading or trailing /)",
    );
  });
  // ECS EphemeralStorage sizeInGiB: 21 to 200.
  v.intIn("ephemeralStorageGiB", args.ephemeralStorageGiB, 21, 200);
  if (args.family !== undefined) {
    v.check(
      /^[A-Za-z0-9_-]{1,255}$/.test(args.family),
      "family",
      args.family,
      "1 to 255 letters, digits, hyphens and underscores",
    );
  }
  v.check(
    (LOG_RETENTION_DAYS as readonly number[]).includes(retention),
    "logRetentionDays",
    retention,
    `one of ${LOG_RETENTION_DAYS.join(", ")}`,
  );
  const volumeNames = new Set<string>();
  (args.efsVolumes ?? []).forEach((vol, i) => {
    v.check(
      /^[A-Za-z0-9_-]{1,255}$/.test(vol.name),
      `efsVolumes[${i}].name`,
      vol.name,
      "1 to 255 letters, digits, hyphens and underscores",
    );
    v.check(
      !volumeNames.has(vol.name),
      `efsVolumes[${i}].name`,
      vol.name,
      "a volume name unique in the task",
    );
    volumeNames.add(vol.name);
  });
  args.containers.forEach((c, i) => {
    (c.mountPoints ?? []).forEach((m, j) => {
      v.check(
        volumeNames.has(m.sourceVolume),
        `containers[${i}].mountPoints[${j}].sourceVolume`,
        m.sourceVolume,
        volumeNames.size
          ? `one of the task's volumes (${[...volumeNames].join(", ")})`
          : "a volume from efsVolumes (none given)",
      );
    });
  });
  v.merge(checkTags(args.tags));
}

/** Where the task runs, resolved once per component. */
export interface AwsContext {
  /** Account id. */
  accountId: pulumi.Output<string>;
  /** Region name. */
  region: pulumi.Output<string>;
  /** Partition (`aws`, `aws-cn`, `aws-us-gov`). */
  partition: pulumi.Output<string>;
}

/** Looks up the account, region and partition (three invokes, answered by the plan engine's mocks). */
export function awsContext(parent: pulumi.Resource): AwsContext {
  return {
    accountId: aws.getCallerIdentityOutput({}, { parent }).accountId,
    region: aws.getRegionOutput({}, { parent }).region,
    partition: aws.getPartitionOutput({}, { parent }).partition,
  };
}

/** The children that make up a Fargate task. */
export interface FargateTask {
  /** Container log group. */
  logGroup: aws.cloudwatch.LogGroup;
  /** Execution and task roles. */
  roles: TaskRoles;
  /** The task definition. */
  taskDefinition: aws.ecs.TaskDefinition;
  /** Its family. */
  family: string;
}

/**
 * Creates `${name}-logs` (log group with retention), `${name}-execution` and `${name}-task` (roles
 * with computed least privilege) and `${name}-taskdef` (awsvpc Fargate task definition).
 */
export function createFargateTask(
  name: string,
  args: FargateTaskArgs,
  ctx: AwsContext,
  parent: pulumi.Resource,
  options: {
    exec?: boolean;
    /** Log group of ECS Exec sessions (see `TaskRolePolicyArgs.execLogGroupArn`). @default none */
    execLogGroupArn?: pulumi.Input<string>;
    /** KMS key of ECS Exec sessions (see `TaskRolePolicyArgs.execKmsKeyArn`). @default none */
    execKmsKeyArn?: pulumi.Input<string>;
    tags: pulumi.Input<Record<string, string>>;
  },
): FargateTask {
  const t = resolveTaskDefaults(name, args);
  const family = t.family;
  const logGroup = new aws.cloudwatch.LogGroup(
    `${name}-logs`,
    {
      name: `/ecs/${family}`,
      retentionInDays: t.logRetentionDays,
      kmsKeyId: args.logKmsKeyArn,
      tags: options.tags,
    },
    { parent },
  );
  const { secretArns, parameterArns } = collectSecretArns(args.containers);
  const efsArn = (kind: string, id: pulumi.Input<string>) =>
    pulumi.interpolate`arn:${ctx.partition}:elasticfilesystem:${ctx.region}:${ctx.accountId}:${kind}/${id}`;
  const efs: EfsGrant[] = t.efsVolumes.map((vol) => ({
    fileSystemArn: efsArn("file-system", vol.fileSystemId),
    accessPointArn: efsArn("access-point", vol.accessPointId),
    readOnly: vol.readOnly ?? false,
  }));
  const roles = createTaskRoles(
    name,
    {
      accountId: ctx.accountId,
      execution: {
        repositoryArns: collectRepositories(args.containers, ctx.partition),
        logGroupArn: logGroup.arn,
        secretArns,
        parameterArns,
        kmsKeyArns: t.kmsKeyArns,
        pullThroughCacheArns: collectPullThroughCacheArns(
          args.containers,
          t.pullThroughCachePrefixes,
          ctx.partition,
        ),
      },
      task: {
        statements: t.taskRoleStatements,
        exec: options.exec ?? false,
        efs,
        ...(options.execLogGroupArn !== undefined ? { execLogGroupArn: options.execLogGroupArn } : {}),
        ...(options.execKmsKeyArn !== undefined ? { execKmsKeyArn: options.execKmsKeyArn } : {}),
      },
      ...(args.executionRoleArn !== undefined ? { executionRoleArn: args.executionRoleArn } : {}),
      ...(args.taskRoleArn !== undefined ? { taskRoleArn: args.taskRoleArn } : {}),
      tags: options.tags,
    },
    parent,
  );
  const linux = t.os !== "WINDOWS";
  // ECS Exec's agent writes under /var/lib/amazon, /var/log/amazon and /managed-agents: give
  // read-only Linux containers scratch volumes (Windows containers have no read-only root).
  const exec = options.exec ?? false;
  const containers = exec && linux ? withExecVolumes(args.containers) : args.containers;
  const execVolumes =
    exec && containers.some((c) => c.mountPoints?.some((m) => m.sourceVolume.startsWith("ecs-exec-")))
      ? EXEC_VOLUMES.map((v) => ({ name: v.name }))
      : [];
  const taskDefinition = new aws.ecs.TaskDefinition(
    `${name}-taskdef`,
    {
      family,
      requiresCompatibilities: ["FARGATE"],
      networkMode: "awsvpc",
      cpu: String(t.cpu),
      memory: String(t.memory),
      runtimePlatform: { cpuArchitecture: t.cpuArchitecture, operatingSystemFamily: t.operatingSystemFamily },
      ...(args.ephemeralStorageGiB !== undefined
        ? { ephemeralStorage: { sizeInGib: args.ephemeralStorageGiB } }
        : {}),
      executionRoleArn: roles.executionRoleArn,
      taskRoleArn: roles.taskRoleArn,
      containerDefinitions: containerDefinitionsJson(
        containers,
        pulumi.all([logGroup.name, ctx.region]).apply(([logGroupName, region]) => ({ logGroupName, region })),
        options.exec ?? false,
        linux ? "LINUX" : "WINDOWS",
      ),
      volumes: [
        ...execVolumes,
        ...t.efsVolumes.map((vol) => ({
          name: vol.name,
          efsVolumeConfiguration: {
            fileSystemId: vol.fileSystemId,
            transitEncryption: "ENABLED",
            authorizationConfig: { accessPointId: vol.accessPointId, iam: "ENABLED" },
          },
        })),
      ],
      tags: options.tags,
    },
    {
      parent,
      ...(t.imageOwner === "pipeline" ? { ignoreChanges: ["containerDefinitions"] } : {}),
    },
  );
  return { logGroup, roles, taskDefinition, family };
}

/** Length Pulumi auto-naming adds to a logical name: `-` and 7 hex characters. */
export const AUTONAME_SUFFIX = 8;

/**
 * Checks that every auto-named child fits its AWS name limit, e.g. `[["-tg", 32], ["-execution", 64]]`:
 * target groups and load balancers allow 32 characters, IAM roles 64. Reports on `name` with the
 * longest name allowed, instead of a failure at create time.
 */
export function checkChildNames(
  v: Validator,
  name: string,
  children: ReadonlyArray<readonly [string, number]>,
): void {
  let limit = Number.POSITIVE_INFINITY;
  let worst: readonly [string, number] | undefined;
  for (const child of children) {
    const allowed = child[1] - child[0].length - AUTONAME_SUFFIX;
    if (allowed < limit) {
      limit = allowed;
      worst = child;
    }
  }
  if (worst && name.length > limit) {
    v.check(
      false,
      "name",
      name,
      `at most ${limit} characters (the child "${name}${worst[0]}" gets a ${AUTONAME_SUFFIX}-character suffix and AWS allows ${worst[1]})`,
    );
  }
}

/**
 * Checks the tags a component will put on its children: at most 50 (the AWS limit, see
 * `TAG_LIMITS`) once Berth's own `berth:component` and `berth:name` are added.
 */
export function checkTagCount(v: Validator, tags: Record<string, string> | undefined): void {
  if (tags === undefined || !isPlainObject(tags)) return;
  const merged = mergePlainTags(componentTags(v.component, v.resourceName), tags);
  const count = Object.keys(merged).length;
  v.check(
    count <= TAG_LIMITS.maxTags,
    "tags",
    `${count} tags with Berth's berth:component and berth:name`,
    `at most ${TAG_LIMITS.maxTags} tags in all, so at most ${TAG_LIMITS.maxTags - 2} of your own`,
  );
}

/**
 * Checks what each container is made of: known properties of its nested objects, an image
 * reference ECS accepts, environment variable names, ARNs of secrets by service and type, and
 * finite numbers. The rules ECS applies to sizes and ranges are in `checkContainers`.
 */
export function checkContainerInputs(containers: readonly ContainerArgs[], v: Validator): void {
  containers.forEach((c, i) => {
    const at = `containers[${i}]`;
    if (c.ecrImage !== undefined) v.knownKeys(`${at}.ecrImage`, c.ecrImage, NESTED_KEYS.ecrImage);
    if (typeof c.image === "string")
      v.check(
        IMAGE_REFERENCE.test(c.image),
        `${at}.image`,
        c.image,
        "an image reference of up to 255 letters, digits, hyphens, underscores, colons, periods, slashes, number signs and @",
      );
    else if (c.image !== undefined && isPlain(c.image))
      v.check(
        false,
        `${at}.image`,
        c.image,
        "an image reference (a string)",
        "an ECR image { repositoryUrl, arn } goes in ecrImage",
      );
    for (const field of ["cpu", "memory", "memoryReservation"] as const)
      v.intIn(`${at}.${field}`, c[field], 0, Number.MAX_SAFE_INTEGER);
    (c.portMappings ?? []).forEach((p, j) => {
      v.knownKeys(`${at}.portMappings[${j}]`, p, NESTED_KEYS.portMapping);
      v.oneOf(`${at}.portMappings[${j}].protocol`, p.protocol, ["tcp", "udp"]);
      v.oneOf(`${at}.portMappings[${j}].appProtocol`, p.appProtocol, ["http", "http2", "grpc"]);
    });
    if (c.healthCheck !== undefined) v.knownKeys(`${at}.healthCheck`, c.healthCheck, NESTED_KEYS.healthCheck);
    (c.mountPoints ?? []).forEach((m, j) => {
      v.knownKeys(`${at}.mountPoints[${j}]`, m, NESTED_KEYS.mountPoint);
    });
    (c.dependsOn ?? []).forEach((d, j) => {
      v.knownKeys(`${at}.dependsOn[${j}]`, d, NESTED_KEYS.dependency);
      v.oneOf(`${at}.dependsOn[${j}].condition`, d.condition, ["START", "COMPLETE", "SUCCESS", "HEALTHY"]);
    });
    // Docker and execve take any name without "=" (the separator of NAME=value) and whitespace.
    for (const key of Object.keys(c.environment ?? {})) {
      v.check(/^[^=\s]+$/.test(key), `${at}.environment`, key, "variable names without = or whitespace");
    }
    for (const [key, s] of Object.entries(c.secrets ?? {})) {
      v.check(/^[^=\s]+$/.test(key), `${at}.secrets`, key, "variable names without = or whitespace");
      v.knownKeys(`${at}.secrets.${key}`, s, NESTED_KEYS.secret);
    }
  });
}
