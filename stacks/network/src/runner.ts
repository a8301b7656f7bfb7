import { allow, policyDocument, serviceTrustPolicy } from "@berth/core";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** The environment's in-VPC GitHub Actions runner, as the network config describes it. */
export interface RunnerConfig {
  /** The GitHub repository whose workflow jobs the runner takes, `owner/name`. */
  repository: string;
  /**
   * CodeBuild compute type of each job's build.
   * @default "BUILD_GENERAL1_MEDIUM"
   */
  computeType: string;
  /**
   * CodeBuild image of each job's build (it needs git, bash and Node for the actions).
   * @default "aws/codebuild/amazonlinux-x86_64-standard:5.0"
   */
  image: string;
}

/** What the runner exports. */
export interface RunnerOutputs {
  /** The CodeBuild project name; workflows run on `codebuild-<name>-${{ github.run_id }}-${{ github.run_attempt }}`. */
  projectName: pulumi.Output<string>;
  /** The runner's security group (allowed to reach the EKS API by the platform layer). */
  securityGroupId: pulumi.Output<string>;
}

function subnetAt(ids: string[], i: number): string {
  const id = ids[i];
  if (id === undefined)
    throw new Error(`runner: the VPC has ${ids.length} private subnets, expected one per zone (${i + 1}+)`);
  return id;
}

/** The CodeBuild project name of an environment's runner: the label prefix the workflows use. */
export function runnerProjectName(env: string): string {
  return `berth-runner-${env}`;
}

/**
 * A CodeBuild-hosted GitHub Actions runner in the environment's private subnets (AWS CodeBuild
 * user guide, "Tutorial: Configure a CodeBuild-hosted GitHub Actions runner"): a webhook on the
 * `WORKFLOW_JOB_QUEUED` event starts one build per queued job whose `runs-on` label is
 * `codebuild-<project>-<run id>-<attempt>`. The jobs that deploy the platform layer run here,
 * because the EKS API endpoint is private. GitHub access comes from the account's CodeBuild
 * source credential (a CodeConnections connection, created by stacks/account); the jobs get
 * their AWS permissions through OIDC like any other job, so the project's role can only write its
 * logs and attach its network interfaces.
 */
export function inVpcRunner(
  env: string,
  cfg: RunnerConfig,
  vpc: {
    vpcId: pulumi.Input<string>;
    cidr: string;
    privateSubnetIds: pulumi.Output<string[]>;
    zones: number;
  },
  tags: Record<string, string>,
): RunnerOutputs {
  const name = runnerProjectName(env);
  const region = aws.getRegionOutput().region;
  const account = aws.getCallerIdentityOutput().accountId;
  const partition = aws.getPartitionOutput().partition;

  const sg = new aws.ec2.SecurityGroup("runner", {
    vpcId: vpc.vpcId,
    description: "GitHub Actions runner builds: outbound only",
    egress: [
      {
        protocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrBlocks: ["0.0.0.0/0"],
        description: "HTTPS to GitHub, AWS and package registries",
      },
      { protocol: "udp", fromPort: 53, toPort: 53, cidrBlocks: [vpc.cidr], description: "DNS in the VPC" },
    ],
    tags: { ...tags, Name: name },
  });
  const logs = new aws.cloudwatch.LogGroup("runner", {
    name: `/berth/${env}/runner`,
    retentionInDays: 30,
    tags,
  });
  const role = new aws.iam.Role("runner", {
    assumeRolePolicy: serviceTrustPolicy(
      ["codebuild.amazonaws.com"],
      [{ test: "StringEquals", variable: "aws:SourceAccount", values: [account] }],
    ),
    tags,
  });
  // One private subnet per zone (the network layer's awsx VPC).
  const subnetArns = Array.from(
    { length: vpc.zones },
    (_, i) =>
      pulumi.interpolate`arn:${partition}:ec2:${region}:${account}:subnet/${vpc.privateSubnetIds.apply((ids) => subnetAt(ids, i))}`,
  );
  // The VPC permissions CodeBuild documents for a project in a VPC (CodeBuild user guide, "Allow
  // CodeBuild access to AWS services required to create a VPC network interface").
  const policy = new aws.iam.RolePolicy("runner", {
    role: role.name,
    policy: policyDocument([
      allow(["logs:CreateLogStream", "logs:PutLogEvents"], [pulumi.interpolate`${logs.arn}:*`]),
      allow(
        [
          "ec2:CreateNetworkInterface",
          "ec2:DescribeDhcpOptions",
          "ec2:DescribeNetworkInterfaces",
          "ec2:DeleteNetworkInterface",
          "ec2:DescribeSubnets",
          "ec2:DescribeSecurityGroups",
          "ec2:DescribeVpcs",
        ],
        ["*"],
      ),
      allow(
        ["ec2:CreateNetworkInterfacePermission"],
        [pulumi.interpolate`arn:${partition}:ec2:${region}:${account}:network-interface/*`],
        [
          { test: "ArnEquals", variable: "ec2:Subnet", values: subnetArns },
          { test: "StringEquals", variable: "ec2:AuthorizedService", values: ["codebuild.amazonaws.com"] },
        ],
      ),
    ]),
  });
  const project = new aws.codebuild.Project(
    "runner",
    {
      name,
      description: `GitHub Actions runner in the ${env} VPC for ${cfg.repository}`,
      serviceRole: role.arn,
      source: { type: "GITHUB", location: `https://github.com/${cfg.repository}.git` },
      artifacts: { type: "NO_ARTIFACTS" },
      environment: {
        type: "LINUX_CONTAINER",
        computeType: cfg.computeType,
        image: cfg.image,
        imagePullCredentialsType: "CODEBUILD",
      },
      // The longest deploy job (deploy-env.yml, 90 minutes) plus margin; CodeBuild allows 5 to 2160.
      buildTimeout: 120,
      vpcConfig: { vpcId: vpc.vpcId, subnets: vpc.privateSubnetIds, securityGroupIds: [sg.id] },
      logsConfig: { cloudwatchLogs: { groupName: logs.name, status: "ENABLED" } },
      tags,
    },
    // CodeBuild checks the role's VPC permissions when the project is created.
    { dependsOn: [policy] },
  );
  new aws.codebuild.Webhook("runner", {
    projectName: project.name,
    buildType: "BUILD",
    filterGroups: [{ filters: [{ type: "EVENT", pattern: "WORKFLOW_JOB_QUEUED" }] }],
  });
  return { projectName: project.name, securityGroupId: sg.id };
}
