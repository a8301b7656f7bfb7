import { allow, type PolicyStatement, policyDocument, serviceTrustPolicy } from "@berth/core";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { KnownSpotCapacityInputs, ResolvedSpotCapacityArgs } from "./spot-capacity-resolve";

/** The account, region and partition ARNs are built in. */
export interface AwsContext {
  partition: pulumi.Output<string>;
  region: pulumi.Output<string>;
  accountId: pulumi.Output<string>;
}

/** Reads the partition, region and account of the provider `scope` uses (no resource). */
export function awsContext(scope: pulumi.Resource): AwsContext {
  return {
    partition: aws.getPartitionOutput({}, { parent: scope }).partition,
    region: aws.getRegionOutput({}, { parent: scope }).region,
    accountId: aws.getCallerIdentityOutput({}, { parent: scope }).accountId,
  };
}

/**
 * The statements of the ECS agent on a container instance, scoped to the cluster: register and
 * submit state there, poll for its work, write task logs to `/ecs/*` and pull images (the given
 * repositories, else every repository of the account and region; none for `[]`).
 */
export function instanceAgentStatements(
  r: ResolvedSpotCapacityArgs,
  known: KnownSpotCapacityInputs,
  { partition, region, accountId }: AwsContext,
): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    {
      sid: "RegisterInCluster",
      ...allow(
        ["ecs:DeregisterContainerInstance", "ecs:RegisterContainerInstance", "ecs:Submit*"],
        [known.clusterArn],
      ),
    },
    {
      sid: "PollForWork",
      ...allow(
        [
          "ecs:Poll",
          "ecs:StartTelemetrySession",
          ...(r.spotPossible ? ["ecs:UpdateContainerInstancesState"] : []),
        ],
        ["*"],
        [{ test: "ArnEquals", variable: "ecs:cluster", values: [known.clusterArn] }],
      ),
    },
    { sid: "DiscoverEndpoint", ...allow(["ecs:DiscoverPollEndpoint"], ["*"]) },
    {
      sid: "WriteTaskLogs",
      ...allow(
        ["logs:CreateLogStream", "logs:PutLogEvents"],
        [pulumi.interpolate`arn:${partition}:logs:${region}:${accountId}:log-group:/ecs/*:log-stream:*`],
      ),
    },
  ];
  const pullFrom = known.imagePullRepositoryArns ?? [
    pulumi.interpolate`arn:${partition}:ecr:${region}:${accountId}:repository/*`,
  ];
  if (pullFrom.length > 0) {
    statements.push({ sid: "EcrAuth", ...allow(["ecr:GetAuthorizationToken"], ["*"]) });
    statements.push({
      sid: "PullImages",
      ...allow(
        ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
        pullFrom,
      ),
    });
  }
  return statements;
}

/** The instance role (with the SSM attachment when asked) and its instance profile. */
export function buildInstanceRole(
  scope: pulumi.Resource,
  r: ResolvedSpotCapacityArgs,
  known: KnownSpotCapacityInputs,
  context: AwsContext,
): { role: aws.iam.Role; profile: aws.iam.InstanceProfile } {
  const role = new aws.iam.Role(
    r.names.instanceRole,
    {
      assumeRolePolicy: serviceTrustPolicy(["ec2.amazonaws.com"]),
      description: `ECS container instances of ${r.name}: join the cluster, poll for work, pull images`,
      inlinePolicies: [
        { name: "ecs-agent", policy: policyDocument(instanceAgentStatements(r, known, context)) },
      ],
      tags: r.tags,
    },
    { parent: scope },
  );
  if (r.names.ssmPolicy !== undefined) {
    new aws.iam.RolePolicyAttachment(
      r.names.ssmPolicy,
      {
        role: role.name,
        policyArn: pulumi.interpolate`arn:${context.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore`,
      },
      { parent: scope },
    );
  }
  const profile = new aws.iam.InstanceProfile(
    r.names.instanceProfile,
    { role: role.name, tags: r.tags },
    { parent: scope },
  );
  return { role, profile };
}
