import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cidrPrefix, type EksClusterArgs, isGravitonType, validateEksClusterArgs } from "../src";
import { baseArgs, failure } from "./helpers";

const TODAY = new Date("2026-11-22T12:00:00Z");
const HEAD = 'Invalid arguments for berth:eks:EksCluster "c":\n';
const issuesOf = (args: EksClusterArgs) => validateEksClusterArgs("c", args, TODAY);
const paths = (args: EksClusterArgs) => issuesOf(args).map((i) => i.path);

describe("each bad input and its message", () => {
  it("an unsupported Kubernetes version", async () => {
    expect(await failure(baseArgs({ version: "1.29" }))).toBe(
      `${HEAD}  - version: got "1.29"; allowed: one of 1.36, 1.35, 1.34, 1.33, 1.32, 1.31. Hint: give a minor version such as 1.35; the list is kept in @berth/eks-cluster src/versions.ts`,
    );
  });

  it("fewer than two subnets", async () => {
    expect(await failure(baseArgs({ subnetIds: ["subnet-aaaaaaaaaaaaaaaaa"] }))).toBe(
      `${HEAD}  - subnetIds: got ["subnet-aaaaaaaaaaaaaaaaa"]; allowed: at least 2 subnets, in at least 2 Availability Zones. Hint: EKS places control plane network interfaces in two Availability Zones`,
    );
  });

  it("a public endpoint without CIDRs", async () => {
    expect(await failure(baseArgs({ endpointPublicAccess: true }))).toBe(
      `${HEAD}  - publicAccessCidrs: got []; allowed: a non-empty list of CIDRs allowed to reach the public endpoint. Hint: the public endpoint is opened only to named networks; leave endpointPublicAccess unset for a private endpoint`,
    );
  });

  it("CIDRs for an endpoint that is explicitly private", async () => {
    expect(
      await failure(baseArgs({ endpointPublicAccess: false, publicAccessCidrs: ["203.0.113.0/24"] })),
    ).toBe(
      `${HEAD}  - endpointPublicAccess: got false; allowed: true (or unset) when publicAccessCidrs is given.`,
    );
  });

  it("the whole internet as a public CIDR, also as a union of narrower blocks", async () => {
    const hint = "Hint: name your office, VPN or CI networks; use the private endpoint from inside the VPC";
    const allowed = "allowed: CIDR blocks that do not together cover the whole internet (0.0.0.0/0 or ::/0).";
    expect(await failure(baseArgs({ publicAccessCidrs: ["0.0.0.0/0"] }))).toBe(
      `${HEAD}  - publicAccessCidrs: got ["0.0.0.0/0"]; ${allowed} ${hint}`,
    );
    expect(await failure(baseArgs({ publicAccessCidrs: ["0.0.0.0/1", "128.0.0.0/1"] }))).toBe(
      `${HEAD}  - publicAccessCidrs: got ["0.0.0.0/1","128.0.0.0/1"]; ${allowed} ${hint}`,
    );
    expect(await failure(baseArgs({ publicAccessCidrs: ["203.0.113.7/24"] }))).toBe(
      `${HEAD}  - publicAccessCidrs[0]: got "203.0.113.7/24"; allowed: a CIDR block with its host bits zero (10.0.0.0/16, 2001:db8::/32). Hint: the bits after the prefix length must be zero`,
    );
  });

  it("a Fargate profile without selectors", async () => {
    expect(await failure(baseArgs({ fargateProfiles: [{ name: "apps", selectors: [] }] }))).toBe(
      `${HEAD}  - fargateProfiles[0].selectors: got []; allowed: 1 to 5 selectors. Hint: a Fargate profile without selectors schedules no pods; select a namespace (and labels)`,
    );
  });

  it("a Spot node group with one instance type", async () => {
    expect(
      await failure(
        baseArgs({
          managedNodeGroups: [{ name: "spot", capacityType: "SPOT", instanceTypes: ["m7g.large"] }],
        }),
      ),
    ).toBe(
      `${HEAD}  - managedNodeGroups[0].instanceTypes: got ["m7g.large"]; allowed: at least 2 instance types for a Spot node group. Hint: one Spot pool can be reclaimed all at once; add similar types (e.g. m7g.large, m6g.large, c7g.xlarge)`,
    );
  });

  it("a self-managed group with Spot capacity and one instance type", async () => {
    expect(
      await failure(baseArgs({ selfManagedNodeGroups: [{ name: "batch", instanceTypes: ["c7g.large"] }] })),
    ).toBe(
      `${HEAD}  - selfManagedNodeGroups[0].instanceTypes: got ["c7g.large"]; allowed: at least 2 instance types when any capacity is Spot. Hint: one Spot pool can be reclaimed all at once; add similar types, or set onDemandPercentageAboveBaseCapacity to 100`,
    );
  });

  it("no compute at all", async () => {
    expect(await failure(baseArgs({ managedNodeGroups: [] }))).toBe(
      `${HEAD}  - managedNodeGroups: got []; allowed: at least one managed node group, self-managed node group or Fargate profile, or autoMode: true. Hint: CoreDNS and the controllers need somewhere to run; without compute their add-ons end DEGRADED`,
    );
  });

  it("an x86 instance type in a Graviton group", async () => {
    expect(
      await failure(baseArgs({ managedNodeGroups: [{ name: "g", instanceTypes: ["m7i.large"] }] })),
    ).toBe(
      `${HEAD}  - managedNodeGroups[0].instanceTypes[0]: got "m7i.large"; allowed: a Graviton (arm64) instance type such as m7g.large. Hint: set architecture to "x86_64" or pick a matching type`,
    );
  });

  it("Auto Mode with node groups and an explicit controller install", async () => {
    expect(await failure(baseArgs({ autoMode: true, loadBalancerController: true }))).toBe(
      `${HEAD}  - managedNodeGroups: got ["general"]; allowed: none with autoMode. Hint: Auto Mode runs the nodes; use its node pools\n` +
        "  - loadBalancerController: got true; allowed: false or unset with autoMode. Hint: Auto Mode includes load balancing",
    );
  });

  it("reports every issue at once", () => {
    expect(
      paths(
        baseArgs({
          version: "2.0",
          subnetIds: [],
          logRetentionDays: 10,
          admins: ["not-an-arn"],
          managedNodeGroups: [
            { name: "Bad_Name", minSize: 5, maxSize: 2, maxUnavailable: 1, maxUnavailablePercentage: 10 },
          ],
        }),
      ),
    ).toEqual([
      "version",
      "subnetIds",
      "logRetentionDays",
      "admins[0]",
      "managedNodeGroups[0].name",
      "managedNodeGroups[0].maxUnavailable",
      "managedNodeGroups[0].minSize",
    ]);
  });

  it("rejects a principal given twice and an EXTENDED-only version on STANDARD", () => {
    const arn = "arn:aws:iam::123456789012:role/ops";
    expect(paths(baseArgs({ admins: [arn], viewers: [arn] }))).toEqual(["viewers[0]"]);
    expect(paths(baseArgs({ version: "1.33" }))).toEqual(["version"]);
    expect(paths(baseArgs({ version: "1.33", supportType: "EXTENDED" }))).toEqual([]);
  });
});

describe("properties", () => {
  const octet = fc.integer({ min: 0, max: 255 });
  const cidr4 = fc
    .tuple(octet, octet, octet, octet, fc.integer({ min: 0, max: 32 }))
    .map(([a, b, c, d, p]) => ({ cidr: `${a}.${b}.${c}.${d}/${p}`, prefix: p }));

  it("public CIDRs: the internet split into 2^k blocks is rejected, any proper subset of them is accepted", () => {
    const block = (k: number, i: number) => {
      const start = (i * 2 ** (32 - k)) >>> 0;
      return `${[24, 16, 8, 0].map((sh) => (start >>> sh) & 255).join(".")}/${k}`;
    };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), fc.nat(), (k, drop) => {
        const all = Array.from({ length: 2 ** k }, (_, i) => block(k, i));
        expect(paths(baseArgs({ publicAccessCidrs: all }))).toEqual(["publicAccessCidrs"]);
        if (all.length > 1) {
          const some = all.filter((_, i) => i !== drop % all.length);
          expect(paths(baseArgs({ publicAccessCidrs: some }))).toEqual([]);
        }
      }),
    );
  });

  it("public CIDRs with host bits set are rejected at their index", () => {
    fc.assert(
      fc.property(fc.array(cidr4, { minLength: 1, maxLength: 6 }), (list) => {
        const got = paths(baseArgs({ publicAccessCidrs: list.map((c) => c.cidr) }));
        const hostBits = list.flatMap((c, i) => {
          const [a, b, cc, d] = c.cidr.split("/")[0]?.split(".").map(Number) ?? [];
          const n = ((((a ?? 0) << 24) | ((b ?? 0) << 16) | ((cc ?? 0) << 8) | (d ?? 0)) >>> 0) as number;
          const mask = c.prefix === 0 ? 0 : (0xffffffff << (32 - c.prefix)) >>> 0;
          return (n & ~mask) >>> 0 !== 0 ? [`publicAccessCidrs[${i}]`] : [];
        });
        if (hostBits.length > 0) expect(got).toEqual(hostBits);
        else expect(got.every((p) => p === "publicAccessCidrs")).toBe(true);
      }),
    );
    expect(cidrPrefix("::/0")).toBe(0);
    expect(cidrPrefix("2001:db8::/32")).toBe(32);
    expect(cidrPrefix("300.1.1.1/8")).toBeUndefined();
  });

  it("subnet lists are accepted exactly when they hold two or more distinct ids", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^[0-9a-f]{17}$/), { maxLength: 6 }), (ids) => {
        const got = paths(baseArgs({ subnetIds: ids.map((h) => `subnet-${h}`) }));
        expect(got.includes("subnetIds")).toBe(ids.length < 2);
      }),
    );
  });

  const graviton = fc.constantFrom(
    "m7g.large",
    "m6g.large",
    "c7g.xlarge",
    "r7g.large",
    "m8g.large",
    "t4g.medium",
    "c7gn.large",
  );
  const x86 = fc.constantFrom(
    "m7i.large",
    "m6i.large",
    "c7a.xlarge",
    "r7i.large",
    "t3.medium",
    "m5dn.large",
    "g5.xlarge",
  );

  it("a Spot group is valid exactly when it has two or more distinct matching types", () => {
    fc.assert(
      fc.property(fc.uniqueArray(graviton, { minLength: 1, maxLength: 5 }), (types) => {
        const got = paths(
          baseArgs({ managedNodeGroups: [{ name: "s", capacityType: "SPOT", instanceTypes: types }] }),
        );
        expect(got.length === 0).toBe(types.length >= 2);
      }),
    );
  });

  it("Graviton detection separates arm64 from x86_64 types", () => {
    fc.assert(fc.property(graviton, (t) => isGravitonType(t)));
    fc.assert(fc.property(x86, (t) => !isGravitonType(t)));
  });

  it("Fargate profiles are valid exactly with 1 to 5 selectors", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8 }), (n) => {
        const selectors = Array.from({ length: n }, (_, i) => ({ namespace: `ns-${i}` }));
        const got = paths(baseArgs({ fargateProfiles: [{ name: "p", selectors }] }));
        expect(got.length === 0).toBe(n >= 1 && n <= 5);
      }),
    );
  });

  it("node group sizes are valid exactly when 0 <= min <= desired <= max and max >= 1", () => {
    fc.assert(
      fc.property(fc.nat(6), fc.nat(6), fc.nat(6), (minSize, desiredSize, maxSize) => {
        const got = paths(baseArgs({ managedNodeGroups: [{ name: "g", minSize, desiredSize, maxSize }] }));
        expect(got.length === 0).toBe(minSize <= desiredSize && desiredSize <= maxSize && maxSize >= 1);
      }),
    );
  });
});

describe("Fargate-only clusters and Pod Identity", () => {
  it("turn the Pod Identity controllers off by default and reject them when asked for", async () => {
    const fargateOnly = {
      managedNodeGroups: [],
      fargateProfiles: [{ name: "apps", selectors: [{ namespace: "apps" }] }],
    };
    expect(paths(baseArgs(fargateOnly))).toEqual([]);
    expect(await failure(baseArgs({ ...fargateOnly, loadBalancerController: true }))).toBe(
      `${HEAD}  - loadBalancerController: got true; allowed: false or unset on a cluster with only Fargate compute. Hint: its controller authenticates with EKS Pod Identity, which Fargate pods cannot use; add a node group`,
    );
  });
});
