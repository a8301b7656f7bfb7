import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fixtureGraph, runCase, runPolicies, verdict } from "@berth/plan";
import type { Policy } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { enforcementLevel, packName, policies } from "../src/policies";
import { cases } from "./fixtures";

const pack = { name: packName, enforcementLevel };
const byName = new Map<string, Policy>(policies.map((p) => [p.name, p]));

describe("pack metadata", () => {
  it("the README lists every rule", () => {
    const readme = readFileSync(join(__dirname, "..", "README.md"), "utf8");
    for (const p of policies) expect(readme, p.name).toContain(`\`${p.name}\``);
  });

  it("has unique, valid names (not `all`) that the server accepts", () => {
    const names = policies.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) {
      expect(n).toMatch(/^[a-zA-Z0-9-_.]{1,100}$/);
      expect(n).not.toBe("all");
    }
  });

  it("every rule has a description, severity and remediation steps, and no enforcementLevel in its config schema", () => {
    for (const p of policies) {
      expect(p.description.length, p.name).toBeGreaterThan(20);
      expect(["low", "medium", "high", "critical"], p.name).toContain(p.severity);
      expect(p.remediationSteps?.length ?? 0, p.name).toBeGreaterThan(10);
      expect(Object.keys(p.configSchema?.properties ?? {}), p.name).not.toContain("enforcementLevel");
      expect(p.configSchema?.required ?? [], p.name).not.toContain("enforcementLevel");
      for (const [k, s] of Object.entries(p.configSchema?.properties ?? {}))
        expect(s, `${p.name}.${k} needs a default`).toHaveProperty("default");
    }
  });

  it("is mandatory by default with advisory rules marked", () => {
    expect(enforcementLevel).toBe("mandatory");
    const advisory = policies.filter((p) => p.enforcementLevel === "advisory").map((p) => p.name);
    expect(advisory).toContain("ecs-td-readonly-rootfs");
    expect(policies.find((p) => p.name === "ecs-td-no-privileged")?.enforcementLevel).toBeUndefined();
  });

  it("covers the catalog's section-2 rules for what Berth creates", () => {
    const expected = [
      "ecs-td-no-privileged",
      "ecs-td-non-root-user",
      "ecs-td-no-host-network",
      "ecs-td-no-host-pid",
      "ecs-td-readonly-rootfs",
      "ecs-td-no-plaintext-secrets",
      "ecs-td-logging",
      "ecs-td-efs-transit-encryption",
      "ecs-td-distinct-roles",
      "ecs-svc-no-public-ip",
      "ecs-svc-fargate-platform",
      "ecs-cluster-container-insights",
      "ecs-cluster-exec-logging",
      "ecs-capacity-provider-termination-protection",
      "eks-endpoint-not-public",
      "eks-secrets-encryption",
      "eks-control-plane-logging",
      "eks-supported-version",
      "eks-standard-support-ending",
      "eks-deletion-protection",
      "eks-nodegroup-no-open-ssh",
      "node-imdsv2",
      "ecr-immutable-tags",
      "ecr-scan-on-push",
      "ecr-kms-encryption",
      "ecr-no-public-policy",
      "ecr-lifecycle-policy",
      "lb-http-redirects-https",
      "lb-listener-tls-policy",
      "lb-listener-acm-cert",
      "lb-access-logs",
      "alb-drop-invalid-headers",
      "lb-deletion-protection",
      "alb-desync-mitigation",
      "lb-multi-az",
      "lb-internal-unless-allowed",
      "alb-waf",
      "lb-tg-health-check",
      "efs-encrypted",
      "efs-backup",
      "efs-ap-root-and-user",
      "efs-multi-az",
      "iam-task-role-no-admin",
      "iam-task-role-no-wildcards",
      "iam-trust-scoped",
      "iam-no-aws-managed",
      "iam-role-no-policy-mixing",
      "secret-cmk",
      "secret-rotation",
      "ssm-param-securestring",
      "sg-no-open-ingress",
      "appscaling-ecs-bounds",
      "lattice-auth-iam",
      "lattice-auth-policy-scoped",
      "lattice-access-logs",
      "lattice-listener-https",
    ];
    for (const n of expected) expect(byName.has(n), n).toBe(true);
  });

  it("has fixtures for every rule: compliant, violating, absent, unknown (where values can be unknown) and config", () => {
    for (const p of policies) {
      const kinds = new Set((cases[p.name] ?? []).map((k) => k.kind));
      expect([...kinds], p.name).toEqual(expect.arrayContaining(["compliant", "violating", "absent"]));
      if (p.name !== "elb-no-classic") expect(kinds.has("unknown"), `${p.name} unknown case`).toBe(true);
      if (p.configSchema) expect(kinds.has("config"), `${p.name} config case`).toBe(true);
    }
    for (const name of Object.keys(cases))
      expect(byName.has(name), `fixture for unknown rule ${name}`).toBe(true);
  });
});

describe.each(policies.map((p) => [p.name, p] as const))("%s", (name, policy) => {
  it.each((cases[name] ?? []).map((k) => [`${k.kind}: ${k.title} -> ${k.expect}`, k] as const))(
    "%s",
    async (_t, kase) => {
      const { violations } = await runCase(policy, kase, pack);
      expect(verdict(violations), JSON.stringify(violations.map((v) => v.message))).toBe(kase.expect);
      for (const v of violations) {
        expect(v.severity).toBe(policy.severity);
        if (v.unknown) expect(v.level).toBe("advisory");
        else expect(v.level).toBe(policy.enforcementLevel === "advisory" ? "advisory" : "mandatory");
        expect(v.message.startsWith(v.unknown ? "can't run policy" : policy.description)).toBe(true);
      }
    },
  );

  it("ignores a wrong resource type without crashing", async () => {
    const g = fixtureGraph([
      {
        type: "aws:s3/bucket:Bucket",
        name: "b",
        inputs: { bucket: "b", tags: { a: "1" }, containerDefinitions: 3, protocol: "HTTP" },
      },
      { type: "berth:ecs:FargateService", name: "svc", custom: false, inputs: {} },
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

describe("config through the pack config file", () => {
  it("a level override makes a mandatory rule advisory, `all` makes everything advisory", async () => {
    const g = fixtureGraph(cases["ecr-immutable-tags"]?.[1]?.resources ?? []);
    const one = await runPolicies(g, { ...pack, policies }, { "ecr-immutable-tags": "advisory" });
    expect(one.find((v) => v.policy === "ecr-immutable-tags")?.level).toBe("advisory");
    const all = await runPolicies(g, { ...pack, policies }, { all: "advisory" });
    expect(all.every((v) => v.level === "advisory")).toBe(true);
    const off = await runPolicies(g, { ...pack, policies }, { all: "disabled" });
    expect(off).toEqual([]);
  });
});
