/** Runs one rule on one fixture case with Berth's offline runner. */
import { evaluatePolicies, fixtureGraph, type PolicyRunResult, type Violation } from "@berth/plan";
import type { EnforcementLevel, Policy } from "@pulumi/policy";
import type { RuleCase } from "./fixtures";

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
