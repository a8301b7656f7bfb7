import { BerthValidationError, Validator } from "@berth/core";
import { capture } from "@berth/plan";
import * as pulumi from "@pulumi/pulumi";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkEc2IdList,
  Ec2Service,
  type Ec2ServiceArgs,
  ManagedInstancesCapacity,
  type ManagedInstancesCapacityArgs,
  SpotCapacity,
  type SpotCapacityArgs,
} from "../src";

// The bad-input classes every component answers with a BerthValidationError, never a TypeError.

const CLUSTER_ARN = "arn:aws:ecs:us-east-1:123456789012:cluster/apps";
const LISTENER =
  "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/edge/0123456789abcdef/fedcba9876543210";
const spot: SpotCapacityArgs = {
  clusterName: "apps",
  clusterArn: CLUSTER_ARN,
  vpcId: "vpc-1",
  subnetIds: ["subnet-a"],
  maxSize: 3,
};
const mi: ManagedInstancesCapacityArgs = {
  clusterName: "apps",
  clusterArn: CLUSTER_ARN,
  vpcId: "vpc-1",
  subnetIds: ["subnet-a"],
};
const svc: Ec2ServiceArgs = {
  clusterArn: CLUSTER_ARN,
  clusterName: "apps",
  capacity: { capacityProviderName: "workers-provider", securityGroupId: "sg-1" },
  containers: [{ name: "web", image: "nginx:1.27", memory: 256, portMappings: [{ containerPort: 8080 }] }],
};

/** The message of the BerthValidationError a program fails with (Pulumi may prefix the property). */
async function failure(program: () => void): Promise<string> {
  const err = await capture(program).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(BerthValidationError.isBerthValidationError(err)).toBe(true);
  return (err as Error).message;
}

const asArgs = <T>(value: unknown) => value as T;

describe("required arguments missing (JavaScript callers)", () => {
  it("SpotCapacity without args, and with an empty object", async () => {
    expect(await failure(() => new SpotCapacity("w", asArgs<SpotCapacityArgs>(undefined)))).toBe(
      'Invalid arguments for berth:ecs:SpotCapacity "w":\n' +
        "  - args: got undefined; allowed: an object of SpotCapacityArgs (clusterName, clusterArn, vpcId, subnetIds, maxSize).",
    );
    expect(await failure(() => new SpotCapacity("w", asArgs<SpotCapacityArgs>({})))).toBe(
      'Invalid arguments for berth:ecs:SpotCapacity "w":\n' +
        "  - clusterName: got undefined; allowed: the ECS cluster's name (required).\n" +
        "  - clusterArn: got undefined; allowed: the ECS cluster's ARN (required).\n" +
        "  - vpcId: got undefined; allowed: the VPC of the instances (never the default VPC) (required).\n" +
        "  - subnetIds: got undefined; allowed: the private subnets of the group (required).\n" +
        "  - maxSize: got undefined; allowed: the most instances, an integer from 1 to 10000 (required).",
    );
  });

  it("ManagedInstancesCapacity and Ec2Service with an empty object", async () => {
    expect(
      await failure(() => new ManagedInstancesCapacity("m", asArgs<ManagedInstancesCapacityArgs>({}))),
    ).toBe(
      'Invalid arguments for berth:ecs:ManagedInstancesCapacity "m":\n' +
        "  - clusterName: got undefined; allowed: the ECS cluster's name (required).\n" +
        "  - clusterArn: got undefined; allowed: the ECS cluster's ARN (required).\n" +
        "  - vpcId: got undefined; allowed: the VPC of the instances (never the default VPC) (required).\n" +
        "  - subnetIds: got undefined; allowed: the private subnets ECS launches instances into (required).",
    );
    expect(await failure(() => new Ec2Service("s", asArgs<Ec2ServiceArgs>({})))).toBe(
      'Invalid arguments for berth:ecs:Ec2Service "s":\n' +
        "  - clusterArn: got undefined; allowed: the ECS cluster's ARN (required).\n" +
        "  - clusterName: got undefined; allowed: the ECS cluster's name (required).\n" +
        "  - capacity: got undefined; allowed: the EC2 capacity (required): ClusterCapacityProviders.attached(capacity) or { capacityProviderName, securityGroupId }.\n" +
        "  - containers: got undefined; allowed: a list of at least one container (required).",
    );
  });

  it("an Output that resolves to undefined fails once known (never the default VPC)", async () => {
    const message = await failure(
      () => new SpotCapacity("w", { ...spot, vpcId: pulumi.output(asArgs<string>(undefined)) }),
    );
    expect(message).toContain(
      "  - vpcId: got undefined; allowed: the VPC of the instances (never the default VPC) (required).",
    );
    const miMessage = await failure(
      () => new ManagedInstancesCapacity("m", { ...mi, vpcId: pulumi.output(asArgs<string>(undefined)) }),
    );
    expect(miMessage).toContain("  - vpcId: got undefined;");
  });
});

describe("unknown properties", () => {
  it("are refused with the nearest known key", async () => {
    expect(
      await failure(() => new SpotCapacity("w", asArgs<SpotCapacityArgs>({ ...spot, maxsize: 4 }))),
    ).toBe(
      'Invalid arguments for berth:ecs:SpotCapacity "w":\n' +
        '  - maxsize: got 4; allowed: no such property. Hint: did you mean "maxSize"?',
    );
    expect(await failure(() => new Ec2Service("s", asArgs<Ec2ServiceArgs>({ ...svc, desiredCout: 3 })))).toBe(
      'Invalid arguments for berth:ecs:Ec2Service "s":\n' +
        '  - desiredCout: got 3; allowed: no such property. Hint: did you mean "desiredCount"?',
    );
    expect(
      await failure(
        () => new ManagedInstancesCapacity("m", asArgs<ManagedInstancesCapacityArgs>({ ...mi, vcpumax: 4 })),
      ),
    ).toBe(
      'Invalid arguments for berth:ecs:ManagedInstancesCapacity "m":\n' +
        '  - vcpumax: got 4; allowed: no such property. Hint: did you mean "vcpuMax"?',
    );
  });
});

describe("values from Outputs get the same checks once known", () => {
  it("a comma string instead of a list of subnets", async () => {
    expect(
      await failure(
        () =>
          new SpotCapacity("w", { ...spot, subnetIds: asArgs<string[]>(pulumi.output("subnet-a,subnet-b")) }),
      ),
    ).toContain(
      '  - subnetIds: got "subnet-a,subnet-b"; allowed: a list of subnet ids. Hint: give a list, not one comma-separated string.',
    );
  });

  it("a cluster name instead of a cluster ARN", async () => {
    expect(
      await failure(() => new SpotCapacity("w", { ...spot, clusterArn: pulumi.output("apps") })),
    ).toContain(
      '  - clusterArn: got "apps"; allowed: an ARN of an ecs cluster (arn:<partition>:ecs:<region>:<account>:cluster/...).',
    );
    expect(await failure(() => new Ec2Service("s", { ...svc, clusterArn: pulumi.output("apps") }))).toContain(
      '  - clusterArn: got "apps"; allowed: an ARN of an ecs cluster',
    );
  });

  it("a listener ARN that is a target group ARN, and a security group name", async () => {
    const message = await failure(
      () =>
        new Ec2Service("s", {
          ...svc,
          vpcId: "vpc-1",
          loadBalancer: {
            listenerArn: pulumi.output(
              "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123",
            ),
            securityGroupId: "sg-alb",
            containerPort: 8080,
            priority: 10,
          },
        }),
    );
    expect(message).toContain(
      '  - loadBalancer.listenerArn: got "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123"',
    );
    expect(
      await failure(
        () =>
          new Ec2Service("s", {
            ...svc,
            capacity: { ...svc.capacity, securityGroupId: pulumi.output("instances") },
          }),
      ),
    ).toContain(
      '  - capacity.securityGroupId: got "instances"; allowed: a security group id (sg-0123456789abcdef0).',
    );
  });
});

describe("an Output no child reads is still checked once known (never silently accepted)", () => {
  it("the load balancer's security group when the capacity opens the ephemeral range itself", async () => {
    expect(
      await failure(
        () =>
          new Ec2Service("s", {
            ...svc,
            capacity: { ...svc.capacity, opensEphemeralPorts: true },
            vpcId: "vpc-1",
            loadBalancer: {
              listenerArn:
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/edge/0123456789abcdef/fedcba9876543210",
              securityGroupId: pulumi.output("alb"),
              containerPort: 8080,
              priority: 10,
            },
          }),
      ),
    ).toContain(
      '  - loadBalancer.securityGroupId: got "alb"; allowed: a security group id (sg-0123456789abcdef0).',
    );
  });
});

describe("nested items", () => {
  it("strategy and placement items: unknown keys, wrong types, provider names once known", async () => {
    expect(
      await failure(
        () =>
          new Ec2Service("s", {
            ...svc,
            capacityProviderStrategy: [
              { capacityProvider: "spot-1", wieght: 1 } as unknown as { capacityProvider: string },
            ],
            placementStrategy: [{ type: "packed" as "binpack" }],
            placementConstraints: [
              { type: "distinctInstance", expresion: "x" } as unknown as { type: "distinctInstance" },
            ],
          }),
      ),
    ).toBe(
      'Invalid arguments for berth:ecs:Ec2Service "s":\n' +
        '  - capacityProviderStrategy[0].wieght: got 1; allowed: no such property. Hint: did you mean "weight"?\n' +
        '  - placementStrategy[0].type: got "packed"; allowed: one of "spread", "binpack", "random".\n' +
        '  - placementConstraints[0].expresion: got "x"; allowed: no such property. Hint: did you mean "expression"?',
    );
    expect(
      await failure(
        () =>
          new Ec2Service("s", {
            ...svc,
            capacityProviderStrategy: [{ capacityProvider: pulumi.output("ecs-reserved"), weight: 1 }],
          }),
      ),
    ).toContain(
      '  - capacityProviderStrategy[0].capacityProvider: got "ecs-reserved"; allowed: a capacity provider name',
    );
  });
});

describe("numbers finite and in range", () => {
  it("maxSize Infinity and a NaN step size", async () => {
    expect(
      await failure(
        () =>
          new SpotCapacity("w", {
            ...spot,
            maxSize: Number.POSITIVE_INFINITY,
            minimumScalingStepSize: Number.NaN,
          }),
      ),
    ).toBe(
      'Invalid arguments for berth:ecs:SpotCapacity "w":\n' +
        "  - maxSize: got Infinity; allowed: an integer from 1 to 10000.\n" +
        "  - minimumScalingStepSize: got NaN; allowed: an integer from 1 to 10000.",
    );
  });

  it("health check grace period and load balancer port", async () => {
    expect(
      await failure(
        () =>
          new Ec2Service("s", {
            ...svc,
            vpcId: "vpc-1",
            healthCheckGracePeriodSeconds: -1,
            loadBalancer: {
              listenerArn: LISTENER,
              securityGroupId: "sg-alb",
              containerPort: 8080.5,
              priority: 10,
            },
          }),
      ),
    ).toContain(
      "  - healthCheckGracePeriodSeconds: got -1; allowed: an integer from 0 to 2147483647.\n" +
        "  - loadBalancer.containerPort: got 8080.5; allowed: an integer from 1 to 65535.",
    );
  });
});

describe("tags at most 50 with Berth's own", () => {
  const userTags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`t${i}`, "v"]));

  it("SpotCapacity: 46 user tags fit next to berth:component, berth:name, Name and AmazonECSManaged; 47 do not", async () => {
    await capture(() => new SpotCapacity("w", { ...spot, tags: userTags(46) }));
    expect(await failure(() => new SpotCapacity("w", { ...spot, tags: userTags(47) }))).toBe(
      'Invalid arguments for berth:ecs:SpotCapacity "w":\n' +
        '  - tags: got "47 tags"; allowed: at most 50 tags on the Auto Scaling group with berth:component, berth:name, Name and AmazonECSManaged.',
    );
  });

  it("Ec2Service and ManagedInstancesCapacity: 48 user tags are too many", async () => {
    expect(await failure(() => new Ec2Service("s", { ...svc, tags: userTags(48) }))).toContain(
      '  - tags: got "48 tags"; allowed: at most 50 tags with berth:component, berth:name and Name.',
    );
    expect(await failure(() => new ManagedInstancesCapacity("m", { ...mi, tags: userTags(48) }))).toContain(
      '  - tags: got "48 tags"; allowed: at most 50 tags on the security group',
    );
  });
});

describe("every child's physical name within its AWS limit", () => {
  it("SpotCapacity: the instance role allows a 47-character name", async () => {
    const ok = "w".repeat(47);
    await capture(() => new SpotCapacity(ok, spot));
    const long = "w".repeat(48);
    expect(await failure(() => new SpotCapacity(long, spot))).toBe(
      `Invalid arguments for berth:ecs:SpotCapacity "${long}":\n` +
        `  - name: got "${long}"; allowed: at most 47 characters (the child "${long}-instance" gets a 8-character suffix and AWS allows 64).`,
    );
  });

  it("ManagedInstancesCapacity: the infrastructure role allows 41", async () => {
    const long = "m".repeat(42);
    expect(await failure(() => new ManagedInstancesCapacity(long, mi))).toContain(
      `allowed: at most 41 characters (the child "${long}-infrastructure" gets a 8-character suffix and AWS allows 64).`,
    );
  });

  it("Ec2Service: with a load balancer the target group allows 21, and no underscore", async () => {
    const lb = { listenerArn: LISTENER, securityGroupId: "sg-alb", containerPort: 8080, priority: 10 };
    const long = "s".repeat(22);
    expect(await failure(() => new Ec2Service(long, { ...svc, vpcId: "vpc-1", loadBalancer: lb }))).toContain(
      `allowed: at most 21 characters (the child "${long}-tg" gets a 8-character suffix and AWS allows 32).`,
    );
    expect(
      await failure(() => new Ec2Service("my_web", { ...svc, vpcId: "vpc-1", loadBalancer: lb })),
    ).toContain(
      '  - name: got "my_web"; allowed: letters, digits and hyphens (target group names allow no underscore).',
    );
    await capture(() => new Ec2Service(long, svc));
  });
});

describe("EC2 task memory", () => {
  it("is at least the memory the containers reserve", async () => {
    expect(
      await failure(
        () =>
          new Ec2Service("s", {
            ...svc,
            memory: 256,
            containers: [
              { name: "a", image: "nginx:1.27", memoryReservation: 200 },
              { name: "b", image: "nginx:1.27", memory: 100 },
            ],
          }),
      ),
    ).toBe(
      'Invalid arguments for berth:ecs:Ec2Service "s":\n' +
        '  - containers: got "memory sum 300"; allowed: at most the task memory 256.',
    );
  });
});

describe("EC2 id lists (property)", () => {
  it("refuse a comma-separated string and accept any list of distinct ids", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[0-9a-f]{8}$/), { minLength: 1, maxLength: 6 }),
        (hex) => {
          const ids = hex.map((h) => `subnet-${h}`);
          const ok = new Validator("t", "n");
          expect(checkEc2IdList(ok, "subnetIds", ids, "subnet", 1)).toBe(true);
          const joined = new Validator("t", "n");
          expect(checkEc2IdList(joined, "subnetIds", ids.join(","), "subnet", 1)).toBe(false);
          const dup = new Validator("t", "n");
          expect(checkEc2IdList(dup, "subnetIds", [...ids, ids[0]], "subnet", 1)).toBe(false);
        },
      ),
    );
  });
});
