import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULTS } from "./resolve-fixtures";

/** The FargateService argument table of the README: argument path(s) and the default column. */
function readmeRows(): Array<{ paths: string[]; text: string }> {
  const readme = readFileSync(path.join(__dirname, "..", "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## FargateService"), readme.indexOf("## QueueWorker"));
  const start = section.indexOf("| Argument | Default | Meaning |");
  const table = section.slice(start, section.indexOf("\n\n", start));
  return table
    .split("\n")
    .slice(2)
    .filter((line) => line.startsWith("| `"))
    .map((line) => {
      const [args = "", text = ""] = line
        .split(/(?<!\\)\|/)
        .slice(1, 3)
        .map((c) => c.trim());
      return { paths: [...args.matchAll(/`([^`]+)`/g)].map((m) => m[1] as string), text };
    });
}

/** A default cell as a value: a number, true/false, [], {} or a code literal; undefined for prose. */
function scalar(text: string): { value: unknown } | undefined {
  if (/^-?\d+(\.\d+)?$/.test(text)) return { value: Number(text) };
  if (text === "true" || text === "false") return { value: text === "true" };
  if (text === "[]") return { value: [] };
  if (text === "{}") return { value: {} };
  const code = /^`([^`]+)`$/.exec(text);
  return code ? { value: code[1] } : undefined;
}

describe("README argument table vs resolveFargateServiceArgs", () => {
  const rows = readmeRows();

  it("the table has the rows this test reads", () => {
    expect(rows.length).toBeGreaterThan(50);
  });

  it("every scalar default in the README is the default resolve fills", () => {
    const mismatches: string[] = [];
    for (const { paths, text } of rows) {
      const parsed = scalar(text);
      if (!parsed) continue;
      for (const p of paths) {
        if (!(p in DEFAULTS)) mismatches.push(`${p}: README says ${text}, resolve has no such default`);
        else if (JSON.stringify(DEFAULTS[p]) !== JSON.stringify(parsed.value))
          mismatches.push(`${p}: README says ${text}, resolve fills ${JSON.stringify(DEFAULTS[p])}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it("every default resolve fills is in the README table", () => {
    const documented = new Set(rows.flatMap((r) => r.paths));
    expect(Object.keys(DEFAULTS).filter((p) => !documented.has(p))).toEqual([]);
  });
});
