import { BerthValidationError, parsePolicyDocument } from "@berth/core";
import { ClusterCapacityProviders } from "@berth/ecs-fargate";
import { capture, type ResourceGraph } from "@berth/plan";
import { describe, expect, it } from "vitest";
import { Ec2Service, ManagedInstancesCapacity, type ManagedInstancesCapacityArgs } from "../src";

const CLUSTER_ARN = "arn:aws:ecs:us-east-1:123456789012:cluster/apps";
const base: ManagedInstancesCapacityArgs = {
  clusterName: "apps",
  clusterArn: CLUSTER_ARN,
  vpcId: "vpc-1",
  subnetIds: ["subnet-a", "subnet-b"],
};

const policyOf = (graph: ResourceGraph, name: string) =>
  parsePolicyDocument(
    (graph.one("aws:iam/role:Role", name).inputs["inlinePolicies"] as Array<{ policy: string }>)[0]?.policy ??
      "",
  );

describe("ManagedInstancesCapacity", () => {
  it("creates a Spot managed instances provider with attribute-based Graviton selection", async () => {
    const graph = await capture(() => {
      new ManagedInstancesCapacity("mi", base);
    });
    const cp = graph.one("aws:ecs/capacityProvider:CapacityProvider");
    expect(cp.inputs["cluster"]).toBe("apps");
    expect(cp.inputs["autoScalingGroupProvider"]).toBeUndefined();
    expect(cp.inputs["managedInstancesProvider"]).toEqual({
      infrastructureRoleArn: graph.one("aws:iam/role:Role", "mi-infrastructure").outputs["arn"],
      propagateTags: "CAPACITY_PROVIDER",
      instanceLaunchTemplate: {
        capacityOptionType: "SPOT",
        ec2InstanceProfileArn: graph.one("aws:iam/instanceProfile:InstanceProfile").outputs["arn"],
        monitoring: "BASIC",
        networkConfiguration: {
          subnets: ["subnet-a", "subnet-b"],
          securityGroups: [graph.one("aws:ec2/securityGroup:SecurityGroup").id],
        },
        storageConfiguration: { storageSizeGib: 30 },
        instanceRequirements: {
          vcpuCount: { min: 2, max: 8 },
          memoryMib: { min: 4096, max: 32768 },
          cpuManufacturers: ["amazon-web-services"],
          burstablePerformance: "excluded",
          instanceGenerations: ["current"],
        },
      },
    });
    expect(graph.count("aws:autoscaling/group:Group")).toBe(0);
    expect(graph.count("aws:ec2/launchTemplate:LaunchTemplate")).toBe(0);
  });

  it("gives the infrastructure role the managed policy and passing exactly the instance role", async () => {
    const graph = await capture(() => {
      new ManagedInstancesCapacity("mi", base);
    });
    const infra = graph.one("aws:iam/role:Role", "mi-infrastructure");
    expect(parsePolicyDocument(infra.inputs["assumeRolePolicy"] as string)?.Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: "ecs.amazonaws.com" },
        Action: ["sts:AssumeRole"],
        Condition: { StringEquals: { "aws:SourceAccount": ["123456789012"] } },
      },
    ]);
    expect(graph.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment").inputs).toEqual({
      role: infra.outputs["name"],
      policyArn: "arn:aws:iam::aws:policy/AmazonECSInfrastructureRolePolicyForManagedInstances",
    });
    expect(policyOf(graph, "mi-infrastructure")?.Statement).toEqual([
      {
        Sid: "PassInstanceRole",
        Effect: "Allow",
        Action: ["iam:PassRole"],
        Resource: [graph.one("aws:iam/role:Role", "mi-instance").outputs["arn"]],
        Condition: { StringEquals: { "iam:PassedToService": ["ec2.amazonaws.com"] } },
      },
    ]);
    expect(policyOf(graph, "mi-instance")?.Statement).toEqual([
      { Sid: "DiscoverEndpoint", Effect: "Allow", Action: ["ecs:DiscoverPollEndpoint"], Resource: ["*"] },
      {
        Sid: "RegisterInCluster",
        Effect: "Allow",
        Action: [
          "ecs:RegisterContainerInstance",
          "ecs:SubmitAttachmentStateChanges",
          "ecs:SubmitTaskStateChange",
        ],
        Resource: [CLUSTER_ARN],
      },
      {
        Sid: "PollForWork",
        Effect: "Allow",
        Action: ["ecs:Poll", "ecs:PutSystemLogEvents", "ecs:StartTelemetrySession"],
        Resource: ["arn:aws:ecs:us-east-1:123456789012:container-instance/apps/*"],
      },
    ]);
  });

  it("keeps the infrastructure policy until the provider is gone, and detaches the provider first", async () => {
    const graph = await capture(() => {
      const mi = new ManagedInstancesCapacity("mi", base);
      const providers = new ClusterCapacityProviders("apps", {
        clusterName: "apps",
        capacityProviders: [mi.capacityProviderName],
      });
      new Ec2Service("api", {
        clusterArn: CLUSTER_ARN,
        clusterName: "apps",
        capacity: providers.attached(mi),
        subnetIds: ["subnet-a"],
        vpcId: "vpc-1",
        containers: [{ name: "api", image: "nginx:1.27", memory: 256 }],
      });
    });
    const cp = graph.one("aws:ecs/capacityProvider:CapacityProvider");
    const attachment = graph.one("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders");
    const service = graph.one("aws:ecs/service:Service");
    expect(cp.explicitDependencies).toEqual([
      graph.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment").urn,
    ]);
    expect(graph.dependsOn(attachment.urn, cp.urn)).toBe(true);
    expect(graph.dependsOn(service.urn, attachment.urn)).toBe(true);
    // Services on Managed Instances default to awsvpc and declare the MANAGED_INSTANCES compatibility.
    expect(graph.one("aws:ecs/taskDefinition:TaskDefinition").inputs).toMatchObject({
      requiresCompatibilities: ["MANAGED_INSTANCES"],
      networkMode: "awsvpc",
    });
  });

  it("buys on demand when spot is false, and x86 makers for x86_64", async () => {
    const graph = await capture(() => {
      new ManagedInstancesCapacity("mi", { ...base, spot: false, architecture: "x86_64" });
    });
    const lt = (
      graph.one("aws:ecs/capacityProvider:CapacityProvider").inputs["managedInstancesProvider"] as {
        instanceLaunchTemplate: {
          capacityOptionType: string;
          instanceRequirements: { cpuManufacturers: string[] };
        };
      }
    ).instanceLaunchTemplate;
    expect(lt.capacityOptionType).toBe("ON_DEMAND");
    expect(lt.instanceRequirements.cpuManufacturers).toEqual(["amd", "intel"]);
  });

  it("rejects bad sizes with one message", async () => {
    const err = await capture(() => {
      new ManagedInstancesCapacity("mi", { ...base, vcpuMin: 8, vcpuMax: 4, storageSizeGiB: 0 });
    }).catch((e: unknown) => e);
    expect(BerthValidationError.isBerthValidationError(err)).toBe(true);
    expect((err as Error).message).toBe(
      'Invalid arguments for berth:ecs:ManagedInstancesCapacity "mi":\n' +
        "  - vcpuMax: got 4; allowed: an integer of at least vcpuMin (8).\n" +
        "  - storageSizeGiB: got 0; allowed: an integer from 1 to 16384.",
    );
  });

  it("refuses bridge mode for a service on Managed Instances", async () => {
    const err = await capture(() => {
      new Ec2Service("api", {
        clusterArn: CLUSTER_ARN,
        clusterName: "apps",
        capacity: { capacityProviderName: "mi", securityGroupId: "sg-1", compatibility: "MANAGED_INSTANCES" },
        networkMode: "bridge",
        containers: [{ name: "api", image: "nginx:1.27", memory: 256 }],
      });
    }).catch((e: unknown) => e);
    expect((err as Error).message).toBe(
      'Invalid arguments for berth:ecs:Ec2Service "api":\n' +
        '  - networkMode: got "bridge"; allowed: "awsvpc" or "host" on ECS Managed Instances.',
    );
  });
});
