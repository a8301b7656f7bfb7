#!/usr/bin/env node
// Fails when a function, method or constructor in the given source folders is longer than the
// limit (the component contract in ARCHITECTURE.md: builders under ~120 lines, none above 150).
// Usage: node scripts/function-lengths.mjs [--max 150] [--report 120] <dir> [<dir> ...]
// Each package's `lint` script runs it on its own `src`.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const ts = require("typescript");

const args = process.argv.slice(2);
let max = 150;
let report = Number.POSITIVE_INFINITY;
const dirs = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--max") max = Number(args[++i]);
  else if (args[i] === "--report") report = Number(args[++i]);
  else dirs.push(args[i]);
}
if (!Number.isInteger(max) || max < 1 || dirs.length === 0) {
  console.error("usage: function-lengths.mjs [--max N] [--report N] <dir> [<dir> ...]");
  process.exit(2);
}

function sourceFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(p));
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

function functionName(node) {
  if (ts.isConstructorDeclaration(node)) return `${node.parent.name?.getText() ?? "<class>"}.constructor`;
  if (node.name) return node.name.getText();
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent)) return parent.name.getText();
  if (parent && ts.isPropertyAssignment(parent)) return parent.name.getText();
  return "<anonymous>";
}

const found = [];
for (const dir of dirs) {
  for (const file of sourceFiles(dir)) {
    const sf = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const visit = (node) => {
      if (ts.isFunctionLike(node) && node.body) {
        const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
        const end = sf.getLineAndCharacterOfPosition(node.end).line;
        const lines = end - start + 1;
        if (lines > Math.min(max, report))
          found.push({ lines, at: `${file}:${start + 1}`, name: functionName(node) });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
}
found.sort((a, b) => b.lines - a.lines);
for (const f of found)
  console.log(`${f.lines > max ? "too long" : "long"}  ${f.lines} lines  ${f.name}  ${f.at}`);
const over = found.filter((f) => f.lines > max);
if (over.length > 0) {
  console.error(
    `${over.length} function(s) over ${max} lines: split them into builders (ARCHITECTURE.md, the component contract).`,
  );
  process.exit(1);
}
