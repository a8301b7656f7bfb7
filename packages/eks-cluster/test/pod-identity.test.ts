import { isConditionOperator, type PolicyStatement } from "@berth/core";
import { capture, type ResourceGraph } from "@berth/plan";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { program } from "../examples/pod-identity";
import {
  checkStatementTerms,
  isPolicyResource,
  loadBalancerControllerStatements,
  PodIdentityRole,
  type PodIdentityRoleArgs,
} from "../src";
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

describe("PodIdentityRole: bad input", () => {
  const HEAD = 'Invalid arguments for berth:eks:PodIdentityRole "r":\n';
  const base = {
    clusterName: "c",
    clusterArn: "arn:aws:eks:us-east-1:123456789012:cluster/c",
    namespace: "ns",
    serviceAccount: "sa",
    awsManagedPolicies: ["service-role/AmazonEBSCSIDriverPolicy"],
  };
  const failWith = async (make: () => void) => {
    try {
      await capture(make);
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error("expected the capture to fail");
  };

  it("required arguments left out (a JavaScript caller), and a misspelt one", async () => {
    const args = { serviceAcount: "sa", awsManagedPolicies: ["x"] } as unknown as PodIdentityRoleArgs;
    expect(await failWith(() => new PodIdentityRole("r", args))).toBe(
      `${HEAD}  - serviceAcount: got "sa"; allowed: no such property. Hint: did you mean "serviceAccount"?\n` +
        "  - clusterName: got undefined; allowed: the EKS cluster's name (required).\n" +
        "  - clusterArn: got undefined; allowed: the EKS cluster's ARN (required).\n" +
        "  - namespace: got undefined; allowed: a Kubernetes namespace (required).\n" +
        "  - serviceAccount: got undefined; allowed: a Kubernetes service account name (required).",
    );
  });

  it("a cluster ARN of another service, plain or from an Output once known", async () => {
    const arn = "arn:aws:iam::123456789012:role/c";
    expect(await failWith(() => new PodIdentityRole("r", { ...base, clusterArn: arn }))).toBe(
      `${HEAD}  - clusterArn: got "${arn}"; allowed: an ARN of an eks cluster (arn:<partition>:eks:<region>:<account>:cluster/...).`,
    );
    expect(
      await failWith(() => new PodIdentityRole("r", { ...base, clusterArn: pulumi.output(arn) })),
    ).toContain(
      `${HEAD}  - clusterArn: got "${arn}"; allowed: an ARN of an eks cluster (arn:<partition>:eks:<region>:<account>:cluster/...).`,
    );
  });

  it("a name whose role would pass IAM's 64 characters", async () => {
    expect(await failWith(() => new PodIdentityRole("r".repeat(57), base))).toContain(
      `  - name: got "${"r".repeat(57)}"; allowed: at most 56 characters: the role is named "${"r".repeat(57)}" plus an 8-character suffix and IAM allows 64.`,
    );
  });

  it("statement resources that are not ARNs, and condition operators IAM does not know", async () => {
    const statements: PolicyStatement[] = [
      {
        actions: ["s3:GetObject"],
        resources: ["my-bucket/*", "arn:aws:s3:::my-bucket/*"],
        conditions: [
          { test: "StringEqual", variable: "aws:PrincipalTag/team", values: ["a"] },
          { test: "ForAnyValue:StringLikeIfExists", variable: "aws:TagKeys", values: ["x*"] },
        ],
      },
    ];
    expect(await failWith(() => new PodIdentityRole("r", { ...base, statements }))).toBe(
      `${HEAD}  - statements[0].resources[0]: got "my-bucket/*"; allowed: "*" or an ARN (arn:<partition>:<service>:<region>:<account>:<resource>, wildcards allowed).\n` +
        '  - statements[0].conditions[0].test: got "StringEqual"; allowed: an IAM condition operator such as StringEquals, ArnLike or Null (IfExists and ForAllValues:/ForAnyValue: allowed).',
    );
  });

  it("every statement Berth writes itself (Load Balancer Controller, FSx) passes the same check", async () => {
    const statements = await new Promise<PolicyStatement[]>((resolve) =>
      pulumi.output(loadBalancerControllerStatements("aws")).apply((s) => resolve(s as PolicyStatement[])),
    );
    expect(checkStatementTerms(statements, "statements")).toEqual([]);
    expect(isConditionOperator("Null")).toBe(true);
    expect(isConditionOperator("NullIfExists")).toBe(false);
    expect(
      isPolicyResource("arn:aws:iam::*:role/aws-service-role/s3.data-source.lustre.fsx.amazonaws.com/*"),
    ).toBe(true);
  });
});
