/**
 * Reads a stack's configuration (`Pulumi.<stack>.yaml`, namespace = project name) into a typed
 * object through a zod schema. A wrong key or value fails with one error that lists every
 * problem: the key, the value given and what is allowed.
 *
 * Every Pulumi project under stacks/ reads its config through this package.
 */
import { nearestKey, renderValue } from "@berth/core";
import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";

/** Every problem with a stack's configuration, in one error. */
export class StackConfigError extends Error {
  constructor(
    readonly where: string,
    readonly issues: ReadonlyArray<{ key: string; value: unknown; allowed: string }>,
  ) {
    super(
      `Invalid configuration for stack ${where}:\n` +
        issues.map((i) => `  - ${i.key}: got ${renderValue(i.value)}; allowed: ${i.allowed}.`).join("\n"),
    );
    this.name = "StackConfigError";
  }
}

const JSONISH = /^(\{|\[|true$|false$|null$|-?\d+(\.\d+)?$)/;

/** The `<namespace>:*` keys of a config map, values parsed from the strings Pulumi stores. */
export function rawConfig(namespace: string, all: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(all)) {
    if (!k.startsWith(`${namespace}:`)) continue;
    let value: unknown = v;
    if (JSONISH.test(v.trim())) {
      try {
        value = JSON.parse(v);
      } catch {
        value = v;
      }
    }
    out[k.slice(namespace.length + 1)] = value;
  }
  return out;
}

function at(value: unknown, path: readonly PropertyKey[]): unknown {
  let cur = value;
  for (const p of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[p];
  }
  return cur;
}

/** The slice of a zod schema's internals this file reads (zod 4 `_zod.def`). */
interface SchemaNode {
  _zod: {
    def: {
      type: string;
      innerType?: SchemaNode;
      in?: SchemaNode;
      element?: SchemaNode;
      shape?: Record<string, SchemaNode>;
    };
  };
}

/** The schema under defaults, optionals and pipes (`.default()`, `.optional()`, `.transform()`). */
function unwrap(node: SchemaNode): SchemaNode {
  let cur = node;
  for (;;) {
    const def = cur._zod.def;
    const inner = ["default", "prefault", "optional", "nullable", "readonly", "catch"].includes(def.type)
      ? def.innerType
      : def.type === "pipe"
        ? def.in
        : undefined;
    if (!inner) return cur;
    cur = inner;
  }
}

/** The keys of the object schema at `path` (through arrays and wrappers), if it is one. */
function knownKeysAt(schema: z.ZodObject, path: readonly PropertyKey[]): string[] | undefined {
  let cur = unwrap(schema as unknown as SchemaNode);
  for (const p of path) {
    const def = cur._zod.def;
    const next = typeof p === "number" ? def.element : def.shape?.[String(p)];
    if (!next) return undefined;
    cur = unwrap(next);
  }
  const shape = cur._zod.def.shape;
  return shape ? Object.keys(shape) : undefined;
}

function keyOf(namespace: string, path: readonly PropertyKey[]): string {
  const [first, ...rest] = path;
  return (
    `${namespace}:${String(first ?? "")}` +
    rest.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("")
  );
}

/**
 * Parses `raw` (see {@link rawConfig}) with a strict object schema. Throws a
 * {@link StackConfigError} naming `where` (e.g. `berth-network/dev`) and every bad key.
 */
export function parseConfig<S extends z.ZodObject>(
  schema: S,
  raw: Record<string, unknown>,
  namespace: string,
  where: string,
): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issues: Array<{ key: string; value: unknown; allowed: string }> = [];
  for (const issue of result.error.issues) {
    if (issue.code === "unrecognized_keys") {
      const parent = at(raw, issue.path);
      const known = knownKeysAt(schema, issue.path);
      for (const k of issue.keys) {
        const near = known ? nearestKey(k, known) : undefined;
        issues.push({
          key: keyOf(namespace, [...issue.path, k]),
          value: at(parent, [k]),
          allowed:
            (near ? `no such key (did you mean "${near}"?)` : "no such key") +
            (known ? `; known keys: ${known.join(", ")}` : ""),
        });
      }
      continue;
    }
    const value = at(raw, issue.path);
    let allowed: string;
    if (issue.code === "invalid_value")
      allowed = `one of ${issue.values.map((v) => renderValue(v)).join(", ")}`;
    else if (issue.code === "invalid_type")
      allowed = value === undefined ? `a ${issue.expected} (required)` : `a ${issue.expected}`;
    else if (issue.code === "too_small")
      allowed = issue.origin === "array" ? `at least ${issue.minimum} items` : `at least ${issue.minimum}`;
    else if (issue.code === "too_big")
      allowed = issue.origin === "array" ? `at most ${issue.maximum} items` : `at most ${issue.maximum}`;
    else allowed = issue.message;
    if (value === undefined && !allowed.endsWith("(required)")) allowed += " (required)";
    issues.push({ key: keyOf(namespace, issue.path), value, allowed });
  }
  throw new StackConfigError(where, issues);
}

/** Reads and parses the running stack's configuration (namespace = the project name). */
export function loadStackConfig<S extends z.ZodObject>(schema: S): z.output<S> {
  const project = pulumi.getProject();
  const stack = pulumi.getStack();
  return parseConfig(
    schema,
    rawConfig(project, pulumi.runtime.allConfig()),
    project,
    `${project}/${stack} (Pulumi.${stack}.yaml)`,
  );
}

export { awakeConfigShape, checkAwakeConfig, refuseSleepInProd } from "./awake";
export {
  type LayerOutput,
  type LayerOutputs,
  type LayerProject,
  layerReference,
  layerStackName,
} from "./layers";
export { arnOf, type CoreCheck, cidrBlock, intIn, logRetentionDays, zodCheck } from "./zod-checks";
