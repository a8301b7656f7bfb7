import { resourceMocks } from "../mocks/resources";
import type { CatalogEntry, Constraint, CostKind, Durations } from "./types";

/** The parts of an entry a service file writes; the mock comes from `src/mocks/resources.ts` by type. */
export interface EntryParts {
  constraints?: Constraint[];
  durations: Durations;
  replaceOn?: string[];
  cost: CostKind;
  /** Set only for a type whose outputs are the generic id/ARN/name. @default the type's entry in resourceMocks */
  mock?: "generic";
}

/** One catalog entry: the type's mock, constraints, durations, replace-on properties and cost. */
export function entry(type: string, parts: EntryParts): CatalogEntry {
  const mock = parts.mock ?? resourceMocks[type];
  if (!mock)
    throw new Error(`catalog: ${type} has no mock in src/mocks/resources.ts; add one or say mock: "generic"`);
  return {
    type,
    mock,
    constraints: parts.constraints ?? [],
    durations: parts.durations,
    replaceOn: parts.replaceOn ?? [],
    cost: parts.cost,
  };
}

/** A constraint: the rule at `path`, with its source. */
export function rule(path: string, check: Constraint["check"], source: string): Constraint {
  return { path, check, source };
}

/** Free types: their cost, if any, sits on another resource. */
export const FREE = (why: string): CostKind => ({ free: why });
/** Types priced by a model in analytics/cost.ts. */
export const PRICED: CostKind = { model: true };

/** Sources of the durations (research/pricing-and-timing.md, section B). */
export const TIMING = {
  IAM: "research B2: IAM role 1-7 s, attachment 0.7-4 s; +10-20 s before a new role is assumable",
  NO_DATA: "no sample in the research; a single control-plane API call (estimate)",
  NET: "research B2: VPC 1-24 s, subnets 3-7 s, SGs 2 s",
} as const;
