import { capture, type ResourceGraph } from "@berth/plan";
import { beforeAll, describe, expect, it } from "vitest";
import { program } from "../examples/basic";
import { json } from "./helpers";

const ACCOUNT = "123456789012";
let g: ResourceGraph;

beforeAll(async () => {
  g = await capture(program, { stack: "dev" });
});

const urn = (type: string, name: string) => g.one(type, name).urn;
const ADDON = "aws:eks/addon:Addon";
const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
const FARGATE = "aws:eks/fargateProfile:FargateProfile";

describe("the pulumi-eks cluster (remote component) gets exactly Berth's secure inputs", () => {
  it("passes these inputs to eks:index:Cluster", () => {
    const c = g.one("eks:index:Cluster", "platform-eks");
    expect(c.remote).toBe(true);
    expect(c.parent).toBe(urn("berth:eks:EksCluster", "platform"));
    const kmsArn = g.one("aws:kms/key:Key", "platform-secrets").outputs["arn"];
    expect(c.inputs).toEqual({
      name: "platform-dev",
      version: "1.35",
      upgradePolicy: { supportType: "STANDARD" },
      vpcId: "vpc-0a1b2c3d4e5f60789",
      subnetIds: ["subnet-0aaa1111bbbb2222c", "subnet-0ddd3333eeee4444f", "subnet-0ggg5555hhhh6666i"],
      endpointPrivateAccess: true,
      endpointPublicAccess: false,
      enabledClusterLogTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
      encryptionConfigKeyArn: kmsArn,
      authenticationMode: "API",
      deletionProtection: false,
      serviceRole: urn("aws:iam/role:Role", "platform-cluster"),
      skipDefaultNodeGroup: true,
      skipDefaultSecurityGroups: true,
      bootstrapSelfManagedAddons: false,
      useDefaultVpcCni: true,
      corednsAddonOptions: {
        enabled: false,
        resolveConflictsOnCreate: "OVERWRITE",
        resolveConflictsOnUpdate: "OVERWRITE",
      },
      kubeProxyAddonOptions: {
        enabled: false,
        resolveConflictsOnCreate: "OVERWRITE",
        resolveConflictsOnUpdate: "OVERWRITE",
      },
      createOidcProvider: false,
      tags: { "berth:component": "berth:eks:Cluster", "berth:name": "platform" },
    });
  });

  it("creates the log group with retention and the cluster role before the cluster", () => {
    const c = urn("eks:index:Cluster", "platform-eks");
    const logs = g.one("aws:cloudwatch/logGroup:LogGroup", "platform-control-plane");
    expect(logs.inputs["name"]).toBe("/aws/eks/platform-dev/cluster");
    expect(logs.inputs["retentionInDays"]).toBe(90);
    expect(g.dependsOn(c, logs.urn)).toBe(true);
    expect(
      g.dependsOn(
        c,
        urn("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "platform-cluster-AmazonEKSClusterPolicy"),
      ),
    ).toBe(true);
    expect(g.dependsOn(c, urn("aws:iam/rolePolicy:RolePolicy", "platform-cluster-kms"))).toBe(true);
  });

  it("creates a KMS key with rotation and lets only the cluster role use it", () => {
    const key = g.one("aws:kms/key:Key", "platform-secrets");
    expect(key.inputs["enableKeyRotation"]).toBe(true);
    expect(key.inputs["deletionWindowInDays"]).toBe(30);
    expect(g.one("aws:kms/alias:Alias", "platform-secrets").inputs["name"]).toBe("alias/eks/platform-dev");
    expect(json(g.one("aws:iam/rolePolicy:RolePolicy", "platform-cluster-kms"), "policy")).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: ["kms:CreateGrant", "kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:ListGrants"],
          Resource: [key.outputs["arn"]],
        },
      ],
    });
    expect(json(g.one("aws:iam/role:Role", "platform-cluster"), "assumeRolePolicy")).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "eks.amazonaws.com" },
          Action: ["sts:AssumeRole", "sts:TagSession"],
        },
      ],
    });
  });
});

describe("access entries", () => {
  it("maps admins, viewers and namespace editors to EKS access policies", () => {
    const assoc = (n: string) => g.one("aws:eks/accessPolicyAssociation:AccessPolicyAssociation", n).inputs;
    const admin = "platform-access-123456789012-role/platform-admin";
    expect(g.one("aws:eks/accessEntry:AccessEntry", admin).inputs).toMatchObject({
      clusterName: "platform-dev",
      principalArn: "arn:aws:iam::123456789012:role/platform-admin",
      type: "STANDARD",
    });
    expect(assoc(`${admin}-AmazonEKSClusterAdminPolicy`)).toMatchObject({
      principalArn: "arn:aws:iam::123456789012:role/platform-admin",
      policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
      accessScope: { type: "cluster" },
    });
    expect(assoc("platform-access-123456789012-role/support-AmazonEKSViewPolicy")).toMatchObject({
      principalArn: "arn:aws:iam::123456789012:role/support",
      policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy",
      accessScope: { type: "cluster" },
    });
    expect(assoc("platform-access-123456789012-role/team-a-AmazonEKSEditPolicy")).toMatchObject({
      principalArn: "arn:aws:iam::123456789012:role/team-a",
      policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy",
      accessScope: { type: "namespace", namespaces: ["team-a"] },
    });
  });
});

describe("managed node groups", () => {
  it("on-demand Graviton group with update config, node repair and desired size owned by the autoscaler", () => {
    const ng = g.one(NODE_GROUP, "platform-system");
    expect(ng.inputs).toMatchObject({
      clusterName: "platform-dev",
      nodeGroupNamePrefix: "system-",
      version: "1.35",
      amiType: "AL2023_ARM_64_STANDARD",
      capacityType: "ON_DEMAND",
      instanceTypes: ["m7g.large"],
      scalingConfig: { minSize: 2, maxSize: 3, desiredSize: 2 },
      updateConfig: { maxUnavailable: 1 },
      nodeRepairConfig: { enabled: true },
      labels: { role: "system" },
      subnetIds: ["subnet-0aaa1111bbbb2222c", "subnet-0ddd3333eeee4444f", "subnet-0ggg5555hhhh6666i"],
    });
    expect(ng.inputs["nodeRoleArn"]).toBe(g.one("aws:iam/role:Role", "platform-node").outputs["arn"]);
    expect(ng.options.ignoreChanges).toEqual(["scalingConfig.desiredSize"]);
  });

  it("Spot group with several types and a taint", () => {
    expect(g.one(NODE_GROUP, "platform-spot").inputs).toMatchObject({
      capacityType: "SPOT",
      instanceTypes: ["m7g.xlarge", "m6g.xlarge", "c7g.2xlarge"],
      scalingConfig: { minSize: 0, maxSize: 10, desiredSize: 0 },
      taints: [{ key: "spot", value: "true", effect: "NO_SCHEDULE" }],
    });
  });

  it("every node launch template requires IMDSv2, hop limit 1, and an encrypted gp3 root volume", () => {
    for (const group of ["system", "spot"]) {
      const lt = g.one("aws:ec2/launchTemplate:LaunchTemplate", `platform-${group}`);
      expect(lt.inputs["metadataOptions"]).toEqual({
        httpEndpoint: "enabled",
        httpTokens: "required",
        httpPutResponseHopLimit: 1,
        instanceMetadataTags: "disabled",
      });
      expect(lt.inputs["blockDeviceMappings"]).toEqual([
        {
          deviceName: "/dev/xvda",
          ebs: { volumeSize: 50, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" },
        },
      ]);
      const ng = g.one(NODE_GROUP, `platform-${group}`);
      expect(ng.inputs["launchTemplate"]).toEqual({ id: lt.id, version: "1" });
    }
  });

  it("the node role has exactly the worker, registry pull and CNI policies", () => {
    const role = g.one("aws:iam/role:Role", "platform-node");
    const attached = g
      .ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
      .filter((a) => a.inputs["role"] === role.outputs["name"])
      .map((a) => a.inputs["policyArn"]);
    expect(attached.sort()).toEqual([
      "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
      "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
      "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
    ]);
    expect(json(role, "assumeRolePolicy")).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: ["sts:AssumeRole"] },
      ],
    });
  });
});

describe("add-on ordering (the first-deploy DEGRADED failure)", () => {
  it("node groups depend on the VPC CNI add-on", () => {
    const cni = urn(ADDON, "platform-vpc-cni");
    expect(g.dependsOn(urn(NODE_GROUP, "platform-system"), cni)).toBe(true);
    expect(g.dependsOn(urn(NODE_GROUP, "platform-spot"), cni)).toBe(true);
    // and the CNI itself waits for nothing but the cluster
    expect(g.one(ADDON, "platform-vpc-cni").explicitDependencies).toEqual([]);
  });

  it("CoreDNS depends on every node group, the Fargate profile and kube-proxy", () => {
    const coredns = g.one(ADDON, "platform-coredns");
    for (const dep of [
      urn(NODE_GROUP, "platform-system"),
      urn(NODE_GROUP, "platform-spot"),
      urn(FARGATE, "platform-batch"),
      urn(ADDON, "platform-kube-proxy"),
    ]) {
      expect(g.dependsOn(coredns.urn, dep)).toBe(true);
    }
    expect(g.edges).toContainEqual(
      expect.objectContaining({
        from: coredns.urn,
        to: urn(NODE_GROUP, "platform-system"),
        kind: "dependsOn",
      }),
    );
    // the add-ons the cluster would otherwise install itself are off
    expect(g.dependsOnTransitively(urn(NODE_GROUP, "platform-system"), coredns.urn)).toBe(false);
  });

  it("the CSI drivers wait for compute, the Pod Identity agent and their association", () => {
    for (const [addon, role] of [
      ["platform-aws-ebs-csi-driver", "platform-ebs-csi"],
      ["platform-aws-efs-csi-driver", "platform-efs-csi"],
    ] as const) {
      const a = urn(ADDON, addon);
      expect(g.dependsOn(a, urn(NODE_GROUP, "platform-system"))).toBe(true);
      expect(g.dependsOn(a, urn(ADDON, "platform-eks-pod-identity-agent"))).toBe(true);
      expect(
        g.dependsOn(a, urn("aws:eks/podIdentityAssociation:PodIdentityAssociation", `${role}-association`)),
      ).toBe(true);
    }
  });

  it("pins nothing by default: versions resolve to the EKS default for the cluster version", () => {
    expect(g.one(ADDON, "platform-vpc-cni").inputs).toMatchObject({
      addonName: "vpc-cni",
      addonVersion: "v1.20.4-eksbuild.1",
      resolveConflictsOnCreate: "OVERWRITE",
      resolveConflictsOnUpdate: "OVERWRITE",
      configurationValues: '{"enableNetworkPolicy":"true"}',
    });
    expect(
      g
        .ofType(ADDON)
        .map((a) => a.inputs["addonName"])
        .sort(),
    ).toEqual([
      "aws-ebs-csi-driver",
      "aws-efs-csi-driver",
      "coredns",
      "eks-pod-identity-agent",
      "kube-proxy",
      "vpc-cni",
    ]);
  });
});

describe("Pod Identity", () => {
  const trust = (role: string) => ({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: "pods.eks.amazonaws.com" },
        Action: ["sts:AssumeRole", "sts:TagSession"],
        Condition: {
          StringEquals: { "aws:SourceAccount": [ACCOUNT] },
          ArnEquals: { "aws:SourceArn": ["arn:aws:eks:us-east-1:123456789012:cluster/platform-dev"] },
        },
      },
    ],
    role,
  });

  it("controller roles trust only pods.eks.amazonaws.com for this cluster and account", () => {
    for (const role of ["platform-ebs-csi", "platform-efs-csi", "platform-lb-controller"]) {
      const r = g.one("aws:iam/role:Role", role);
      expect({ ...(json(r, "assumeRolePolicy") as object), role }).toEqual(trust(role));
    }
  });

  it("EBS and EFS CSI roles carry only the AWS managed driver policies; associations name the service accounts", () => {
    const attachment = (n: string) =>
      g.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", n).inputs["policyArn"];
    expect(attachment("platform-ebs-csi-AmazonEBSCSIDriverPolicy")).toBe(
      "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy",
    );
    expect(attachment("platform-efs-csi-AmazonEFSCSIDriverPolicy")).toBe(
      "arn:aws:iam::aws:policy/service-role/AmazonEFSCSIDriverPolicy",
    );
    const assoc = (n: string) => g.one("aws:eks/podIdentityAssociation:PodIdentityAssociation", n).inputs;
    expect(assoc("platform-ebs-csi-association")).toMatchObject({
      clusterName: "platform-dev",
      namespace: "kube-system",
      serviceAccount: "ebs-csi-controller-sa",
      roleArn: g.one("aws:iam/role:Role", "platform-ebs-csi").outputs["arn"],
    });
    expect(assoc("platform-efs-csi-association")).toMatchObject({ serviceAccount: "efs-csi-controller-sa" });
    expect(assoc("platform-lb-controller-association")).toMatchObject({
      serviceAccount: "aws-load-balancer-controller",
    });
  });

  it("the Load Balancer Controller policy only changes load balancers it tagged", () => {
    const doc = json(g.one("aws:iam/rolePolicy:RolePolicy", "platform-lb-controller-policy"), "policy") as {
      Statement: Array<{
        Action: string[];
        Resource: string[];
        Condition?: Record<string, Record<string, string[]>>;
      }>;
    };
    const deleting = doc.Statement.filter((s) =>
      s.Action.includes("elasticloadbalancing:DeleteLoadBalancer"),
    );
    expect(deleting).toHaveLength(1);
    expect(deleting[0]?.Condition).toEqual({ Null: { "aws:ResourceTag/elbv2.k8s.aws/cluster": ["false"] } });
    const deleteSg = doc.Statement.filter((s) => s.Action.includes("ec2:DeleteSecurityGroup"));
    expect(deleteSg[0]?.Condition).toEqual({ Null: { "aws:ResourceTag/elbv2.k8s.aws/cluster": ["false"] } });
    expect(doc.Statement.some((s) => s.Action.includes("*"))).toBe(false);
  });
});

describe("Fargate", () => {
  it("creates the profile with its selectors and a pod execution role scoped to this cluster's profiles", () => {
    const p = g.one(FARGATE, "platform-batch");
    expect(p.inputs).toMatchObject({
      clusterName: "platform-dev",
      fargateProfileName: "batch",
      selectors: [{ namespace: "batch", labels: { runtime: "fargate" } }],
    });
    expect(json(g.one("aws:iam/role:Role", "platform-fargate"), "assumeRolePolicy")).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "eks-fargate-pods.amazonaws.com" },
          Action: ["sts:AssumeRole"],
          Condition: {
            ArnLike: {
              "aws:SourceArn": ["arn:aws:eks:us-east-1:123456789012:fargateprofile/platform-dev/*"],
            },
          },
        },
      ],
    });
  });
});

describe("in-cluster resources through the cluster's Kubernetes provider", () => {
  it("installs the Load Balancer Controller chart after compute and CoreDNS, with its Pod Identity role", () => {
    const rel = g.one("kubernetes:helm.sh/v3:Release", "platform-lb-controller");
    expect(rel.inputs).toMatchObject({
      chart: "aws-load-balancer-controller",
      version: "3.5.0",
      namespace: "kube-system",
      repositoryOpts: { repo: "https://aws.github.io/eks-charts" },
      values: {
        clusterName: "platform-dev",
        region: "us-east-1",
        vpcId: "vpc-0a1b2c3d4e5f60789",
        serviceAccount: { create: true, name: "aws-load-balancer-controller" },
      },
    });
    expect(rel.options.provider).toContain("pulumi:providers:kubernetes::platform-k8s");
    expect(g.dependsOn(rel.urn, urn(ADDON, "platform-coredns"))).toBe(true);
    expect(g.dependsOn(rel.urn, urn(NODE_GROUP, "platform-spot"))).toBe(true);
    expect(
      g.dependsOn(
        rel.urn,
        urn("aws:eks/podIdentityAssociation:PodIdentityAssociation", "platform-lb-controller-association"),
      ),
    ).toBe(true);
  });

  it("makes encrypted gp3 the default storage class and adds an EFS class for the given file system", () => {
    expect(g.one("kubernetes:storage.k8s.io/v1:StorageClass", "platform-gp3").inputs).toMatchObject({
      metadata: { name: "gp3", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
      provisioner: "ebs.csi.aws.com",
      parameters: { type: "gp3", encrypted: "true" },
      volumeBindingMode: "WaitForFirstConsumer",
      allowVolumeExpansion: true,
    });
    expect(g.one("kubernetes:storage.k8s.io/v1:StorageClass", "platform-efs").inputs).toMatchObject({
      provisioner: "efs.csi.aws.com",
      parameters: { provisioningMode: "efs-ap", fileSystemId: "fs-0123456789abcdef0", directoryPerms: "700" },
    });
  });

  it("builds the provider from the cluster's kubeconfig, kept secret", () => {
    const p = g.one("pulumi:providers:kubernetes", "platform-k8s");
    expect(p.secretPaths).toContain("kubeconfig");
    expect(JSON.parse(String(p.inputs["kubeconfig"]))).toMatchObject({ kind: "Config" });
  });
});

describe("outputs", () => {
  it("exports name, endpoint, OIDC issuer, kubeconfig and node role ARNs", () => {
    const out = g.stackOutputs as Record<string, unknown>;
    expect(out["clusterName"]).toBe("platform-dev");
    expect(out["endpoint"]).toMatch(/^https:\/\/[0-9A-F]{32}\.gr7\.us-east-1\.eks\.amazonaws\.com$/);
    expect(out["oidcIssuerUrl"]).toMatch(
      /^https:\/\/oidc\.eks\.us-east-1\.amazonaws\.com\/id\/[0-9A-F]{32}$/,
    );
    expect(out["nodeRoleArns"]).toEqual([
      g.one("aws:iam/role:Role", "platform-node").outputs["arn"],
      g.one("aws:iam/role:Role", "platform-fargate").outputs["arn"],
    ]);
    const component = g.one("berth:eks:EksCluster", "platform");
    expect(component.outputs["kubeconfig"]).toBeDefined();
    expect(Object.keys(component.outputs).sort()).toEqual([
      "clusterArn",
      "clusterName",
      "clusterSecurityGroupId",
      "endpoint",
      "kmsKeyArn",
      "kubeconfig",
      "nodeRoleArns",
      "oidcIssuerUrl",
    ]);
  });

  it("parents every resource under the component, named after it", () => {
    const component = urn("berth:eks:EksCluster", "platform");
    for (const r of g.descendantsOf(component)) {
      expect(r.name.startsWith("platform-")).toBe(true);
    }
    expect(g.descendantsOf(component).length).toBe(g.size - 2);
  });
});
