import { readFileSync } from "node:fs";
import * as path from "node:path";
import { type GraphResource, type PlanReport, planEnvironment } from "@berth/plan";
import { type LayerOutputs, parseConfig, rawConfig } from "@berth/stack-config";
import { describe, expect, it } from "vitest";
import { networkConfigSchema } from "../src/config";
import { program } from "../src/program";

const root = path.resolve(__dirname, "..", "..", "..");

function plan(env: string): Promise<PlanReport> {
  return planEnvironment({
    env,
    root,
    layer: ["network"],
    programs: { network: program },
    cost: false,
    time: false,
  });
}
const byType = (r: PlanReport, type: string): GraphResource[] =>
  r.layers[0]?.graph.resources.filter((x) => x.type === type) ?? [];

describe.each(["dev", "staging", "prod"])("the in-VPC GitHub Actions runner, %s", (env) => {
  it("is a CodeBuild project named as the workflows' runs-on label, in the private subnets", async () => {
    const r = await plan(env);
    const [project] = byType(r, "aws:codebuild/project:Project");
    expect(project?.inputs["name"]).toBe(`berth-runner-${env}`);
    const vpc = project?.inputs["vpcConfig"] as { subnets: string[]; securityGroupIds: string[] };
    expect(vpc.subnets).toEqual(r.layers[0]?.graph.stackOutputs["privateSubnetIds"]);
    expect(vpc.securityGroupIds).toHaveLength(1);
    expect(project?.inputs["source"]).toEqual({
      type: "GITHUB",
      location: "https://github.com/acme/berth.git",
    });
    // deploy-env.yml gives its up job 90 minutes; the build must outlive it.
    const workflow = readFileSync(path.join(root, ".github/workflows/deploy-env.yml"), "utf8");
    const upTimeout = Number(/\n {2}up:\n[\s\S]*?timeout-minutes: (\d+)/.exec(workflow)?.[1]);
    expect(upTimeout).toBe(90);
    expect(project?.inputs["buildTimeout"]).toBeGreaterThan(upTimeout);
    const [hook] = byType(r, "aws:codebuild/webhook:Webhook");
    expect(hook?.inputs["filterGroups"]).toEqual([
      { filters: [{ type: "EVENT", pattern: "WORKFLOW_JOB_QUEUED" }] },
    ]);
    expect(r.layers[0]?.graph.stackOutputs["runnerProjectName"]).toBe(`berth-runner-${env}`);
  });

  it("its role writes its logs and attaches network interfaces in its own subnets only", async () => {
    const r = await plan(env);
    const policy = byType(r, "aws:iam/rolePolicy:RolePolicy").find((p) => p.name === "runner");
    const doc = JSON.parse(String(policy?.inputs["policy"])) as {
      Statement: Array<{ Action: string | string[]; Condition?: Record<string, Record<string, unknown>> }>;
    };
    const permission = doc.Statement.find((s) =>
      [s.Action].flat().includes("ec2:CreateNetworkInterfacePermission"),
    );
    expect(permission?.Condition?.["StringEquals"]?.["ec2:AuthorizedService"]).toEqual([
      "codebuild.amazonaws.com",
    ]);
    const subnets = [permission?.Condition?.["ArnEquals"]?.["ec2:Subnet"]].flat();
    expect(subnets).toHaveLength(3);
    for (const s of subnets) expect(String(s)).toMatch(/^arn:aws:ec2:us-east-1:\d{12}:subnet\/\S+$/);
    expect(doc.Statement.flatMap((s) => [s.Action].flat())).not.toContain("*");
  });
});

describe("what later layers read", () => {
  it("every output is a key of LayerOutputs['berth-network'], the list layerReference checks against", async () => {
    const keys: Record<keyof LayerOutputs["berth-network"], true> = {
      vpcId: true,
      vpcCidr: true,
      privateSubnetIds: true,
      publicSubnetIds: true,
      endpointSecurityGroupId: true,
      runnerProjectName: true,
      runnerSecurityGroupId: true,
    };
    for (const env of ["dev", "prod"]) {
      const out = Object.keys((await plan(env)).layers[0]?.graph.stackOutputs ?? {});
      expect(out.filter((k) => !(k in keys))).toEqual([]);
      expect(out).toEqual(
        expect.arrayContaining(["vpcId", "vpcCidr", "privateSubnetIds", "runnerSecurityGroupId"]),
      );
    }
  });
});

describe("runner config", () => {
  it("rejects a repository that is not owner/name, naming the key", () => {
    const raw = rawConfig("berth-network", { "berth-network:runner": '{"repository":"just-a-name"}' });
    expect(() => parseConfig(networkConfigSchema, raw, "berth-network", "berth-network/dev")).toThrow(
      /berth-network:runner\.repository: got "just-a-name"; allowed: a GitHub repository, owner\/name/,
    );
  });
});
