// `berth plan` as a CI gate (issue 16): it fails closed (exit 2) whenever it could not check what
// it claims to check, validates every option before planning, and reports one resource count.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { EXIT, main, planEnvironment } from "../src/cli";
import { findStaleBuilds } from "../src/config/stale-build";
import type { PlanJson } from "../src/report";

const fixtures = path.join(__dirname, "fixtures");
const repo = path.join(fixtures, "repo");
const pack = path.join(fixtures, "policies.js");
const policyConfig = path.join(fixtures, "policy-config");

async function run(args: string[], opts: { analytics?: boolean; root?: string } = {}) {
  const out = mkdtempSync(path.join(tmpdir(), "berth-gate-"));
  let stdout = "";
  let stderr = "";
  const flags = opts.analytics ? [] : ["--no-cost", "--no-time"];
  const code = await main(["plan", ...args, "--root", opts.root ?? repo, "--out", out, ...flags], {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    cwd: fixtures,
    color: false,
  });
  const read = (f: string) => readFileSync(path.join(out, f), "utf8");
  return { code, stdout, stderr, read };
}

describe("policy packs fail closed", () => {
  it("exits 2 when a named pack does not exist (a typo), before any layer runs", async () => {
    const r = await run(["dev", "--policy-pack", "policies/aws-container"]);
    expect(r.code).toBe(EXIT.error);
    expect(r.stderr).toContain(
      `error: --policy-pack: ${path.join(fixtures, "policies", "aws-container")} does not exist; ` +
        "allowed: a policy pack directory (with dist/policies.js) or a policies.js file",
    );
    expect(r.stderr).not.toContain("[1/2]");
  });

  it("exits 2 when a named pack is not built, with the command to run", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "berth-pack-"));
    mkdirSync(path.join(dir, "src"));
    writeFileSync(path.join(dir, "package.json"), '{"name":"p"}');
    writeFileSync(path.join(dir, "src", "policies.ts"), "export const policies = [];\n");
    const r = await run(["dev", "--policy-pack", dir]);
    expect(r.code).toBe(EXIT.error);
    expect(r.stderr).toContain(
      `policy pack ${dir}: ${path.join(dir, "dist", "policies.js")} not found; run \`pnpm build\` first`,
    );
  });

  it("exits 2 when no pack would run, unless --no-policies", async () => {
    // The fixture repository has no policies/ directory.
    const r = await run(["dev"]);
    expect(r.code).toBe(EXIT.error);
    expect(r.stderr).toContain(
      `error: no policy packs under ${path.join(repo, "policies")} and none given with --policy-pack; ` +
        "pass --no-policies to plan without policies",
    );
    const off = await run(["dev", "--no-policies"]);
    expect(off.code).toBe(EXIT.ok);
    expect(off.stdout).toContain("Policies\n  skipped: --no-policies");
  });

  it("refuses --policy-pack together with --no-policies", async () => {
    const r = await run(["dev", "--no-policies", "--policy-pack", pack]);
    expect(r.code).toBe(EXIT.error);
    expect(r.stderr).toContain("--policy-pack: given with --no-policies; allowed: one of the two");
  });
});

describe("options are validated before planning", () => {
  it("--config without --program is an error, not ignored", async () => {
    const r = await run(["dev", "--config", "nope.yaml", "--no-policies"]);
    expect(r.code).toBe(EXIT.error);
    expect(r.stderr).toContain(
      "--config: given without --program; the stacks read stacks/<layer>/Pulumi.dev.yaml",
    );
    expect(r.stderr).toContain(
      `--config: ${path.join(fixtures, "nope.yaml")} not found; allowed: an existing file`,
    );
    expect(r.stderr).not.toContain("[1/2]");
  });

  it("a missing --usage or --previous file fails before any layer runs, naming the file", async () => {
    const r = await run(["dev", "--no-policies", "--usage", "missing-usage.yaml", "--previous", "old.json"], {
      analytics: true,
    });
    expect(r.code).toBe(EXIT.error);
    expect(r.stderr).toContain(
      `error: invalid options:\n  - --usage: ${path.join(fixtures, "missing-usage.yaml")} not found; allowed: an existing file\n` +
        `  - --previous: ${path.join(fixtures, "old.json")} not found; allowed: an existing file`,
    );
    expect(r.stderr).not.toContain("ENOENT");
    expect(r.stderr).not.toContain("[1/2]");
  });

  it("an invalid --usage file fails before any layer runs, listing the problems", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "berth-usage-")), "usage.yaml");
    writeFileSync(file, "defaults:\n  natGatewayGb: 5\n");
    const r = await run(["dev", "--no-policies", "--usage", file], { analytics: true });
    expect(r.code).toBe(EXIT.error);
    expect(r.stderr).toContain(
      `error: --usage: Invalid usage file ${file}:\n  - defaults.natGatewayGb: unknown usage key`,
    );
    expect(r.stderr).not.toContain("[1/2]");
  });

  it("an --out that cannot be written fails before any layer runs", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "berth-out-")), "a-file");
    writeFileSync(file, "");
    let stderr = "";
    const code = await main(
      ["plan", "dev", "--root", repo, "--no-policies", "--out", path.join(file, "sub")],
      {
        stdout: () => {},
        stderr: (s) => {
          stderr += s;
        },
        cwd: fixtures,
        color: false,
      },
    );
    expect(code).toBe(EXIT.error);
    expect(stderr).toContain(`error: --out: cannot write to ${path.join(file, "sub")}: `);
    expect(stderr).not.toContain("[1/2]");
  });

  it("--cpus sets the deploy-time parallelism and rejects what is not a CPU count", async () => {
    const r = await run(["dev", "--no-policies", "--cpus", "8", "--no-cost", "--format", "json"], {
      analytics: true,
    });
    expect(r.code).toBe(EXIT.ok);
    const time = (JSON.parse(r.stdout) as { analytics: { time: { cpus: number; parallelism: number } } })
      .analytics.time;
    expect(time).toMatchObject({ cpus: 8, parallelism: 32 });
    for (const bad of ["0", "1.5", "two", "257"]) {
      const b = await run(["dev", "--no-policies", "--cpus", bad]);
      expect(b.code).toBe(EXIT.error);
      expect(b.stderr).toContain(`got "${bad}"; allowed: an integer from 1 to 256`);
    }
  });

  it("--version prints the package version", async () => {
    let stdout = "";
    const code = await main(["--version"], {
      stdout: (s) => {
        stdout += s;
      },
      stderr: () => {},
      cwd: fixtures,
    });
    expect(code).toBe(EXIT.ok);
    const pkg = JSON.parse(readFileSync(path.join(__dirname, "..", "package.json"), "utf8")) as {
      version: string;
    };
    expect(stdout).toBe(`${pkg.version}\n`);
  });
});

describe("program files", () => {
  it("plans a conventional Pulumi program (resources created at module load, exports as outputs)", async () => {
    const file = path.join(fixtures, "conventional.js");
    const r = await run(["dev", "--program", file, "--no-policies", "--format", "json"]);
    expect(r.code).toBe(EXIT.ok);
    const json = JSON.parse(r.stdout) as PlanJson;
    const types = json.layers[0]?.graph.resources.map((x) => x.type);
    expect(types).toEqual([
      "pulumi:pulumi:Stack",
      "aws:ecs/cluster:Cluster",
      "aws:cloudwatch/logGroup:LogGroup",
    ]);
    expect(Object.keys(json.layers[0]?.graph.stackOutputs ?? {}).sort()).toEqual([
      "clusterName",
      "logGroupName",
    ]);
    // A second plan in the same process loads the module afresh and registers it again.
    const again = await run(["dev", "--program", file, "--no-policies", "--format", "json"]);
    expect((JSON.parse(again.stdout) as PlanJson).summary.resources).toBe(2);
  });

  it("says in the help that both forms and .ts are accepted", async () => {
    let stdout = "";
    await main(["plan", "--help"], {
      stdout: (s) => {
        stdout += s;
      },
      stderr: () => {},
      cwd: fixtures,
    });
    expect(stdout).toContain("--program <file>");
    expect(stdout.replace(/\s+/g, " ")).toContain(
      "a module exporting program() (or a default function), or a conventional Pulumi program that creates its resources when loaded; .js, or .ts",
    );
    expect(stdout).toContain("--cpus <n>");
  });
});

describe("stale builds", () => {
  it("exits 2 with the command to run when a layer's src/ is newer than its dist/", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "berth-stale-"));
    writeFileSync(path.join(root, "pnpm-workspace.yaml"), "packages: [stacks/*]\n");
    const layer = path.join(root, "stacks", "network");
    mkdirSync(path.join(layer, "src"), { recursive: true });
    mkdirSync(path.join(layer, "dist"));
    writeFileSync(path.join(layer, "package.json"), '{"name":"@fixture/stack-network"}');
    writeFileSync(path.join(layer, "Pulumi.yaml"), "name: net\nruntime: nodejs\n");
    writeFileSync(path.join(layer, "Pulumi.dev.yaml"), "config: {}\n");
    writeFileSync(path.join(layer, "dist", "program.js"), "exports.program = () => ({});\n");
    writeFileSync(
      path.join(layer, "src", "program.ts"),
      "export const program = () => ({ changed: true });\n",
    );
    const old = new Date("2026-01-01T00:00:00Z");
    utimesSync(path.join(layer, "dist", "program.js"), old, old);
    const r = await run(["dev", "--no-policies"], { root });
    expect(r.code).toBe(EXIT.error);
    expect(r.stderr).toContain(
      "error: the build is older than the sources; berth plan would run stale code:",
    );
    expect(r.stderr).toContain("  - @fixture/stack-network: stacks/network/src/program.ts changed ");
    expect(r.stderr).toContain("dist/ built 2026-01-01T00:00:00.000Z");
    expect(r.stderr).toContain(
      "run `pnpm build` (or `pnpm plan <env>`, which builds first), then plan again",
    );
    expect(r.stderr).not.toContain("[1/1]");
    // Once built (dist newer than src), it plans.
    const now = new Date();
    utimesSync(path.join(layer, "dist", "program.js"), now, now);
    expect((await run(["dev", "--no-policies"], { root })).code).toBe(EXIT.ok);
  });
});

describe("one resource count", () => {
  it("the tree, the Markdown, the JSON and 'by type' give the same number; remote components apart", async () => {
    const r = await run(["dev", "--program", path.join(fixtures, "remote.js"), "--no-policies"], {
      analytics: true,
    });
    expect(r.code).toBe(EXIT.ok);
    const json = JSON.parse(r.read("dev.json")) as PlanJson & {
      analytics: { time: { fresh: { operations: number } } };
    };
    expect(json.summary.resources).toBe(2);
    expect(json.summary.remoteComponents).toBe(1);
    expect(json.summary.byType.reduce((n, t) => n + t.count, 0)).toBe(2);
    // Steps of the deploy-time estimate: resources plus remote components.
    expect(json.analytics.time.fresh.operations).toBe(3);
    expect(r.stdout).toContain("remote (berth/dev)  2 resources, 0 components, 1 remote components");
    expect(r.stdout).toContain(
      "Total: 2 resources, 0 components, 1 remote components, 0 protected in 1 layer",
    );
    expect(r.stderr).toContain("✓ 2 resources");
    expect(r.stdout).toContain("deploy-time steps = resources + remote components = 3)");
    const md = r.read("dev.md");
    expect(md).toContain("2 resources in 0 components and 1 remote component across 1 layer");
    expect(md).toContain("<summary>Resources by type (2)</summary>");
    expect(md).toContain("(2 + 1 = 3 steps here)");
  });

  it("says what a remote component creates that the plan cannot see, in the tree and the diagram", async () => {
    const r = await run(["dev", "--program", path.join(fixtures, "remote.js"), "--no-policies"], {
      analytics: true,
    });
    expect(r.stdout).toContain("awsx:ec2:Vpc main  (remote component)");
    expect(r.stdout).toContain(
      "not in the plan: the VPC, its subnets (by default a public and a private one per availability zone)",
    );
    const md = r.read("dev.md");
    expect(md).toContain('{{"Vpc<br/>main<br/>remote: children not in plan"}}');
    expect(md).toContain("class n0 remote");
    expect(md).toContain("- `awsx:ec2:Vpc` `main` (remote) creates the VPC, its subnets");
    expect(md).toContain("Cost: priced from its inputs: NAT gateway hours");
    // The legend explains both arrow kinds; the dependsOn edge is drawn dashed.
    expect(md).toContain("`A --> B`: A depends on B through an input");
    expect(md).toContain("`A -.-> B`: A waits for B only because of an explicit `dependsOn`");
    expect(md).toMatch(/n\d -\.-> n0/);
    // The savings baseline is named and explained.
    expect(md).toContain("**Savings baseline.**");
    expect(md).toContain('the "anchors": terraform-aws-modules, awsx, CDK patterns');
  });
});

describe("missing cross-stack values", () => {
  it("fail the plan naming the stack, the output and the layer that must export it", async () => {
    await expect(
      planEnvironment({
        env: "dev",
        root: repo,
        layer: ["workloads"],
        policies: false,
        cost: false,
        time: false,
        // The network layer's outputs are given, without the vpcId the workloads layer requires.
        stackOutputs: { "organization/fixture-network/dev": { subnetIds: [] } },
      }),
    ).rejects.toThrow(
      "Required output 'vpcId' does not exist on stack 'organization/fixture-network/dev'.\n" +
        'The stack organization/fixture-network/dev has no output "vpcId": the program of stacks/network ' +
        '(project fixture-network) must export "vpcId", or the reading layer must ask for an output it exports.',
    );
  });
});

describe("accepted findings", () => {
  it("moves accepted advisory findings to a count with reasons; expired ones return; stale ones are named", async () => {
    const r = await run(["dev", "--policy-pack", pack, "--policy-config-dir", policyConfig]);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).not.toContain("advisory (1)");
    expect(r.stdout).toContain("1 accepted finding not shown");
    expect(r.stdout).toContain(
      "expired acceptance: log-retention (2000-01-01); its findings are shown again",
    );
    expect(r.stdout).toContain("stale acceptance: fixture/no-open-ingress matches no finding; remove it");
    const json = JSON.parse(r.read("dev.json")) as PlanJson;
    expect(json.summary.violations).toEqual({});
    expect(json.summary.accepted).toBe(1);
    expect(json.layers[1]?.accepted?.[0]).toMatchObject({
      policy: "log-retention",
      reason: "Fixture logs are throwaway.",
      expires: "2999-12-31",
    });
    const md = r.read("dev.md");
    expect(md).toContain("<summary>1 accepted finding (not counted above;");
    expect(md).toContain(
      "- `fixture/log-retention` ×1 until 2999-12-31: Fixture logs are throwaway. (`aws:cloudwatch/logGroup:LogGroup web-logs`)",
    );
    expect(md).toContain("**Expired acceptances**");
    expect(md).toContain("**Stale acceptances**");
  });

  it("comes back when the acceptance expires", async () => {
    const r = await run([
      "dev",
      "--policy-pack",
      pack,
      "--policy-config-dir",
      policyConfig,
      "--format",
      "json",
    ]);
    const json = JSON.parse(r.stdout) as PlanJson;
    expect(json.summary.accepted).toBe(1);
    // Same plan, but every acceptance expired: the finding is back as an advisory violation.
    const dir = mkdtempSync(path.join(tmpdir(), "berth-accepted-"));
    writeFileSync(
      path.join(dir, "accepted.dev.yaml"),
      readFileSync(path.join(policyConfig, "accepted.dev.yaml"), "utf8").replace("2999-12-31", "2001-01-01"),
    );
    const back = await run(["dev", "--policy-pack", pack, "--policy-config-dir", dir, "--format", "json"]);
    const bj = JSON.parse(back.stdout) as PlanJson;
    expect(bj.summary.violations).toEqual({ advisory: 1 });
    expect(bj.summary.accepted).toBe(0);
  });

  it("never accepts a mandatory violation: the plan still exits 1", async () => {
    const r = await run(["prod", "--policy-pack", pack, "--policy-config-dir", policyConfig]);
    expect(r.code).toBe(EXIT.mandatory);
    expect(r.stdout).toContain(
      "refused acceptance: no-open-ingress matches a mandatory violation, which cannot be accepted",
    );
  });

  it("exits 2 on an invalid accepted-findings file, naming entry, field and value", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "berth-accepted-"));
    writeFileSync(
      path.join(dir, "accepted.dev.yaml"),
      "accepted:\n  - policy: log-retention\n    name: web-logs\n    reason: ''\n    expires: 2027-02-30\n    until: x\n",
    );
    const r = await run(["dev", "--policy-pack", pack, "--policy-config-dir", dir]);
    expect(r.code).toBe(EXIT.error);
    expect(r.stderr).toContain(
      "accepted[0].until: unknown key; allowed: policy, urn, type, name, reason, expires",
    );
    expect(r.stderr).toContain('accepted[0].reason: got ""; allowed: a non-empty string');
    expect(r.stderr).toContain('accepted[0].expires: got "2027-02-30"; allowed: a date YYYY-MM-DD');
    expect(r.stderr).toContain("accepted[0]: no resource; allowed: `urn`, or `type` and `name`");
  });
});

const bin = path.join(__dirname, "..", "bin", "berth.js");
// The built command refuses to run when its own dist/ is older than src/ (exit 2): these tests
// need a build that is current (`pnpm build`), as CI has.
const built =
  existsSync(path.join(__dirname, "..", "dist", "cli.js")) &&
  findStaleBuilds([path.join(__dirname, "..")]).length === 0;

describe.skipIf(!built)("bin/berth.js without a TypeScript loader", () => {
  it("names the missing loader for a .ts program instead of a syntax error", () => {
    const out = mkdtempSync(path.join(tmpdir(), "berth-ts-"));
    const program = path.join(fixtures, "typed-program.ts");
    const args = [bin, "plan", "dev", "--program", program, "--no-policies", "--no-cost", "--no-time"];
    const r = spawnSync(process.execPath, [...args, "--out", out, "--no-color"], { encoding: "utf8" });
    expect(r.status).toBe(EXIT.error);
    expect(r.stderr).toContain(
      `${program}: a TypeScript file and no TypeScript loader is registered in this Node process; ` +
        "compile it to .js, or run berth under a loader (node -r ts-node/register)",
    );
  }, 60_000);

  it("--version prints the version from the built command", () => {
    const r = spawnSync(process.execPath, [bin, "--version"], { encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
