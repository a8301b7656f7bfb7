import { isPlain, type Validator } from "@berth/core";
import type * as pulumi from "@pulumi/pulumi";

/**
 * The part of a value that names a child resource: the value itself, or for an ARN its resource
 * part (`function:orders-webhook` → `function-orders-webhook`, `servicenetwork/sn-…`), so that a
 * child is keyed by what it points at, never by its position in a list.
 */
export function childKey(value: string): string {
  return value.startsWith("arn:") ? value.split(":").slice(5).join("-") : value;
}

/**
 * The name suffix of a child created for a list entry: the entry's explicit `key`, else its value
 * when known at plan time; `undefined` when the value is known only at deployment and no key is
 * given (the caller reports it: a list position is never used).
 */
export function entryKey(value: pulumi.Input<string> | undefined, key?: string): string | undefined {
  if (key !== undefined) return key;
  return isPlain(value) && typeof value === "string" ? childKey(value) : undefined;
}

/** A `key` naming a child: it becomes part of a Pulumi resource name (and URN). */
const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/** Checks an explicit child `key`: 1 to 63 letters, digits, `.`, `_` and `-`, starting with a letter or digit. */
export function checkChildKey(v: Validator, path: string, key: string | undefined): boolean {
  if (key === undefined) return true;
  return v.check(
    typeof key === "string" && KEY.test(key),
    path,
    key,
    "1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit",
  );
}
