import { policyDocument, serviceTrustPolicy } from "@berth/core";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type RunTaskGrant, runTaskStatements } from "./roles";
import type { AwsContext, FargateTask } from "./task";
import type { ResolvedTriggeredTask, TriggeredTaskNames } from "./triggered-task";

type Tags = pulumi.Input<Record<string, pulumi.Input<string>>>;

/**
 * The security group of a triggered task (`${name}-sg`): no ingress, and one egress rule
 * (`${name}-egress`) for image pulls, AWS APIs and dependencies. Shared by {@link ScheduledTask}
 * and {@link EventTask}.
 */
export function buildTaskSecurityGroup(
  scope: pulumi.ComponentResource,
  name: string,
  names: TriggeredTaskNames,
  vpcId: pulumi.Input<string>,
  tags: Tags,
): aws.ec2.SecurityGroup {
  const sg = new aws.ec2.SecurityGroup(
    names.securityGroup,
    { vpcId, description: `Task ${name}; no ingress`, tags },
    { parent: scope },
  );
  new aws.vpc.SecurityGroupEgressRule(
    names.egress,
    {
      securityGroupId: sg.id,
      ipProtocol: "-1",
      cidrIpv4: "0.0.0.0/0",
      description: "Image pulls, AWS APIs and dependencies",
    },
    { parent: scope },
  );
  return sg;
}

/** The dead-letter queue of the triggers: the one given, or `${name}-dlq` (14 days, SSE). */
export function buildDeadLetterQueue(
  scope: pulumi.ComponentResource,
  names: TriggeredTaskNames,
  given: pulumi.Input<string> | undefined,
  tags: Tags,
): { arn: pulumi.Output<string>; queue?: aws.sqs.Queue } {
  if (names.deadLetterQueue === undefined) return { arn: pulumi.output(given as pulumi.Input<string>) };
  const queue = new aws.sqs.Queue(
    names.deadLetterQueue,
    { messageRetentionSeconds: 1209600, sqsManagedSseEnabled: true, tags },
    { parent: scope },
  );
  return { arn: queue.arn, queue };
}

/**
 * The role EventBridge assumes to start the task (`names.starter`), trusted by `principal` from this
 * account only, allowed to run exactly the task family in exactly the cluster.
 */
export function buildStarterRole(
  scope: pulumi.ComponentResource,
  names: TriggeredTaskNames,
  starter: { principal: string; description: string },
  grant: Omit<RunTaskGrant, "taskDefinitionFamilyArn" | "passRoleArns">,
  task: FargateTask,
  ctx: AwsContext,
  tags: Tags,
): aws.iam.Role {
  return new aws.iam.Role(
    names.starter,
    {
      assumeRolePolicy: serviceTrustPolicy(
        [starter.principal],
        [{ test: "StringEquals", variable: "aws:SourceAccount", values: [ctx.accountId] }],
      ),
      description: starter.description,
      inlinePolicies: [
        {
          name: "run-task",
          policy: policyDocument(
            runTaskStatements({
              ...grant,
              taskDefinitionFamilyArn: task.taskDefinition.arnWithoutRevision,
              passRoleArns: [task.roles.executionRoleArn, task.roles.taskRoleArn],
            }),
          ),
        },
      ],
      tags,
    },
    { parent: scope },
  );
}

/** The ECS parameters a schedule or rule target sends to RunTask, the same for both. */
export function runTaskParameters(
  r: ResolvedTriggeredTask,
  task: FargateTask,
  sg: aws.ec2.SecurityGroup,
  securityGroupIds: pulumi.Input<string>[],
  assignPublicIp: boolean,
) {
  return {
    taskDefinitionArn: r.latestRevision ? task.taskDefinition.arnWithoutRevision : task.taskDefinition.arn,
    taskCount: r.taskCount,
    capacityProviderStrategies: r.capacityProviderStrategy,
    platformVersion: r.platformVersion,
    enableEcsManagedTags: true,
    propagateTags: "TASK_DEFINITION",
    networkConfiguration: {
      subnets: r.subnetIds,
      securityGroups: [sg.id, ...securityGroupIds],
      assignPublicIp,
    },
  };
}
