/**
 * The shared vocabulary of checks that every component and stack schema uses: ranges, allowed
 * values, ARNs, CIDRs, unknown properties and AWS character sets. One implementation each; the
 * `Validator` methods in `errors.ts` wrap them into issues.
 */

/**
 * The retention periods CloudWatch Logs accepts, in days.
 * Source: CloudWatch Logs API reference, PutRetentionPolicy `retentionInDays` ("Possible values
 * are: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557,
 * 2922, 3288, and 3653").
 */
export const LOG_RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/**
 * The characters EC2 allows in a security group's description and in a rule's description, and
 * their maximum length (255).
 * Source: EC2 API reference, CreateSecurityGroup `GroupDescription` ("Up to 255 characters in
 * length. Valid characters: a-z, A-Z, 0-9, spaces, and ._-:/()#,@[]+=&;{}!$*") and IpRange /
 * Ipv6Range / PrefixListId / UserIdGroupPair `Description` (the same set).
 */
export const EC2_DESCRIPTION_PATTERN = /^[a-zA-Z0-9. _\-:/()#,@[\]+=&;{}!$*]*$/;
/** The longest EC2 security group or rule description (see {@link EC2_DESCRIPTION_PATTERN}). */
export const EC2_DESCRIPTION_MAX_LENGTH = 255;
/** {@link EC2_DESCRIPTION_PATTERN} in words, for messages. */
export const EC2_DESCRIPTION_ALLOWED =
  "up to 255 characters of a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{}!$*";

/** The characters of `value` that EC2 does not allow in a description, each once, in order. */
export function ec2DescriptionInvalidChars(value: string): string[] {
  const bad: string[] = [];
  for (const ch of value) if (!EC2_DESCRIPTION_PATTERN.test(ch) && !bad.includes(ch)) bad.push(ch);
  return bad;
}

// --- ARNs ---

/**
 * The partitions an ARN may name.
 * Source: the AWS SDKs' partition table (`@aws-sdk/core` 3.981,
 * `submodules/client/util-endpoints/lib/aws/partitions.js`, the `id` of each partition).
 */
export const ARN_PARTITIONS: readonly string[] = [
  "aws",
  "aws-cn",
  "aws-us-gov",
  "aws-iso",
  "aws-iso-b",
  "aws-iso-e",
  "aws-iso-f",
  "aws-eusc",
];

/** The parts of an ARN: `arn:partition:service:region:account-id:resource`. */
export interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  account: string;
  /** Everything after the fifth colon, e.g. `role/path/name` or `secret:db-password-AbCdEf`. */
  resource: string;
  /**
   * The resource type: the part of `resource` before its first `/` or `:` (`role`, `secret`,
   * `cluster`), or `undefined` when the resource has neither (an S3 bucket's ARN).
   */
  resourceType: string | undefined;
  /** The resource id: what follows the resource type (or the whole resource when it has none). */
  resourceId: string;
}

/**
 * Parses an ARN in the format of the AWS General Reference ("Amazon Resource Names (ARNs)"):
 * `arn:partition:service:region:account-id:resource-id`, `...:resource-type/resource-id` or
 * `...:resource-type:resource-id`. Returns `undefined` for anything else (a name, an empty
 * string, an unknown partition, a service with other than lower-case letters, digits and `-`,
 * an account that is neither empty nor 12 digits, or an empty resource).
 */
export function parseArn(value: unknown): ParsedArn | undefined {
  if (typeof value !== "string") return undefined;
  const parts = value.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return undefined;
  const [, partition = "", service = "", region = "", account = ""] = parts;
  const resource = parts.slice(5).join(":");
  if (!ARN_PARTITIONS.includes(partition)) return undefined;
  if (!/^[a-z0-9][a-z0-9-]*$/.test(service)) return undefined;
  // Region shapes of the same partition table (`us-east-1`, `cn-north-1`, `us-isob-east-1`, `eusc-de-east-1`).
  if (region !== "" && !/^[a-z]{2,4}(-[a-z]+)+-\d+$/.test(region)) return undefined;
  // Account ids are 12 digits; managed policies use the literal `aws` (arn:aws:iam::aws:policy/...).
  if (account !== "" && account !== "aws" && !/^\d{12}$/.test(account)) return undefined;
  if (resource === "" || /\s/.test(resource)) return undefined;
  const cut = resource.search(/[/:]/);
  const resourceType = cut > 0 ? resource.slice(0, cut) : undefined;
  const resourceId = cut > 0 ? resource.slice(cut + 1) : resource;
  return { partition, service, region, account, resource, resourceType, resourceId };
}

/** What an ARN-valued field must name: its service and, optionally, its resource type(s). */
export interface ArnSpec {
  /** The service part, e.g. `iam`, `ecs`, `secretsmanager`; any of them when an array. */
  service: string | readonly string[];
  /** The resource type, e.g. `role`, `cluster`, `secret`; any of them when an array. */
  resourceType?: string | readonly string[];
}

const list = (v: string | readonly string[]): readonly string[] => (typeof v === "string" ? [v] : v);

/** Describes an {@link ArnSpec} in words: `an ARN of an iam role (arn:<partition>:iam::<account>:role/...)`. */
export function describeArnSpec(spec: ArnSpec): string {
  const services = list(spec.service);
  const types = spec.resourceType === undefined ? undefined : list(spec.resourceType);
  const what = `${services.join(" or ")}${types ? ` ${types.join(" or ")}` : ""}`;
  const shape = `arn:<partition>:${services[0]}:<region>:<account>:${types ? `${types[0]}/...` : "..."}`;
  return `an ARN of ${/^[aeiou]/.test(what) ? "an" : "a"} ${what} (${shape})`;
}

/** True when `value` is an ARN of the service and resource type in `spec`. */
export function isArnOf(value: unknown, spec: ArnSpec): boolean {
  const arn = parseArn(value);
  if (!arn) return false;
  if (!list(spec.service).includes(arn.service)) return false;
  if (spec.resourceType === undefined) return true;
  return arn.resourceType !== undefined && list(spec.resourceType).includes(arn.resourceType);
}

// --- CIDRs ---

/** A parsed CIDR block: its family, the first address as a number, the prefix length. */
export interface ParsedCidr {
  family: "ipv4" | "ipv6";
  /** The address part as an unsigned integer (32 or 128 bits). */
  address: bigint;
  prefix: number;
  /** True when any bit below the prefix is set (`10.0.0.1/24`): not a network address. */
  hostBits: boolean;
}

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

function parseIpv4(s: string): bigint | undefined {
  const octets = s.split(".");
  if (octets.length !== 4 || !octets.every((o) => OCTET.test(o))) return undefined;
  return octets.reduce((acc, o) => (acc << 8n) | BigInt(Number(o)), 0n);
}

function parseIpv6(s: string): bigint | undefined {
  if (!/^[0-9a-fA-F:]+$/.test(s) || s.includes(":::")) return undefined;
  const halves = s.split("::");
  if (halves.length > 2) return undefined;
  const groups = (h: string | undefined) => (h === undefined || h === "" ? [] : h.split(":"));
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return all.reduce((acc, g) => (acc << 16n) | BigInt(Number.parseInt(g, 16)), 0n);
}

/**
 * Parses a CIDR block (`10.0.0.0/16`, `2001:db8::/32`). Returns `undefined` when it is not one:
 * no prefix, a prefix out of range (0-32, 0-128), octets above 255 or with leading zeros, a
 * malformed IPv6 address.
 */
export function parseCidr(value: unknown): ParsedCidr | undefined {
  if (typeof value !== "string") return undefined;
  const slash = value.indexOf("/");
  if (slash < 0) return undefined;
  const addr = value.slice(0, slash);
  const prefixText = value.slice(slash + 1);
  if (!/^(0|[1-9]\d{0,2})$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  const family = addr.includes(":") ? "ipv6" : "ipv4";
  const bits = family === "ipv4" ? 32 : 128;
  if (prefix > bits) return undefined;
  const address = family === "ipv4" ? parseIpv4(addr) : parseIpv6(addr);
  if (address === undefined) return undefined;
  const hostMask = (1n << BigInt(bits - prefix)) - 1n;
  return { family, address, prefix, hostBits: (address & hostMask) !== 0n };
}

/**
 * True when the union of the given CIDR blocks is the whole IPv4 internet (`0.0.0.0/0`) or the
 * whole IPv6 internet (`::/0`): `["0.0.0.0/1", "128.0.0.0/1"]` is as open as `0.0.0.0/0`.
 * Blocks that do not parse are ignored (their syntax is checked elsewhere).
 */
export function coversInternet(cidrs: readonly unknown[]): boolean {
  for (const family of ["ipv4", "ipv6"] as const) {
    const bits = family === "ipv4" ? 32 : 128;
    const ranges = cidrs
      .map(parseCidr)
      .filter((c): c is ParsedCidr => c !== undefined && c.family === family)
      .map((c) => {
        const size = 1n << BigInt(bits - c.prefix);
        const start = (c.address / size) * size;
        return [start, start + size - 1n] as const;
      })
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    let next = 0n;
    for (const [start, end] of ranges) {
      if (start > next) break;
      if (end + 1n > next) next = end + 1n;
    }
    if (ranges.length > 0 && next === 1n << BigInt(bits)) return true;
  }
  return false;
}

// --- Unknown properties ---

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] ?? 0;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] ?? 0;
      prev[j] = Math.min(up + 1, (prev[j - 1] ?? 0) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length] ?? 0;
}

/**
 * The known key closest to `key` (`desiredCout` → `desiredCount`, `lifecycleRule` →
 * `lifecycleRules`), or `undefined` when none is close: a case-insensitive match, else the
 * smallest edit distance of at most a third of the key's length (at least 2).
 */
export function nearestKey(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const exact = known.find((k) => k.toLowerCase() === lower);
  if (exact !== undefined) return exact;
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 3)) + 1;
  for (const k of known) {
    const d = editDistance(lower, k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

/** True for a plain object (`{}` or `Object.create(null)`), not an array, class instance or null. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
