import { capture, type ResourceGraph } from "@berth/plan";
import { beforeAll, describe, expect, it } from "vitest";
import { program } from "../examples/pod-identity";
import { PodIdentityRole } from "../src";
import { json } from "./helpers";

let g: ResourceGraph;
beforeAll(async () => {
  g = await capture(program);
});

describe("PodIdentityRole", () => {
  it("creates the role, its inline policy and the association in one call", () => {
    const component = g.one("berth:eks:PodIdentityRole", "reports-reader");
    expect(
      g
        .childrenOf(component.urn)
        .map((r) => r.type)
        .sort(),
    ).toEqual([
      "aws:eks/podIdentityAssociation:PodIdentityAssociation",
      "aws:iam/role:Role",
      "aws:iam/rolePolicy:RolePolicy",
    ]);
    const role = g.one("aws:iam/role:Role", "reports-reader");
    expect(json(role, "assumeRolePolicy")).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "pods.eks.amazonaws.com" },
          Action: ["sts:AssumeRole", "sts:TagSession"],
          Condition: {
            StringEquals: { "aws:SourceAccount": ["123456789012"] },
            ArnEquals: { "aws:SourceArn": ["arn:aws:eks:us-east-1:123456789012:cluster/apps-dev"] },
          },
        },
      ],
    });
    expect(json(g.one("aws:iam/rolePolicy:RolePolicy", "reports-reader-policy"), "policy")).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::example-reports/*"] },
        { Effect: "Allow", Action: ["s3:ListBucket"], Resource: ["arn:aws:s3:::example-reports"] },
      ],
    });
    expect(
      g.one("aws:eks/podIdentityAssociation:PodIdentityAssociation", "reports-reader-association").inputs,
    ).toMatchObject({
      clusterName: "apps-dev",
      namespace: "reports",
      serviceAccount: "reports",
      roleArn: role.outputs["arn"],
    });
    expect((g.stackOutputs as { roleArn: string }).roleArn).toBe(role.outputs["arn"]);
  });

  it("rejects bad names and a role without permissions, with the shared error", async () => {
    await expect(
      capture(() => {
        new PodIdentityRole("r", {
          clusterName: "c",
          clusterArn: "arn:aws:eks:us-east-1:123456789012:cluster/c",
          namespace: "Bad_NS",
          serviceAccount: "sa",
        });
      }),
    ).rejects.toThrow(
      'Invalid arguments for berth:eks:PodIdentityRole "r":\n' +
        "  - namespace: got \"Bad_NS\"; allowed: a Kubernetes name: lowercase letters, digits and '-', at most 63 characters.\n" +
        "  - statements: got undefined; allowed: at least one statement or one managed policy. Hint: a role without permissions is a mistake; give the statements the workload needs",
    );
  });

  it("rejects administrator statements", async () => {
    await expect(
      capture(() => {
        new PodIdentityRole("r", {
          clusterName: "c",
          clusterArn: "arn:aws:eks:us-east-1:123456789012:cluster/c",
          namespace: "ns",
          serviceAccount: "sa",
          statements: [{ actions: ["*"], resources: ["*"] }],
        });
      }),
    ).rejects.toThrow(
      'statements[0].actions: got "*"; allowed: specific actions; Action * on Resource * is administrator access.',
    );
  });
});
