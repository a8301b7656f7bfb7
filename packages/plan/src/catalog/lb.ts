/** Elastic Load Balancing v2: load balancers, target groups, listeners, listener rules. */
import { entry, FREE, PRICED, rule, TIMING } from "./define";
import { all, arn, intIn, oneOf, str } from "./rules";

/**
 * ELBv2 API Reference, CreateLoadBalancer / CreateTargetGroup: Name, at most 32 characters,
 * alphanumeric or hyphens, not beginning or ending with a hyphen (load balancers also not
 * beginning with "internal-").
 */
const LB_NAME = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/;
const lbName = str({
  min: 1,
  max: 32,
  pattern: LB_NAME,
  allowed: "letters, digits and hyphens, not beginning or ending with a hyphen",
});
const PROTOCOLS = ["HTTP", "HTTPS", "TCP", "TLS", "UDP", "TCP_UDP", "GENEVE", "QUIC", "TCP_QUIC"];
const HC =
  "ELBv2 API Reference, CreateTargetGroup: HealthCheckIntervalSeconds 5-300, HealthCheckTimeoutSeconds 2-120, Healthy/UnhealthyThresholdCount 2-10";
const lbEntry = (type: string) =>
  entry(type, {
    constraints: [
      rule(
        "name",
        all(
          lbName,
          str({ pattern: /^(?!internal-)/, allowed: 'a name that does not begin with "internal-"' }),
        ),
        "ELBv2 API Reference, CreateLoadBalancer: Name (32 characters, alphanumeric or hyphens, no leading/trailing hyphen, not internal-)",
      ),
      rule(
        "namePrefix",
        str({ max: 6 }),
        "terraform-provider-aws internal/service/elbv2/load_balancer.go: name_prefix at most 6 characters",
      ),
      rule(
        "loadBalancerType",
        oneOf(["application", "network", "gateway"]),
        "ELBv2 API Reference, CreateLoadBalancer: Type",
      ),
      rule(
        "ipAddressType",
        oneOf(["ipv4", "dualstack", "dualstack-without-public-ipv4"]),
        "ELBv2 API Reference, CreateLoadBalancer: IpAddressType",
      ),
      rule(
        "idleTimeout",
        intIn(1, 4000),
        "ELBv2 API Reference, LoadBalancerAttribute idle_timeout.timeout_seconds (1-4000)",
      ),
      rule(
        "desyncMitigationMode",
        oneOf(["monitor", "defensive", "strictest"]),
        "ELBv2 API Reference, LoadBalancerAttribute routing.http.desync_mitigation_mode",
      ),
      rule(
        "securityGroups",
        (v, path, out) => {
          if (Array.isArray(v) && v.length > 5)
            out.push({ path, value: `${v.length} groups`, rule: "at most 5 security groups" });
        },
        "ELBv2 API Reference, CreateLoadBalancer: SecurityGroups (Elastic Load Balancing quotas: 5 security groups per load balancer)",
      ),
    ],
    durations: {
      create: 144,
      update: 10,
      source: "B2: ALB 2m19s-2m52s (us-east-1), 4m06s (eu-west-1); p50 ~2.4 min",
    },
    replaceOn: ["name", "internal", "loadBalancerType"],
    cost: PRICED,
  });
const tgEntry = (type: string) =>
  entry(type, {
    constraints: [
      rule(
        "name",
        lbName,
        "ELBv2 API Reference, CreateTargetGroup: Name (32 characters, alphanumeric or hyphens, no leading/trailing hyphen)",
      ),
      rule(
        "namePrefix",
        str({ max: 6 }),
        "terraform-provider-aws internal/service/elbv2/target_group.go: name_prefix at most 6 characters",
      ),
      rule("port", intIn(1, 65535), "ELBv2 API Reference, CreateTargetGroup: Port (1-65535)"),
      rule("protocol", oneOf(PROTOCOLS), "ELBv2 API Reference, CreateTargetGroup: Protocol"),
      rule(
        "targetType",
        oneOf(["instance", "ip", "lambda", "alb"]),
        "ELBv2 API Reference, CreateTargetGroup: TargetType",
      ),
      rule("healthCheck.interval", intIn(5, 300), HC),
      rule("healthCheck.timeout", intIn(2, 120), HC),
      rule("healthCheck.healthyThreshold", intIn(2, 10), HC),
      rule("healthCheck.unhealthyThreshold", intIn(2, 10), HC),
      rule(
        "healthCheck.path",
        str({ min: 1, max: 1024, pattern: /^\//, allowed: "a path beginning with /" }),
        "ELBv2 API Reference, CreateTargetGroup: HealthCheckPath (1-1024, begins with /)",
      ),
      rule(
        "deregistrationDelay",
        intIn(0, 3600),
        "ELBv2 API Reference, TargetGroupAttribute deregistration_delay.timeout_seconds (0-3600)",
      ),
      rule(
        "slowStart",
        (v, path, out) => {
          const n = Number(v);
          if (!(Number.isInteger(n) && (n === 0 || (n >= 30 && n <= 900))))
            out.push({ path, value: v, rule: "0 (off) or 30-900 seconds" });
        },
        "ELBv2 API Reference, TargetGroupAttribute slow_start.duration_seconds (30-900, 0 disables)",
      ),
    ],
    durations: { create: 2, source: TIMING.NO_DATA },
    replaceOn: ["name", "port", "protocol", "vpcId", "targetType"],
    cost: FREE("target groups are free"),
  });
const listenerEntry = (type: string) =>
  entry(type, {
    constraints: [
      rule("port", intIn(1, 65535), "ELBv2 API Reference, CreateListener: Port (1-65535)"),
      rule("protocol", oneOf(PROTOCOLS), "ELBv2 API Reference, CreateListener: Protocol"),
      rule(
        "loadBalancerArn",
        arn({ service: "elasticloadbalancing", resourceType: "loadbalancer" }),
        "ELBv2 API Reference, CreateListener: LoadBalancerArn",
      ),
      rule(
        "certificateArn",
        arn({ service: ["acm", "iam"], resourceType: ["certificate", "server-certificate"] }),
        "ELBv2 API Reference, Certificate: CertificateArn (an ACM or IAM server certificate ARN)",
      ),
      rule(
        "defaultActions[*].type",
        oneOf([
          "forward",
          "redirect",
          "fixed-response",
          "authenticate-cognito",
          "authenticate-oidc",
          "jwt-validation",
        ]),
        "ELBv2 API Reference, Action: Type",
      ),
      rule(
        "defaultActions[*].redirect.statusCode",
        oneOf(["HTTP_301", "HTTP_302"]),
        "ELBv2 API Reference, RedirectActionConfig: StatusCode",
      ),
      rule(
        "defaultActions[*].fixedResponse.statusCode",
        str({ pattern: /^(2|4|5)\d\d$/, allowed: "a 2XX, 4XX or 5XX code" }),
        "ELBv2 API Reference, FixedResponseActionConfig: StatusCode (^(2|4|5)\\d\\d$)",
      ),
      rule(
        "defaultActions[*].targetGroupArn",
        arn({ service: "elasticloadbalancing", resourceType: "targetgroup" }),
        "ELBv2 API Reference, Action: TargetGroupArn",
      ),
    ],
    durations: { create: 2, source: TIMING.NO_DATA },
    replaceOn: ["loadBalancerArn"],
    cost: FREE("listeners are free; the load balancer is priced"),
  });
const ruleEntry = (type: string) =>
  entry(type, {
    constraints: [
      rule("priority", intIn(1, 50000), "ELBv2 API Reference, CreateRule: Priority (1-50000)"),
      rule(
        "listenerArn",
        arn({ service: "elasticloadbalancing", resourceType: "listener" }),
        "ELBv2 API Reference, CreateRule: ListenerArn",
      ),
      rule(
        "actions[*].type",
        oneOf([
          "forward",
          "redirect",
          "fixed-response",
          "authenticate-cognito",
          "authenticate-oidc",
          "jwt-validation",
        ]),
        "ELBv2 API Reference, Action: Type",
      ),
      rule(
        "actions[*].forward.targetGroups[*].weight",
        intIn(0, 999),
        "ELBv2 API Reference, TargetGroupTuple: Weight (0-999)",
      ),
    ],
    durations: { create: 2, source: TIMING.NO_DATA },
    replaceOn: ["listenerArn"],
    cost: FREE("listener rules are free"),
  });

export const lb = [
  lbEntry("aws:lb/loadBalancer:LoadBalancer"),
  tgEntry("aws:lb/targetGroup:TargetGroup"),
  listenerEntry("aws:lb/listener:Listener"),
  ruleEntry("aws:lb/listenerRule:ListenerRule"),
  // The aws.alb module: the same resources under older type tokens.
  lbEntry("aws:alb/loadBalancer:LoadBalancer"),
  tgEntry("aws:alb/targetGroup:TargetGroup"),
  listenerEntry("aws:alb/listener:Listener"),
  ruleEntry("aws:alb/listenerRule:ListenerRule"),
];
