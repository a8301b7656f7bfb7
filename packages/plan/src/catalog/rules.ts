/**
 * Rule builders for catalog constraints: each returns a {@link Check} compiled once (regexes
 * built when the catalog loads), so checking a resource is a few comparisons per property.
 */
import { type ArnSpec, describeArnSpec, isArnOf, parseArn, parseCidr } from "@berth/core";
import type { Check, Finding } from "./types";

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** A string whose length (UTF-16 units, as AWS counts) and characters are limited. */
export function str(opts: {
  min?: number;
  max?: number;
  pattern?: RegExp;
  /** The allowed characters or shape, in words, for the message. */
  allowed?: string;
}): Check {
  const min = opts.min ?? 0;
  const max = opts.max ?? Number.POSITIVE_INFINITY;
  const len = max === Number.POSITIVE_INFINITY ? `at least ${min}` : `${min} to ${max}`;
  const rule = `a string of ${len} characters${opts.allowed ? `: ${opts.allowed}` : ""}`;
  return (v, path, out) => {
    if (typeof v !== "string") {
      out.push({ path, value: v, rule });
      return;
    }
    if (v.length < min || v.length > max || (opts.pattern && !opts.pattern.test(v)))
      out.push({ path, value: v, rule });
  };
}

/** One of a fixed set of values. */
export function oneOf(values: readonly (string | number | boolean)[]): Check {
  const set = new Set<unknown>(values);
  const rule = `one of ${values.map((x) => JSON.stringify(x)).join(", ")}`;
  return (v, path, out) => {
    if (!set.has(v)) out.push({ path, value: v, rule });
  };
}

/** A finite integer in [min, max]; numeric strings count (the provider converts them). */
export function intIn(min: number, max: number = Number.MAX_SAFE_INTEGER): Check {
  const rule =
    max === Number.MAX_SAFE_INTEGER ? `an integer of at least ${min}` : `an integer from ${min} to ${max}`;
  return (v, path, out) => {
    const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
    if (typeof n !== "number" || !Number.isInteger(n) || n < min || n > max)
      out.push({ path, value: v, rule });
  };
}

/** A finite number in [min, max]. */
export function numberIn(min: number, max: number): Check {
  const rule = `a number from ${min} to ${max}`;
  return (v, path, out) => {
    const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
    if (typeof n !== "number" || !Number.isFinite(n) || n < min || n > max)
      out.push({ path, value: v, rule });
  };
}

/** A list whose length is limited (each element is checked by other constraints). */
export function listLength(min: number, max: number = Number.MAX_SAFE_INTEGER): Check {
  const rule =
    max === Number.MAX_SAFE_INTEGER ? `a list of at least ${min} items` : `a list of ${min} to ${max} items`;
  return (v, path, out) => {
    if (!Array.isArray(v) || v.length < min || v.length > max)
      out.push({ path, value: Array.isArray(v) ? `${v.length} items` : v, rule });
  };
}

/** Several checks on one value. */
export function all(...checks: Check[]): Check {
  return (v, path, out) => {
    for (const c of checks) c(v, path, out);
  };
}

/** A check that only applies when `when(resourceValue)` holds; the value passed is the property. */
export function unless(skip: (v: unknown) => boolean, check: Check): Check {
  return (v, path, out) => {
    if (!skip(v)) check(v, path, out);
  };
}

// --- ARNs ---

/**
 * An ARN of the given service (and resource type, the part of the resource before the first
 * `/` or `:`), in any partition (AWS General Reference, "Amazon Resource Names (ARNs)"; parsed by
 * `@berth/core` parseArn).
 */
export function arn(
  opts: ArnSpec & {
    /** Also accept a plain name or id matching this pattern (fields that take "name or ARN"). */
    orName?: RegExp;
  },
): Check {
  const rule = describeArnSpec(opts) + (opts.orName ? `, or a name matching ${opts.orName.source}` : "");
  return (v, path, out) => {
    if (typeof v === "string" && opts.orName && !v.startsWith("arn:") && opts.orName.test(v)) return;
    if (!isArnOf(v, opts)) out.push({ path, value: v, rule });
  };
}

/** Any well-formed ARN (fields that take the ARN of many services, e.g. an EventBridge target). */
export function anyArn(): Check {
  const rule = "an ARN (arn:<partition>:<service>:<region>:<account>:<resource>)";
  return (v, path, out) => {
    if (!parseArn(v)) out.push({ path, value: v, rule });
  };
}

// --- CIDRs ---

/**
 * A CIDR block whose host bits are zero (terraform-provider-aws `verify.ValidIPv4CIDRNetworkAddress`
 * / `verify.ValidIPv6CIDRNetworkAddress` / `verify.ValidCIDRNetworkAddress`, internal/verify/validate.go,
 * run at preview; parsed by `@berth/core` parseCidr).
 */
export function cidr(opts: { family?: "ipv4" | "ipv6"; minPrefix?: number; maxPrefix?: number } = {}): Check {
  const fam = opts.family ? `an ${opts.family === "ipv4" ? "IPv4" : "IPv6"}` : "an IPv4 or IPv6";
  const range =
    opts.minPrefix !== undefined || opts.maxPrefix !== undefined
      ? ` with a prefix length from /${opts.minPrefix ?? 0} to /${opts.maxPrefix ?? 128}`
      : "";
  const rule = `${fam} CIDR block in network form (host bits zero, e.g. 10.0.0.0/16)${range}`;
  return (v, path, out) => {
    const c = parseCidr(v);
    if (
      !c ||
      c.hostBits ||
      (opts.family && c.family !== opts.family) ||
      (opts.minPrefix !== undefined && c.prefix < opts.minPrefix) ||
      (opts.maxPrefix !== undefined && c.prefix > opts.maxPrefix)
    )
      out.push({ path, value: v, rule });
  };
}

// --- Tags ---

/**
 * AWS tag limits (AWS General Reference / Tagging AWS Resources user guide, "Tag naming limits
 * and requirements"): at most 50 user tags per resource, key 1-128 and value 0-256 characters,
 * keys do not start with the reserved `aws:` prefix. `extra` are the provider's default tags,
 * which count against the 50.
 */
export function tagsCheck(defaultTags: () => Record<string, string>): Check {
  return (v, path, out) => {
    let entries: Array<[string, unknown]>;
    if (Array.isArray(v)) {
      // Auto Scaling groups: tags as a list of { key, value, propagateAtLaunch }.
      entries = v.filter(isRecord).map((t) => [String(t["key"] ?? ""), t["value"]]);
    } else if (isRecord(v)) entries = Object.entries(v);
    else {
      out.push({ path, value: v, rule: "a map of tag keys to string values" });
      return;
    }
    const keys = new Set([...entries.map(([k]) => k), ...Object.keys(defaultTags())]);
    if (keys.size > 50)
      out.push({
        path,
        value: `${keys.size} tags (with the provider's default tags)`,
        rule: "at most 50 tags per resource, counting the provider's default tags",
      });
    for (const [k, x] of entries) {
      const at = `${path}.${k}`;
      if (k.length < 1 || k.length > 128)
        out.push({ path: at, value: k, rule: "a tag key of 1 to 128 characters" });
      if (k.toLowerCase().startsWith("aws:"))
        out.push({ path: at, value: k, rule: "a tag key that does not start with the reserved prefix aws:" });
      if (typeof x === "string" && x.length > 256)
        out.push({ path: at, value: x, rule: "a tag value of at most 256 characters" });
    }
  };
}

export type { Finding };
/** Re-exported for document checks. */
export { isRecord };
