/**
 * Policy pack configuration as the Pulumi CLI reconciles it before it calls the analyzer's
 * `Configure`: every policy gets an enforcement level (per-policy config, then `all`, then the
 * policy's own level, then the pack's) and its config properties with the JSON-schema `default`s
 * filled in. The SDK does not fill defaults itself; the CLI does.
 */
import type { EnforcementLevel, Policy, PolicyConfigSchema } from "@pulumi/policy";

/** One policy's settings in a config file: a level, or an object with a level and properties. */
export type PolicyConfigEntry =
  | EnforcementLevel
  | { enforcementLevel?: EnforcementLevel; [key: string]: unknown };

/** A pack's config file (`--policy-pack-config`): `all` plus per-policy entries. */
export type PolicyPackConfig = Record<string, PolicyConfigEntry>;

/** What the CLI sends in `Configure` for one policy. */
export interface ResolvedPolicyConfig {
  enforcementLevel: EnforcementLevel;
  properties: Record<string, unknown>;
}

const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

function levelOf(entry: PolicyConfigEntry | undefined): EnforcementLevel | undefined {
  if (entry === undefined) return undefined;
  if (typeof entry === "string") return entry;
  return entry.enforcementLevel;
}

function typeOk(type: unknown, v: unknown): boolean {
  const types = Array.isArray(type) ? type : [type];
  return types.some((t) => {
    switch (t) {
      case undefined:
        return true;
      case "string":
        return typeof v === "string";
      case "number":
        return typeof v === "number";
      case "integer":
        return typeof v === "number" && Number.isInteger(v);
      case "boolean":
        return typeof v === "boolean";
      case "array":
        return Array.isArray(v);
      case "object":
        return typeof v === "object" && v !== null && !Array.isArray(v);
      case "null":
        return v === null;
      default:
        return true;
    }
  });
}

/** Checks a value against the small part of JSON Schema policy packs use (type, enum, items, bounds). */
function checkValue(schema: Record<string, unknown>, v: unknown, path: string, errors: string[]): void {
  if (!typeOk(schema["type"], v)) {
    errors.push(`${path}: got ${JSON.stringify(v)}; expected type ${JSON.stringify(schema["type"])}`);
    return;
  }
  const en = schema["enum"];
  if (Array.isArray(en) && !en.some((e) => JSON.stringify(e) === JSON.stringify(v)))
    errors.push(`${path}: got ${JSON.stringify(v)}; allowed: ${en.map((e) => JSON.stringify(e)).join(", ")}`);
  if (typeof v === "number") {
    const min = schema["minimum"];
    const max = schema["maximum"];
    if (typeof min === "number" && v < min) errors.push(`${path}: got ${v}; minimum ${min}`);
    if (typeof max === "number" && v > max) errors.push(`${path}: got ${v}; maximum ${max}`);
  }
  const items = schema["items"];
  if (Array.isArray(v) && items && typeof items === "object" && !Array.isArray(items))
    v.forEach((x, i) => {
      checkValue(items as Record<string, unknown>, x, `${path}[${i}]`, errors);
    });
}

/**
 * Reconciles a pack's config like the CLI: levels resolved, schema defaults applied, values checked
 * against the schema (an invalid config throws, naming the policy and the property).
 */
export function reconcilePolicyConfig(
  policies: readonly Policy[],
  packLevel: EnforcementLevel,
  config: PolicyPackConfig = {},
): Record<string, ResolvedPolicyConfig> {
  const errors: string[] = [];
  const all = levelOf(config["all"]);
  const out: Record<string, ResolvedPolicyConfig> = {};
  for (const p of policies) {
    const entry = config[p.name];
    const level = levelOf(entry) ?? all ?? p.enforcementLevel ?? packLevel;
    if (!LEVELS.includes(level)) errors.push(`${p.name}.enforcementLevel: got ${JSON.stringify(level)}`);
    const given: Record<string, unknown> = {};
    if (entry !== undefined && typeof entry === "object") {
      for (const [k, v] of Object.entries(entry)) if (k !== "enforcementLevel") given[k] = v;
    }
    const schema: PolicyConfigSchema | undefined = p.configSchema;
    const properties: Record<string, unknown> = {};
    const props = (schema?.properties ?? {}) as Record<string, Record<string, unknown>>;
    for (const [k, s] of Object.entries(props)) {
      if ("default" in s && s["default"] !== undefined) properties[k] = structuredClone(s["default"]);
    }
    for (const [k, v] of Object.entries(given)) {
      if (schema && !(k in props)) errors.push(`${p.name}.${k}: not in the policy's config schema`);
      properties[k] = v;
    }
    for (const [k, v] of Object.entries(properties)) {
      const s = props[k];
      if (s) checkValue(s, v, `${p.name}.${k}`, errors);
    }
    for (const req of schema?.required ?? []) {
      if (!(req in properties)) errors.push(`${p.name}.${req}: required`);
    }
    out[p.name] = { enforcementLevel: level, properties };
  }
  if (errors.length) throw new Error(`Invalid policy pack config:\n  - ${errors.join("\n  - ")}`);
  return out;
}
