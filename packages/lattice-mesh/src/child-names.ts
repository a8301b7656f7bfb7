import { isPlain, isPlainObject, type Validator } from "@berth/core";
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

/** A child created per entry of a list or record: its name, and its former positional name (an alias). */
export interface KeyedChild<T> {
  /** Logical name. */
  logicalName: string;
  /** The former positional name; an alias when it differs from `logicalName`. */
  formerName: string;
  /** The entry. */
  value: T;
}

/** A child named by a caller's record key. */
export interface RecordChild<T> extends KeyedChild<T> {
  /** The caller's key. */
  key: string;
}

/**
 * A caller's key in a record of children (`serviceNetworks`, `shareWith`): it becomes part of a
 * Pulumi resource name. It starts with a letter, so a new name never takes a former positional
 * name (`<prefix>-0`), which is every child's alias.
 */
const RECORD_KEY = /^[A-Za-z][A-Za-z0-9-]{0,62}$/;
const RECORD_KEY_ALLOWED =
  "keys of 1 to 63 letters, digits and hyphens, starting with a letter (each key names a child)";

/** What a record of children holds, and what a program that passed the former list writes instead. */
export interface KeyedRecordSpec {
  /** The values, plural, e.g. `service network ids or ARNs`. */
  values: string;
  /** One value, e.g. `a service network id or ARN`. */
  value: string;
  /** The record form in code, e.g. `` `serviceNetworks: { platform: network.serviceNetworkId }` ``. */
  example: string;
  /** The children the keys name, e.g. `associations`. */
  children: string;
}

/**
 * The children of a record keyed by the caller (`<prefix>-<key>`), in key order, each with its
 * former positional name (`<prefix>-<i>`, `i` the key's position) as an alias: a program that
 * writes its old list's entries as keys in the same order upgrades without a replacement. The
 * former list form is refused with that advice. A value may be known only at deployment.
 */
export function keyedRecord(
  v: Validator,
  path: string,
  prefix: string,
  record: unknown,
  spec: KeyedRecordSpec,
): RecordChild<pulumi.Input<string>>[] {
  if (record === undefined) return [];
  const allowed = `an object of ${spec.values} keyed by a name you choose`;
  if (Array.isArray(record)) {
    v.add({
      path,
      // An Output cannot be rendered (its toJSON throws a page of advice).
      value: record.map((x) => (isPlain(x) ? x : "(known at deployment)")),
      allowed: `${allowed} (a list is no longer accepted)`,
      hint: `write ${spec.example}, keys in the order of the old list (the ${spec.children} keep their state through aliases)`,
    });
    return [];
  }
  if (!v.check(isPlainObject(record), path, record, `${allowed}, e.g. ${spec.example}`)) return [];
  const children: RecordChild<pulumi.Input<string>>[] = [];
  Object.entries(record as Record<string, unknown>).forEach(([key, value], i) => {
    const keyOk = v.check(RECORD_KEY.test(key), path, key, RECORD_KEY_ALLOWED);
    const valueOk = v.required(`${path}.${key}`, value, spec.value);
    if (keyOk && valueOk)
      children.push({
        key,
        logicalName: `${prefix}-${key}`,
        formerName: `${prefix}-${i}`,
        value: value as pulumi.Input<string>,
      });
  });
  return children;
}
