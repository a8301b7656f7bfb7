import { readFileSync } from "node:fs";
import { join } from "node:path";
import { allow, BerthValidationError } from "@berth/core";
import * as pulumi from "@pulumi/pulumi";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_INSTANCE_TYPES,
  type EksClusterArgs,
  type ManagedNodeGroupArgs,
  type PodIdentityRoleArgs,
  type ResolvedEksClusterArgs,
  resolveEksClusterArgs,
  resolvePodIdentityRoleArgs,
} from "../src";

const TODAY = new Date("2026-11-22T12:00:00Z");
const MINIMAL: EksClusterArgs = {
  vpcId: "vpc-0123456789abcdef0",
  subnetIds: ["subnet-aaaaaaaaaaaaaaaaa", "subnet-bbbbbbbbbbbbbbbbb"],
  managedNodeGroups: [{ name: "general" }],
};
const resolve = (extra: Partial<EksClusterArgs> = {}, name = "c") =>
  resolveEksClusterArgs(name, { ...MINIMAL, ...extra }, TODAY);
const issuePaths = (f: () => unknown): string[] => {
  try {
    f();
  } catch (e) {
    if (e instanceof BerthValidationError) return e.issues.map((i) => i.path);
    throw e;
  }
  return [];
};

describe("resolveEksClusterArgs: every default, without a mock engine", () => {
  it("fills the defaults of minimal arguments", () => {
    const { args, ...r } = resolve();
    expect(args).toEqual(MINIMAL);
    expect(r).toEqual({
      version: "1.35",
      supportType: "STANDARD",
      supportWarning: undefined,
      // Outside a Pulumi program the stack is `stack`.
      clusterName: "c-stack",
      endpointPublicAccess: false,
      logRetentionDays: 90,
      deletionProtection: false,
      autoMode: false,
      autoModeNodePools: ["general-purpose", "system"],
      createOidcProvider: false,
      networkPolicy: true,
      addonVersions: {},
      ebsCsiDriver: true,
      efsCsiDriver: true,
      loadBalancerController: true,
      loadBalancerControllerChartVersion: "3.5.0",
      fsxLustreCsiDriver: false,
      fsxOntapCsiDriver: false,
      fsxOntapSvmName: "svm1",
      tags: { "berth:component": "berth:eks:Cluster", "berth:name": "c" },
      awake: undefined,
      managedNodeGroups: [
        {
          name: "general",
          architecture: "arm64",
          capacityType: "ON_DEMAND",
          amiType: "AL2023_ARM_64_STANDARD",
          instanceTypes: ["m7g.large"],
          minSize: 2,
          maxSize: 4,
          desiredSize: 2,
          labels: {},
          taints: [],
          updateConfig: { maxUnavailable: 1 },
          nodeRepair: true,
          diskSizeGiB: 50,
          metadataHopLimit: 1,
          awakeFloor: 0,
          subnetIds: undefined,
          childName: "c-general",
        },
      ],
      selfManagedNodeGroups: [],
      fargateProfiles: [],
      fargateOnly: false,
      access: [],
      names: {
        kmsKey: "c-secrets",
        logGroup: "c-control-plane",
        cluster: "c-eks",
        provider: "c-k8s",
        roles: {
          cluster: "c-cluster",
          node: "c-node",
          ebsCsi: "c-ebs-csi",
          efsCsi: "c-efs-csi",
          lbController: "c-lb-controller",
        },
        launchTemplates: { general: "c-general" },
      },
    });
  });

  const cases: Array<[string, Partial<EksClusterArgs>, (r: ResolvedEksClusterArgs) => unknown, unknown]> = [
    [
      "a self-managed group",
      {
        managedNodeGroups: [],
        selfManagedNodeGroups: [{ name: "mixed", instanceTypes: ["m7g.large", "m6g.large"] }],
      },
      (r) => {
        const {
          childName,
          minSize,
          maxSize,
          desiredSize,
          onDemandBaseCapacity,
          onDemandPercentageAboveBaseCapacity,
          diskSizeGiB,
          metadataHopLimit,
          awakeFloor,
          architecture,
        } = r.selfManagedNodeGroups[0] ?? {};
        return {
          childName,
          minSize,
          maxSize,
          desiredSize,
          onDemandBaseCapacity,
          onDemandPercentageAboveBaseCapacity,
          diskSizeGiB,
          metadataHopLimit,
          awakeFloor,
          architecture,
          instanceProfile: r.names.instanceProfile,
          role: r.names.roles.selfManagedNode,
        };
      },
      {
        childName: "c-mixed",
        minSize: 1,
        maxSize: 4,
        desiredSize: 1,
        onDemandBaseCapacity: 1,
        onDemandPercentageAboveBaseCapacity: 0,
        diskSizeGiB: 50,
        metadataHopLimit: 1,
        awakeFloor: 0,
        architecture: "arm64",
        instanceProfile: "c-self-managed-node",
        role: "c-self-managed-node",
      },
    ],
    [
      "only Fargate: CoreDNS on Fargate, no controllers",
      { managedNodeGroups: [], fargateProfiles: [{ name: "apps", selectors: [{ namespace: "apps" }] }] },
      (r) => [
        r.fargateOnly,
        r.ebsCsiDriver,
        r.efsCsiDriver,
        r.loadBalancerController,
        r.fargateProfiles[0]?.selectors,
        r.names.roles.fargate,
      ],
      [true, false, false, false, [{ namespace: "apps", labels: {} }], "c-fargate"],
    ],
    [
      "Auto Mode: no controllers",
      { managedNodeGroups: [], autoMode: true },
      (r) => [r.ebsCsiDriver, r.efsCsiDriver, r.loadBalancerController, r.names.roles],
      [false, false, false, { cluster: "c-cluster" }],
    ],
    [
      "public CIDRs open the public endpoint",
      { publicAccessCidrs: ["203.0.113.0/24"] },
      (r) => r.endpointPublicAccess,
      true,
    ],
    [
      "a percentage replaces maxUnavailable",
      { managedNodeGroups: [{ name: "g", maxUnavailablePercentage: 25 }] },
      (r) => r.managedNodeGroups[0]?.updateConfig,
      { maxUnavailablePercentage: 25 },
    ],
    [
      "taint values default to empty",
      { managedNodeGroups: [{ name: "g", taints: [{ key: "k", effect: "NO_SCHEDULE" }] }] },
      (r) => r.managedNodeGroups[0]?.taints,
      [{ key: "k", value: "", effect: "NO_SCHEDULE" }],
    ],
    [
      "access entries in argument order with their former positional names",
      {
        admins: ["arn:aws:iam::123456789012:role/a"],
        namespaceEditors: [{ principalArn: "arn:aws:iam::123456789012:role/t", namespaces: ["t"] }],
      },
      (r) => r.access.map((a) => [a.policy, a.path, a.formerName]),
      [
        ["AmazonEKSClusterAdminPolicy", "admins[0]", "c-admin-0"],
        ["AmazonEKSEditPolicy", "namespaceEditors[0].principalArn", "c-editor-0"],
      ],
    ],
  ];
  for (const [what, extra, pick, expected] of cases) {
    it(what, () => expect(pick(resolve(extra))).toEqual(expected));
  }
});

describe("resolveEksClusterArgs: properties", () => {
  const groupArb = fc.record(
    {
      architecture: fc.constantFrom("arm64" as const, "x86_64" as const),
      capacityType: fc.constantFrom("ON_DEMAND" as const, "SPOT" as const),
      minSize: fc.integer({ min: 0, max: 4 }),
    },
    { requiredKeys: [] },
  );

  it("a managed group's instance types, AMI type and desired size follow its architecture, capacity and minSize", () => {
    fc.assert(
      fc.property(groupArb, (g) => {
        const r = resolve({ managedNodeGroups: [{ name: "g", ...g }] }).managedNodeGroups[0];
        const arch = g.architecture ?? "arm64";
        expect(r?.instanceTypes).toEqual(DEFAULT_INSTANCE_TYPES[arch][g.capacityType ?? "ON_DEMAND"]);
        expect(r?.amiType).toBe(arch === "arm64" ? "AL2023_ARM_64_STANDARD" : "AL2023_x86_64_STANDARD");
        expect(r?.desiredSize).toBe(g.minSize ?? 2);
      }),
    );
  });

  it("disk size, hop limit and maxUnavailable are integers in their ranges, named by path", () => {
    const fields: Array<[keyof ManagedNodeGroupArgs, number, number]> = [
      ["diskSizeGiB", 20, 16384],
      ["metadataHopLimit", 1, 64],
      ["maxUnavailable", 1, 100],
      ["maxUnavailablePercentage", 1, 100],
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...fields),
        fc.oneof(fc.integer({ min: -100, max: 20_000 }), fc.double({ noNaN: true, min: -10, max: 100 })),
        ([field, min, max], n) => {
          const paths = issuePaths(() => resolve({ managedNodeGroups: [{ name: "g", [field]: n }] }));
          const ok = Number.isInteger(n) && n >= min && n <= max;
          expect(paths).toEqual(ok ? [] : [`managedNodeGroups[0].${field}`]);
        },
      ),
    );
  });

  it("children are keyed by group name: removing the first group and reordering the rest renames nothing", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/), { minLength: 2, maxLength: 5 }),
        (names) => {
          const before = resolve({ managedNodeGroups: names.map((name) => ({ name })) }).names
            .launchTemplates;
          const rest = names.slice(1).reverse();
          const after = resolve({ managedNodeGroups: rest.map((name) => ({ name })) }).names.launchTemplates;
          for (const n of rest) expect(after[n]).toBe(before[n]);
        },
      ),
    );
  });

  it("anything at all either resolves or fails with one BerthValidationError, never a TypeError", () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom("vpcId", "subnetIds", "managedNodeGroups", "version", "tags", "awake", "admins"),
          fc.anything(),
        ),
        (junk) => {
          try {
            resolveEksClusterArgs("c", { ...MINIMAL, ...junk } as EksClusterArgs, TODAY);
          } catch (e) {
            expect(e).toBeInstanceOf(BerthValidationError);
          }
        },
      ),
    );
  });
});

describe("README argument defaults agree with resolveEksClusterArgs", () => {
  const readme = readFileSync(join(__dirname, "..", "README.md"), "utf8");
  /** The default of a table cell, when it is one JSON literal. */
  const literal = (cell: string): { value: unknown } | undefined => {
    // Only a plain literal, or one followed by a parenthesis: `true` iff ... is a rule, not a value.
    const m = /^`([^`]+)`(\s*\(.*\))?$/.exec(cell.trim());
    if (!m?.[1]) return undefined;
    try {
      return { value: JSON.parse(m[1]) };
    } catch {
      return undefined;
    }
  };

  it("the EksClusterArgs table", () => {
    const r = resolve({ managedNodeGroups: undefined, autoMode: true }) as unknown as Record<string, unknown>;
    const rMinimal = resolve() as unknown as Record<string, unknown>;
    const rows = [...readme.matchAll(/^\| `(\w+)` \| ([^|]+) \|/gm)];
    let compared = 0;
    for (const [, arg, cell] of rows) {
      // `tags` resolves to the given tags merged with the component's own (the row says so).
      if (arg === undefined || cell === undefined || !(arg in rMinimal) || arg === "tags") continue;
      const given = literal(cell);
      if (!given) continue;
      // The minimal arguments give a node group; the Auto Mode node pools only count in Auto Mode.
      const fromAutoMode = [
        "autoModeNodePools",
        "managedNodeGroups",
        "selfManagedNodeGroups",
        "fargateProfiles",
      ];
      const actual = fromAutoMode.includes(arg) ? r[arg] : rMinimal[arg];
      expect({ arg, value: actual }).toEqual({ arg, value: given.value });
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(10);
  });

  for (const [heading, pick] of [
    ["Managed node group (`ManagedNodeGroupArgs`)", (r: ResolvedEksClusterArgs) => r.managedNodeGroups[0]],
    [
      "Self-managed group (`SelfManagedNodeGroupArgs`)",
      (r: ResolvedEksClusterArgs) => r.selfManagedNodeGroups[0],
    ],
  ] as const) {
    it(`the ${heading.split(" (")[0]} paragraph`, () => {
      const r = resolve({
        managedNodeGroups: [{ name: "g" }],
        selfManagedNodeGroups: [{ name: "s", instanceTypes: ["m7g.large", "m6g.large"] }],
      });
      const group = pick(r) as unknown as Record<string, unknown>;
      const start = readme.indexOf(heading);
      const text = readme.slice(start, readme.indexOf("\n\n", start));
      let compared = 0;
      for (const [, field, raw] of text.matchAll(/`(\w+)` (`[^`]+`|\d+)/g)) {
        if (field === undefined || raw === undefined || !(field in group)) continue;
        const value = JSON.parse(raw.replace(/`/g, ""));
        expect({ field, value: group[field] }).toEqual({ field, value });
        compared++;
      }
      expect(compared).toBeGreaterThanOrEqual(6);
    });
  }
});

describe("resolvePodIdentityRoleArgs", () => {
  const base: PodIdentityRoleArgs = {
    clusterName: "apps",
    clusterArn: "arn:aws:eks:eu-west-1:123456789012:cluster/apps",
    namespace: "reports",
    serviceAccount: "reports",
  };

  it("names every child from the policies given, without a mock engine", () => {
    const r = resolvePodIdentityRoleArgs("r", {
      ...base,
      statements: [allow(["s3:GetObject"], ["arn:aws:s3:::b/*"])],
      managedPolicyArns: ["arn:aws:iam::123456789012:policy/team/ReadReports"],
      awsManagedPolicies: ["service-role/AmazonEBSCSIDriverPolicy"],
    });
    expect(r.names).toEqual({
      role: "r",
      policy: "r-policy",
      managedPolicyArns: [
        { child: "r-managed-ReadReports", policyArn: "arn:aws:iam::123456789012:policy/team/ReadReports" },
      ],
      awsManagedPolicies: [
        { child: "r-AmazonEBSCSIDriverPolicy", policy: "service-role/AmazonEBSCSIDriverPolicy" },
      ],
      association: "r-association",
    });
  });

  it("no inline policy without statements; a role without permissions is refused", () => {
    expect(
      resolvePodIdentityRoleArgs("r", { ...base, awsManagedPolicies: ["ReadOnlyAccess"] }).names.policy,
    ).toBe(undefined);
    expect(issuePaths(() => resolvePodIdentityRoleArgs("r", base))).toEqual(["statements"]);
  });
});

describe("PodIdentityRole managed policies are keyed by policy name", () => {
  const base: PodIdentityRoleArgs = {
    clusterName: "apps",
    clusterArn: "arn:aws:eks:eu-west-1:123456789012:cluster/apps",
    namespace: "reports",
    serviceAccount: "reports",
  };
  const arn = (n: string) => `arn:aws:iam::123456789012:policy/${n}`;
  const fail = (args: PodIdentityRoleArgs): string => {
    try {
      resolvePodIdentityRoleArgs("r", args);
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
    throw new Error("expected a failure");
  };

  it("removing the first and reordering the rest renames no attachment", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,10}$/), { minLength: 2, maxLength: 6 }),
        (names) => {
          const children = (ns: string[]) =>
            new Map(
              resolvePodIdentityRoleArgs("r", {
                ...base,
                managedPolicyArns: ns.map(arn),
              }).names.managedPolicyArns.map((m) => [m.policyArn, m.child]),
            );
          const before = children(names);
          for (const [policyArn, child] of children(names.slice(1).reverse()))
            expect(child).toBe(before.get(policyArn));
        },
      ),
    );
  });

  it("refuses an ARN known only at deployment (it cannot name a child) and two policies of one name", () => {
    const output = pulumi.output(arn("Reports")) as unknown as string;
    expect(fail({ ...base, managedPolicyArns: [output, arn("a/Reports"), arn("b/Reports")] })).toBe(
      'Invalid arguments for berth:eks:PodIdentityRole "r":\n' +
        '  - managedPolicyArns[0]: got "(an Output)"; allowed: an IAM policy ARN as a plain string. Hint: each attachment is named after its policy ARN; write the ARN, or give a policy made in this program as statements\n' +
        '  - managedPolicyArns[2]: got "arn:aws:iam::123456789012:policy/b/Reports"; allowed: managed policies with distinct names.',
    );
  });
});
