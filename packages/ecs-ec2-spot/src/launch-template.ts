import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { KnownSpotCapacityInputs, ResolvedSpotCapacityArgs } from "./spot-capacity-resolve";
import { ecsConfigLines, encodeUserData } from "./user-data";

/** The public SSM parameter of the recommended ECS-optimized Amazon Linux 2023 AMI. */
export function ecsOptimizedAmiParameter(architecture: ResolvedSpotCapacityArgs["architecture"]): string {
  return `/aws/service/ecs/optimized-ami/amazon-linux-2023/${architecture === "arm64" ? "arm64/" : ""}recommended/image_id`;
}

/**
 * The launch template: ECS-optimized AL2023 (read from SSM at every `up`), IMDSv2 only, an
 * encrypted gp3 root volume, and the agent config in user data. Every value written into user data
 * is checked: the cluster name once known, the extra settings at plan time.
 */
export function buildLaunchTemplate(
  scope: pulumi.Resource,
  r: ResolvedSpotCapacityArgs,
  known: KnownSpotCapacityInputs,
  instances: { profile: aws.iam.InstanceProfile; securityGroup: aws.ec2.SecurityGroup },
): aws.ec2.LaunchTemplate {
  const imageId = aws.ssm.getParameterOutput(
    { name: ecsOptimizedAmiParameter(r.architecture) },
    { parent: scope },
  ).insecureValue;
  const userData = known.clusterName.apply((clusterName) =>
    encodeUserData(
      ecsConfigLines({
        clusterName,
        spotPossible: r.spotPossible,
        containerStopTimeoutSeconds: r.containerStopTimeoutSeconds,
        extra: r.extraEcsConfig,
      }),
    ),
  );
  return new aws.ec2.LaunchTemplate(
    r.names.launchTemplate,
    {
      description: `ECS container instances of ${r.name}`,
      imageId,
      iamInstanceProfile: { arn: instances.profile.arn },
      vpcSecurityGroupIds: [instances.securityGroup.id, ...known.securityGroupIds],
      metadataOptions: {
        httpEndpoint: "enabled",
        httpTokens: "required",
        httpPutResponseHopLimit: r.metadataHopLimit,
        instanceMetadataTags: "disabled",
      },
      blockDeviceMappings: [
        {
          deviceName: "/dev/xvda",
          ebs: {
            volumeSize: r.rootVolumeSizeGiB,
            volumeType: "gp3",
            encrypted: "true",
            deleteOnTermination: "true",
            ...(known.rootVolumeKmsKeyArn !== undefined ? { kmsKeyId: known.rootVolumeKmsKeyArn } : {}),
          },
        },
      ],
      userData,
      updateDefaultVersion: true,
      tagSpecifications: [
        { resourceType: "instance", tags: { ...r.tags, Name: r.name } },
        { resourceType: "volume", tags: r.tags },
      ],
      tags: r.tags,
    },
    { parent: scope },
  );
}
