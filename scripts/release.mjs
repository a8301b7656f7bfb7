#!/usr/bin/env node
// The publish step of .github/workflows/release.yml (`pnpm run release`, called by
// changesets/action once the version pull request is merged).
//
// npm provenance ties each published version to the repository and commit that built it, and npm
// refuses it when package.json `repository.url` names another repository. So the repository
// fields are written here from the run's own GITHUB_SERVER_URL and GITHUB_REPOSITORY, never
// guessed, and `changeset publish` then publishes every package whose version is not on the
// registry yet (each `pnpm publish` runs the package's `prepack` build first).
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// biome-ignore lint/suspicious/noUndeclaredEnvVars: a release step, not a turbo task; GitHub sets it
const server = process.env.GITHUB_SERVER_URL;
// biome-ignore lint/suspicious/noUndeclaredEnvVars: a release step, not a turbo task; GitHub sets it
const repository = process.env.GITHUB_REPOSITORY;
if (!server || !repository) {
  console.error(
    "release: GITHUB_SERVER_URL and GITHUB_REPOSITORY must be set (the release workflow sets both); " +
      `got ${JSON.stringify({ GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository })}`,
  );
  process.exit(2);
}
const base = `${server}/${repository}`;

const dirs = ["packages", "policies"].flatMap((group) =>
  spawnSync("git", ["ls-files", `${group}/*/package.json`], { cwd: root, encoding: "utf8" })
    .stdout.split("\n")
    .filter(Boolean)
    .map((f) => path.dirname(f)),
);
for (const dir of dirs) {
  const file = path.join(root, dir, "package.json");
  const pkg = JSON.parse(readFileSync(file, "utf8"));
  if (pkg.private) continue;
  pkg.repository = { type: "git", url: `git+${base}.git`, directory: dir };
  pkg.homepage = `${base}/tree/main/${dir}#readme`;
  pkg.bugs = { url: `${base}/issues` };
  writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
  console.log(`${pkg.name}: repository ${pkg.repository.url} (${dir})`);
}

const r = spawnSync("pnpm", ["exec", "changeset", "publish"], { cwd: root, stdio: "inherit" });
process.exit(r.status ?? 1);
