/**
 * Done-when check of issue 8: every component package's README example (kept in
 * `packages/<pkg>/examples/*.ts`, exporting a program function) passes this pack with no mandatory
 * violation. The test discovers the examples that exist, so it grows as packages land; an example
 * that does not capture (a component error, or an input AWS would reject) fails.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { capture, runPolicies, type Violation } from "@berth/plan";
import { describe, expect, it } from "vitest";
import { enforcementLevel, packName, policies } from "../src/policies";

const PACKAGES = path.resolve(__dirname, "../../../packages");

/** Stack outputs the examples read through StackReference (network and platform layers of dev). */
const stackOutputs = {
  "org/network/dev": {
    vpcId: "vpc-0a1b2c3d",
    privateSubnetIds: ["subnet-0a", "subnet-0b", "subnet-0c"],
    publicSubnetIds: ["subnet-1a", "subnet-1b", "subnet-1c"],
  },
  "org/platform/dev": {
    httpsListenerArn:
      "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/edge/0123456789abcdef/fedcba9876543210",
    albSecurityGroupId: "sg-0edge",
    clusterArn: "arn:aws:ecs:us-east-1:123456789012:cluster/dev",
    clusterName: "dev",
  },
};

/**
 * Mandatory findings known in component examples (2026-11-22), `<package>/<example>: <policy>` ->
 * why. The test fails on any finding not listed here; a listed one that no longer occurs is
 * printed so the entry can be removed. Each entry is reported to the component's owner.
 */
const KNOWN: Record<string, string> = {};

const examples = fs.existsSync(PACKAGES)
  ? fs
      .readdirSync(PACKAGES)
      .filter((p) => p !== "plan" && p !== "core")
      .flatMap((pkg) => {
        const dir = path.join(PACKAGES, pkg, "examples");
        return fs.existsSync(dir)
          ? fs
              .readdirSync(dir)
              .filter((f) => f.endsWith(".ts"))
              .map((f) => ({ pkg, file: f, full: path.join(dir, f) }))
          : [];
      })
  : [];

describe("component README examples pass aws-containers with no mandatory violation", () => {
  it("finds examples to check", () => {
    if (examples.length === 0) console.log("no component examples exist yet; nothing to check");
    expect(Array.isArray(examples)).toBe(true);
  });

  for (const e of examples) {
    const id = `${e.pkg}/${e.file}`;
    it(id, async (ctx) => {
      const mod = (await import(e.full)) as Record<string, unknown>;
      const program = Object.values(mod).find((v): v is () => unknown => typeof v === "function");
      if (!program) return ctx.skip(`${id} exports no program function`);
      // An example that does not capture (a component error, or an input AWS would reject) fails
      // here too: a README example must plan, not be skipped.
      const graph = await capture(program, { stack: "dev", stackOutputs });
      const violations = await runPolicies(graph, { name: packName, enforcementLevel, policies });
      const mandatory = violations.filter((v) => v.level === "mandatory");
      const found = new Set(mandatory.map((v) => `${id}: ${v.policy}`));
      const unexpected = mandatory.filter((v) => !KNOWN[`${id}: ${v.policy}`]);
      const fmt = (v: Violation) => `${v.policy} on ${v.type} "${v.name}": ${v.detail}`;
      if (mandatory.length) console.log(`${id} mandatory findings:\n  ${mandatory.map(fmt).join("\n  ")}`);
      const advisory = violations.filter((v) => v.level === "advisory" && !v.unknown);
      if (advisory.length)
        console.log(
          `${id}: ${advisory.length} advisory finding(s): ${[...new Set(advisory.map((v) => v.policy))].join(", ")}`,
        );
      expect(unexpected.map(fmt)).toEqual([]);
      const stale = Object.keys(KNOWN).filter((k) => k.startsWith(`${id}: `) && !found.has(k));
      if (stale.length) console.log(`fixed since listed, remove from KNOWN: ${stale.join(", ")}`);
    }, 60_000);
  }
});
