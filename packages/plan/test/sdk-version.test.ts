import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkPulumiSdk, findInstalled, satisfiesRange } from "../src/sdk-version";

const planPkg = JSON.parse(readFileSync(path.join(__dirname, "..", "package.json"), "utf8")) as {
  version: string;
  peerDependencies: Record<string, string>;
};

describe("satisfiesRange", () => {
  it("reads the caret, tilde, comparison and || forms", () => {
    expect(satisfiesRange("3.204.0", "^3.204.0")).toBe(true);
    expect(satisfiesRange("3.270.0", "^3.204.0")).toBe(true);
    expect(satisfiesRange("3.203.9", "^3.204.0")).toBe(false);
    expect(satisfiesRange("4.0.0", "^3.204.0")).toBe(false);
    expect(satisfiesRange("4.0.0-alpha.1", "^3.204.0")).toBe(false);
    expect(satisfiesRange("0.2.5", "^0.2.3")).toBe(true);
    expect(satisfiesRange("0.3.0", "^0.2.3")).toBe(false);
    expect(satisfiesRange("0.0.4", "^0.0.3")).toBe(false);
    expect(satisfiesRange("1.2.9", "~1.2.3")).toBe(true);
    expect(satisfiesRange("1.3.0", "~1.2.3")).toBe(false);
    expect(satisfiesRange("3.248.0", ">=3.204.0 <3.249.0")).toBe(true);
    expect(satisfiesRange("3.249.0", ">=3.204.0 <3.249.0")).toBe(false);
    expect(satisfiesRange("3.249.0-alpha.x1", ">=3.204.0 <3.249.0")).toBe(false);
    expect(satisfiesRange("3.249.0-alpha.2", ">=3.249.0-alpha.1 <3.250.0")).toBe(true);
    expect(satisfiesRange("3.249.0-alpha.1", ">=3.249.0-alpha.2")).toBe(false);
    expect(satisfiesRange("3.249.0-alpha.1", ">=3.249.0-alpha.1")).toBe(true);
    expect(satisfiesRange("2.0.0", "1.0.0 || >=2.0.0 <=2.0.0")).toBe(true);
    expect(satisfiesRange("1.0.1", "=1.0.0 || >1.0.1")).toBe(false);
  });

  it("names what it cannot parse", () => {
    expect(() => satisfiesRange("3.x", "^3.0.0")).toThrow('version: got "3.x"; allowed: major.minor.patch');
    expect(() => satisfiesRange("3.0.0", "3.x")).toThrow('range: got "3.x"; allowed:');
    expect(() => satisfiesRange("3.0.0", "latest")).toThrow('range: got "latest"');
  });

  it("a caret range holds exactly the same-major versions from its floor up (major > 0)", () => {
    const v = fc.tuple(fc.integer({ min: 1, max: 20 }), fc.nat(300), fc.nat(30));
    fc.assert(
      fc.property(v, v, ([a, b, c], [x, y, z]) => {
        const inRange = x === a && (y > b || (y === b && z >= c));
        expect(satisfiesRange(`${x}.${y}.${z}`, `^${a}.${b}.${c}`)).toBe(inRange);
      }),
    );
  });

  it("a >= / < pair agrees with the numeric order of versions", () => {
    const v = fc.tuple(fc.nat(5), fc.nat(300), fc.nat(30));
    const key = ([a, b, c]: [number, number, number]) => a * 1e6 + b * 1e3 + c;
    fc.assert(
      fc.property(v, v, v, (lo, hi, x) => {
        const expected = key(x) >= key(lo) && key(x) < key(hi);
        expect(satisfiesRange(x.join("."), `>=${lo.join(".")} <${hi.join(".")}`)).toBe(expected);
      }),
    );
  });
});

/** A fake installed SDK: `<dir>/node_modules/@pulumi/pulumi` of the given version. */
function installFakeSdk(dir: string, version: string): void {
  const pkg = path.join(dir, "node_modules", "@pulumi", "pulumi");
  mkdirSync(pkg, { recursive: true });
  writeFileSync(
    path.join(pkg, "package.json"),
    JSON.stringify({ name: "@pulumi/pulumi", version, main: "index.js" }),
  );
  writeFileSync(path.join(pkg, "index.js"), "module.exports = {};\n");
}

/** A fake @berth/plan with the real package's peer range, and optionally an SDK beside it. */
function fakePlan(sdkVersion: string | undefined): { root: string; planDir: string } {
  const root = mkdtempSync(path.join(tmpdir(), "berth-sdk-"));
  const planDir = path.join(root, "node_modules", "@berth", "plan");
  mkdirSync(planDir, { recursive: true });
  writeFileSync(
    path.join(planDir, "package.json"),
    JSON.stringify({
      name: "@berth/plan",
      version: planPkg.version,
      peerDependencies: planPkg.peerDependencies,
    }),
  );
  if (sdkVersion) installFakeSdk(root, sdkVersion);
  return { root, planDir };
}

describe("checkPulumiSdk", () => {
  const range = planPkg.peerDependencies["@pulumi/pulumi"];

  it("the workspace's own SDK is in @berth/plan's range", () => {
    const here = path.join(__dirname, "..");
    expect(checkPulumiSdk({ planDir: here, projectDir: here })).toBeUndefined();
    expect(findInstalled("@pulumi/pulumi", here)?.version).toBe("3.248.0");
  });

  it("accepts the floor and the highest tested version of the range", () => {
    for (const v of ["3.204.0", "3.248.0"]) {
      const { root, planDir } = fakePlan(v);
      expect(checkPulumiSdk({ planDir, projectDir: root })).toBeUndefined();
    }
  });

  it("refuses an SDK above the range, naming its version and the range", () => {
    const { root, planDir } = fakePlan("3.270.0");
    const sdkDir = path.join(root, "node_modules", "@pulumi", "pulumi");
    expect(checkPulumiSdk({ planDir, projectDir: root })).toBe(
      `@pulumi/pulumi 3.270.0 (${sdkDir}) is outside the range @berth/plan ${planPkg.version} supports, ` +
        `"${range}"; install a version in that range next to @berth/plan (npm install @pulumi/pulumi@"${range}").`,
    );
  });

  it("refuses an SDK below the range", () => {
    const { root, planDir } = fakePlan("3.203.0");
    expect(checkPulumiSdk({ planDir, projectDir: root })).toContain("@pulumi/pulumi 3.203.0 (");
  });

  it("says when no SDK is installed", () => {
    const { root, planDir } = fakePlan(undefined);
    expect(checkPulumiSdk({ planDir, projectDir: root })).toBe(
      `@pulumi/pulumi is not installed; @berth/plan ${planPkg.version} needs a version in "${range}": ` +
        `install a version in that range next to @berth/plan (npm install @pulumi/pulumi@"${range}").`,
    );
  });

  it("refuses a project that loads another version than @berth/plan, naming both", () => {
    const { root, planDir } = fakePlan("3.248.0");
    const project = path.join(root, "project");
    installFakeSdk(project, "3.270.0");
    const message = checkPulumiSdk({ planDir, projectDir: project });
    expect(message).toContain(`two versions of @pulumi/pulumi: 3.248.0 for @berth/plan (`);
    expect(message).toContain(`and 3.270.0 for the project in ${project} (`);
  });

  it("accepts a project whose SDK is the same version (or none of its own)", () => {
    const { root, planDir } = fakePlan("3.248.0");
    const project = path.join(root, "project");
    installFakeSdk(project, "3.248.0");
    expect(checkPulumiSdk({ planDir, projectDir: project })).toBeUndefined();
    expect(checkPulumiSdk({ planDir, projectDir: tmpdir() })).toBeUndefined();
  });
});
