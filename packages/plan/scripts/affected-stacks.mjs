#!/usr/bin/env node
// Which layers that CI deploys a change touches, for the preview matrix (preview.yml).
// Usage: node packages/plan/scripts/affected-stacks.mjs <base-ref> [<head-ref>]
// Prints a JSON array of layer names (e.g. ["platform","workloads"]) in deployment order.
//
// Rules (each closes a gap of `turbo ls --affected`):
// - files that change what every `pulumi preview`/`up` runs select every layer: the policy packs
//   and their per-environment configs, the CLI version, Node, the lockfile, the workflows;
// - a file of a workspace package selects the layers whose *runtime* dependencies reach it
//   (package.json `dependencies`, transitively). devDependencies are not followed: every stack
//   devDepends on both policy packs and on @berth/plan for its tests, which would select every
//   layer for any change;
// - tests and Markdown change no deployed program.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

/** The layers deploy.yml applies, in order. The account layer is applied by hand (docs/operations.md). */
export const CI_LAYERS = ["network", "platform", "workloads"];

/** Paths (exact files, or directories ending in `/`) whose change selects every layer. */
export const EVERY_LAYER_PATHS = [
  ".github/",
  "policies/",
  "stacks/policy-config/",
  ".pulumi.version",
  ".nvmrc",
  "package.json",
  "pnpm-lock.yaml",
  "pnpm-workspace.yaml",
  "tsconfig.base.json",
  "turbo.json",
];

const WORKSPACE_DIRS = ["packages", "policies", "stacks"];

/** Workspace packages under `root`: directory (relative, `/`-separated) → name and runtime deps. */
export function readWorkspace(root) {
  const out = {};
  for (const top of WORKSPACE_DIRS) {
    const dir = path.join(root, top);
    if (!existsSync(dir)) continue;
    for (const d of readdirSync(dir)) {
      const file = path.join(dir, d, "package.json");
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, "utf8"));
      out[`${top}/${d}`] = { name: pkg.name, dependencies: Object.keys(pkg.dependencies ?? {}) };
    }
  }
  return out;
}

const inert = (file) => /(^|\/)test\//.test(file) || file.endsWith(".md");

/**
 * The CI layers `changed` (repository-relative paths) affects, in {@link CI_LAYERS} order.
 * @param changed changed files, `/`-separated, relative to the repository root
 * @param workspace the output of {@link readWorkspace}
 */
export function affectedLayers(changed, workspace) {
  const hits = (file, p) => (p.endsWith("/") ? file.startsWith(p) : file === p);
  if (changed.some((f) => EVERY_LAYER_PATHS.some((p) => hits(f, p)))) return [...CI_LAYERS];
  const dirOf = (file) => Object.keys(workspace).find((d) => file.startsWith(`${d}/`));
  const changedNames = new Set(
    changed
      .filter((f) => !inert(f))
      .map(dirOf)
      .filter((d) => d !== undefined)
      .map((d) => workspace[d].name),
  );
  const byName = Object.fromEntries(Object.values(workspace).map((p) => [p.name, p]));
  const reaches = (name, seen = new Set()) => {
    if (changedNames.has(name)) return true;
    if (seen.has(name)) return false;
    seen.add(name);
    return (byName[name]?.dependencies ?? []).some((dep) => byName[dep] && reaches(dep, seen));
  };
  return CI_LAYERS.filter((layer) => {
    const pkg = workspace[`stacks/${layer}`];
    return pkg !== undefined && reaches(pkg.name);
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [base, head = "HEAD"] = process.argv.slice(2);
  if (!base) {
    console.error("usage: affected-stacks.mjs <base-ref> [<head-ref>]");
    process.exit(2);
  }
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
  const changed = execFileSync("git", ["diff", "--name-only", `${base}...${head}`], {
    cwd: root,
    encoding: "utf8",
  })
    .split("\n")
    .filter(Boolean);
  console.log(JSON.stringify(affectedLayers(changed, readWorkspace(root))));
}
