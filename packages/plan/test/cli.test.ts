import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { discoverLayers, EXIT, main } from "../src/cli";
import { loadProject, loadStackConfig, SECRET_PLACEHOLDER } from "../src/config";
import { findStaleBuilds } from "../src/config/stale-build";
import type { PlanJson } from "../src/report";

const fixtures = path.join(__dirname, "fixtures");
const repo = path.join(fixtures, "repo");
const pack = path.join(fixtures, "policies.js");

async function run(args: string[], analytics = false) {
  const out = mkdtempSync(path.join(tmpdir(), "berth-plan-"));
  let stdout = "";
  let stderr = "";
  const flags = analytics ? [] : ["--no-cost", "--no-time"];
  const code = await main(["plan", ...args, "--root", repo, "--out", out, ...flags], {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    cwd: fixtures,
    color: false,
  });
  const read = (f: string) =>
    existsSync(path.join(out, f)) ? readFileSync(path.join(out, f), "utf8") : undefined;
  return { code, stdout, stderr, out, read };
}

describe("berth plan <env>", () => {
  it("runs the layers in order, prints the tree, writes <env>.md and <env>.json, exits 0", async () => {
    const r = await run(["dev", "--policy-pack", pack]);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stderr).toContain("[1/2] network (organization/fixture-network/dev)");
    expect(r.stderr).toContain("[2/2] workloads (organization/fixture-workloads/dev)");
    expect(r.stdout).toContain("network (fixture-network/dev)  3 resources, 0 components");
    expect(r.stdout).toContain("├─ fixture:app:Web web  [5 resources]");
    expect(r.stdout).toContain("└─ pulumi:pulumi:StackReference organization/fixture-network/dev  (read)");
    expect(r.stdout).toContain("advisory (1)");
    expect(r.stdout).not.toContain("mandatory (");
    const json = JSON.parse(r.read("dev.json") ?? "{}") as PlanJson;
    expect(json.layers.map((l) => l.layer)).toEqual(["network", "workloads"]);
    // The network layer's output reached the workloads layer through the stack reference.
    const vpcId = json.layers[0]?.graph.stackOutputs["vpcId"];
    const sg = json.layers[1]?.graph.resources.find((x) => x.type === "aws:ec2/securityGroup:SecurityGroup");
    expect(sg?.inputs["vpcId"]).toBe(vpcId);
    expect(String(vpcId)).toMatch(/^vpc-/);
    expect(r.read("dev.md")).toContain("## berth plan: `dev`");
    expect(r.read("dev.md")).toContain("```mermaid");
  });

  it("exits 1 on a mandatory violation and shows the protected resources of prod", async () => {
    const r = await run(["prod", "--policy-pack", pack]);
    expect(r.code).toBe(EXIT.mandatory);
    expect(r.stdout).toContain("mandatory (1)");
    expect(r.stdout).toContain(
      "● fixture/no-open-ingress  Security groups must not accept traffic from 0.0.0.0/0.\n" +
        "      aws:ec2/securityGroup:SecurityGroup web-sg: ingress is open to 0.0.0.0/0",
    );
    expect(r.stdout).toContain("aws:ec2/vpc:Vpc main  (protected)");
    expect(r.stderr).toContain("1 mandatory policy violation: a real `pulumi up` would fail.");
    const json = JSON.parse(r.read("prod.json") ?? "{}") as PlanJson;
    expect(json.summary.violations["mandatory"]).toBe(1);
    expect(json.summary.protected).toBe(1);
  });

  it("prints Markdown or JSON on stdout with --format, the same as the files", async () => {
    const md = await run(["dev", "--format", "markdown", "--no-policies"]);
    expect(md.stdout).toBe(md.read("dev.md"));
    expect(md.stdout).toContain("> Policies skipped: --no-policies");
    const js = await run(["dev", "--format", "json", "--no-policies"]);
    expect(JSON.parse(js.stdout)).toEqual(JSON.parse(js.read("dev.json") ?? ""));
  });

  it("--layer reports one layer but still runs the layers before it for their outputs", async () => {
    const r = await run(["dev", "--layer", "workloads", "--no-policies", "--format", "json"]);
    expect(r.code).toBe(EXIT.ok);
    const json = JSON.parse(r.stdout) as PlanJson;
    expect(json.layers.map((l) => l.layer)).toEqual(["workloads"]);
    expect(r.stderr).toContain("[1/2] network");
  });

  it("--preview plans like a preview of new stacks", async () => {
    const r = await run(["dev", "--preview", "--no-policies", "--format", "json"]);
    expect(r.code).toBe(EXIT.ok);
    const json = JSON.parse(r.stdout) as PlanJson;
    expect(json.preview).toBe(true);
    const svc = json.layers[1]?.graph.resources.find((x) => x.type === "aws:ecs/service:Service");
    expect(svc?.unknownPaths).toContain("cluster");
  });

  it("--program plans a single program file with the config next to it", async () => {
    const r = await run([
      "prod",
      "--program",
      path.join(repo, "stacks", "network", "program.js"),
      "--no-policies",
      "--format",
      "json",
    ]);
    expect(r.code).toBe(EXIT.ok);
    const json = JSON.parse(r.stdout) as PlanJson;
    expect(json.layers[0]?.project).toBe("fixture-network");
    const vpc = json.layers[0]?.graph.resources.find((x) => x.type === "aws:ec2/vpc:Vpc");
    expect(vpc?.inputs["cidrBlock"]).toBe("10.20.0.0/16");
    expect(vpc?.options.protect).toBe(true);
  });

  it("--config reads the given stack file, whatever its name", async () => {
    const r = await run([
      "dev",
      "--program",
      path.join(repo, "stacks", "network", "program.js"),
      "--config",
      path.join(repo, "stacks", "network", "Pulumi.prod.yaml"),
      "--no-policies",
      "--format",
      "json",
    ]);
    expect(r.code).toBe(EXIT.ok);
    const vpc = (JSON.parse(r.stdout) as PlanJson).layers[0]?.graph.resources.find(
      (x) => x.type === "aws:ec2/vpc:Vpc",
    );
    expect(vpc?.inputs["cidrBlock"]).toBe("10.20.0.0/16");
  });

  it("adds the cost and deploy-time analytics unless --no-cost/--no-time", async () => {
    const r = await run(["dev", "--no-policies", "--format", "json"], true);
    expect(r.code).toBe(EXIT.ok);
    const json = JSON.parse(r.stdout) as PlanJson & { analytics?: { cost?: unknown; time?: unknown } };
    expect(json.analytics?.cost).toBeDefined();
    expect(json.analytics?.time).toBeDefined();
    const none = await run(["dev", "--no-policies", "--format", "json"]);
    expect((JSON.parse(none.stdout) as PlanJson).analytics).toBeUndefined();
  });

  it("exits 2 with a message naming what is allowed on bad input", async () => {
    const env = await run(["qa"]);
    expect(env.code).toBe(EXIT.error);
    expect(env.stderr).toContain("error: stacks/network: no Pulumi.qa.yaml; environments: dev, prod");
    const layer = await run(["dev", "--layer", "nope"]);
    expect(layer.code).toBe(EXIT.error);
    expect(layer.stderr).toContain('--layer: got "nope"; allowed: network, workloads');
    const format = await run(["dev", "--format", "yaml"]);
    expect(format.code).toBe(EXIT.error);
    expect(format.stderr).toContain('got "yaml"; allowed: tree, markdown, json');
  });

  it("lists inputs AWS would reject in a section of their own and exits 1", async () => {
    const r = await run(["dev", "--program", path.join(fixtures, "rejected.js"), "--no-policies"]);
    expect(r.code).toBe(EXIT.mandatory);
    expect(r.stdout).toContain(
      "AWS conformance: 1 input of 1 resource would be rejected by AWS\n" +
        "  ✗ urn:pulumi:dev::berth::aws:ec2/securityGroup:SecurityGroup::web-alb-sg\n" +
        "    component: (none)\n" +
        '    description = "the web\'s load balancer"\n',
    );
    expect(r.stderr).toContain("1 input AWS would reject: a real `pulumi up` would fail.");
  });

  it("exits 2 and names the layer when a program fails", async () => {
    const r = await run(["dev", "--program", path.join(fixtures, "broken.js"), "--no-policies"]);
    expect(r.code).toBe(EXIT.error);
    expect(r.stderr).toContain("error: layer broken (berth/dev) failed:");
    expect(r.stderr).toContain("Missing required configuration variable 'berth:size'");
  });
});

describe("layers and stack config", () => {
  it("discovers layers in deployment order", () => {
    expect(discoverLayers(repo).map((l) => l.name)).toEqual(["network", "workloads"]);
  });

  it("reads config with project defaults, JSON objects and secure values as secrets", () => {
    const net = loadProject(path.join(repo, "stacks", "network"));
    expect(net.name).toBe("fixture-network");
    expect(loadStackConfig(net, "dev").config["fixture-network:flowLogRetentionDays"]).toBe(7);
    expect(loadStackConfig(net, "prod").config["fixture-network:flowLogRetentionDays"]).toBe(365);
    const wl = loadStackConfig(loadProject(path.join(repo, "stacks", "workloads")), "dev");
    expect(wl.config["fixture-workloads:dbPassword"]).toBe(SECRET_PLACEHOLDER);
    expect(wl.secretKeys).toEqual(["fixture-workloads:dbPassword"]);
    expect(wl.config["fixture-workloads:tags"]).toEqual({ team: "platform" });
  });
});

const bin = path.join(__dirname, "..", "bin", "berth.js");
// The built command refuses to run when its own dist/ is older than src/ (exit 2): these tests
// need a build that is current (`pnpm build`), as CI has.
const built =
  existsSync(path.join(__dirname, "..", "dist", "cli.js")) &&
  findStaleBuilds([path.join(__dirname, "..")]).length === 0;

describe.skipIf(!built)("bin/berth.js", () => {
  it("runs the built command and returns its exit code", () => {
    const out = mkdtempSync(path.join(tmpdir(), "berth-bin-"));
    const args = [bin, "plan", "prod", "--root", repo, "--out", out, "--policy-pack", pack, "--no-color"];
    const r = spawnSync(process.execPath, args, { encoding: "utf8" });
    expect(r.status).toBe(EXIT.mandatory);
    expect(r.stdout).toContain("berth plan prod");
    const help = spawnSync(process.execPath, [bin, "plan", "--help"], { encoding: "utf8" });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("Usage: berth plan [options] [env]");
  }, 60_000);
});
