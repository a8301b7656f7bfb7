import { BerthValidationError, renderValue } from "@berth/core";
import { defaultFamily } from "@berth/ecs-fargate";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Ec2ServiceArgs, resolveEc2ServiceArgs } from "../src";

const CLUSTER_ARN = "arn:aws:ecs:us-east-1:123456789012:cluster/apps";
const LISTENER =
  "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/edge/0123456789abcdef/fedcba9876543210";
const SVC = 'Invalid arguments for berth:ecs:Ec2Service "web":\n';
const minimal: Ec2ServiceArgs = {
  clusterArn: CLUSTER_ARN,
  clusterName: "apps",
  capacity: { capacityProviderName: "workers-provider", securityGroupId: "sg-instances" },
  containers: [
    { name: "web", image: "nginx:1.27", memoryReservation: 256, portMappings: [{ containerPort: 8080 }] },
  ],
};
const withLb: Ec2ServiceArgs = {
  ...minimal,
  vpcId: "vpc-1",
  loadBalancer: { listenerArn: LISTENER, securityGroupId: "sg-alb", containerPort: 8080, priority: 10 },
};

const errorOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof BerthValidationError) return e.message;
    throw e;
  }
  throw new Error("no error");
};

describe("resolveEc2ServiceArgs", () => {
  it("fills every default of minimal args, and names every child", () => {
    expect(resolveEc2ServiceArgs("web", minimal)).toEqual({
      name: "web",
      clusterArn: CLUSTER_ARN,
      clusterName: "apps",
      capacity: {
        capacityProviderName: "workers-provider",
        securityGroupId: "sg-instances",
        architecture: "arm64",
        opensEphemeralPorts: false,
        compatibility: "EC2",
      },
      capacityProviderStrategy: [{ capacityProvider: "workers-provider", base: 0, weight: 1 }],
      networkMode: "bridge",
      containers: [
        {
          name: "web",
          image: "nginx:1.27",
          memoryReservation: 256,
          portMappings: [{ containerPort: 8080, hostPort: 0 }],
        },
      ],
      volumes: [],
      cpu: undefined,
      memory: undefined,
      family: defaultFamily("web"),
      desiredCount: 2,
      vpcId: undefined,
      subnetIds: undefined,
      securityGroupIds: [],
      loadBalancer: undefined,
      placementStrategy: [
        { type: "spread", field: "attribute:ecs.availability-zone" },
        { type: "binpack", field: "memory" },
      ],
      placementConstraints: [],
      autoscaling: undefined,
      awake: undefined,
      minimumHealthyPercent: 100,
      maximumPercent: 200,
      healthCheckGracePeriodSeconds: undefined,
      taskRoleStatements: [],
      executionRoleArn: undefined,
      taskRoleArn: undefined,
      kmsKeyArns: [],
      logRetentionDays: 30,
      enableExecuteCommand: false,
      tags: { "berth:component": "berth:ecs:Ec2Service", "berth:name": "web" },
      names: {
        logGroup: "web-logs",
        executionRole: "web-execution",
        taskRole: "web-task",
        taskDefinition: "web-taskdef",
        taskSecurityGroup: undefined,
        taskEgress: undefined,
        targetGroup: undefined,
        listenerRule: undefined,
        fromLoadBalancer: undefined,
        service: "web-service",
        scalingTarget: undefined,
      },
    });
  });

  it("fills the load balancer's defaults: first container, /* path, / health check, 30 s delay, 60 s grace", () => {
    const r = resolveEc2ServiceArgs("web", withLb);
    expect(r.loadBalancer).toEqual({
      listenerArn: LISTENER,
      securityGroupId: "sg-alb",
      containerName: "web",
      containerPort: 8080,
      priority: 10,
      hostHeaders: [],
      pathPatterns: ["/*"],
      healthCheckPath: "/",
      deregistrationDelaySeconds: 30,
      ingressPorts: { from: 32768, to: 65535 },
    });
    expect(r.healthCheckGracePeriodSeconds).toBe(60);
    expect(r.names).toMatchObject({
      targetGroup: "web-tg",
      listenerRule: "web-rule",
      fromLoadBalancer: "web-from-alb",
    });
  });

  it.each([
    [{ capacity: { ...minimal.capacity, opensEphemeralPorts: true } }, "fromLoadBalancer", undefined],
    [{ networkMode: "host" }, "fromLoadBalancer", "web-from-alb"],
    [{ executionRoleArn: "arn:aws:iam::123456789012:role/exec" }, "executionRole", undefined],
  ] as const)("names the children of %j: %s", (args, field, expected) => {
    const r = resolveEc2ServiceArgs("web", { ...withLb, ...(args as Partial<Ec2ServiceArgs>) });
    expect(r.names[field]).toBe(expected);
  });

  it("on Managed Instances: awsvpc, no placement strategy, a task security group", () => {
    const r = resolveEc2ServiceArgs("web", {
      ...minimal,
      capacity: { ...minimal.capacity, compatibility: "MANAGED_INSTANCES" },
      vpcId: "vpc-1",
      subnetIds: ["subnet-a"],
    });
    expect(r.networkMode).toBe("awsvpc");
    expect(r.placementStrategy).toEqual([]);
    expect(r.containers[0]?.portMappings).toEqual([{ containerPort: 8080, hostPort: 8080 }]);
    expect(r.names).toMatchObject({ taskSecurityGroup: "web-tasks", taskEgress: "web-tasks-egress" });
  });

  it("accepts exactly the integers from 0 to 5000 as desiredCount (the ECS tasks-per-service quota)", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -10, max: 6000 }), fc.double()), (desiredCount) => {
        const run = () => resolveEc2ServiceArgs("web", { ...minimal, desiredCount });
        if (Number.isInteger(desiredCount) && desiredCount >= 0 && desiredCount <= 5000) {
          expect(run().desiredCount).toBe(desiredCount);
        } else {
          expect(errorOf(run)).toBe(
            `${SVC}  - desiredCount: got ${renderValue(desiredCount)}; allowed: an integer from 0 to 5000.`,
          );
        }
      }),
    );
  });

  it("accepts exactly the integers from 1 to 50000 as the listener rule priority", () => {
    fc.assert(
      fc.property(fc.integer({ min: -5, max: 60000 }), (priority) => {
        const run = () =>
          resolveEc2ServiceArgs("web", {
            ...withLb,
            loadBalancer: {
              ...(withLb.loadBalancer as NonNullable<Ec2ServiceArgs["loadBalancer"]>),
              priority,
            },
          });
        if (priority >= 1 && priority <= 50000) expect(run().loadBalancer?.priority).toBe(priority);
        else expect(errorOf(run)).toContain("loadBalancer.priority: got");
      }),
    );
  });
});
