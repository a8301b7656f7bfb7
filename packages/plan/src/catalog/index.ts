/**
 * The AWS conformance catalog: one entry per resource type the plan engine can create, with its
 * mock outputs, input constraints (each with its source), typical durations, replace-on
 * properties and cost model. See README.md in this folder.
 */
import { autoscaling } from "./autoscaling";
import { cloudwatch } from "./cloudwatch";
import { codebuild } from "./codebuild";
import { components } from "./components";
import { ec2 } from "./ec2";
import { ecr } from "./ecr";
import { ecs } from "./ecs";
import { eks } from "./eks";
import { iam } from "./iam";
import { lb } from "./lb";
import { other } from "./other";
import { sqs } from "./sqs";
import type { CatalogEntry } from "./types";
import { vpclattice } from "./vpclattice";

function index(entries: CatalogEntry[]): ReadonlyMap<string, CatalogEntry> {
  const map = new Map<string, CatalogEntry>();
  for (const e of entries) {
    if (map.has(e.type)) throw new Error(`catalog: ${e.type} has two entries`);
    map.set(e.type, e);
  }
  return map;
}

/** Every catalog entry, by type token. */
export const CATALOG: ReadonlyMap<string, CatalogEntry> = index([
  ...iam,
  ...ecs,
  ...ecr,
  ...ec2,
  ...lb,
  ...autoscaling,
  ...cloudwatch,
  ...codebuild,
  ...sqs,
  ...eks,
  ...vpclattice,
  ...other,
  ...components,
]);

/** The entry of a type, or undefined when the catalog does not model it. */
export function catalogEntry(type: string): CatalogEntry | undefined {
  return CATALOG.get(type);
}

export {
  ConformanceError,
  type ConformanceResult,
  type ConformanceViolation,
  checkResources,
  formatViolation,
  renderConformance,
  type SkippedCheck,
} from "./check";
export type { CatalogEntry, Check, Constraint, CostKind, Durations, Finding } from "./types";
