#!/usr/bin/env node
// Writes the catalog table (src/catalog/docs.ts, from the built dist/) into docs/analytics.md
// between its markers. Run after `pnpm build`; test/catalog.test.ts fails when they differ.
const fs = require("node:fs");
const path = require("node:path");
const { CATALOG_TABLE_MARKERS, catalogTable } = require("../dist/catalog/docs.js");
const file = path.join(__dirname, "..", "docs", "analytics.md");
const doc = fs.readFileSync(file, "utf8");
const [start, end] = CATALOG_TABLE_MARKERS;
const a = doc.indexOf(start);
const b = doc.indexOf(end);
if (a < 0 || b < a) throw new Error(`${file}: no ${start} ... ${end} markers`);
fs.writeFileSync(file, `${doc.slice(0, a + start.length)}\n${catalogTable()}\n${doc.slice(b)}`);
console.log(`${file}: catalog table written`);
