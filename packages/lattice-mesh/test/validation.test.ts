import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkName, checkPriorities, checkWeights, isLatticeName, LATTICE_LIMITS } from "../src";

describe("weights", () => {
  const keys = ["stable", "canary", "blue"];
  const weights = fc
    .subarray(keys, { minLength: 1 })
    .chain((ks) => fc.tuple(...ks.map((k) => fc.tuple(fc.constant(k), fc.integer({ min: -5, max: 1005 })))))
    .map((entries) => Object.fromEntries(entries) as Record<string, number>);

  it("accepts exactly the integer weights 0..999 with at least one above 0 (property)", () => {
    fc.assert(
      fc.property(weights, (w) => {
        const values = Object.values(w);
        const valid = values.every((x) => x >= 0 && x <= 999) && values.some((x) => x > 0);
        expect(checkWeights(w, keys, "forward").length === 0).toBe(valid);
      }),
    );
  });

  it("gives the canary split as valid and every bad case a message", () => {
    expect(checkWeights({ stable: 90, canary: 10 }, keys, "forward")).toEqual([]);
    expect(checkWeights({ stable: 0, canary: 0 }, keys, "l.forward")).toEqual([
      {
        path: "l.forward",
        value: { stable: 0, canary: 0 },
        allowed: "weights with at least one above 0 (all 0 sends no traffic anywhere)",
      },
    ]);
    expect(checkWeights({ stable: 1000, green: 1 }, keys, "f")).toEqual([
      { path: "f.stable", value: 1000, allowed: "an integer from 0 to 999" },
      {
        path: "f.green",
        value: "green",
        allowed: 'a target group of this service: "stable", "canary", "blue"',
      },
    ]);
    expect(checkWeights({}, keys, "f")[0]?.allowed).toBe("1 to 10 target groups");
  });
});

describe("rule priorities", () => {
  it("accepts exactly unique integers 1..100 (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -3, max: 103 }), { maxLength: 12 }), (ps) => {
        const valid = ps.every((p) => p >= 1 && p <= 100) && new Set(ps).size === ps.length;
        expect(checkPriorities(ps, "rules").length === 0).toBe(valid);
      }),
    );
  });

  it("names the duplicate and the rule that had it first", () => {
    expect(checkPriorities([10, 20, 10, 0], "listeners[0].rules")).toEqual([
      {
        path: "listeners[0].rules[2].priority",
        value: 10,
        allowed: "a priority unique within the listener (rules[0] has 10)",
      },
      { path: "listeners[0].rules[3].priority", value: 0, allowed: "an integer from 1 to 100" },
    ]);
  });
});

describe("names", () => {
  it("follows the Lattice name rule (property)", () => {
    const { min, max } = LATTICE_LIMITS.serviceName;
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9-]{0,45}$/), (n) => {
        const valid =
          n.length >= min && n.length <= max && !n.startsWith("-") && !n.endsWith("-") && !n.includes("--");
        expect(isLatticeName(n, min, max)).toBe(valid);
      }),
    );
  });

  it("checks the auto-name of a component when no name is given", () => {
    expect(checkName(undefined, "orders-svc", LATTICE_LIMITS.serviceName, "serviceName", "orders")).toEqual(
      [],
    );
    const long = "a".repeat(29);
    expect(checkName(undefined, `${long}-svc`, LATTICE_LIMITS.serviceName, "serviceName", long)).toEqual([
      {
        path: "serviceName",
        value: long,
        allowed: `a component name whose auto-name "${long}-svc-<7 hex>" is 3 to 40 characters of a-z, 0-9 and single hyphens, not starting or ending with a hyphen, not starting with "svc-"`,
        hint: "set serviceName explicitly, or use a lowercase component name of at most 28 characters",
      },
    ]);
    expect(checkName("Orders", "x", LATTICE_LIMITS.serviceName, "serviceName", "x")[0]?.value).toBe("Orders");
    expect(checkName("svc-orders", "x", LATTICE_LIMITS.serviceName, "serviceName", "x")).toHaveLength(1);
    expect(checkName("tg-stable", "x", LATTICE_LIMITS.targetGroupName, "targetGroupName", "x")).toHaveLength(
      1,
    );
    expect(checkName("orders-svc", "x", LATTICE_LIMITS.serviceName, "serviceName", "x")).toEqual([]);
  });
});
