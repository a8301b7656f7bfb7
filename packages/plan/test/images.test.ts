// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are GitHub Actions expressions and shell variables, compared verbatim
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { setImageDigests } from "../scripts/set-image-digests.mjs";

const root = path.resolve(__dirname, "..", "..", "..");
const D1 = `sha256:${"1".repeat(64)}`;
const D2 = `sha256:${"2".repeat(64)}`;

describe("set-image-digests", () => {
  const file = readFileSync(path.join(root, "stacks/workloads/Pulumi.prod.yaml"), "utf8");

  it("sets berth-workloads:imageDigests and changes nothing else, comments included", () => {
    const out = setImageDigests(file, { web: D1, worker: D2 });
    const before = parse(file) as { config: Record<string, unknown> };
    const after = parse(out) as { config: Record<string, unknown> };
    expect(after.config["berth-workloads:imageDigests"]).toEqual({ web: D1, worker: D2 });
    const { "berth-workloads:imageDigests": _set, ...rest } = after.config;
    expect(rest).toEqual(before.config);
    for (const comment of file.split("\n").filter((l) => l.trim().startsWith("#")))
      expect(out).toContain(comment);
    // A second run replaces one digest and keeps the other.
    const again = parse(setImageDigests(out, { web: D2 })) as { config: Record<string, unknown> };
    expect(again.config["berth-workloads:imageDigests"]).toEqual({ web: D2, worker: D2 });
  });

  it("refuses a tag or a short digest", () => {
    expect(() => setImageDigests(file, { web: "latest" })).toThrow(
      'web: got "latest"; allowed: an image digest, sha256: and 64 hexadecimal digits',
    );
    expect(() => setImageDigests(file, { web: "sha256:abc" })).toThrow(/allowed: an image digest/);
  });
});

describe("images.yml", () => {
  type Job = {
    if?: string;
    environment?: string;
    permissions?: Record<string, string>;
    strategy?: { "max-parallel"?: number; matrix: Record<string, string[]> };
    steps: Array<{ uses?: string; run?: string; with?: Record<string, unknown> }>;
  };
  const wf = parse(readFileSync(path.join(root, ".github/workflows/images.yml"), "utf8")) as {
    on: Record<string, unknown>;
    jobs: Record<string, Job>;
  };
  const runs = (j: Job | undefined) => (j?.steps ?? []).map((s) => s.run ?? "").join("\n");

  it("builds once, on main, without cloud credentials, and records each archive's digest", () => {
    expect(wf.on["push"]).toEqual({ branches: ["main"], paths: ["services/**"] });
    const build = wf.jobs["build"];
    expect(build?.if).toBe("github.ref == 'refs/heads/main'");
    expect(build?.permissions).toBeUndefined();
    expect(runs(build)).toContain("--platform linux/arm64");
    expect(runs(build)).toContain("skopeo inspect --format '{{.Digest}}'");
  });

  it("pushes the same bytes to every environment in order, in its GitHub environment, checking the digest", () => {
    const push = wf.jobs["push"];
    expect(push?.environment).toBe("${{ matrix.env }}");
    expect(push?.strategy?.["max-parallel"]).toBe(1);
    expect(push?.strategy?.matrix["env"]).toEqual(["dev", "staging", "prod"]);
    expect(runs(push)).toContain('if [ "${pushed}" != "$(cat "${image}.digest")" ]');
  });

  it("changes only the digests in the stack files and leaves the rollout to deploy.yml", () => {
    const propose = wf.jobs["propose"];
    expect(propose?.permissions).toEqual({ contents: "write", "pull-requests": "write" });
    expect(runs(propose)).toContain("node packages/plan/scripts/set-image-digests.mjs");
    expect(runs(propose)).toContain("git add stacks/workloads/Pulumi.*.yaml");
    for (const j of Object.values(wf.jobs)) {
      expect(j.steps.some((s) => s.uses?.startsWith("pulumi/"))).toBe(false);
    }
  });
});
