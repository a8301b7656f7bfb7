import { BerthValidationError, parseCidr } from "@berth/core";
import * as pulumi from "@pulumi/pulumi";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FargateService, type FargateServiceArgs } from "../src";
import { NET, plan, planError } from "./helpers";

const base: FargateServiceArgs = {
  ...NET,
  containers: [
    {
      name: "app",
      image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.0",
      portMappings: [{ containerPort: 8080 }],
    },
  ],
};
const listener =
  "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shared/50dc6c495c0c9188/f2f7dc8efc522ab2";
const header = 'Invalid arguments for berth:ecs:FargateService "web":\n';

/** The message of a plan that fails once outputs are known (the error comes from inside `apply`). */
async function failsWhenKnown(program: () => unknown): Promise<string> {
  try {
    await plan(program);
  } catch (e) {
    if (BerthValidationError.isBerthValidationError(e)) return e.message;
    const inner = (e as { message?: string }).message ?? String(e);
    if (inner.includes("Invalid arguments")) return inner.slice(inner.indexOf("Invalid arguments"));
    throw e;
  }
  throw new Error("expected a validation failure");
}

describe("FargateService: required arguments and unknown properties", () => {
  it("names every missing required argument (JavaScript callers), never a TypeError", async () => {
    expect(await planError(() => new FargateService("web", {} as unknown as FargateServiceArgs))).toBe(
      header +
        "  - cluster: got undefined; allowed: the ECS cluster ARN or name (required).\n" +
        "  - vpcId: got undefined; allowed: the VPC id of the tasks (the default VPC is never assumed) (required).\n" +
        "  - subnetIds: got undefined; allowed: the subnet ids of the tasks (required).\n" +
        "  - containers: got undefined; allowed: the containers of the task (required).",
    );
    expect(await planError(() => new FargateService("web", undefined as unknown as FargateServiceArgs))).toBe(
      `${header}  - args: got undefined; allowed: an object of arguments.`,
    );
    expect(
      await planError(
        () =>
          new FargateService("web", {
            ...NET,
            containers: [{ image: "nginx" }],
          } as unknown as FargateServiceArgs),
      ),
    ).toBe(`${header}  - containers[0].name: got undefined; allowed: a container name (required).`);
  });

  it("refuses a misspelt property, naming the nearest known one, at any depth", async () => {
    expect(
      await planError(
        () =>
          new FargateService("web", {
            ...base,
            desiredCout: 3,
            deployment: { stratgy: "CANARY" },
            containers: [
              { name: "app", image: "nginx:1.27", portMappings: [{ containerPort: 80, protcol: "udp" }] },
            ],
          } as unknown as FargateServiceArgs),
      ),
    ).toBe(
      header +
        '  - desiredCout: got 3; allowed: no such property. Hint: did you mean "desiredCount"?\n' +
        '  - deployment.stratgy: got "CANARY"; allowed: no such property. Hint: did you mean "strategy"?\n' +
        '  - containers[0].portMappings[0].protcol: got "udp"; allowed: no such property. Hint: did you mean "protocol"?',
    );
  });

  it("refuses an output that resolves to undefined, or to a comma string instead of a list", async () => {
    expect(
      await failsWhenKnown(() => {
        new FargateService("web", { ...base, cluster: pulumi.output(undefined as unknown as string) });
      }),
    ).toContain("  - cluster: got undefined; allowed: the ECS cluster (required).");
    expect(
      await failsWhenKnown(() => {
        new FargateService("web", {
          ...base,
          subnetIds: pulumi.output("subnet-a,subnet-b") as unknown as pulumi.Output<string[]>,
        });
      }),
    ).toContain(
      '  - subnetIds: got "subnet-a,subnet-b"; allowed: a list of subnet ids (not one comma-joined string).',
    );
    expect(
      await failsWhenKnown(() => {
        new FargateService("web", {
          ...base,
          cluster: pulumi.output("arn:aws:ecs:us-east-1:123456789012:service/apps/web"),
        });
      }),
    ).toContain(
      '  - cluster: got "arn:aws:ecs:us-east-1:123456789012:service/apps/web"; allowed: an ARN of an ecs cluster (arn:<partition>:ecs:<region>:<account>:cluster/...).',
    );
  });
});

describe("FargateService: ARNs, CIDRs and values", () => {
  it("checks ARNs by service and resource type", async () => {
    expect(
      await planError(
        () =>
          new FargateService("web", {
            ...base,
            taskRoleArn: "arn:aws:iam::123456789012:policy/task",
            loadBalancer: {
              listenerArn:
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef",
              securityGroupId: "sg-1",
            },
          }),
      ),
    ).toBe(
      header +
        '  - loadBalancer.listenerArn: got "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef"; allowed: an ARN of an elasticloadbalancing listener (arn:<partition>:elasticloadbalancing:<region>:<account>:listener/...).\n' +
        '  - taskRoleArn: got "arn:aws:iam::123456789012:policy/task"; allowed: an ARN of an iam role (arn:<partition>:iam:<region>:<account>:role/...).',
    );
  });

  it("refuses CIDRs with host bits and any set of ingress CIDRs whose union is the internet (property)", async () => {
    expect(await planError(() => new FargateService("web", { ...base, ingressCidrs: ["10.0.0.1/16"] }))).toBe(
      `${header}  - ingressCidrs[0]: got "10.0.0.1/16"; allowed: a CIDR block with its host bits zero (10.0.0.0/16, 2001:db8::/32). Hint: the bits after the prefix length must be zero`,
    );
    // Any split of 0.0.0.0/0 into aligned blocks covers the internet and is refused.
    const split = (depth: number, seed: number[]): string[] => {
      const out: string[] = [];
      const walk = (address: number, prefix: number, i: number) => {
        if (prefix >= depth || (seed[i % seed.length] ?? 0) % 3 === 0) {
          out.push(`${[24, 16, 8, 0].map((s) => (address >>> s) & 255).join(".")}/${prefix}`);
          return;
        }
        walk(address, prefix + 1, i + 1);
        walk((address | (2 ** (31 - prefix))) >>> 0, prefix + 1, i + 2);
      };
      walk(0, 0, 0);
      return out;
    };
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
        async (depth, seed) => {
          const cidrs = split(
            depth,
            seed.map((x) => x + 1),
          );
          expect(cidrs.every((c) => parseCidr(c) !== undefined)).toBe(true);
          const message = await planError(() => new FargateService("web", { ...base, ingressCidrs: cidrs }));
          expect(message).toContain("  - ingressCidrs: got ");
          expect(message).toContain("do not together cover the whole internet");
        },
      ),
      { numRuns: 15 },
    );
  });

  it("refuses bad env names, image references, health-check paths and non-finite numbers", async () => {
    expect(
      await planError(
        () =>
          new FargateService("web", {
            ...base,
            desiredCount: Number.NaN,
            containers: [
              {
                name: "app",
                image: "nginx latest",
                environment: { "A=B": "x" },
                portMappings: [{ containerPort: 8080 }],
              },
            ],
            loadBalancer: {
              listenerArn: listener,
              securityGroupId: "sg-1",
              healthCheckPath: "health",
              priority: 9,
            },
          }),
      ),
    ).toBe(
      header +
        '  - loadBalancer.healthCheckPath: got "health"; allowed: a path starting with / of at most 1024 characters, without spaces.\n' +
        '  - containers[0].image: got "nginx latest"; allowed: an image reference of up to 255 letters, digits, hyphens, underscores, colons, periods, slashes, number signs and @.\n' +
        '  - containers[0].environment: got "A=B"; allowed: variable names without = or whitespace.\n' +
        "  - desiredCount: got NaN; allowed: an integer from 0 to 5000.",
    );
  });

  it("counts Berth's own tags against the 50-tag limit", async () => {
    const tags = Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`k${i}`, "v"]));
    expect(await planError(() => new FargateService("web", { ...base, tags }))).toBe(
      `${header}  - tags: got "51 tags with Berth's berth:component and berth:name"; allowed: at most 50 tags in all, so at most 48 of your own.`,
    );
  });

  it("refuses two services with the same rule priority on one listener in a stack", async () => {
    const message = await planError(() => {
      new FargateService("api", {
        ...base,
        loadBalancer: { listenerArn: listener, securityGroupId: "sg-1", priority: 10 },
      });
      new FargateService("web", {
        ...base,
        loadBalancer: { listenerArn: listener, securityGroupId: "sg-1", priority: 10 },
      });
    });
    expect(message).toBe(
      `${header}  - loadBalancer.priority: got 10; allowed: a priority not used by another rule on listener ${listener} (FargateService "api" has it).`,
    );
    // A new stack run starts afresh: the same service plans alone.
    await plan(() => {
      new FargateService("web", {
        ...base,
        loadBalancer: { listenerArn: listener, securityGroupId: "sg-1", priority: 10 },
      });
    });
  });
});
