// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are GitHub Actions expressions and shell variables, compared verbatim
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { requiredPackages, StageError, stagePolicyPack } from "../scripts/stage-policy-pack.mjs";

const root = path.resolve(__dirname, "..", "..", "..");
const PACKS = ["aws-containers", "cost"];
const staged: string[] = [];
afterAll(() => {
  for (const d of staged) rmSync(d, { recursive: true, force: true });
});

/** Stages into a directory inside the pack, so that node resolves its dependencies as an install would. */
function stage(pack: string) {
  const packDir = path.join(root, "policies", pack);
  const out = path.join(packDir, ".publish-test");
  staged.push(out);
  return { packDir, out, manifest: stagePolicyPack(packDir, out) };
}

describe.each(PACKS)("staged policy pack %s", (pack) => {
  it("has a manifest with only the pack's public runtime dependencies, at exact versions", () => {
    const { packDir, out, manifest } = stage(pack);
    const own = JSON.parse(readFileSync(path.join(packDir, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
      peerDependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    // The reason for staging: the pack's own manifest has workspace: devDependencies.
    expect(Object.values(own.devDependencies).some((v) => v.startsWith("workspace:"))).toBe(true);
    const written = JSON.parse(readFileSync(path.join(out, "package.json"), "utf8")) as Record<
      string,
      unknown
    >;
    expect(written).toEqual(manifest);
    expect(Object.keys(written).sort()).toEqual([
      "dependencies",
      "description",
      "license",
      "main",
      "name",
      "version",
    ]);
    // Its dependencies, plus each peer at the version the workspace pins (the CLI installs a
    // published pack on its own, so nothing else provides the SDK).
    const peers = Object.keys(own.peerDependencies);
    expect(peers).toContain("@pulumi/pulumi");
    // A workspace: dependency on a published workspace package is staged at its exact version.
    const version = (name: string) =>
      (
        JSON.parse(
          readFileSync(path.join(root, "packages", name.replace("@berth/", ""), "package.json"), "utf8"),
        ) as { version: string }
      ).version;
    expect(written["dependencies"]).toEqual({
      ...Object.fromEntries(
        Object.entries(own.dependencies).map(([n, v]) => [n, v.startsWith("workspace:") ? version(n) : v]),
      ),
      ...Object.fromEntries(peers.map((p) => [p, own.devDependencies[p]])),
    });
    for (const v of Object.values(manifest.dependencies)) expect(v).toMatch(/^\d+\.\d+\.\d+$/);
    expect(manifest.main).toBe("index.js");
    expect(existsSync(path.join(out, "PulumiPolicy.yaml"))).toBe(true);
  });

  it("holds compiled JavaScript whose every require is a staged file or a listed dependency", () => {
    const { out, manifest } = stage(pack);
    const entry = readFileSync(path.join(out, "index.js"), "utf8");
    expect(entry).toContain("new policy_1.PolicyPack(");
    for (const f of ["index.js", "src/policies.js"]) {
      const js = readFileSync(path.join(out, f), "utf8");
      for (const name of requiredPackages(js)) expect(Object.keys(manifest.dependencies)).toContain(name);
      for (const m of js.matchAll(/require\("(\.[^"]+)"\)/g))
        expect(existsSync(`${path.resolve(path.dirname(path.join(out, f)), m[1] ?? "")}.js`)).toBe(true);
    }
    expect(existsSync(path.join(out, "test"))).toBe(false);
  });

  it("loads: the staged rules are the pack's rules", () => {
    const { out } = stage(pack);
    const req = createRequire(path.join(out, "index.js"));
    const stagedRules = (req("./src/policies.js") as { policies: Array<{ name: string }> }).policies;
    expect(stagedRules.length).toBeGreaterThan(5);
    const names = stagedRules.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe("staging refuses what an install cannot resolve", () => {
  const fixture = (deps: Record<string, string>, code: string) => {
    const dir = mkdtempSync(path.join(tmpdir(), "berth-pack-"));
    staged.push(dir);
    writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
    writeFileSync(
      path.join(dir, "package.json"),
      JSON.stringify({ name: "@acme/pack", version: "1.0.0", main: "index.ts", dependencies: deps }),
    );
    mkdirSync(path.join(dir, "src"));
    writeFileSync(path.join(dir, "index.ts"), code);
    return dir;
  };

  it("a workspace: runtime dependency, named with what is allowed", () => {
    const dir = fixture({ "@berth/core": "workspace:*" }, 'import "@berth/core";\n');
    expect(() => stagePolicyPack(dir, path.join(dir, "out"))).toThrow(StageError);
    expect(() => stagePolicyPack(dir, path.join(dir, "out"))).toThrow(
      "@acme/pack: runtime dependency @berth/core@workspace:* cannot be installed from the registry; allowed: an exact published version (e.g. 1.2.3)",
    );
  });

  it("a workspace: dependency on a private workspace package", () => {
    const ws = mkdtempSync(path.join(tmpdir(), "berth-ws-"));
    staged.push(ws);
    writeFileSync(path.join(ws, "pnpm-workspace.yaml"), "packages:\n  - libs/*\n  - packs/*\n");
    for (const [name, priv] of [
      ["model", false],
      ["secret", true],
    ] as const) {
      mkdirSync(path.join(ws, "libs", name), { recursive: true });
      writeFileSync(
        path.join(ws, "libs", name, "package.json"),
        JSON.stringify({ name: `@acme/${name}`, version: "2.3.4", ...(priv ? { private: true } : {}) }),
      );
    }
    const dir = path.join(ws, "packs", "p");
    mkdirSync(path.join(dir, "src"), { recursive: true });
    writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
    writeFileSync(path.join(dir, "index.ts"), 'import "@acme/model";\n');
    const manifest = (deps: Record<string, string>) =>
      writeFileSync(
        path.join(dir, "package.json"),
        JSON.stringify({ name: "@acme/pack", version: "1.0.0", main: "index.ts", dependencies: deps }),
      );
    manifest({ "@acme/model": "workspace:^" });
    expect(stagePolicyPack(dir, path.join(dir, "out")).dependencies).toEqual({ "@acme/model": "2.3.4" });
    manifest({ "@acme/model": "workspace:^", "@acme/secret": "workspace:*" });
    expect(() => stagePolicyPack(dir, path.join(dir, "out"))).toThrow(
      "@acme/pack: runtime dependency @acme/secret@workspace:* cannot be installed from the registry; allowed: an exact published version (e.g. 1.2.3)",
    );
  });

  it("runtime code that requires a package missing from dependencies", () => {
    const dir = fixture(
      { "@pulumi/policy": "1.21.0" },
      'import * as aws from "@pulumi/aws";\nexport const x = aws;\n',
    );
    expect(() => stagePolicyPack(dir, path.join(dir, "out"))).toThrow(
      "@acme/pack: the runtime code requires @pulumi/aws, which is not in its dependencies",
    );
  });
});

describe("policy-publish.yml", () => {
  it("publishes the staged copies, never the packs' own directories", () => {
    const wf = readFileSync(path.join(root, ".github/workflows/policy-publish.yml"), "utf8");
    expect(wf).toContain('node packages/plan/scripts/stage-policy-pack.mjs "policies/${pack}"');
    expect(wf).toContain('(cd "policies/${pack}/.publish" && pulumi policy publish "${PULUMI_ORG}")');
    expect(wf.match(/&& pulumi policy publish/g)).toHaveLength(1);
  });
});
