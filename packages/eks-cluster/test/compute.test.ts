import { capture, invokeMocks } from "@berth/plan";
import { describe, expect, it } from "vitest";
import { EksCluster, nodeadmUserData } from "../src";
import { baseArgs, captureCluster, json } from "./helpers";

describe("self-managed nodes", () => {
  it("an ASG with a mixed instances policy on the EKS AL2023 AMI, nodeadm user data and its own access entry", async () => {
    const g = await captureCluster(
      baseArgs({
        managedNodeGroups: [],
        selfManagedNodeGroups: [
          {
            name: "batch",
            instanceTypes: ["c7g.xlarge", "c6g.xlarge", "m7g.xlarge"],
            minSize: 0,
            maxSize: 20,
            labels: { workload: "batch" },
            taints: [{ key: "batch", value: "true", effect: "NO_SCHEDULE" }],
            metadataHopLimit: 2,
          },
        ],
      }),
    );
    const asg = g.one("aws:autoscaling/group:Group", "c-batch");
    const lt = g.one("aws:ec2/launchTemplate:LaunchTemplate", "c-batch");
    expect(asg.inputs).toMatchObject({
      namePrefix: "c-dev-batch-",
      minSize: 0,
      maxSize: 20,
      desiredCapacity: 0,
      capacityRebalance: true,
      vpcZoneIdentifiers: ["subnet-aaaaaaaaaaaaaaaaa", "subnet-bbbbbbbbbbbbbbbbb"],
      mixedInstancesPolicy: {
        instancesDistribution: {
          onDemandBaseCapacity: 1,
          onDemandPercentageAboveBaseCapacity: 0,
          spotAllocationStrategy: "price-capacity-optimized",
        },
        launchTemplate: {
          launchTemplateSpecification: { launchTemplateId: lt.id, version: "1" },
          overrides: [
            { instanceType: "c7g.xlarge" },
            { instanceType: "c6g.xlarge" },
            { instanceType: "m7g.xlarge" },
          ],
        },
      },
      instanceRefresh: { strategy: "Rolling", preferences: { minHealthyPercentage: 90 } },
    });
    expect(asg.inputs["tags"]).toContainEqual({
      key: "kubernetes.io/cluster/c-dev",
      value: "owned",
      propagateAtLaunch: true,
    });
    expect(asg.options.ignoreChanges).toEqual(["desiredCapacity"]);

    expect(lt.inputs["imageId"]).toMatch(/^ami-[0-9a-f]{17}$/);
    expect(lt.inputs["metadataOptions"]).toMatchObject({
      httpTokens: "required",
      httpPutResponseHopLimit: 2,
    });
    const cluster = g.one("eks:index:Cluster", "c-eks");
    const eksOut = cluster.outputs["eksCluster"] as { vpcConfig: { clusterSecurityGroupId: string } };
    expect(lt.inputs["vpcSecurityGroupIds"]).toEqual([eksOut.vpcConfig.clusterSecurityGroupId]);
    const userData = Buffer.from(String(lt.inputs["userData"]), "base64").toString();
    expect(userData).toContain("kind: NodeConfig");
    expect(userData).toContain("    name: c-dev");
    expect(userData).toContain("    cidr: 172.20.0.0/16");
    expect(userData).toContain('      - "--node-labels=workload=batch"');
    expect(userData).toContain('      - "--register-with-taints=batch=true:NoSchedule"');

    const profile = g.one("aws:iam/instanceProfile:InstanceProfile", "c-self-managed-node");
    expect(profile.inputs["role"]).toBe(g.one("aws:iam/role:Role", "c-self-managed-node").outputs["name"]);
    expect(lt.inputs["iamInstanceProfile"]).toEqual({ arn: profile.outputs["arn"] });
    expect(lt.inputs["imageId"]).toBe(
      invokeMocks["aws:ssm/getParameter:getParameter"]?.(
        { name: "/aws/service/eks/optimized-ami/1.35/amazon-linux-2023/arm64/standard/recommended/image_id" },
        {
          region: "us-east-1",
          accountId: "123456789012",
          partition: "aws",
          project: "berth",
          stack: "dev",
          preview: false,
        },
      )["value"],
    );
    const entry = g.one("aws:eks/accessEntry:AccessEntry", "c-self-managed-node");
    expect(entry.inputs).toMatchObject({
      type: "EC2_LINUX",
      principalArn: g.one("aws:iam/role:Role", "c-self-managed-node").outputs["arn"],
    });
    expect(g.dependsOn(asg.urn, entry.urn)).toBe(true);
    expect(g.dependsOn(asg.urn, g.one("aws:eks/addon:Addon", "c-vpc-cni").urn)).toBe(true);
    expect(g.dependsOn(g.one("aws:eks/addon:Addon", "c-coredns").urn, asg.urn)).toBe(true);
  });

  it("renders nodeadm user data without kubelet flags when there are no labels or taints", () => {
    const ud = nodeadmUserData({
      clusterName: "x",
      endpoint: "https://e",
      certificateAuthority: "Q0E=",
      serviceCidr: "10.100.0.0/16",
    });
    expect(ud).not.toContain("kubelet");
    expect(ud.startsWith("MIME-Version: 1.0\nContent-Type: multipart/mixed")).toBe(true);
    expect(ud.trimEnd().endsWith("--BERTH--")).toBe(true);
  });
});

describe("Fargate-only clusters", () => {
  it("run CoreDNS on Fargate and create profiles one after another", async () => {
    const g = await captureCluster(
      baseArgs({
        managedNodeGroups: [],
        fargateProfiles: [
          { name: "system", selectors: [{ namespace: "kube-system" }] },
          {
            name: "apps",
            selectors: [{ namespace: "apps" }, { namespace: "jobs", labels: { fargate: "yes" } }],
          },
        ],
      }),
    );
    const coredns = g.one("aws:eks/addon:Addon", "c-coredns");
    expect(coredns.inputs["configurationValues"]).toBe('{"computeType":"Fargate"}');
    const system = g.one("aws:eks/fargateProfile:FargateProfile", "c-system");
    const apps = g.one("aws:eks/fargateProfile:FargateProfile", "c-apps");
    expect(g.dependsOn(apps.urn, system.urn)).toBe(true);
    expect(g.dependsOn(coredns.urn, apps.urn)).toBe(true);
    expect(g.dependsOn(coredns.urn, system.urn)).toBe(true);
    expect(apps.inputs["selectors"]).toEqual([
      { namespace: "apps", labels: {} },
      { namespace: "jobs", labels: { fargate: "yes" } },
    ]);
    expect(g.count("aws:eks/nodeGroup:NodeGroup")).toBe(0);
    expect(
      g
        .ofType("aws:eks/addon:Addon")
        .map((x) => x.inputs["addonName"])
        .sort(),
    ).toEqual(["coredns", "eks-pod-identity-agent", "kube-proxy", "vpc-cni"]);
    expect(g.count("kubernetes:helm.sh/v3:Release")).toBe(0);
  });
});

describe("EKS Auto Mode", () => {
  it("turns on Auto Mode in pulumi-eks and installs none of the add-ons Auto Mode brings", async () => {
    const g = await captureCluster(
      baseArgs({ managedNodeGroups: [], autoMode: true, autoModeNodePools: ["system"] }),
    );
    const c = g.one("eks:index:Cluster", "c-eks");
    expect(c.inputs["autoMode"]).toEqual({
      enabled: true,
      createNodeRole: true,
      computeConfig: { nodePools: ["system"] },
    });
    expect(g.count("aws:eks/addon:Addon")).toBe(0);
    expect(g.count("kubernetes:helm.sh/v3:Release")).toBe(0);
    const attached = g
      .ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
      .filter((a) => a.name.startsWith("c-cluster-"))
      .map((a) => a.inputs["policyArn"]);
    expect(attached.sort()).toEqual([
      "arn:aws:iam::aws:policy/AmazonEKSBlockStoragePolicy",
      "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy",
      "arn:aws:iam::aws:policy/AmazonEKSComputePolicy",
      "arn:aws:iam::aws:policy/AmazonEKSLoadBalancingPolicy",
      "arn:aws:iam::aws:policy/AmazonEKSNetworkingPolicy",
    ]);
    expect(g.one("kubernetes:storage.k8s.io/v1:StorageClass", "c-gp3").inputs["provisioner"]).toBe(
      "ebs.csi.eks.amazonaws.com",
    );
    const out = g.stackOutputs as { nodeRoleArns: string[] };
    expect(out.nodeRoleArns).toHaveLength(1);
    expect(out.nodeRoleArns[0]).toMatch(
      /^arn:aws:iam::123456789012:role\/c-eks-autoModeNodeRole-[0-9a-f]{7}$/,
    );
  });
});

describe("options", () => {
  it("opens the public endpoint only to the given CIDRs, uses a given KMS key and protects prod clusters", async () => {
    const g = await captureCluster(
      baseArgs({
        publicAccessCidrs: ["203.0.113.0/24"],
        kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555",
        deletionProtection: true,
        logRetentionDays: 365,
        clusterName: "prod-platform",
        version: "1.34",
        addonVersions: { vpcCni: "v1.20.0-eksbuild.1", coreDns: "v1.12.1-eksbuild.2" },
        networkPolicy: false,
        ebsCsiDriver: false,
        efsCsiDriver: false,
        loadBalancerController: false,
      }),
    );
    const c = g.one("eks:index:Cluster", "c-eks");
    expect(c.inputs).toMatchObject({
      name: "prod-platform",
      version: "1.34",
      endpointPrivateAccess: true,
      endpointPublicAccess: true,
      publicAccessCidrs: ["203.0.113.0/24"],
      encryptionConfigKeyArn: "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555",
      deletionProtection: true,
    });
    expect(g.count("aws:kms/key:Key")).toBe(0);
    expect(g.one("aws:cloudwatch/logGroup:LogGroup", "c-control-plane").inputs).toMatchObject({
      name: "/aws/eks/prod-platform/cluster",
      retentionInDays: 365,
    });
    expect(g.one("aws:eks/addon:Addon", "c-vpc-cni").inputs).toMatchObject({
      addonVersion: "v1.20.0-eksbuild.1",
      configurationValues: '{"enableNetworkPolicy":"false"}',
    });
    expect(g.one("aws:eks/addon:Addon", "c-coredns").inputs["addonVersion"]).toBe("v1.12.1-eksbuild.2");
    expect(g.one("aws:eks/addon:Addon", "c-kube-proxy").inputs["addonVersion"]).toBe("v1.33.3-eksbuild.6");
    expect(
      g
        .ofType("aws:eks/addon:Addon")
        .map((a) => a.inputs["addonName"])
        .sort(),
    ).toEqual(["coredns", "eks-pod-identity-agent", "kube-proxy", "vpc-cni"]);
    expect(g.count("kubernetes:storage.k8s.io/v1:StorageClass")).toBe(0);
    expect(g.count("berth:eks:PodIdentityRole")).toBe(0);
  });

  it("adds the FSx for Lustre CSI driver with a least-privilege role and its storage class", async () => {
    const g = await captureCluster(
      baseArgs({
        fsxLustreCsiDriver: true,
        fsxLustreSubnetId: "subnet-aaaaaaaaaaaaaaaaa",
        fsxLustreSecurityGroupIds: ["sg-11111111111111111", "sg-22222222222222222"],
      }),
    );
    const addon = g.one("aws:eks/addon:Addon", "c-aws-fsx-csi-driver");
    expect(addon.inputs["addonName"]).toBe("aws-fsx-csi-driver");
    expect(g.dependsOn(addon.urn, g.one("aws:eks/nodeGroup:NodeGroup", "c-general").urn)).toBe(true);
    const policy = json(g.one("aws:iam/rolePolicy:RolePolicy", "c-fsx-csi-policy"), "policy") as {
      Statement: Array<{ Action: string[] }>;
    };
    expect(policy.Statement.flatMap((s) => s.Action)).toContain("fsx:CreateFileSystem");
    expect(policy.Statement.flatMap((s) => s.Action)).not.toContain("fsx:*");
    expect(g.one("kubernetes:storage.k8s.io/v1:StorageClass", "c-fsx-lustre").inputs).toMatchObject({
      provisioner: "fsx.csi.aws.com",
      parameters: {
        subnetId: "subnet-aaaaaaaaaaaaaaaaa",
        securityGroupIds: "sg-11111111111111111,sg-22222222222222222",
        deploymentType: "PERSISTENT_2",
      },
    });
  });

  it("adds NetApp Trident for FSx for ONTAP: add-on after compute, a role reading only the SVM secret, backend and class", async () => {
    const secret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:fsx-svm1-vsadmin-AbCdEf";
    const g = await captureCluster(
      baseArgs({
        fsxOntapCsiDriver: true,
        fsxOntapFileSystemId: "fs-0123456789abcdef0",
        fsxOntapCredentialsSecretArn: secret,
      }),
    );
    const addon = g.one("aws:eks/addon:Addon", "c-netapp_trident-operator");
    expect(addon.inputs["addonVersion"]).toBe("v25.6.0-eksbuild.1");
    expect(g.dependsOn(addon.urn, g.one("aws:eks/nodeGroup:NodeGroup", "c-general").urn)).toBe(true);
    expect(
      g.one("aws:eks/podIdentityAssociation:PodIdentityAssociation", "c-trident-association").inputs,
    ).toMatchObject({
      namespace: "trident",
      serviceAccount: "trident-controller",
    });
    const policy = json(g.one("aws:iam/rolePolicy:RolePolicy", "c-trident-policy"), "policy") as {
      Statement: Array<{ Action: string[]; Resource: string[] }>;
    };
    expect(
      policy.Statement.find((st) => st.Action.includes("secretsmanager:GetSecretValue"))?.Resource,
    ).toEqual([secret]);
    const backend = g.one("kubernetes:trident.netapp.io/v1:TridentBackendConfig", "c-fsx-ontap-backend");
    expect(backend.inputs["spec"]).toEqual({
      version: 1,
      storageDriverName: "ontap-nas",
      svm: "svm1",
      aws: { fsxFilesystemID: "fs-0123456789abcdef0" },
      credentials: { name: secret, type: "awsarn" },
    });
    expect(g.dependsOn(backend.urn, addon.urn)).toBe(true);
    expect(g.one("kubernetes:storage.k8s.io/v1:StorageClass", "c-fsx-ontap-nas").inputs).toMatchObject({
      provisioner: "csi.trident.netapp.io",
      parameters: { backendType: "ontap-nas" },
    });
  });

  it("defaults the cluster name to <name>-<stack> and x86 groups to the x86 AMI type", async () => {
    const g = await captureCluster(
      baseArgs({
        managedNodeGroups: [
          { name: "x86", architecture: "x86_64", maxUnavailablePercentage: 25, nodeRepair: false },
        ],
      }),
      "web",
      "staging",
    );
    expect(g.one("eks:index:Cluster", "web-eks").inputs["name"]).toBe("web-staging");
    expect(g.one("aws:eks/nodeGroup:NodeGroup", "web-x86").inputs).toMatchObject({
      amiType: "AL2023_x86_64_STANDARD",
      instanceTypes: ["m7i.large"],
      updateConfig: { maxUnavailablePercentage: 25 },
      nodeRepairConfig: { enabled: false },
    });
  });

  it("runs as a preview of a new stack", async () => {
    const g = await capture(
      () => {
        new EksCluster("p", baseArgs());
      },
      { preview: true },
    );
    expect(g.count("aws:eks/nodeGroup:NodeGroup")).toBe(1);
    expect(g.count("aws:eks/addon:Addon")).toBe(6);
  });
});
