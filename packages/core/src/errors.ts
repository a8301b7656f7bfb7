import * as pulumi from "@pulumi/pulumi";

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
