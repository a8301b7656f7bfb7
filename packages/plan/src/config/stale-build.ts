import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import * as path from "node:path";

/** A workspace package whose `src/` changed after its `dist/` was built. */
export interface StaleBuild {
  /** Package name from its package.json. */
  name: string;
  /** Package directory. */
  dir: string;
  /** The newest source file and its modification time. */
  newestSource: { file: string; mtimeMs: number };
  /** Modification time of the newest file under `dist/`, or undefined when there is no `dist/`. */
  builtMs?: number;
}

/** The newest file under `dir` (recursively), skipping `node_modules`. */
function newest(dir: string): { file: string; mtimeMs: number } | undefined {
  let best: { file: string; mtimeMs: number } | undefined;
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === "node_modules") continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        const m = statSync(p).mtimeMs;
        if (!best || m > best.mtimeMs) best = { file: p, mtimeMs: m };
      }
    }
  };
  if (existsSync(dir)) walk(dir);
  return best;
}

interface PackageJson {
  name?: string;
  dependencies?: Record<string, string>;
}

function readPackage(dir: string): PackageJson | undefined {
  const file = path.join(dir, "package.json");
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, "utf8")) as PackageJson;
}

/**
 * The workspace packages `dirs` load at run time: the directories themselves and, transitively,
 * every `workspace:` dependency (resolved through `node_modules`, as Node resolves it).
 */
export function workspaceClosure(dirs: readonly string[]): string[] {
  const seen = new Set<string>();
  const visit = (dir: string) => {
    const real = existsSync(dir) ? realpathSync(dir) : dir;
    if (seen.has(real)) return;
    seen.add(real);
    const pkg = readPackage(real);
    for (const [dep, spec] of Object.entries(pkg?.dependencies ?? {})) {
      if (!spec.startsWith("workspace:")) continue;
      const linked = path.join(real, "node_modules", ...dep.split("/"));
      if (existsSync(linked)) visit(linked);
    }
  };
  for (const d of dirs) visit(d);
  return [...seen];
}

/**
 * An installed package (its real path runs through a `node_modules` folder, as npm and pnpm place
 * a package from the registry or a tarball): what was published is what runs, and its files carry
 * their extraction times, so a shipped `src/` can be milliseconds newer than `dist/`.
 */
function isInstalled(dir: string): boolean {
  return dir.split(path.sep).includes("node_modules");
}

/**
 * Packages among `dirs` (and their workspace dependencies) whose newest file under `src/` is newer
 * than their newest file under `dist/`: what would run is not what the sources say. Packages
 * without a `src/` (plain JavaScript) and installed packages are never stale.
 */
export function findStaleBuilds(dirs: readonly string[]): StaleBuild[] {
  const out: StaleBuild[] = [];
  for (const dir of workspaceClosure(dirs)) {
    if (isInstalled(dir)) continue;
    const src = newest(path.join(dir, "src"));
    if (!src) continue;
    const dist = newest(path.join(dir, "dist"));
    if (dist && dist.mtimeMs >= src.mtimeMs) continue;
    const s: StaleBuild = { name: readPackage(dir)?.name ?? path.basename(dir), dir, newestSource: src };
    if (dist) s.builtMs = dist.mtimeMs;
    out.push(s);
  }
  return out;
}
