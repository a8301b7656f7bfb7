import { readFileSync } from "node:fs";
import * as path from "node:path";
import { type GraphResource, type PlanReport, planEnvironment } from "@berth/plan";
import { type LayerOutputs, parseConfig, rawConfig } from "@berth/stack-config";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { accountConfigSchema } from "../src/config";
import { program } from "../src/program";

const root = path.resolve(__dirname, "..", "..", "..");
const REPO = "acme/berth";

function plan(env: string): Promise<PlanReport> {
  return planEnvironment({
    env,
    root,
    layer: ["account"],
    programs: { account: program },
    cost: false,
    time: false,
  });
}
const byType = (r: PlanReport, type: string): GraphResource[] =>
  r.layers.at(-1)?.graph.resources.filter((x) => x.type === type) ?? [];
type Doc = {
  Statement: Array<{
    Action: string | string[];
    Principal: { Federated?: string | string[] };
    Condition: Record<string, Record<string, string | string[]>>;
  }>;
};
const trustOf = (r: PlanReport, name: string) => {
  const role = byType(r, "aws:iam/role:Role").find((x) => x.name === name);
  return { role, doc: JSON.parse(String(role?.inputs["assumeRolePolicy"])) as Doc };
};
const workflow = (f: string) =>
  parse(readFileSync(path.join(root, ".github/workflows", f), "utf8")) as {
    jobs: Record<string, { steps?: Array<{ uses?: string; with?: Record<string, unknown> }> }>;
  };

describe.each(["dev", "staging", "prod"])("account layer, %s", (env) => {
  it("plans with no mandatory violation and exports what LayerOutputs promises", async () => {
    const r = await plan(env);
    expect(r.policies.ran).toBe(true);
    const layer = r.layers.at(-1);
    expect(layer?.layer).toBe("account");
    expect(layer?.violations.filter((v) => v.level === "mandatory").map((v) => v.message)).toEqual([]);
    const keys: Record<keyof LayerOutputs["berth-account"], true> = {
      oidcProviderArn: true,
      deployRoleArn: true,
      previewRoleArn: true,
      githubConnectionArn: true,
    };
    expect(Object.keys(layer?.graph.stackOutputs ?? {}).sort()).toEqual(Object.keys(keys).sort());
  });

  it("trusts GitHub's OIDC issuer for the STS audience", async () => {
    const r = await plan(env);
    const [oidc] = byType(r, "aws:iam/openIdConnectProvider:OpenIdConnectProvider");
    expect(oidc?.inputs["url"]).toBe("https://token.actions.githubusercontent.com");
    expect(oidc?.inputs["clientIdLists"]).toEqual(["sts.amazonaws.com"]);
  });

  it("lets only jobs in the GitHub environment assume the deploy role, for as long as the workflow asks", async () => {
    const r = await plan(env);
    const { role, doc } = trustOf(r, "deploy");
    expect(role?.inputs["name"]).toBe(`berth-deploy-${env}`);
    const [s] = doc.Statement;
    expect([s?.Action].flat()).toEqual(["sts:AssumeRoleWithWebIdentity"]);
    expect(s?.Condition["StringEquals"]).toEqual({
      "token.actions.githubusercontent.com:aud": ["sts.amazonaws.com"],
      "token.actions.githubusercontent.com:sub": [`repo:${REPO}:environment:${env}`],
    });
    const up = workflow("deploy-env.yml").jobs["up"]?.steps?.find((x) =>
      x.uses?.startsWith("aws-actions/configure-aws-credentials@"),
    );
    const asked = Number(up?.with?.["role-duration-seconds"]);
    expect(asked).toBe(5400);
    expect(role?.inputs["maxSessionDuration"]).toBeGreaterThanOrEqual(asked);
  });

  it("lets previews of this repository's PRs, the merge queue and main assume the read-only role", async () => {
    const r = await plan(env);
    const { role, doc } = trustOf(r, "preview");
    expect(role?.inputs["name"]).toBe(`berth-preview-${env}`);
    expect(doc.Statement[0]?.Condition["StringLike"]).toEqual({
      "token.actions.githubusercontent.com:sub": [
        `repo:${REPO}:pull_request`,
        `repo:${REPO}:ref:refs/heads/main`,
        `repo:${REPO}:ref:refs/heads/gh-readonly-queue/main/*`,
      ],
    });
    const attached = byType(r, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").map((a) => [
      a.name,
      a.inputs["policyArn"],
    ]);
    expect(attached).toContainEqual(["preview-read-only", "arn:aws:iam::aws:policy/ReadOnlyAccess"]);
    // The deploy role: PowerUserAccess plus listed IAM actions on this account's IAM resources,
    // never AdministratorAccess (the mandatory pack refuses it on web-identity roles).
    expect(attached).toContainEqual(["deploy-power-user", "arn:aws:iam::aws:policy/PowerUserAccess"]);
    expect(attached.map(([, arn]) => String(arn))).not.toContain(
      "arn:aws:iam::aws:policy/AdministratorAccess",
    );
    const iam = byType(r, "aws:iam/rolePolicy:RolePolicy").find((p) => p.name === "deploy-iam");
    const iamDoc = JSON.parse(String(iam?.inputs["policy"])) as {
      Statement: Array<{ Action: string[]; Resource: string[] }>;
    };
    expect(iamDoc.Statement[0]?.Action).toContain("iam:PassRole");
    expect(iamDoc.Statement[0]?.Action.some((a) => a.includes("*"))).toBe(false);
    expect([...(iamDoc.Statement[0]?.Resource ?? [])].sort()).toEqual(
      ["instance-profile", "oidc-provider", "policy", "role"].map((k) => `arn:aws:iam::123456789012:${k}/*`),
    );
  });

  it("holds the account-wide ECR registry settings and the CodeBuild connection to GitHub", async () => {
    const r = await plan(env);
    expect(byType(r, "berth:ecr:RegistrySettings")).toHaveLength(1);
    const [cred] = byType(r, "aws:codebuild/sourceCredential:SourceCredential");
    expect(cred?.inputs).toMatchObject({ authType: "CODECONNECTIONS", serverType: "GITHUB" });
    const [conn] = byType(r, "aws:codeconnections/connection:Connection");
    expect(conn?.inputs["providerType"]).toBe("GitHub");
  });
});

describe("account config", () => {
  const parseRaw = (raw: Record<string, string>) =>
    parseConfig(accountConfigSchema, rawConfig("berth-account", raw), "berth-account", "berth-account/prod");

  it("rejects a deploy session IAM does not allow and a wildcard OIDC subject, naming each key", () => {
    expect(() =>
      parseRaw({
        "berth-account:repository": REPO,
        "berth-account:deploySessionSeconds": "50000",
        "berth-account:subject": "repo:acme/*",
      }),
    ).toThrow(
      [
        "Invalid configuration for stack berth-account/prod:",
        '  - berth-account:subject: got "repo:acme/*"; allowed: repo:<owner>/<name> or repo:<owner>@<id>/<name>@<id>, no wildcard.',
        "  - berth-account:deploySessionSeconds: got 50000; allowed: an integer from 3600 to 43200.",
      ].join("\n"),
    );
  });

  it("every environment's stack file asks for at least the deploy workflow's session", () => {
    for (const env of ["dev", "staging", "prod"]) {
      const file = parse(readFileSync(path.join(__dirname, "..", `Pulumi.${env}.yaml`), "utf8")) as {
        config: Record<string, unknown>;
      };
      expect(file.config["berth-account:deploySessionSeconds"]).toBe(5400);
    }
  });
});
