import * as aws from "@pulumi/aws";
import type { Policy, PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import {
  remediateResourceOfType,
  validateResourceOfType,
  validateStackResourcesOfType,
} from "@pulumi/policy";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import {
  capture,
  evaluatePolicies,
  type GraphResource,
  type PolicyPackInput,
  ResourceGraph,
  reconcilePolicyConfig,
  runPolicies,
  UNKNOWN,
} from "../src";

const STACK = "urn:pulumi:dev::berth::pulumi:pulumi:Stack::berth-dev";

/** A hand-made graph resource (defaults for everything the test does not care about). */
function res(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  extra: Partial<GraphResource> = {},
): GraphResource {
  return {
    urn: `urn:pulumi:dev::berth::${type}::${name}`,
    type,
    name,
    custom: true,
    read: false,
    remote: false,
    parent: STACK,
    dependencies: [],
    propertyDependencies: {},
    explicitDependencies: [],
    inputs,
    outputs: inputs,
    secretPaths: [],
    unknownPaths: [],
    options: {
      protect: false,
      ignoreChanges: [],
      deleteBeforeReplace: false,
      retainOnDelete: false,
      replaceOnChanges: [],
      additionalSecretOutputs: [],
      aliases: [],
    },
    ...extra,
  };
}

function graphOf(...resources: GraphResource[]): ResourceGraph {
  const stack = res("pulumi:pulumi:Stack", "berth-dev", {}, { custom: false, urn: STACK });
  delete stack.parent;
  return new ResourceGraph("berth", "dev", false, [stack, ...resources]);
}

const BUCKET = "aws:s3/bucket:Bucket";

/** Flags every ECR repository whose tags are mutable. */
const immutable: ResourceValidationPolicy = {
  name: "ecr-immutable",
  description: "ECR tags must be immutable.",
  severity: "high",
  validateResource: validateResourceOfType(aws.ecr.Repository, (repo, _args, report) => {
    if (repo.imageTagMutability !== "IMMUTABLE")
      report(`imageTagMutability is ${repo.imageTagMutability ?? "unset"}`);
  }),
};
const repo = (mut?: string) =>
  res("aws:ecr/repository:Repository", "r", mut ? { imageTagMutability: mut } : {});

describe("enforcement levels", () => {
  const pack = (
    policies: Policy[],
    enforcementLevel?: PolicyPackInput["enforcementLevel"],
  ): PolicyPackInput => ({
    name: "p",
    policies,
    ...(enforcementLevel ? { enforcementLevel } : {}),
  });

  it("defaults to advisory when neither pack nor policy sets a level (as PolicyPack)", async () => {
    const v = await runPolicies(graphOf(repo()), pack([immutable]));
    expect(v.map((x) => x.level)).toEqual(["advisory"]);
  });

  it("uses the pack level when the policy has none", async () => {
    const v = await runPolicies(graphOf(repo()), pack([immutable], "mandatory"));
    expect(v.map((x) => x.level)).toEqual(["mandatory"]);
  });

  it("prefers the policy's own level over the pack's", async () => {
    const v = await runPolicies(
      graphOf(repo()),
      pack([{ ...immutable, enforcementLevel: "advisory" }], "mandatory"),
    );
    expect(v.map((x) => x.level)).toEqual(["advisory"]);
  });

  it("prefers `all` over the policy's own level", async () => {
    const p = pack([{ ...immutable, enforcementLevel: "advisory" }]);
    expect((await runPolicies(graphOf(repo()), p, { all: "mandatory" })).map((x) => x.level)).toEqual([
      "mandatory",
    ]);
    expect(
      (await runPolicies(graphOf(repo()), p, { all: { enforcementLevel: "mandatory" } }))[0]?.level,
    ).toBe("mandatory");
  });

  it("prefers per-policy config over `all`, in string and object form", async () => {
    const p = pack([immutable], "mandatory");
    const g = graphOf(repo());
    expect((await runPolicies(g, p, { all: "mandatory", "ecr-immutable": "advisory" }))[0]?.level).toBe(
      "advisory",
    );
    expect(
      (await runPolicies(g, p, { all: "mandatory", "ecr-immutable": { enforcementLevel: "advisory" } }))[0]
        ?.level,
    ).toBe("advisory");
  });

  it("skips disabled policies (own level, pack level, all, per-policy)", async () => {
    const g = graphOf(repo());
    expect(await runPolicies(g, pack([{ ...immutable, enforcementLevel: "disabled" }]))).toEqual([]);
    expect(await runPolicies(g, pack([immutable], "disabled"))).toEqual([]);
    expect(await runPolicies(g, pack([immutable]), { all: "disabled" })).toEqual([]);
    expect(await runPolicies(g, pack([immutable], "mandatory"), { "ecr-immutable": "disabled" })).toEqual([]);
  });

  it("rejects config for a policy that does not exist and a bad level", async () => {
    await expect(runPolicies(graphOf(), pack([immutable]), { nope: "advisory" })).rejects.toThrow(
      /"nope" is not a policy in p/,
    );
    expect(() =>
      reconcilePolicyConfig([immutable], "advisory", { "ecr-immutable": "loud" as unknown as "advisory" }),
    ).toThrow(/ecr-immutable.enforcementLevel: got "loud"/);
  });

  it("reports violations as the server formats them: description, newline, message; severity; URN, type, name", async () => {
    const [v] = await runPolicies(graphOf(repo("MUTABLE")), {
      ...pack([immutable], "mandatory"),
      version: "1.2.3",
    });
    expect(v).toEqual({
      policy: "ecr-immutable",
      pack: "p",
      level: "mandatory",
      severity: "high",
      urn: "urn:pulumi:dev::berth::aws:ecr/repository:Repository::r",
      type: "aws:ecr/repository:Repository",
      name: "r",
      message: "ECR tags must be immutable.\nimageTagMutability is MUTABLE",
      detail: "imageTagMutability is MUTABLE",
      kind: "resource",
      unknown: false,
    });
  });

  it("reports a violation with no message as the bare description", async () => {
    const p: ResourceValidationPolicy = {
      name: "always",
      description: "Always fires.",
      validateResource: (_args, report) => report(""),
    };
    const v = await runPolicies(graphOf(repo()), pack([p]));
    expect(v.find((x) => x.type === "aws:ecr/repository:Repository")?.message).toBe("Always fires.");
  });
});

describe("config", () => {
  const seen: unknown[] = [];
  const withConfig: ResourceValidationPolicy = {
    name: "cfg",
    description: "Reads its config.",
    configSchema: {
      properties: {
        allowed: { type: "array", items: { type: "string" }, default: ["a", "b"] },
        max: { type: "number", default: 3 },
        note: { type: "string" },
      },
    },
    validateResource: validateResourceOfType(aws.ecr.Repository, (_r, args) => {
      seen.push(args.getConfig());
    }),
  };

  it("applies schema defaults the way the CLI does, without enforcementLevel", async () => {
    seen.length = 0;
    await runPolicies(graphOf(repo()), { name: "p", policies: [withConfig] });
    expect(seen).toEqual([{ allowed: ["a", "b"], max: 3 }]);
  });

  it("lets given values override defaults and keeps the rest", async () => {
    seen.length = 0;
    await runPolicies(
      graphOf(repo()),
      { name: "p", policies: [withConfig] },
      {
        cfg: { enforcementLevel: "mandatory", max: 9, note: "x" },
      },
    );
    expect(seen).toEqual([{ allowed: ["a", "b"], max: 9, note: "x" }]);
  });

  it("returns {} for a policy without a schema or config", async () => {
    const got: unknown[] = [];
    const p: ResourceValidationPolicy = {
      name: "plain",
      description: "d",
      validateResource: (args) => {
        got.push(args.getConfig());
      },
    };
    await runPolicies(graphOf(), { name: "p", policies: [p] });
    expect(got).toEqual([{}]);
  });

  it("rejects values that do not match the schema, naming policy and property", () => {
    expect(() => reconcilePolicyConfig([withConfig], "advisory", { cfg: { max: "ten" } })).toThrow(
      /cfg.max: got "ten"; expected type "number"/,
    );
    expect(() => reconcilePolicyConfig([withConfig], "advisory", { cfg: { allowed: [1] } })).toThrow(
      /cfg.allowed\[0\]/,
    );
    expect(() => reconcilePolicyConfig([withConfig], "advisory", { cfg: { other: 1 } })).toThrow(
      /cfg.other: not in the policy's config schema/,
    );
  });

  it("applies per-pack config when given", async () => {
    seen.length = 0;
    await runPolicies(
      graphOf(repo()),
      { name: "p", policies: [withConfig] },
      { cfg: { max: 1 } },
      {
        packConfigs: { p: { cfg: { max: 2 } } },
      },
    );
    expect(seen).toEqual([{ allowed: ["a", "b"], max: 2 }]);
  });
});

describe("notApplicable and types", () => {
  it("a typed policy never sees other types and records why", async () => {
    const r = await evaluatePolicies(graphOf(res(BUCKET, "b", {})), { name: "p", policies: [immutable] });
    expect(r.violations).toEqual([]);
    expect(r.notApplicable).toContainEqual({
      policy: "ecr-immutable",
      pack: "p",
      urn: "urn:pulumi:dev::berth::aws:s3/bucket:Bucket::b",
      reason: "Policy only applies to resources of type 'aws:ecr/repository:Repository'",
    });
  });

  it("a multi-type array calls args.notApplicable for the other types without crashing", async () => {
    const multi: ResourceValidationPolicy = {
      name: "multi",
      description: "Two types.",
      validateResource: [
        validateResourceOfType(aws.lb.Listener, (_l, _a, report) => report("lb")),
        validateResourceOfType(aws.alb.Listener, (_l, _a, report) => report("alb")),
      ],
    };
    const g = graphOf(res("aws:alb/listener:Listener", "l", {}), res(BUCKET, "b", {}));
    const r = await evaluatePolicies(g, { name: "p", policies: [multi] });
    expect(r.violations.map((v) => [v.name, v.detail])).toEqual([["l", "alb"]]);
    // Stack and bucket miss both validations, the alb listener misses the lb one.
    expect(r.notApplicable.filter((n) => n.policy === "multi").length).toBe(5);
  });

  it("an explicit args.notApplicable(reason) is recorded, not reported", async () => {
    const p: ResourceValidationPolicy = {
      name: "na",
      description: "d",
      validateResource: (args) => args.notApplicable("not today"),
    };
    const r = await evaluatePolicies(graphOf(repo()), { name: "p", policies: [p] });
    expect(r.violations).toEqual([]);
    expect(r.notApplicable.map((n) => n.reason)).toContain("not today");
  });

  it("isType / asType follow __pulumiType", async () => {
    const seen: unknown[] = [];
    const p: ResourceValidationPolicy = {
      name: "types",
      description: "d",
      validateResource: (args) => {
        if (args.type !== "aws:ecr/repository:Repository") return;
        seen.push(args.isType(aws.ecr.Repository), args.isType(aws.s3.Bucket));
        seen.push(args.asType(aws.ecr.Repository)?.imageTagMutability, args.asType(aws.s3.Bucket));
      },
    };
    await runPolicies(graphOf(repo("IMMUTABLE")), { name: "p", policies: [p] });
    expect(seen).toEqual([true, false, "IMMUTABLE", undefined]);
  });

  it("a policy that throws fails the run with the server's message", async () => {
    const p: ResourceValidationPolicy = {
      name: "boom",
      description: "d",
      validateResource: () => {
        throw new Error("kaput");
      },
    };
    await expect(runPolicies(graphOf(), { name: "p", policies: [p], version: "1.0.0" })).rejects.toThrow(
      "Error validating resource with policy 'boom' from policy pack 'p@v1.0.0': kaput",
    );
  });
});

describe("what a resource policy sees", () => {
  it("urn, name, type, opts, provider and stackTags as the server passes them", async () => {
    const seen: Record<string, unknown>[] = [];
    const p: ResourceValidationPolicy = {
      name: "shape",
      description: "d",
      validateResource: validateResourceOfType(aws.s3.Bucket, (_b, args) => {
        seen.push({
          urn: args.urn,
          name: args.name,
          type: args.type,
          opts: args.opts,
          provider: args.provider && {
            type: args.provider.type,
            name: args.provider.name,
            region: args.provider.props["region"],
          },
          tag: args.stackTags.get("team"),
        });
      }),
    };
    const g = await capture(
      () => {
        const prov = new aws.Provider("east", { region: "us-east-1" });
        new aws.s3.Bucket(
          "b",
          { bucket: "berth-b" },
          { provider: prov, protect: true, ignoreChanges: ["tags"], customTimeouts: { create: "10m" } },
        );
      },
      { project: "berth", stack: "dev" },
    );
    await runPolicies(g, { name: "p", policies: [p] }, undefined, { stackTags: { team: "platform" } });
    expect(seen).toEqual([
      {
        urn: g.one(BUCKET).urn,
        name: "b",
        type: BUCKET,
        opts: {
          protect: true,
          ignoreChanges: ["tags"],
          aliases: [],
          customTimeouts: { createSeconds: 600, updateSeconds: 0, deleteSeconds: 0 },
          additionalSecretOutputs: [],
          parent: g.root?.urn,
        },
        provider: { type: "pulumi:providers:aws", name: "east", region: "us-east-1" },
        tag: "platform",
      },
    ]);
  });

  it("secrets are unwrapped for validation; array methods work through the proxy", async () => {
    const got: unknown[] = [];
    const p: ResourceValidationPolicy = {
      name: "sec",
      description: "d",
      validateResource: validateResourceOfType(aws.ssm.Parameter, (param, _a) => {
        got.push(param.value, (param.tags as unknown as string[] | undefined) ?? null);
      }),
    };
    const g = await capture(
      () => {
        new aws.ssm.Parameter("p", { type: "SecureString", value: pulumi.secret("s3cr3t") });
      },
      { project: "berth", stack: "dev" },
    );
    await runPolicies(g, { name: "p", policies: [p] });
    expect(got).toEqual(["s3cr3t", null]);

    const arr: ResourceValidationPolicy = {
      name: "arr",
      description: "d",
      validateResource: (args, report) => {
        const list = (args.props["items"] ?? []) as Array<{ n: number }>;
        const big = list.filter((x) => x.n > 1).map((x) => x.n);
        if (big.length) report(big.join(","));
      },
    };
    const v = await runPolicies(graphOf(res(BUCKET, "b", { items: [{ n: 1 }, { n: 2 }, { n: 3 }] })), {
      name: "p",
      policies: [arr],
    });
    expect(v.map((x) => x.detail)).toEqual(["2,3"]);
  });

  it("analyzes components too (as the engine does) but never reads", async () => {
    const types: string[] = [];
    const p: ResourceValidationPolicy = {
      name: "all",
      description: "d",
      validateResource: (args) => {
        types.push(args.type);
      },
    };
    const g = graphOf(
      res("eks:index:Cluster", "c", { version: "1.33" }, { custom: false, remote: true }),
      res("berth:ecs:FargateService", "svc", {}, { custom: false }),
      res("pulumi:pulumi:StackReference", "net", { name: "org/network/dev" }, { read: true }),
    );
    // `all` is reserved for the config's level key, so use another name.
    await runPolicies(g, { name: "p", policies: [{ ...p, name: "everything" }] });
    expect(types).toEqual(["pulumi:pulumi:Stack", "eks:index:Cluster", "berth:ecs:FargateService"]);
  });
});

describe("preview unknowns", () => {
  const logs: ResourceValidationPolicy = {
    name: "td-logs",
    description: "Containers log.",
    severity: "medium",
    validateResource: validateResourceOfType(aws.ecs.TaskDefinition, (td, _a, report) => {
      const defs = JSON.parse(td.containerDefinitions) as Array<{ logConfiguration?: unknown }>;
      if (defs.some((d) => !d.logConfiguration)) report("a container has no logConfiguration");
    }),
  };

  it("turns an unknown input into an advisory 'can't run ... during preview', even for mandatory policies", async () => {
    const g = await capture(
      () => {
        const group = new aws.cloudwatch.LogGroup("lg", {});
        new aws.ecs.TaskDefinition("td", {
          family: "web",
          containerDefinitions: group.arn.apply((n) =>
            JSON.stringify([
              {
                name: "app",
                image: "x",
                logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": n } },
              },
            ]),
          ),
        });
      },
      { project: "berth", stack: "dev", preview: true },
    );
    expect(g.one("aws:ecs/taskDefinition:TaskDefinition").inputs["containerDefinitions"]).toBe(UNKNOWN);
    const v = await runPolicies(g, {
      name: "pack",
      policies: [logs],
      enforcementLevel: "mandatory",
      version: "0.1.0",
    });
    expect(v).toEqual([
      expect.objectContaining({
        policy: "td-logs",
        level: "advisory",
        severity: "medium",
        unknown: true,
        message:
          "can't run policy 'td-logs' from policy pack 'pack@v0.1.0' during preview: string value at .containerDefinitions can't be known during preview",
      }),
    ]);
  });

  it("runs for real when the same program is not a preview", async () => {
    const g = await capture(
      () => {
        new aws.ecs.TaskDefinition("td", {
          family: "web",
          containerDefinitions: JSON.stringify([{ name: "a", image: "x" }]),
        });
      },
      { project: "berth", stack: "dev" },
    );
    const v = await runPolicies(g, { name: "pack", policies: [logs], enforcementLevel: "mandatory" });
    expect(v.map((x) => [x.level, x.unknown])).toEqual([["mandatory", false]]);
  });
});

describe("remediation", () => {
  const fix: ResourceValidationPolicy = {
    name: "ecr-fix",
    description: "ECR tags must be immutable.",
    enforcementLevel: "remediate",
    remediateResource: remediateResourceOfType(aws.ecr.Repository, (r) => ({
      ...r,
      imageTagMutability: "IMMUTABLE",
    })),
    validateResource: validateResourceOfType(aws.ecr.Repository, (r, _a, report) => {
      if (r.imageTagMutability !== "IMMUTABLE") report("still mutable");
    }),
  };

  it("remediates before validating, reports the change, and later validations see the fixed inputs", async () => {
    const r = await evaluatePolicies(graphOf(repo("MUTABLE")), [
      { name: "fixer", policies: [fix] },
      { name: "checker", policies: [{ ...immutable, enforcementLevel: "mandatory" }] },
    ]);
    expect(r.violations).toEqual([]);
    expect(r.remediations).toEqual([
      expect.objectContaining({
        policy: "ecr-fix",
        pack: "fixer",
        before: { imageTagMutability: "MUTABLE" },
        after: { imageTagMutability: "IMMUTABLE" },
      }),
    ]);
    expect(Object.values(r.remediatedInputs)).toEqual([{ imageTagMutability: "IMMUTABLE" }]);
  });

  it("reports a violation that remains after remediation as mandatory", async () => {
    const noop: ResourceValidationPolicy = {
      ...fix,
      name: "ecr-noop",
      remediateResource: remediateResourceOfType(aws.ecr.Repository, () => undefined),
    };
    const r = await evaluatePolicies(graphOf(repo("MUTABLE")), { name: "p", policies: [noop] });
    expect(r.remediations).toEqual([]);
    expect(r.violations.map((v) => [v.policy, v.level, v.detail])).toEqual([
      ["ecr-noop", "mandatory", "still mutable"],
    ]);
  });

  it("does not remediate unless the level is remediate", async () => {
    const r = await evaluatePolicies(
      graphOf(repo("MUTABLE")),
      { name: "p", policies: [fix] },
      { "ecr-fix": "advisory" },
    );
    expect(r.remediations).toEqual([]);
    expect(r.violations.map((v) => v.level)).toEqual(["advisory"]);
  });
});

describe("stack policies", () => {
  it("see outputs, parents, dependencies and property dependencies as PolicyResources", async () => {
    let captured: PolicyResource[] = [];
    const p: StackValidationPolicy = {
      name: "stack-shape",
      description: "d",
      validateStack: (args) => {
        captured = args.resources;
      },
    };
    class Box extends pulumi.ComponentResource {
      constructor(name: string) {
        super("berth:test:Box", name, {}, {});
        const repository = new aws.ecr.Repository(`${name}-repo`, {}, { parent: this });
        new aws.ecr.LifecyclePolicy(
          `${name}-lc`,
          {
            repository: repository.name,
            policy: JSON.stringify({
              rules: [
                {
                  rulePriority: 1,
                  selection: { tagStatus: "untagged", countType: "imageCountMoreThan", countNumber: 1 },
                  action: { type: "expire" },
                },
              ],
            }),
          },
          { parent: this },
        );
        this.registerOutputs({ url: repository.repositoryUrl });
      }
    }
    const g = await capture(
      () => {
        new Box("box");
      },
      { project: "berth", stack: "dev" },
    );
    await runPolicies(g, { name: "p", policies: [p] });
    const repoRes = captured.find((r) => r.type === "aws:ecr/repository:Repository");
    const lc = captured.find((r) => r.type === "aws:ecr/lifecyclePolicy:LifecyclePolicy");
    const box = captured.find((r) => r.type === "berth:test:Box");
    expect(repoRes?.props["arn"]).toMatch(/^arn:aws:ecr:us-east-1:\d{12}:repository\//); // an output, not an input
    expect(lc?.parent).toBe(box);
    expect(box?.parent?.type).toBe("pulumi:pulumi:Stack");
    expect(lc?.dependencies).toContain(repoRes);
    expect(lc?.propertyDependencies["repository"]).toEqual([repoRes]);
    expect(String(box?.props["url"])).toContain(".dkr.ecr.");
    expect(repoRes?.isType(aws.ecr.Repository)).toBe(true);
  });

  it("reports against the URN given, or the stack, with the level rules of resource policies", async () => {
    const p: StackValidationPolicy = {
      name: "lifecycle",
      description: "Every repository has a lifecycle policy.",
      enforcementLevel: "remediate",
      validateStack: validateStackResourcesOfType(aws.ecr.Repository, (repos, args, report) => {
        for (const r of args.resources) report(`missing for ${r.name}`, r.urn);
        if (repos.length) report("summary");
      }),
    };
    const g = graphOf(repo());
    const v = await runPolicies(g, { name: "p", policies: [p] });
    expect(v.map((x) => [x.level, x.kind, x.name, x.detail])).toEqual([
      ["mandatory", "stack", "r", "missing for r"],
      ["mandatory", "stack", "berth-dev", "summary"],
    ]);
    const none = await evaluatePolicies(graphOf(res(BUCKET, "b", {})), { name: "p", policies: [p] });
    expect(none.violations).toEqual([]);
    expect(none.notApplicable[0]?.reason).toBe(
      "Policy only applies to resources of type 'aws:ecr/repository:Repository'",
    );
  });

  it("turns an unknown output into an advisory preview message", async () => {
    const p: StackValidationPolicy = {
      name: "reads-arn",
      description: "d",
      enforcementLevel: "mandatory",
      validateStack: (args) => {
        for (const r of args.resources)
          if (r.type === "aws:ecr/repository:Repository") void String(r.props["arn"]);
      },
    };
    const g = graphOf(res("aws:ecr/repository:Repository", "r", {}, { outputs: { arn: UNKNOWN } }));
    const v = await runPolicies(g, { name: "p", policies: [p] });
    expect(v.map((x) => [x.level, x.unknown, x.urn])).toEqual([["advisory", true, STACK]]);
    expect(v[0]?.message).toContain("string value at .arn can't be known during preview");
  });
});
