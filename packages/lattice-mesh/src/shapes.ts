import { isPlain, isPlainObject, type Validator } from "@berth/core";

/**
 * The shape of an argument's collections, checked before any deeper check so that a JavaScript,
 * YAML or other-language caller who passes a string where a list belongs gets a
 * `BerthValidationError` naming the field, never a `TypeError` from inside: `"array"` and
 * `"object"` for a list or object of scalars, `{ array }` for a list of shaped items, `{ fields }`
 * for an object with shaped fields, `{ values }` for a record of shaped values.
 */
export type Shape =
  | "array"
  | "object"
  | { array: Shape }
  | { fields: Record<string, Shape> }
  | { values: Shape };

/**
 * Checks `value` against `shape`. A missing field, or a value known only at deployment, is skipped;
 * a missing list item or record value is not (`item`).
 */
export function checkShape(v: Validator, path: string, value: unknown, shape: Shape, item = false): boolean {
  if (value === undefined) return !item || v.check(false, path, value, "a value");
  if (!isPlain(value)) return true;
  const asArray = shape === "array" || (typeof shape === "object" && "array" in shape);
  if (asArray) {
    if (!v.check(Array.isArray(value), path || "args", value, "a list")) return false;
    if (typeof shape === "object" && "array" in shape) {
      return (value as unknown[]).every((x, i) => checkShape(v, `${path}[${i}]`, x, shape.array, true));
    }
    return true;
  }
  if (!v.check(isPlainObject(value), path || "args", value, "an object")) return false;
  if (typeof shape !== "object") return true;
  const obj = value as Record<string, unknown>;
  const at = (key: string) => (path ? `${path}.${key}` : key);
  if ("values" in shape)
    return Object.entries(obj).every(([k, x]) => checkShape(v, at(k), x, shape.values, true));
  return Object.entries(shape.fields).every(([k, s]) => checkShape(v, at(k), obj[k], s));
}

/** The shape of an auth rule list (`authRules` of a service network and a service). */
export const AUTH_RULES_SHAPE: Shape = {
  array: {
    fields: {
      principals: { fields: { accounts: "array", roleArns: "array", organizationIds: "array" } },
      methods: "array",
      paths: "array",
      sourceVpcs: "array",
      sourceVpcAccounts: "array",
      conditions: { array: { fields: { values: "array" } } },
    },
  },
};
