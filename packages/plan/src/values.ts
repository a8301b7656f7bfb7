/**
 * How values look on the wire between a Pulumi program and the engine, and how the plan engine
 * turns them into plain JSON for the graph, reports and policies.
 */

/** The sentinel the engine and the policy runtime use for a value unknown during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** Key that marks a special object (secret, resource reference, asset) on the wire. */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
/** Signature of a secret envelope `{ [SIG_KEY]: SECRET_SIG, value }`. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
/** Signature of a resource reference `{ [SIG_KEY]: RESOURCE_SIG, urn, id? }`. */
export const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
/** Signature of an output value `{ [SIG_KEY]: OUTPUT_SIG, value?, secret?, dependencies? }`. */
export const OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";

/** True when `v` is the preview-unknown sentinel. */
export function isUnknown(v: unknown): boolean {
  return v === UNKNOWN;
}

/** A wire value decoded to plain JSON, with the paths of secrets and unknowns. */
export interface Decoded {
  value: unknown;
  secretPaths: string[];
  unknownPaths: string[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Decodes a wire value: secrets are unwrapped and their paths recorded, unknowns stay the
 * {@link UNKNOWN} sentinel (as policies see them) and their paths are recorded, resource
 * references become their URN.
 */
export function decode(raw: unknown): Decoded {
  const secretPaths: string[] = [];
  const unknownPaths: string[] = [];
  const walk = (v: unknown, path: string): unknown => {
    if (v === UNKNOWN) {
      unknownPaths.push(path);
      return UNKNOWN;
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${path}[${i}]`));
    if (isRecord(v)) {
      const sig = v[SIG_KEY];
      if (sig === SECRET_SIG) {
        secretPaths.push(path);
        return walk(v["value"], path);
      }
      if (sig === RESOURCE_SIG) return v["urn"];
      if (sig === OUTPUT_SIG) {
        if (v["secret"]) secretPaths.push(path);
        if (!("value" in v)) {
          unknownPaths.push(path);
          return UNKNOWN;
        }
        return walk(v["value"], path);
      }
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x, path ? `${path}.${k}` : k);
      return out;
    }
    return v;
  };
  const value = walk(raw, "");
  return { value, secretPaths, unknownPaths };
}

/** Reads a dotted/indexed path (`a.b[0].c`) from a plain value. */
export function getPath(value: unknown, path: string): unknown {
  if (!path) return value;
  let cur: unknown = value;
  for (const part of path.replace(/\[(\d+)\]/g, ".$1").split(".")) {
    if (cur === null || cur === undefined) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}
