/**
 * One vocabulary for stack schemas and components: the zod schemas of `stacks/*\/src/config.ts`
 * call the same `@berth/core` checks (`Validator.intIn`, `oneOf`, `arn`, `cidr`,
 * `LOG_RETENTION_DAYS`) that the components run on their arguments, through {@link zodCheck}. A
 * limit lives in one place, and a config key fails with the same words as the component argument.
 */
import { type ArnSpec, LOG_RETENTION_DAYS, parseCidr, Validator } from "@berth/core";
import { z } from "zod";

/** A `@berth/core` check of one value: records its issues on `v`, at `path` ("" is the value itself). */
export type CoreCheck<T> = (v: Validator, path: string, value: T) => unknown;

/** `a.b[2].c` as a zod path, `["a", "b", 2, "c"]`; `""` is `[]`. */
function zodPath(path: string): PropertyKey[] {
  if (path === "") return [];
  return path
    .replace(/\[(\d+)\]/g, ".$1")
    .split(".")
    .filter((p) => p !== "")
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/**
 * Turns a `@berth/core` check into a zod refinement (`.superRefine(zodCheck(...))`): every issue
 * the check records becomes a config issue at the same path under the key, with the same message
 * (what is allowed, then the hint in parentheses).
 */
export function zodCheck<T>(check: CoreCheck<T>): (value: T, ctx: z.RefinementCtx) => void {
  return (value, ctx) => {
    const v = new Validator("berth:stack:config", "config");
    check(v, "", value);
    for (const i of v.issues)
      ctx.addIssue({
        code: "custom",
        path: zodPath(i.path),
        message: i.hint === undefined ? i.allowed : `${i.allowed} (${i.hint})`,
      });
  };
}

/** An integer from `min` to `max` (`Validator.intIn`). */
export function intIn(min: number, max: number) {
  return z.number().superRefine(zodCheck((v, path, n) => v.intIn(path, n, min, max)));
}

/** A retention period CloudWatch Logs accepts, in days (`LOG_RETENTION_DAYS`). */
export function logRetentionDays() {
  return z.number().superRefine(zodCheck((v, path, n) => v.oneOf(path, n, LOG_RETENTION_DAYS)));
}

/** An ARN of the service and resource type in `spec` (`Validator.arn`). */
export function arnOf(spec: ArnSpec) {
  return z.string().superRefine(zodCheck((v, path, s) => v.arn(path, s, spec)));
}

/**
 * A CIDR block of `family` with its host bits zero (`Validator.cidr`), and with a prefix length
 * from `prefixes.min` to `prefixes.max` when given (`allowed` then names the range).
 */
export function cidrBlock(opts: {
  family: "ipv4" | "ipv6";
  prefixes?: { min: number; max: number; allowed: string };
}) {
  return z.string().superRefine(
    zodCheck((v, path, s) => {
      if (!v.cidr(path, s, { family: opts.family }) || opts.prefixes === undefined) return;
      const prefix = parseCidr(s)?.prefix ?? -1;
      v.check(prefix >= opts.prefixes.min && prefix <= opts.prefixes.max, path, s, opts.prefixes.allowed);
    }),
  );
}
