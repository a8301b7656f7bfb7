import { type ValidationIssue, Validator } from "@berth/core";
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
  const v = new Validator("", "");
  v.check(
    items.length > 0 && items.length <= STRATEGY_LIMITS.maxItems,
    path,
    items.length,
    `1 to ${STRATEGY_LIMITS.maxItems} providers`,
  );
  const withBase = items.filter((i) => (i.base ?? 0) > 0);
  v.check(
    withBase.length <= 1,
    path,
    withBase.map((i) => `${i.capacityProvider} base ${i.base}`).join(", "),
    "a non-zero base on at most one capacity provider",
  );
  if (items.length > 0)
    v.check(!items.every((i) => i.weight === 0), path, "every weight 0", "at least one weight above 0");
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const at = `${path}[${i}]`;
    const base = item.base ?? 0;
    v.intIn(`${at}.base`, base, 0, STRATEGY_LIMITS.maxBase);
    if (item.weight === undefined)
      v.check(false, `${at}.weight`, undefined, `an integer from 0 to ${STRATEGY_LIMITS.maxWeight}`);
    else v.intIn(`${at}.weight`, item.weight, 0, STRATEGY_LIMITS.maxWeight);
    v.check(
      !seen.has(item.capacityProvider),
      `${at}.capacityProvider`,
      item.capacityProvider,
      "each provider once",
    );
    seen.add(item.capacityProvider);
    if (facts.fargate)
      v.check(
        item.capacityProvider === "FARGATE" || item.capacityProvider === "FARGATE_SPOT",
        `${at}.capacityProvider`,
        item.capacityProvider,
        "FARGATE or FARGATE_SPOT for a Fargate task",
      );
    if (item.capacityProvider === "FARGATE_SPOT" && item.weight + base > 0) checkFargateSpot(v, at, facts);
  });
  return [...v.issues];
}

/** Fargate Spot runs Linux tasks only, and ARM64 tasks only on platform 1.4.0 and later. */
function checkFargateSpot(v: Validator, at: string, facts: PlatformFacts): void {
  v.check(
    (facts.os ?? "LINUX") !== "WINDOWS",
    `${at}.capacityProvider`,
    "FARGATE_SPOT",
    "FARGATE only for Windows tasks (Fargate Spot runs Linux tasks only)",
  );
  const platform = facts.platformVersion ?? "LATEST";
  if ((facts.cpuArchitecture ?? "ARM64") === "ARM64")
    v.check(
      platformAtLeast(platform, "1.4.0"),
      "platformVersion",
      platform,
      "LATEST or 1.4.0 and later for FARGATE_SPOT with ARM64",
    );
}

/** Checks `SpotArgs` before building the strategy; paths are under `path` (e.g. `spot`). */
export function checkSpot(spot: SpotArgs | undefined, path = "spot"): ValidationIssue[] {
  if (!spot) return [];
  const v = new Validator("", "");
  v.intIn(`${path}.base`, spot.base, 0, STRATEGY_LIMITS.maxBase);
  v.intIn(`${path}.weight`, spot.weight, 0, STRATEGY_LIMITS.maxWeight);
  v.intIn(`${path}.onDemandWeight`, spot.onDemandWeight, 0, STRATEGY_LIMITS.maxWeight);
  if ((spot.weight ?? 3) === 0 && (spot.onDemandWeight ?? 1) === 0)
    v.check(false, `${path}.weight`, 0, "above 0 when onDemandWeight is 0");
  return [...v.issues];
}
