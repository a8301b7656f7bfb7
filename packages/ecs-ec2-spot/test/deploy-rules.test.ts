import { BerthValidationError, EC2_DESCRIPTION_PATTERN } from "@berth/core";
import { EXEC_VOLUMES } from "@berth/ecs-fargate";
import { capture, type ResourceGraph } from "@berth/plan";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { Ec2Service, type Ec2ServiceArgs, ManagedInstancesCapacity, SpotCapacity } from "../src";

// Rules AWS applies only at deploy time, which no mock enforces.

const CLUSTER_ARN = "arn:aws:ecs:us-east-1:123456789012:cluster/apps";
const LISTENER =
  "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/edge/0123456789abcdef/fedcba9876543210";
const svc: Ec2ServiceArgs = {
  clusterArn: CLUSTER_ARN,
  clusterName: "apps",
  capacity: { capacityProviderName: "workers-provider", securityGroupId: "sg-1" },
  containers: [{ name: "web", image: "nginx:1.27", memory: 256, portMappings: [{ containerPort: 8080 }] }],
  vpcId: "vpc-1",
  loadBalancer: { listenerArn: LISTENER, securityGroupId: "sg-alb", containerPort: 8080, priority: 10 },
};

/** EC2 API reference, CreateSecurityGroup `GroupDescription` and IpRange `Description` (core's copy). */
const validDescription = (d: string) => EC2_DESCRIPTION_PATTERN.test(d) && d.length <= 255;

const descriptions = (graph: ResourceGraph) =>
  [
    "aws:ec2/securityGroup:SecurityGroup",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  ].flatMap((type) => graph.ofType(type).map((r) => `${r.name}: ${String(r.inputs["description"])}`));

describe("EC2 descriptions use only the characters EC2 accepts", () => {
  it("for every security group and rule SpotCapacity, ManagedInstancesCapacity and Ec2Service build", async () => {
    const graph = await capture(() => {
      new SpotCapacity("workers", {
        clusterName: "apps",
        clusterArn: CLUSTER_ARN,
        vpcId: "vpc-1",
        subnetIds: ["subnet-a"],
        maxSize: 3,
        loadBalancerSecurityGroups: { alb: "sg-alb" },
      });
      new ManagedInstancesCapacity("mi", {
        clusterName: "apps",
        clusterArn: CLUSTER_ARN,
        vpcId: "vpc-1",
        subnetIds: ["subnet-a"],
      });
      new Ec2Service("bridge", svc);
      new Ec2Service("awsvpc", { ...svc, networkMode: "awsvpc", subnetIds: ["subnet-a"] });
    });
    const all = descriptions(graph);
    expect(all.length).toBe(9);
    expect(all.filter((d) => !validDescription(d.slice(d.indexOf(": ") + 2)))).toEqual([]);
    expect(all).toContain("workers-egress: ECS, ECR, CloudWatch and the dependencies of the workloads");
  });
});

describe("Ec2Service physical names are unique per stack", () => {
  it("qualifies the family and the log group with project and stack, like FargateService", async () => {
    const names = async (stack: string) => {
      const graph = await capture(
        () => {
          new Ec2Service("legacy", { ...svc, loadBalancer: undefined });
        },
        { stack },
      );
      return [
        graph.one("aws:ecs/taskDefinition:TaskDefinition").inputs["family"],
        graph.one("aws:cloudwatch/logGroup:LogGroup").inputs["name"],
      ];
    };
    expect(await names("dev")).toEqual(["berth-dev-legacy", "/ecs/berth-dev-legacy"]);
    expect(await names("prod")).toEqual(["berth-prod-legacy", "/ecs/berth-prod-legacy"]);
  });
});

describe("Ec2Service with ECS Exec and a read-only root filesystem", () => {
  it("mounts the exec scratch volumes into every read-only container and declares them on the task", async () => {
    const graph = await capture(() => {
      new Ec2Service("web", { ...svc, enableExecuteCommand: true });
    });
    const td = graph.one("aws:ecs/taskDefinition:TaskDefinition");
    expect(td.inputs["volumes"]).toEqual(EXEC_VOLUMES.map((v) => ({ name: v.name })));
    const defs = JSON.parse(td.inputs["containerDefinitions"] as string) as Array<Record<string, unknown>>;
    expect(defs[0]?.["readonlyRootFilesystem"]).toBe(true);
    expect(defs[0]?.["mountPoints"]).toEqual(
      EXEC_VOLUMES.map((v) => ({ sourceVolume: v.name, containerPath: v.containerPath, readOnly: false })),
    );
  });

  it("adds no volumes without exec", async () => {
    const graph = await capture(() => {
      new Ec2Service("web", svc);
    });
    expect(graph.one("aws:ecs/taskDefinition:TaskDefinition").inputs["volumes"]).toBeUndefined();
  });
});

describe("Ec2Service on Managed Instances", () => {
  const mi: Ec2ServiceArgs = {
    ...svc,
    loadBalancer: undefined,
    capacity: { ...svc.capacity, compatibility: "MANAGED_INSTANCES" },
    subnetIds: ["subnet-a"],
  };

  it("sends no placement strategies (Managed Instances place by requirements and constraints)", async () => {
    const graph = await capture(() => {
      new Ec2Service("web", mi);
    });
    const service = graph.one("aws:ecs/service:Service");
    expect(service.inputs["orderedPlacementStrategies"]).toBeUndefined();
    expect(service.inputs["placementConstraints"]).toEqual([]);
  });

  it("rejects an explicit placement strategy there", async () => {
    const err = await capture(() => {
      new Ec2Service("web", { ...mi, placementStrategy: [{ type: "binpack", field: "memory" }] });
    }).catch((e: unknown) => e);
    expect((err as Error).message).toBe(
      'Invalid arguments for berth:ecs:Ec2Service "web":\n' +
        '  - placementStrategy: got [{"type":"binpack","field":"memory"}]; allowed: none on ECS Managed Instances (they place by instance requirements and placement constraints).',
    );
  });
});

describe("values written into user data", () => {
  it("rejects a cluster name Output that would add agent settings", async () => {
    const err = await capture(() => {
      new SpotCapacity("workers", {
        clusterName: pulumi.output("apps\nECS_ENABLE_TASK_IAM_ROLE=false"),
        clusterArn: CLUSTER_ARN,
        vpcId: "vpc-1",
        subnetIds: ["subnet-a"],
        maxSize: 3,
      });
    }).catch((e: unknown) => e);
    expect(BerthValidationError.isBerthValidationError(err)).toBe(true);
    // Pulumi prefixes the property it was serializing; the rest is the component's message.
    expect((err as Error).message).toContain(
      'Invalid arguments for berth:ecs:SpotCapacity "workers":\n' +
        '  - clusterName: got "apps\\nECS_ENABLE_TASK_IAM_ROLE=false"; allowed: 1 to 255 letters, digits, hyphens and underscores.',
    );
  });

  it("rejects a cluster name Output that resolves to undefined (a JS caller)", async () => {
    const err = await capture(() => {
      new SpotCapacity("workers", {
        clusterName: pulumi.output(undefined as unknown as string),
        clusterArn: CLUSTER_ARN,
        vpcId: "vpc-1",
        subnetIds: ["subnet-a"],
        maxSize: 3,
      });
    }).catch((e: unknown) => e);
    expect(BerthValidationError.isBerthValidationError(err)).toBe(true);
  });

  it("checks the Managed Instances cluster name Output too", async () => {
    const err = await capture(() => {
      new ManagedInstancesCapacity("mi", {
        clusterName: pulumi.output("apps/other"),
        clusterArn: CLUSTER_ARN,
        vpcId: "vpc-1",
        subnetIds: ["subnet-a"],
      });
    }).catch((e: unknown) => e);
    expect((err as Error).message).toContain(
      'Invalid arguments for berth:ecs:ManagedInstancesCapacity "mi":\n' +
        '  - clusterName: got "apps/other"; allowed: 1 to 255 letters, digits, hyphens and underscores.',
    );
  });
});
