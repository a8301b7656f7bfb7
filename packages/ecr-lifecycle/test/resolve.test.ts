import { readFileSync } from "node:fs";
import path from "node:path";
import { BerthValidationError } from "@berth/core";
import { capture } from "@berth/plan";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type CreationTemplate,
  defaultLifecycleRules,
  keepLast,
  LIFECYCLE_LIMITS,
  RegistrySettings,
  resolveRegistrySettingsArgs,
  resolveRepositoryArgs,
} from "../src";

const TEMPLATE = "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate";

function issuesOf(f: () => unknown): string[] {
  try {
    f();
  } catch (e) {
    if (BerthValidationError.isBerthValidationError(e)) return e.issues.map((i) => i.path);
    throw e;
  }
  return [];
}

describe("resolveRepositoryArgs", () => {
  it("fills every default of minimal args, and names the children it creates", () => {
    const r = resolveRepositoryArgs("web");
    expect(r).toMatchObject({
      name: "web",
      repositoryName: "web",
      imageTagMutability: "IMMUTABLE",
      mutabilityExclusions: [],
      scanOnPush: true,
      encryption: "AES256",
      kmsKeyArn: undefined,
      forceDelete: false,
      lifecycleRules: defaultLifecycleRules(),
      public: false,
      publicCatalog: undefined,
      tags: { "berth:component": "berth:ecr:Repository", "berth:name": "web" },
      names: { repository: "web-repository", lifecycle: "web-lifecycle" },
    });
    expect(Object.keys(r.names).sort()).toEqual(["lifecycle", "repository"]);
    expect(JSON.parse(r.lifecyclePolicy ?? "{}").rules).toHaveLength(2);
  });

  it.each([
    [{ encryption: "KMS" as const }, { encryption: "KMS", names: { key: "web-key" } }],
    [
      { kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/k" },
      { encryption: "KMS", kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/k" },
    ],
    [{ lifecycleRules: [] }, { lifecyclePolicy: undefined, names: { repository: "web-repository" } }],
    [{ pushRoleArns: ["arn:aws:iam::123456789012:role/ci"] }, { names: { policy: "web-policy" } }],
    [{ public: true }, { public: true, names: { public: "web-public" } }],
  ])("derives %j", (args, expected) => {
    expect(resolveRepositoryArgs("web", args)).toMatchObject(expected);
  });

  it("creates no key when one is given, and no lifecycle child for []", () => {
    expect(
      resolveRepositoryArgs("web", { kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/k" }).names.key,
    ).toBe(undefined);
    expect(resolveRepositoryArgs("web", { lifecycleRules: [] }).names.lifecycle).toBe(undefined);
  });

  it("property: any valid repository name resolves to itself; an upper-case letter is refused at repositoryName", () => {
    const segment = fc.stringMatching(/^[a-z0-9]{1,6}([._-][a-z0-9]{1,6}){0,2}$/);
    const name = fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => s.join("/"));
    fc.assert(
      fc.property(name, (n) => {
        fc.pre(n.length >= 2);
        expect(resolveRepositoryArgs("web", { repositoryName: n }).repositoryName).toBe(n);
        expect(issuesOf(() => resolveRepositoryArgs("web", { repositoryName: `${n}X` }))).toEqual([
          "repositoryName",
        ]);
      }),
    );
  });

  it("property: maxImageCount is an integer from 1 to ECR's largest, checked by v.intIn", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.double({ noNaN: true })), (n) => {
        const ok = Number.isInteger(n) && n >= 1 && n <= LIFECYCLE_LIMITS.maxInteger;
        const paths = issuesOf(() => resolveRepositoryArgs("web", { lifecycleRules: [keepLast(n)] }));
        expect(paths).toEqual(ok ? [] : ["lifecycleRules[0].maxImageCount"]);
      }),
    );
  });
});

describe("resolveRegistrySettingsArgs", () => {
  it("fills every default of minimal args, and names the children it creates", () => {
    expect(resolveRegistrySettingsArgs("registry")).toEqual({
      name: "registry",
      scanType: "BASIC",
      scanRules: [{ frequency: "SCAN_ON_PUSH", filters: ["*"] }],
      replicationRules: [],
      pullThroughCache: [],
      creationTemplates: [],
      replicationSourceAccountIds: [],
      pullThroughCachePrincipalArns: [],
      names: { scanning: "registry-scanning" },
    });
  });

  it("fills a cache rule's and a template's defaults", () => {
    const r = resolveRegistrySettingsArgs("registry", {
      pullThroughCache: [{ upstream: "quay", prefix: "q.io" }],
      creationTemplates: [{ prefix: "team/web", appliedFor: ["CREATE_ON_PUSH"] }],
      replicationRules: [{ destinations: [{ region: "eu-west-1" }] }],
      replicationSourceAccountIds: ["210987654321"],
    });
    expect(r.pullThroughCache).toEqual([
      expect.objectContaining({
        upstream: "quay",
        prefix: "q.io",
        upstreamRegistryUrl: "quay.io",
        credentialArn: undefined,
        imageTagMutability: "IMMUTABLE",
        lifecycleRules: defaultLifecycleRules(),
        names: { rule: "registry-ptc-q-io", template: "registry-ptc-q-io-template" },
      }),
    ]);
    expect(r.creationTemplates).toEqual([
      expect.objectContaining({
        prefix: "team/web",
        imageTagMutability: "IMMUTABLE",
        mutabilityExclusions: [],
        lifecycleRules: defaultLifecycleRules(),
        repositoryPolicyStatements: [],
        names: { template: "registry-template-team-web", previous: "registry-template-0" },
      }),
    ]);
    expect(r.names).toEqual({
      scanning: "registry-scanning",
      replication: "registry-replication",
      policy: "registry-policy",
    });
  });

  it("refuses two prefixes that would name the same child", () => {
    expect(
      issuesOf(() =>
        resolveRegistrySettingsArgs("registry", {
          pullThroughCache: [
            { upstream: "quay", prefix: "a.b" },
            { upstream: "k8s", prefix: "a-b" },
          ],
          creationTemplates: [
            { prefix: "x/y", appliedFor: ["CREATE_ON_PUSH"] },
            { prefix: "x_y", appliedFor: ["CREATE_ON_PUSH"] },
          ],
        }),
      ),
    ).toEqual(["pullThroughCache[1].prefix", "creationTemplates[1].prefix"]);
  });

  it("property: continuous scanning needs ENHANCED; one rule per frequency", () => {
    const frequency = fc.constantFrom("SCAN_ON_PUSH" as const, "CONTINUOUS_SCAN" as const);
    fc.assert(
      fc.property(
        fc.constantFrom("BASIC" as const, "ENHANCED" as const),
        fc.array(frequency, { maxLength: 3 }),
        (scanType, fs) => {
          const paths = issuesOf(() =>
            resolveRegistrySettingsArgs("registry", {
              scanType,
              scanRules: fs.map((f) => ({ frequency: f, filters: ["*"] })),
            }),
          );
          const expected = fs.flatMap((f, i) => [
            ...(f === "CONTINUOUS_SCAN" && scanType === "BASIC" ? [`scanRules[${i}].frequency`] : []),
            ...(fs.indexOf(f) < i ? [`scanRules[${i}].frequency`] : []),
          ]);
          expect(paths).toEqual(expected);
        },
      ),
    );
  });

  it("property: a cache prefix is 2 to 30 characters of lowercase name segments", () => {
    const prefix = fc.stringMatching(/^[a-z0-9][a-z0-9._/-]{0,34}$/);
    fc.assert(
      fc.property(prefix, (p) => {
        const ok =
          p.length >= 2 &&
          p.length <= 30 &&
          /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/.test(p);
        const paths = issuesOf(() =>
          resolveRegistrySettingsArgs("registry", { pullThroughCache: [{ upstream: "quay", prefix: p }] }),
        );
        expect(paths).toEqual(ok ? [] : ["pullThroughCache[0].prefix"]);
      }),
    );
  });

  it("property: a template's child name depends on its prefix, never on its place in the list", () => {
    const prefix = fc.stringMatching(/^[a-z0-9]{1,8}$/);
    fc.assert(
      fc.property(fc.uniqueArray(prefix, { minLength: 1, maxLength: 6 }), (prefixes) => {
        const names = (list: string[]) =>
          Object.fromEntries(
            resolveRegistrySettingsArgs("registry", {
              creationTemplates: list.map((p) => ({ prefix: p, appliedFor: ["CREATE_ON_PUSH"] })),
            }).creationTemplates.map((t) => [t.prefix, t.names.template]),
          );
        const all = names(prefixes);
        const rest = names(prefixes.slice(1).reverse());
        for (const [p, n] of Object.entries(rest)) expect(n).toBe(all[p]);
      }),
    );
  });
});

describe("RegistrySettings children keyed by value", () => {
  const template = (prefix: string): CreationTemplate => ({ prefix, appliedFor: ["CREATE_ON_PUSH"] });
  const urns = async (templates: CreationTemplate[]) => {
    const graph = await capture(() => {
      new RegistrySettings("registry", {
        creationTemplates: templates,
        pullThroughCache: templates.map((t, i) => ({
          upstream: (["ecr-public", "quay", "k8s"] as const)[i] ?? "k8s",
          prefix: `c-${t.prefix}`,
        })),
      });
    });
    return Object.fromEntries(graph.resources.filter((r) => r.custom).map((r) => [r.name, r]));
  };

  it("removing the first template and cache rule and reordering the rest leaves every other child's URN unchanged", async () => {
    const before = await urns([template("aa"), template("bb"), template("cc")]);
    const after = await urns([template("cc"), template("bb")]);
    for (const name of [
      "registry-template-bb",
      "registry-template-cc",
      "registry-ptc-c-bb",
      "registry-ptc-c-bb-template",
      "registry-ptc-c-cc",
      "registry-ptc-c-cc-template",
    ]) {
      expect(after[name]?.urn, name).toBeDefined();
      expect(after[name]?.urn).toBe(before[name]?.urn);
    }
    expect(
      Object.keys(after)
        .filter((n) => n.startsWith("registry-template-"))
        .sort(),
    ).toEqual(["registry-template-bb", "registry-template-cc"]);
  });

  it("each template is aliased from its former list-position name, so an existing stack upgrades without a replace", async () => {
    const graph = await capture(() => {
      new RegistrySettings("registry", { creationTemplates: [template("aa"), template("bb")] });
    });
    const [aa, bb] = graph.ofType(TEMPLATE);
    expect(aa?.name).toBe("registry-template-aa");
    expect(aa?.options.aliases).toEqual([aa?.urn.replace(/registry-template-aa$/, "registry-template-0")]);
    expect(bb?.options.aliases).toEqual([bb?.urn.replace(/registry-template-bb$/, "registry-template-1")]);
  });
});

describe("README argument tables agree with resolve", () => {
  const readme = readFileSync(path.join(__dirname, "..", "README.md"), "utf8");

  /** `| \`arg\` | default | notes |` rows of the table under `heading`. */
  function rows(heading: string): Array<[string, string]> {
    const section = readme.split(heading)[1]?.split("\n## ")[0] ?? "";
    return [...section.matchAll(/^\| `(\w+)`\s*\|([^|]*)\|/gm)].map((m) => [m[1] ?? "", (m[2] ?? "").trim()]);
  }

  /** The first code literal of a default cell as a value, or `none`, or undefined when it is prose. */
  function literal(cell: string): { value: unknown } | "none" | undefined {
    if (/^none\b/.test(cell)) return "none";
    const code = /^`([^`]+)`/.exec(cell)?.[1];
    if (code === undefined) return undefined;
    try {
      return { value: JSON.parse(code.replace(/(\w+):/g, '"$1":')) };
    } catch {
      return undefined;
    }
  }

  function compare(
    table: Array<[string, string]>,
    resolved: Record<string, unknown>,
    skip: string[],
  ): number {
    let checked = 0;
    for (const [arg, cell] of table) {
      if (skip.includes(arg)) continue;
      const lit = literal(cell);
      if (lit === undefined) continue;
      const actual = resolved[arg];
      if (lit === "none") expect([undefined, [], {}], `${arg}: README says none`).toContainEqual(actual);
      else expect(actual, `${arg}: README says ${cell}`).toEqual(lit.value);
      checked++;
    }
    return checked;
  }

  it("Repository", () => {
    const r = resolveRepositoryArgs("web");
    const resolved: Record<string, unknown> = { ...r, ...r.access };
    // tags: the README's {} is what the user adds; resolve holds the merged component tags.
    expect(compare(rows("## `Repository` arguments"), resolved, ["tags"])).toBeGreaterThanOrEqual(12);
  });

  it("RegistrySettings", () => {
    const r = resolveRegistrySettingsArgs("registry");
    expect(compare(rows("## `RegistrySettings` arguments"), { ...r }, [])).toBeGreaterThanOrEqual(7);
  });
});
