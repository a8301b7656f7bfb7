import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FargateService } from "../src";
import { plan, SERVICE_NET } from "./helpers";

const RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const container = {
  name: "app",
  image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.0",
  portMappings: [{ containerPort: 8080 }, { containerPort: 53, protocol: "udp" as const }],
};
const ALB = {
  certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/c",
  subnetIds: ["subnet-p1", "subnet-p2"],
  internal: true,
};
const NLB = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/n/1";

/** Every rule's URN of a service whose task, ALB and NLB ingress lists are `cidrs` and `groups`. */
async function ruleUrns(cidrs: string[], groups: string[]): Promise<string[]> {
  const g = await plan(() => {
    new FargateService("web", {
      ...SERVICE_NET,
      containers: [container],
      ingressCidrs: cidrs,
      ingressSecurityGroupIds: groups,
      loadBalancer: { create: { ...ALB, ingressCidrs: cidrs } },
    });
    new FargateService("dns", {
      ...SERVICE_NET,
      containers: [container],
      networkLoadBalancer: {
        loadBalancerArn: NLB,
        port: 53,
        protocol: "UDP",
        containerPort: 53,
        healthCheckPort: 8080,
        subnetCidrs: ["172.16.0.0/24"],
        sourceCidrs: cidrs,
      },
    });
  });
  return g.ofType(RULE).map((r) => r.urn);
}

describe("ingress rules are keyed by source and port (issue 19)", () => {
  it("removing the first CIDR and security group and reordering the rest leaves every other rule's URN unchanged (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 0, max: 255 }), { minLength: 2, maxLength: 4 }),
        fc.uniqueArray(fc.stringMatching(/^[0-9a-f]{8}$/), { minLength: 2, maxLength: 3 }),
        async (octets, hex) => {
          const cidrs = octets.map((o) => `10.${o}.0.0/16`);
          const groups = hex.map((h) => `sg-${h}`);
          const before = await ruleUrns(cidrs, groups);
          const after = await ruleUrns(cidrs.slice(1).reverse(), groups.slice(1).reverse());
          const removed = before.filter((u) => !after.includes(u));
          expect(after.every((u) => before.includes(u))).toBe(true);
          // Only the rules of the first CIDR (task: 2 ports, ALB: 80 and 443, NLB: 53/udp) and group go.
          expect(
            removed.every((u) => u.includes(cidrs[0] as string) || u.includes(groups[0] as string)),
          ).toBe(true);
          expect(removed).toHaveLength(2 + 2 + 1 + 2);
        },
      ),
      { numRuns: 8 },
    );
  });

  it("each renamed rule carries its former list-position name as an alias, so an existing stack keeps it", async () => {
    const g = await plan(() => {
      new FargateService("web", {
        ...SERVICE_NET,
        containers: [container],
        ingressCidrs: ["10.0.0.0/16", "10.1.0.0/16"],
        ingressSecurityGroupIds: ["sg-a"],
        loadBalancer: { create: { ...ALB, ingressCidrs: ["10.2.0.0/16"] } },
      });
    });
    const prefix = `urn:pulumi:dev::berth::berth:ecs:FargateService$${RULE}::`;
    const aliases = (name: string) => g.one(RULE, name).options.aliases;
    expect(aliases("web-from-cidr-10.1.0.0/16-8080")).toEqual([`${prefix}web-from-cidr1-8080`]);
    expect(aliases("web-from-cidr-10.1.0.0/16-53-udp")).toEqual([`${prefix}web-from-cidr1-53-udp`]);
    expect(aliases("web-from-sg-sg-a-8080")).toEqual([`${prefix}web-from-sg0-8080`]);
    expect(aliases("web-alb-in-10.2.0.0/16-443")).toEqual([`${prefix}web-alb-in0-443`]);
    expect(aliases("web-from-lb-8080")).toEqual([]);
    expect(g.one(RULE, "web-from-cidr-10.1.0.0/16-8080").inputs).toMatchObject({
      cidrIpv4: "10.1.0.0/16",
      fromPort: 8080,
      toPort: 8080,
      ipProtocol: "tcp",
      description: "from-cidr-10.1.0.0/16-8080 to 8080",
    });
  });

  it("security groups known only later keep their list position in the name", async () => {
    const g = await plan(() => {
      const group = new FargateService("other", { ...SERVICE_NET, containers: [container] });
      new FargateService("web", {
        ...SERVICE_NET,
        containers: [container],
        ingressSecurityGroupIds: [group.securityGroupId],
      });
    });
    expect(g.one(RULE, "web-from-sg0-8080").options.aliases).toEqual([]);
  });

  it("an IPv6 CIDR is opened as cidrIpv6 (EC2 refuses it in cidrIpv4), under a name without colons", async () => {
    const g = await plan(() => {
      new FargateService("web", { ...SERVICE_NET, containers: [container], ingressCidrs: ["2001:db8::/32"] });
    });
    const rule = g.one(RULE, "web-from-cidr-2001-db8--/32-8080");
    expect(rule.inputs["cidrIpv6"]).toBe("2001:db8::/32");
    expect(rule.inputs["cidrIpv4"]).toBeUndefined();
  });
});
