import { isPlainObject, type Validator } from "@berth/core";

/**
 * Refuses arguments a release renamed, naming the new one: `{ cluster: ... }` on a component that
 * now takes `clusterArn` is one issue "no such property (renamed)" with the hint "use clusterArn".
 * List the old names as known to `checkArgsShape` too, so they are not reported twice.
 */
export function checkRenamedArgs(
  v: Validator,
  args: unknown,
  renamed: Readonly<Record<string, string>>,
): void {
  if (!isPlainObject(args)) return;
  for (const [old, now] of Object.entries(renamed)) {
    if (old in args) v.check(false, old, args[old], "no such property (renamed)", `use ${now}`);
  }
}

/**
 * The args without the renamed properties, for the unknown-property check: a misspelt property
 * is then matched against the current names only (`minCapacty` → did you mean `minCapacity`?).
 */
export function withoutRenamed(args: unknown, renamed: Readonly<Record<string, string>>): unknown {
  if (!isPlainObject(args)) return args;
  return Object.fromEntries(Object.entries(args).filter(([key]) => !(key in renamed)));
}
