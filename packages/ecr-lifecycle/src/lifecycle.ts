import { BerthValidationError, isPlain, type ValidationIssue, Validator } from "@berth/core";

/**
 * Typed ECR lifecycle rules and the exact JSON ECR accepts.
 *
 * Limits enforced at plan time (from the ECR user guide, "Lifecycle policy properties", the
 * `PutLifecyclePolicy` API reference and the ECR service quotas page):
 * - `rulePriority`: an integer from 1, unique within the policy. ECR documents no maximum beyond
 *   its type, `Integer` (a 32-bit integer in the AWS APIs: at most 2,147,483,647).
 * - A rule with `tagStatus: "any"` must have the highest priority; at most one such rule.
 * - `tagged` needs `tagPrefixList` or `tagPatternList` (not both here: one rule, one way to match);
 *   `untagged` and `any` take neither.
 * - `tagPatternList`: at most 4 wildcards (`*`) per pattern.
 * - `countNumber`: an integer from 1 (type `Integer`, as `rulePriority`). `imageCountMoreThan` has no `countUnit`;
 *   `sinceImagePushed` has `countUnit: "days"`.
 * - The policy text: 100 to 30,720 characters (the quota "Lifecycle policy length", not adjustable).
 */

/** Which images a rule looks at (ECR user guide, "Lifecycle policy properties", `tagStatus`). */
export const TagStatus = {
  /** Images with a tag matching the rule's `tagPrefixes` or `tagPatterns`. */
  Tagged: "tagged",
  /** Images without any tag. */
  Untagged: "untagged",
  /** Every image; the rule must have the highest priority. */
  Any: "any",
} as const;
/** Which images a rule looks at. */
export type TagStatus = (typeof TagStatus)[keyof typeof TagStatus];

/**
 * One lifecycle rule. Give exactly one of `maxImageCount` (keep the newest N images, expire the
 * rest) and `maxAgeDays` (expire images pushed more than N days ago).
 */
export interface LifecycleRule {
  /**
   * Evaluation order, lowest first; unique within the policy.
   * @default assigned in list order after the highest given priority; the `any` rule last
   */
  priority?: number;
  /** What the rule is for, shown in the ECR console. @default a sentence derived from the rule */
  description?: string;
  /** Images the rule selects: `tagged` (with prefixes or patterns), `untagged` or `any`. */
  tagStatus: TagStatus;
  /**
   * Tag prefixes (`tagged` only): an image is selected when it has a tag starting with every prefix.
   * @default none
   */
  tagPrefixes?: string[];
  /**
   * Tag patterns with `*` wildcards (`tagged` only), at most 4 wildcards each; an image is selected
   * when it has tags matching every pattern.
   * @default none
   */
  tagPatterns?: string[];
  /** Keep at most this many selected images (newest first); `countType: imageCountMoreThan`. @default none */
  maxImageCount?: number;
  /** Expire selected images pushed more than this many days ago; `countType: sinceImagePushed`. @default none */
  maxAgeDays?: number;
}

/** One rule as ECR's lifecycle policy JSON has it. */
export interface LifecyclePolicyRuleJson {
  rulePriority: number;
  description: string;
  selection: {
    tagStatus: TagStatus;
    tagPrefixList?: string[];
    tagPatternList?: string[];
    countType: "imageCountMoreThan" | "sinceImagePushed";
    countUnit?: "days";
    countNumber: number;
  };
  action: { type: "expire" };
}

/** The lifecycle policy document ECR accepts (`lifecyclePolicyText`). */
export interface LifecyclePolicyJson {
  rules: LifecyclePolicyRuleJson[];
}

/** The ECR limits this module enforces. */
export const LIFECYCLE_LIMITS = {
  /** Shortest policy text `PutLifecyclePolicy` accepts. */
  minPolicyLength: 100,
  /** Longest policy text (quota "Lifecycle policy length", not adjustable). */
  maxPolicyLength: 30720,
  /** Most `*` wildcards in one `tagPatternList` entry. */
  maxWildcardsPerPattern: 4,
  /** Lowest rule priority. */
  minPriority: 1,
  /**
   * Highest `rulePriority` and `countNumber`: both are of type `Integer` in the ECR user guide
   * ("Lifecycle policy properties"), a 32-bit signed integer in the AWS APIs.
   */
  maxInteger: 2_147_483_647,
} as const;

/** The component token used when the pure functions raise their own error. */
export const LIFECYCLE_POLICY_TYPE = "berth:ecr:LifecyclePolicy";

const TAG_STATUSES: readonly TagStatus[] = Object.values(TagStatus);
/** Characters of an image tag (ECR: letters, digits, `_`, `.`, `-`), plus `*` in patterns. */
const TAG_PREFIX = /^[A-Za-z0-9_.-]{1,128}$/;
const TAG_PATTERN = /^[A-Za-z0-9_.*-]{1,128}$/;

/** An integer from `min` to ECR's largest; a value known only at deployment cannot be rendered now. */
function checkInteger(v: Validator, path: string, value: unknown, min: number): void {
  if (isPlain(value)) v.intIn(path, value, min, LIFECYCLE_LIMITS.maxInteger);
  else v.check(false, path, "<output>", "a plain integer (the policy is rendered at plan time)");
}

/** Every property of a {@link LifecycleRule}. */
const RULE_KEYS: readonly (keyof LifecycleRule)[] = [
  "priority",
  "description",
  "tagStatus",
  "tagPrefixes",
  "tagPatterns",
  "maxImageCount",
  "maxAgeDays",
];

/** Names from ECR's lifecycle policy JSON that a rule spells differently. */
const ECR_JSON_NAMES: Record<string, string> = {
  rulePriority: "priority",
  countNumber: "maxImageCount (imageCountMoreThan) or maxAgeDays (sinceImagePushed)",
  countType: "maxImageCount or maxAgeDays (the count type follows from which one is set)",
  countUnit: "maxAgeDays (always days)",
  tagPrefixList: "tagPrefixes",
  tagPatternList: "tagPatterns",
  selection: "the rule's own fields (tagStatus, tagPrefixes, maxImageCount, ...)",
  action: "nothing (every rule expires)",
};

/** Keep the newest `count` images; with prefixes or patterns only those tags, else every image. */
export function keepLast(
  count: number,
  match: { prefixes?: string[]; patterns?: string[] } = {},
): LifecycleRule {
  const rule: LifecycleRule = {
    tagStatus: match.prefixes || match.patterns ? "tagged" : "any",
    maxImageCount: count,
  };
  if (match.prefixes) rule.tagPrefixes = match.prefixes;
  if (match.patterns) rule.tagPatterns = match.patterns;
  return rule;
}

/**
 * Protects release images: keeps the newest `count` images tagged like a release, `v*` by default
 * (`v1.2.3`, `v2`), so a later catch-all rule cannot expire them first.
 */
export function keepReleases(count: number, patterns: string[] = ["v*"]): LifecycleRule {
  return {
    tagStatus: "tagged",
    tagPatterns: patterns,
    maxImageCount: count,
    description: `Keep the last ${count} release images (${patterns.join(", ")})`,
  };
}

/** Expire untagged images (superseded builds, dangling manifests) pushed more than `days` days ago. */
export function expireUntaggedAfter(days: number): LifecycleRule {
  return { tagStatus: "untagged", maxAgeDays: days };
}

/**
 * Expire images pushed more than `days` days ago. `tagged` needs prefixes or patterns.
 */
export function expireOlderThan(
  days: number,
  tagStatus: TagStatus = "any",
  match: { prefixes?: string[]; patterns?: string[] } = {},
): LifecycleRule {
  const rule: LifecycleRule = { tagStatus, maxAgeDays: days };
  if (match.prefixes) rule.tagPrefixes = match.prefixes;
  if (match.patterns) rule.tagPatterns = match.patterns;
  return rule;
}

/** The rules a `Repository` gets when none are given: expire untagged after 7 days, keep the last 30. */
export function defaultLifecycleRules(): LifecycleRule[] {
  return [expireUntaggedAfter(7), keepLast(30)];
}

function describe(rule: LifecycleRule): string {
  const what =
    rule.tagStatus === "untagged"
      ? "untagged images"
      : rule.tagStatus === "any"
        ? "images"
        : `images tagged ${[...(rule.tagPrefixes ?? []).map((p) => `${p}*`), ...(rule.tagPatterns ?? [])].join(", ")}`;
  return rule.maxImageCount !== undefined
    ? `Keep the last ${rule.maxImageCount} ${what}`
    : `Expire ${what} older than ${rule.maxAgeDays} day${rule.maxAgeDays === 1 ? "" : "s"}`;
}

/** Priorities in list order: given ones kept, others after the highest given one, the `any` rule last. */
function assignPriorities(rules: readonly LifecycleRule[]): number[] {
  // Called on checked rules only: every given priority is an integer.
  const given = rules.flatMap((r) => (r.tagStatus !== "any" && r.priority !== undefined ? [r.priority] : []));
  let next = Math.max(0, ...given) + 1;
  const out = rules.map((r) => {
    if (r.priority !== undefined) return r.priority;
    if (r.tagStatus === "any") return Number.NaN;
    return next++;
  });
  const max = Math.max(0, ...out.filter((p) => !Number.isNaN(p)));
  let last = max + 1;
  return out.map((p) => (Number.isNaN(p) ? last++ : p));
}

function renderRule(rule: LifecycleRule, priority: number): LifecyclePolicyRuleJson {
  const byCount = rule.maxImageCount !== undefined;
  return {
    rulePriority: priority,
    description: rule.description ?? describe(rule),
    selection: {
      tagStatus: rule.tagStatus,
      ...(rule.tagPrefixes?.length ? { tagPrefixList: [...rule.tagPrefixes] } : {}),
      ...(rule.tagPatterns?.length ? { tagPatternList: [...rule.tagPatterns] } : {}),
      ...(byCount
        ? { countType: "imageCountMoreThan" as const, countNumber: rule.maxImageCount as number }
        : {
            countType: "sinceImagePushed" as const,
            countUnit: "days" as const,
            countNumber: rule.maxAgeDays as number,
          }),
    },
    action: { type: "expire" },
  };
}

function checkRule(rule: LifecycleRule, at: string, v: Validator): void {
  if (rule === null || typeof rule !== "object") {
    v.check(false, at, rule, "a lifecycle rule object (e.g. keepLast(30))");
    return;
  }
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rule)) {
    const berthName = ECR_JSON_NAMES[key];
    if (berthName !== undefined) {
      v.check(
        false,
        `${at}.${key}`,
        value,
        "no such property",
        `ECR's lifecycle JSON name; here it is ${berthName}`,
      );
    } else {
      extra[key] = value;
    }
  }
  v.knownKeys(at, extra, RULE_KEYS);
  if (!v.required(`${at}.tagStatus`, rule.tagStatus, "one of tagged, untagged, any")) return;
  if (!v.oneOf(`${at}.tagStatus`, rule.tagStatus, TAG_STATUSES)) return;
  if (rule.priority !== undefined)
    checkInteger(v, `${at}.priority`, rule.priority, LIFECYCLE_LIMITS.minPriority);
  const prefixes = rule.tagPrefixes ?? [];
  const patterns = rule.tagPatterns ?? [];
  if (rule.tagStatus === "tagged") {
    v.check(
      prefixes.length > 0 || patterns.length > 0,
      `${at}.tagPrefixes`,
      rule.tagPrefixes,
      'a non-empty tagPrefixes or tagPatterns list when tagStatus is "tagged"',
      'use tagStatus "any" to select every image',
    );
    v.check(
      !(prefixes.length > 0 && patterns.length > 0),
      `${at}.tagPatterns`,
      rule.tagPatterns,
      "either tagPrefixes or tagPatterns in one rule, not both",
      "split the rule in two",
    );
  } else {
    v.check(
      prefixes.length === 0,
      `${at}.tagPrefixes`,
      rule.tagPrefixes,
      `no tagPrefixes when tagStatus is "${rule.tagStatus}"`,
    );
    v.check(
      patterns.length === 0,
      `${at}.tagPatterns`,
      rule.tagPatterns,
      `no tagPatterns when tagStatus is "${rule.tagStatus}"`,
    );
  }
  prefixes.forEach((p, j) => {
    v.check(
      typeof p === "string" && TAG_PREFIX.test(p),
      `${at}.tagPrefixes[${j}]`,
      p,
      "1 to 128 letters, digits, _ . - (no wildcards; use tagPatterns for *)",
    );
  });
  patterns.forEach((p, j) => {
    const ok = typeof p === "string" && TAG_PATTERN.test(p);
    v.check(ok, `${at}.tagPatterns[${j}]`, p, "1 to 128 letters, digits, _ . - and * wildcards");
    if (ok) {
      const wildcards = p.split("*").length - 1;
      v.check(
        wildcards <= LIFECYCLE_LIMITS.maxWildcardsPerPattern,
        `${at}.tagPatterns[${j}]`,
        p,
        `at most ${LIFECYCLE_LIMITS.maxWildcardsPerPattern} wildcards (*) per pattern (got ${wildcards})`,
      );
    }
  });
  const hasCount = rule.maxImageCount !== undefined;
  const hasAge = rule.maxAgeDays !== undefined;
  v.check(
    hasCount !== hasAge,
    `${at}.maxImageCount`,
    hasCount ? rule.maxImageCount : undefined,
    "exactly one of maxImageCount and maxAgeDays",
  );
  if (hasCount) checkInteger(v, `${at}.maxImageCount`, rule.maxImageCount, 1);
  if (hasAge) checkInteger(v, `${at}.maxAgeDays`, rule.maxAgeDays, 1);
}

/**
 * Checks a rule list against what ECR accepts. Returns one issue per problem, each path naming
 * the rule index and field under `path`, e.g. `lifecycleRules[2].maxImageCount`.
 */
export function validateLifecycleRules(
  rules: readonly LifecycleRule[],
  path = "lifecycleRules",
): ValidationIssue[] {
  const v = new Validator(LIFECYCLE_POLICY_TYPE, "rules");
  if (!Array.isArray(rules) || rules.length === 0) {
    v.check(false, path, rules, "at least one lifecycle rule");
    return [...v.issues];
  }
  rules.forEach((r, i) => {
    checkRule(r, `${path}[${i}]`, v);
  });
  if (v.issues.length > 0) return [...v.issues];

  const anyRules = rules.flatMap((r, i) => (r.tagStatus === "any" ? [i] : []));
  if (anyRules.length > 1) {
    for (const i of anyRules.slice(1)) {
      v.check(false, `${path}[${i}].tagStatus`, "any", 'at most one rule with tagStatus "any"');
    }
  }
  const priorities = assignPriorities(rules);
  const seen = new Map<number, number>();
  priorities.forEach((p, i) => {
    const first = seen.get(p);
    if (first !== undefined) {
      v.check(false, `${path}[${i}].priority`, p, `a priority unique in the policy (rule ${first} has ${p})`);
    } else {
      seen.set(p, i);
    }
  });
  const [anyIndex] = anyRules;
  if (anyIndex !== undefined && anyRules.length === 1) {
    const anyPriority = priorities[anyIndex] as number;
    const highest = Math.max(...priorities.filter((_, i) => i !== anyIndex));
    v.check(
      rules.length === 1 || anyPriority > highest,
      `${path}[${anyIndex}].priority`,
      anyPriority,
      `a priority above every other rule's (highest: ${highest}) for the tagStatus "any" rule`,
      "ECR evaluates the any rule last; omit its priority to have it placed last",
    );
  }
  if (v.issues.length > 0) return [...v.issues];

  const length = JSON.stringify(build(rules, priorities)).length;
  v.check(
    length <= LIFECYCLE_LIMITS.maxPolicyLength && length >= LIFECYCLE_LIMITS.minPolicyLength,
    path,
    `${rules.length} rules, ${length} characters`,
    `a policy text of ${LIFECYCLE_LIMITS.minPolicyLength} to ${LIFECYCLE_LIMITS.maxPolicyLength} characters`,
    "shorten descriptions or merge rules",
  );
  return [...v.issues];
}

function build(rules: readonly LifecycleRule[], priorities: number[]): LifecyclePolicyJson {
  const rendered = rules.map((r, i) => renderRule(r, priorities[i] as number));
  rendered.sort((a, b) => a.rulePriority - b.rulePriority);
  return { rules: rendered };
}

/** Where a rendering error is attributed: the component and resource that owns the rules. */
export interface RenderOptions {
  /** Component type named in the error. @default "berth:ecr:LifecyclePolicy" */
  component?: string;
  /** Resource name named in the error. @default "lifecycle" */
  resourceName?: string;
  /** Field path of the rule list. @default "lifecycleRules" */
  path?: string;
}

/**
 * Validates and renders rules to the lifecycle policy document ECR accepts, rules sorted by
 * ascending priority (ECR returns them sorted; an unsorted document would diff on every run).
 * Throws a `BerthValidationError` naming every bad rule index and field.
 */
export function renderLifecyclePolicy(
  rules: readonly LifecycleRule[],
  options: RenderOptions = {},
): LifecyclePolicyJson {
  const issues = validateLifecycleRules(rules, options.path ?? "lifecycleRules");
  if (issues.length > 0) {
    throw new BerthValidationError(
      options.component ?? LIFECYCLE_POLICY_TYPE,
      options.resourceName ?? "lifecycle",
      issues,
    );
  }
  return build(rules, assignPriorities(rules));
}

/** {@link renderLifecyclePolicy} as the compact JSON string `aws.ecr.LifecyclePolicy` takes. */
export function lifecyclePolicyJson(rules: readonly LifecycleRule[], options: RenderOptions = {}): string {
  return JSON.stringify(renderLifecyclePolicy(rules, options));
}
