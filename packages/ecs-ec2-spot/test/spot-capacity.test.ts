import { parsePolicyDocument } from "@berth/core";
import { capture, type ResourceGraph } from "@berth/plan";
import * as aws from "@pulumi/aws";
import { describe, expect, it } from "vitest";
import { SpotCapacity, type SpotCapacityArgs } from "../src";

const CLUSTER_ARN = "arn:aws:ecs:us-east-1:123456789012:cluster/apps";

const base: SpotCapacityArgs = {
  clusterName: "apps",
  clusterArn: CLUSTER_ARN,
  vpcId: "vpc-1",
  subnetIds: ["subnet-a", "subnet-b", "subnet-c"],
  maxSize: 10,
};

async function plan(args: Partial<SpotCapacityArgs> = {}): Promise<ResourceGraph> {
  return capture(() => {
    const spot = new SpotCapacity("workers", { ...base, ...args });
    return { provider: spot.capacityProviderName };
  });
}

function userData(graph: ResourceGraph): string {
  const lt = graph.one("aws:ec2/launchTemplate:LaunchTemplate", "workers-template");
  return Buffer.from(lt.inputs["userData"] as string, "base64").toString("utf8");
}

describe("SpotCapacity defaults", () => {
  it("creates the role, profile, security group, launch template, group and provider (no association)", async () => {
    const graph = await plan();
    const spot = graph.one("berth:ecs:SpotCapacity", "workers");
    expect(
      graph
        .descendantsOf(spot.urn)
        .map((r) => `${r.type} ${r.name}`)
        .sort(),
    ).toEqual(
      [
        "aws:iam/role:Role workers-instance",
        "aws:iam/instanceProfile:InstanceProfile workers-profile",
        "aws:ec2/securityGroup:SecurityGroup workers-instances",
        "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule workers-egress",
        "aws:ec2/launchTemplate:LaunchTemplate workers-template",
        "aws:autoscaling/group:Group workers-asg",
        "aws:ecs/capacityProvider:CapacityProvider workers-provider",
      ].sort(),
    );
  });

  it("writes the agent config, with Spot draining on because Spot is possible", async () => {
    const graph = await plan();
    expect(userData(graph)).toBe(
      [
        "#!/bin/bash",
        "cat <<'EOF' >> /etc/ecs/ecs.config",
        "ECS_CLUSTER=apps",
        "ECS_ENABLE_SPOT_INSTANCE_DRAINING=true",
        "ECS_CONTAINER_STOP_TIMEOUT=30s",
        "ECS_AWSVPC_BLOCK_IMDS=true",
        "ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE=true",
        "EOF",
        "",
      ].join("\n"),
    );
  });

  it("boots the arm64 ECS-optimized AL2023 AMI with IMDSv2, hop limit 1 and an encrypted gp3 root", async () => {
    const graph = await plan();
    const lt = graph.one("aws:ec2/launchTemplate:LaunchTemplate");
    expect(lt.inputs["imageId"]).toMatch(/^ami-[0-9a-f]{17}$/);
    expect(lt.inputs["metadataOptions"]).toEqual({
      httpEndpoint: "enabled",
      httpTokens: "required",
      httpPutResponseHopLimit: 1,
      instanceMetadataTags: "disabled",
    });
    expect(lt.inputs["blockDeviceMappings"]).toEqual([
      {
        deviceName: "/dev/xvda",
        ebs: { volumeSize: 30, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" },
      },
    ]);
    expect(lt.inputs["iamInstanceProfile"]).toEqual({
      arn: graph.one("aws:iam/instanceProfile:InstanceProfile").outputs["arn"],
    });
  });

  it("reads the arm64 AMI parameter by default and the x86_64 one when asked", async () => {
    const names: string[] = [];
    const mocks = {
      invokes: {
        "aws:ssm/getParameter:getParameter": (inputs: Record<string, unknown>) => {
          names.push(inputs["name"] as string);
          return {
            name: inputs["name"],
            value: "ami-0123456789abcdef0",
            insecureValue: "ami-0123456789abcdef0",
          };
        },
      },
    };
    await capture(() => new SpotCapacity("workers", base), { mocks });
    await capture(
      () =>
        new SpotCapacity("workers", {
          ...base,
          architecture: "x86_64",
          instanceTypes: ["m7i.large", "m7a.large"],
        }),
      { mocks },
    );
    expect(names).toEqual([
      "/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id",
      "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id",
    ]);
  });

  it("mixes one on-demand instance with Spot above it, price-capacity-optimized, across the subnets", async () => {
    const graph = await plan();
    const asg = graph.one("aws:autoscaling/group:Group");
    const lt = graph.one("aws:ec2/launchTemplate:LaunchTemplate");
    expect(asg.inputs["mixedInstancesPolicy"]).toEqual({
      instancesDistribution: {
        onDemandBaseCapacity: 1,
        onDemandPercentageAboveBaseCapacity: 0,
        onDemandAllocationStrategy: "lowest-price",
        spotAllocationStrategy: "price-capacity-optimized",
      },
      launchTemplate: {
        launchTemplateSpecification: { launchTemplateId: lt.id, version: "1" },
        overrides: [
          { instanceType: "m7g.large" },
          { instanceType: "m6g.large" },
          { instanceType: "m8g.large" },
          { instanceType: "c7g.xlarge" },
        ],
      },
    });
    expect(asg.inputs["vpcZoneIdentifiers"]).toEqual(["subnet-a", "subnet-b", "subnet-c"]);
    expect(asg.inputs["capacityRebalance"]).toBe(true);
    expect(asg.inputs["protectFromScaleIn"]).toBe(true);
    expect(asg.inputs["forceDelete"]).toBe(true);
    expect(asg.inputs["minSize"]).toBe(0);
    expect(asg.inputs["maxSize"]).toBe(10);
    expect(asg.options.ignoreChanges).toEqual(["desiredCapacity"]);
    expect(asg.inputs["tags"]).toContainEqual({
      key: "AmazonECSManaged",
      value: "true",
      propagateAtLaunch: true,
    });
  });

  it("selects by attributes with the CPU maker of the architecture", async () => {
    const graph = await plan({ instanceRequirements: { vcpuMin: 2, vcpuMax: 8, memoryMinMib: 4096 } });
    const asg = graph.one("aws:autoscaling/group:Group");
    const mip = asg.inputs["mixedInstancesPolicy"] as { launchTemplate: { overrides: unknown[] } };
    expect(mip.launchTemplate.overrides).toEqual([
      {
        instanceRequirements: {
          vcpuCount: { min: 2, max: 8 },
          memoryMib: { min: 4096 },
          cpuManufacturers: ["amazon-web-services"],
          burstablePerformance: "excluded",
          instanceGenerations: ["current"],
        },
      },
    ]);
  });

  it("gives the provider managed scaling, termination protection and draining", async () => {
    const graph = await plan();
    const cp = graph.one("aws:ecs/capacityProvider:CapacityProvider");
    expect(cp.inputs["autoScalingGroupProvider"]).toEqual({
      autoScalingGroupArn: graph.one("aws:autoscaling/group:Group").outputs["arn"],
      managedTerminationProtection: "ENABLED",
      managedDraining: "ENABLED",
      managedScaling: {
        status: "ENABLED",
        targetCapacity: 100,
        minimumScalingStepSize: 1,
        maximumScalingStepSize: 10,
        instanceWarmupPeriod: 300,
      },
    });
    expect(graph.count("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders")).toBe(0);
    expect(graph.stackOutputs["provider"]).toBe(cp.outputs["name"]);
  });

  it("grants the instance role only what the ECS agent needs, scoped to the cluster", async () => {
    const graph = await plan();
    const role = graph.one("aws:iam/role:Role", "workers-instance");
    expect(parsePolicyDocument(role.inputs["assumeRolePolicy"] as string)).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: ["sts:AssumeRole"] },
      ],
    });
    const policies = role.inputs["inlinePolicies"] as Array<{ name: string; policy: string }>;
    expect(policies.map((p) => p.name)).toEqual(["ecs-agent"]);
    expect(parsePolicyDocument(policies[0]?.policy ?? "")).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "RegisterInCluster",
          Effect: "Allow",
          Action: ["ecs:DeregisterContainerInstance", "ecs:RegisterContainerInstance", "ecs:Submit*"],
          Resource: [CLUSTER_ARN],
        },
        {
          Sid: "PollForWork",
          Effect: "Allow",
          Action: ["ecs:Poll", "ecs:StartTelemetrySession", "ecs:UpdateContainerInstancesState"],
          Resource: ["*"],
          Condition: { ArnEquals: { "ecs:cluster": [CLUSTER_ARN] } },
        },
        { Sid: "DiscoverEndpoint", Effect: "Allow", Action: ["ecs:DiscoverPollEndpoint"], Resource: ["*"] },
        {
          Sid: "WriteTaskLogs",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: ["arn:aws:logs:us-east-1:123456789012:log-group:/ecs/*:log-stream:*"],
        },
        { Sid: "EcrAuth", Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: ["*"] },
        {
          Sid: "PullImages",
          Effect: "Allow",
          Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
          Resource: ["arn:aws:ecr:us-east-1:123456789012:repository/*"],
        },
      ],
    });
    expect(graph.count("aws:iam/rolePolicyAttachment:RolePolicyAttachment")).toBe(0);
  });

  it("attaches AmazonSSMManagedInstanceCore only when asked, and drops ECR pull for an empty list", async () => {
    const graph = await plan({ enableSsm: true, imagePullRepositoryArns: [] });
    expect(graph.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment").inputs["policyArn"]).toBe(
      "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
    );
    const role = graph.one("aws:iam/role:Role", "workers-instance");
    const doc = parsePolicyDocument(
      (role.inputs["inlinePolicies"] as Array<{ policy: string }>)[0]?.policy ?? "",
    );
    expect(doc?.Statement.map((s) => s["Sid"])).toEqual([
      "RegisterInCluster",
      "PollForWork",
      "DiscoverEndpoint",
      "WriteTaskLogs",
    ]);
  });

  it("leaves the security group without ingress (egress only)", async () => {
    const graph = await plan();
    expect(graph.count("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")).toBe(0);
    expect(graph.one("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").inputs).toMatchObject({
      ipProtocol: "-1",
      cidrIpv4: "0.0.0.0/0",
    });
  });
});

describe("SpotCapacity options", () => {
  it("turns Spot draining off only when every instance is on demand", async () => {
    const graph = await plan({ onDemandPercentageAboveBaseCapacity: 100, instanceTypes: ["m7g.large"] });
    expect(userData(graph)).not.toContain("ECS_ENABLE_SPOT_INSTANCE_DRAINING");
    expect(graph.one("aws:autoscaling/group:Group").inputs["capacityRebalance"]).toBe(false);
  });

  it("lets ECS keep desired capacity only with managed scaling", async () => {
    const graph = await plan({
      managedScaling: false,
      managedTerminationProtection: false,
      desiredCapacity: 2,
    });
    const asg = graph.one("aws:autoscaling/group:Group");
    expect(asg.options.ignoreChanges).toEqual([]);
    expect(asg.inputs["desiredCapacity"]).toBe(2);
    expect(asg.inputs["protectFromScaleIn"]).toBe(false);
    expect(
      graph.one("aws:ecs/capacityProvider:CapacityProvider").inputs["autoScalingGroupProvider"],
    ).toMatchObject({
      managedTerminationProtection: "DISABLED",
      managedScaling: { status: "DISABLED" },
    });
  });

  it("renders extra agent settings sorted after the derived ones, and a custom stop timeout", async () => {
    const graph = await plan({
      containerStopTimeoutSeconds: 90,
      extraEcsConfig: { ECS_IMAGE_PULL_BEHAVIOR: "prefer-cached", ECS_ENABLE_CONTAINER_METADATA: "true" },
    });
    expect(userData(graph).split("\n").slice(2, -2)).toEqual([
      "ECS_CLUSTER=apps",
      "ECS_ENABLE_SPOT_INSTANCE_DRAINING=true",
      "ECS_CONTAINER_STOP_TIMEOUT=90s",
      "ECS_AWSVPC_BLOCK_IMDS=true",
      "ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE=true",
      "ECS_ENABLE_CONTAINER_METADATA=true",
      "ECS_IMAGE_PULL_BEHAVIOR=prefer-cached",
    ]);
  });

  it("takes the cluster name from an Output (a cluster in the same program)", async () => {
    const graph = await capture(() => {
      const cluster = new aws.ecs.Cluster("apps", {});
      new SpotCapacity("workers", { ...base, clusterName: cluster.name, clusterArn: cluster.arn });
    });
    const cluster = graph.one("aws:ecs/cluster:Cluster");
    expect(userData(graph)).toContain(`ECS_CLUSTER=${cluster.outputs["name"]}\n`);
    const lt = graph.one("aws:ec2/launchTemplate:LaunchTemplate");
    expect(graph.dependsOn(lt.urn, cluster.urn)).toBe(true);
  });

  it("refuses the removed attachment arguments, naming the one owner of the association", async () => {
    const err = await capture(() => {
      new SpotCapacity("workers", { ...base, attachToCluster: false } as SpotCapacityArgs);
    }).catch((e: unknown) => e);
    expect((err as Error).message).toBe(
      'Invalid arguments for berth:ecs:SpotCapacity "workers":\n' +
        "  - attachToCluster: got false; allowed: no such argument: the cluster's one ClusterCapacityProviders (@berth/ecs-fargate) associates every provider. Hint: create the cluster with `ec2Capacity: true`, then `new ClusterCapacityProviders(name, { clusterName, capacityProviders: [capacity.capacityProviderName] })` after the capacity.",
    );
  });
});
