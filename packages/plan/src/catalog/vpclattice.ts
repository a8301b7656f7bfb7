/** VPC Lattice: service networks, services, listeners, rules, target groups, policies, logs. */

import { entry, FREE, PRICED, rule, TIMING } from "./define";
import { iamPolicy } from "./documents";
import { arn, intIn, listLength, oneOf, str } from "./rules";

/** VPC Lattice API Reference: names of a-z, 0-9 and hyphens, no hyphen first, last or after another hyphen. */
const LATTICE_NAME = /^(?!.*--)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const name = (min: number, max: number) =>
  str({
    min,
    max,
    pattern: LATTICE_NAME,
    allowed: "a-z, 0-9 and hyphens, no hyphen first, last or after another hyphen",
  });
const SAME = "estimate; like the Lattice service network (23-47 s)";
const FIXED =
  'VPC Lattice API Reference, FixedResponseAction: statusCode ("Only 404 and 500 status codes are supported")';
const WEIGHT = "VPC Lattice API Reference, WeightedTargetGroup: weight (0-999)";
const HC =
  "VPC Lattice API Reference, HealthCheckConfig: healthCheckIntervalSeconds 5-300, healthCheckTimeoutSeconds 1-120, healthy/unhealthyThresholdCount 2-10";
const LATTICE_FREE = FREE("free; Lattice charges per service and per request, on the service");

export const vpclattice = [
  entry("aws:vpclattice/serviceNetwork:ServiceNetwork", {
    constraints: [
      rule("name", name(3, 63), "VPC Lattice API Reference, CreateServiceNetwork: name (3-63)"),
      rule(
        "authType",
        oneOf(["NONE", "AWS_IAM"]),
        "VPC Lattice API Reference, CreateServiceNetwork: authType",
      ),
    ],
    durations: {
      create: 35,
      source: "B2: Lattice service network acceptance tests 23-47 s (create+check+destroy)",
    },
    replaceOn: ["name"],
    cost: LATTICE_FREE,
  }),
  entry("aws:vpclattice/service:Service", {
    constraints: [
      rule("name", name(3, 40), "VPC Lattice API Reference, CreateService: name (3-40)"),
      rule("authType", oneOf(["NONE", "AWS_IAM"]), "VPC Lattice API Reference, CreateService: authType"),
      rule(
        "certificateArn",
        arn({ service: "acm", resourceType: "certificate" }),
        "VPC Lattice API Reference, CreateService: certificateArn",
      ),
    ],
    durations: { create: 35, source: "B2: same as the service network (no separate data; TF timeout 5 min)" },
    replaceOn: ["name"],
    cost: PRICED,
  }),
  entry("aws:vpclattice/listener:Listener", {
    constraints: [
      rule("name", name(3, 63), "VPC Lattice API Reference, CreateListener: name (3-63)"),
      rule("port", intIn(1, 65535), "VPC Lattice API Reference, CreateListener: port (1-65535)"),
      rule(
        "protocol",
        oneOf(["HTTP", "HTTPS", "TLS_PASSTHROUGH"]),
        "VPC Lattice API Reference, CreateListener: protocol",
      ),
      rule("defaultAction.fixedResponse.statusCode", oneOf([404, 500]), FIXED),
      rule("defaultAction.forwards[*].targetGroups[*].weight", intIn(0, 999), WEIGHT),
    ],
    durations: { create: 5, source: TIMING.NO_DATA },
    replaceOn: ["name", "port", "protocol", "serviceIdentifier", "serviceArn"],
    cost: LATTICE_FREE,
  }),
  entry("aws:vpclattice/listenerRule:ListenerRule", {
    constraints: [
      rule("name", name(3, 63), "VPC Lattice API Reference, CreateRule: name (3-63)"),
      rule("priority", intIn(1, 100), "VPC Lattice API Reference, CreateRule: priority (1-100)"),
      rule("action.fixedResponse.statusCode", oneOf([404, 500]), FIXED),
      rule("action.forward.targetGroups[*].weight", intIn(0, 999), WEIGHT),
      rule(
        "match.httpMatch.pathMatch.match.prefix",
        str({ min: 1, max: 200, pattern: /^\//, allowed: "a path starting with /" }),
        "VPC Lattice API Reference, PathMatchType: prefix (1-200)",
      ),
      rule(
        "match.httpMatch.pathMatch.match.exact",
        str({ min: 1, max: 200, pattern: /^\//, allowed: "a path starting with /" }),
        "VPC Lattice API Reference, PathMatchType: exact (1-200)",
      ),
      rule(
        "match.httpMatch.method",
        oneOf(["CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT", "TRACE", "PATCH"]),
        "VPC Lattice API Reference, HttpMatch: method",
      ),
      rule(
        "match.httpMatch.headerMatches",
        listLength(0, 5),
        "VPC Lattice API Reference, HttpMatch: headerMatches (at most 5)",
      ),
    ],
    durations: { create: 5, source: TIMING.NO_DATA },
    replaceOn: ["name", "listenerIdentifier", "serviceIdentifier"],
    cost: LATTICE_FREE,
  }),
  entry("aws:vpclattice/targetGroup:TargetGroup", {
    constraints: [
      rule("name", name(3, 128), "VPC Lattice API Reference, CreateTargetGroup: name (3-128)"),
      rule(
        "type",
        oneOf(["IP", "LAMBDA", "INSTANCE", "ALB"]),
        "VPC Lattice API Reference, CreateTargetGroup: type",
      ),
      rule("config.port", intIn(1, 65535), "VPC Lattice API Reference, TargetGroupConfig: port (1-65535)"),
      rule(
        "config.protocol",
        oneOf(["HTTP", "HTTPS", "TCP"]),
        "VPC Lattice API Reference, TargetGroupConfig: protocol",
      ),
      rule(
        "config.protocolVersion",
        oneOf(["HTTP1", "HTTP2", "GRPC"]),
        "VPC Lattice API Reference, TargetGroupConfig: protocolVersion",
      ),
      rule(
        "config.ipAddressType",
        oneOf(["IPV4", "IPV6"]),
        "VPC Lattice API Reference, TargetGroupConfig: ipAddressType",
      ),
      rule(
        "config.lambdaEventStructureVersion",
        oneOf(["V1", "V2"]),
        "VPC Lattice API Reference, TargetGroupConfig: lambdaEventStructureVersion",
      ),
      rule("config.healthCheck.healthCheckIntervalSeconds", intIn(5, 300), HC),
      rule("config.healthCheck.healthCheckTimeoutSeconds", intIn(1, 120), HC),
      rule("config.healthCheck.healthyThresholdCount", intIn(2, 10), HC),
      rule("config.healthCheck.unhealthyThresholdCount", intIn(2, 10), HC),
      rule("config.healthCheck.port", intIn(1, 65535), "VPC Lattice API Reference, HealthCheckConfig: port"),
      rule(
        "config.healthCheck.path",
        str({ min: 1, max: 2048, pattern: /^\//, allowed: "a path starting with /" }),
        "VPC Lattice API Reference, HealthCheckConfig: path (starts with /, up to 2048)",
      ),
    ],
    durations: { create: 5, source: TIMING.NO_DATA },
    replaceOn: ["name", "type", "config"],
    cost: LATTICE_FREE,
  }),
  entry("aws:vpclattice/authPolicy:AuthPolicy", {
    constraints: [
      rule(
        "policy",
        iamPolicy("resource"),
        'VPC Lattice User Guide, "Control traffic to VPC Lattice using auth policies" (IAM policy grammar, a Principal in every statement)',
      ),
    ],
    durations: { create: 2, source: TIMING.NO_DATA },
    replaceOn: ["resourceIdentifier"],
    cost: LATTICE_FREE,
  }),
  entry("aws:vpclattice/accessLogSubscription:AccessLogSubscription", {
    constraints: [
      rule(
        "destinationArn",
        arn({ service: ["logs", "s3", "firehose"] }),
        "VPC Lattice API Reference, CreateAccessLogSubscription: destinationArn (a log group, bucket or Firehose stream ARN)",
      ),
      rule(
        "serviceNetworkLogType",
        oneOf(["SERVICE", "RESOURCE"]),
        "VPC Lattice API Reference, CreateAccessLogSubscription: serviceNetworkLogType",
      ),
    ],
    durations: { create: 2, source: TIMING.NO_DATA },
    replaceOn: ["resourceIdentifier", "destinationArn"],
    cost: LATTICE_FREE,
  }),
  entry("aws:vpclattice/serviceNetworkVpcAssociation:ServiceNetworkVpcAssociation", {
    constraints: [
      rule(
        "securityGroupIds",
        listLength(0, 5),
        "VPC Lattice API Reference, CreateServiceNetworkVpcAssociation: securityGroupIds (at most 5)",
      ),
    ],
    durations: { create: 35, source: SAME },
    replaceOn: ["serviceNetworkIdentifier", "vpcIdentifier"],
    cost: LATTICE_FREE,
  }),
  entry("aws:vpclattice/serviceNetworkServiceAssociation:ServiceNetworkServiceAssociation", {
    durations: { create: 35, source: SAME },
    replaceOn: ["serviceNetworkIdentifier", "serviceIdentifier"],
    cost: LATTICE_FREE,
  }),
  entry("aws:vpclattice/targetGroupAttachment:TargetGroupAttachment", {
    mock: "generic",
    constraints: [rule("target.port", intIn(1, 65535), "VPC Lattice API Reference, Target: port (1-65535)")],
    durations: { create: 5, source: TIMING.NO_DATA },
    replaceOn: ["*"],
    cost: LATTICE_FREE,
  }),
];
