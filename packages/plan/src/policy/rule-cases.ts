/**
 * Per-rule test cases for policy packs: a rule on a small fixture graph, with the verdict expected.
 * Both of Berth's packs test every rule this way (compliant, violating, property absent, preview
 * unknown, config override), in-process and over the analyzer protocol.
 */
import type { EnforcementLevel, Policy } from "@pulumi/policy";
import { type FixtureResource, fixtureGraph } from "./fixtures";
import { evaluatePolicies, type PolicyRunResult, type Violation } from "./runner";

/** What a case shows about a rule. */
export type CaseKind = "compliant" | "violating" | "absent" | "unknown" | "config" | "extra";

/** One fixture for one rule and the verdict it must give. */
export interface RuleCase {
  kind: CaseKind;
  /** What the case shows. */
  title: string;
  resources: FixtureResource[];
  /** Config for the rule under test (an object with properties, or a level). */
  config?: Record<string, unknown>;
  /** Stack name in the URNs. @default "dev" */
  stack?: string;
  /** `pass`: no violation; `fail`: at least one real violation; `unknown`: only "can't run during preview". */
  expect: "pass" | "fail" | "unknown";
}

/** The violations a case produced, and the whole run. */
export interface CaseOutcome {
  violations: Violation[];
  result: PolicyRunResult;
}

/** The violations of `policy` alone on the case's graph (the rule's config applied). */
export async function runCase(
  policy: Policy,
  kase: Pick<RuleCase, "resources" | "config" | "stack">,
  pack: { name: string; enforcementLevel: EnforcementLevel; version?: string },
): Promise<CaseOutcome> {
  const graph = fixtureGraph(kase.resources, { stack: kase.stack ?? "dev" });
  const result = await evaluatePolicies(
    graph,
    { ...pack, policies: [policy] },
    kase.config ? { [policy.name]: kase.config as Record<string, never> } : undefined,
  );
  return { violations: result.violations.filter((v) => v.policy === policy.name), result };
}

/** What a case produced, in the terms of `RuleCase.expect`. */
export function verdict(violations: Violation[]): "pass" | "fail" | "unknown" {
  if (violations.length === 0) return "pass";
  return violations.every((v) => v.unknown) ? "unknown" : "fail";
}
