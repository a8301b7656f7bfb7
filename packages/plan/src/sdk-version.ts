/**
 * The Pulumi SDK range check `berth` runs before it loads anything else. `@berth/plan` drives the
 * SDK's mock engine through its internals (`runtime/mocks`, `runtime/settings`, `runtime/state`),
 * so it runs only with the SDK versions its peer range names, and only when the program it plans
 * loads the same SDK: two copies of different versions fail deep inside the engine
 * (`resp.getUnknown is not a function`). This module checks both and says which versions it found.
 * It must not import `@pulumi/pulumi` itself: an unsupported SDK may fail as it loads.
 */
import { existsSync, readFileSync, realpathSync } from "node:fs";
import * as path from "node:path";

/** The SDK package whose version is checked. */
export const PULUMI_SDK = "@pulumi/pulumi";

/** A parsed `major.minor.patch[-prerelease]` version. */
interface Version {
  major: number;
  minor: number;
  patch: number;
  prerelease: string[];
}

const VERSION = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

function parseVersion(text: string): Version | undefined {
  const m = VERSION.exec(text.trim());
  if (!m) return undefined;
  return {
    major: Number(m[1]),
    minor: Number(m[2]),
    patch: Number(m[3]),
    prerelease: m[4] ? m[4].split(".") : [],
  };
}

/** Orders versions as semver does: a prerelease sorts before its release. */
function compare(a: Version, b: Version): number {
  for (const k of ["major", "minor", "patch"] as const) if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  if (a.prerelease.length === 0 || b.prerelease.length === 0)
    return b.prerelease.length - a.prerelease.length;
  for (let i = 0; i < Math.max(a.prerelease.length, b.prerelease.length); i++) {
    const x = a.prerelease[i];
    const y = b.prerelease[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    const nx = /^\d+$/.test(x) ? Number(x) : undefined;
    const ny = /^\d+$/.test(y) ? Number(y) : undefined;
    if (nx !== undefined && ny !== undefined) return nx < ny ? -1 : 1;
    if (nx !== undefined) return -1;
    if (ny !== undefined) return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

/** One comparison; `derived` marks the upper bound a caret or tilde stands for. */
type Comparator = { op: "<" | "<=" | ">" | ">=" | "="; version: Version; derived?: boolean };

/** `^1.2.3` as the comparators it stands for (npm's caret: no change left of the first non-zero). */
function caret(v: Version): Comparator[] {
  const upper =
    v.major > 0
      ? { major: v.major + 1, minor: 0, patch: 0 }
      : v.minor > 0
        ? { major: 0, minor: v.minor + 1, patch: 0 }
        : { major: 0, minor: 0, patch: v.patch + 1 };
  return [
    { op: ">=", version: v },
    { op: "<", version: { ...upper, prerelease: ["0"] }, derived: true },
  ];
}

/** `~1.2.3`: the same minor version. */
function tilde(v: Version): Comparator[] {
  return [
    { op: ">=", version: v },
    { op: "<", version: { major: v.major, minor: v.minor + 1, patch: 0, prerelease: ["0"] }, derived: true },
  ];
}

/**
 * Parses the subset of npm ranges Berth's package.json files use: `||` of space-separated
 * comparators, each `^x.y.z`, `~x.y.z`, `>=x.y.z`, `>x.y.z`, `<=x.y.z`, `<x.y.z`, `=x.y.z` or
 * `x.y.z`. Returns undefined for anything else (an x-range, a hyphen range, a tag).
 */
function parseRange(range: string): Comparator[][] | undefined {
  const sets: Comparator[][] = [];
  for (const part of range.split("||")) {
    const set: Comparator[] = [];
    const tokens = part.trim().split(/\s+/).filter(Boolean);
    if (tokens.length === 0) return undefined;
    for (const token of tokens) {
      const m = /^(\^|~|>=|<=|>|<|=)?(.+)$/.exec(token);
      const v = m?.[2] ? parseVersion(m[2]) : undefined;
      if (!m || !v) return undefined;
      const op = m[1];
      if (op === "^") set.push(...caret(v));
      else if (op === "~") set.push(...tilde(v));
      else set.push({ op: (op ?? "=") as Comparator["op"], version: v });
    }
    sets.push(set);
  }
  return sets;
}

/**
 * True when `version` is in `range` (the forms {@link parseRange} accepts), as npm decides it: a
 * prerelease sorts before its release, and a prerelease version is in a comparator set only when
 * one of the set's own comparators names a prerelease of the same major.minor.patch.
 * @throws Error when `version` or `range` cannot be parsed, naming it.
 */
export function satisfiesRange(version: string, range: string): boolean {
  const v = parseVersion(version);
  if (!v) throw new Error(`version: got "${version}"; allowed: major.minor.patch[-prerelease]`);
  const sets = parseRange(range);
  if (!sets)
    throw new Error(
      `range: got "${range}"; allowed: "||" of space-separated ^x.y.z, ~x.y.z, >=, >, <=, <, = or x.y.z`,
    );
  const same = (a: Version, b: Version) => a.major === b.major && a.minor === b.minor && a.patch === b.patch;
  return sets.some(
    (set) =>
      (v.prerelease.length === 0 ||
        set.some((c) => !c.derived && c.version.prerelease.length > 0 && same(c.version, v))) &&
      set.every(({ op, version: bound }) => {
        const c = compare(v, bound);
        return op === "<"
          ? c < 0
          : op === "<="
            ? c <= 0
            : op === ">"
              ? c > 0
              : op === ">="
                ? c >= 0
                : c === 0;
      }),
  );
}

/** An installed copy of a package. */
export interface InstalledPackage {
  version: string;
  /** Its directory, symlinks resolved. */
  dir: string;
}

/**
 * The copy of `name` that Node's `node_modules` lookup finds from `fromDir` (each directory up,
 * its `node_modules/<name>`), or undefined when none does. NODE_PATH is left out on purpose: the
 * package managers set it for their scripts, and a program's own imports do not depend on it.
 */
export function findInstalled(name: string, fromDir: string): InstalledPackage | undefined {
  for (let dir = path.resolve(fromDir); ; dir = path.dirname(dir)) {
    const file = path.join(dir, "node_modules", name, "package.json");
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: unknown; version?: unknown };
      if (pkg.name === name && typeof pkg.version === "string")
        return { version: pkg.version, dir: realpathSync(path.dirname(file)) };
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** What {@link checkPulumiSdk} checks. */
export interface SdkCheckOptions {
  /** The `@berth/plan` package directory (its package.json holds the peer range). @default this package */
  planDir?: string;
  /**
   * The directory of the project being planned: when it resolves `@pulumi/pulumi` too, the copy
   * must be the one `@berth/plan` loads or of the same version. @default process.cwd()
   */
  projectDir?: string;
}

/**
 * Checks the Pulumi SDK `@berth/plan` will load: it must be installed, in the range of
 * `peerDependencies["@pulumi/pulumi"]` of `@berth/plan`'s package.json, and the project being
 * planned must not load another version. Returns the problem as one message naming the versions
 * and the fix, or undefined when the SDK is fine.
 */
export function checkPulumiSdk(opts: SdkCheckOptions = {}): string | undefined {
  const planDir = opts.planDir ?? path.resolve(__dirname, "..");
  const projectDir = opts.projectDir ?? process.cwd();
  const plan = JSON.parse(readFileSync(path.join(planDir, "package.json"), "utf8")) as {
    name: string;
    version: string;
    peerDependencies?: Record<string, string>;
  };
  const range = plan.peerDependencies?.[PULUMI_SDK];
  if (!range) throw new Error(`${planDir}/package.json: no peerDependencies["${PULUMI_SDK}"]`);
  const who = `${plan.name} ${plan.version}`;
  const fix = `install a version in that range next to ${plan.name} (npm install ${PULUMI_SDK}@"${range}")`;

  const sdk = findInstalled(PULUMI_SDK, planDir);
  if (!sdk) return `${PULUMI_SDK} is not installed; ${who} needs a version in "${range}": ${fix}.`;
  if (!satisfiesRange(sdk.version, range))
    return (
      `${PULUMI_SDK} ${sdk.version} (${sdk.dir}) is outside the range ${who} supports, "${range}"; ` +
      `${fix}.`
    );
  const project = findInstalled(PULUMI_SDK, projectDir);
  if (project && project.dir !== sdk.dir && project.version !== sdk.version)
    return (
      `two versions of ${PULUMI_SDK}: ${sdk.version} for ${plan.name} (${sdk.dir}) and ` +
      `${project.version} for the project in ${projectDir} (${project.dir}); a program and berth must ` +
      `load one SDK. Make the project's ${PULUMI_SDK} a version in "${range}" and reinstall, so that ` +
      `${plan.name}'s peer dependency resolves to it.`
    );
  return undefined;
}
