/**
 * How a graph resource looks to a policy: the same `Struct` the engine sends to the analyzer, turned
 * back into objects by `@pulumi/policy`'s own `deserializeProperties`. Shared by the in-process
 * runner and the gRPC client so both paths see the same values.
 */

// `@pulumi/policy` ships these as internal (its .d.ts is empty): typed here.
import * as policyDeserialize from "@pulumi/policy/deserialize";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import type { GraphResource, ResourceOptions } from "../graph";
import { decode, SECRET_SIG, SIG_KEY } from "../values";

interface DeserializeModule {
  deserializeProperties(struct: { toJavaScript(): unknown }, proxySecrets: boolean): Record<string, unknown>;
  serializeProperties(value: unknown): Promise<unknown>;
}
const deser = policyDeserialize as unknown as DeserializeModule;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function splitPath(path: string): string[] {
  return path
    .replace(/\[(\d+)\]/g, ".$1")
    .split(".")
    .filter((p) => p !== "");
}

/** Wraps the values at `secretPaths` back into secret envelopes, as the engine would send them. */
export function encodeSecrets(
  value: Record<string, unknown>,
  secretPaths: string[],
): Record<string, unknown> {
  const copy = structuredClone(value);
  // Deepest paths first, so wrapping a parent does not hide a child path.
  const paths = [...new Set(secretPaths)].sort((a, b) => splitPath(b).length - splitPath(a).length);
  for (const path of paths) {
    const parts = splitPath(path);
    if (parts.length === 0) continue;
    let cur: unknown = copy;
    for (const p of parts.slice(0, -1)) {
      if (cur === null || typeof cur !== "object") break;
      cur = (cur as Record<string, unknown>)[p];
    }
    const last = parts[parts.length - 1] as string;
    if (cur !== null && typeof cur === "object" && last in (cur as Record<string, unknown>)) {
      const holder = cur as Record<string, unknown>;
      holder[last] = { [SIG_KEY]: SECRET_SIG, value: holder[last] };
    }
  }
  return copy;
}

/** JSON-safe copy: drops `undefined` (a `Struct` cannot carry it). */
function jsonSafe(value: unknown): Json {
  return JSON.parse(JSON.stringify(value ?? {})) as Json;
}

/** The `Struct` the engine sends for a property map (secrets as envelopes). */
export function toStruct(props: Record<string, unknown>, secretPaths: string[] = []): structproto.Struct {
  const wire = jsonSafe(encodeSecrets(props, secretPaths)) as { [k: string]: Json };
  return structproto.Struct.fromJavaScript(wire);
}

/**
 * Properties as a policy sees them: `deserializeProperties(struct, proxySecrets)` of the SDK.
 * `proxySecrets` is false for validation (secrets unwrapped) and true for remediation.
 */
export function policyProps(
  props: Record<string, unknown>,
  secretPaths: string[],
  proxySecrets: boolean,
): Record<string, unknown> {
  return deser.deserializeProperties(toStruct(props, secretPaths), proxySecrets);
}

/** Turns what a remediation returned back into plain properties plus the paths that are secret. */
export async function fromRemediation(
  result: unknown,
): Promise<{ props: Record<string, unknown>; secretPaths: string[] }> {
  const wire = await deser.serializeProperties(result);
  const decoded = decode(wire);
  return { props: (decoded.value ?? {}) as Record<string, unknown>, secretPaths: decoded.secretPaths };
}

/** Seconds in a Go duration string such as `10m`, `1h30m` or `90s` (0 when absent or unparsable). */
export function durationSeconds(d: string | undefined): number {
  if (!d) return 0;
  const unit: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001, us: 0.000001, ns: 0.000000001 };
  let total = 0;
  let matched = false;
  for (const m of d.matchAll(/(\d+(?:\.\d+)?)(h|ms|us|ns|m|s)/g)) {
    total += Number(m[1]) * (unit[m[2] as string] ?? 0);
    matched = true;
  }
  return matched ? total : 0;
}

/** The `PolicyResourceOptions` the SDK's server builds from the analyzer request. */
export interface PolicyOpts {
  protect: boolean;
  ignoreChanges: string[];
  aliases: string[];
  customTimeouts: { createSeconds: number; updateSeconds: number; deleteSeconds: number };
  additionalSecretOutputs: string[];
  deleteBeforeReplace?: boolean;
  parent?: string;
}

export function policyOpts(r: Pick<GraphResource, "parent"> & { options: ResourceOptions }): PolicyOpts {
  const o = r.options;
  const opts: PolicyOpts = {
    protect: o.protect,
    ignoreChanges: [...o.ignoreChanges],
    aliases: [...o.aliases],
    customTimeouts: {
      createSeconds: durationSeconds(o.customTimeouts?.create),
      updateSeconds: durationSeconds(o.customTimeouts?.update),
      deleteSeconds: durationSeconds(o.customTimeouts?.delete),
    },
    additionalSecretOutputs: [...o.additionalSecretOutputs],
  };
  // The graph cannot tell "false" from "unset"; the engine only marks it defined when set.
  if (o.deleteBeforeReplace) opts.deleteBeforeReplace = true;
  if (r.parent) opts.parent = r.parent;
  return opts;
}

/** URN of the provider in an `urn::id` provider reference. */
export function providerUrn(ref: string | undefined): string | undefined {
  if (!ref) return undefined;
  const i = ref.lastIndexOf("::");
  return i > 0 ? ref.slice(0, i) : ref;
}
