import { parseArn, type Validator, validateWhenKnown } from "@berth/core";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { collectRepositories, collectSecretArns, imageUri, secretValueFromInput } from "./containers";
import type { ResolvedExpressServiceArgs } from "./express-service";
import { checkExpressNetwork, EXPRESS_TYPE } from "./express-service";
import { createInfrastructureRole, createTaskRoles, EXPRESS_INFRASTRUCTURE_POLICY } from "./roles";
import { createSleepActions } from "./scaling";
import { awsContext } from "./task";

type Tags = pulumi.Input<Record<string, pulumi.Input<string>>>;

/** What {@link buildExpressRoles} made: the log group and the three roles (created or adopted). */
export interface ExpressRoles {
  logGroup: aws.cloudwatch.LogGroup;
  executionRoleArn: pulumi.Output<string>;
  /** The task role, only with `taskRoleStatements`. */
  taskRoleArn?: pulumi.Output<string>;
  infrastructureRoleArn: pulumi.Output<string>;
  /** The infrastructure role's policy attachment, when the role is created here. */
  infrastructureAttachment?: aws.iam.RolePolicyAttachment;
}

/**
 * The log group `${name}-logs`, the execution role `${name}-execution` (pulls exactly the image's
 * repository, reads exactly the secrets, writes exactly this log group), the task role
 * `${name}-task` (only with statements) and the infrastructure role `${name}-infrastructure`.
 */
export function buildExpressRoles(
  scope: pulumi.ComponentResource,
  name: string,
  r: ResolvedExpressServiceArgs,
  tags: Tags,
): ExpressRoles {
  const ctx = awsContext(scope);
  const logGroup = new aws.cloudwatch.LogGroup(
    r.names.logs,
    { name: r.names.logGroupName, retentionInDays: r.logRetentionDays, tags },
    { parent: scope },
  );
  const { secretArns, parameterArns } = collectSecretArns([r.container]);
  const statements = r.args.taskRoleStatements ?? [];
  const roles = createTaskRoles(
    name,
    {
      accountId: ctx.accountId,
      execution: {
        repositoryArns: collectRepositories([r.container], ctx.partition),
        logGroupArn: logGroup.arn,
        secretArns,
        parameterArns,
        kmsKeyArns: r.args.kmsKeyArns ?? [],
      },
      task: { statements },
      ...(r.args.executionRoleArn !== undefined ? { executionRoleArn: r.args.executionRoleArn } : {}),
      // Without grants the task needs no role at all.
      ...(r.names.task === undefined ? { taskRoleArn: "" } : {}),
      tags,
    },
    scope,
  );
  const infrastructure =
    r.names.infrastructure !== undefined
      ? createInfrastructureRole(
          r.names.infrastructure,
          EXPRESS_INFRASTRUCTURE_POLICY,
          ctx.accountId,
          ctx.partition,
          scope,
          tags,
        )
      : undefined;
  return {
    logGroup,
    executionRoleArn: roles.executionRoleArn,
    ...(r.names.task !== undefined ? { taskRoleArn: roles.taskRoleArn } : {}),
    infrastructureRoleArn: infrastructure
      ? infrastructure.role.arn
      : pulumi.output(r.args.infrastructureRoleArn as pulumi.Input<string>),
    ...(infrastructure ? { infrastructureAttachment: infrastructure.attachment } : {}),
  };
}

/** The cluster the service runs in (its ARN, checked once known), or `default`. */
function expressCluster(name: string, r: ResolvedExpressServiceArgs): pulumi.Input<string> {
  if (r.args.clusterArn === undefined) return "default";
  return validateWhenKnown(EXPRESS_TYPE, name, r.args.clusterArn, (arn, check) => {
    if (check.required("clusterArn", arn, "the ECS cluster ARN"))
      check.arn("clusterArn", arn, { service: "ecs", resourceType: "cluster" });
  });
}

/**
 * The `aws.ecs.ExpressGatewayService` `${name}-service`, named `<project>-<stack>-<name>` so the
 * scalable target Express Mode registers for it is known (`service/<cluster>/<service>`).
 */
export function buildExpressGatewayService(
  scope: pulumi.ComponentResource,
  name: string,
  r: ResolvedExpressServiceArgs,
  roles: ExpressRoles,
  tags: Tags,
): aws.ecs.ExpressGatewayService {
  const { args } = r;
  const image: pulumi.Input<string> = args.ecrImage
    ? pulumi.output(args.ecrImage).apply((ecrImage) => imageUri({ name: "main", ecrImage }))
    : pulumi.output(args.image).apply((i) => imageUri({ name: "main", image: i }));
  const network = (value: unknown, check: Validator, field: "subnets" | "groups") =>
    field === "subnets"
      ? checkExpressNetwork(check, value, undefined)
      : checkExpressNetwork(check, undefined, value);
  return new aws.ecs.ExpressGatewayService(
    r.names.service,
    {
      serviceName: r.names.serviceName,
      cluster: expressCluster(name, r),
      cpu: String(r.cpu),
      memory: String(r.memory),
      executionRoleArn: roles.executionRoleArn,
      infrastructureRoleArn: roles.infrastructureRoleArn,
      ...(roles.taskRoleArn !== undefined ? { taskRoleArn: roles.taskRoleArn } : {}),
      healthCheckPath: r.healthCheckPath,
      primaryContainer: {
        image,
        containerPort: r.containerPort,
        ...(args.command ? { commands: args.command } : {}),
        environments: Object.entries(args.environment ?? {})
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([n, value]) => ({ name: n, value })),
        secrets: Object.entries(args.secrets ?? {})
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([n, s]) => ({ name: n, valueFrom: secretValueFromInput(s) })),
        awsLogsConfigurations: [{ logGroup: roles.logGroup.name, logStreamPrefix: "ecs" }],
      },
      ...(args.subnetIds !== undefined && args.securityGroupIds !== undefined
        ? {
            networkConfigurations: [
              {
                // Lists from another stack get the same checks once known.
                subnets: validateWhenKnown(EXPRESS_TYPE, name, args.subnetIds, (ids, check) =>
                  network(ids, check, "subnets"),
                ),
                securityGroups: validateWhenKnown(EXPRESS_TYPE, name, args.securityGroupIds, (ids, check) =>
                  network(ids, check, "groups"),
                ),
              },
            ],
          }
        : {}),
      scalingTargets: [
        {
          minTaskCount: r.minCapacity,
          maxTaskCount: r.maxCapacity,
          autoScalingMetric: r.scalingMetric,
          autoScalingTargetValue: r.scalingTarget,
        },
      ],
      waitForSteadyState: r.waitForSteadyState,
      tags,
    },
    // The @pulumi/aws ExpressGatewayService docs: depend on the infrastructure role's policy
    // attachment, or the policy can be deleted first and the service cannot be torn down.
    {
      parent: scope,
      ...(roles.infrastructureAttachment ? { dependsOn: [roles.infrastructureAttachment] } : {}),
    },
  );
}

/** The cluster name in a cluster ARN (`arn:aws:ecs:<region>:<account>:cluster/<name>`). */
function clusterNameOf(arn: string): string {
  return parseArn(arn)?.resourceId ?? arn;
}

/**
 * The sleep schedule `${name}-sleep` / `${name}-wake` on the scalable target Express Mode registers
 * for the service itself (developer guide, "Resources created by Amazon ECS Express Mode services":
 * an Application Auto Scaling scalable target and a target tracking policy): namespace `ecs`,
 * dimension `ecs:service:DesiredCount`, resource id `service/<cluster name>/<service name>`
 * (Application Auto Scaling API Reference, RegisterScalableTarget `ResourceId`). The resource id
 * reads the service's name output, so the actions are created after the service (whose creation
 * registers the target) and deleted before it. Sleeping sets both bounds to 0; waking restores
 * `minCapacity`/`maxCapacity`.
 */
export function buildExpressSleep(
  scope: pulumi.ComponentResource,
  name: string,
  r: ResolvedExpressServiceArgs,
  service: aws.ecs.ExpressGatewayService,
): aws.appautoscaling.ScheduledAction[] {
  if (!r.awake) return [];
  const clusterName =
    r.args.clusterArn === undefined ? "default" : pulumi.output(r.args.clusterArn).apply(clusterNameOf);
  return createSleepActions(
    name,
    {
      resourceId: pulumi.interpolate`service/${clusterName}/${service.serviceName}`,
      scalableDimension: "ecs:service:DesiredCount",
      serviceNamespace: "ecs",
    },
    r.awake,
    { min: r.minCapacity, max: r.maxCapacity },
    scope,
  );
}
