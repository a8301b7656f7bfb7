import * as path from "node:path";
import { capture, type GraphResource, type PlanReport, planEnvironment } from "@berth/plan";
import { type LayerOutputs, parseConfig, rawConfig } from "@berth/stack-config";
import { describe, expect, it } from "vitest";
import { platformConfigSchema } from "../src/config";
import { program } from "../src/program";

const root = path.resolve(__dirname, "..", "..", "..");

/** The account layer's read-only role of `env`, as the account layer names it. */
const previewRole = (env: string) => `arn:aws:iam::123456789012:role/berth-preview-${env}`;

/** What the account and network layers export, as their own tests prove. */
const network = (env: string, preview = previewRole(env)) => ({
  [`organization/berth-account/${env}`]: {
    oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
    deployRoleArn: `arn:aws:iam::123456789012:role/berth-deploy-${env}`,
    previewRoleArn: preview,
    githubConnectionArn: "arn:aws:codeconnections:us-east-1:123456789012:connection/berth",
  },
  [`organization/berth-network/${env}`]: {
    vpcId: "vpc-0123456789abcdef0",
    vpcCidr: "10.30.0.0/16",
    privateSubnetIds: ["subnet-0aaa", "subnet-0bbb", "subnet-0ccc"],
    publicSubnetIds: ["subnet-0ddd", "subnet-0eee", "subnet-0fff"],
    runnerSecurityGroupId: "sg-0runner",
  },
});

function plan(env: string): Promise<PlanReport> {
  return planEnvironment({
    env,
    root,
    layer: ["platform"],
    programs: { platform: program },
    stackOutputs: network(env),
    cost: false,
    time: false,
  });
}

const of = (r: PlanReport, type: string): GraphResource[] =>
  r.layers[0]?.graph.resources.filter((x) => x.type === type) ?? [];

describe.each(["dev", "staging", "prod"])("platform layer, %s", (env) => {
  it("plans with no mandatory policy violation, every component present", async () => {
    const r = await plan(env);
    expect(r.policies.ran).toBe(true);
    const mandatory = r.layers[0]?.violations.filter((v) => v.level === "mandatory") ?? [];
    expect(mandatory.map((v) => `${v.policy}: ${v.message}`)).toEqual([]);
    for (const type of [
      "berth:ecr:Repository",
      "berth:ecs:SpotCapacity",
      "berth:eks:EksCluster",
      "berth:lattice:ServiceNetwork",
      "aws:ecs/cluster:Cluster",
    ]) {
      expect(of(r, type).length, type).toBeGreaterThan(0);
    }
    const out = r.layers[0]?.graph.stackOutputs ?? {};
    expect(out["vpcId"]).toBe("vpc-0123456789abcdef0");
    expect(Object.keys(out["repositoryUrls"] as object).sort()).toEqual([
      `${env}/jobs`,
      `${env}/web`,
      `${env}/worker`,
    ]);
    // Every output is a key of LayerOutputs["berth-platform"], the list layerReference checks.
    const keys: Record<keyof LayerOutputs["berth-platform"], true> = {
      vpcId: true,
      privateSubnetIds: true,
      publicSubnetIds: true,
      ecsClusterName: true,
      ecsClusterArn: true,
      spotCapacityProviderName: true,
      spotSecurityGroupId: true,
      spotArchitecture: true,
      repositories: true,
      repositoryUrls: true,
      serviceNetworkId: true,
      serviceNetworkArn: true,
      latticeClientSecurityGroupId: true,
      eksClusterName: true,
      eksOidcIssuerUrl: true,
      eksPreviewRoleArn: true,
    };
    expect(Object.keys(out).filter((k) => !(k in keys))).toEqual([]);
    expect(out["eksPreviewRoleArn"]).toBe(previewRole(env));
  });
});

describe("platform layer: environments differ only in config", () => {
  it("names the mesh's VPC association by its key, aliased from its former positional name", async () => {
    const r = await plan("dev");
    const assoc = of(r, "aws:vpclattice/serviceNetworkVpcAssociation:ServiceNetworkVpcAssociation");
    expect(assoc.map((a) => [a.name, a.inputs["vpcIdentifier"]])).toEqual([
      ["mesh-vpc-platform", "vpc-0123456789abcdef0"],
    ]);
    expect(assoc[0]?.options.aliases).toEqual([expect.stringMatching(/::mesh-vpc-0$/)]);
  });

  it("one cluster with Fargate, Fargate Spot and the EC2 Spot provider attached once", async () => {
    const r = await plan("dev");
    const attach = of(r, "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders");
    expect(attach).toHaveLength(1);
    const providers = attach[0]?.inputs["capacityProviders"] as string[];
    expect(providers).toEqual(expect.arrayContaining(["FARGATE", "FARGATE_SPOT"]));
    expect(providers).toHaveLength(3);
    // Owned by the cluster's one ClusterCapacityProviders, not by the Spot capacity.
    const owner = r.layers[0]?.graph.resources.find((x) => x.urn === attach[0]?.parent);
    expect(owner?.type).toBe("berth:ecs:ClusterCapacityProviders");
    expect(attach[0]?.inputs["defaultCapacityProviderStrategies"]).toEqual([
      {
        capacityProvider: of(r, "aws:ecs/capacityProvider:CapacityProvider")[0]?.outputs["name"],
        base: 0,
        weight: 1,
      },
    ]);
    const asg = of(r, "aws:autoscaling/group:Group")[0];
    const mip = asg?.inputs["mixedInstancesPolicy"] as { instancesDistribution: Record<string, unknown> };
    expect(mip.instancesDistribution["onDemandBaseCapacity"]).toBe(0);
    expect(mip.instancesDistribution["onDemandPercentageAboveBaseCapacity"]).toBe(0);
  });

  it("prod: on-demand base for Spot, KMS repositories, enhanced scanning, protected repositories and EKS", async () => {
    const r = await plan("prod");
    const asg = of(r, "aws:autoscaling/group:Group")[0];
    const mip = asg?.inputs["mixedInstancesPolicy"] as { instancesDistribution: Record<string, unknown> };
    expect(mip.instancesDistribution["onDemandBaseCapacity"]).toBe(2);
    expect(mip.instancesDistribution["onDemandPercentageAboveBaseCapacity"]).toBe(20);
    for (const repo of of(r, "aws:ecr/repository:Repository")) {
      expect(repo.options.protect).toBe(true);
      expect(repo.inputs["encryptionConfigurations"]).toEqual([
        expect.objectContaining({ encryptionType: "KMS" }),
      ]);
      expect(repo.inputs["imageTagMutability"]).toBe("IMMUTABLE");
    }
    // Registry settings are account-wide: the account layer owns them, never an environment.
    expect(of(r, "berth:ecr:RegistrySettings")).toEqual([]);
    expect(of(r, "berth:eks:EksCluster")[0]?.options.protect).toBe(true);
    const spotPool = of(r, "aws:eks/nodeGroup:NodeGroup").find((n) => n.name === "eks-spot");
    expect(spotPool?.inputs["capacityType"]).toBe("SPOT");
    expect(spotPool?.inputs["scalingConfig"]).toMatchObject({ minSize: 2, maxSize: 20 });
  });

  it("admits the in-VPC runner to the private EKS API on 443, and nothing else from outside", async () => {
    const r = await plan("dev");
    const rules = of(r, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter(
      (x) => x.name === "eks-api-from-runner",
    );
    expect(rules.map((x) => x.inputs)).toEqual([
      expect.objectContaining({
        referencedSecurityGroupId: "sg-0runner",
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
      }),
    ]);
    expect(of(r, "eks:index:Cluster")[0]?.inputs["endpointPublicAccess"]).toBe(false);
  });

  it("dev protects nothing", async () => {
    const r = await plan("dev");
    expect(r.layers[0]?.graph.resources.filter((x) => x.options.protect).map((x) => x.name)).toEqual([]);
  });

  it("associates the Lattice service network with the network layer's VPC", async () => {
    const r = await plan("staging");
    const assoc = of(r, "aws:vpclattice/serviceNetworkVpcAssociation:ServiceNetworkVpcAssociation")[0];
    expect(assoc?.inputs["vpcIdentifier"]).toBe("vpc-0123456789abcdef0");
    const sg = of(r, "aws:ec2/securityGroup:SecurityGroup").find((s) => s.name === "lattice-clients");
    expect(assoc?.inputs["securityGroupIds"]).toEqual([sg?.id]);
  });
});

describe("platform config schema", () => {
  const parse = (raw: Record<string, string>) =>
    parseConfig(
      platformConfigSchema,
      rawConfig("berth-platform", raw),
      "berth-platform",
      "berth-platform/dev",
    );

  it("fails with the key, the value and what is allowed", () => {
    expect(() =>
      parse({
        "berth-platform:repositories": '[{"name":"Web App"}]',
        "berth-platform:ecsSpot": '{"maxSize":0,"architecture":"sparc"}',
        "berth-platform:eks": '{"version":"2"}',
      }),
    ).toThrow(
      [
        "Invalid configuration for stack berth-platform/dev:",
        `  - berth-platform:repositories[0].name: got "Web App"; allowed: lowercase letters, digits, '.', '_', '-' and '/', e.g. team/web.`,
        '  - berth-platform:ecsSpot.architecture: got "sparc"; allowed: one of "arm64", "x86_64".',
        "  - berth-platform:ecsSpot.maxSize: got 0; allowed: an integer from 1 to 1000.",
        '  - berth-platform:eks.version: got "2"; allowed: a Kubernetes minor version, e.g. 1.35.',
      ].join("\n"),
    );
  });

  it("rejects an unquoted EKS version (a YAML number) with a hint to quote it", () => {
    expect(() => parse({ "berth-platform:eks": '{"version":1.3}' })).toThrow(
      `  - berth-platform:eks.version: got 1.3; allowed: a Kubernetes minor version as a quoted string: YAML reads an unquoted version as a number (1.30 becomes 1.3); write version: "1.30".`,
    );
    expect(() => parse({ "berth-platform:eks": '{"version":1.35,"supportType":"LTS"}' })).toThrow(
      [
        `  - berth-platform:eks.version: got 1.35; allowed: a Kubernetes minor version as a quoted string: YAML reads an unquoted version as a number (1.30 becomes 1.3); write version: "1.35".`,
        '  - berth-platform:eks.supportType: got "LTS"; allowed: one of "STANDARD", "EXTENDED".',
      ].join("\n"),
    );
    expect(parse({ "berth-platform:eks": '{"version":"1.35"}' }).eks).toMatchObject({
      version: "1.35",
      supportType: "STANDARD",
      admins: [],
      adminViewers: [],
      viewers: [],
    });
  });

  it("checks log retention and EKS access principals with the components' own checks", () => {
    expect(() =>
      parse({
        "berth-platform:eks": '{"logRetentionDays":10,"admins":["platform-team"]}',
        "berth-platform:lattice": '{"accessLogRetentionDays":45}',
      }),
    ).toThrow(
      [
        "Invalid configuration for stack berth-platform/dev:",
        "  - berth-platform:eks.logRetentionDays: got 10; allowed: one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653.",
        '  - berth-platform:eks.admins[0]: got "platform-team"; allowed: an ARN of an iam role or user (arn:<partition>:iam:<region>:<account>:role/...).',
        "  - berth-platform:lattice.accessLogRetentionDays: got 45; allowed: one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653.",
      ].join("\n"),
    );
  });

  it("refuses the registry settings, which moved to the account layer", () => {
    expect(() => parse({ "berth-platform:registryScan": "ENHANCED" })).toThrow(
      '  - berth-platform:registryScan: got "ENHANCED"; allowed: no such key; known keys: repositories, ecrKms, ecsSpot',
    );
  });

  it("names a misspelt key", () => {
    expect(() => parse({ "berth-platform:protected": "true" })).toThrow(
      '  - berth-platform:protected: got true; allowed: no such key (did you mean "protect"?); known keys: repositories, ecrKms',
    );
  });
});

describe("platform layer: EKS access and support policy from config", () => {
  const ci = "arn:aws:iam::123456789012:role/ci/berth-preview";
  const team = "arn:aws:iam::123456789012:role/platform-team";
  const eks = (extra: Record<string, unknown>) => ({
    "berth-platform:eks": { version: "1.35", ...extra },
  });
  const run = (config: Record<string, unknown>, today?: Date) =>
    capture(() => program(today ? { today } : {}), {
      project: "berth-platform",
      stack: "dev",
      config,
      stackOutputs: network("dev", ci),
    });

  it("gives eks.admins cluster admin and eks.adminViewers (CI's preview role) AmazonEKSAdminViewPolicy", async () => {
    const g = await run(eks({ admins: [team], adminViewers: [ci] }));
    const policies = g.resources
      .filter((r) => r.type === "aws:eks/accessPolicyAssociation:AccessPolicyAssociation")
      .map((r) => [r.inputs["principalArn"], r.inputs["policyArn"]]);
    expect(policies).toEqual([
      [team, "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"],
      [ci, "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminViewPolicy"],
    ]);
  });

  it("sends eks.supportType as the upgrade policy; EXTENDED in config keeps a version past standard support planning", async () => {
    const later = new Date("2027-04-01T12:00:00Z");
    await expect(run(eks({ adminViewers: [ci] }), later)).rejects.toThrow(
      '  - version: got "1.35"; allowed: a version in standard support (1.36), or supportType "EXTENDED".',
    );
    const g = await run(eks({ supportType: "EXTENDED", adminViewers: [ci] }), later);
    expect(g.one("eks:index:Cluster").inputs["upgradePolicy"]).toEqual({ supportType: "EXTENDED" });
  });

  it("fails the plan when the account layer's preview role cannot read the cluster (not in eks.adminViewers)", async () => {
    await expect(run(eks({ admins: [team] }))).rejects.toThrow(
      "Invalid configuration for stack berth-platform/dev (Pulumi.dev.yaml):\n" +
        `  - berth-platform:eks.adminViewers: got []; allowed: a list that includes the account layer's preview role ${ci} (refreshing previews and drift checks read Helm's release Secrets through the Kubernetes API).`,
    );
  });
});

describe("platform layer: sleep schedules from config", () => {
  it("dev's EKS node groups sleep outside Mon-Fri 07:00-20:00 UTC; prod's never sleep", async () => {
    const schedules = (r: PlanReport) =>
      of(r, "aws:autoscaling/schedule:Schedule")
        .map((s) => [
          s.name,
          s.inputs["recurrence"],
          s.inputs["timeZone"],
          s.inputs["minSize"],
          s.inputs["maxSize"],
        ])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    const dev = schedules(await plan("dev"));
    expect(dev.filter(([n]) => String(n).startsWith("eks-"))).toEqual([
      ["eks-spot-sleep", "0 20 * * 1,2,3,4,5", "UTC", 0, 0],
      ["eks-spot-wake", "0 7 * * 1,2,3,4,5", "UTC", 0, 4],
      ["eks-system-sleep", "0 20 * * 1,2,3,4,5", "UTC", 0, 0],
      ["eks-system-wake", "0 7 * * 1,2,3,4,5", "UTC", 1, 2],
    ]);
    expect(schedules(await plan("prod"))).toEqual([]);
  });
});
