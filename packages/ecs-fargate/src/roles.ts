import { allow, type PolicyStatement, policyDocument, serviceTrustPolicy } from "@berth/core";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** The AWS managed policy ECS needs to register tasks into VPC Lattice target groups. */
export const LATTICE_INFRASTRUCTURE_POLICY = "AmazonECSInfrastructureRolePolicyForVpcLattice";
/** The AWS managed policy of the ECS Express Mode infrastructure role (under `service-role/`). */
export const EXPRESS_INFRASTRUCTURE_POLICY =
  "service-role/AmazonECSInfrastructureRoleforExpressGatewayServices";

/** The actions ECS Exec needs in the task role (the SSM agent's message channels). */
export const ECS_EXEC_ACTIONS = [
  "ssmmessages:CreateControlChannel",
  "ssmmessages:CreateDataChannel",
  "ssmmessages:OpenControlChannel",
  "ssmmessages:OpenDataChannel",
];

/** ECR actions needed to pull an image from a repository. */
export const ECR_PULL_ACTIONS = [
  "ecr:BatchCheckLayerAvailability",
  "ecr:BatchGetImage",
  "ecr:GetDownloadUrlForLayer",
];

/**
 * ECR actions a pull through cache needs beyond pulling (ECR user guide, "IAM permissions required
 * to sync an upstream registry with an Amazon ECR private registry").
 */
export const PULL_THROUGH_CACHE_ACTIONS = ["ecr:BatchImportUpstreamImage", "ecr:CreateRepository"];

/** What the execution role must reach, each by exact ARN. */
export interface ExecutionRolePolicyArgs {
  /** ECR repository ARNs the task pulls from (e.g. from `collectRepositories`). */
  repositoryArns: pulumi.Input<pulumi.Input<string>[]>;
  /** ARN of the log group the containers write to (`aws.cloudwatch.LogGroup.arn`, without `:*`). */
  logGroupArn: pulumi.Input<string>;
  /** Secrets Manager secret ARNs the containers reference. @default [] */
  secretArns?: pulumi.Input<string>[];
  /** SSM parameter ARNs the containers reference. @default [] */
  parameterArns?: pulumi.Input<string>[];
  /** KMS key ARNs that encrypt those secrets or parameters. @default [] */
  kmsKeyArns?: pulumi.Input<string>[];
  /**
   * Repository ARN patterns of pull-through-cache prefixes the task pulls through (e.g. from
   * `collectPullThroughCacheArns`): the role may import upstream images and create the cached
   * repositories there. @default []
   */
  pullThroughCacheArns?: pulumi.Input<pulumi.Input<string>[]>;
}

/**
 * The statements of an execution role: pull exactly the repositories (plus
 * `ecr:GetAuthorizationToken`, which has no resource), write exactly the log group's streams, read
 * exactly the secrets and parameters, decrypt with exactly the given keys.
 */
export function executionRoleStatements(
  args: Omit<ExecutionRolePolicyArgs, "repositoryArns" | "pullThroughCacheArns"> & {
    repositoryArns: pulumi.Input<string>[];
    pullThroughCacheArns?: pulumi.Input<string>[];
  },
): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    {
      sid: "WriteLogs",
      ...allow(
        ["logs:CreateLogStream", "logs:PutLogEvents"],
        [pulumi.interpolate`${args.logGroupArn}:log-stream:*`],
      ),
    },
  ];
  if (args.repositoryArns.length > 0) {
    statements.push({ sid: "EcrAuth", ...allow(["ecr:GetAuthorizationToken"], ["*"]) });
    statements.push({ sid: "PullImages", ...allow(ECR_PULL_ACTIONS, args.repositoryArns) });
  }
  if (args.pullThroughCacheArns?.length) {
    // ECR user guide, pull through cache IAM: import the upstream image, and create the cached
    // repository on the first pull.
    statements.push({
      sid: "PullThroughCache",
      ...allow(PULL_THROUGH_CACHE_ACTIONS, args.pullThroughCacheArns),
    });
  }
  if (args.secretArns?.length) {
    statements.push({ sid: "ReadSecrets", ...allow(["secretsmanager:GetSecretValue"], args.secretArns) });
  }
  if (args.parameterArns?.length) {
    statements.push({ sid: "ReadParameters", ...allow(["ssm:GetParameters"], args.parameterArns) });
  }
  if (args.kmsKeyArns?.length) {
    statements.push({ sid: "DecryptSecrets", ...allow(["kms:Decrypt"], args.kmsKeyArns) });
  }
  return statements;
}

/** The execution role's policy document; resolves the repository list first (it may be an `Output`). */
export function executionRolePolicy(args: ExecutionRolePolicyArgs): pulumi.Output<string> {
  return pulumi
    .all([pulumi.output(args.repositoryArns), pulumi.output(args.pullThroughCacheArns ?? [])])
    .apply(([repositoryArns, pullThroughCacheArns]) =>
      policyDocument(executionRoleStatements({ ...args, repositoryArns, pullThroughCacheArns })),
    );
}

/** An EFS file system mounted through an access point; the task role gets exactly the client actions. */
export interface EfsGrant {
  /** File system ARN. */
  fileSystemArn: pulumi.Input<string>;
  /** Access point ARN; the grant is conditioned on it. */
  accessPointArn: pulumi.Input<string>;
  /** Mount read-only (no `ClientWrite`). @default false */
  readOnly?: boolean;
}

/** What the task role is granted. */
export interface TaskRolePolicyArgs {
  /** Statements the caller grants (see {@link grants}). @default [] */
  statements?: PolicyStatement[];
  /** Add the ECS Exec channel actions. @default false */
  exec?: boolean;
  /**
   * ARN of the CloudWatch log group the cluster writes ECS Exec sessions to (`logging: OVERRIDE`),
   * without `:*`; with `exec` the role may describe log groups and write streams of exactly this
   * group. @default none (sessions are not logged to a group of their own)
   */
  execLogGroupArn?: pulumi.Input<string>;
  /** KMS key the cluster encrypts ECS Exec sessions with; with `exec` the role may decrypt with it. @default none */
  execKmsKeyArn?: pulumi.Input<string>;
  /** EFS file systems mounted with IAM authorization. @default [] */
  efs?: EfsGrant[];
}

/** The statements of a task role: the caller's, plus ECS Exec and EFS client actions when used. */
export function taskRoleStatements(args: TaskRolePolicyArgs): PolicyStatement[] {
  const statements: PolicyStatement[] = [...(args.statements ?? [])];
  if (args.exec) {
    statements.push({ sid: "EcsExec", ...allow(ECS_EXEC_ACTIONS, ["*"]) });
    // ECS developer guide, ecs-exec: "IAM permissions required for Amazon CloudWatch Logs" and
    // "... for encryption using your own AWS KMS key".
    if (args.execLogGroupArn !== undefined) {
      statements.push({ sid: "EcsExecLogGroups", ...allow(["logs:DescribeLogGroups"], ["*"]) });
      statements.push({
        sid: "EcsExecLogs",
        ...allow(
          ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
          [pulumi.interpolate`${args.execLogGroupArn}:*`],
        ),
      });
    }
    if (args.execKmsKeyArn !== undefined) {
      statements.push({ sid: "EcsExecKms", ...allow(["kms:Decrypt"], [args.execKmsKeyArn]) });
    }
  }
  (args.efs ?? []).forEach((e, i) => {
    const actions = e.readOnly
      ? ["elasticfilesystem:ClientMount"]
      : ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"];
    statements.push({
      sid: `Efs${i}`,
      ...allow(
        actions,
        [e.fileSystemArn],
        [{ test: "StringEquals", variable: "elasticfilesystem:AccessPointArn", values: [e.accessPointArn] }],
      ),
    });
  });
  return statements;
}

/** The trust policy of task and execution roles: `ecs-tasks.amazonaws.com` from this account only. */
export function ecsTasksTrustPolicy(accountId: pulumi.Input<string>): pulumi.Output<string> {
  return serviceTrustPolicy(
    ["ecs-tasks.amazonaws.com"],
    [{ test: "StringEquals", variable: "aws:SourceAccount", values: [accountId] }],
  );
}

/** Typed grant helpers for the task role: each returns statements on exactly the given ARNs. */
export const grants = {
  /** Read objects under a bucket (ARN of the bucket). */
  s3Read: (bucketArn: pulumi.Input<string>): PolicyStatement[] => [
    allow(["s3:GetObject"], [pulumi.interpolate`${bucketArn}/*`]),
    allow(["s3:ListBucket"], [bucketArn]),
  ],
  /** Read and write objects under a bucket. */
  s3ReadWrite: (bucketArn: pulumi.Input<string>): PolicyStatement[] => [
    allow(["s3:DeleteObject", "s3:GetObject", "s3:PutObject"], [pulumi.interpolate`${bucketArn}/*`]),
    allow(["s3:ListBucket"], [bucketArn]),
  ],
  /** Consume a queue: receive, delete, change visibility, read attributes. */
  sqsConsume: (queueArn: pulumi.Input<string>): PolicyStatement[] => [
    allow(
      ["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"],
      [queueArn],
    ),
  ],
  /** Send to a queue. */
  sqsSend: (queueArn: pulumi.Input<string>): PolicyStatement[] => [allow(["sqs:SendMessage"], [queueArn])],
  /** Read and write items of a DynamoDB table and its indexes. */
  dynamoReadWrite: (tableArn: pulumi.Input<string>): PolicyStatement[] => [
    allow(
      [
        "dynamodb:BatchGetItem",
        "dynamodb:BatchWriteItem",
        "dynamodb:DeleteItem",
        "dynamodb:GetItem",
        "dynamodb:PutItem",
        "dynamodb:Query",
        "dynamodb:UpdateItem",
      ],
      [tableArn, pulumi.interpolate`${tableArn}/index/*`],
    ),
  ],
  /** Read a Secrets Manager secret at run time (not only at start). */
  secretRead: (secretArn: pulumi.Input<string>): PolicyStatement[] => [
    allow(["secretsmanager:GetSecretValue"], [secretArn]),
  ],
  /** Publish to an SNS topic. */
  snsPublish: (topicArn: pulumi.Input<string>): PolicyStatement[] => [allow(["sns:Publish"], [topicArn])],
};

/** Everything needed to create the two task roles. */
export interface TaskRolesArgs {
  /** Account id for the trust policy's `aws:SourceAccount` condition. */
  accountId: pulumi.Input<string>;
  /** Execution role policy inputs. */
  execution: ExecutionRolePolicyArgs;
  /** Task role policy inputs. */
  task: TaskRolePolicyArgs;
  /** Adopt this execution role instead of creating one. @default created */
  executionRoleArn?: pulumi.Input<string>;
  /** Adopt this task role instead of creating one. @default created */
  taskRoleArn?: pulumi.Input<string>;
  /** Tags for the roles. @default {} */
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** The roles created (or adopted) for a task definition. */
export interface TaskRoles {
  /** Execution role ARN (created or given). */
  executionRoleArn: pulumi.Output<string>;
  /** Task role ARN (created or given). */
  taskRoleArn: pulumi.Output<string>;
  /** The created execution role, if any. */
  executionRole?: aws.iam.Role;
  /** The created task role, if any. */
  taskRole?: aws.iam.Role;
}

/**
 * Creates `${name}-execution` and `${name}-task` roles (unless ARNs are given) with inline policies
 * computed from what the task uses. The task role gets a policy only when it is granted anything.
 */
export function createTaskRoles(name: string, args: TaskRolesArgs, parent: pulumi.Resource): TaskRoles {
  const trust = ecsTasksTrustPolicy(args.accountId);
  let executionRole: aws.iam.Role | undefined;
  let executionRoleArn: pulumi.Output<string>;
  if (args.executionRoleArn !== undefined) {
    executionRoleArn = pulumi.output(args.executionRoleArn);
  } else {
    executionRole = new aws.iam.Role(
      `${name}-execution`,
      {
        assumeRolePolicy: trust,
        description: `ECS execution role of ${name}: pulls its images, writes its logs, reads its secrets`,
        inlinePolicies: [{ name: "execution", policy: executionRolePolicy(args.execution) }],
        tags: args.tags,
      },
      { parent },
    );
    executionRoleArn = executionRole.arn;
  }
  let taskRole: aws.iam.Role | undefined;
  let taskRoleArn: pulumi.Output<string>;
  if (args.taskRoleArn !== undefined) {
    taskRoleArn = pulumi.output(args.taskRoleArn);
  } else {
    const statements = taskRoleStatements(args.task);
    taskRole = new aws.iam.Role(
      `${name}-task`,
      {
        assumeRolePolicy: trust,
        description: `ECS task role of ${name}: only what the caller granted`,
        inlinePolicies: statements.length > 0 ? [{ name: "task", policy: policyDocument(statements) }] : [],
        tags: args.tags,
      },
      { parent },
    );
    taskRoleArn = taskRole.arn;
  }
  return executionRole && taskRole
    ? { executionRoleArn, taskRoleArn, executionRole, taskRole }
    : executionRole
      ? { executionRoleArn, taskRoleArn, executionRole }
      : taskRole
        ? { executionRoleArn, taskRoleArn, taskRole }
        : { executionRoleArn, taskRoleArn };
}

/** An ECS infrastructure role and the attachment of its managed policy. */
export interface InfrastructureRole {
  /** The role ECS assumes. */
  role: aws.iam.Role;
  /** The managed policy attachment: the service using the role must `dependsOn` it. */
  attachment: aws.iam.RolePolicyAttachment;
}

/**
 * Creates an ECS infrastructure role (trusted by `ecs.amazonaws.com` from this account) with one AWS
 * managed policy attached: {@link LATTICE_INFRASTRUCTURE_POLICY} for VPC Lattice, or
 * {@link EXPRESS_INFRASTRUCTURE_POLICY} for Express Mode.
 */
export function createInfrastructureRole(
  name: string,
  managedPolicy: string,
  accountId: pulumi.Input<string>,
  partition: pulumi.Input<string>,
  parent: pulumi.Resource,
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>,
): InfrastructureRole {
  const role = new aws.iam.Role(
    name,
    {
      assumeRolePolicy: serviceTrustPolicy(
        ["ecs.amazonaws.com"],
        [{ test: "StringEquals", variable: "aws:SourceAccount", values: [accountId] }],
      ),
      description: `ECS infrastructure role (${managedPolicy.split("/").pop()})`,
      tags,
    },
    { parent },
  );
  const attachment = new aws.iam.RolePolicyAttachment(
    `${name}-policy`,
    { role: role.name, policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/${managedPolicy}` },
    { parent },
  );
  return { role, attachment };
}

/**
 * The ECS infrastructure role for VPC Lattice target registration (`${name}-lattice`), as used by
 * `vpcLatticeConfigurations` on a service. Shared by the Fargate and EC2 services; the service must
 * `dependsOn` the returned attachment.
 */
export function createLatticeInfrastructureRole(
  name: string,
  accountId: pulumi.Input<string>,
  partition: pulumi.Input<string>,
  parent: pulumi.Resource,
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>,
): InfrastructureRole {
  return createInfrastructureRole(
    `${name}-lattice`,
    LATTICE_INFRASTRUCTURE_POLICY,
    accountId,
    partition,
    parent,
    tags,
  );
}

/** A target group of VPC Lattice that a service registers its tasks into. */
export interface LatticeTarget {
  /** Lattice target group ARN (type IP). */
  targetGroupArn: pulumi.Input<string>;
  /** Name of the container port mapping that receives the traffic. */
  portName: string;
}

/** The `vpcLatticeConfigurations` of a service for the given targets and infrastructure role. */
export function latticeConfigurations(
  targets: readonly LatticeTarget[],
  roleArn: pulumi.Input<string>,
): aws.types.input.ecs.ServiceVpcLatticeConfiguration[] {
  return targets.map((t) => ({ targetGroupArn: t.targetGroupArn, portName: t.portName, roleArn }));
}

/** What a scheduler or events role may run: exactly one task family in one cluster. */
export interface RunTaskGrant {
  /** Cluster ARN the task runs in. */
  clusterArn: pulumi.Input<string>;
  /** Task definition ARN without revision (`.../task-definition/<family>`); any revision of the family. */
  taskDefinitionFamilyArn: pulumi.Input<string>;
  /** Roles passed to ECS: the execution and task roles, exactly. */
  passRoleArns: pulumi.Input<string>[];
  /** Dead-letter queue the invoker writes failed events to. @default none */
  deadLetterQueueArn?: pulumi.Input<string>;
}

/**
 * Statements of a role that runs a task on a schedule or event: `ecs:RunTask` on exactly the
 * family in exactly the cluster, `iam:PassRole` on exactly the two task roles (only to ECS tasks),
 * `ecs:TagResource` on tasks it starts, and `sqs:SendMessage` on its dead-letter queue.
 */
export function runTaskStatements(grant: RunTaskGrant): PolicyStatement[] {
  const clusterName = pulumi.output(grant.clusterArn).apply((a) => a.split("/").pop() ?? a);
  const taskArns = pulumi
    .all([pulumi.output(grant.clusterArn), clusterName])
    .apply(([arn, cluster]) => `${arn.split(":cluster/")[0]}:task/${cluster}/*`);
  const statements: PolicyStatement[] = [
    {
      sid: "RunTask",
      ...allow(
        ["ecs:RunTask"],
        [pulumi.interpolate`${grant.taskDefinitionFamilyArn}:*`],
        [{ test: "ArnEquals", variable: "ecs:cluster", values: [grant.clusterArn] }],
      ),
    },
    {
      sid: "TagTasks",
      ...allow(
        ["ecs:TagResource"],
        [taskArns],
        [{ test: "StringEquals", variable: "ecs:CreateAction", values: ["RunTask"] }],
      ),
    },
    {
      sid: "PassTaskRoles",
      ...allow(["iam:PassRole"], grant.passRoleArns, [
        { test: "StringLike", variable: "iam:PassedToService", values: ["ecs-tasks.amazonaws.com"] },
      ]),
    },
  ];
  if (grant.deadLetterQueueArn !== undefined) {
    statements.push({ sid: "DeadLetters", ...allow(["sqs:SendMessage"], [grant.deadLetterQueueArn]) });
  }
  return statements;
}
