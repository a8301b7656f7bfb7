import * as pulumi from "@pulumi/pulumi";
import {
  type ArnSpec,
  coversInternet,
  describeArnSpec,
  EC2_DESCRIPTION_ALLOWED,
  EC2_DESCRIPTION_MAX_LENGTH,
  ec2DescriptionInvalidChars,
  isArnOf,
  isPlainObject,
  nearestKey,
  parseCidr,
} from "./checks";

/**
 * One thing wrong with a component's arguments: where, what was given, and what is allowed.
 */
export interface ValidationIssue {
  /** Path of the offending field from the component's args, e.g. `containers[0].cpu`. */
  path: string;
  /** The value that was given (rendered in the message; secrets must not be passed here). */
  value: unknown;
  /** What would have been accepted, in words: `one of 256, 512, 1024`, `an integer from 1 to 1000`. */
  allowed: string;
  /** Optional advice on how to fix it. */
  hint?: string;
}

/** Renders a value for an error message: short, stable and never `[object Object]`. */
export function renderValue(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  try {
    const json = JSON.stringify(value);
    return json.length > 200 ? `${json.slice(0, 197)}...` : json;
  } catch {
    return String(value);
  }
}

/** Formats one issue as the reason the Pulumi engine prints next to the property path. */
export function formatIssue(issue: ValidationIssue): string {
  const hint = issue.hint ? ` Hint: ${issue.hint}` : "";
  return `got ${renderValue(issue.value)}; allowed: ${issue.allowed}.${hint}`;
}

/**
 * The single validation error of Berth. It extends Pulumi's own `InputPropertiesError`, so the
 * engine prints every violation at once, attributed to its property path, without a stack trace.
 *
 * The message names the component, the field path, the value given and what is allowed:
 *
 * ```text
 * Invalid arguments for berth:ecs:FargateService "web":
 *   - cpu: got 300; allowed: one of 256, 512, 1024, 2048, 4096, 8192, 16384.
 * ```
 */
export class BerthValidationError extends pulumi.InputPropertiesError {
  /** The component type token, e.g. `berth:ecs:FargateService`. */
  readonly component: string;
  /** The logical name of the component instance. */
  readonly resourceName: string;
  /** Every violation found, in the order found. */
  readonly issues: readonly ValidationIssue[];

  constructor(component: string, resourceName: string, issues: readonly ValidationIssue[]) {
    if (issues.length === 0) {
      throw new Error("BerthValidationError needs at least one issue");
    }
    const lines = issues.map((i) => `  - ${i.path}: ${formatIssue(i)}`);
    super({
      message: `Invalid arguments for ${component} "${resourceName}":\n${lines.join("\n")}`,
      errors: issues.map((i) => ({ propertyPath: i.path, reason: formatIssue(i) })),
    });
    this.name = "BerthValidationError";
    this.component = component;
    this.resourceName = resourceName;
    this.issues = issues;
  }

  /** True for a `BerthValidationError`, also across copies of this module. */
  static isBerthValidationError(e: unknown): e is BerthValidationError {
    return (
      e instanceof Error &&
      e.name === "BerthValidationError" &&
      Array.isArray((e as { issues?: unknown }).issues)
    );
  }
}

/** An argument a release removed or renamed: what the caller is told instead of "no such property". */
export interface RetiredKey {
  /** What is allowed, e.g. `no such property (renamed)`. */
  allowed: string;
  /** What to write instead, e.g. `use clusterArn`. */
  hint: string;
}

/** The retired keys of arguments renamed in a release (`{ cluster: "clusterArn" }`), for {@link Validator.retiredKeys}. */
export function renamedKeys(renamed: Readonly<Record<string, string>>): Record<string, RetiredKey> {
  return Object.fromEntries(
    Object.entries(renamed).map(([old, now]) => [
      old,
      { allowed: "no such property (renamed)", hint: `use ${now}` },
    ]),
  );
}

/**
 * Collects issues so a component reports every bad argument in one error.
 *
 * ```ts
 * const v = new Validator("berth:ecs:FargateService", name);
 * v.check(cpu > 0, "cpu", cpu, "a positive integer");
 * v.throwIfAny();
 * ```
 */
export class Validator {
  private readonly found: ValidationIssue[] = [];

  constructor(
    readonly component: string,
    readonly resourceName: string,
  ) {}

  /** Records an issue unconditionally. */
  add(issue: ValidationIssue): this {
    this.found.push(issue);
    return this;
  }

  /** Records an issue when `ok` is false. Returns `ok` so checks can be chained with `&&`. */
  check(ok: boolean, path: string, value: unknown, allowed: string, hint?: string): boolean {
    if (!ok) this.found.push(hint === undefined ? { path, value, allowed } : { path, value, allowed, hint });
    return ok;
  }

  // The checks below skip `undefined` (optional fields: use `required` for required ones) and
  // values that are not known yet (`Output`s and promises: check them again inside
  // `validateWhenKnown` with the same method). Each returns false when it recorded an issue.

  /** Records an issue when `value` is `undefined` or `null`: `allowed` is what is expected. */
  required(path: string, value: unknown, allowed: string): boolean {
    return this.check(value !== undefined && value !== null, path, value, `${allowed} (required)`);
  }

  /** A finite integer from `min` to `max`, both included. */
  intIn(path: string, value: unknown, min: number, max: number): boolean {
    if (skip(value)) return true;
    const ok = typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
    return this.check(ok, path, value, `an integer from ${min} to ${max}`);
  }

  /** A finite number from `min` to `max`, both included. */
  numberIn(path: string, value: unknown, min: number, max: number): boolean {
    if (skip(value)) return true;
    const ok = typeof value === "number" && Number.isFinite(value) && value >= min && value <= max;
    return this.check(ok, path, value, `a number from ${min} to ${max}`);
  }

  /** One of `values` (compared with `===`). */
  oneOf<T>(path: string, value: unknown, values: readonly T[]): value is T {
    if (skip(value)) return true;
    return this.check(
      values.includes(value as T),
      path,
      value,
      `one of ${values.map((x) => renderValue(x)).join(", ")}`,
    );
  }

  /** An ARN of the service and resource type in `spec`, in any partition (see `parseArn`). */
  arn(path: string, value: unknown, spec: ArnSpec): boolean {
    if (skip(value)) return true;
    return this.check(isArnOf(value, spec), path, value, describeArnSpec(spec));
  }

  /**
   * A CIDR block of the given family (either when not given) whose host bits are zero
   * (`10.0.0.0/16`, not `10.0.0.1/16`). The AWS provider rejects the others at preview
   * (terraform-provider-aws `verify.ValidCIDRNetworkAddress`, used by every `cidr_blocks`).
   */
  cidr(path: string, value: unknown, opts: { family?: "ipv4" | "ipv6" } = {}): boolean {
    if (skip(value)) return true;
    const c = parseCidr(value);
    const family = opts.family === "ipv6" ? "an IPv6" : opts.family === "ipv4" ? "an IPv4" : "a";
    const allowed = `${family} CIDR block with its host bits zero (10.0.0.0/16, 2001:db8::/32)`;
    if (!c || (opts.family !== undefined && c.family !== opts.family))
      return this.check(false, path, value, allowed);
    if (c.hostBits) {
      return this.check(false, path, value, allowed, "the bits after the prefix length must be zero");
    }
    return true;
  }

  /**
   * A list of CIDR blocks whose union is not the whole internet: `["0.0.0.0/1", "128.0.0.0/1"]`
   * is refused like `0.0.0.0/0`. `what` names the exposure in the message (`task ingress`).
   */
  notInternet(path: string, cidrs: unknown, what: string): boolean {
    if (skip(cidrs) || !Array.isArray(cidrs)) return true;
    return this.check(
      !coversInternet(cidrs),
      path,
      cidrs,
      `CIDR blocks that do not together cover the whole internet (0.0.0.0/0 or ::/0) for ${what}`,
    );
  }

  /**
   * Rejects every property of `obj` that is not in `known`, naming the nearest known key
   * (`desiredCout` → did you mean `desiredCount`?). JavaScript, YAML and other-language callers
   * and spread objects bypass TypeScript's excess-property check; this does not.
   */
  knownKeys(path: string, obj: unknown, known: readonly string[]): boolean {
    if (!isPlainObject(obj)) return true;
    let ok = true;
    for (const key of Object.keys(obj)) {
      if (known.includes(key)) continue;
      ok = false;
      const near = nearestKey(key, known);
      this.add({
        path: joinPath(path, key),
        value: obj[key],
        allowed: "no such property",
        hint: near ? `did you mean "${near}"?` : `known properties: ${known.join(", ")}`,
      });
    }
    return ok;
  }

  /**
   * Refuses the arguments a release removed or renamed, each with what to write instead (rather
   * than the bare "no such property"), and returns the object without them, to pass on to
   * {@link knownKeys}: a misspelt argument is then matched against the current names only.
   */
  retiredKeys(path: string, obj: unknown, retired: Readonly<Record<string, RetiredKey>>): unknown {
    if (!isPlainObject(obj)) return obj;
    const rest: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(obj)) {
      const r = retired[key];
      if (r) this.add({ path: joinPath(path, key), value, allowed: r.allowed, hint: r.hint });
      else rest[key] = value;
    }
    return rest;
  }

  /** An EC2 security group or rule description: at most 255 characters of the set EC2 allows. */
  ec2Description(path: string, value: unknown): boolean {
    if (skip(value)) return true;
    if (typeof value !== "string") return this.check(false, path, value, EC2_DESCRIPTION_ALLOWED);
    const bad = ec2DescriptionInvalidChars(value);
    if (bad.length > 0) {
      return this.check(
        false,
        path,
        value,
        EC2_DESCRIPTION_ALLOWED,
        `remove ${bad.map((c) => JSON.stringify(c)).join(", ")}`,
      );
    }
    return this.check(value.length <= EC2_DESCRIPTION_MAX_LENGTH, path, value, EC2_DESCRIPTION_ALLOWED);
  }

  /** Records every issue of another validator or list, with an optional path prefix. */
  merge(issues: readonly ValidationIssue[], prefix?: string): this {
    for (const i of issues) this.found.push(prefix ? { ...i, path: joinPath(prefix, i.path) } : i);
    return this;
  }

  /** The issues found so far. */
  get issues(): readonly ValidationIssue[] {
    return this.found;
  }

  /** Throws one `BerthValidationError` with every issue found, if any. */
  throwIfAny(): void {
    if (this.found.length > 0) throw new BerthValidationError(this.component, this.resourceName, this.found);
  }
}

/** True for values a check skips: `undefined`, and `Output`s or promises not known yet. */
function skip(value: unknown): boolean {
  return value === undefined || pulumi.Output.isInstance(value) || value instanceof Promise;
}

/** Joins two field paths: `joinPath("containers[0]", "cpu")` is `containers[0].cpu`. */
export function joinPath(prefix: string, path: string): string {
  if (!prefix) return path;
  if (!path) return prefix;
  return path.startsWith("[") ? `${prefix}${path}` : `${prefix}.${path}`;
}

/**
 * True when an input is a plain value that can be validated now (not an `Output` or a promise).
 * Values that are not known yet are validated later inside `apply` with {@link validateWhenKnown}.
 */
export function isPlain<T>(value: pulumi.Input<T> | undefined): value is T {
  return !pulumi.Output.isInstance(value) && !(value instanceof Promise);
}

/**
 * Validates an `Output` (or plain) input once it is known, inside `apply`. The returned output
 * carries the value through unchanged, or fails with a `BerthValidationError` naming the field.
 * During a preview an unknown value is not checked; the same check runs again at `pulumi up`.
 */
export function validateWhenKnown<T>(
  component: string,
  resourceName: string,
  value: pulumi.Input<T>,
  validate: (v: pulumi.Unwrap<T>, validator: Validator) => void,
): pulumi.Output<pulumi.Unwrap<T>> {
  return pulumi.output(value).apply((v) => {
    const validator = new Validator(component, resourceName);
    validate(v, validator);
    validator.throwIfAny();
    return v;
  });
}
