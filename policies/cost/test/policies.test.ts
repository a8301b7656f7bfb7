import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fixtureGraph, runCase, runPolicies, verdict } from "@berth/plan";
import { describe, expect, it } from "vitest";
import { enforcementLevel, packName, policies } from "../src/policies";
import { cases } from "./fixtures";

const pack = { name: packName, enforcementLevel };

describe("pack metadata", () => {
  it("the README lists every rule", () => {
    const readme = readFileSync(join(__dirname, "..", "README.md"), "utf8");
    for (const p of policies) expect(readme, p.name).toContain(`\`${p.name}\``);
  });

  it("has unique, valid names (not `all`)", () => {
    const names = policies.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) {
      expect(n).toMatch(/^[a-zA-Z0-9-_.]{1,100}$/);
      expect(n).not.toBe("all");
    }
  });

  it("every rule has a description, severity, remediation steps and a config schema with defaults, without enforcementLevel", () => {
    for (const p of policies) {
      expect(p.description.length, p.name).toBeGreaterThan(20);
      expect(["low", "medium", "high", "critical"], p.name).toContain(p.severity);
      expect(p.remediationSteps?.length ?? 0, p.name).toBeGreaterThan(10);
      expect(Object.keys(p.configSchema?.properties ?? {}), p.name).not.toContain("enforcementLevel");
      for (const [k, s] of Object.entries(p.configSchema?.properties ?? {}))
        expect(s, `${p.name}.${k} needs a default`).toHaveProperty("default");
    }
  });

  it("is advisory by default and no rule overrides it", () => {
    expect(enforcementLevel).toBe("advisory");
    expect(policies.filter((p) => p.enforcementLevel !== undefined)).toEqual([]);
  });

  it("covers the issue's cost rules, each with compliant, violating, absent, unknown and config fixtures", () => {
    expect(policies.map((p) => p.name).sort()).toEqual(Object.keys(cases).sort());
    for (const p of policies) {
      const kinds = new Set((cases[p.name] ?? []).map((k) => k.kind));
      for (const k of ["compliant", "violating", "absent", "unknown"])
        expect(kinds.has(k as never), `${p.name} ${k}`).toBe(true);
      if (p.configSchema) expect(kinds.has("config"), `${p.name} config`).toBe(true);
    }
  });
});

describe.each(policies.map((p) => [p.name, p] as const))("%s", (name, policy) => {
  it.each((cases[name] ?? []).map((k) => [`${k.kind}: ${k.title} -> ${k.expect}`, k] as const))(
    "%s",
    async (_t, kase) => {
      const { violations } = await runCase(policy, kase, pack);
      expect(verdict(violations), JSON.stringify(violations.map((v) => v.message))).toBe(kase.expect);
      for (const v of violations) expect(v.level).toBe("advisory");
    },
  );

  it("ignores a wrong resource type without crashing", async () => {
    const g = fixtureGraph([
      {
        type: "aws:s3/bucket:Bucket",
        name: "b",
        inputs: { bucket: "b", minCapacity: 99, retentionInDays: 0 },
      },
    ]);
    expect(await runPolicies(g, { ...pack, policies: [policy] })).toEqual([]);
  });

  it("never throws on any other rule's fixtures", async () => {
    for (const [other, list] of Object.entries(cases)) {
      if (other === name) continue;
      for (const kase of list)
        await expect(
          runCase(policy, { ...kase, config: undefined }, pack),
          `${other}: ${kase.title}`,
        ).resolves.toBeDefined();
    }
  });
});

describe("enforcement", () => {
  it("a config can make a cost rule mandatory", async () => {
    const g = fixtureGraph(cases["cost-log-retention"]?.[2]?.resources ?? []);
    const v = await runPolicies(g, { ...pack, policies }, { "cost-log-retention": "mandatory" });
    expect(v.map((x) => [x.policy, x.level])).toEqual([["cost-log-retention", "mandatory"]]);
  });
});
