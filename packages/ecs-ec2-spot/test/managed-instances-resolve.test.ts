import { BerthValidationError } from "@berth/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ManagedInstancesCapacityArgs, resolveManagedInstancesCapacityArgs } from "../src";

const CLUSTER_ARN = "arn:aws:ecs:us-east-1:123456789012:cluster/apps";
const MI = 'Invalid arguments for berth:ecs:ManagedInstancesCapacity "managed":\n';
const minimal: ManagedInstancesCapacityArgs = {
  clusterName: "apps",
  clusterArn: CLUSTER_ARN,
  vpcId: "vpc-1",
  subnetIds: ["subnet-a"],
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

describe("resolveManagedInstancesCapacityArgs", () => {
  it("fills every default of minimal args, and names every child", () => {
    expect(resolveManagedInstancesCapacityArgs("managed", minimal)).toEqual({
      name: "managed",
      clusterName: "apps",
      clusterArn: CLUSTER_ARN,
      vpcId: "vpc-1",
      subnetIds: ["subnet-a"],
      spot: true,
      architecture: "arm64",
      vcpuMin: 2,
      vcpuMax: 8,
      memoryMinMib: 4096,
      memoryMaxMib: 32768,
      storageSizeGiB: 30,
      securityGroupIds: [],
      tags: { "berth:component": "berth:ecs:ManagedInstancesCapacity", "berth:name": "managed" },
      names: {
        instanceRole: "managed-instance",
        instanceProfile: "managed-profile",
        infrastructureRole: "managed-infrastructure",
        infrastructurePolicy: "managed-infrastructure-policy",
        securityGroup: "managed-instances",
        egress: "managed-egress",
        capacityProvider: "managed-provider",
      },
    });
  });

  it("has no sleep schedule of its own: awake is refused with the reason and what to do (issue 18)", () => {
    expect(
      errorOf(() =>
        resolveManagedInstancesCapacityArgs("managed", {
          ...minimal,
          awake: { days: "Mon-Fri", from: "07:00", to: "20:00", timezone: "UTC" },
        } as ManagedInstancesCapacityArgs),
      ),
    ).toBe(
      MI +
        '  - awake: got {"days":"Mon-Fri","from":"07:00","to":"20:00","timezone":"UTC"}; allowed: no such argument: ECS Managed Instances terminate idle instances themselves. Hint: give the services on this capacity (Ec2Service) the awake schedule; once they sleep at 0 tasks, ECS removes the idle instances',
    );
  });

  it("accepts a vCPU range exactly when both ends are integers and the maximum is at least the minimum", () => {
    fc.assert(
      fc.property(fc.integer({ min: -2, max: 64 }), fc.integer({ min: -2, max: 64 }), (vcpuMin, vcpuMax) => {
        const run = () => resolveManagedInstancesCapacityArgs("managed", { ...minimal, vcpuMin, vcpuMax });
        if (vcpuMin >= 1 && vcpuMax >= vcpuMin) {
          expect(run()).toMatchObject({ vcpuMin, vcpuMax });
        } else {
          expect(errorOf(run)).toMatch(/vcpuM(in|ax): got/);
        }
      }),
    );
  });
});
