/** Load balancers (ELBv2 under both `aws.lb` and `aws.alb` tokens) and target groups. Catalog rows 27-37, plus no Classic ELB. */
import * as aws from "@pulumi/aws";
import type {
  ReportViolation,
  ResourceValidation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";
import { validateResourceOfType } from "@pulumi/policy";
import { isProd, prodStacksSchema, references } from "./util";

type Props = Record<string, unknown>;
type Check = (props: Props, args: ResourceValidationArgs, report: ReportViolation) => void;

/** One check over both class families (`aws.lb.X` and its alias `aws.alb.X`). */
function listeners(check: Check): ResourceValidation[] {
  return [
    validateResourceOfType(aws.lb.Listener, (p, a, r) => check(p as unknown as Props, a, r)),
    validateResourceOfType(aws.alb.Listener, (p, a, r) => check(p as unknown as Props, a, r)),
  ];
}
function loadBalancers(check: Check): ResourceValidation[] {
  return [
    validateResourceOfType(aws.lb.LoadBalancer, (p, a, r) => check(p as unknown as Props, a, r)),
    validateResourceOfType(aws.alb.LoadBalancer, (p, a, r) => check(p as unknown as Props, a, r)),
  ];
}
function targetGroups(check: Check): ResourceValidation[] {
  return [
    validateResourceOfType(aws.lb.TargetGroup, (p, a, r) => check(p as unknown as Props, a, r)),
    validateResourceOfType(aws.alb.TargetGroup, (p, a, r) => check(p as unknown as Props, a, r)),
  ];
}

/** A listener's protocol; ALB listeners default to HTTP. */
const protocolOf = (l: Props) => (l["protocol"] as string | undefined) ?? "HTTP";
const isApplication = (lb: Props) =>
  ((lb["loadBalancerType"] as string | undefined) ?? "application") === "application";

export const lbHttpRedirectsHttps: ResourceValidationPolicy = {
  name: "lb-http-redirects-https",
  description: "HTTP listeners must only redirect to HTTPS (Security Hub ELB.1).",
  severity: "high",
  remediationSteps:
    'Make the port-80 listener\'s only default action `{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }` and serve traffic on an HTTPS listener.',
  validateResource: listeners((l, _args, report) => {
    if (protocolOf(l) !== "HTTP") return;
    const actions = (l["defaultActions"] ?? []) as Array<{ type?: string; redirect?: { protocol?: string } }>;
    const ok =
      actions.length === 1 && actions[0]?.type === "redirect" && actions[0]?.redirect?.protocol === "HTTPS";
    if (!ok)
      report(
        `HTTP listener default actions are ${JSON.stringify(actions.map((a) => a.type))}, not one redirect to HTTPS`,
      );
  }),
};

const TLS_POLICIES = [
  "ELBSecurityPolicy-TLS13-1-2-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
  "ELBSecurityPolicy-TLS13-1-3-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
  "ELBSecurityPolicy-FS-1-2-Res-2020-10",
];

export const lbListenerTlsPolicy: ResourceValidationPolicy = {
  name: "lb-listener-tls-policy",
  description: "HTTPS and TLS listeners must use a current TLS policy (Security Hub ELB.17, ELB.18).",
  severity: "high",
  remediationSteps:
    'Set `sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06"` (or another policy in the allow-list).',
  configSchema: {
    properties: {
      allowedPolicies: {
        type: "array",
        items: { type: "string" },
        description: "Allowed ELB security policies.",
        default: TLS_POLICIES,
      },
    },
  },
  validateResource: listeners((l, args, report) => {
    const proto = protocolOf(l);
    if (proto !== "HTTPS" && proto !== "TLS") return;
    const { allowedPolicies } = args.getConfig<{ allowedPolicies: string[] }>();
    const policy = l["sslPolicy"] as string | undefined;
    if (!policy || !allowedPolicies.includes(policy))
      report(
        `sslPolicy ${policy ? `"${policy}"` : "unset (ELBSecurityPolicy-2016-08)"} is not in the allow-list`,
      );
  }),
};

export const lbListenerAcmCert: ResourceValidationPolicy = {
  name: "lb-listener-acm-cert",
  description: "HTTPS and TLS listeners should use an ACM certificate (cdk-nag ELBv2ACMCertificateRequired).",
  severity: "medium",
  enforcementLevel: "advisory",
  remediationSteps: "Issue the certificate with ACM (DNS validation) and set `certificateArn` to its ARN.",
  validateResource: listeners((l, _args, report) => {
    const proto = protocolOf(l);
    if (proto !== "HTTPS" && proto !== "TLS") return;
    const arn = l["certificateArn"] as string | undefined;
    if (!arn) report("certificateArn is not set");
    else if (!arn.includes(":acm:")) report(`certificateArn ${arn} is not an ACM certificate`);
  }),
};

export const lbAccessLogs: ResourceValidationPolicy = {
  name: "lb-access-logs",
  description: "Load balancers should write access logs to S3 (Security Hub ELB.5).",
  severity: "medium",
  enforcementLevel: "advisory",
  remediationSteps:
    "Set `accessLogs: { enabled: true, bucket, prefix }` with a bucket policy that lets ELB write.",
  validateResource: loadBalancers((lb, _args, report) => {
    const logs = lb["accessLogs"] as { enabled?: boolean; bucket?: string } | undefined;
    if (logs?.enabled !== true || !logs.bucket) report("access logs are not enabled with a bucket");
  }),
};

export const albDropInvalidHeaders: ResourceValidationPolicy = {
  name: "alb-drop-invalid-headers",
  description: "Application load balancers should drop invalid HTTP headers (Security Hub ELB.4).",
  severity: "medium",
  enforcementLevel: "advisory",
  remediationSteps: "Set `dropInvalidHeaderFields: true`.",
  validateResource: loadBalancers((lb, _args, report) => {
    if (isApplication(lb) && lb["dropInvalidHeaderFields"] !== true)
      report("dropInvalidHeaderFields is not true");
  }),
};

export const lbDeletionProtection: ResourceValidationPolicy = {
  name: "lb-deletion-protection",
  description: "Production load balancers should have deletion protection (Security Hub ELB.6).",
  severity: "medium",
  enforcementLevel: "advisory",
  remediationSteps: "Set `enableDeletionProtection: true` on production load balancers.",
  configSchema: { properties: { prodStacks: prodStacksSchema } },
  validateResource: loadBalancers((lb, args, report) => {
    const { prodStacks } = args.getConfig<{ prodStacks: string[] }>();
    if (isProd(args.urn, args.stackTags, prodStacks) && lb["enableDeletionProtection"] !== true)
      report("enableDeletionProtection is not true on a production load balancer");
  }),
};

export const albDesyncMitigation: ResourceValidationPolicy = {
  name: "alb-desync-mitigation",
  description:
    "Application load balancers should use defensive or strictest desync mitigation (Security Hub ELB.12).",
  severity: "low",
  enforcementLevel: "advisory",
  remediationSteps: 'Leave `desyncMitigationMode` unset (defensive) or set "defensive" or "strictest".',
  validateResource: loadBalancers((lb, _args, report) => {
    const mode = (lb["desyncMitigationMode"] as string | undefined) ?? "defensive";
    if (isApplication(lb) && mode !== "defensive" && mode !== "strictest")
      report(`desyncMitigationMode is "${mode}"`);
  }),
};

export const lbMultiAz: ResourceValidationPolicy = {
  name: "lb-multi-az",
  description: "Load balancers should span at least two subnets (Security Hub ELB.13).",
  severity: "medium",
  enforcementLevel: "advisory",
  remediationSteps: "Give the load balancer subnets in two or more Availability Zones.",
  validateResource: loadBalancers((lb, _args, report) => {
    const n =
      ((lb["subnets"] as unknown[] | undefined) ?? []).length +
      ((lb["subnetMappings"] as unknown[] | undefined) ?? []).length;
    if (n < 2) report(`${n} subnet(s)`);
  }),
};

export const lbInternalUnlessAllowed: ResourceValidationPolicy = {
  name: "lb-internal-unless-allowed",
  description: "Load balancers should be internal unless listed as public entry points (Trivy AWS-0053).",
  severity: "high",
  enforcementLevel: "advisory",
  remediationSteps:
    "Set `internal: true`, or add the load balancer's logical name to `allowedPublic` in the policy config.",
  configSchema: {
    properties: {
      allowedPublic: {
        type: "array",
        items: { type: "string" },
        description:
          "Logical names (or name suffixes such as `-alb`) of load balancers that may face the internet.",
        default: [],
      },
    },
  },
  validateResource: loadBalancers((lb, args, report) => {
    if (lb["internal"] === true) return;
    const { allowedPublic } = args.getConfig<{ allowedPublic: string[] }>();
    if (!allowedPublic.some((n) => args.name === n || args.name.endsWith(n)))
      report(`"${args.name}" is internet-facing`);
  }),
};

export const albWaf: StackValidationPolicy = {
  name: "alb-waf",
  description:
    "Internet-facing application load balancers should be protected by AWS WAF (Security Hub ELB.16).",
  severity: "medium",
  enforcementLevel: "advisory",
  remediationSteps:
    "Associate a WAFv2 web ACL with the load balancer (`aws.wafv2.WebAclAssociation` with `resourceArn` = the ALB ARN).",
  validateStack: (args, report) => {
    const assoc = args.resources.filter((r) => r.isType(aws.wafv2.WebAclAssociation));
    for (const lb of args.resources.filter(
      (r) => r.isType(aws.lb.LoadBalancer) || r.isType(aws.alb.LoadBalancer),
    )) {
      if (lb.props["internal"] === true || !isApplication(lb.props)) continue;
      if (!assoc.some((a) => references(a, "resourceArn", lb, ["arn", "id"])))
        report(`internet-facing ALB "${lb.name}" has no WAF web ACL`, lb.urn);
    }
  },
};

export const lbTgHealthCheck: ResourceValidationPolicy = {
  name: "lb-tg-health-check",
  description: "HTTP(S) target groups should configure an explicit health check path (Checkov CKV_AWS_261).",
  severity: "low",
  enforcementLevel: "advisory",
  remediationSteps:
    'Set `healthCheck: { enabled: true, path: "/healthz", matcher: "200" }` (a path the application answers cheaply).',
  validateResource: targetGroups((tg, _args, report) => {
    if (tg["targetType"] === "lambda") return;
    const proto = (tg["protocol"] as string | undefined) ?? "HTTP";
    if (proto !== "HTTP" && proto !== "HTTPS") return;
    const hc = tg["healthCheck"] as { enabled?: boolean; path?: string } | undefined;
    if (hc?.enabled === false) report("health checks are disabled");
    else if (!hc?.path) report("healthCheck.path is not set (defaults to /)");
  }),
};

export const elbNoClassic: ResourceValidationPolicy = {
  name: "elb-no-classic",
  description:
    "Use Application or Network Load Balancers, not Classic Load Balancers (cdk-nag AwsSolutions-ELB1).",
  severity: "medium",
  remediationSteps: "Replace the `aws.elb.LoadBalancer` with an `aws.lb.LoadBalancer` and listeners.",
  validateResource: validateResourceOfType(aws.elb.LoadBalancer, (_lb, args, report) => {
    report(`"${args.name}" is a Classic Load Balancer`);
  }),
};

export const lbPolicies = [
  lbHttpRedirectsHttps,
  lbListenerTlsPolicy,
  lbListenerAcmCert,
  lbAccessLogs,
  albDropInvalidHeaders,
  lbDeletionProtection,
  albDesyncMitigation,
  lbMultiAz,
  lbInternalUnlessAllowed,
  albWaf,
  lbTgHealthCheck,
  elbNoClassic,
];
