import { BerthValidationError } from "@berth/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  defaultLifecycleRules,
  expireOlderThan,
  expireUntaggedAfter,
  keepLast,
  keepReleases,
  type LifecycleRule,
  lifecyclePolicyJson,
  renderLifecyclePolicy,
  type TagStatus,
  validateLifecycleRules,
} from "../src";

function errorOf(fn: () => unknown): BerthValidationError {
  try {
    fn();
  } catch (e) {
    if (BerthValidationError.isBerthValidationError(e)) return e;
    throw e;
  }
  throw new Error("expected a BerthValidationError");
}

describe("rendered lifecycle JSON per rule kind and preset", () => {
  it("keepLast without a match keeps the newest N images of any tag status", () => {
    expect(renderLifecyclePolicy([keepLast(30)])).toEqual({
      rules: [
        {
          rulePriority: 1,
          description: "Keep the last 30 images",
          selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 30 },
          action: { type: "expire" },
        },
      ],
    });
  });

  it("keepLast with prefixes and with patterns", () => {
    expect(renderLifecyclePolicy([keepLast(5, { prefixes: ["dev-", "feat"] })]).rules[0]).toEqual({
      rulePriority: 1,
      description: "Keep the last 5 images tagged dev-*, feat*",
      selection: {
        tagStatus: "tagged",
        tagPrefixList: ["dev-", "feat"],
        countType: "imageCountMoreThan",
        countNumber: 5,
      },
      action: { type: "expire" },
    });
    expect(renderLifecyclePolicy([keepLast(3, { patterns: ["*-rc*"] })]).rules[0]?.selection).toEqual({
      tagStatus: "tagged",
      tagPatternList: ["*-rc*"],
      countType: "imageCountMoreThan",
      countNumber: 3,
    });
  });

  it("keepReleases protects v* tags by default and accepts other patterns", () => {
    expect(renderLifecyclePolicy([keepReleases(20)]).rules[0]).toEqual({
      rulePriority: 1,
      description: "Keep the last 20 release images (v*)",
      selection: {
        tagStatus: "tagged",
        tagPatternList: ["v*"],
        countType: "imageCountMoreThan",
        countNumber: 20,
      },
      action: { type: "expire" },
    });
    expect(renderLifecyclePolicy([keepReleases(2, ["*.*.*"])]).rules[0]?.selection.tagPatternList).toEqual([
      "*.*.*",
    ]);
  });

  it("expireUntaggedAfter and expireOlderThan render sinceImagePushed in days", () => {
    expect(renderLifecyclePolicy([expireUntaggedAfter(7)]).rules[0]).toEqual({
      rulePriority: 1,
      description: "Expire untagged images older than 7 days",
      selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 7 },
      action: { type: "expire" },
    });
    expect(renderLifecyclePolicy([expireOlderThan(90)]).rules[0]?.selection).toEqual({
      tagStatus: "any",
      countType: "sinceImagePushed",
      countUnit: "days",
      countNumber: 90,
    });
    expect(
      renderLifecyclePolicy([expireOlderThan(14, "tagged", { prefixes: ["pr-"] })]).rules[0]?.selection,
    ).toEqual({
      tagStatus: "tagged",
      tagPrefixList: ["pr-"],
      countType: "sinceImagePushed",
      countUnit: "days",
      countNumber: 14,
    });
  });

  it("the default rules: expire untagged after 7 days, then keep the last 30 images", () => {
    expect(lifecyclePolicyJson(defaultLifecycleRules())).toBe(
      '{"rules":[{"rulePriority":1,"description":"Expire untagged images older than 7 days","selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":7},"action":{"type":"expire"}},{"rulePriority":2,"description":"Keep the last 30 images","selection":{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":30},"action":{"type":"expire"}}]}',
    );
  });

  it("assigns priorities in list order and forces the any rule last", () => {
    const doc = renderLifecyclePolicy([keepLast(50), keepReleases(10), expireUntaggedAfter(1)]);
    expect(doc.rules.map((r) => [r.rulePriority, r.selection.tagStatus])).toEqual([
      [1, "tagged"],
      [2, "untagged"],
      [3, "any"],
    ]);
  });

  it("keeps given priorities, numbers the others after the highest, sorts ascending", () => {
    const doc = renderLifecyclePolicy([
      { ...keepReleases(10), priority: 10 },
      expireUntaggedAfter(3),
      { ...keepLast(2, { prefixes: ["pr-"] }), priority: 5 },
      { ...keepLast(100), priority: 100 },
    ]);
    expect(doc.rules.map((r) => r.rulePriority)).toEqual([5, 10, 11, 100]);
    expect(doc.rules.map((r) => r.selection.tagStatus)).toEqual(["tagged", "tagged", "untagged", "any"]);
  });
});

describe("bad rule lists are rejected with the rule index and field", () => {
  const cases: Array<[string, LifecycleRule[], string]> = [
    [
      "duplicate priorities",
      [
        { ...keepReleases(5), priority: 2 },
        { ...expireUntaggedAfter(1), priority: 2 },
      ],
      'Invalid arguments for berth:ecr:LifecyclePolicy "lifecycle":\n  - lifecycleRules[1].priority: got 2; allowed: a priority unique in the policy (rule 0 has 2).',
    ],
    [
      "count below 1",
      [keepLast(0)],
      'Invalid arguments for berth:ecr:LifecyclePolicy "lifecycle":\n  - lifecycleRules[0].maxImageCount: got 0; allowed: an integer from 1 to 2147483647.',
    ],
    [
      "non-integer age",
      [expireUntaggedAfter(1.5)],
      'Invalid arguments for berth:ecr:LifecyclePolicy "lifecycle":\n  - lifecycleRules[0].maxAgeDays: got 1.5; allowed: an integer from 1 to 2147483647.',
    ],
    [
      "tagged without prefixes or patterns",
      [expireUntaggedAfter(1), { tagStatus: "tagged", maxImageCount: 3 }],
      'Invalid arguments for berth:ecr:LifecyclePolicy "lifecycle":\n  - lifecycleRules[1].tagPrefixes: got undefined; allowed: a non-empty tagPrefixes or tagPatterns list when tagStatus is "tagged". Hint: use tagStatus "any" to select every image',
    ],
    [
      "prefixes and patterns together",
      [{ tagStatus: "tagged", tagPrefixes: ["v"], tagPatterns: ["v*"], maxImageCount: 3 }],
      'Invalid arguments for berth:ecr:LifecyclePolicy "lifecycle":\n  - lifecycleRules[0].tagPatterns: got ["v*"]; allowed: either tagPrefixes or tagPatterns in one rule, not both. Hint: split the rule in two',
    ],
    [
      "too many wildcards",
      [keepLast(1, { patterns: ["test*1*2*3*4*5"] })],
      'Invalid arguments for berth:ecr:LifecyclePolicy "lifecycle":\n  - lifecycleRules[0].tagPatterns[0]: got "test*1*2*3*4*5"; allowed: at most 4 wildcards (*) per pattern (got 5).',
    ],
    [
      "an any rule not last",
      [
        { ...keepLast(10), priority: 1 },
        { ...keepReleases(3), priority: 2 },
      ],
      'Invalid arguments for berth:ecr:LifecyclePolicy "lifecycle":\n  - lifecycleRules[0].priority: got 1; allowed: a priority above every other rule\'s (highest: 2) for the tagStatus "any" rule. Hint: ECR evaluates the any rule last; omit its priority to have it placed last',
    ],
    [
      "two any rules",
      [keepLast(10), expireOlderThan(30)],
      'Invalid arguments for berth:ecr:LifecyclePolicy "lifecycle":\n  - lifecycleRules[1].tagStatus: got "any"; allowed: at most one rule with tagStatus "any".',
    ],
    [
      "both count and age",
      [{ tagStatus: "untagged", maxImageCount: 1, maxAgeDays: 1 }],
      'Invalid arguments for berth:ecr:LifecyclePolicy "lifecycle":\n  - lifecycleRules[0].maxImageCount: got 1; allowed: exactly one of maxImageCount and maxAgeDays.',
    ],
    [
      "a wildcard in a prefix",
      [keepLast(1, { prefixes: ["v*"] })],
      'Invalid arguments for berth:ecr:LifecyclePolicy "lifecycle":\n  - lifecycleRules[0].tagPrefixes[0]: got "v*"; allowed: 1 to 128 letters, digits, _ . - (no wildcards; use tagPatterns for *).',
    ],
    [
      "prefixes on an untagged rule",
      [{ tagStatus: "untagged", tagPrefixes: ["x"], maxAgeDays: 1 }],
      'Invalid arguments for berth:ecr:LifecyclePolicy "lifecycle":\n  - lifecycleRules[0].tagPrefixes: got ["x"]; allowed: no tagPrefixes when tagStatus is "untagged".',
    ],
    [
      "a zero priority",
      [{ ...expireUntaggedAfter(1), priority: 0 }],
      'Invalid arguments for berth:ecr:LifecyclePolicy "lifecycle":\n  - lifecycleRules[0].priority: got 0; allowed: an integer from 1 to 2147483647.',
    ],
    [
      "no rules",
      [],
      'Invalid arguments for berth:ecr:LifecyclePolicy "lifecycle":\n  - lifecycleRules: got []; allowed: at least one lifecycle rule.',
    ],
  ];
  it.each(cases)("%s", (_label, rules, message) => {
    expect(errorOf(() => renderLifecyclePolicy(rules)).message).toBe(message);
  });

  it("a policy longer than 30,720 characters", () => {
    const rules = Array.from({ length: 60 }, (_, i) => ({
      ...keepLast(1, { prefixes: [`p${i}`] }),
      description: "x".repeat(500),
    }));
    expect(errorOf(() => renderLifecyclePolicy(rules)).message).toMatch(
      /^Invalid arguments for berth:ecr:LifecyclePolicy "lifecycle":\n {2}- lifecycleRules: got "60 rules, \d+ characters"; allowed: a policy text of 100 to 30720 characters\. Hint: shorten descriptions or merge rules$/,
    );
  });

  it("reports every issue at once and names the owner when asked", () => {
    const e = errorOf(() =>
      renderLifecyclePolicy([keepLast(0), { tagStatus: "tagged", maxAgeDays: -1 }], {
        component: "berth:ecr:Repository",
        resourceName: "web",
      }),
    );
    expect(e.issues.map((i) => i.path)).toEqual([
      "lifecycleRules[0].maxImageCount",
      "lifecycleRules[1].tagPrefixes",
      "lifecycleRules[1].maxAgeDays",
    ]);
    expect(e.message.startsWith('Invalid arguments for berth:ecr:Repository "web":')).toBe(true);
  });
});

// --- Properties ---------------------------------------------------------------------------

const tagStatus = fc.constantFrom<TagStatus>("tagged", "untagged", "any");
const word = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,9}$/);
const pattern = fc.stringMatching(/^[a-z0-9*][a-z0-9*.-]{0,9}$/);
const ruleArb: fc.Arbitrary<LifecycleRule> = fc
  .record(
    {
      priority: fc.integer({ min: -2, max: 30 }),
      tagStatus,
      tagPrefixes: fc.array(word, { minLength: 0, maxLength: 2 }),
      tagPatterns: fc.array(pattern, { minLength: 0, maxLength: 2 }),
      maxImageCount: fc.integer({ min: -1, max: 100 }),
      maxAgeDays: fc.integer({ min: -1, max: 400 }),
    },
    { requiredKeys: ["tagStatus"] },
  )
  .map((r) => r as LifecycleRule);

/** Mostly valid rules, so that accepted lists are common too. */
const validRuleArb: fc.Arbitrary<LifecycleRule> = fc.oneof(
  fc.integer({ min: 1, max: 500 }).map((n) => keepLast(n)),
  fc
    .tuple(fc.integer({ min: 1, max: 50 }), fc.array(word, { minLength: 1, maxLength: 2 }))
    .map(([n, p]) => keepLast(n, { prefixes: p })),
  fc.integer({ min: 1, max: 50 }).map((n) => keepReleases(n)),
  fc.integer({ min: 1, max: 90 }).map((n) => expireUntaggedAfter(n)),
  fc.integer({ min: 1, max: 900 }).map((n) => expireOlderThan(n)),
);
const withPriority = (arb: fc.Arbitrary<LifecycleRule>) =>
  fc
    .tuple(arb, fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }))
    .map(([r, p]) => (p === undefined ? r : { ...r, priority: p }));

const ruleList = fc.array(fc.oneof(withPriority(validRuleArb), ruleArb), { minLength: 0, maxLength: 6 });

describe("properties", () => {
  it("any accepted list renders unique ascending priorities with the any rule last", () => {
    let accepted = 0;
    fc.assert(
      fc.property(ruleList, (rules) => {
        if (validateLifecycleRules(rules).length > 0) return;
        accepted++;
        const doc = renderLifecyclePolicy(rules);
        const priorities = doc.rules.map((r) => r.rulePriority);
        expect(doc.rules).toHaveLength(rules.length);
        for (let i = 1; i < priorities.length; i++) {
          expect(priorities[i]).toBeGreaterThan(priorities[i - 1] as number);
        }
        const anyAt = doc.rules.findIndex((r) => r.selection.tagStatus === "any");
        if (anyAt >= 0) expect(anyAt).toBe(doc.rules.length - 1);
        const json = JSON.stringify(doc);
        expect(json.length).toBeLessThanOrEqual(30720);
        for (const r of doc.rules) {
          expect(r.selection.countNumber).toBeGreaterThanOrEqual(1);
          expect(r.selection.countUnit === "days").toBe(r.selection.countType === "sinceImagePushed");
          if (r.selection.tagStatus === "tagged") {
            expect((r.selection.tagPrefixList ? 1 : 0) + (r.selection.tagPatternList ? 1 : 0)).toBe(1);
          } else {
            expect(r.selection.tagPrefixList ?? r.selection.tagPatternList).toBeUndefined();
          }
        }
      }),
      { numRuns: 500 },
    );
    expect(accepted).toBeGreaterThan(20);
  });

  it("lists of valid presets without explicit priorities are always accepted", () => {
    fc.assert(
      fc.property(fc.array(validRuleArb, { minLength: 1, maxLength: 8 }), (rules) => {
        const oneAny = rules.filter((r) => r.tagStatus === "any").length <= 1;
        expect(validateLifecycleRules(rules).length === 0).toBe(oneAny);
      }),
    );
  });

  it("any rejected list gets a BerthValidationError whose paths name the rule index and field", () => {
    let rejected = 0;
    fc.assert(
      fc.property(ruleList, (rules) => {
        const issues = validateLifecycleRules(rules);
        if (issues.length === 0) return;
        rejected++;
        const e = errorOf(() => renderLifecyclePolicy(rules));
        expect(e.issues).toEqual(issues);
        for (const issue of e.issues) {
          expect(issue.path).toMatch(
            /^lifecycleRules(\[\d+\]\.(priority|tagStatus|tagPrefixes|tagPatterns|maxImageCount|maxAgeDays)(\[\d+\])?)?$/,
          );
          const index = /^lifecycleRules\[(\d+)\]/.exec(issue.path)?.[1];
          if (index !== undefined) expect(Number(index)).toBeLessThan(rules.length);
          expect(e.message).toContain(`  - ${issue.path}: got `);
        }
      }),
      { numRuns: 500 },
    );
    expect(rejected).toBeGreaterThan(50);
  });
});
