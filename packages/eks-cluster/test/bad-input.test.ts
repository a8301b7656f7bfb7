import * as pulumi from "@pulumi/pulumi";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type EksClusterArgs, validateEksClusterArgs } from "../src";
import { baseArgs, captureCluster, failure } from "./helpers";

const HEAD = 'Invalid arguments for berth:eks:EksCluster "c":\n';
const TODAY = new Date("2026-11-22T12:00:00Z");
/** Arguments as a JavaScript or YAML caller may pass them, past TypeScript's checks. */
const loose = (args: Record<string, unknown>) => args as unknown as EksClusterArgs;
const paths = (args: EksClusterArgs, name = "c") =>
  validateEksClusterArgs(name, args, TODAY).map((i) => i.path);

describe("required arguments and wrong shapes: a clear error, never a TypeError", () => {
  it("no arguments at all", async () => {
    expect(await failure(loose(undefined as unknown as Record<string, unknown>))).toBe(
      `${HEAD}  - args: got undefined; allowed: an object with at least vpcId, subnetIds and some compute.`,
    );
  });

  it("vpcId and subnetIds left out (never the default VPC)", async () => {
    expect(await failure(loose({ managedNodeGroups: [{ name: "general" }] }))).toBe(
      `${HEAD}  - vpcId: got undefined; allowed: the id of the cluster's VPC (vpc-...) (required).\n` +
        "  - subnetIds: got undefined; allowed: a list of at least 2 private subnet ids (required).",
    );
  });

  it("a subnet list given as one comma-separated string, and node groups without their required fields", async () => {
    expect(
      await failure(
        loose({
          vpcId: "vpc-0123456789abcdef0",
          subnetIds: "subnet-aaaaaaaaaaaaaaaaa,subnet-bbbbbbbbbbbbbbbbb",
          managedNodeGroups: [{ minSize: 1 }],
          selfManagedNodeGroups: [{ name: "batch" }],
          fargateProfiles: [{ name: "jobs" }],
          namespaceEditors: [{ principalArn: "arn:aws:iam::123456789012:role/team" }],
        }),
      ),
    ).toBe(
      `${HEAD}  - subnetIds: got "subnet-aaaaaaaaaaaaaaaaa,subnet-bbbbbbbbbbbbbbbbb"; allowed: a list of subnet ids. Hint: give a list, not one comma-separated string\n` +
        "  - namespaceEditors[0].namespaces: got undefined; allowed: a list of namespaces (required).\n" +
        "  - managedNodeGroups[0].name: got undefined; allowed: a name (required).\n" +
        "  - selfManagedNodeGroups[0].instanceTypes: got undefined; allowed: a list of instance types (required).\n" +
        "  - fargateProfiles[0].selectors: got undefined; allowed: a list of 1 to 5 selectors { namespace, labels? } (required).",
    );
  });

  it("a VPC id or subnet list from an Output gets the same checks once known", async () => {
    const vpc = await failure(baseArgs({ vpcId: pulumi.output(undefined as unknown as string) }));
    expect(vpc).toContain(`${HEAD}  - vpcId: got undefined; allowed: the id of the cluster's VPC (vpc-...).`);
    const key = "arn:aws:iam::123456789012:role/not-a-key";
    expect(await failure(baseArgs({ kmsKeyArn: pulumi.output(key) }))).toContain(
      `${HEAD}  - kmsKeyArn: got "${key}"; allowed: an ARN of a kms key or alias (arn:<partition>:kms:<region>:<account>:key/...).`,
    );
    const subnets = await failure(
      baseArgs({
        subnetIds: pulumi.output("subnet-aaaaaaaaaaaaaaaaa,subnet-bbbbbbbbbbbbbbbbb" as unknown as string[]),
      }),
    );
    expect(subnets).toContain(
      `${HEAD}  - subnetIds: got "subnet-aaaaaaaaaaaaaaaaa,subnet-bbbbbbbbbbbbbbbbb"; allowed: a list of at least 2 private subnet ids.`,
    );
  });
});

describe("unknown properties name the nearest known one", () => {
  it("a misspelt argument and a misspelt node group field", async () => {
    expect(
      await failure(
        loose({ ...baseArgs(), verison: "1.35", managedNodeGroups: [{ name: "general", minsize: 1 }] }),
      ),
    ).toBe(
      `${HEAD}  - verison: got "1.35"; allowed: no such property. Hint: did you mean "version"?\n` +
        '  - managedNodeGroups[0].minsize: got 1; allowed: no such property. Hint: did you mean "minSize"?',
    );
  });
});

describe("the version as a number (YAML)", () => {
  it("gets a hint to quote it, with the zero YAML dropped", async () => {
    expect(await failure(loose({ ...baseArgs(), version: 1.3 }))).toBe(
      `${HEAD}  - version: got 1.3; allowed: a Kubernetes minor version as a string such as "1.35". Hint: quote it: as a number it loses trailing zeros (1.30 becomes 1.3); write "1.30"`,
    );
    expect(paths(loose({ ...baseArgs(), version: 1.35 }))).toEqual(["version"]);
  });
});

describe("node labels, taints and tags", () => {
  const group = (extra: Record<string, unknown>) =>
    baseArgs({ managedNodeGroups: [{ name: "general", ...extra }] });

  it("Kubernetes label syntax and EKS's 63 characters for keys and values", async () => {
    const long = "a".repeat(64);
    expect(
      await failure(
        group({ labels: { [`example.com/${"k".repeat(52)}`]: "x", "bad key": "v", team: "", tier: long } }),
      ),
    ).toBe(
      `${HEAD}  - managedNodeGroups[0].labels.example.com/${"k".repeat(52)}: got "example.com/${"k".repeat(52)}"; allowed: a Kubernetes label key: at most 63 characters in all (EKS).\n` +
        `  - managedNodeGroups[0].labels.bad key: got "bad key"; allowed: a Kubernetes label key: a name of 1 to 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit.\n` +
        `  - managedNodeGroups[0].labels.team: got ""; allowed: a Kubernetes label value: 1 to 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit.\n` +
        `  - managedNodeGroups[0].labels.tier: got "${long}"; allowed: a Kubernetes label value: 1 to 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit.`,
    );
    expect(
      paths(group({ labels: { "node.kubernetes.io/pool": "spot", "example.com/team": "a.b_c-d" } })),
    ).toEqual([]);
  });

  it("taint keys, values and effects", () => {
    expect(
      paths(
        group({
          taints: [
            { key: "dedicated", value: "gpu", effect: "NO_SCHEDULE" },
            { key: "-bad", effect: "NO_SCHEDULE" },
            { key: "ok", value: "bad value", effect: "NoSchedule" },
          ],
        }),
      ),
    ).toEqual([
      "managedNodeGroups[0].taints[1].key",
      "managedNodeGroups[0].taints[2].effect",
      "managedNodeGroups[0].taints[2].value",
    ]);
  });

  it("tags: no aws: prefix, and at most 50 on each child after Berth's own", async () => {
    const tags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`t${i}`, "v"]));
    // Berth adds berth:component, berth:name and (on nodes) Name: 47 of the user's fit, 48 do not.
    expect(paths(baseArgs({ tags: tags(47) }))).toEqual([]);
    expect(await failure(baseArgs({ tags: { ...tags(47), "aws:team": "x" } }))).toBe(
      `${HEAD}  - tags.aws:team: got "aws:team"; allowed: a key that does not start with the reserved prefix aws:.\n` +
        '  - tags: got "48 tags"; allowed: at most 47 tags: Berth adds berth:component, berth:name, Name and AWS allows 50 per resource.',
    );
  });
});

describe("physical names within their AWS limits, checked on the names built", () => {
  it("a managed node group name leaves room for the provider's 26-character suffix within 63", async () => {
    expect(paths(baseArgs({ managedNodeGroups: [{ name: "a".repeat(36) }] }))).toEqual([]);
    expect(await failure(baseArgs({ managedNodeGroups: [{ name: "a".repeat(37) }] }))).toBe(
      `${HEAD}  - managedNodeGroups[0].name: got "${"a".repeat(37)}"; allowed: 1 to 36 lowercase letters, digits and '-'.`,
    );
    const g = await captureCluster(baseArgs({ managedNodeGroups: [{ name: "a".repeat(36) }] }));
    const prefix = String(g.one("aws:eks/nodeGroup:NodeGroup").inputs["nodeGroupNamePrefix"]);
    expect(prefix.length + 26).toBeLessThanOrEqual(63);
  });

  it("the component name is accepted exactly when every auto-named role fits in 64 characters", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.boolean(), (n, selfManaged) => {
        const name = "c".repeat(n);
        const args = baseArgs(
          selfManaged
            ? { selfManagedNodeGroups: [{ name: "batch", instanceTypes: ["m7g.large", "m6g.large"] }] }
            : {},
        );
        // The longest role suffix: -self-managed-node with self-managed nodes, else -lb-controller.
        const longest = selfManaged ? "-self-managed-node" : "-lb-controller";
        const fits = n + longest.length + 8 <= 64;
        expect(paths(args, name).includes("name")).toBe(!fits);
      }),
    );
  });

  it("the longest accepted component name builds only roles that fit", async () => {
    const name = "c".repeat(64 - 8 - "-self-managed-node".length);
    const args = baseArgs({
      selfManagedNodeGroups: [{ name: "batch", instanceTypes: ["m7g.large", "m6g.large"] }],
    });
    expect(paths(args, name)).toEqual([]);
    const g = await captureCluster(args, name);
    const roles = g.resources.filter((r) => r.type === "aws:iam/role:Role").map((r) => r.name);
    expect(roles.length).toBeGreaterThan(3);
    for (const r of roles) expect(r.length + 8).toBeLessThanOrEqual(64);
  });
});
