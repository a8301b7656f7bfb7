import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkCapacityStrategy, checkSpot, fargateCapacityStrategy, platformAtLeast } from "../src";

describe("capacity provider strategy", () => {
  it("builds on-demand only, or an on-demand base with Spot weight", () => {
    expect(fargateCapacityStrategy()).toEqual([{ capacityProvider: "FARGATE", base: 0, weight: 1 }]);
    expect(fargateCapacityStrategy({ base: 1, weight: 3 })).toEqual([
      { capacityProvider: "FARGATE", base: 1, weight: 1 },
      { capacityProvider: "FARGATE_SPOT", base: 0, weight: 3 },
    ]);
    expect(fargateCapacityStrategy({ base: 0, weight: 1, onDemandWeight: 0 })).toEqual([
      { capacityProvider: "FARGATE_SPOT", base: 0, weight: 1 },
    ]);
  });

  it("every valid spot argument builds a strategy ECS accepts (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100000 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 1000 }),
        (base, weight, onDemandWeight) => {
          fc.pre(weight > 0 || onDemandWeight > 0);
          const spot = { base, weight, onDemandWeight };
          expect(checkSpot(spot)).toEqual([]);
          const items = fargateCapacityStrategy(spot);
          expect(checkCapacityStrategy(items, "s", { fargate: true })).toEqual([]);
          expect(items.filter((i) => (i.base ?? 0) > 0).length).toBeLessThanOrEqual(1);
        },
      ),
    );
  });

  it("rejects more than one non-zero base (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100000 }), fc.integer({ min: 1, max: 100000 }), (a, b) => {
        const issues = checkCapacityStrategy([
          { capacityProvider: "FARGATE", base: a, weight: 1 },
          { capacityProvider: "FARGATE_SPOT", base: b, weight: 1 },
        ]);
        expect(issues).toContainEqual({
          path: "capacityProviderStrategy",
          value: `FARGATE base ${a}, FARGATE_SPOT base ${b}`,
          allowed: "a non-zero base on at most one capacity provider",
        });
      }),
    );
  });

  it("names each bad item", () => {
    expect(
      checkCapacityStrategy(
        [
          { capacityProvider: "FARGATE", base: -1, weight: 1001 },
          { capacityProvider: "FARGATE", weight: 0 },
          { capacityProvider: "my-asg", weight: 1 },
        ],
        "strategy",
        { fargate: true },
      ),
    ).toEqual([
      { path: "strategy[0].base", value: -1, allowed: "an integer from 0 to 100000" },
      { path: "strategy[0].weight", value: 1001, allowed: "an integer from 0 to 1000" },
      { path: "strategy[1].capacityProvider", value: "FARGATE", allowed: "each provider once" },
      {
        path: "strategy[2].capacityProvider",
        value: "my-asg",
        allowed: "FARGATE or FARGATE_SPOT for a Fargate task",
      },
    ]);
    expect(checkCapacityStrategy([{ capacityProvider: "FARGATE", weight: 0 }])).toEqual([
      { path: "capacityProviderStrategy", value: "every weight 0", allowed: "at least one weight above 0" },
    ]);
    expect(checkSpot({ weight: 0, onDemandWeight: 0, base: 1.5 })).toEqual([
      { path: "spot.base", value: 1.5, allowed: "an integer from 0 to 100000" },
      { path: "spot.weight", value: 0, allowed: "above 0 when onDemandWeight is 0" },
    ]);
  });

  it("refuses Spot for Windows and for ARM64 before platform 1.4.0", () => {
    const spot = fargateCapacityStrategy({ base: 1, weight: 1 });
    expect(
      checkCapacityStrategy(spot, "spot", { fargate: true, os: "WINDOWS", cpuArchitecture: "X86_64" }),
    ).toEqual([
      {
        path: "spot[1].capacityProvider",
        value: "FARGATE_SPOT",
        allowed: "FARGATE only for Windows tasks (Fargate Spot runs Linux tasks only)",
      },
    ]);
    expect(
      checkCapacityStrategy(spot, "spot", { cpuArchitecture: "ARM64", platformVersion: "1.3.0" }),
    ).toEqual([
      {
        path: "platformVersion",
        value: "1.3.0",
        allowed: "LATEST or 1.4.0 and later for FARGATE_SPOT with ARM64",
      },
    ]);
    expect(
      checkCapacityStrategy(spot, "spot", { cpuArchitecture: "ARM64", platformVersion: "1.4.0" }),
    ).toEqual([]);
    expect(
      checkCapacityStrategy(spot, "spot", { cpuArchitecture: "X86_64", platformVersion: "1.3.0" }),
    ).toEqual([]);
  });

  it("orders platform versions", () => {
    expect(platformAtLeast("LATEST", "1.4.0")).toBe(true);
    expect(platformAtLeast("1.4.0", "1.4.0")).toBe(true);
    expect(platformAtLeast("1.10.0", "1.4.0")).toBe(true);
    expect(platformAtLeast("1.3.0", "1.4.0")).toBe(false);
    expect(platformAtLeast("latest-ish", "1.4.0")).toBe(false);
  });
});
