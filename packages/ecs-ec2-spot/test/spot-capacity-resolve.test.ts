import { BerthValidationError } from "@berth/core";
import { capture } from "@berth/plan";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { resolveSpotCapacityArgs, SpotCapacity, type SpotCapacityArgs } from "../src";

const CLUSTER_ARN = "arn:aws:ecs:us-east-1:123456789012:cluster/apps";
const SPOT = 'Invalid arguments for berth:ecs:SpotCapacity "workers":\n';
const minimal: SpotCapacityArgs = {
  clusterName: "apps",
  clusterArn: CLUSTER_ARN,
  vpcId: "vpc-1",
  subnetIds: ["subnet-a", "subnet-b"],
  maxSize: 10,
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

describe("resolveSpotCapacityArgs", () => {
  it("fills every default of minimal args, and names every child", () => {
    expect(resolveSpotCapacityArgs("workers", minimal)).toEqual({
      name: "workers",
      clusterName: "apps",
      clusterArn: CLUSTER_ARN,
      vpcId: "vpc-1",
      subnetIds: ["subnet-a", "subnet-b"],
      architecture: "arm64",
      instanceTypes: ["m7g.large", "m6g.large", "m8g.large", "c7g.xlarge"],
      instanceRequirements: undefined,
      onDemandBaseCapacity: 1,
      onDemandPercentageAboveBaseCapacity: 0,
      spotPossible: true,
      minSize: 0,
      maxSize: 10,
      desiredCapacity: 0,
      managedScaling: true,
      targetCapacityPercent: 100,
      minimumScalingStepSize: 1,
      maximumScalingStepSize: 10,
      instanceWarmupPeriod: 300,
      managedTerminationProtection: true,
      managedDraining: true,
      awake: undefined,
      awakeFloor: 0,
      containerStopTimeoutSeconds: 30,
      extraEcsConfig: {},
      rootVolumeSizeGiB: 30,
      rootVolumeKmsKeyArn: undefined,
      metadataHopLimit: 1,
      enableSsm: false,
      imagePullRepositoryArns: undefined,
      securityGroupIds: [],
      loadBalancerSecurityGroups: {},
      tags: { "berth:component": "berth:ecs:SpotCapacity", "berth:name": "workers" },
      names: {
        instanceRole: "workers-instance",
        ssmPolicy: undefined,
        instanceProfile: "workers-profile",
        securityGroup: "workers-instances",
        egress: "workers-egress",
        fromLoadBalancer: {},
        launchTemplate: "workers-template",
        autoScalingGroup: "workers-asg",
        sleepSchedules: undefined,
        capacityProvider: "workers-provider",
      },
    });
  });

  it.each([
    [{ architecture: "x86_64" }, "instanceTypes", ["m7i.large", "m6i.large", "m7a.large", "m6a.large"]],
    [{ onDemandPercentageAboveBaseCapacity: 100 }, "spotPossible", false],
    [{ minSize: 2 }, "desiredCapacity", 2],
    [{ managedScaling: false, managedTerminationProtection: false }, "managedTerminationProtection", false],
    [{ instanceRequirements: { vcpuMin: 2, memoryMinMib: 4096 } }, "instanceTypes", undefined],
    [{ enableSsm: true }, "names", expect.objectContaining({ ssmPolicy: "workers-ssm" })],
    [
      { awake: { days: "Mon-Fri", from: "07:00", to: "20:00", timezone: "UTC" } },
      "names",
      expect.objectContaining({ sleepSchedules: { sleep: "workers-asg-sleep", wake: "workers-asg-wake" } }),
    ],
    [
      { loadBalancerSecurityGroups: { public: "sg-1", internal: "sg-2" } },
      "names",
      expect.objectContaining({
        fromLoadBalancer: { public: "workers-from-lb-public", internal: "workers-from-lb-internal" },
      }),
    ],
  ] as const)("derives from %j: %s", (args, field, expected) => {
    const resolved = resolveSpotCapacityArgs("workers", {
      ...minimal,
      ...(args as Partial<SpotCapacityArgs>),
    });
    expect(resolved[field as keyof typeof resolved]).toEqual(expected);
  });

  it("refuses the list of earlier versions with the way to write it now", () => {
    expect(
      errorOf(() =>
        resolveSpotCapacityArgs("workers", {
          ...minimal,
          loadBalancerSecurityGroupIds: ["sg-1"],
        } as SpotCapacityArgs),
      ),
    ).toBe(
      SPOT +
        '  - loadBalancerSecurityGroupIds: got ["sg-1"]; allowed: no such argument: loadBalancerSecurityGroups, keyed by a name you choose. Hint: write `loadBalancerSecurityGroups: { alb: "sg-..." }`, keys in the order of the old list (the rules keep their state through aliases)',
    );
  });

  it("refuses keys that cannot name a rule, ids that are not security groups, and one id twice", () => {
    expect(
      errorOf(() =>
        resolveSpotCapacityArgs("workers", {
          ...minimal,
          loadBalancerSecurityGroups: { "a b": "sg-1", "0": "sg-0", alb: "alb-sg", other: "sg-1" },
        }),
      ),
    ).toBe(
      SPOT +
        '  - loadBalancerSecurityGroups: got "0"; allowed: keys of letters, digits, hyphens and underscores, starting with a letter (each key names a rule).\n' +
        '  - loadBalancerSecurityGroups: got "a b"; allowed: keys of letters, digits, hyphens and underscores, starting with a letter (each key names a rule).\n' +
        '  - loadBalancerSecurityGroups.alb: got "alb-sg"; allowed: a security group id (sg-0123456789abcdef0).\n' +
        '  - loadBalancerSecurityGroups.other: got "sg-1"; allowed: each id once.',
    );
  });

  it("accepts exactly the integers from 0 to 100 as the on-demand percentage, on resolve alone", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -50, max: 150 }), fc.double({ noNaN: false })), (pct) => {
        const ok = Number.isInteger(pct) && pct >= 0 && pct <= 100;
        const run = () =>
          resolveSpotCapacityArgs("workers", {
            ...minimal,
            onDemandPercentageAboveBaseCapacity: pct,
            // One type would be refused while Spot is possible; keep the default list.
          });
        if (ok) expect(run().onDemandPercentageAboveBaseCapacity).toBe(pct);
        else expect(errorOf(run)).toContain("onDemandPercentageAboveBaseCapacity: got");
      }),
    );
  });

  it("names each load balancer rule by its key alone: dropping or reordering others changes no name", () => {
    const key = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,20}$/);
    fc.assert(
      fc.property(fc.uniqueArray(key, { minLength: 1, maxLength: 6 }), fc.nat(), (keys, seed) => {
        const groups = (ks: string[]) => Object.fromEntries(ks.map((k, i) => [k, `sg-${i}${k.length}a`]));
        const all = resolveSpotCapacityArgs("workers", {
          ...minimal,
          loadBalancerSecurityGroups: groups(keys),
        });
        const rest = keys.filter((_, i) => i !== seed % keys.length).reverse();
        const some = resolveSpotCapacityArgs("workers", {
          ...minimal,
          loadBalancerSecurityGroups: groups(rest),
        });
        for (const k of rest) {
          expect(some.names.fromLoadBalancer[k]).toBe(`workers-from-lb-${k}`);
          expect(some.names.fromLoadBalancer[k]).toBe(all.names.fromLoadBalancer[k]);
        }
      }),
    );
  });

  it("keeps every filled size within minSize and maxSize", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 100 }), (min, max) => {
        const run = () => resolveSpotCapacityArgs("workers", { ...minimal, minSize: min, maxSize: max });
        if (min > max) {
          expect(errorOf(run)).toContain(`maxSize: got ${max}; allowed: at least minSize (${min})`);
          return;
        }
        const r = run();
        expect(r.desiredCapacity).toBe(min);
        expect(r.minSize).toBeLessThanOrEqual(r.maxSize);
      }),
    );
  });
});

describe("SpotCapacity load balancer rules are keyed by the caller's key", () => {
  const ruleUrns = async (groups: Record<string, string>) => {
    const graph = await capture(() => {
      new SpotCapacity("workers", { ...minimal, loadBalancerSecurityGroups: groups });
    });
    return Object.fromEntries(
      graph
        .ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
        .map((r) => [
          r.name,
          { urn: r.urn, aliases: r.options.aliases, sg: r.inputs["referencedSecurityGroupId"] },
        ]),
    );
  };

  it("removing the first source and reordering the rest leaves the others' URNs unchanged", async () => {
    const before = await ruleUrns({ public: "sg-1", internal: "sg-2", admin: "sg-3" });
    const after = await ruleUrns({ admin: "sg-3", internal: "sg-2" });
    expect(Object.keys(before).sort()).toEqual([
      "workers-from-lb-admin",
      "workers-from-lb-internal",
      "workers-from-lb-public",
    ]);
    expect(Object.keys(after).sort()).toEqual(["workers-from-lb-admin", "workers-from-lb-internal"]);
    for (const name of ["workers-from-lb-admin", "workers-from-lb-internal"]) {
      expect(after[name]?.urn).toBe(before[name]?.urn);
      expect(after[name]?.sg).toBe(before[name]?.sg);
    }
  });

  it("each rule answers to its name of earlier versions (position in the list) as an alias", async () => {
    const rules = await ruleUrns({ public: "sg-1", internal: "sg-2" });
    expect(rules["workers-from-lb-public"]?.aliases).toHaveLength(1);
    expect(rules["workers-from-lb-public"]?.aliases[0]).toMatch(
      /SecurityGroupIngressRule::workers-from-lb-0$/,
    );
    expect(rules["workers-from-lb-internal"]?.aliases[0]).toMatch(
      /SecurityGroupIngressRule::workers-from-lb-1$/,
    );
  });
});
