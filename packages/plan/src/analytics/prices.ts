import { readFileSync } from "node:fs";
import { resolve } from "node:path";

/** One dated price with its source. */
export interface PriceEntry {
  price: number;
  unit: string;
  source: string;
  date: string;
  note?: string;
}

/** A Spot discount: the fraction off on-demand, with the range it floats in. */
export interface DiscountEntry {
  default: number;
  low: number;
  high: number;
  unit: string;
  source: string;
  date: string;
  note?: string;
}

/** The shape of data/prices.json. */
export interface PriceTable {
  schema: number;
  currency: "USD";
  hoursPerMonth: number;
  snapshotDate: string;
  fallbackRegion: string;
  discounts: { fargateSpot: DiscountEntry; ec2Spot: DiscountEntry };
  eksSupport: { source: string; date: string; standardSupportEnds: Record<string, string> };
  regions: Record<string, Record<string, PriceEntry>>;
}

let cached: PriceTable | undefined;

/** The committed price snapshot (packages/plan/data/prices.json; `../../data` from src and dist). */
export function loadPrices(): PriceTable {
  if (!cached) {
    const file = resolve(__dirname, "../../data/prices.json");
    cached = JSON.parse(readFileSync(file, "utf8")) as PriceTable;
  }
  return cached;
}

/** Looks prices up for one region, falling back to the table's fallback region, and says so. */
export class Pricer {
  /** Keys priced from the fallback region. */
  readonly fallbacks = new Set<string>();

  constructor(
    readonly table: PriceTable,
    readonly region: string,
  ) {}

  entry(key: string): PriceEntry | undefined {
    const own = this.table.regions[this.region]?.[key];
    if (own) return own;
    const fb = this.table.regions[this.table.fallbackRegion]?.[key];
    if (fb) this.fallbacks.add(key);
    return fb;
  }

  has(key: string): boolean {
    return this.entry(key) !== undefined;
  }

  /** The price for `key`; throws naming the key when the table has none (a bug in the model). */
  price(key: string): number {
    const e = this.entry(key);
    if (!e)
      throw new Error(`no price "${key}" in data/prices.json for ${this.region} or the fallback region`);
    return e.price;
  }

  /** On-demand hourly price of an EC2 instance type, or undefined when not in the table. */
  instanceHour(type: string): number | undefined {
    return this.entry(`ec2.${type}.hour`)?.price;
  }
}
