/** EC2 and VPC: networks, security groups and their rules, launch templates, endpoints, flow logs. */
import { EC2_DESCRIPTION_PATTERN } from "@berth/core";
import { entry, FREE, PRICED, rule, TIMING } from "./define";
import { all, arn, cidr, intIn, oneOf, str } from "./rules";

/** EC2 descriptions and group names: `@berth/core` EC2_DESCRIPTION_PATTERN (sources there). */
const EC2_TEXT_ALLOWED = "a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{}!$*";
const SG_DESCRIPTION =
  "EC2 API Reference, CreateSecurityGroup: GroupDescription (255 characters; a-z, A-Z, 0-9, spaces, ._-:/()#,@[]+=&;{}!$*)";
const RULE_DESCRIPTION =
  "EC2 API Reference, IpRange / Ipv6Range / SecurityGroupRuleRequest: Description (255 characters; a-z, A-Z, 0-9, spaces, ._-:/()#,@[]+=&;{}!$*)";
const ec2Text = (min: number) =>
  str({ min, max: 255, pattern: EC2_DESCRIPTION_PATTERN, allowed: EC2_TEXT_ALLOWED });
const PORT =
  "EC2 API Reference, IpPermission: FromPort/ToPort (a port 0-65535, an ICMP type/code, or -1 for all)";
const CIDR_NET =
  "terraform-provider-aws internal/verify/validate.go: ValidIPv4CIDRNetworkAddress / ValidIPv6CIDRNetworkAddress (run by Check at preview)";
const VPC_CIDR = 'Amazon VPC User Guide, "VPC CIDR blocks": an IPv4 block between /16 and /28';

const sgRule = (prefix: string) => [
  rule(`${prefix}[*].description`, ec2Text(0), RULE_DESCRIPTION),
  rule(`${prefix}[*].cidrBlocks[*]`, cidr({ family: "ipv4" }), CIDR_NET),
  rule(`${prefix}[*].ipv6CidrBlocks[*]`, cidr({ family: "ipv6" }), CIDR_NET),
  rule(`${prefix}[*].fromPort`, intIn(-1, 65535), PORT),
  rule(`${prefix}[*].toPort`, intIn(-1, 65535), PORT),
];

const vpcRule = [
  rule("description", ec2Text(0), RULE_DESCRIPTION),
  rule("cidrIpv4", cidr({ family: "ipv4" }), CIDR_NET),
  rule("cidrIpv6", cidr({ family: "ipv6" }), CIDR_NET),
  rule("fromPort", intIn(-1, 65535), PORT),
  rule("toPort", intIn(-1, 65535), PORT),
  rule(
    "ipProtocol",
    str({
      min: 1,
      max: 16,
      pattern: /^(-1|tcp|udp|icmp|icmpv6|all|\d{1,3})$/i,
      allowed: "tcp, udp, icmp, icmpv6, -1 or a protocol number",
    }),
    "EC2 API Reference, IpPermission: IpProtocol (tcp, udp, icmp, icmpv6, a protocol number, or -1)",
  ),
];

export const ec2 = [
  entry("aws:ec2/vpc:Vpc", {
    constraints: [rule("cidrBlock", cidr({ family: "ipv4", minPrefix: 16, maxPrefix: 28 }), VPC_CIDR)],
    durations: { create: 5, source: TIMING.NET },
    replaceOn: ["cidrBlock", "instanceTenancy"],
    cost: FREE("a VPC costs nothing by itself"),
  }),
  entry("aws:ec2/subnet:Subnet", {
    constraints: [
      rule(
        "cidrBlock",
        cidr({ family: "ipv4", minPrefix: 16, maxPrefix: 28 }),
        'Amazon VPC User Guide, "Subnet CIDR blocks": between /16 and /28',
      ),
      rule(
        "ipv6CidrBlock",
        cidr({ family: "ipv6", minPrefix: 44, maxPrefix: 64 }),
        'Amazon VPC User Guide, "Subnet CIDR blocks": IPv6 subnets /44 to /64',
      ),
    ],
    durations: { create: 5, source: TIMING.NET },
    replaceOn: ["vpcId", "cidrBlock", "availabilityZone"],
    cost: FREE("a subnet costs nothing by itself"),
  }),
  entry("aws:ec2/securityGroup:SecurityGroup", {
    constraints: [
      rule("description", ec2Text(0), SG_DESCRIPTION),
      rule(
        "name",
        all(ec2Text(1), str({ pattern: /^(?!sg-)/, allowed: "a name that does not start with sg-" })),
        "EC2 API Reference, CreateSecurityGroup: GroupName (255 characters, the description's character set, cannot start with sg-)",
      ),
      rule("namePrefix", ec2Text(0), "EC2 API Reference, CreateSecurityGroup: GroupName"),
      ...sgRule("ingress"),
      ...sgRule("egress"),
    ],
    durations: { create: 2, source: TIMING.NET },
    replaceOn: ["name", "vpcId", "description"],
    cost: FREE("security groups are free"),
  }),
  entry("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", {
    constraints: vpcRule,
    durations: { create: 2, source: TIMING.NET },
    replaceOn: ["securityGroupId"],
    cost: FREE("security group rules are free"),
  }),
  entry("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", {
    constraints: vpcRule,
    durations: { create: 2, source: TIMING.NET },
    replaceOn: ["securityGroupId"],
    cost: FREE("security group rules are free"),
  }),
  entry("aws:ec2/launchTemplate:LaunchTemplate", {
    constraints: [
      rule(
        "name",
        str({
          min: 3,
          max: 128,
          pattern: /^[a-zA-Z0-9().\-/_]+$/,
          allowed: "letters, digits and ( ) . - / _",
        }),
        "EC2 API Reference, CreateLaunchTemplate: LaunchTemplateName (3-128, [a-zA-Z0-9\\(\\)\\.\\-/_]+)",
      ),
      rule(
        "description",
        str({ max: 255 }),
        "EC2 API Reference, CreateLaunchTemplate: VersionDescription (up to 255 characters)",
      ),
      rule(
        "metadataOptions.httpPutResponseHopLimit",
        intIn(1, 64),
        "EC2 API Reference, LaunchTemplateInstanceMetadataOptionsRequest: HttpPutResponseHopLimit 1-64",
      ),
      rule(
        "metadataOptions.httpTokens",
        oneOf(["optional", "required"]),
        "EC2 API Reference, LaunchTemplateInstanceMetadataOptionsRequest: HttpTokens",
      ),
      rule(
        "metadataOptions.httpEndpoint",
        oneOf(["enabled", "disabled"]),
        "EC2 API Reference, LaunchTemplateInstanceMetadataOptionsRequest: HttpEndpoint",
      ),
    ],
    durations: { create: 2, source: TIMING.NO_DATA },
    replaceOn: ["name"],
    cost: FREE("launch templates are free; their instances are priced on the Auto Scaling group"),
  }),
  entry("aws:ec2/vpcEndpoint:VpcEndpoint", {
    constraints: [
      rule(
        "vpcEndpointType",
        oneOf(["Interface", "Gateway", "GatewayLoadBalancer", "Resource", "ServiceNetwork"]),
        "EC2 API Reference, CreateVpcEndpoint: VpcEndpointType",
      ),
    ],
    durations: {
      create: 90,
      source:
        "no sample in the research; interface endpoints take a minute or more to become available (estimate)",
    },
    replaceOn: ["vpcId", "serviceName", "vpcEndpointType"],
    cost: PRICED,
  }),
  entry("aws:ec2/flowLog:FlowLog", {
    constraints: [
      rule(
        "trafficType",
        oneOf(["ACCEPT", "REJECT", "ALL"]),
        "EC2 API Reference, CreateFlowLogs: TrafficType",
      ),
      rule(
        "maxAggregationInterval",
        oneOf([60, 600]),
        "EC2 API Reference, CreateFlowLogs: MaxAggregationInterval (60 or 600)",
      ),
      rule(
        "logDestinationType",
        oneOf(["cloud-watch-logs", "s3", "kinesis-data-firehose"]),
        "EC2 API Reference, CreateFlowLogs: LogDestinationType",
      ),
      rule(
        "iamRoleArn",
        arn({ service: "iam", resourceType: "role" }),
        "EC2 API Reference, CreateFlowLogs: DeliverLogsPermissionArn (an IAM role ARN)",
      ),
      rule(
        "logDestination",
        arn({ service: ["logs", "s3", "firehose"] }),
        "EC2 API Reference, CreateFlowLogs: LogDestination (a log group, bucket or Firehose stream ARN)",
      ),
    ],
    durations: { create: 5, source: TIMING.NO_DATA },
    replaceOn: ["*"],
    cost: FREE("flow log delivery is priced as CloudWatch Logs ingestion on the log group"),
  }),
  entry("aws:ec2/natGateway:NatGateway", {
    constraints: [
      rule(
        "connectivityType",
        oneOf(["public", "private"]),
        "EC2 API Reference, CreateNatGateway: ConnectivityType",
      ),
    ],
    durations: { create: 105, source: "B2: NAT gateway 1m25s-2m05s, median ~1m45s (7 logs)" },
    replaceOn: ["subnetId", "allocationId", "connectivityType"],
    cost: PRICED,
  }),
  entry("aws:ec2/eip:Eip", {
    constraints: [rule("domain", oneOf(["vpc", "standard"]), "EC2 API Reference, AllocateAddress: Domain")],
    durations: { create: 2, source: TIMING.NO_DATA },
    cost: PRICED,
  }),
  entry("aws:ec2/internetGateway:InternetGateway", {
    durations: { create: 2, source: TIMING.NO_DATA },
    cost: FREE("internet gateways are free"),
  }),
  entry("aws:ec2/routeTable:RouteTable", {
    constraints: [rule("routes[*].cidrBlock", cidr({ family: "ipv4" }), CIDR_NET)],
    durations: { create: 2, source: TIMING.NO_DATA },
    cost: FREE("route tables are free"),
  }),
];
