import { readFileSync } from "node:fs";
import { join } from "node:path";
import { capture } from "@berth/plan";
import { describe, expect, it } from "vitest";
import { program as managedInstances } from "../examples/managed-instances";
import { program as spotCluster } from "../examples/spot-cluster";

const root = join(__dirname, "..");
const readme = readFileSync(join(root, "README.md"), "utf8");
const asUserImports = (file: string) =>
  readFileSync(join(root, file), "utf8").replace('from "../src"', 'from "@berth/ecs-ec2-spot"').trim();

const stackOutputs = {
  "org/network/dev": { vpcId: "vpc-0a1b2c3d", privateSubnetIds: ["subnet-0a", "subnet-0b", "subnet-0c"] },
  "org/platform/dev": {
    httpsListenerArn:
      "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/edge/0123456789abcdef/fedcba9876543210",
    albSecurityGroupId: "sg-0edge",
  },
};

describe("README examples", () => {
  it("the README shows both example files as a user imports them", () => {
    expect(readme).toContain(asUserImports("examples/spot-cluster.ts"));
    expect(readme).toContain(asUserImports("examples/managed-instances.ts"));
  });

  it("spot-cluster runs and creates what the README lists", async () => {
    const graph = await capture(spotCluster, { stackOutputs });
    const counts = Object.fromEntries(graph.countsByType().map((c) => [c.type, c.count]));
    expect(counts).toMatchObject({
      "berth:ecs:SpotCapacity": 1,
      "berth:ecs:Ec2Service": 1,
      "berth:ecs:Cluster": 1,
      "berth:ecs:ClusterCapacityProviders": 1,
      "aws:ecs/cluster:Cluster": 1,
      "aws:iam/role:Role": 3,
      "aws:iam/instanceProfile:InstanceProfile": 1,
      "aws:ec2/securityGroup:SecurityGroup": 1,
      "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": 1,
      "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": 1,
      "aws:ec2/launchTemplate:LaunchTemplate": 1,
      "aws:autoscaling/group:Group": 1,
      "aws:ecs/capacityProvider:CapacityProvider": 1,
      "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": 1,
      "aws:cloudwatch/logGroup:LogGroup": 2,
      "aws:ecs/taskDefinition:TaskDefinition": 1,
      "aws:lb/targetGroup:TargetGroup": 1,
      "aws:lb/listenerRule:ListenerRule": 1,
      "aws:ecs/service:Service": 1,
      "aws:appautoscaling/target:Target": 1,
      "aws:appautoscaling/policy:Policy": 1,
    });
    expect(graph.resources.filter((r) => r.custom && !r.read).length).toBe(20);
    const cp = graph.one("aws:ecs/capacityProvider:CapacityProvider");
    expect(graph.stackOutputs).toEqual({
      capacityProvider: cp.outputs["name"],
      autoScalingGroup: graph.one("aws:autoscaling/group:Group").outputs["name"],
      service: graph.one("aws:ecs/service:Service").outputs["name"],
    });
    expect(graph.one("aws:autoscaling/group:Group").inputs["vpcZoneIdentifiers"]).toEqual([
      "subnet-0a",
      "subnet-0b",
      "subnet-0c",
    ]);
    expect(graph.one("aws:lb/listenerRule:ListenerRule").inputs["conditions"]).toEqual([
      { hostHeader: { values: ["web.example.com"] } },
    ]);
  });

  it("managed-instances runs", async () => {
    const graph = await capture(managedInstances);
    expect(graph.one("aws:ecs/service:Service").inputs["networkConfiguration"]).toMatchObject({
      subnets: ["subnet-0a", "subnet-0b"],
    });
    expect(graph.count("aws:autoscaling/group:Group")).toBe(0);
  });
});
