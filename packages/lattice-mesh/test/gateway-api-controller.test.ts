import * as k8s from "@pulumi/kubernetes";
import { describe, expect, it } from "vitest";
import { GatewayApiController } from "../src";
import { errorOf, json, plan } from "./helpers";

describe("GatewayApiController", () => {
  it("without install creates only the Pod Identity role and association, with the controller's policy", async () => {
    const g = await plan(() => {
      new GatewayApiController("lattice", { clusterName: "apps", vpcId: "vpc-1" });
    });
    expect(g.count("kubernetes:helm.sh/v3:Release")).toBe(0);
    const role = g.one("aws:iam/role:Role", "lattice-role");
    expect(json(role.inputs["assumeRolePolicy"])).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "pods.eks.amazonaws.com" },
          Action: ["sts:AssumeRole", "sts:TagSession"],
          Condition: { StringEquals: { "aws:SourceAccount": ["123456789012"] } },
        },
      ],
    });
    const policy = json(g.one("aws:iam/rolePolicy:RolePolicy", "lattice-policy").inputs["policy"]) as {
      Statement: Array<{ Sid: string; Action: string[]; Resource: string[]; Condition?: unknown }>;
    };
    expect(policy.Statement.map((s) => s.Sid)).toEqual([
      "Lattice",
      "LatticeServiceLinkedRole",
      "LogDeliveryServiceLinkedRole",
    ]);
    expect(policy.Statement[0]?.Action).toContain("vpc-lattice:*");
    expect(policy.Statement[1]).toEqual({
      Sid: "LatticeServiceLinkedRole",
      Effect: "Allow",
      Action: ["iam:CreateServiceLinkedRole"],
      Resource: [
        "arn:aws:iam::*:role/aws-service-role/vpc-lattice.amazonaws.com/AWSServiceRoleForVpcLattice",
      ],
      Condition: { StringLike: { "iam:AWSServiceName": ["vpc-lattice.amazonaws.com"] } },
    });
    expect(g.one("aws:eks/podIdentityAssociation:PodIdentityAssociation").inputs).toMatchObject({
      clusterName: "apps",
      namespace: "aws-application-networking-system",
      serviceAccount: "gateway-api-controller",
      roleArn: role.outputs["arn"],
    });
  });

  it("installs the chart through the given provider, with the default service network", async () => {
    const g = await plan(() => {
      const provider = new k8s.Provider("apps", { kubeconfig: "{}" });
      new GatewayApiController("lattice", {
        clusterName: "apps",
        vpcId: "vpc-1",
        install: true,
        kubernetesProvider: provider,
        chartVersion: "v1.1.0",
        defaultServiceNetwork: "mesh",
        namespace: "lattice-system",
      });
    });
    const release = g.one("kubernetes:helm.sh/v3:Release");
    expect(release.inputs).toMatchObject({
      version: "v1.1.0",
      namespace: "lattice-system",
      createNamespace: true,
      values: { defaultServiceNetwork: "mesh", clusterName: "apps", clusterVpcId: "vpc-1" },
    });
    expect(release.options.provider).toContain("apps");
  });

  it("names each bad argument", async () => {
    const message = await errorOf(
      plan(() => {
        new GatewayApiController("lattice", {
          clusterName: "apps",
          vpcId: "vpc-1",
          install: true,
          namespace: "Lattice",
          chartVersion: "latest",
        });
      }),
    );
    expect(message).toBe(
      [
        'Invalid arguments for berth:lattice:GatewayApiController "lattice":',
        "  - kubernetesProvider: got undefined; allowed: a Kubernetes provider of the cluster when install is true.",
        '  - namespace: got "Lattice"; allowed: a Kubernetes name (lowercase, 1 to 63 characters).',
        '  - chartVersion: got "latest"; allowed: a chart version such as "v1.1.4".',
      ].join("\n"),
    );
  });
});
