import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import type { UsageFile, UsageValues } from "./types";

/**
 * Built-in usage defaults: small figures for a low-traffic environment, each stated in the report
 * as an assumption. Documented in docs/analytics.md; a usage file overrides any of them.
 */
export const DEFAULT_USAGE: Required<UsageValues> = {
  natGatewayGbPerMonth: 50,
  albLcuPerHour: 1,
  nlbLcuPerHour: 1,
  endpointGbPerMonth: 10,
  latticeGbPerMonth: 10,
  latticeRequestsPerMonth: 1_000_000,
  ecrStorageGb: 5,
  logsIngestGbPerMonth: 5,
  logsStoredMonths: 12,
  secretsApiCallsPerMonth: 10_000,
  kmsRequestsPerMonth: 10_000,
  efsStorageGb: 10,
  sqsRequestsPerMonth: 1_000_000,
  schedulerInvocationsPerMonth: 720,
  taskMinutesPerRun: 5,
  eventRunsPerMonth: 1_000,
  autoModeNodes: 2,
  autoModeInstanceType: "m7g.large",
  managedInstances: 2,
  managedInstanceType: "m7g.large",
  eksDefaultNodes: 2,
};

const NUMBER_KEYS = Object.entries(DEFAULT_USAGE)
  .filter(([, v]) => typeof v === "number")
  .map(([k]) => k);
const STRING_KEYS = Object.entries(DEFAULT_USAGE)
  .filter(([, v]) => typeof v === "string")
  .map(([k]) => k);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function checkValues(v: unknown, where: string, problems: string[]): UsageValues {
  if (v === undefined || v === null) return {};
  if (!isRecord(v)) {
    problems.push(`${where}: got ${JSON.stringify(v)}; allowed: a map of usage keys`);
    return {};
  }
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (NUMBER_KEYS.includes(k)) {
      if (typeof x !== "number" || !Number.isFinite(x) || x < 0)
        problems.push(`${where}.${k}: got ${JSON.stringify(x)}; allowed: a number >= 0`);
      else out[k] = x;
    } else if (STRING_KEYS.includes(k)) {
      if (typeof x !== "string") problems.push(`${where}.${k}: got ${JSON.stringify(x)}; allowed: a string`);
      else out[k] = x;
    } else {
      problems.push(
        `${where}.${k}: unknown usage key; allowed: ${[...NUMBER_KEYS, ...STRING_KEYS].join(", ")}`,
      );
    }
  }
  return out as UsageValues;
}

/** Validates a parsed usage object; throws one error listing every problem. */
export function parseUsage(raw: unknown, source = "usage"): UsageFile {
  const problems: string[] = [];
  if (raw === undefined || raw === null) return {};
  if (!isRecord(raw)) throw new Error(`Invalid usage file ${source}: expected a map with defaults/resources`);
  for (const k of Object.keys(raw)) {
    if (k !== "defaults" && k !== "resources")
      problems.push(`${k}: unknown top-level key; allowed: defaults, resources`);
  }
  const out: UsageFile = { defaults: checkValues(raw["defaults"], "defaults", problems) };
  const res = raw["resources"];
  if (res !== undefined && res !== null) {
    if (!isRecord(res)) problems.push(`resources: got ${JSON.stringify(res)}; allowed: a map by name or URN`);
    else {
      out.resources = {};
      for (const [name, v] of Object.entries(res))
        out.resources[name] = checkValues(v, `resources.${name}`, problems);
    }
  }
  if (problems.length) throw new Error(`Invalid usage file ${source}:\n  - ${problems.join("\n  - ")}`);
  return out;
}

/** Reads a usage file, YAML or JSON (by content; JSON is YAML). */
export function loadUsageFile(path: string): UsageFile {
  const text = readFileSync(path, "utf8");
  return parseUsage(parseYaml(text), path);
}

/** The usage figures for one resource: per-resource entry, then file defaults, then built-ins. */
export function usageFor(
  usage: UsageFile | undefined,
  name: string,
  urn: string,
): { values: Required<UsageValues>; fromFile: Set<string> } {
  const fromFile = new Set<string>();
  const values: Record<string, unknown> = { ...DEFAULT_USAGE };
  for (const layer of [usage?.defaults, usage?.resources?.[name], usage?.resources?.[urn]]) {
    if (!layer) continue;
    for (const [k, v] of Object.entries(layer)) {
      if (v === undefined) continue;
      values[k] = v;
      fromFile.add(k);
    }
  }
  return { values: values as Required<UsageValues>, fromFile };
}
