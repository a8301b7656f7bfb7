import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import {
  GATEWAY_API_CONTROLLER_VERSION,
  GATEWAY_API_CRDS_FILE,
  GATEWAY_API_VERSION,
  GatewayApiController,
  type GatewayApiControllerArgs,
} from "../src";
import { errorOf, json, plan } from "./helpers";

const CLUSTER_ARN = "arn:aws:eks:us-east-1:123456789012:cluster/apps";
const VPC = "vpc-0a1b2c3d4e5f67890";

/**
 * Upstream's recommended inline policy, pinned: aws/aws-application-networking-k8s
 * `files/controller-installation/recommended-inline-policy.json` at tag v2.1.3 (commit
 * e3fb86ea0573aa299458b9b022c59a364584b6e8), the same content as `config/iam/recommended-inline-policy.json`
 * there. Stored as JSON in `upstream/` (whitespace formatted by Biome, content unchanged).
 */
const UPSTREAM_POLICY = JSON.parse(
  readFileSync(
    join(__dirname, "..", "upstream", "gateway-api-controller-v2.1.3-recommended-inline-policy.json"),
    "utf8",
  ),
) as { Version: string; Statement: Array<Record<string, unknown>> };

/**
 * A policy statement in one spelling: every single string written as a list and actions sorted
 * (Berth always writes lists and sorts actions; neither changes what the policy grants).
 */
function normalize(statement: Record<string, unknown>): Record<string, unknown> {
  const list = (x: unknown) => (typeof x === "string" ? [x] : x);
  const out: Record<string, unknown> = {
    ...statement,
    Action: [...(list(statement["Action"]) as string[])].sort(),
  };
  out["Resource"] = list(statement["Resource"]);
  if (statement["Condition"] !== undefined) {
    const conditions = statement["Condition"] as Record<string, Record<string, unknown>>;
    out["Condition"] = Object.fromEntries(
      Object.entries(conditions).map(([op, kv]) => [
        op,
        Object.fromEntries(Object.entries(kv).map(([k, val]) => [k, list(val)])),
      ]),
    );
  }
  return out;
}

describe("GatewayApiController", () => {
  it("without install creates only the Pod Identity role (this cluster only) and association", async () => {
    const g = await plan(() => {
      new GatewayApiController("lattice", { clusterName: "apps", clusterArn: CLUSTER_ARN, vpcId: VPC });
    });
    expect(g.count("kubernetes:helm.sh/v3:Release")).toBe(0);
    expect(g.count("kubernetes:yaml/v2:ConfigFile")).toBe(0);
    const role = g.one("aws:iam/role:Role", "lattice-role");
    expect(json(role.inputs["assumeRolePolicy"])).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "pods.eks.amazonaws.com" },
          Action: ["sts:AssumeRole", "sts:TagSession"],
          Condition: {
            StringEquals: { "aws:SourceAccount": ["123456789012"] },
            ArnEquals: { "aws:SourceArn": [CLUSTER_ARN] },
          },
        },
      ],
    });
    expect(g.one("aws:eks/podIdentityAssociation:PodIdentityAssociation").inputs).toMatchObject({
      clusterName: "apps",
      namespace: "aws-application-networking-system",
      serviceAccount: "gateway-api-controller",
      roleArn: role.outputs["arn"],
    });
  });

  it("has exactly upstream's recommended inline policy of the pinned release", async () => {
    expect(GATEWAY_API_CONTROLLER_VERSION).toBe("v2.1.3");
    const g = await plan(() => {
      new GatewayApiController("lattice", { clusterName: "apps", clusterArn: CLUSTER_ARN, vpcId: VPC });
    });
    const policy = json(g.one("aws:iam/rolePolicy:RolePolicy", "lattice-policy").inputs["policy"]);
    const rendered = policy as typeof UPSTREAM_POLICY;
    expect({ ...rendered, Statement: rendered.Statement.map(normalize) }).toEqual({
      Version: UPSTREAM_POLICY.Version,
      Statement: UPSTREAM_POLICY.Statement.map(normalize),
    });
    expect(UPSTREAM_POLICY.Statement[0]).toMatchObject({
      Action: expect.arrayContaining(["acm:ListCertificates"]),
    });
  });

  it("installs the Gateway API CRDs, then the chart through the given provider", async () => {
    const g = await plan(() => {
      const provider = new k8s.Provider("apps", { kubeconfig: "{}" });
      new GatewayApiController("lattice", {
        clusterName: "apps",
        clusterArn: CLUSTER_ARN,
        vpcId: VPC,
        install: true,
        kubernetesProvider: provider,
        chartVersion: "v2.1.0",
        defaultServiceNetwork: "mesh",
        namespace: "lattice-system",
      });
    });
    const crds = g.one("kubernetes:yaml/v2:ConfigFile", "lattice-gateway-api-crds");
    expect(crds.inputs["file"]).toBe(GATEWAY_API_CRDS_FILE);
    expect(crds.options.provider).toContain("apps");
    const release = g.one("kubernetes:helm.sh/v3:Release");
    expect(release.inputs).toMatchObject({
      version: "v2.1.0",
      namespace: "lattice-system",
      createNamespace: true,
      values: { defaultServiceNetwork: "mesh", clusterName: "apps", clusterVpcId: VPC },
    });
    expect(release.options.provider).toContain("apps");
    expect(g.dependsOn(release.urn, crds.urn)).toBe(true);
  });

  it("leaves the CRDs to someone else when installGatewayApiCrds is false", async () => {
    const g = await plan(() => {
      const provider = new k8s.Provider("apps", { kubeconfig: "{}" });
      new GatewayApiController("lattice", {
        clusterName: "apps",
        clusterArn: CLUSTER_ARN,
        vpcId: VPC,
        install: true,
        installGatewayApiCrds: false,
        kubernetesProvider: provider,
      });
    });
    expect(g.count("kubernetes:yaml/v2:ConfigFile")).toBe(0);
    expect(g.count("kubernetes:helm.sh/v3:Release")).toBe(1);
  });

  it("vendors the pinned standard-channel Gateway API CRDs, every one at that bundle version", () => {
    expect(GATEWAY_API_VERSION).toBe("v1.5.1");
    const manifest = readFileSync(GATEWAY_API_CRDS_FILE, "utf8");
    const crds = [...manifest.matchAll(/^kind: CustomResourceDefinition\n[\s\S]*?^ {2}name: (\S+)$/gm)].map(
      (m) => m[1],
    );
    expect(crds).toEqual([
      "backendtlspolicies.gateway.networking.k8s.io",
      "gatewayclasses.gateway.networking.k8s.io",
      "gateways.gateway.networking.k8s.io",
      "grpcroutes.gateway.networking.k8s.io",
      "httproutes.gateway.networking.k8s.io",
      "listenersets.gateway.networking.k8s.io",
      "referencegrants.gateway.networking.k8s.io",
      "tlsroutes.gateway.networking.k8s.io",
    ]);
    const versions = [...manifest.matchAll(/bundle-version: (\S+)/g)].map((m) => m[1]);
    expect(versions.filter((v) => v === "v1.5.1")).toHaveLength(8);
    expect([...manifest.matchAll(/gateway\.networking\.k8s\.io\/channel: (\S+)/g)].map((m) => m[1])).toEqual(
      expect.arrayContaining(["standard"]),
    );
    expect(manifest).not.toMatch(/channel: experimental/);
  });

  it("names each bad argument", async () => {
    const message = await errorOf(
      plan(() => {
        new GatewayApiController("lattice", {
          clusterName: "apps",
          clusterArn: "arn:aws:iam::123456789012:role/apps",
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
        '  - clusterArn: got "arn:aws:iam::123456789012:role/apps"; allowed: an ARN of an eks cluster (arn:<partition>:eks:<region>:<account>:cluster/...).',
        '  - vpcId: got "vpc-1"; allowed: a VPC id (vpc- and 8 or 17 hex digits).',
        "  - kubernetesProvider: got undefined; allowed: a Kubernetes provider of the cluster when install or installGatewayApiCrds is true.",
        '  - namespace: got "Lattice"; allowed: a Kubernetes name (lowercase, 1 to 63 characters).',
        '  - chartVersion: got "latest"; allowed: a chart version such as "v2.1.3".',
      ].join("\n"),
    );
  });

  it("names missing required arguments, also from JavaScript callers", async () => {
    const message = await errorOf(
      plan(() => {
        new GatewayApiController("lattice", {} as unknown as GatewayApiControllerArgs);
      }),
    );
    expect(message.split("\n").slice(1)).toEqual([
      "  - clusterName: got undefined; allowed: the EKS cluster name.",
      "  - clusterArn: got undefined; allowed: the EKS cluster ARN (e.g. EksCluster.clusterArn).",
      "  - vpcId: got undefined; allowed: the VPC id of the cluster.",
    ]);
  });

  it("checks a VPC id known only at deployment once it is known", async () => {
    const message = await errorOf(
      plan(() => {
        const provider = new k8s.Provider("apps", { kubeconfig: "{}" });
        new GatewayApiController("lattice", {
          clusterName: "apps",
          clusterArn: CLUSTER_ARN,
          vpcId: pulumi.output("subnet-0a1b2c3d"),
          install: true,
          kubernetesProvider: provider,
        });
      }),
    );
    expect(message).toContain(
      '  - vpcId: got "subnet-0a1b2c3d"; allowed: a VPC id (vpc- and 8 or 17 hex digits).',
    );
  });

  it("checks the IAM role name built from the component name", async () => {
    const name = "a".repeat(52);
    const message = await errorOf(
      plan(() => {
        new GatewayApiController(name, { clusterName: "apps", clusterArn: CLUSTER_ARN, vpcId: VPC });
      }),
    );
    expect(message.split("\n").slice(1)).toEqual([
      `  - name: got "${name}"; allowed: a component name whose role auto-name "${name}-role-<7 hex>" is at most 64 characters of letters, digits and +=,.@_-.`,
    ]);
    await plan(() => {
      new GatewayApiController("a".repeat(51), { clusterName: "apps", clusterArn: CLUSTER_ARN, vpcId: VPC });
    });
  });

  it("checks a cluster ARN known only at deployment once it is known", async () => {
    const message = await errorOf(
      plan(() => {
        new GatewayApiController("lattice", {
          clusterName: "apps",
          clusterArn: pulumi.output("arn:aws:eks:us-east-1:123456789012:nodegroup/apps/ng/1"),
          vpcId: VPC,
        });
      }),
    );
    expect(message).toContain(
      '  - clusterArn: got "arn:aws:eks:us-east-1:123456789012:nodegroup/apps/ng/1"; allowed: an ARN of an eks cluster',
    );
  });
});
