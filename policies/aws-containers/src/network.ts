/** Security groups: no ingress from the internet on all ports or admin ports. Catalog row 50. */
import * as aws from "@pulumi/aws";
import type { ReportViolation, ResourceValidationPolicy } from "@pulumi/policy";
import { validateResourceOfType } from "@pulumi/policy";
import { openToWorld } from "./util";

const ADMIN_PORTS = [22, 3389, 2375, 2376, 5985, 5986, 6443, 10250, 2379, 3306, 5432, 6379, 9200, 27017];

interface Rule {
  protocol: string | undefined;
  fromPort: number | undefined;
  toPort: number | undefined;
  open: boolean;
}

function check(rule: Rule, adminPorts: readonly number[], where: string, report: ReportViolation): void {
  if (!rule.open) return;
  const proto = String(rule.protocol ?? "").toLowerCase();
  if (proto === "-1" || proto === "all") {
    report(`${where} allows all traffic from the internet`);
    return;
  }
  if (proto === "icmp" || proto === "icmpv6" || proto === "1" || proto === "58") return;
  const from = rule.fromPort ?? 0;
  const to = rule.toPort ?? 65535;
  if (from <= 0 && to >= 65535) {
    report(`${where} allows every ${proto} port from the internet`);
    return;
  }
  const hit = adminPorts.filter((p) => p >= from && p <= to);
  if (hit.length) report(`${where} opens admin port(s) ${hit.join(", ")} to the internet`);
}

export const sgNoOpenIngress: ResourceValidationPolicy = {
  name: "sg-no-open-ingress",
  description:
    "Security groups must not allow ingress from 0.0.0.0/0 or ::/0 on all ports or on admin ports (cdk-nag EC23).",
  severity: "high",
  remediationSteps:
    "Allow ingress only from the load balancer's or peer's security group, or from known CIDRs; expose only the service port (e.g. 443) to the internet, on the load balancer.",
  configSchema: {
    properties: {
      adminPorts: {
        type: "array",
        items: { type: "integer" },
        description: "Ports that must never be open to the internet.",
        default: ADMIN_PORTS,
      },
    },
  },
  validateResource: [
    validateResourceOfType(aws.ec2.SecurityGroup, (sg, args, report) => {
      const { adminPorts } = args.getConfig<{ adminPorts: number[] }>();
      (sg.ingress ?? []).forEach((r, i) => {
        check(
          {
            protocol: r.protocol,
            fromPort: r.fromPort,
            toPort: r.toPort,
            open: openToWorld(r.cidrBlocks) || openToWorld(r.ipv6CidrBlocks),
          },
          adminPorts,
          `ingress[${i}]`,
          report,
        );
      });
    }),
    validateResourceOfType(aws.vpc.SecurityGroupIngressRule, (r, args, report) => {
      const { adminPorts } = args.getConfig<{ adminPorts: number[] }>();
      check(
        {
          protocol: r.ipProtocol,
          fromPort: r.fromPort,
          toPort: r.toPort,
          open: openToWorld(r.cidrIpv4) || openToWorld(r.cidrIpv6),
        },
        adminPorts,
        "the ingress rule",
        report,
      );
    }),
    validateResourceOfType(aws.ec2.SecurityGroupRule, (r, args, report) => {
      if (r.type !== "ingress") return;
      const { adminPorts } = args.getConfig<{ adminPorts: number[] }>();
      check(
        {
          protocol: r.protocol,
          fromPort: r.fromPort,
          toPort: r.toPort,
          open: openToWorld(r.cidrBlocks) || openToWorld(r.ipv6CidrBlocks),
        },
        adminPorts,
        "the ingress rule",
        report,
      );
    }),
  ],
};

export const networkPolicies = [sgNoOpenIngress];
