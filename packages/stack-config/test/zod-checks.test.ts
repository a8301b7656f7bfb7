import { type ArnSpec, isArnOf, LOG_RETENTION_DAYS, parseCidr, Validator } from "@berth/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { arnOf, cidrBlock, intIn, logRetentionDays, parseConfig, rawConfig, zodCheck } from "../src";

const NS = "berth-test";
/** The message the key gets, or undefined when the value is accepted. */
function message(schema: z.ZodType, value: unknown): string | undefined {
  try {
    parseConfig(z.strictObject({ key: schema }), { key: value }, NS, `${NS}/dev`);
    return undefined;
  } catch (e) {
    return (e as Error).message.split("\n")[1];
  }
}
/** What the component's Validator says of the same value, as the config line would show it. */
function validatorLine(check: (v: Validator) => unknown, value: unknown): string | undefined {
  const v = new Validator("berth:test:Component", "c");
  check(v);
  const [i] = v.issues;
  if (i === undefined) return undefined;
  const allowed = i.hint === undefined ? i.allowed : `${i.allowed} (${i.hint})`;
  return `  - ${NS}:key: got ${JSON.stringify(value)}; allowed: ${allowed}.`;
}

describe("zodCheck: a @berth/core check as a zod refinement", () => {
  it("puts each issue at its path under the key, hint in parentheses", () => {
    const schema = z.object({ a: z.array(z.string()) }).superRefine(
      zodCheck((v, _p, cfg) => {
        v.check(false, "a[1]", cfg.a[1], "a known word", "try x");
      }),
    );
    expect(message(schema, { a: ["x", "y"] })).toBe(
      `  - ${NS}:key.a[1]: got "y"; allowed: a known word (try x).`,
    );
  });

  it("property: intIn accepts exactly what Validator.intIn accepts, with its message", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -5, max: 50 }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 20 }),
        (n, lo, span) => {
          const hi = lo + span;
          expect(message(intIn(lo, hi), n)).toBe(validatorLine((v) => v.intIn("key", n, lo, hi), n));
        },
      ),
    );
    expect(message(intIn(1, 3), 2.5)).toBe(`  - ${NS}:key: got 2.5; allowed: an integer from 1 to 3.`);
  });

  it("property: logRetentionDays accepts exactly LOG_RETENTION_DAYS", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom(...LOG_RETENTION_DAYS), fc.integer({ min: 0, max: 4000 })),
        (d) => {
          expect(message(logRetentionDays(), d) === undefined).toBe(LOG_RETENTION_DAYS.includes(d));
          expect(message(logRetentionDays(), d)).toBe(
            validatorLine((v) => v.oneOf("key", d, LOG_RETENTION_DAYS), d),
          );
        },
      ),
    );
  });

  it("property: arnOf accepts exactly what isArnOf accepts, with Validator.arn's message", () => {
    const spec: ArnSpec = { service: "acm", resourceType: "certificate" };
    const arn = fc
      .tuple(
        fc.constantFrom("aws", "aws-cn", "awz"),
        fc.constantFrom("acm", "iam"),
        fc.constantFrom("us-east-1", ""),
        fc.constantFrom("123456789012", "1234"),
        fc.constantFrom("certificate/abc-1", "role/x", ""),
      )
      .map((p) => `arn:${p.join(":")}`);
    fc.assert(
      fc.property(fc.oneof(arn, fc.string()), (s) => {
        expect(message(arnOf(spec), s) === undefined).toBe(isArnOf(s, spec));
        expect(message(arnOf(spec), s)).toBe(validatorLine((v) => v.arn("key", s, spec), s));
      }),
    );
  });

  it("property: cidrBlock accepts IPv4 networks in the prefix range only, as Validator.cidr and parseCidr say", () => {
    const schema = cidrBlock({ family: "ipv4", prefixes: { min: 16, max: 24, allowed: "from /16 to /24" } });
    const cidr = fc
      .tuple(
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 8, max: 28 }),
      )
      .map(([a, b, c, p]) => `${a}.${b}.${c}.0/${p}`);
    fc.assert(
      fc.property(cidr, (s) => {
        const c = parseCidr(s);
        const ok = c !== undefined && !c.hostBits && c.prefix >= 16 && c.prefix <= 24;
        expect(message(schema, s) === undefined).toBe(ok);
      }),
    );
    expect(message(schema, "10.0.0.1/16")).toBe(
      `  - ${NS}:key: got "10.0.0.1/16"; allowed: an IPv4 CIDR block with its host bits zero (10.0.0.0/16, 2001:db8::/32) (the bits after the prefix length must be zero).`,
    );
    expect(message(schema, "10.0.0.0/8")).toBe(`  - ${NS}:key: got "10.0.0.0/8"; allowed: from /16 to /24.`);
  });

  it("keeps zod's type check first: a string for an integer says a number", () => {
    expect(message(intIn(1, 3), "two")).toBe(`  - ${NS}:key: got "two"; allowed: a number.`);
    expect(rawConfig(NS, { [`${NS}:key`]: "7" })).toEqual({ key: 7 });
  });
});
