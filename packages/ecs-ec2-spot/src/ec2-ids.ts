import { isPlain, type Validator } from "@berth/core";
import type * as pulumi from "@pulumi/pulumi";

/** The EC2 resources whose ids components of this package take. */
export type Ec2IdPrefix = "vpc" | "subnet" | "sg";

const NOUN: Record<Ec2IdPrefix, string> = {
  vpc: "a VPC id",
  subnet: "a subnet id",
  sg: "a security group id",
};

/**
 * True for an EC2 resource id of that kind: `<prefix>-` then lowercase letters and digits. AWS
 * issues 8 or 17 hexadecimal digits (EC2 user guide, "Resource IDs"); shorter test placeholders
 * pass. What this refuses is what is surely wrong: a name, an ARN, a comma-separated list.
 */
export function isEc2Id(value: unknown, prefix: Ec2IdPrefix): boolean {
  return typeof value === "string" && new RegExp(`^${prefix}-[0-9a-z]+$`).test(value);
}

/** Checks one id; skips `undefined` and values not known yet (checked again once known). */
export function checkEc2Id(v: Validator, path: string, value: unknown, prefix: Ec2IdPrefix): boolean {
  if (value === undefined || !isPlain(value as pulumi.Input<unknown>)) return true;
  return v.check(isEc2Id(value, prefix), path, value, `${NOUN[prefix]} (${prefix}-0123456789abcdef0)`);
}

/**
 * Checks a list of ids: a list (not a comma-separated string), at least `min` entries, each id of
 * that kind, each once. Entries not known yet are skipped (checked again once known).
 */
export function checkEc2IdList(
  v: Validator,
  path: string,
  value: unknown,
  prefix: Ec2IdPrefix,
  min: number,
): boolean {
  if (value === undefined || !isPlain(value as pulumi.Input<unknown>)) return true;
  if (!Array.isArray(value)) {
    return v.check(
      false,
      path,
      value,
      `a list of ${NOUN[prefix].slice(2)}s`,
      "give a list, not one comma-separated string.",
    );
  }
  let ok = v.check(
    value.length >= min,
    path,
    value,
    `at least ${min} ${NOUN[prefix].slice(2)}${min === 1 ? "" : "s"}`,
  );
  const seen = new Set<unknown>();
  value.forEach((id, i) => {
    ok = checkEc2Id(v, `${path}[${i}]`, id, prefix) && ok;
    if (isPlain(id as pulumi.Input<unknown>) && seen.has(id)) {
      ok = v.check(false, `${path}[${i}]`, id, "each id once");
    }
    seen.add(id);
  });
  return ok;
}
