import type { ValidationIssue } from "@berth/core";
import type { FargateOs } from "./sizes";
import type { CpuArchitecture } from "./task";

/** One entry of an ECS capacity provider strategy. */
export interface CapacityProviderStrategyItem {
  /** Capacity provider name: `FARGATE`, `FARGATE_SPOT` or an EC2 capacity provider. */
  capacityProvider: string;
  /** Tasks placed on this provider before weights apply. @default 0 */
  base?: number;
  /** Relative share of the tasks after the base. @default 0 */
  weight: number;
}

/**
 * Spot placement with an on-demand floor: `{ base: 1, weight: 3 }` keeps the first task on
 * `FARGATE` (on demand) and puts three of every four further tasks on `FARGATE_SPOT`.
 */
export interface SpotArgs {
  /** Tasks always on on-demand capacity (`FARGATE` base). @default 1 */
  base?: number;
  /** Weight of `FARGATE_SPOT` after the base (on demand has weight `onDemandWeight`). @default 3 */
  weight?: number;
  /** Weight of on-demand `FARGATE` after the base; 0 puts every further task on Spot. @default 1 */
  onDemandWeight?: number;
}

/** Platform facts the strategy must respect. */
export interface PlatformFacts {
  /** `LINUX` or `WINDOWS`. @default "LINUX" */
  os?: FargateOs;
  /** `ARM64` or `X86_64`. @default "ARM64" */
  cpuArchitecture?: CpuArchitecture;
  /** Fargate platform version. @default "LATEST" */
  platformVersion?: string;
}

/** The limits of the ECS API for one strategy item. */
export const STRATEGY_LIMITS = { maxBase: 100000, maxWeight: 1000, maxItems: 20 } as const;

/**
 * Builds the Fargate strategy: on-demand only without `spot`, else `FARGATE` with the on-demand
 * base and weight plus `FARGATE_SPOT` with the spot weight.
 */
export function fargateCapacityStrategy(spot?: SpotArgs): CapacityProviderStrategyItem[] {
  if (!spot) return [{ capacityProvider: "FARGATE", base: 0, weight: 1 }];
  const onDemand = { capacityProvider: "FARGATE", base: spot.base ?? 1, weight: spot.onDemandWeight ?? 1 };
  const spotItem = { capacityProvider: "FARGATE_SPOT", base: 0, weight: spot.weight ?? 3 };
  // An on-demand entry with neither base nor weight places nothing; ECS would accept it, but it is noise.
  return onDemand.base === 0 && onDemand.weight === 0 ? [spotItem] : [onDemand, spotItem];
}

/** Compares Fargate platform versions; `LATEST` is the newest. */
export function platformAtLeast(version: string, minimum: string): boolean {
  if (version === "LATEST") return true;
  const a = version.split(".").map(Number);
  const b = minimum.split(".").map(Number);
  if (a.some(Number.isNaN)) return false;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}

/**
 * Checks a strategy the way ECS would, at plan time: at most one item with a non-zero base, bases
 * 0 to 100000, weights 0 to 1000 with at least one above 0, providers listed once; for Fargate,
 * only `FARGATE`/`FARGATE_SPOT`, no Spot for Windows, and Spot on ARM64 only on platform 1.4.0+.
 */
export function checkCapacityStrategy(
  items: readonly CapacityProviderStrategyItem[],
  path = "capacityProviderStrategy",
  facts: PlatformFacts & { fargate?: boolean } = {},
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (items.length === 0 || items.length > STRATEGY_LIMITS.maxItems) {
    issues.push({ path, value: items.length, allowed: `1 to ${STRATEGY_LIMITS.maxItems} providers` });
  }
  const withBase = items.filter((i) => (i.base ?? 0) > 0);
  if (withBase.length > 1) {
    issues.push({
      path,
      value: withBase.map((i) => `${i.capacityProvider} base ${i.base}`).join(", "),
      allowed: "a non-zero base on at most one capacity provider",
    });
  }
  if (items.length > 0 && items.every((i) => i.weight === 0)) {
    issues.push({ path, value: "every weight 0", allowed: "at least one weight above 0" });
  }
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const at = `${path}[${i}]`;
    const base = item.base ?? 0;
    if (!Number.isInteger(base) || base < 0 || base > STRATEGY_LIMITS.maxBase) {
      issues.push({
        path: `${at}.base`,
        value: base,
        allowed: `an integer from 0 to ${STRATEGY_LIMITS.maxBase}`,
      });
    }
    if (!Number.isInteger(item.weight) || item.weight < 0 || item.weight > STRATEGY_LIMITS.maxWeight) {
      issues.push({
        path: `${at}.weight`,
        value: item.weight,
        allowed: `an integer from 0 to ${STRATEGY_LIMITS.maxWeight}`,
      });
    }
    if (seen.has(item.capacityProvider)) {
      issues.push({
        path: `${at}.capacityProvider`,
        value: item.capacityProvider,
        allowed: "each provider once",
      });
    }
    seen.add(item.capacityProvider);
    if (facts.fargate && item.capacityProvider !== "FARGATE" && item.capacityProvider !== "FARGATE_SPOT") {
      issues.push({
        path: `${at}.capacityProvider`,
        value: item.capacityProvider,
        allowed: "FARGATE or FARGATE_SPOT for a Fargate task",
      });
    }
    if (item.capacityProvider === "FARGATE_SPOT" && item.weight + base > 0) {
      if ((facts.os ?? "LINUX") === "WINDOWS") {
        issues.push({
          path: `${at}.capacityProvider`,
          value: "FARGATE_SPOT",
          allowed: "FARGATE only for Windows tasks (Fargate Spot runs Linux tasks only)",
        });
      }
      const platform = facts.platformVersion ?? "LATEST";
      if ((facts.cpuArchitecture ?? "ARM64") === "ARM64" && !platformAtLeast(platform, "1.4.0")) {
        issues.push({
          path: "platformVersion",
          value: platform,
          allowed: "LATEST or 1.4.0 and later for FARGATE_SPOT with ARM64",
        });
      }
    }
  });
  return issues;
}

/** Checks `SpotArgs` before building the strategy; paths are under `path` (e.g. `spot`). */
export function checkSpot(spot: SpotArgs | undefined, path = "spot"): ValidationIssue[] {
  if (!spot) return [];
  const issues: ValidationIssue[] = [];
  const int = (field: keyof SpotArgs, v: number | undefined, max: number) => {
    if (v !== undefined && (!Number.isInteger(v) || v < 0 || v > max)) {
      issues.push({ path: `${path}.${field}`, value: v, allowed: `an integer from 0 to ${max}` });
    }
  };
  int("base", spot.base, STRATEGY_LIMITS.maxBase);
  int("weight", spot.weight, STRATEGY_LIMITS.maxWeight);
  int("onDemandWeight", spot.onDemandWeight, STRATEGY_LIMITS.maxWeight);
  if ((spot.weight ?? 3) === 0 && (spot.onDemandWeight ?? 1) === 0) {
    issues.push({ path: `${path}.weight`, value: 0, allowed: "above 0 when onDemandWeight is 0" });
  }
  return issues;
}
