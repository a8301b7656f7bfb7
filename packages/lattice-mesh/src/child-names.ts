import { isPlain } from "@berth/core";
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
