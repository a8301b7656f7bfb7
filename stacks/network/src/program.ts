import { allow, mergePlainTags, policyDocument, serviceTrustPolicy } from "@berth/core";
import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { loadNetworkConfig } from "./config";
import { inVpcRunner } from "./runner";

/** Tag of the public subnets where load balancers for internet-facing Services and Ingresses go. */
export const PUBLIC_ELB_TAG = "kubernetes.io/role/elb";
/** Tag of the private subnets where internal load balancers go. */
export const INTERNAL_ELB_TAG = "kubernetes.io/role/internal-elb";

/** What the network layer exports; the platform and workloads layers read it by StackReference. */
export interface NetworkOutputs {
  vpcId: pulumi.Output<string>;
  vpcCidr: string;
  privateSubnetIds: pulumi.Output<string[]>;
  publicSubnetIds: pulumi.Output<string[]>;
  endpointSecurityGroupId?: pulumi.Output<string>;
  /** The in-VPC GitHub Actions runner's CodeBuild project, when the config asks for one. */
  runnerProjectName?: pulumi.Output<string>;
  /** Its security group, for the platform layer to admit to the EKS API. */
  runnerSecurityGroupId?: pulumi.Output<string>;
}

/**
 * The network layer: the environment's VPC (awsx, three zones, NAT per config), VPC endpoints for
 * ECR, S3 and CloudWatch Logs when the config asks (image pulls then skip the NAT gateway), and
 * VPC flow logs to CloudWatch Logs.
 */
export function program(): NetworkOutputs {
  const cfg = loadNetworkConfig();
  const stack = pulumi.getStack();
  const tags = mergePlainTags({ "berth:layer": "network", "berth:environment": stack }, cfg.tags);
  const stateful = { protect: cfg.protect };

  const vpc = new awsx.ec2.Vpc(
    "vpc",
    {
      cidrBlock: cfg.cidr,
      numberOfAvailabilityZones: cfg.azCount,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      natGateways: { strategy: cfg.natStrategy },
      subnetStrategy: "Auto",
      // Load balancer subnet discovery (EKS Load Balancer Controller, EKS Auto Mode): public
      // subnets carry `kubernetes.io/role/elb`, private ones `kubernetes.io/role/internal-elb`,
      // value "1" (kubernetes-sigs/aws-load-balancer-controller docs/deploy/subnet_discovery.md,
      // v3.5.0). awsx v3 puts a subnet spec's `tags` on each of its subnets, over the VPC's tags.
      subnetSpecs: [
        { type: "Private", name: "private", tags: { ...tags, [INTERNAL_ELB_TAG]: "1" } },
        { type: "Public", name: "public", tags: { ...tags, [PUBLIC_ELB_TAG]: "1" } },
      ],
      tags: { ...tags, Name: `berth-${stack}` },
    },
    stateful,
  );

  // Flow logs: every accepted/rejected flow to CloudWatch Logs, through a role only the
  // flow-logs service of this account can assume, allowed to write to this one log group.
  const region = aws.getRegionOutput().region;
  const account = aws.getCallerIdentityOutput().accountId;
  const partition = aws.getPartitionOutput().partition;
  const flowLogGroup = new aws.cloudwatch.LogGroup(
    "flow-logs",
    { name: `/berth/${stack}/vpc-flow-logs`, retentionInDays: cfg.flowLogRetentionDays, tags },
    stateful,
  );
  const flowLogRole = new aws.iam.Role("flow-logs", {
    assumeRolePolicy: serviceTrustPolicy(
      ["vpc-flow-logs.amazonaws.com"],
      [{ test: "StringEquals", variable: "aws:SourceAccount", values: [account] }],
    ),
    tags,
  });
  new aws.iam.RolePolicy("flow-logs", {
    role: flowLogRole.name,
    policy: policyDocument([
      allow(
        ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
        [pulumi.interpolate`${flowLogGroup.arn}:*`],
      ),
      allow(
        ["logs:DescribeLogGroups"],
        [pulumi.interpolate`arn:${partition}:logs:${region}:${account}:log-group:*`],
      ),
    ]),
  });
  new aws.ec2.FlowLog("vpc", {
    vpcId: vpc.vpcId,
    trafficType: cfg.flowLogTrafficType,
    logDestinationType: "cloud-watch-logs",
    logDestination: flowLogGroup.arn,
    iamRoleArn: flowLogRole.arn,
    maxAggregationInterval: 60,
    tags,
  });

  // VPC endpoints: interface endpoints in the private subnets behind one security group that
  // accepts HTTPS from inside the VPC only; S3 as a (free) gateway endpoint on the route tables.
  let endpointSecurityGroupId: pulumi.Output<string> | undefined;
  const wants = new Set(cfg.vpcEndpoints);
  const interfaces = [
    ...(wants.has("ecr") ? [["ecr-api", "ecr.api"] as const, ["ecr-dkr", "ecr.dkr"] as const] : []),
    ...(wants.has("logs") ? [["logs", "logs"] as const] : []),
  ];
  if (interfaces.length > 0) {
    const sg = new aws.ec2.SecurityGroup("endpoints", {
      vpcId: vpc.vpcId,
      description: "HTTPS from inside the VPC to the interface VPC endpoints",
      ingress: [
        {
          protocol: "tcp",
          fromPort: 443,
          toPort: 443,
          cidrBlocks: [cfg.cidr],
          description: "HTTPS from the VPC",
        },
      ],
      tags,
    });
    endpointSecurityGroupId = sg.id;
    for (const [name, service] of interfaces) {
      new aws.ec2.VpcEndpoint(name, {
        vpcId: vpc.vpcId,
        serviceName: pulumi.interpolate`com.amazonaws.${region}.${service}`,
        vpcEndpointType: "Interface",
        privateDnsEnabled: true,
        subnetIds: vpc.privateSubnetIds,
        securityGroupIds: [sg.id],
        tags: { ...tags, Name: `berth-${stack}-${name}` },
      });
    }
  }
  if (wants.has("s3")) {
    new aws.ec2.VpcEndpoint("s3", {
      vpcId: vpc.vpcId,
      serviceName: pulumi.interpolate`com.amazonaws.${region}.s3`,
      vpcEndpointType: "Gateway",
      routeTableIds: aws.ec2.getRouteTablesOutput({ vpcId: vpc.vpcId }).ids,
      tags: { ...tags, Name: `berth-${stack}-s3` },
    });
  }

  const outputs: NetworkOutputs = {
    vpcId: vpc.vpcId,
    vpcCidr: cfg.cidr,
    privateSubnetIds: vpc.privateSubnetIds,
    publicSubnetIds: vpc.publicSubnetIds,
  };
  if (endpointSecurityGroupId) outputs.endpointSecurityGroupId = endpointSecurityGroupId;
  if (cfg.runner) {
    const runner = inVpcRunner(
      stack,
      cfg.runner,
      { vpcId: vpc.vpcId, cidr: cfg.cidr, privateSubnetIds: vpc.privateSubnetIds, zones: cfg.azCount },
      tags,
    );
    outputs.runnerProjectName = runner.projectName;
    outputs.runnerSecurityGroupId = runner.securityGroupId;
  }
  return outputs;
}
