/**
 * Runs every registered resource through its type's catalog constraints, the way the AWS
 * provider's Check (its schema validators) and then the AWS API would, and reports what they
 * would reject.
 */
import type { GraphResource } from "../graph";
import { UNKNOWN } from "../values";
import { tagsCheck } from "./rules";
import type { CatalogEntry, Finding } from "./types";

/** Where the tag limits come from. */
export const TAG_SOURCE =
  'Tagging AWS Resources user guide, "Tag naming limits and requirements": 50 tags per resource, key 1-128, value 0-256, no aws: prefix';

/** One input AWS would reject. */
export interface ConformanceViolation {
  urn: string;
  type: string;
  /** Logical name. */
  name: string;
  /** The nearest `berth:*` ancestor, `<type> <name>`, or "(none)" for a raw resource. */
  component: string;
  /** Property path in the inputs, e.g. `ingress[0].description`. */
  path: string;
  value: unknown;
  /** What AWS allows. */
  rule: string;
  /** The AWS API reference section or provider validator the rule comes from. */
  source: string;
}

/** A value the check could not see: unknown until deploy (preview of a new stack). */
export interface SkippedCheck {
  urn: string;
  path: string;
}

/** The outcome of checking a graph's resources. */
export interface ConformanceResult {
  violations: ConformanceViolation[];
  /** Values unknown during a preview, so not checked. */
  skipped: SkippedCheck[];
  /** Number of resources checked. */
  checked: number;
}

/** Packages whose every resource type must have a catalog entry. */
export const CATALOGUED_PACKAGES = ["aws", "awsx", "eks"] as const;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

type Step = { key: string } | { each: "list" | "map" };

const compiled = new Map<string, Step[]>();
function steps(path: string): Step[] {
  let s = compiled.get(path);
  if (!s) {
    s = [];
    for (const part of path.split(".")) {
      const m = /^([^[{]*)((?:\[\*\]|\{\*\})*)$/.exec(part);
      const key = m?.[1] ?? part;
      if (key) s.push({ key });
      for (const w of (m?.[2] ?? "").match(/\[\*\]|\{\*\}/g) ?? [])
        s.push({ each: w === "[*]" ? "list" : "map" });
    }
    compiled.set(path, s);
  }
  return s;
}

/**
 * The known values at a constraint path, with their concrete paths; unknown values (and
 * containers that are unknown) go to `unknown`. Absent values are not selected.
 */
export function select(
  inputs: Record<string, unknown>,
  path: string,
): { values: Array<{ path: string; value: unknown }>; unknown: string[] } {
  const values: Array<{ path: string; value: unknown }> = [];
  const unknown: string[] = [];
  const walk = (v: unknown, at: string, rest: Step[]) => {
    if (v === UNKNOWN) {
      unknown.push(at);
      return;
    }
    if (v === undefined || v === null) return;
    const [step, ...tail] = rest;
    if (!step) {
      values.push({ path: at, value: v });
      return;
    }
    if ("key" in step) {
      if (isRecord(v)) walk(v[step.key], at ? `${at}.${step.key}` : step.key, tail);
      else if (Array.isArray(v) && v.length === 1 && isRecord(v[0]))
        // Single nested blocks are sometimes sent as a one-element list.
        walk(v[0][step.key], `${at}[0].${step.key}`, tail);
    } else if (step.each === "list" && Array.isArray(v)) {
      for (const [i, x] of v.entries()) walk(x, `${at}[${i}]`, tail);
    } else if (step.each === "map" && isRecord(v))
      for (const [k, x] of Object.entries(v)) walk(x, `${at}.${k}`, tail);
  };
  walk(inputs, "", steps(path));
  return { values, unknown };
}

/** True when a value (or anything inside it) is the preview-unknown sentinel. */
function containsUnknown(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (typeof v === "string") return v.includes(UNKNOWN);
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (isRecord(v)) return Object.values(v).some(containsUnknown);
  return false;
}

/** The nearest `berth:*` ancestor of each resource, as `<type> <name>`. */
function componentIndex(records: readonly GraphResource[]): (r: GraphResource) => string {
  const byUrn = new Map(records.map((r) => [r.urn, r]));
  return (r) => {
    let p = r.parent ? byUrn.get(r.parent) : undefined;
    while (p) {
      if (p.type.startsWith("berth:")) return `${p.type} ${p.name}`;
      p = p.parent ? byUrn.get(p.parent) : undefined;
    }
    return "(none)";
  };
}

/**
 * Checks resources against their catalog entries. Resources that are read (`.get`, stack
 * references) and components are not created, so not checked; a created type of a catalogued
 * package (aws, awsx, eks) without an entry is itself a violation, so no type goes unchecked.
 */
export function checkResources(
  records: readonly GraphResource[],
  lookup: (type: string) => CatalogEntry | undefined,
  options: {
    /** The AWS provider's default tags (config `aws:defaultTags`), which count against the 50. @default {} */
    defaultTags?: Record<string, string>;
  } = {},
): ConformanceResult {
  const tags = tagsCheck(() => options.defaultTags ?? {});
  const violations: ConformanceViolation[] = [];
  const skipped: SkippedCheck[] = [];
  const componentOf = componentIndex(records);
  const seen = new Set<string>();
  const skip = (urn: string, path: string) => {
    const key = `${urn}\u0000${path}`;
    if (seen.has(key)) return;
    seen.add(key);
    skipped.push({ urn, path });
  };
  let checked = 0;
  for (const r of records) {
    if (r.read || (!r.custom && !r.remote)) continue;
    if (r.type.startsWith("pulumi:")) continue;
    const entry = lookup(r.type);
    const base = { urn: r.urn, type: r.type, name: r.name, component: "" };
    if (!entry) {
      const pkg = r.type.split(":")[0] ?? "";
      if ((CATALOGUED_PACKAGES as readonly string[]).includes(pkg))
        violations.push({
          ...base,
          component: componentOf(r),
          path: "(type)",
          value: r.type,
          rule: "a resource type with an entry in the plan catalog (packages/plan/src/catalog)",
          source: "berth plan: the catalog must model every type it can create",
        });
      continue;
    }
    checked++;
    const constraints = r.type.startsWith("aws:")
      ? [...entry.constraints, { path: "tags", check: tags, source: TAG_SOURCE }]
      : entry.constraints;
    for (const c of constraints) {
      const { values, unknown } = select(r.inputs, c.path);
      for (const u of unknown) skip(r.urn, u);
      for (const { path, value } of values) {
        if (typeof value === "string" && value.includes(UNKNOWN)) {
          skip(r.urn, path);
          continue;
        }
        const found: Finding[] = [];
        c.check(value, path, found);
        for (const f of found) {
          if (containsUnknown(f.value)) {
            skip(r.urn, f.path);
            continue;
          }
          violations.push({
            ...base,
            component: componentOf(r),
            path: f.path,
            value: f.value,
            rule: f.rule,
            source: c.source,
          });
        }
      }
    }
  }
  // Registration order depends on when each input resolved; order by URN so reports are stable.
  violations.sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
  skipped.sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
  return { violations, skipped, checked };
}

function show(v: unknown): string {
  const s = typeof v === "string" ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
  return s.length > 160 ? `${s.slice(0, 157)}...` : s;
}

/** One violation as the lines `berth plan` prints. */
export function formatViolation(v: ConformanceViolation): string {
  return (
    `${v.urn}\n` +
    `    component: ${v.component}\n` +
    `    ${v.path} = ${show(v.value)}\n` +
    `    allowed: ${v.rule}\n` +
    `    source: ${v.source}`
  );
}

/**
 * The "AWS conformance" section of a plan: every input AWS would reject, grouped by resource,
 * then how many values were unknown (preview) and so not checked.
 */
export function renderConformance(result: Pick<ConformanceResult, "violations" | "skipped">): string {
  const lines: string[] = [];
  if (result.violations.length === 0) lines.push("AWS conformance: no input AWS would reject");
  else {
    const resources = new Set(result.violations.map((v) => v.urn)).size;
    lines.push(
      `AWS conformance: ${result.violations.length} input${result.violations.length === 1 ? "" : "s"} of ${resources} resource${resources === 1 ? "" : "s"} would be rejected by AWS`,
    );
    for (const v of result.violations) lines.push(`  ✗ ${formatViolation(v)}`);
  }
  if (result.skipped.length > 0)
    lines.push(
      `  ${result.skipped.length} value${result.skipped.length === 1 ? "" : "s"} unknown until deploy, not checked: ` +
        result.skipped
          .slice(0, 5)
          .map((s) => `${s.urn.split("::").pop()}.${s.path}`)
          .join(", ") +
        (result.skipped.length > 5 ? ", ..." : ""),
    );
  return lines.join("\n");
}

/**
 * Raised by `capture()` when a registered resource has an input AWS would reject: the create
 * would fail. Lists every violation at once; `graph` is the captured graph for reports.
 */
export class ConformanceError extends Error {
  override readonly name = "ConformanceError";
  constructor(
    readonly violations: ConformanceViolation[],
    readonly skipped: SkippedCheck[],
    readonly graph?: unknown,
  ) {
    super(renderConformance({ violations, skipped }));
  }

  /** True for a ConformanceError, also across copies of this module. */
  static isInstance(e: unknown): e is ConformanceError {
    return (
      e instanceof Error && e.name === "ConformanceError" && Array.isArray((e as ConformanceError).violations)
    );
  }
}
