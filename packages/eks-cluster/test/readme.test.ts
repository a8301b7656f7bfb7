import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(__dirname, "..");
const readme = readFileSync(join(root, "README.md"), "utf8");

describe("README", () => {
  for (const example of ["basic.ts", "pod-identity.ts"]) {
    it(`shows examples/${example} as run by the tests`, () => {
      const code = readFileSync(join(root, "examples", example), "utf8").replace(
        'from "../src"',
        'from "@berth/eks-cluster"',
      );
      expect(readme).toContain(code);
    });
  }

  it("lists every argument of EksClusterArgs", () => {
    const src = readFileSync(join(root, "src", "args.ts"), "utf8");
    const block = src.slice(src.indexOf("export interface EksClusterArgs"));
    const args = [...block.slice(0, block.indexOf("\n}\n")).matchAll(/^ {2}([a-zA-Z]+)\??:/gm)].map(
      (m) => m[1],
    );
    expect(args.length).toBeGreaterThan(25);
    for (const a of args) expect(readme).toContain(`\`${a}\``);
  });
});
