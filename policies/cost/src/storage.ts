/** Storage and network cost: log retention, ECR lifecycle, NAT gateways. */
import * as aws from "@pulumi/aws";
import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { validateResourceOfType } from "@pulumi/policy";
import { environmentOf, isProd, prodStacksSchema } from "./util";

export const costLogRetention: ResourceValidationPolicy = {
  name: "cost-log-retention",
  description:
    "CloudWatch log groups must expire their logs (never keep them forever) within the configured bound.",
  severity: "medium",
  remediationSteps:
    "Set `retentionInDays` (e.g. 30 outside production, up to 365 in production); archive to S3 if you need longer.",
  configSchema: {
    properties: {
      maxRetentionDays: {
        type: "integer",
        minimum: 1,
        description: "Longest retention outside production.",
        default: 90,
      },
      prodMaxRetentionDays: {
        type: "integer",
        minimum: 1,
        description: "Longest retention in production.",
        default: 400,
      },
      prodStacks: prodStacksSchema,
    },
  },
  validateResource: validateResourceOfType(aws.cloudwatch.LogGroup, (lg, args, report) => {
    const cfg = args.getConfig<{
      maxRetentionDays: number;
      prodMaxRetentionDays: number;
      prodStacks: string[];
    }>();
    const bound = isProd(args.urn, args.stackTags, cfg.prodStacks)
      ? cfg.prodMaxRetentionDays
      : cfg.maxRetentionDays;
    const days = lg.retentionInDays;
    if (!days) report("retentionInDays is unset: logs are kept forever");
    else if (days > bound) report(`retentionInDays ${days} is above ${bound}`);
  }),
};

function references(
  from: PolicyResource,
  prop: string,
  target: PolicyResource,
  keys: readonly string[],
): boolean {
  if ((from.propertyDependencies[prop] ?? []).some((d) => d.urn === target.urn)) return true;
  const v = from.props[prop];
  return typeof v === "string" && keys.some((k) => target.props[k] === v);
}

export const costEcrLifecycle: StackValidationPolicy = {
  name: "cost-ecr-lifecycle",
  description: "Every ECR repository needs a lifecycle policy, or image storage grows with every build.",
  severity: "low",
  remediationSteps:
    "Add an `aws.ecr.LifecyclePolicy` that expires untagged images after a few days and keeps the last N tagged ones.",
  validateStack: (args, report) => {
    const lifecycles = args.resources.filter((r) => r.isType(aws.ecr.LifecyclePolicy));
    for (const repo of args.resources.filter((r) => r.isType(aws.ecr.Repository))) {
      if (!lifecycles.some((lc) => references(lc, "repository", repo, ["name", "id"])))
        report(`repository "${repo.name}" has no lifecycle policy`, repo.urn);
    }
  },
};

/** How many NAT gateways an `awsx:ec2:Vpc` creates from its inputs (awsx 3 defaults: OnePerAz, 3 AZs). */
function awsxNatCount(props: Record<string, unknown>): number {
  const strategy = (props["natGateways"] as { strategy?: string } | undefined)?.strategy ?? "OnePerAz";
  if (strategy === "None") return 0;
  if (strategy === "Single") return 1;
  const names = props["availabilityZoneNames"] as unknown[] | undefined;
  return names?.length ?? (props["numberOfAvailabilityZones"] as number | undefined) ?? 3;
}

export const costNatGateways: StackValidationPolicy = {
  name: "cost-nat-gateways",
  description:
    "The number of NAT gateways per environment stays within the configured bound (each costs about $33/month plus data).",
  severity: "medium",
  remediationSteps:
    'Use one NAT gateway outside production (`natGateways: { strategy: "Single" }` on awsx.ec2.Vpc) and VPC endpoints for ECR, S3 and CloudWatch Logs.',
  configSchema: {
    properties: {
      maxNatGateways: {
        type: "object",
        description: 'Most NAT gateways per environment; the "*" key applies to every other environment.',
        default: { prod: 3, production: 3, "*": 1 },
      },
    },
  },
  validateStack: (args, report) => {
    const { maxNatGateways } = args.getConfig<{ maxNatGateways: Record<string, number> }>();
    const nats = args.resources.filter((r) => r.isType(aws.ec2.NatGateway));
    const vpcs = args.resources.filter((r) => r.type === "awsx:ec2:Vpc");
    const first = nats[0] ?? vpcs[0];
    if (!first) return args.notApplicable("no NAT gateways or awsx VPCs");
    const env = environmentOf(first.urn, args.stackTags);
    const bound = maxNatGateways[env] ?? maxNatGateways["*"] ?? 1;
    // Children of an awsx VPC are its own NAT gateways: count the component once.
    const fromVpcs = vpcs.map((v) => ({ v, n: awsxNatCount(v.props) }));
    const loose = nats.filter((n) => !vpcs.some((v) => isDescendant(n, v)));
    const total = loose.length + fromVpcs.reduce((s, x) => s + x.n, 0);
    if (total > bound)
      report(`${total} NAT gateway(s) in "${env}", above ${bound}`, (fromVpcs[0]?.v ?? first).urn);
  },
};

function isDescendant(r: PolicyResource, ancestor: PolicyResource): boolean {
  let p = r.parent;
  while (p) {
    if (p.urn === ancestor.urn) return true;
    p = p.parent;
  }
  return false;
}

export const storagePolicies = [costLogRetention, costEcrLifecycle, costNatGateways];
