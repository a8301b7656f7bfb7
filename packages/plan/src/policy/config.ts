/**
 * Policy pack configuration as the Pulumi CLI reconciles it before it calls the analyzer's
 * `Configure`: every policy gets an enforcement level (per-policy config, then `all`, then the
 * policy's own level, then the pack's) and its config properties with the JSON-schema `default`s
 * filled in. The SDK does not fill defaults itself; the CLI does.
 */
import { nearestKey } from "@berth/core";
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

/**
 * Accepted findings: advisory violations a team has looked at and accepts for a while, kept in
 * `stacks/policy-config/accepted.<env>.yaml`. They live in a file of their own because the pack
 * config files (`<pack>.<env>.json`) are also read by the Pulumi CLI (`--policy-pack-config`),
 * whose parser rejects any top-level value that is not a string or an object
 * (pulumi/pulumi `pkg/resource/analyzer/config.go`, `parsePolicyPackConfig`: "must be a string or
 * object") and would send any other key to the pack as a policy name.
 *
 * ```yaml
 * accepted:
 *   - policy: aws-containers/iam-task-role-no-wildcards   # <pack>/<policy> or <policy>
 *     type: aws:iam/role:Role                            # with name; or urn: <exact URN>
 *     name: "*-lb-controller"                            # `*` matches any characters
 *     reason: The upstream AWS Load Balancer Controller policy, kept verbatim.
 *     expires: 2027-03-31                                # ISO date; the finding returns after it
 * ```
 */
export interface AcceptedFinding {
  /** Policy name, optionally with its pack: `aws-containers/iam-no-aws-managed`. */
  policy: string;
  /** The exact URN of the resource. Either this or `type` and `name`. */
  urn?: string;
  /** Resource type token, `*` wildcards allowed. */
  type?: string;
  /** Logical name, `*` wildcards allowed. */
  name?: string;
  /** Why the finding is accepted; shown in the Markdown report. */
  reason: string;
  /** Last day (YYYY-MM-DD, UTC) the acceptance holds; from the next day the finding is back. */
  expires: string;
}

/** A violation as the acceptance rules see it. */
export interface FindingLike {
  pack?: string;
  policy: string;
  level: string;
  urn?: string;
}

/** What {@link applyAccepted} did. */
export interface AcceptedOutcome<V extends FindingLike> {
  /** Violations still reported. */
  kept: V[];
  /** Violations accepted, each with the acceptance that matched. */
  accepted: Array<{ violation: V; acceptance: AcceptedFinding }>;
  /** Acceptances past their date: the findings they matched are reported again. */
  expired: AcceptedFinding[];
  /** Acceptances that matched no violation (stale: remove them). */
  stale: AcceptedFinding[];
  /** Acceptances that matched a mandatory violation, which cannot be accepted (the CLI would block). */
  refused: AcceptedFinding[];
}

const ACCEPTED_KEYS = ["policy", "urn", "type", "name", "reason", "expires"];
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function validDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/**
 * Validates a parsed accepted-findings document (`{ accepted: [...] }`); throws one error listing
 * every problem, each naming the entry, the field, the value and what is allowed.
 */
export function parseAccepted(raw: unknown, source = "accepted findings"): AcceptedFinding[] {
  if (raw === undefined || raw === null) return [];
  const problems: string[] = [];
  const isRecord = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  if (!isRecord(raw)) throw new Error(`${source}: expected a mapping with an \`accepted\` list`);
  for (const k of Object.keys(raw))
    if (k !== "accepted") problems.push(`${k}: unknown top-level key; allowed: accepted`);
  const list = raw["accepted"] ?? [];
  if (!Array.isArray(list)) problems.push(`accepted: got ${JSON.stringify(list)}; allowed: a list`);
  const out: AcceptedFinding[] = [];
  (Array.isArray(list) ? list : []).forEach((e: unknown, i) => {
    const at = `accepted[${i}]`;
    if (!isRecord(e)) {
      problems.push(`${at}: got ${JSON.stringify(e)}; allowed: a mapping`);
      return;
    }
    for (const k of Object.keys(e)) {
      if (ACCEPTED_KEYS.includes(k)) continue;
      const near = nearestKey(k, ACCEPTED_KEYS);
      problems.push(
        `${at}.${k}: unknown key; allowed: ${ACCEPTED_KEYS.join(", ")}${near ? ` (did you mean ${near}?)` : ""}`,
      );
    }
    const str = (k: string, required: boolean) => {
      const v = e[k];
      if (v === undefined && !required) return undefined;
      if (typeof v !== "string" || v.trim() === "") {
        problems.push(`${at}.${k}: got ${JSON.stringify(v)}; allowed: a non-empty string`);
        return undefined;
      }
      return v;
    };
    const policy = str("policy", true);
    const urn = str("urn", false);
    const type = str("type", false);
    const name = str("name", false);
    const reason = str("reason", true);
    // YAML reads an unquoted 2027-03-31 as a date.
    const rawExpires = e["expires"] instanceof Date ? e["expires"].toISOString().slice(0, 10) : e["expires"];
    if (typeof rawExpires !== "string" || !validDate(rawExpires))
      problems.push(`${at}.expires: got ${JSON.stringify(rawExpires)}; allowed: a date YYYY-MM-DD`);
    if (urn === undefined && (type === undefined || name === undefined))
      problems.push(`${at}: no resource; allowed: \`urn\`, or \`type\` and \`name\``);
    if (urn !== undefined && (type !== undefined || name !== undefined))
      problems.push(`${at}: both \`urn\` and \`type\`/\`name\`; allowed: one of the two`);
    if (policy && reason && typeof rawExpires === "string") {
      const f: AcceptedFinding = { policy, reason, expires: rawExpires };
      if (urn) f.urn = urn;
      if (type) f.type = type;
      if (name) f.name = name;
      out.push(f);
    }
  });
  if (problems.length) throw new Error(`Invalid ${source}:\n  - ${problems.join("\n  - ")}`);
  return out;
}

function glob(pattern: string): RegExp {
  return new RegExp(
    `^${pattern
      .split("*")
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );
}

/** The type and logical name in a URN: `urn:pulumi:dev::proj::a$b:c:D::name` -> `b:c:D`, `name`. */
function typeAndName(urn: string): { type: string; name: string } {
  const parts = urn.split("::");
  const qualified = parts[2] ?? "";
  return { type: qualified.split("$").pop() ?? qualified, name: parts.slice(3).join("::") };
}

/** True when `a` accepts violation `v` (policy and resource match; the date is not checked). */
export function acceptanceMatches(a: AcceptedFinding, v: FindingLike): boolean {
  const policyOk = a.policy.includes("/")
    ? a.policy === `${v.pack ?? ""}/${v.policy}`
    : a.policy === v.policy;
  if (!policyOk || !v.urn) return false;
  if (a.urn) return a.urn === v.urn;
  const { type, name } = typeAndName(v.urn);
  return glob(a.type ?? "").test(type) && glob(a.name ?? "").test(name);
}

/**
 * Splits violations into kept and accepted. An acceptance applies until the end of its `expires`
 * day (UTC) and only to non-mandatory violations: a mandatory one would still block `pulumi up`.
 * @param today YYYY-MM-DD. @default the current UTC date
 */
export function applyAccepted<V extends FindingLike>(
  violations: readonly V[],
  acceptances: readonly AcceptedFinding[],
  today: string = new Date().toISOString().slice(0, 10),
): AcceptedOutcome<V> {
  const out: AcceptedOutcome<V> = { kept: [], accepted: [], expired: [], stale: [], refused: [] };
  const active = acceptances.filter((a) => a.expires >= today);
  out.expired = acceptances.filter((a) => a.expires < today);
  const used = new Set<AcceptedFinding>();
  const refused = new Set<AcceptedFinding>();
  for (const v of violations) {
    const matches = active.filter((a) => acceptanceMatches(a, v));
    const a = matches[0];
    if (a && v.level !== "mandatory") {
      for (const m of matches) used.add(m);
      out.accepted.push({ violation: v, acceptance: a });
    } else {
      for (const m of matches) refused.add(m);
      out.kept.push(v);
    }
  }
  out.refused = [...refused];
  out.stale = active.filter((a) => !used.has(a) && !refused.has(a));
  return out;
}
