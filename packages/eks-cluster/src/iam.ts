/**
 * IAM roles of the cluster and its nodes, and the permissions of the controllers Berth installs
 * (the Load Balancer Controller's are in lbc-policy.ts).
 */
import { allow, type PolicyStatement, policyDocument, serviceTrustPolicy, type Tags } from "@berth/core";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** The AWS managed policies of the cluster role (Auto Mode adds the four it needs). */
export function clusterPolicies(autoMode: boolean): string[] {
  return autoMode
    ? [
        "AmazonEKSClusterPolicy",
        "AmazonEKSComputePolicy",
        "AmazonEKSBlockStoragePolicy",
        "AmazonEKSLoadBalancingPolicy",
        "AmazonEKSNetworkingPolicy",
      ]
    : ["AmazonEKSClusterPolicy"];
}

/** ARN of an AWS managed IAM policy in the partition. */
export function managedPolicyArn(partition: pulumi.Input<string>, policy: string): pulumi.Output<string> {
  return pulumi.interpolate`arn:${partition}:iam::aws:policy/${policy}`;
}

/** The cluster role, its managed policies and an inline policy to use exactly the secrets key. */
export function buildClusterRole(
  scope: pulumi.Resource,
  c: {
    roleName: string;
    clusterName: string;
    autoMode: boolean;
    partition: pulumi.Input<string>;
    kmsKeyArn: pulumi.Input<string>;
    tags: Tags;
  },
): { role: aws.iam.Role; dependencies: pulumi.Resource[] } {
  const role = new aws.iam.Role(
    c.roleName,
    {
      description: `EKS cluster role of ${c.clusterName}`,
      assumeRolePolicy: serviceTrustPolicy(["eks.amazonaws.com"], undefined, [
        "sts:AssumeRole",
        "sts:TagSession",
      ]),
      tags: c.tags,
    },
    { parent: scope },
  );
  const attachments = clusterPolicies(c.autoMode).map(
    (p) =>
      new aws.iam.RolePolicyAttachment(
        `${c.roleName}-${p}`,
        { role: role.name, policyArn: managedPolicyArn(c.partition, p) },
        { parent: scope },
      ),
  );
  const kmsPolicy = new aws.iam.RolePolicy(
    `${c.roleName}-kms`,
    {
      role: role.name,
      policy: policyDocument([
        allow(
          ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey", "kms:CreateGrant"],
          [c.kmsKeyArn],
        ),
      ]),
    },
    { parent: scope },
  );
  return { role, dependencies: [kmsPolicy, ...attachments] };
}

/** A node role (EC2 trust) with the worker node, ECR pull-only and CNI policies. */
export function buildNodeRole(
  scope: pulumi.Resource,
  roleName: string,
  c: { clusterName: string; partition: pulumi.Input<string>; tags: Tags },
): { role: aws.iam.Role; attachments: aws.iam.RolePolicyAttachment[] } {
  const role = new aws.iam.Role(
    roleName,
    {
      description: `EKS node role of ${c.clusterName}`,
      assumeRolePolicy: serviceTrustPolicy(["ec2.amazonaws.com"]),
      tags: c.tags,
    },
    { parent: scope },
  );
  const attachments = [
    "AmazonEKSWorkerNodePolicy",
    "AmazonEC2ContainerRegistryPullOnly",
    "AmazonEKS_CNI_Policy",
  ].map(
    (p) =>
      new aws.iam.RolePolicyAttachment(
        `${roleName}-${p}`,
        { role: role.name, policyArn: managedPolicyArn(c.partition, p) },
        { parent: scope },
      ),
  );
  return { role, attachments };
}

/** What Trident calls to manage FSx for ONTAP volumes, and the one secret it may read. */
export function fsxOntapStatements(secretArns: pulumi.Input<string>[]): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    allow(
      [
        "fsx:DescribeFileSystems",
        "fsx:DescribeVolumes",
        "fsx:DescribeStorageVirtualMachines",
        "fsx:CreateVolume",
        "fsx:UpdateVolume",
        "fsx:DeleteVolume",
        "fsx:RestoreVolumeFromSnapshot",
        "fsx:TagResource",
        "fsx:UntagResource",
      ],
      ["*"],
    ),
  ];
  if (secretArns.length > 0) statements.push(allow(["secretsmanager:GetSecretValue"], secretArns));
  return statements;
}

/** What the FSx for Lustre CSI controller calls: create, resize and delete file systems. */
export function fsxLustreStatements(partition: pulumi.Input<string>): PolicyStatement[] {
  return [
    allow(
      ["iam:CreateServiceLinkedRole", "iam:AttachRolePolicy", "iam:PutRolePolicy"],
      [
        pulumi.interpolate`arn:${partition}:iam::*:role/aws-service-role/s3.data-source.lustre.fsx.amazonaws.com/*`,
      ],
    ),
    allow(
      ["iam:CreateServiceLinkedRole"],
      ["*"],
      [{ test: "StringLike", variable: "iam:AWSServiceName", values: ["fsx.amazonaws.com"] }],
    ),
    allow(
      [
        "s3:ListBucket",
        "fsx:CreateFileSystem",
        "fsx:DeleteFileSystem",
        "fsx:DescribeFileSystems",
        "fsx:TagResource",
        "fsx:UpdateFileSystem",
      ],
      ["*"],
    ),
  ];
}
