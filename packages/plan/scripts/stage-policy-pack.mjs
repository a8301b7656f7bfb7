#!/usr/bin/env node
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
// Stages a CrossGuard pack for `pulumi policy publish`: a directory the Pulumi CLI can `npm
// install` when it enforces the pack. The CLI packs the directory (npm pack) and, on every
// `preview`/`up` that enforces it, runs `npm install` in the downloaded copy; a manifest with
// `workspace:` dependencies (this monorepo's devDependencies) fails there with
// EUNSUPPORTEDPROTOCOL. The staged copy holds:
// - PulumiPolicy.yaml and README.md;
// - the pack's runtime code compiled to CommonJS JavaScript (the `main` entry and every `.ts`
//   file under src/ except tests), so nothing needs TypeScript or ts-node at install time;
// - a package.json with name, version, description, license, `main: index.js` and only the
//   public runtime `dependencies` (exact versions from the registry; no devDependencies, no
//   scripts). A runtime `workspace:` dependency on a package this workspace publishes (not
//   private; e.g. `@berth/resilience`, the model the aws-containers pack shares with `berth plan`)
//   is staged at that package's exact version, as `pnpm publish` replaces the protocol; one on a
//   private or unknown workspace package is an error: it cannot be installed.
//   A peer dependency the runtime code requires (the Pulumi SDK, the AWS provider) becomes a
//   dependency at the exact version the workspace tests the pack with (its devDependencies pin):
//   installed in a project the pack shares the project's copy, but the CLI installs a published
//   pack on its own, where nothing else provides it.
// Independent of how the pack's own package.json builds it: only `name`, `version`, `main`,
// `dependencies`, `peerDependencies` and the `devDependencies` pins of those peers are read.
// Usage: node packages/plan/scripts/stage-policy-pack.mjs <pack-dir> [<out-dir>]
//        (default out-dir: <pack-dir>/.publish)
import { builtinModules, createRequire } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);

/** A staging problem: the pack cannot be published as it is. */
export class StageError extends Error {
  constructor(message) {
    super(message);
    this.name = "StageError";
  }
}

const PUBLIC_VERSION = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

/** The runtime `.ts` files of a pack: its entry and every non-test file under src/. */
function runtimeSources(packDir, main) {
  const out = [main];
  const walk = (dir) => {
    for (const e of readdirSync(path.join(packDir, dir))) {
      const rel = path.join(dir, e);
      if (statSync(path.join(packDir, rel)).isDirectory()) {
        if (e !== "test" && e !== "__tests__") walk(rel);
      } else if (e.endsWith(".ts") && !e.endsWith(".d.ts") && !/\.(test|spec)\.ts$/.test(e)) out.push(rel);
    }
  };
  if (existsSync(path.join(packDir, "src"))) walk("src");
  return [...new Set(out.map((f) => f.split(path.sep).join("/")))];
}

/**
 * The publishable packages of the pnpm workspace holding `dir` (name → version): the directories
 * its `pnpm-workspace.yaml` lists (`- packages/*` globs), private ones excluded. Empty outside a
 * workspace.
 */
function workspacePackages(dir) {
  let root = dir;
  while (!existsSync(path.join(root, "pnpm-workspace.yaml"))) {
    const up = path.dirname(root);
    if (up === root) return new Map();
    root = up;
  }
  const out = new Map();
  const yaml = readFileSync(path.join(root, "pnpm-workspace.yaml"), "utf8");
  const listed = /^packages:\s*\n((?:\s+-\s+.*\n?)+)/m.exec(yaml)?.[1] ?? "";
  for (const m of listed.matchAll(/-\s+["']?([^"'\s]+)\/\*["']?/g)) {
    const base = path.join(root, m[1] ?? "");
    if (!existsSync(base)) continue;
    for (const e of readdirSync(base)) {
      const file = path.join(base, e, "package.json");
      if (!existsSync(file)) continue;
      const p = JSON.parse(readFileSync(file, "utf8"));
      if (p.name && p.version && p.private !== true) out.set(p.name, p.version);
    }
  }
  return out;
}

/** Bare module specifiers `require`d by compiled JavaScript (package names, no subpaths). */
export function requiredPackages(js) {
  const names = new Set();
  for (const m of js.matchAll(/require\("([^"]+)"\)/g)) {
    const spec = m[1] ?? "";
    if (spec.startsWith(".") || spec.startsWith("node:") || builtinModules.includes(spec)) continue;
    const parts = spec.split("/");
    names.add(spec.startsWith("@") ? `${parts[0]}/${parts[1]}` : (parts[0] ?? spec));
  }
  return [...names];
}

/**
 * Stages `packDir` into `outDir` (emptied first). Returns the staged manifest.
 * @param packDir the pack's directory (holds PulumiPolicy.yaml and package.json)
 * @param outDir where to stage @default `<packDir>/.publish`
 */
export function stagePolicyPack(packDir, outDir = path.join(packDir, ".publish")) {
  const pkg = JSON.parse(readFileSync(path.join(packDir, "package.json"), "utf8"));
  if (!existsSync(path.join(packDir, "PulumiPolicy.yaml")))
    throw new StageError(`${packDir}: no PulumiPolicy.yaml (not a policy pack)`);
  const main = pkg.main ?? "index.js";
  if (!main.endsWith(".ts"))
    throw new StageError(`${pkg.name}: main ${main} is not TypeScript; allowed: a .ts entry compiled here`);
  const deps = { ...(pkg.dependencies ?? {}) };
  for (const name of Object.keys(pkg.peerDependencies ?? {})) {
    const pinned = pkg.devDependencies?.[name];
    if (pinned === undefined)
      throw new StageError(
        `${pkg.name}: peer dependency ${name} has no exact version in devDependencies; ` +
          "allowed: a peer the workspace pins (e.g. 3.248.0), which the staged pack depends on",
      );
    deps[name] = pinned;
  }
  const workspace = workspacePackages(packDir);
  for (const [name, version] of Object.entries(deps)) {
    if (String(version).startsWith("workspace:") && workspace.has(name)) deps[name] = workspace.get(name);
  }
  for (const [name, version] of Object.entries(deps)) {
    if (!PUBLIC_VERSION.test(String(version)))
      throw new StageError(
        `${pkg.name}: runtime dependency ${name}@${version} cannot be installed from the registry; ` +
          "allowed: an exact published version (e.g. 1.2.3)",
      );
  }
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const ts = require("typescript");
  const used = new Set();
  const entry = main.replace(/\.ts$/, ".js");
  for (const rel of runtimeSources(packDir, main)) {
    const source = readFileSync(path.join(packDir, rel), "utf8");
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
      },
      fileName: rel,
    });
    for (const name of requiredPackages(outputText)) used.add(name);
    const out = path.join(outDir, rel.replace(/\.ts$/, ".js"));
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, outputText);
  }
  for (const name of used) {
    if (!(name in deps))
      throw new StageError(
        `${pkg.name}: the runtime code requires ${name}, which is not in its dependencies`,
      );
  }
  for (const f of ["PulumiPolicy.yaml", "README.md", "LICENSE"]) {
    if (existsSync(path.join(packDir, f)))
      writeFileSync(path.join(outDir, f), readFileSync(path.join(packDir, f)));
  }
  const manifest = {
    name: pkg.name,
    version: pkg.version,
    ...(pkg.description ? { description: pkg.description } : {}),
    ...(pkg.license ? { license: pkg.license } : {}),
    main: entry,
    dependencies: Object.fromEntries(Object.entries(deps).sort(([a], [b]) => a.localeCompare(b))),
  };
  writeFileSync(path.join(outDir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [packDir, outDir] = process.argv.slice(2);
  if (!packDir) {
    console.error("usage: stage-policy-pack.mjs <pack-dir> [<out-dir>]");
    process.exit(2);
  }
  try {
    const out = path.resolve(outDir ?? path.join(packDir, ".publish"));
    const manifest = stagePolicyPack(path.resolve(packDir), out);
    console.log(`staged ${manifest.name}@${manifest.version} in ${out}`);
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
