import { BerthValidationError, Validator } from "@berth/core";
import { capture } from "@berth/plan";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  architectureOf,
  checkEc2Strategy,
  checkSpotCapacityArgs,
  Ec2Service,
  type Ec2ServiceArgs,
  ecsConfigLines,
  isSpotPossible,
  SpotCapacity,
  type SpotCapacityArgs,
} from "../src";

const CLUSTER_ARN = "arn:aws:ecs:us-east-1:123456789012:cluster/apps";
const spotBase: SpotCapacityArgs = {
  clusterName: "apps",
  clusterArn: CLUSTER_ARN,
  vpcId: "vpc-1",
  subnetIds: ["subnet-a"],
  maxSize: 10,
};
const svcBase: Ec2ServiceArgs = {
  clusterArn: CLUSTER_ARN,
  clusterName: "apps",
  capacity: { capacityProviderName: "workers-provider", securityGroupId: "sg-1" },
  containers: [{ name: "web", image: "nginx:1.27", memory: 256 }],
};

async function spotError(args: Partial<SpotCapacityArgs>, name = "workers"): Promise<string> {
  const err = await capture(() => {
    new SpotCapacity(name, { ...spotBase, ...args });
  }).catch((e: unknown) => e);
  expect(BerthValidationError.isBerthValidationError(err)).toBe(true);
  return (err as Error).message;
}

async function serviceError(args: Partial<Ec2ServiceArgs>): Promise<string> {
  const err = await capture(() => {
    new Ec2Service("web", { ...svcBase, ...args });
  }).catch((e: unknown) => e);
  expect(BerthValidationError.isBerthValidationError(err)).toBe(true);
  return (err as Error).message;
}

const SPOT = 'Invalid arguments for berth:ecs:SpotCapacity "workers":\n';
const SVC = 'Invalid arguments for berth:ecs:Ec2Service "web":\n';

describe("SpotCapacity bad input", () => {
  it("termination protection requires managed scaling", async () => {
    expect(await spotError({ managedScaling: false, managedTerminationProtection: true })).toBe(
      SPOT +
        "  - managedTerminationProtection: got true; allowed: false when managedScaling is false (ECS protects instances only while it scales the group).",
    );
  });

  it("instance types must exist in the chosen architecture", async () => {
    expect(await spotError({ instanceTypes: ["m7g.large", "m7i.large", "bogus"] })).toBe(
      SPOT +
        '  - instanceTypes[1]: got "m7i.large"; allowed: an arm64 instance type (Graviton families such as m7g, c7g, r7g, t4g). Hint: set architecture to "x86_64" or choose arm64 types\n' +
        '  - instanceTypes[2]: got "bogus"; allowed: an EC2 instance type such as "m7g.large".',
    );
  });

  it("percentages are 0 to 100", async () => {
    expect(await spotError({ onDemandPercentageAboveBaseCapacity: 101, targetCapacityPercent: 0 })).toBe(
      SPOT +
        "  - onDemandPercentageAboveBaseCapacity: got 101; allowed: an integer from 0 to 100.\n" +
        "  - targetCapacityPercent: got 0; allowed: an integer from 1 to 100.",
    );
  });

  it("min <= desired <= max", async () => {
    expect(await spotError({ minSize: 2, desiredCapacity: 12 })).toBe(
      SPOT + "  - desiredCapacity: got 12; allowed: an integer from minSize (2) to maxSize (10).",
    );
    expect(await spotError({ minSize: 5, maxSize: 3 })).toBe(
      SPOT + "  - maxSize: got 3; allowed: at least minSize (5).",
    );
  });

  it("Spot draining cannot be set by hand, and agent keys must be ECS_ settings", async () => {
    expect(
      await spotError({ extraEcsConfig: { ECS_ENABLE_SPOT_INSTANCE_DRAINING: "false", FOO: "x" } }),
    ).toBe(
      SPOT +
        '  - extraEcsConfig.ECS_ENABLE_SPOT_INSTANCE_DRAINING: got "ECS_ENABLE_SPOT_INSTANCE_DRAINING"; allowed: a key Berth does not derive (ECS_CLUSTER, Spot draining, stop timeout, IMDS and awslogs settings are computed).\n' +
        '  - extraEcsConfig.FOO: got "FOO"; allowed: an ECS agent setting such as ECS_IMAGE_PULL_BEHAVIOR.',
    );
  });

  it("Spot needs more than one instance type", async () => {
    expect(await spotError({ instanceTypes: ["m7g.large"] })).toBe(
      SPOT +
        '  - instanceTypes: got ["m7g.large"]; allowed: at least 2 instance types when Spot is possible (onDemandPercentageAboveBaseCapacity below 100). Hint: one type is one Spot pool, interrupted all at once',
    );
  });

  it("instance types or requirements, not both; reserved name prefixes", async () => {
    expect(
      await spotError({
        instanceTypes: ["m7g.large", "m6g.large"],
        instanceRequirements: { vcpuMin: 2, memoryMinMib: 4096 },
      }),
    ).toBe(
      SPOT +
        '  - instanceRequirements: got {"vcpuMin":2,"memoryMinMib":4096}; allowed: either instanceTypes or instanceRequirements, not both.',
    );
    expect(await spotError({}, "ecs-workers")).toBe(
      'Invalid arguments for berth:ecs:SpotCapacity "ecs-workers":\n' +
        '  - name: got "ecs-workers"; allowed: a name that does not start with "aws", "ecs" or "fargate" (reserved for capacity provider names).',
    );
  });
});

describe("Ec2Service bad input", () => {
  it("at most one non-zero base across a strategy", async () => {
    expect(
      await serviceError({
        capacityProviderStrategy: [
          { capacityProvider: "a", base: 1 },
          { capacityProvider: "b", base: 2 },
        ],
      }),
    ).toBe(
      SVC +
        '  - capacityProviderStrategy: got "a base 1, b base 2"; allowed: a non-zero base on at most one capacity provider.',
    );
  });

  it("Fargate and EC2 providers are not mixed", async () => {
    expect(
      await serviceError({
        capacityProviderStrategy: [
          { capacityProvider: "workers-provider" },
          { capacityProvider: "FARGATE_SPOT" },
        ],
      }),
    ).toBe(
      SVC +
        '  - capacityProviderStrategy: got "workers-provider, FARGATE_SPOT"; allowed: either only Fargate providers (FARGATE, FARGATE_SPOT) or only EC2 providers, not both. Hint: run Fargate and EC2 tasks as separate services',
    );
  });

  it("reports every bad field of ports, memory, subnets, load balancer and placement at once", async () => {
    expect(
      await serviceError({
        containers: [{ name: "web", image: "nginx", portMappings: [{ containerPort: 80, hostPort: 70000 }] }],
        loadBalancer: { listenerArn: "l", securityGroupId: "sg", containerPort: 81, priority: 0 },
        subnetIds: ["s"],
        placementStrategy: [{ type: "binpack", field: "attribute:ecs.availability-zone" }],
        placementConstraints: [{ type: "memberOf" }],
      }),
    ).toBe(
      SVC +
        '  - subnetIds[0]: got "s"; allowed: a subnet id (subnet-0123456789abcdef0).\n' +
        "  - containers[0].portMappings[0].hostPort: got 70000; allowed: 0 (a dynamic host port) or a port from 1 to 65535.\n" +
        "  - containers[0].memory: got undefined; allowed: memory or memoryReservation on each container, or the task memory.\n" +
        '  - subnetIds: got ["s"]; allowed: none in bridge mode (tasks use the instance\'s network).\n' +
        '  - loadBalancer.listenerArn: got "l"; allowed: an ARN of an elasticloadbalancing listener (arn:<partition>:elasticloadbalancing:<region>:<account>:listener/...).\n' +
        '  - loadBalancer.securityGroupId: got "sg"; allowed: a security group id (sg-0123456789abcdef0).\n' +
        "  - vpcId: got undefined; allowed: a VPC id with a load balancer (for the target group).\n" +
        "  - loadBalancer.priority: got 0; allowed: an integer from 1 to 50000.\n" +
        "  - loadBalancer.containerPort: got 81; allowed: a containerPort of web (80).\n" +
        '  - placementStrategy[0].field: got "attribute:ecs.availability-zone"; allowed: "memory" or "cpu".\n' +
        "  - placementConstraints[0].expression: got undefined; allowed: a cluster query expression for memberOf.",
    );
  });

  it("awsvpc needs subnets; none has no ports; deployments must be able to replace tasks", async () => {
    expect(await serviceError({ networkMode: "awsvpc", vpcId: "vpc-1" })).toBe(
      SVC + "  - subnetIds: got undefined; allowed: at least one subnet in awsvpc mode.",
    );
    expect(
      await serviceError({
        networkMode: "none",
        containers: [{ name: "w", image: "busybox", memory: 64, portMappings: [{ containerPort: 80 }] }],
      }),
    ).toBe(
      SVC +
        '  - containers[0].portMappings: got [{"containerPort":80}]; allowed: no port mappings in network mode "none".',
    );
    expect(await serviceError({ maximumPercent: 100 })).toBe(
      SVC +
        "  - maximumPercent: got 100; allowed: above 100 when minimumHealthyPercent is 100 (else no task can be replaced).",
    );
  });
});

const issuesOf = (args: Partial<SpotCapacityArgs>) => {
  const v = new Validator("berth:ecs:SpotCapacity", "workers");
  checkSpotCapacityArgs("workers", { ...spotBase, ...args }, v);
  return v.issues;
};

describe("properties", () => {
  it("Spot draining is in the agent config exactly when Spot is possible", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 120 }), (pct, stop) => {
        const lines = ecsConfigLines({
          clusterName: "apps",
          spotPossible: isSpotPossible(pct),
          containerStopTimeoutSeconds: stop,
        });
        expect(lines.includes("ECS_ENABLE_SPOT_INSTANCE_DRAINING=true")).toBe(pct < 100);
        expect(lines[0]).toBe("ECS_CLUSTER=apps");
        expect(lines).toContain(`ECS_CONTAINER_STOP_TIMEOUT=${stop}s`);
      }),
    );
  });

  it("the rendered launch template drains Spot iff the purchase options allow Spot", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 5 }),
        async (pct, base) => {
          const graph = await capture(() => {
            new SpotCapacity("workers", {
              ...spotBase,
              onDemandBaseCapacity: base,
              onDemandPercentageAboveBaseCapacity: pct,
            });
          });
          const userData = Buffer.from(
            graph.one("aws:ec2/launchTemplate:LaunchTemplate").inputs["userData"] as string,
            "base64",
          ).toString("utf8");
          expect(userData.includes("ECS_ENABLE_SPOT_INSTANCE_DRAINING=true\n")).toBe(pct < 100);
          const asg = graph.one("aws:autoscaling/group:Group");
          expect(asg.inputs["capacityRebalance"]).toBe(pct < 100);
          expect(asg.inputs["mixedInstancesPolicy"]).toMatchObject({
            instancesDistribution: { onDemandBaseCapacity: base, onDemandPercentageAboveBaseCapacity: pct },
          });
        },
      ),
      { numRuns: 25 },
    );
  });

  it("a percentage is accepted exactly when it is an integer from 0 to 100", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: -50, max: 150 }), fc.double({ noNaN: true, min: -1, max: 101 })),
        (pct) => {
          const bad = issuesOf({ onDemandPercentageAboveBaseCapacity: pct }).some(
            (i) => i.path === "onDemandPercentageAboveBaseCapacity",
          );
          expect(bad).toBe(!(Number.isInteger(pct) && pct >= 0 && pct <= 100));
        },
      ),
    );
  });

  it("desired capacity is accepted exactly when min <= desired <= max", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 1, max: 20 }),
        (min, desired, max) => {
          const issues = issuesOf({ minSize: min, desiredCapacity: desired, maxSize: max });
          expect(issues.some((i) => i.path === "desiredCapacity")).toBe(!(desired >= min && desired <= max));
          expect(issues.some((i) => i.path === "maxSize")).toBe(max < min);
        },
      ),
    );
  });

  it("termination protection without managed scaling is always refused", () => {
    fc.assert(
      fc.property(fc.boolean(), fc.option(fc.boolean(), { nil: undefined }), (scaling, mtp) => {
        const issues = issuesOf({ managedScaling: scaling, managedTerminationProtection: mtp });
        expect(issues.some((i) => i.path === "managedTerminationProtection")).toBe(!scaling && mtp === true);
      }),
    );
  });

  const item = fc.record({
    capacityProvider: fc.constantFrom("FARGATE", "FARGATE_SPOT", "spot-a", "spot-b", "od-c"),
    base: fc.integer({ min: 0, max: 3 }),
    weight: fc.integer({ min: 0, max: 5 }),
  });

  it("a strategy is flagged for two bases, and for mixing Fargate with EC2, exactly when that happens", () => {
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 5 }), (items) => {
        const issues = checkEc2Strategy(items);
        const bases = items.filter((i) => i.base > 0).length;
        const fargate = items.filter((i) => i.capacityProvider.startsWith("FARGATE")).length;
        expect(issues.some((i) => i.allowed === "a non-zero base on at most one capacity provider")).toBe(
          bases > 1,
        );
        expect(issues.some((i) => i.allowed.startsWith("either only Fargate providers"))).toBe(
          fargate > 0 && fargate < items.length,
        );
      }),
    );
  });

  it("Graviton families are arm64 and the others x86_64", () => {
    const size = fc.constantFrom("medium", "large", "xlarge", "2xlarge", "metal");
    const series = fc.constantFrom("m", "c", "r", "t", "x", "im", "is", "i");
    const gen = fc.integer({ min: 1, max: 9 });
    fc.assert(
      fc.property(series, gen, fc.constantFrom("g", "gd", "gn", "gen"), size, (s, g, suffix, sz) => {
        expect(architectureOf(`${s}${g}${suffix}.${sz}`)).toBe("arm64");
      }),
    );
    fc.assert(
      fc.property(
        series,
        gen,
        fc.constantFrom("", "i", "a", "d", "n", "dn", "i-flex", "a", "zn"),
        size,
        (s, g, suffix, sz) => {
          expect(architectureOf(`${s}${g}${suffix}.${sz}`)).toBe("x86_64");
        },
      ),
    );
    expect(architectureOf("a1.large")).toBe("arm64");
    expect(architectureOf("g5g.xlarge")).toBe("arm64");
    expect(architectureOf("g4dn.xlarge")).toBe("x86_64");
    expect(architectureOf("nonsense")).toBeUndefined();
  });
});
