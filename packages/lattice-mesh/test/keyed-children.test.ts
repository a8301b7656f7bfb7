import type { ResourceGraph } from "@berth/plan";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import {
  LATTICE_SERVICE_FORMER_TYPE,
  LATTICE_SERVICE_TYPE,
  LatticeService,
  type LatticeServiceArgs,
  ServiceNetwork,
  type ServiceNetworkArgs,
} from "../src";
import { errorOf, plan } from "./helpers";

const T = {
  attach: "aws:vpclattice/targetGroupAttachment:TargetGroupAttachment",
  listener: "aws:vpclattice/listener:Listener",
  rule: "aws:vpclattice/listenerRule:ListenerRule",
  assoc: "aws:vpclattice/serviceNetworkServiceAssociation:ServiceNetworkServiceAssociation",
  vpc: "aws:vpclattice/serviceNetworkVpcAssociation:ServiceNetworkVpcAssociation",
  principal: "aws:ram/principalAssociation:PrincipalAssociation",
};
const SN = ["sn-0123456789abcdef0", "sn-0123456789abcdef1", "sn-0123456789abcdef2"];

/** URN and inputs of every child of `types`, sorted by URN. */
const children = (g: ResourceGraph, types: string[]) =>
  g.resources
    .filter((r) => types.includes(r.type))
    .map((r) => [r.urn, r.inputs] as const)
    .sort(([a], [b]) => a.localeCompare(b));

const service =
  (
    listeners: LatticeServiceArgs["listeners"],
    targets: string[],
    networks: Record<string, pulumi.Input<string>>,
  ) =>
  () => {
    new LatticeService("orders", {
      serviceNetworks: networks,
      targetGroups: {
        app: { type: "IP", vpcId: "vpc-1", port: 8080, targets: targets.map((id) => ({ id })) },
        hook: {
          type: "LAMBDA",
          targets: [{ id: "arn:aws:lambda:us-east-1:123456789012:function:hook" }],
        },
      },
      listeners,
    });
  };
const rule = (name: string, priority: number) => ({
  name,
  priority,
  pathPrefix: `/${name}`,
  forward: { app: 1 },
});

describe("LatticeService children are keyed by value", () => {
  it("removing the first listener, rule, target and network and reordering the rest changes no other child", async () => {
    const before = await plan(
      service(
        [
          { protocol: "HTTP", forward: { app: 1 } },
          { forward: { app: 1 }, rules: [rule("aaa", 1), rule("bbb", 2), rule("ccc", 3)] },
          { port: 8443, forward: { hook: 1 } },
        ],
        ["10.0.0.1", "10.0.0.2", "10.0.0.3"],
        // A network id known only at deployment is keyed like the others.
        { first: SN[0] as string, second: pulumi.output(SN[1] as string), third: SN[2] as string },
      ),
    );
    const after = await plan(
      service(
        [
          { port: 8443, forward: { hook: 1 } },
          { forward: { app: 1 }, rules: [rule("ccc", 3), rule("bbb", 2)] },
        ],
        ["10.0.0.3", "10.0.0.2"],
        { third: SN[2] as string, second: pulumi.output(SN[1] as string) },
      ),
    );
    const types = [T.attach, T.listener, T.rule, T.assoc];
    const removed = ["orders-http-80", "orders-https-443-aaa", "10.0.0.1", "orders-sn-first"];
    const kept = children(before, types).filter(([urn]) => !removed.some((n) => urn.endsWith(n)));
    expect(kept).toHaveLength(children(before, types).length - 4);
    expect(children(after, types)).toEqual(kept);
    const byName = (a: readonly unknown[], b: readonly unknown[]) => String(a[0]).localeCompare(String(b[0]));
    expect(
      before
        .ofType(T.assoc)
        .map((a) => [a.name, a.inputs["serviceNetworkIdentifier"]])
        .sort(byName),
    ).toEqual([
      ["orders-sn-first", SN[0]],
      ["orders-sn-second", SN[1]],
      ["orders-sn-third", SN[2]],
    ]);
    expect(
      after
        .ofType(T.assoc)
        .map((a) => a.name)
        .sort(),
    ).toEqual(["orders-sn-second", "orders-sn-third"]);
  });

  it("keeps the former positional names and the former type token as aliases, so upgrading replaces nothing", async () => {
    const g = await plan(
      service([{ forward: { app: 1 } }], ["10.0.0.1", "10.0.0.2"], {
        platform: pulumi.output(SN[0] as string),
        shared: SN[1] as string,
      }),
    );
    const component = g.one(LATTICE_SERVICE_TYPE, "orders");
    expect(component.options.aliases).toEqual([
      `urn:pulumi:dev::berth::${LATTICE_SERVICE_FORMER_TYPE}::orders`,
    ]);
    const alias = (type: string, name: string) => g.one(type, name).options.aliases;
    expect(alias(T.attach, "orders-tg-app-target-10.0.0.2")).toEqual([
      expect.stringMatching(
        /\$aws:vpclattice\/targetGroupAttachment:TargetGroupAttachment::orders-tg-app-target-1$/,
      ),
    ]);
    expect(alias(T.attach, "orders-tg-hook-target")).toEqual([
      expect.stringMatching(/::orders-tg-hook-target-0$/),
    ]);
    // Service network associations: the key's position in the record is the old list position.
    const assoc = `urn:pulumi:dev::berth::${LATTICE_SERVICE_TYPE}$${T.assoc}`;
    expect(alias(T.assoc, "orders-sn-platform")).toEqual([`${assoc}::orders-sn-0`]);
    expect(alias(T.assoc, "orders-sn-shared")).toEqual([`${assoc}::orders-sn-1`]);
    // Listeners and rules were keyed by name already: no alias.
    expect(alias(T.listener, "orders-https-443")).toEqual([]);
  });

  it("refuses the former list of service networks with the advice, and keys that cannot name a child", async () => {
    const list = await errorOf(
      plan(() => {
        new LatticeService("orders", {
          serviceNetworks: [pulumi.output(SN[0] as string)],
          targetGroups: { app: { type: "IP", vpcId: "vpc-1" } },
        } as unknown as LatticeServiceArgs);
      }),
    );
    expect(list).toBe(
      'Invalid arguments for berth:lattice:LatticeService "orders":\n' +
        '  - serviceNetworks: got ["(known at deployment)"]; allowed: an object of service network ids or ARNs keyed by a name you choose (a list is no longer accepted). Hint: write `serviceNetworks: { platform: network.serviceNetworkId }`, keys in the order of the old list (the associations keep their state through aliases)',
    );
    const keys = await errorOf(
      plan(() => {
        new LatticeService("orders", {
          serviceNetworks: { "a b": SN[0] as string, "0": SN[1] as string, "sn-x": SN[2] as string },
          targetGroups: { app: { type: "IP", vpcId: "vpc-1" } },
        });
      }),
    );
    expect(keys.split("\n").slice(1)).toEqual([
      '  - serviceNetworks: got "0"; allowed: keys of 1 to 63 letters, digits and hyphens, starting with a letter (each key names a child).',
      '  - serviceNetworks: got "a b"; allowed: keys of 1 to 63 letters, digits and hyphens, starting with a letter (each key names a child).',
    ]);
    const shape = await errorOf(
      plan(() => {
        new LatticeService("orders", {
          serviceNetworks: SN[0],
          targetGroups: { app: { type: "IP", vpcId: "vpc-1" } },
        } as unknown as LatticeServiceArgs);
      }),
    );
    expect(shape.split("\n").slice(1)).toEqual([
      '  - serviceNetworks: got "sn-0123456789abcdef0"; allowed: an object of service network ids or ARNs keyed by a name you choose, e.g. `serviceNetworks: { platform: network.serviceNetworkId }`.',
    ]);
  });

  it("asks for a key for a target whose id is known only at deployment, and refuses one listed twice", async () => {
    const m = await errorOf(
      plan(() => {
        new LatticeService("orders", {
          serviceNetworks: {
            shared: SN[0] as string,
            again: `arn:aws:vpc-lattice:us-east-1:123456789012:servicenetwork/${SN[0]}`,
          },
          targetGroups: {
            app: {
              type: "IP",
              vpcId: "vpc-1",
              targets: [{ id: pulumi.output("10.0.0.1") }, { id: "10.0.0.2" }, { id: "10.0.0.2", port: 81 }],
            },
            fn: {
              type: "LAMBDA",
              targets: [{ id: pulumi.output("arn:aws:lambda:us-east-1:123456789012:function:f"), key: "f" }],
            },
          },
          listeners: [{ forward: { app: 1 } }],
        });
      }),
    );
    expect(m.split("\n").slice(1)).toEqual([
      "  - targetGroups.app.targets[0].key: got undefined; allowed: a key naming the target's attachment (required when the id is known only at deployment).",
      '  - targetGroups.app.targets[2]: got "10.0.0.2"; allowed: a target unique in the group (targets[1] has the same id or key).',
      '  - targetGroups.fn.targets[0].key: got "f"; allowed: unset for a LAMBDA target (its one attachment is named by the group).',
      '  - serviceNetworks.again: got "arn:aws:vpc-lattice:us-east-1:123456789012:servicenetwork/sn-0123456789abcdef0"; allowed: a service network not listed already (serviceNetworks.shared is sn-0123456789abcdef0).',
    ]);
  });
});

describe("ServiceNetwork children are keyed by value or by the caller's key", () => {
  const network =
    (vpcs: ServiceNetworkArgs["vpcAssociations"], shareWith: ServiceNetworkArgs["shareWith"]) => () => {
      new ServiceNetwork("mesh", { vpcAssociations: vpcs, shareWith });
    };
  const vpc = (vpcId: string) => ({ vpcId, securityGroupIds: ["sg-1"] });

  it("removing the first VPC and principal and reordering the rest changes no other child", async () => {
    const before = await plan(
      network([vpc("vpc-0a"), vpc("vpc-0b"), vpc("vpc-0c")], {
        first: "111111111111",
        second: pulumi.output("222222222222"),
        third: "333333333333",
      }),
    );
    const after = await plan(
      network([vpc("vpc-0c"), vpc("vpc-0b")], {
        third: "333333333333",
        second: pulumi.output("222222222222"),
      }),
    );
    const types = [T.vpc, T.principal];
    const kept = children(before, types).filter(([urn]) => !/(vpc-0a|share-first)$/.test(urn));
    expect(kept).toHaveLength(4);
    expect(children(after, types)).toEqual(kept);
    expect(after.ofType(T.vpc).map((a) => [a.name, a.options.aliases])).toEqual([
      ["mesh-vpc-vpc-0c", [expect.stringMatching(/::mesh-vpc-0$/)]],
      ["mesh-vpc-vpc-0b", [expect.stringMatching(/::mesh-vpc-1$/)]],
    ]);
    const byName = (a: readonly unknown[], b: readonly unknown[]) => String(a[0]).localeCompare(String(b[0]));
    expect(
      before
        .ofType(T.principal)
        .map((p) => [p.name, p.inputs["principal"]])
        .sort(byName),
    ).toEqual([
      ["mesh-share-first", "111111111111"],
      ["mesh-share-second", "222222222222"],
      ["mesh-share-third", "333333333333"],
    ]);
    expect(
      after
        .ofType(T.principal)
        .map((p) => p.name)
        .sort(),
    ).toEqual(["mesh-share-second", "mesh-share-third"]);
  });

  it("names a VPC known only at deployment by its key, and asks for one when it is missing", async () => {
    const g = await plan(
      network([{ key: "platform", vpcId: pulumi.output("vpc-0a"), securityGroupIds: ["sg-1"] }], {}),
    );
    expect(g.one(T.vpc).name).toBe("mesh-vpc-platform");
    const m = await errorOf(
      plan(
        network(
          [
            { vpcId: pulumi.output("vpc-0a"), securityGroupIds: ["sg-1"] },
            { key: "x", vpcId: "vpc-0b", securityGroupIds: ["sg-1"] },
            { key: "x", vpcId: "vpc-0c", securityGroupIds: ["sg-1"] },
            { key: "a::b", vpcId: "vpc-0d", securityGroupIds: ["sg-1"] },
          ],
          {},
        ),
      ),
    );
    expect(m.split("\n").slice(1)).toEqual([
      "  - vpcAssociations[0].key: got undefined; allowed: a key naming the association (required when the vpcId is known only at deployment).",
      '  - vpcAssociations[2].key: got "x"; allowed: a key unique in vpcAssociations (vpcAssociations[1] has it).',
      "  - vpcAssociations[3].key: got \"a::b\"; allowed: 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit.",
    ]);
  });

  it("keeps the former positional names of the principal associations as aliases", async () => {
    const g = await plan(network([], { security: pulumi.output("111111111111"), audit: "222222222222" }));
    const principal = `urn:pulumi:dev::berth::berth:lattice:ServiceNetwork$${T.principal}`;
    expect(g.one(T.principal, "mesh-share-security").options.aliases).toEqual([`${principal}::mesh-share-0`]);
    expect(g.one(T.principal, "mesh-share-audit").options.aliases).toEqual([`${principal}::mesh-share-1`]);
  });

  it("refuses the former list of principals with the advice, one principal twice, and a bad one once known", async () => {
    const list = await errorOf(
      plan(network([], ["111111111111"] as unknown as ServiceNetworkArgs["shareWith"])),
    );
    expect(list).toBe(
      'Invalid arguments for berth:lattice:ServiceNetwork "mesh":\n' +
        '  - shareWith: got ["111111111111"]; allowed: an object of RAM principals keyed by a name you choose (a list is no longer accepted). Hint: write `shareWith: { security: "123456789012" }`, keys in the order of the old list (the principal associations keep their state through aliases)',
    );
    const twice = await errorOf(
      plan(network([], { security: "111111111111", audit: "111111111111", nobody: undefined as never })),
    );
    expect(twice.split("\n").slice(1)).toEqual([
      "  - shareWith.nobody: got undefined; allowed: a 12-digit account id, an organization ARN or an OU ARN (required).",
      '  - shareWith.audit: got "111111111111"; allowed: a principal not listed already (shareWith.security has it).',
    ]);
    const late = await errorOf(plan(network([], { partner: pulumi.output("everyone") })));
    expect(late).toContain(
      '  - shareWith.partner: got "everyone"; allowed: a 12-digit account id, an organization ARN or an OU ARN.',
    );
  });
});
