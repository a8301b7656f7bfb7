import { describe, expect, it } from "vitest";
import type { EksClusterArgs } from "../src";
import { baseArgs, captureCluster } from "./helpers";

const groups = (names: string[]) => names.map((name) => ({ name }));
const selfManaged = (names: string[]) =>
  names.map((name) => ({ name, instanceTypes: ["m7g.large", "m6g.large"] }));
const profiles = (names: string[]) => names.map((name) => ({ name, selectors: [{ namespace: name }] }));
const urns = async (args: EksClusterArgs) =>
  new Set((await captureCluster(args)).resources.map((r) => r.urn));

describe("children are keyed by value, never by list position", () => {
  it("removing the first node group, self-managed group and Fargate profile and reordering the rest renames nothing", async () => {
    const before = await urns(
      baseArgs({
        managedNodeGroups: groups(["a", "b", "c"]),
        selfManagedNodeGroups: selfManaged(["s1", "s2", "s3"]),
        fargateProfiles: profiles(["f1", "f2", "f3"]),
        admins: ["arn:aws:iam::123456789012:role/one", "arn:aws:iam::123456789012:role/two"],
      }),
    );
    const after = await urns(
      baseArgs({
        managedNodeGroups: groups(["c", "b"]),
        selfManagedNodeGroups: selfManaged(["s3", "s2"]),
        fargateProfiles: profiles(["f3", "f2"]),
        admins: ["arn:aws:iam::123456789012:role/two"],
      }),
    );
    expect(after.size).toBeGreaterThan(30);
    expect([...after].filter((u) => !before.has(u))).toEqual([]);
  });
});
