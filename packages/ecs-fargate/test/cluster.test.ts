import { Validator } from "@berth/core";
import { capture } from "@berth/plan";
import * as pulumi from "@pulumi/pulumi";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  Cluster,
  type ClusterArgs,
  ClusterCapacityProviders,
  type ClusterCapacityProvidersArgs,
  checkClusterCapacityProvidersArgs,
  checkClusterName,
} from "../src";
import { OPTIONS, plan, planError } from "./helpers";

const ASSOCIATION = "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders";

describe("one capacity provider association per cluster", () => {
  it("a cluster for EC2 capacity makes no association of its own", async () => {
    const g = await plan(() => {
      new Cluster("apps", { ec2Capacity: true });
    });
    expect(g.count(ASSOCIATION)).toBe(0);
    expect(g.count("aws:ecs/cluster:Cluster")).toBe(1);
  });

  it("a Fargate-only cluster keeps its association, unchanged in name and inputs", async () => {
    const g = await plan(() => {
      new Cluster("apps");
    });
    expect(g.ofType(ASSOCIATION).map((r) => r.name)).toEqual(["apps-capacity"]);
    expect(g.one(ASSOCIATION).inputs).toMatchObject({
      capacityProviders: ["FARGATE", "FARGATE_SPOT"],
      defaultCapacityProviderStrategies: [{ capacityProvider: "FARGATE", base: 0, weight: 1 }],
    });
  });

  it("ClusterCapacityProviders lists Fargate and every EC2 provider once, the first EC2 provider by default", async () => {
    const g = await plan(() => {
      const cluster = new Cluster("apps", { ec2Capacity: true });
      const providers = new ClusterCapacityProviders("apps", {
        clusterName: cluster.name,
        capacityProviders: ["spot-provider-1", pulumi.output("managed-provider-2")],
      });
      return { names: providers.capacityProviderNames };
    });
    const association = g.one(ASSOCIATION);
    expect(association.name).toBe("apps-capacity");
    expect(association.inputs).toEqual({
      clusterName: g.one("aws:ecs/cluster:Cluster").outputs["name"],
      capacityProviders: ["FARGATE", "FARGATE_SPOT", "spot-provider-1", "managed-provider-2"],
      defaultCapacityProviderStrategies: [{ capacityProvider: "spot-provider-1", base: 0, weight: 1 }],
    });
    expect(g.dependsOn(association.urn, g.one("aws:ecs/cluster:Cluster").urn)).toBe(true);
    expect(g.stackOutputs["names"]).toEqual([
      "FARGATE",
      "FARGATE_SPOT",
      "spot-provider-1",
      "managed-provider-2",
    ]);
  });

  it("takes over the association a Fargate-only Cluster made, through an alias (no delete, no empty list)", async () => {
    const before = await plan(() => {
      new Cluster("apps");
    });
    const given: unknown[] = [];
    await plan(() => {
      // The mock engine records alias URNs only; a stack transformation sees the option as given.
      pulumi.runtime.registerStackTransformation((r) => {
        if (r.type === ASSOCIATION) given.push(...(r.opts.aliases ?? []));
        return undefined;
      });
      const cluster = new Cluster("apps", { ec2Capacity: true });
      new ClusterCapacityProviders("apps", {
        clusterName: cluster.name,
        capacityProviders: ["spot-provider-1"],
        associationAliases: [
          pulumi.createUrn(
            "apps-capacity",
            "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
            cluster,
          ),
        ],
      });
    });
    expect(given).toHaveLength(1);
    expect(await new Promise((resolve) => pulumi.output(given[0] as string).apply(resolve))).toBe(
      before.one(ASSOCIATION).urn,
    );
  });

  it("attached() gives a provider name that waits for the association", async () => {
    const g = await plan(() => {
      const providers = new ClusterCapacityProviders("apps", {
        clusterName: "apps",
        fargate: false,
        capacityProviders: ["spot-provider-1"],
        defaultStrategy: [{ capacityProvider: "spot-provider-1", base: 2, weight: 1 }],
      });
      const capacity = providers.attached({
        capacityProviderName: "spot-provider-1",
        securityGroupId: "sg-1",
      });
      return { name: capacity.capacityProviderName, sg: capacity.securityGroupId };
    });
    expect(g.one(ASSOCIATION).inputs).toEqual({
      clusterName: "apps",
      capacityProviders: ["spot-provider-1"],
      defaultCapacityProviderStrategies: [{ capacityProvider: "spot-provider-1", base: 2, weight: 1 }],
    });
    expect(g.stackOutputs).toEqual({ name: "spot-provider-1", sg: "sg-1" });
  });
});

describe("bad input", () => {
  it("Cluster: defaultSpot is refused (removed: Berth services send their own strategy)", async () => {
    expect(
      await planError(
        () => new Cluster("apps", { ec2Capacity: true, defaultSpot: { base: 1 } } as unknown as ClusterArgs),
      ),
    ).toBe(
      'Invalid arguments for berth:ecs:Cluster "apps":\n' +
        '  - defaultSpot: got {"base":1}; allowed: no such property (removed). Hint: set spot on each FargateService, QueueWorker, ScheduledTask or EventTask: Berth services send their own capacity provider strategy',
    );
  });

  it("ClusterCapacityProviders: Fargate named as an EC2 provider, mixed and foreign default strategies", async () => {
    expect(
      await planError(
        () =>
          new ClusterCapacityProviders("apps", {
            clusterName: "apps cluster",
            capacityProviders: ["FARGATE_SPOT", "spot-1"],
            defaultStrategy: [
              { capacityProvider: "FARGATE", weight: 1 },
              { capacityProvider: "spot-1", weight: 1 },
            ],
          }),
      ),
    ).toBe(
      'Invalid arguments for berth:ecs:ClusterCapacityProviders "apps":\n' +
        '  - clusterName: got "apps cluster"; allowed: 1 to 255 letters, digits, hyphens and underscores.\n' +
        '  - capacityProviders[0]: got "FARGATE_SPOT"; allowed: a capacity provider name: 1 to 255 letters, digits, hyphens and underscores, not starting with "aws", "ecs" or "fargate" (FARGATE and FARGATE_SPOT come with `fargate: true`).\n' +
        '  - defaultStrategy: got "FARGATE, spot-1"; allowed: either only Fargate providers (FARGATE, FARGATE_SPOT) or only EC2 providers, not both.',
    );
  });

  it("ClusterCapacityProviders: no provider at all, and Fargate in the default strategy without Fargate", async () => {
    expect(
      await planError(
        () =>
          new ClusterCapacityProviders("apps", {
            clusterName: "apps",
            fargate: false,
            defaultStrategy: [{ capacityProvider: "FARGATE", weight: 1 }],
          }),
      ),
    ).toBe(
      'Invalid arguments for berth:ecs:ClusterCapacityProviders "apps":\n' +
        "  - capacityProviders: got []; allowed: at least one provider when fargate is false.\n" +
        '  - defaultStrategy: got "FARGATE"; allowed: no FARGATE or FARGATE_SPOT when fargate is false.',
    );
  });

  it("ClusterCapacityProviders: Output values get the same checks once known", async () => {
    const err = await capture(
      () =>
        new ClusterCapacityProviders("apps", {
          clusterName: "apps",
          capacityProviders: [pulumi.output("ecs-reserved")],
        }),
      OPTIONS,
    ).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toContain(
      'Invalid arguments for berth:ecs:ClusterCapacityProviders "apps":\n' +
        '  - capacityProviders[0]: got "ecs-reserved"; allowed: a capacity provider name',
    );
  });

  it("ClusterCapacityProviders: a default strategy provider outside the association (known later)", async () => {
    const err = await capture(
      () =>
        new ClusterCapacityProviders("apps", {
          clusterName: "apps",
          capacityProviders: ["spot-1"],
          defaultStrategy: [{ capacityProvider: pulumi.output("other-2"), weight: 1 }],
        }),
      OPTIONS,
    ).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toContain(
      '  - defaultStrategy[0].capacityProvider: got "other-2"; allowed: a provider of this association (FARGATE, FARGATE_SPOT, spot-1).',
    );
  });

  it("Cluster: not an object, unknown properties with the nearest key, too many tags", async () => {
    expect(await planError(() => new Cluster("apps", null as unknown as ClusterArgs))).toBe(
      'Invalid arguments for berth:ecs:Cluster "apps":\n' +
        "  - args: got null; allowed: an object of ClusterArgs (every argument is optional).",
    );
    const tags = Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`t${i}`, "v"]));
    expect(
      await planError(
        () => new Cluster("apps", { containerinsights: "enabled", tags } as unknown as ClusterArgs),
      ),
    ).toBe(
      'Invalid arguments for berth:ecs:Cluster "apps":\n' +
        '  - containerinsights: got "enabled"; allowed: no such property. Hint: did you mean "containerInsights"?\n' +
        '  - tags: got "49 tags"; allowed: at most 50 tags with berth:component and berth:name.',
    );
  });

  it("Cluster: the exec KMS key must be a KMS key ARN, also from an Output once known", async () => {
    expect(await planError(() => new Cluster("apps", { execKmsKeyArn: "alias-exec" }))).toBe(
      'Invalid arguments for berth:ecs:Cluster "apps":\n' +
        '  - execKmsKeyArn: got "alias-exec"; allowed: an ARN of a kms key or alias (arn:<partition>:kms:<region>:<account>:key/...).',
    );
    const err = await capture(
      () => new Cluster("apps", { execKmsKeyArn: pulumi.output("arn:aws:iam::123456789012:role/exec") }),
      OPTIONS,
    ).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toContain(
      '  - execKmsKeyArn: got "arn:aws:iam::123456789012:role/exec"; allowed: an ARN of a kms key',
    );
  });

  it("Cluster: a name too long for the cluster's AWS name", async () => {
    const long = "c".repeat(240);
    expect(await planError(() => new Cluster(long))).toBe(
      `Invalid arguments for berth:ecs:Cluster "${long}":\n` +
        `  - name: got "${long}"; allowed: at most 239 characters (the child "${long}-cluster" gets a 8-character suffix and AWS allows 255).`,
    );
  });

  it("ClusterCapacityProviders: missing cluster name, unknown properties, a strategy item without provider", async () => {
    expect(
      await planError(
        () =>
          new ClusterCapacityProviders("apps", {
            capacityProvider: ["spot-1"],
            defaultStrategy: [{ weight: 1 }],
          } as unknown as ClusterCapacityProvidersArgs),
      ),
    ).toBe(
      'Invalid arguments for berth:ecs:ClusterCapacityProviders "apps":\n' +
        '  - capacityProvider: got ["spot-1"]; allowed: no such property. Hint: did you mean "capacityProviders"?\n' +
        "  - clusterName: got undefined; allowed: the cluster's name (required).\n" +
        "  - defaultStrategy[0].capacityProvider: got undefined; allowed: a provider of this association (required).",
    );
  });

  it("a cluster name with anything but letters, digits, hyphens and underscores is refused (property)", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 40 }).filter((s) => /[^A-Za-z0-9_-]/.test(s)),
        (name) => {
          const v = new Validator("t", "n");
          expect(checkClusterName(v, "clusterName", name)).toBe(false);
          const w = new Validator("t", "n");
          checkClusterCapacityProvidersArgs({ clusterName: "apps", capacityProviders: [name] }, w);
          expect(w.issues.map((i) => i.path)).toContain("capacityProviders[0]");
        },
      ),
    );
  });
});
