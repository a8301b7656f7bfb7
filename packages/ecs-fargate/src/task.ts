import type { PolicyStatement, Validator } from "@berth/core";
import { checkTags } from "@berth/core";
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
import { createTaskRoles, type EfsGrant, type TaskRoles } from "./roles";
import { checkFargateSize, needsPlatform140, osOf } from "./sizes";

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
  cpuArchitecture?: "ARM64" | "X86_64";
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
  imageOwner?: "iac" | "pipeline";
  /**
   * Repository prefixes of the registry's pull through cache rules (e.g. `ecr-public`, `k8s`). An ECR
   * image under `<prefix>/` makes the execution role able to import the upstream image and create
   * the cached repository, scoped to `repository/<prefix>/*`. @default []
   */
  pullThroughCachePrefixes?: string[];
  /** Tags for every child. @default {} */
  tags?: Record<string, string>;
}

/** CloudWatch Logs retention values. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** The family Berth gives a task definition unless told: `<project>-<stack>-<name>`, at most 255 characters. */
export function defaultFamily(name: string): string {
  return `${pulumi.getProject()}-${pulumi.getStack()}-${name}`.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 255);
}

/** Checks the task half of the args (size table, platform, containers, volumes, logs, tags). */
export function checkTaskArgs(args: FargateTaskArgs, v: Validator): void {
  const os = osOf(args.operatingSystemFamily);
  const cpu = args.cpu ?? 256;
  const memory = args.memory ?? 512;
  v.merge(checkFargateSize(cpu, memory, os));
  v.merge(checkContainers(args.containers));
  v.merge(checkContainerFit(args.containers, cpu, memory));
  const platform = args.platformVersion ?? "LATEST";
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
  if (args.ephemeralStorageGiB !== undefined) {
    const e = args.ephemeralStorageGiB;
    v.check(
      Number.isInteger(e) && e >= 21 && e <= 200,
      "ephemeralStorageGiB",
      e,
      "an integer from 21 to 200",
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
  const retention = args.logRetentionDays ?? 30;
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
  const family = args.family ?? defaultFamily(name);
  const logGroup = new aws.cloudwatch.LogGroup(
    `${name}-logs`,
    {
      name: `/ecs/${family}`,
      retentionInDays: args.logRetentionDays ?? 30,
      kmsKeyId: args.logKmsKeyArn,
      tags: options.tags,
    },
    { parent },
  );
  const { secretArns, parameterArns } = collectSecretArns(args.containers);
  const efsArn = (kind: string, id: pulumi.Input<string>) =>
    pulumi.interpolate`arn:${ctx.partition}:elasticfilesystem:${ctx.region}:${ctx.accountId}:${kind}/${id}`;
  const efs: EfsGrant[] = (args.efsVolumes ?? []).map((vol) => ({
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
        kmsKeyArns: args.kmsKeyArns ?? [],
        pullThroughCacheArns: collectPullThroughCacheArns(
          args.containers,
          args.pullThroughCachePrefixes ?? [],
          ctx.partition,
        ),
      },
      task: {
        statements: args.taskRoleStatements ?? [],
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
  const os = args.operatingSystemFamily ?? "LINUX";
  const linux = osOf(os) !== "WINDOWS";
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
      cpu: String(args.cpu ?? 256),
      memory: String(args.memory ?? 512),
      runtimePlatform: {
        cpuArchitecture: args.cpuArchitecture ?? (osOf(os) === "WINDOWS" ? "X86_64" : "ARM64"),
        operatingSystemFamily: os,
      },
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
        ...(args.efsVolumes ?? []).map((vol) => ({
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
      ...((args.imageOwner ?? "iac") === "pipeline" ? { ignoreChanges: ["containerDefinitions"] } : {}),
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
