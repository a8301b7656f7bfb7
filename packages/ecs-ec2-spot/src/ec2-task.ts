import {
  collectRepositories,
  collectSecretArns,
  containerDefinitionsJson,
  createTaskRoles,
} from "@berth/ecs-fargate";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { KnownEc2ServiceInputs, ResolvedEc2ServiceArgs } from "./ec2-service-resolve";

/** The log group `/ecs/<family>` and the task's roles. */
export interface Ec2TaskIdentity {
  logGroup: aws.cloudwatch.LogGroup;
  roles: ReturnType<typeof createTaskRoles>;
}

/**
 * The log group and the execution and task roles (each created unless adopted), with least
 * privilege computed from the containers: exactly their repositories, secrets and log group.
 */
export function buildTaskLogsAndRoles(
  scope: pulumi.Resource,
  r: ResolvedEc2ServiceArgs,
  known: KnownEc2ServiceInputs,
  accountId: pulumi.Output<string>,
): Ec2TaskIdentity {
  const logGroup = new aws.cloudwatch.LogGroup(
    r.names.logGroup,
    { name: `/ecs/${r.family}`, retentionInDays: r.logRetentionDays, tags: r.tags },
    { parent: scope },
  );
  const { secretArns, parameterArns } = collectSecretArns(r.containers);
  const roles = createTaskRoles(
    r.name,
    {
      accountId,
      execution: {
        repositoryArns: collectRepositories(r.containers),
        logGroupArn: logGroup.arn,
        secretArns,
        parameterArns,
        kmsKeyArns: known.kmsKeyArns,
      },
      task: { statements: r.taskRoleStatements, exec: r.enableExecuteCommand },
      ...(known.executionRoleArn ? { executionRoleArn: known.executionRoleArn } : {}),
      ...(known.taskRoleArn ? { taskRoleArn: known.taskRoleArn } : {}),
      tags: r.tags,
    },
    scope,
  );
  return { logGroup, roles };
}

/** The task definition: EC2 or Managed Instances, the network mode, Linux on the capacity's CPU. */
export function buildEc2TaskDefinition(
  scope: pulumi.Resource,
  r: ResolvedEc2ServiceArgs,
  { logGroup, roles }: Ec2TaskIdentity,
  region: pulumi.Output<string>,
): aws.ecs.TaskDefinition {
  return new aws.ecs.TaskDefinition(
    r.names.taskDefinition,
    {
      family: r.family,
      requiresCompatibilities: [r.capacity.compatibility],
      networkMode: r.networkMode,
      ...(r.cpu !== undefined ? { cpu: String(r.cpu) } : {}),
      ...(r.memory !== undefined ? { memory: String(r.memory) } : {}),
      runtimePlatform: {
        cpuArchitecture: r.capacity.architecture === "arm64" ? "ARM64" : "X86_64",
        operatingSystemFamily: "LINUX",
      },
      executionRoleArn: roles.executionRoleArn,
      taskRoleArn: roles.taskRoleArn,
      containerDefinitions: containerDefinitionsJson(
        r.containers,
        pulumi.all([logGroup.name, region]).apply(([logGroupName, rg]) => ({ logGroupName, region: rg })),
        r.enableExecuteCommand,
      ),
      ...(r.volumes.length > 0 ? { volumes: r.volumes } : {}),
      tags: r.tags,
    },
    { parent: scope },
  );
}
