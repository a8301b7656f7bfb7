import * as pulumi from "@pulumi/pulumi";
import type { ValidationIssue } from "./errors";

/** A set of AWS resource tags. */
export type Tags = Record<string, string>;

/** AWS tag limits shared by the services Berth uses (EC2, ECS, ECR, EKS, IAM, Lattice). */
export const TAG_LIMITS = {
  /** Most tags a resource may carry (user tags; `aws:` tags do not count). */
  maxTags: 50,
  /** Longest key, in UTF-16 code units as AWS counts them. */
  maxKeyLength: 128,
  /** Longest value. */
  maxValueLength: 256,
} as const;

/**
 * Checks tags against the AWS limits: at most 50, keys 1 to 128 characters that do not start
 * with `aws:`, values up to 256 characters. Returns one issue per problem, with paths under `path`.
 */
export function checkTags(tags: Tags | undefined, path = "tags"): ValidationIssue[] {
  if (tags === undefined) return [];
  const issues: ValidationIssue[] = [];
  const keys = Object.keys(tags);
  if (keys.length > TAG_LIMITS.maxTags) {
    issues.push({ path, value: `${keys.length} tags`, allowed: `at most ${TAG_LIMITS.maxTags} tags` });
  }
  for (const key of keys) {
    if (key.length === 0 || key.length > TAG_LIMITS.maxKeyLength) {
      issues.push({
        path: `${path}.${key}`,
        value: key,
        allowed: `a key of 1 to ${TAG_LIMITS.maxKeyLength} characters`,
      });
    }
    if (key.toLowerCase().startsWith("aws:")) {
      issues.push({
        path: `${path}.${key}`,
        value: key,
        allowed: "a key that does not start with the reserved prefix aws:",
      });
    }
    const value = tags[key];
    if (typeof value !== "string" || value.length > TAG_LIMITS.maxValueLength) {
      issues.push({
        path: `${path}.${key}`,
        value,
        allowed: `a string of at most ${TAG_LIMITS.maxValueLength} characters`,
      });
    }
  }
  return issues;
}

/**
 * Merges tag sets, later sets winning key by key. Plain sets merge to a plain object; if any set
 * is an `Output`, the result is an `Output`. `undefined` sets are skipped.
 *
 * Stack-wide defaults belong on the AWS provider (`aws:defaultTags` in `Pulumi.<env>.yaml`), which
 * AWS applies to every resource; components merge their own defaults with the caller's `tags`.
 */
export function mergeTags(...sets: Array<pulumi.Input<Tags> | undefined>): pulumi.Output<Tags> {
  return pulumi.all(sets.map((s) => pulumi.output(s ?? {}))).apply((resolved) => {
    const merged: Tags = {};
    for (const set of resolved) {
      for (const [k, v] of Object.entries(set as Tags)) merged[k] = v;
    }
    return merged;
  });
}

/**
 * Merges plain tag sets synchronously (later sets win). Use when every set is a plain object, for
 * example to compute tags before validating them.
 */
export function mergePlainTags(...sets: Array<Tags | undefined>): Tags {
  const merged: Tags = {};
  for (const set of sets) {
    if (!set) continue;
    for (const [k, v] of Object.entries(set)) merged[k] = v;
  }
  return merged;
}

/** The tags Berth puts on every child of a component so a resource can be traced to its owner. */
export function componentTags(componentType: string, componentName: string): Tags {
  return { "berth:component": componentType, "berth:name": componentName };
}
