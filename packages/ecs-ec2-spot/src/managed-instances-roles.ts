import { allow, policyDocument, serviceTrustPolicy } from "@berth/core";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AwsContext } from "./instance-role";
import type {
  KnownManagedInstancesInputs,
  ResolvedManagedInstancesCapacityArgs,
} from "./managed-instances-resolve";

/** The AWS managed policy of the ECS Managed Instances infrastructure role. */
export const MANAGED_INSTANCES_INFRASTRUCTURE_POLICY = "AmazonECSInfrastructureRolePolicyForManagedInstances";

/** The roles of ECS Managed Instances. */
export interface ManagedInstancesRoles {
  instanceRole: aws.iam.Role;
  profile: aws.iam.InstanceProfile;
  infrastructureRole: aws.iam.Role;
  /** The managed policy's attachment: the provider must be deleted before it. */
  infrastructurePolicy: aws.iam.RolePolicyAttachment;
}

/**
 * The instance role (the agent's calls, scoped to the cluster) and its profile; the infrastructure
 * role ECS acts with: the AWS managed policy plus passing exactly this instance role.
 */
export function buildManagedInstancesRoles(
  scope: pulumi.Resource,
  r: ResolvedManagedInstancesCapacityArgs,
  known: KnownManagedInstancesInputs,
  { partition, region, accountId }: AwsContext,
): ManagedInstancesRoles {
  const instanceRole = new aws.iam.Role(
    r.names.instanceRole,
    {
      assumeRolePolicy: serviceTrustPolicy(["ec2.amazonaws.com"]),
      description: `ECS Managed Instances of ${r.name}: join the cluster and report task state`,
      inlinePolicies: [
        {
          name: "ecs-agent",
          policy: policyDocument([
            { sid: "DiscoverEndpoint", ...allow(["ecs:DiscoverPollEndpoint"], ["*"]) },
            {
              sid: "RegisterInCluster",
              ...allow(
                [
                  "ecs:RegisterContainerInstance",
                  "ecs:SubmitAttachmentStateChanges",
                  "ecs:SubmitTaskStateChange",
                ],
                [known.clusterArn],
              ),
            },
            {
              sid: "PollForWork",
              ...allow(
                ["ecs:Poll", "ecs:PutSystemLogEvents", "ecs:StartTelemetrySession"],
                [
                  pulumi.interpolate`arn:${partition}:ecs:${region}:${accountId}:container-instance/${known.clusterName}/*`,
                ],
              ),
            },
          ]),
        },
      ],
      tags: r.tags,
    },
    { parent: scope },
  );
  const profile = new aws.iam.InstanceProfile(
    r.names.instanceProfile,
    { role: instanceRole.name, tags: r.tags },
    { parent: scope },
  );
  const infrastructureRole = new aws.iam.Role(
    r.names.infrastructureRole,
    {
      assumeRolePolicy: serviceTrustPolicy(
        ["ecs.amazonaws.com"],
        [{ test: "StringEquals", variable: "aws:SourceAccount", values: [accountId] }],
      ),
      description: `ECS Managed Instances infrastructure role of ${r.name}`,
      // The managed policy passes only roles named ecsInstanceRole*; this grant passes ours.
      inlinePolicies: [
        {
          name: "pass-instance-role",
          policy: policyDocument([
            {
              sid: "PassInstanceRole",
              ...allow(
                ["iam:PassRole"],
                [instanceRole.arn],
                [{ test: "StringEquals", variable: "iam:PassedToService", values: ["ec2.amazonaws.com"] }],
              ),
            },
          ]),
        },
      ],
      tags: r.tags,
    },
    { parent: scope },
  );
  const infrastructurePolicy = new aws.iam.RolePolicyAttachment(
    r.names.infrastructurePolicy,
    {
      role: infrastructureRole.name,
      policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/${MANAGED_INSTANCES_INFRASTRUCTURE_POLICY}`,
    },
    { parent: scope },
  );
  return { instanceRole, profile, infrastructureRole, infrastructurePolicy };
}
