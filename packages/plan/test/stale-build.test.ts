import { mkdirSync, mkdtempSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { findStaleBuilds, workspaceClosure } from "../src/config/stale-build";

function pkg(root: string, name: string, deps: Record<string, string> = {}): string {
  const dir = path.join(root, name.replace("@x/", ""));
  mkdirSync(path.join(dir, "src"), { recursive: true });
  mkdirSync(path.join(dir, "dist"), { recursive: true });
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, dependencies: deps }));
  writeFileSync(path.join(dir, "src", "index.ts"), "export {};\n");
  writeFileSync(path.join(dir, "dist", "index.js"), "\n");
  return dir;
}

const at = (file: string, iso: string) => utimesSync(file, new Date(iso), new Date(iso));

describe("stale builds", () => {
  it("follow workspace dependencies through node_modules and name the stale package", () => {
    const root = mkdtempSync(path.join(tmpdir(), "berth-ws-"));
    const core = pkg(root, "@x/core");
    const stack = pkg(root, "@x/stack", { "@x/core": "workspace:*", zod: "4.0.0" });
    mkdirSync(path.join(stack, "node_modules", "@x"), { recursive: true });
    symlinkSync(core, path.join(stack, "node_modules", "@x", "core"));
    expect(workspaceClosure([stack]).map((d) => path.basename(d))).toEqual(["stack", "core"]);
    at(path.join(stack, "src", "index.ts"), "2026-01-01T00:00:00Z");
    at(path.join(stack, "dist", "index.js"), "2026-01-02T00:00:00Z");
    at(path.join(core, "dist", "index.js"), "2026-01-01T00:00:00Z");
    at(path.join(core, "src", "index.ts"), "2026-01-03T00:00:00Z");
    const stale = findStaleBuilds([stack]);
    expect(stale.map((s) => s.name)).toEqual(["@x/core"]);
    expect(stale[0]?.builtMs).toBe(Date.parse("2026-01-01T00:00:00Z"));
    at(path.join(core, "dist", "index.js"), "2026-01-04T00:00:00Z");
    expect(findStaleBuilds([stack])).toEqual([]);
  });

  it("treat a package with sources and no dist/ as stale", () => {
    const root = mkdtempSync(path.join(tmpdir(), "berth-ws-"));
    const dir = pkg(root, "@x/fresh");
    writeFileSync(path.join(dir, "dist", "index.js"), "");
    const only = mkdtempSync(path.join(tmpdir(), "berth-ws-"));
    mkdirSync(path.join(only, "src"));
    writeFileSync(path.join(only, "src", "a.ts"), "");
    writeFileSync(path.join(only, "package.json"), '{"name":"@x/unbuilt"}');
    const stale = findStaleBuilds([only]);
    expect(stale.map((s) => [s.name, s.builtMs])).toEqual([["@x/unbuilt", undefined]]);
  });

  it("never call an installed package stale: a tarball's files get their extraction time, src/ after dist/ by milliseconds", () => {
    // The consumer test installs @berth/policy-cost from its tarball; its src/sleep.ts was
    // extracted 4 ms after its dist/ and the plan refused to run (seen 2026-11-25).
    const root = mkdtempSync(path.join(tmpdir(), "berth-installed-"));
    const installed = pkg(path.join(root, "node_modules", ".pnpm", "x@1", "node_modules", "@x"), "@x/pack");
    at(path.join(installed, "dist", "index.js"), "2026-01-01T00:00:00.000Z");
    at(path.join(installed, "src", "index.ts"), "2026-01-01T00:00:00.004Z");
    expect(findStaleBuilds([installed])).toEqual([]);
    // The same in a workspace checkout is stale.
    const workspace = pkg(mkdtempSync(path.join(tmpdir(), "berth-ws-")), "@x/pack");
    at(path.join(workspace, "dist", "index.js"), "2026-01-01T00:00:00.000Z");
    at(path.join(workspace, "src", "index.ts"), "2026-01-01T00:00:00.004Z");
    expect(findStaleBuilds([workspace]).map((st) => st.name)).toEqual(["@x/pack"]);
  });
});
