import * as pulumi from "@pulumi/pulumi";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FargateService, type FargateServiceArgs, resolveFargateServiceArgs } from "../src";
import { INGRESS_KEY_MAX_LENGTH } from "../src/fargate-service-ingress";
import { plan, planError, SERVICE_NET } from "./helpers";

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

/** Every rule's URN of a service whose task, ALB and NLB ingress sources are `cidrs` and `groups`. */
async function ruleUrns(cidrs: string[], groups: Record<string, string>): Promise<string[]> {
  const g = await plan(() => {
    new FargateService("web", {
      ...SERVICE_NET,
      containers: [container],
      ingressCidrs: cidrs,
      ingressSecurityGroups: groups,
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
          const keys = hex.map((h) => `g${h}`);
          const groups = (ks: string[]) => Object.fromEntries(ks.map((k) => [k, `sg-${k.slice(1)}`]));
          const before = await ruleUrns(cidrs, groups(keys));
          const after = await ruleUrns(cidrs.slice(1).reverse(), groups(keys.slice(1).reverse()));
          const removed = before.filter((u) => !after.includes(u));
          expect(after.every((u) => before.includes(u))).toBe(true);
          // Only the rules of the first CIDR (task: 2 ports, ALB: 80 and 443, NLB: 53/udp) and group go.
          expect(
            removed.every((u) => u.includes(cidrs[0] as string) || u.includes(`-from-sg-${keys[0]}-`)),
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
        ingressSecurityGroups: { lattice: "sg-a" },
        loadBalancer: { create: { ...ALB, ingressCidrs: ["10.2.0.0/16"] } },
      });
    });
    const prefix = `urn:pulumi:dev::berth::berth:ecs:FargateService$${RULE}::`;
    const aliases = (name: string) => g.one(RULE, name).options.aliases;
    expect(aliases("web-from-cidr-10.1.0.0/16-8080")).toEqual([`${prefix}web-from-cidr1-8080`]);
    expect(aliases("web-from-cidr-10.1.0.0/16-53-udp")).toEqual([`${prefix}web-from-cidr1-53-udp`]);
    expect(aliases("web-from-sg-lattice-8080")).toEqual([`${prefix}web-from-sg0-8080`]);
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

  it("a security group known only later (an output) is named by its key too, and its URN survives removing and reordering the others", async () => {
    const urns = async (keys: string[]) => {
      const g = await plan(() => {
        const ids: Record<string, pulumi.Output<string>> = {
          lattice: pulumi.output("sg-0lattice"),
          bastion: pulumi.output("sg-0bastion"),
          batch: pulumi.output("sg-0batch"),
        };
        new FargateService("web", {
          ...SERVICE_NET,
          containers: [container],
          ingressSecurityGroups: Object.fromEntries(keys.map((k) => [k, ids[k] as pulumi.Output<string>])),
        });
      });
      return Object.fromEntries(
        g
          .ofType(RULE)
          .filter((r) => r.name.includes("-from-sg-"))
          .map((r) => [
            r.name,
            { urn: r.urn, aliases: r.options.aliases, sg: r.inputs["referencedSecurityGroupId"] },
          ]),
      );
    };
    const before = await urns(["lattice", "bastion", "batch"]);
    const after = await urns(["batch", "bastion"]);
    expect(Object.keys(before).sort()).toEqual([
      "web-from-sg-bastion-53-udp",
      "web-from-sg-bastion-8080",
      "web-from-sg-batch-53-udp",
      "web-from-sg-batch-8080",
      "web-from-sg-lattice-53-udp",
      "web-from-sg-lattice-8080",
    ]);
    expect(Object.keys(after).sort()).toEqual([
      "web-from-sg-bastion-53-udp",
      "web-from-sg-bastion-8080",
      "web-from-sg-batch-53-udp",
      "web-from-sg-batch-8080",
    ]);
    for (const name of Object.keys(after)) {
      expect(after[name]?.urn).toBe(before[name]?.urn);
      expect(after[name]?.sg).toBe(before[name]?.sg);
    }
    expect(before["web-from-sg-bastion-8080"]?.sg).toBe("sg-0bastion");
    // The aliases are the positions of the old list, in key order.
    const prefix = `urn:pulumi:dev::berth::berth:ecs:FargateService$${RULE}::`;
    expect(before["web-from-sg-lattice-8080"]?.aliases).toEqual([`${prefix}web-from-sg0-8080`]);
    expect(before["web-from-sg-bastion-53-udp"]?.aliases).toEqual([`${prefix}web-from-sg1-53-udp`]);
    expect(after["web-from-sg-batch-8080"]?.aliases).toEqual([`${prefix}web-from-sg0-8080`]);
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

describe("ingressSecurityGroups: keyed by the caller (issue 19)", () => {
  const header = 'Invalid arguments for berth:ecs:FargateService "web":\n';
  const args = (extra: Record<string, unknown>) =>
    ({ ...SERVICE_NET, containers: [container], ...extra }) as FargateServiceArgs;

  it("refuses a group that the load balancer's group already opens (EC2: InvalidPermission.Duplicate)", () => {
    const listenerArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/a/1/2";
    const refused = () =>
      resolveFargateServiceArgs(
        "web",
        args({
          ingressSecurityGroups: { alb: "sg-0alb", admin: "sg-0admin" },
          loadBalancer: { listenerArn, securityGroupId: "sg-0alb", priority: 10 },
        }),
      );
    expect(refused).toThrow(
      `${header}  - ingress: got "sg-0alb 8080/tcp"; allowed: each source and port once (EC2 refuses a second identical rule: InvalidPermission.Duplicate). Hint: web-from-sg-alb-8080 and web-from-lb-8080 both open it; list the source once`,
    );
    // The same CIDR as a task source and as an NLB subnet opens the target port twice too.
    const cidrs = () =>
      resolveFargateServiceArgs(
        "web",
        args({
          ingressCidrs: ["10.0.1.0/24"],
          networkLoadBalancer: { loadBalancerArn: NLB, port: 443, subnetCidrs: ["10.0.1.0/24"] },
        }),
      );
    expect(cidrs).toThrow('- ingress: got "10.0.1.0/24 8080/tcp"');
    expect(() =>
      resolveFargateServiceArgs("web", args({ ingressSecurityGroups: { admin: "sg-0admin" } })),
    ).not.toThrow();
  });

  it("names each rule by its key and port, on resolve alone", () => {
    const r = resolveFargateServiceArgs(
      "web",
      args({ ingressSecurityGroups: { lattice: "sg-1", admin: "sg-2" } }),
    );
    expect(r.ingressSecurityGroups).toEqual({ lattice: "sg-1", admin: "sg-2" });
    expect(r.ingress.map((i) => [i.name, i.securityGroupId, i.port, i.protocol, i.aliases])).toEqual([
      ["web-from-sg-lattice-8080", "sg-1", 8080, "tcp", ["web-from-sg0-8080"]],
      ["web-from-sg-lattice-53-udp", "sg-1", 53, "udp", ["web-from-sg0-53-udp"]],
      ["web-from-sg-admin-8080", "sg-2", 8080, "tcp", ["web-from-sg1-8080"]],
      ["web-from-sg-admin-53-udp", "sg-2", 53, "udp", ["web-from-sg1-53-udp"]],
    ]);
    expect(resolveFargateServiceArgs("web", args({})).ingressSecurityGroups).toEqual({});
  });

  it("each rule's name depends on its key alone: dropping one key and reordering the rest renames nothing (property)", () => {
    const key = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}$/);
    fc.assert(
      fc.property(fc.uniqueArray(key, { minLength: 1, maxLength: 6 }), fc.nat(), (keys, seed) => {
        const groups = (ks: string[]) => Object.fromEntries(ks.map((k) => [k, `sg-${keys.indexOf(k)}a`]));
        const names = (ks: string[]) =>
          new Map(
            resolveFargateServiceArgs("web", args({ ingressSecurityGroups: groups(ks) })).ingress.map((i) => [
              i.name,
              i.securityGroupId,
            ]),
          );
        const all = names(keys);
        const rest = keys.filter((_, i) => i !== seed % keys.length).reverse();
        const some = names(rest);
        expect(some.size).toBe(rest.length * 2);
        for (const [name, id] of some) expect(all.get(name)).toBe(id);
        for (const k of rest) expect(some.has(`web-from-sg-${k}-8080`)).toBe(true);
      }),
    );
  });

  it("refuses the list of earlier versions with the way to write it now", async () => {
    expect(
      await planError(() => new FargateService("web", args({ ingressSecurityGroupIds: ["sg-1"] }))),
    ).toBe(
      header +
        '  - ingressSecurityGroupIds: got ["sg-1"]; allowed: no such argument: ingressSecurityGroups, keyed by a name you choose. Hint: write `ingressSecurityGroups: { lattice: "sg-..." }`, keys in the order of the old list (the rules keep their state through aliases)',
    );
  });

  it("refuses keys that cannot name a rule, ids that are not security groups, one id twice and a list", async () => {
    expect(
      await planError(
        () =>
          new FargateService(
            "web",
            args({
              ingressSecurityGroups: {
                a_b: "sg-1",
                "0": "sg-0",
                alb: "alb-sg",
                other: "sg-1",
                none: undefined,
              },
            }),
          ),
      ),
    ).toBe(
      header +
        `  - ingressSecurityGroups: got "0"; allowed: keys of letters, digits and hyphens, starting with a letter, at most ${INGRESS_KEY_MAX_LENGTH} characters (each key names rules).\n` +
        `  - ingressSecurityGroups: got "a_b"; allowed: keys of letters, digits and hyphens, starting with a letter, at most ${INGRESS_KEY_MAX_LENGTH} characters (each key names rules).\n` +
        '  - ingressSecurityGroups.alb: got "alb-sg"; allowed: a security group id (sg-0123456789abcdef0).\n' +
        '  - ingressSecurityGroups.other: got "sg-1"; allowed: each security group once.\n' +
        "  - ingressSecurityGroups.none: got undefined; allowed: a security group id (required).",
    );
    expect(await planError(() => new FargateService("web", args({ ingressSecurityGroups: ["sg-1"] })))).toBe(
      `${header}  - ingressSecurityGroups: got ["sg-1"]; allowed: an object of security group ids keyed by a name you choose, e.g. { lattice: "sg-0123456789abcdef0" }.`,
    );
  });

  it("checks a group known only later once known, with the same rule", async () => {
    await expect(
      plan(() => {
        new FargateService("web", args({ ingressSecurityGroups: { lattice: pulumi.output("lattice") } }));
      }),
    ).rejects.toThrow(
      `${header}  - ingressSecurityGroups.lattice: got "lattice"; allowed: a security group id (sg-0123456789abcdef0).`,
    );
  });

  it("the longest key keeps the longest rule description within EC2's 255 characters; one more is refused", () => {
    const key = `k${"x".repeat(INGRESS_KEY_MAX_LENGTH - 1)}`;
    const r = resolveFargateServiceArgs(
      "web",
      args({
        containers: [{ ...container, portMappings: [{ containerPort: 65535, protocol: "udp" }] }],
        ingressSecurityGroups: { [key]: "sg-1" },
      }),
    );
    expect(r.ingress.map((i) => i.description.length)).toEqual([255]);
    expect(() =>
      resolveFargateServiceArgs("web", args({ ingressSecurityGroups: { [`${key}x`]: "sg-1" } })),
    ).toThrow(`ingressSecurityGroups: got "${key}x"; allowed: keys of letters`);
  });
});
