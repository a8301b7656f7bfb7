import { capture, catalogEntry, checkResources, isUnknown } from "@berth/plan";
import { describe, expect, it } from "vitest";
import { EksCluster, type EksClusterArgs, validateEksClusterArgs } from "../src";
import { baseArgs, captureCluster, failure } from "./helpers";

const HEAD = 'Invalid arguments for berth:eks:EksCluster "c":\n';
const SCHEDULE = "aws:autoscaling/schedule:Schedule";
const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
const TODAY = new Date("2026-11-22T12:00:00Z");
const WORKDAYS = { days: "Mon-Fri", from: "07:00", to: "20:00", timezone: "Europe/Berlin" };
/** Arguments as a JavaScript or YAML caller may pass them, past TypeScript's checks. */
const loose = (args: Record<string, unknown>) => args as unknown as EksClusterArgs;

describe("the managed node group mock", () => {
  it("returns the node group's Auto Scaling group as EKS names it: eks-<node group name>-<id from the ARN>", async () => {
    const g = await captureCluster(baseArgs());
    const ng = g.one(NODE_GROUP, "c-general");
    const name = ng.outputs["nodeGroupName"] as string;
    const id = (ng.outputs["arn"] as string).split("/").pop();
    expect(name).toEqual(expect.any(String));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(ng.outputs["resources"]).toEqual([{ autoscalingGroups: [{ name: `eks-${name}-${id}` }] }]);
    // Deterministic: the same program gives the same name.
    const again = await captureCluster(baseArgs());
    expect(again.one(NODE_GROUP, "c-general").outputs["resources"]).toEqual(ng.outputs["resources"]);
  });
});

describe("awake: two scheduled actions per Auto Scaling group", () => {
  it("without awake there are none", async () => {
    const g = await captureCluster(baseArgs());
    expect(g.ofType(SCHEDULE)).toEqual([]);
  });

  it("Mon-Fri 07:00-20:00 Berlin: a managed group sleeps at 20:00 to 0 and wakes at 07:00 to its bounds", async () => {
    const g = await captureCluster(
      baseArgs({ awake: WORKDAYS, managedNodeGroups: [{ name: "general", minSize: 2, maxSize: 6 }] }),
    );
    const ng = g.one(NODE_GROUP, "c-general");
    const [{ autoscalingGroups }] = ng.outputs["resources"] as [{ autoscalingGroups: [{ name: string }] }];
    const asg = autoscalingGroups[0].name;
    expect(g.ofType(SCHEDULE).map((s) => s.name)).toEqual(["c-general-sleep", "c-general-wake"]);
    // Unix cron with Sunday 0: Monday..Friday are 1,2,3,4,5.
    expect(g.one(SCHEDULE, "c-general-sleep").inputs).toEqual({
      scheduledActionName: "c-general-sleep",
      autoscalingGroupName: asg,
      recurrence: "0 20 * * 1,2,3,4,5",
      timeZone: "Europe/Berlin",
      minSize: 0,
      maxSize: 0,
      desiredCapacity: 0,
    });
    expect(g.one(SCHEDULE, "c-general-wake").inputs).toEqual({
      scheduledActionName: "c-general-wake",
      autoscalingGroupName: asg,
      recurrence: "0 7 * * 1,2,3,4,5",
      timeZone: "Europe/Berlin",
      minSize: 2,
      maxSize: 6,
      desiredCapacity: 2,
    });
    // The node group's desired size follows its Auto Scaling group; Pulumi must not undo the schedule.
    expect(ng.options.ignoreChanges).toEqual(["scalingConfig.desiredSize"]);
    expect(g.one(SCHEDULE, "c-general-sleep").parent).toBe(g.one("berth:eks:EksCluster", "c").urn);
  });

  it("a self-managed group on weekends 09:30-13:45 New York keeps its floor of 1 while asleep", async () => {
    const g = await captureCluster(
      baseArgs({
        awake: { days: "Sat-Sun", from: "09:30", to: "13:45", timezone: "America/New_York" },
        managedNodeGroups: [],
        selfManagedNodeGroups: [
          {
            name: "batch",
            instanceTypes: ["c7g.xlarge", "c6g.xlarge"],
            minSize: 3,
            maxSize: 10,
            awakeFloor: 1,
          },
        ],
      }),
    );
    const asg = g.one("aws:autoscaling/group:Group", "c-batch");
    expect(g.ofType(SCHEDULE).map((s) => s.name)).toEqual(["c-batch-sleep", "c-batch-wake"]);
    // Saturday is 6 and Sunday 0, in the order of the week from Monday.
    expect(g.one(SCHEDULE, "c-batch-sleep").inputs).toEqual({
      scheduledActionName: "c-batch-sleep",
      autoscalingGroupName: asg.outputs["name"],
      recurrence: "45 13 * * 6,0",
      timeZone: "America/New_York",
      minSize: 1,
      maxSize: 1,
      desiredCapacity: 1,
    });
    expect(g.one(SCHEDULE, "c-batch-wake").inputs).toMatchObject({
      recurrence: "30 9 * * 6,0",
      minSize: 3,
      maxSize: 10,
      desiredCapacity: 3,
    });
    expect(g.one(SCHEDULE, "c-batch-sleep").propertyDependencies["autoscalingGroupName"]).toEqual([asg.urn]);
  });

  it("every group of a mixed cluster gets its pair; Fargate profiles get none; the catalog accepts them", async () => {
    const g = await captureCluster(
      baseArgs({
        awake: { days: "mon,wed-thu", from: "08:00", to: "18:30", timezone: "UTC" },
        managedNodeGroups: [
          { name: "general" },
          { name: "spot", capacityType: "SPOT", minSize: 0, maxSize: 3 },
        ],
        selfManagedNodeGroups: [{ name: "batch", instanceTypes: ["c7g.xlarge", "c6g.xlarge"] }],
        fargateProfiles: [{ name: "jobs", selectors: [{ namespace: "jobs" }] }],
      }),
    );
    expect(
      g.ofType(SCHEDULE).map((s) => `${s.name} ${s.inputs["recurrence"]} ${s.inputs["minSize"]}`),
    ).toEqual([
      "c-general-sleep 30 18 * * 1,3,4 0",
      "c-general-wake 0 8 * * 1,3,4 2",
      "c-spot-sleep 30 18 * * 1,3,4 0",
      "c-spot-wake 0 8 * * 1,3,4 0",
      "c-batch-sleep 30 18 * * 1,3,4 0",
      "c-batch-wake 0 8 * * 1,3,4 1",
    ]);
    expect(checkResources(g.ofType(SCHEDULE), catalogEntry).violations).toEqual([]);
  });
});

describe("awake in a preview", () => {
  it("the managed group's Auto Scaling group name is unknown until EKS creates it; the actions are still planned", async () => {
    const g = await capture(
      () => {
        new EksCluster("c", baseArgs({ awake: WORKDAYS }));
      },
      { preview: true },
    );
    const sleep = g.one(SCHEDULE, "c-general-sleep");
    expect(isUnknown(sleep.inputs["autoscalingGroupName"])).toBe(true);
    expect(sleep.inputs["recurrence"]).toBe("0 20 * * 1,2,3,4,5");
  });
});

describe("awake on compute without nodes", () => {
  it("Auto Mode and Fargate-only clusters accept awake and create no scheduled action", async () => {
    const auto = await captureCluster(baseArgs({ awake: WORKDAYS, managedNodeGroups: [], autoMode: true }));
    expect(auto.ofType(SCHEDULE)).toEqual([]);
    const fargate = await captureCluster(
      baseArgs({
        awake: WORKDAYS,
        managedNodeGroups: [],
        fargateProfiles: [{ name: "system", selectors: [{ namespace: "kube-system" }] }],
      }),
    );
    expect(fargate.ofType(SCHEDULE)).toEqual([]);
  });
});

describe("awake: bad input", () => {
  it("names each awake field with the value and what is allowed", async () => {
    expect(
      await failure(baseArgs({ awake: { days: "Fri-Mon", from: "7:00", to: "20:00", timezone: "Berlin" } })),
    ).toBe(
      `${HEAD}  - awake.days: got "Fri-Mon"; allowed: days of the week as a range (Mon-Fri), a list (Mon,Wed,Fri) or both (Mon-Wed,Fri).\n` +
        `  - awake.from: got "7:00"; allowed: a time of day "HH:MM" on a 24-hour clock (quote it in YAML).\n` +
        '  - awake.timezone: got "Berlin"; allowed: an IANA time zone name such as Europe/Berlin, America/New_York or UTC.',
    );
  });

  it("to before from, and an unknown key", async () => {
    const paths = validateEksClusterArgs(
      "c",
      loose({ ...baseArgs(), awake: { ...WORKDAYS, from: "21:00", tz: "UTC" } }),
      TODAY,
    ).map((i) => i.path);
    expect(paths).toEqual(["awake.tz", "awake.to"]);
  });

  it("awakeFloor above minSize, negative or fractional, and awakeFloor without awake", async () => {
    expect(
      await failure(
        baseArgs({
          awake: WORKDAYS,
          managedNodeGroups: [{ name: "general", minSize: 2, awakeFloor: 3 }],
          selfManagedNodeGroups: [
            { name: "a", instanceTypes: ["c7g.xlarge", "c6g.xlarge"], awakeFloor: -1 },
            { name: "b", instanceTypes: ["c7g.xlarge", "c6g.xlarge"], minSize: 2, awakeFloor: 0.5 },
          ],
        }),
      ),
    ).toBe(
      `${HEAD}  - managedNodeGroups[0].awakeFloor: got 3; allowed: an integer from 0 to the group's minSize (2).\n` +
        "  - selfManagedNodeGroups[0].awakeFloor: got -1; allowed: an integer from 0 to the group's minSize (1).\n" +
        "  - selfManagedNodeGroups[1].awakeFloor: got 0.5; allowed: an integer from 0 to the group's minSize (2).",
    );
    expect(await failure(baseArgs({ managedNodeGroups: [{ name: "general", awakeFloor: 1 }] }))).toBe(
      `${HEAD}  - managedNodeGroups[0].awakeFloor: got 1; allowed: unset unless awake is set. ` +
        "Hint: the floor is what the group keeps outside the awake hours; set awake or remove awakeFloor",
    );
  });

  it("awake that is not an object", async () => {
    expect(await failure(loose({ ...baseArgs(), awake: "Mon-Fri 07:00-20:00" }))).toBe(
      `${HEAD}  - awake: got "Mon-Fri 07:00-20:00"; allowed: an object with days, from, to and timezone.`,
    );
  });
});
