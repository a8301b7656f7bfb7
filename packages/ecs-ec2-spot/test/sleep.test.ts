import { BerthValidationError } from "@berth/core";
import { capture } from "@berth/plan";
import { describe, expect, it } from "vitest";
import { Ec2Service, SpotCapacity, type SpotCapacityArgs } from "../src";

const AWAKE = { days: "Mon-Fri", from: "07:00", to: "20:00", timezone: "Europe/Berlin" };
const SPOT: SpotCapacityArgs = {
  clusterName: "apps",
  clusterArn: "arn:aws:ecs:us-east-1:123456789012:cluster/apps",
  vpcId: "vpc-1",
  subnetIds: ["subnet-a", "subnet-b"],
  minSize: 1,
  maxSize: 10,
};
const SERVICE = {
  clusterArn: "arn:aws:ecs:us-east-1:123456789012:cluster/apps",
  clusterName: "apps",
  capacity: { capacityProviderName: "workers-provider-1234567", securityGroupId: "sg-instances" },
  containers: [
    { name: "web", image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v1", memoryReservation: 256 },
  ],
};

async function message(program: () => void): Promise<string> {
  try {
    await capture(program);
  } catch (e) {
    if (BerthValidationError.isBerthValidationError(e)) return e.message;
    throw e;
  }
  throw new Error("expected a BerthValidationError");
}

describe("SpotCapacity awake", () => {
  it("sleeps the group at its floor and wakes it to minSize-maxSize (hand-computed Unix cron, Sunday 0)", async () => {
    const g = await capture(() => {
      new SpotCapacity("workers", { ...SPOT, awake: { ...AWAKE, days: "Sat,Sun", from: "09:30" } });
    });
    const asg = g.one("aws:autoscaling/group:Group", "workers-asg");
    expect(g.one("aws:autoscaling/schedule:Schedule", "workers-asg-sleep").inputs).toEqual({
      autoscalingGroupName: asg.outputs["name"],
      scheduledActionName: "sleep",
      recurrence: "0 20 * * 6,0",
      timeZone: "Europe/Berlin",
      minSize: 0,
      maxSize: 0,
      desiredCapacity: 0,
    });
    expect(g.one("aws:autoscaling/schedule:Schedule", "workers-asg-wake").inputs).toEqual({
      autoscalingGroupName: asg.outputs["name"],
      scheduledActionName: "wake",
      recurrence: "30 9 * * 6,0",
      timeZone: "Europe/Berlin",
      minSize: 1,
      maxSize: 10,
      desiredCapacity: 1,
    });
    expect(g.ofType("aws:autoscaling/schedule:Schedule")).toHaveLength(2);
    // The plan catalog's Unix-cron and IANA time-zone checks accept both actions.
    expect(g.conformance?.violations).toEqual([]);
  });

  it("leaves the group's bounds to the schedule: a refresh or an update at night neither reports drift nor wakes it", async () => {
    // The sleep action sets minSize/maxSize/desiredCapacity to the floor (EC2 Auto Scaling User
    // Guide, scheduled scaling: "A scheduled action sets the desired, minimum, and maximum sizes").
    // Without ignoreChanges, the nightly refreshing preview would propose restoring the awake
    // bounds, and a `pulumi up` at night would wake the group until the next evening.
    const g = await capture(() => {
      new SpotCapacity("workers", { ...SPOT, awake: AWAKE });
    });
    expect(g.one("aws:autoscaling/group:Group", "workers-asg").options.ignoreChanges).toEqual([
      "desiredCapacity",
      "minSize",
      "maxSize",
    ]);
    const awake = await capture(() => {
      new SpotCapacity("workers", SPOT);
    });
    expect(awake.one("aws:autoscaling/group:Group", "workers-asg").options.ignoreChanges).toEqual([
      "desiredCapacity",
    ]);
  });

  it("keeps awakeFloor instances while asleep", async () => {
    const g = await capture(() => {
      new SpotCapacity("workers", { ...SPOT, awake: AWAKE, awakeFloor: 2 });
    });
    expect(g.one("aws:autoscaling/schedule:Schedule", "workers-asg-sleep").inputs).toMatchObject({
      recurrence: "0 20 * * 1,2,3,4,5",
      minSize: 2,
      maxSize: 2,
      desiredCapacity: 2,
    });
  });

  it("without awake there is no schedule", async () => {
    const g = await capture(() => {
      new SpotCapacity("workers", SPOT);
    });
    expect(g.ofType("aws:autoscaling/schedule:Schedule")).toHaveLength(0);
  });

  it("refuses a floor above maxSize, a floor without awake and a bad schedule", async () => {
    expect(
      await message(() => new SpotCapacity("workers", { ...SPOT, awake: AWAKE, awakeFloor: 11 })),
    ).toContain("awakeFloor");
    const alone = await message(() => new SpotCapacity("workers", { ...SPOT, awakeFloor: 1 }));
    expect(alone).toContain("awakeFloor");
    expect(alone).toContain("only with awake");
    const bad = await message(
      () =>
        new SpotCapacity("workers", { ...SPOT, awake: { ...AWAKE, days: "Weekdays", extra: 1 } as never }),
    );
    expect(bad).toContain("awake.days");
    expect(bad).toContain("awake.extra");
  });
});

describe("Ec2Service awake", () => {
  it("a service without autoscaling gets a scalable target at desiredCount and the two actions", async () => {
    const g = await capture(() => {
      new Ec2Service("web", { ...SERVICE, desiredCount: 3, awake: AWAKE });
    });
    const target = g.one("aws:appautoscaling/target:Target", "web-scaling");
    expect(target.inputs).toMatchObject({
      serviceNamespace: "ecs",
      scalableDimension: "ecs:service:DesiredCount",
      minCapacity: 3,
      maxCapacity: 3,
    });
    expect(String(target.inputs["resourceId"])).toMatch(/^service\/apps\//);
    expect(
      g.one("aws:appautoscaling/scheduledAction:ScheduledAction", "web-scaling-sleep").inputs,
    ).toMatchObject({
      resourceId: target.inputs["resourceId"],
      schedule: "cron(0 20 ? * MON,TUE,WED,THU,FRI *)",
      timezone: "Europe/Berlin",
      scalableTargetAction: { minCapacity: 0, maxCapacity: 0 },
    });
    expect(
      g.one("aws:appautoscaling/scheduledAction:ScheduledAction", "web-scaling-wake").inputs,
    ).toMatchObject({
      schedule: "cron(0 7 ? * MON,TUE,WED,THU,FRI *)",
      scalableTargetAction: { minCapacity: 3, maxCapacity: 3 },
    });
    expect(g.one("aws:ecs/service:Service", "web-service").options.ignoreChanges).toEqual(["desiredCount"]);
    // The schedule owns the target's bounds (the sleep action sets them to 0 at night).
    expect(target.options.ignoreChanges).toEqual(["minCapacity", "maxCapacity"]);
    expect(g.conformance?.violations).toEqual([]);
  });

  it("an autoscaled service wakes to its autoscaling bounds", async () => {
    const g = await capture(() => {
      new Ec2Service("web", { ...SERVICE, autoscaling: { minCapacity: 2, maxCapacity: 5 }, awake: AWAKE });
    });
    expect(
      g.one("aws:appautoscaling/scheduledAction:ScheduledAction", "web-scaling-wake").inputs[
        "scalableTargetAction"
      ],
    ).toEqual({ minCapacity: 2, maxCapacity: 5 });
    expect(g.ofType("aws:appautoscaling/target:Target")).toHaveLength(1);
  });

  it("refuses a bad schedule naming the field", async () => {
    const msg = await message(
      () => new Ec2Service("web", { ...SERVICE, awake: { ...AWAKE, timezone: "CET+1" } }),
    );
    expect(msg).toContain("awake.timezone");
  });
});
