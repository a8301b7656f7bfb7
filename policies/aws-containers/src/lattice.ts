/**
 * VPC Lattice: IAM auth, scoped auth policies, access logs, HTTPS listeners. Catalog rows 52-55
 * (proposals from the AWS docs: no anchor has Lattice rules).
 */
import * as aws from "@pulumi/aws";
import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { validateResourceOfType } from "@pulumi/policy";
import { publicStatements, trustedKeysSchema } from "./ecr";
import { references } from "./util";

export const latticeAuthIam: ResourceValidationPolicy = {
  name: "lattice-auth-iam",
  description: "VPC Lattice service networks and services should require IAM auth (authType AWS_IAM).",
  severity: "high",
  enforcementLevel: "advisory",
  remediationSteps:
    'Set `authType: "AWS_IAM"` and attach an `aws.vpclattice.AuthPolicy` naming the allowed callers.',
  validateResource: [
    validateResourceOfType(aws.vpclattice.ServiceNetwork, (sn, _args, report) => {
      if (sn.authType !== "AWS_IAM") report(`authType is ${sn.authType ?? "unset (NONE)"}`);
    }),
    validateResourceOfType(aws.vpclattice.Service, (svc, _args, report) => {
      if (svc.authType !== "AWS_IAM") report(`authType is ${svc.authType ?? "unset (NONE)"}`);
    }),
  ],
};

const latticeTargets = (r: PolicyResource) =>
  r.isType(aws.vpclattice.ServiceNetwork) || r.isType(aws.vpclattice.Service);

export const latticeAuthPolicyAttached: StackValidationPolicy = {
  name: "lattice-auth-policy-attached",
  description:
    "A VPC Lattice service network or service with IAM auth should have an auth policy (without one, IAM auth denies every call).",
  severity: "medium",
  enforcementLevel: "advisory",
  remediationSteps:
    "Add an `aws.vpclattice.AuthPolicy` whose `resourceIdentifier` is the service network's or service's ARN.",
  validateStack: (args, report) => {
    const policies = args.resources.filter((r) => r.isType(aws.vpclattice.AuthPolicy));
    for (const t of args.resources.filter(latticeTargets)) {
      if (t.props["authType"] !== "AWS_IAM") continue;
      if (!policies.some((p) => references(p, "resourceIdentifier", t, ["arn", "id"])))
        report(`"${t.name}" uses AWS_IAM auth but has no auth policy`, t.urn);
    }
  },
};

export const latticeAuthPolicyScoped: ResourceValidationPolicy = {
  name: "lattice-auth-policy-scoped",
  description: 'VPC Lattice auth policies should not allow Principal "*" without a scoping condition.',
  severity: "high",
  enforcementLevel: "advisory",
  remediationSteps:
    "Name the calling roles or accounts, or keep `*` with an `aws:PrincipalOrgID` or `vpc-lattice-svcs:SourceVpc` condition.",
  configSchema: {
    properties: {
      trustedConditionKeys: {
        ...trustedKeysSchema,
        default: [
          ...trustedKeysSchema.default,
          "vpc-lattice-svcs:sourcevpc",
          "vpc-lattice-svcs:sourcevpcowneraccount",
        ],
      },
    },
  },
  validateResource: validateResourceOfType(aws.vpclattice.AuthPolicy, (p, args, report) => {
    const n = publicStatements(
      p.policy,
      args.getConfig<{ trustedConditionKeys: string[] }>().trustedConditionKeys,
    );
    if (n) report(`${n} statement(s) allow Principal "*" without a scoping condition`);
  }),
};

export const latticeAccessLogs: StackValidationPolicy = {
  name: "lattice-access-logs",
  description: "VPC Lattice service networks and services should have an access log subscription.",
  severity: "low",
  enforcementLevel: "advisory",
  remediationSteps:
    "Add an `aws.vpclattice.AccessLogSubscription` with `resourceIdentifier` = the network's or service's ARN and a CloudWatch Logs, S3 or Firehose destination.",
  validateStack: (args, report) => {
    const subs = args.resources.filter((r) => r.isType(aws.vpclattice.AccessLogSubscription));
    for (const t of args.resources.filter(latticeTargets)) {
      if (!subs.some((s) => references(s, "resourceIdentifier", t, ["arn", "id"])))
        report(`"${t.name}" has no access log subscription`, t.urn);
    }
  },
};

export const latticeListenerHttps: ResourceValidationPolicy = {
  name: "lattice-listener-https",
  description:
    "VPC Lattice listeners should use HTTPS or TLS passthrough; services with a custom domain need a certificate.",
  severity: "medium",
  enforcementLevel: "advisory",
  remediationSteps:
    'Use `protocol: "HTTPS"` (or "TLS_PASSTHROUGH"); set `certificateArn` on services that set `customDomainName`.',
  validateResource: [
    validateResourceOfType(aws.vpclattice.Listener, (l, _args, report) => {
      if (l.protocol !== "HTTPS" && l.protocol !== "TLS_PASSTHROUGH") report(`protocol is ${l.protocol}`);
    }),
    validateResourceOfType(aws.vpclattice.Service, (svc, _args, report) => {
      if (svc.customDomainName && !svc.certificateArn)
        report(`customDomainName ${svc.customDomainName} has no certificateArn`);
    }),
  ],
};

export const latticePolicies = [
  latticeAuthIam,
  latticeAuthPolicyAttached,
  latticeAuthPolicyScoped,
  latticeAccessLogs,
  latticeListenerHttps,
];
