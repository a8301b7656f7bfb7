import { describe, expect, it } from "vitest";
import { EKS_CLUSTER_FORMER_TYPE, EKS_CLUSTER_TYPE, EksCluster } from "../src";
import { baseArgs, captureCluster } from "./helpers";

describe("the type token matches the class name", () => {
  it("is berth:eks:EksCluster", () => {
    expect(EKS_CLUSTER_TYPE).toBe(`berth:eks:${EksCluster.name}`);
    expect(EKS_CLUSTER_FORMER_TYPE).toBe("berth:eks:Cluster");
  });

  it("carries the former token as an alias, so an existing stack's component and children move without a replace", async () => {
    const g = await captureCluster(baseArgs());
    const component = g.one(EKS_CLUSTER_TYPE, "c");
    expect(component.options.aliases).toEqual(["urn:pulumi:dev::berth::berth:eks:Cluster::c"]);
    // Children keep their names and follow the parent's alias (the engine derives their former
    // URNs from the parent's), so they need no alias of their own.
    expect(g.one("aws:iam/role:Role", "c-cluster").parent).toBe(component.urn);
  });

  it("keeps the berth:component tag value, so the upgrade puts no new launch template version (no node roll)", async () => {
    const g = await captureCluster(baseArgs());
    const lt = g.one("aws:ec2/launchTemplate:LaunchTemplate", "c-general");
    expect(lt.inputs["tagSpecifications"]).toEqual([
      {
        resourceType: "instance",
        tags: { "berth:component": "berth:eks:Cluster", "berth:name": "c", Name: "c-dev-general" },
      },
      {
        resourceType: "volume",
        tags: { "berth:component": "berth:eks:Cluster", "berth:name": "c", Name: "c-dev-general" },
      },
    ]);
  });
});
