import { capture } from "@berth/plan";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { layerReference, layerStackName } from "../src";

describe("layerReference", () => {
  it("names the other layer's stack with the running stack's organization and environment", async () => {
    const graph = await capture(
      () => {
        const network = layerReference("berth-network");
        return { name: layerStackName("berth-network"), vpcId: network("vpcId") };
      },
      {
        organization: "acme",
        project: "berth-platform",
        stack: "staging",
        stackOutputs: { "acme/berth-network/staging": { vpcId: "vpc-0abc" } },
      },
    );
    expect(graph.stackOutputs).toEqual({ name: "acme/berth-network/staging", vpcId: "vpc-0abc" });
    const refs = graph.resources.filter((r) => r.type === "pulumi:pulumi:StackReference");
    expect(refs.map((r) => r.name)).toEqual(["acme/berth-network/staging"]);
  });

  it("fails when the other layer lacks the output (no silent default)", async () => {
    await expect(
      capture(
        () => {
          const network = layerReference("berth-network");
          return { vpcId: network("vpcId").apply((v) => pulumi.output(v)) };
        },
        {
          organization: "acme",
          project: "berth-platform",
          stack: "dev",
          stackOutputs: { "acme/berth-network/dev": { vpcCidr: "10.0.0.0/16" } },
        },
      ),
    ).rejects.toThrow(/vpcId/);
  });
});
