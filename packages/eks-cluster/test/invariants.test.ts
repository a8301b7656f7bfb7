import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FargateProfileArgs, ManagedNodeGroupArgs, SelfManagedNodeGroupArgs } from "../src";
import { baseArgs, captureCluster } from "./helpers";

const managed: fc.Arbitrary<Omit<ManagedNodeGroupArgs, "name">> = fc.record({
  capacityType: fc.constantFrom("ON_DEMAND" as const, "SPOT" as const),
  metadataHopLimit: fc.constantFrom(1, 2),
  diskSizeGiB: fc.integer({ min: 20, max: 200 }),
});
const selfManaged: fc.Arbitrary<Omit<SelfManagedNodeGroupArgs, "name">> = fc.record({
  instanceTypes: fc.constant(["c7g.large", "c6g.large"]),
  onDemandPercentageAboveBaseCapacity: fc.integer({ min: 0, max: 100 }),
});
const fargate: fc.Arbitrary<Omit<FargateProfileArgs, "name">> = fc.record({
  selectors: fc.constant([{ namespace: "apps" }]),
});

describe("invariants over any mix of compute", () => {
  it("IMDSv2 on every launch template; nodes after the VPC CNI; CoreDNS after every compute resource", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(managed, { maxLength: 2 }),
        fc.array(selfManaged, { maxLength: 2 }),
        fc.array(fargate, { maxLength: 2 }),
        async (m, s, f) => {
          fc.pre(m.length + s.length + f.length > 0);
          const g = await captureCluster(
            baseArgs({
              managedNodeGroups: m.map((x, i) => ({ ...x, name: `m${i}` })),
              selfManagedNodeGroups: s.map((x, i) => ({ ...x, name: `s${i}` })),
              fargateProfiles: f.map((x, i) => ({ ...x, name: `f${i}` })),
            }),
          );
          const lts = g.ofType("aws:ec2/launchTemplate:LaunchTemplate");
          expect(lts).toHaveLength(m.length + s.length);
          for (const lt of lts) {
            expect(lt.inputs["metadataOptions"]).toMatchObject({
              httpTokens: "required",
              httpEndpoint: "enabled",
            });
            expect(lt.inputs["blockDeviceMappings"]).toMatchObject([
              { ebs: { encrypted: "true", volumeType: "gp3" } },
            ]);
          }
          const cni = g.one("aws:eks/addon:Addon", "c-vpc-cni").urn;
          const coredns = g.one("aws:eks/addon:Addon", "c-coredns").urn;
          const nodes = [
            ...g.ofType("aws:eks/nodeGroup:NodeGroup"),
            ...g.ofType("aws:autoscaling/group:Group"),
          ];
          for (const n of nodes) expect(g.dependsOn(n.urn, cni)).toBe(true);
          for (const c of [...nodes, ...g.ofType("aws:eks/fargateProfile:FargateProfile")]) {
            expect(g.dependsOn(coredns, c.urn)).toBe(true);
          }
          expect(g.dependsOnTransitively(cni, coredns)).toBe(false);
        },
      ),
      { numRuns: 12 },
    );
  }, 120_000);
});
