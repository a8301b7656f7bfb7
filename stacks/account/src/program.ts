import { allow, Effect, mergePlainTags, policyDocument } from "@berth/core";
import { RegistrySettings } from "@berth/ecr-lifecycle";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { loadAccountConfig } from "./config";

/** What the account layer exports (see `LayerOutputs["berth-account"]` in @berth/stack-config). */
export interface AccountOutputs {
  /** The GitHub OIDC identity provider. */
  oidcProviderArn: pulumi.Output<string>;
  /** The role deploy jobs assume: the GitHub environment's secret AWS_DEPLOY_ROLE_ARN. */
  deployRoleArn: pulumi.Output<string>;
  /** The read-only role of previews and drift checks: the variable AWS_PREVIEW_ROLE_ARN_<env>. */
  previewRoleArn: pulumi.Output<string>;
  /** The CodeConnections connection CodeBuild runners use (complete its handshake in the console once). */
  githubConnectionArn: pulumi.Output<string>;
}

/** The GitHub Actions OIDC issuer (GitHub docs, "Configuring OpenID Connect in Amazon Web Services"). */
export const GITHUB_OIDC_URL = "https://token.actions.githubusercontent.com";
const ISSUER = "token.actions.githubusercontent.com";

/**
 * The IAM actions the deploy role needs beyond PowerUserAccess: the layers create and update
 * roles (task, execution, node, flow-log, runner roles), their inline and managed policies,
 * instance profiles (EC2 Spot, EKS nodes) and the EKS cluster's OIDC provider, and pass roles to
 * the services that use them.
 */
export const DEPLOY_IAM_ACTIONS = [
  "iam:CreateRole",
  "iam:DeleteRole",
  "iam:GetRole",
  "iam:UpdateRole",
  "iam:UpdateRoleDescription",
  "iam:UpdateAssumeRolePolicy",
  "iam:TagRole",
  "iam:UntagRole",
  "iam:ListRoleTags",
  "iam:PassRole",
  "iam:PutRolePolicy",
  "iam:GetRolePolicy",
  "iam:DeleteRolePolicy",
  "iam:ListRolePolicies",
  "iam:AttachRolePolicy",
  "iam:DetachRolePolicy",
  "iam:ListAttachedRolePolicies",
  "iam:ListInstanceProfilesForRole",
  "iam:CreatePolicy",
  "iam:DeletePolicy",
  "iam:GetPolicy",
  "iam:CreatePolicyVersion",
  "iam:DeletePolicyVersion",
  "iam:GetPolicyVersion",
  "iam:ListPolicyVersions",
  "iam:TagPolicy",
  "iam:UntagPolicy",
  "iam:CreateInstanceProfile",
  "iam:DeleteInstanceProfile",
  "iam:GetInstanceProfile",
  "iam:AddRoleToInstanceProfile",
  "iam:RemoveRoleFromInstanceProfile",
  "iam:TagInstanceProfile",
  "iam:UntagInstanceProfile",
  "iam:CreateOpenIDConnectProvider",
  "iam:DeleteOpenIDConnectProvider",
  "iam:GetOpenIDConnectProvider",
  "iam:UpdateOpenIDConnectProviderThumbprint",
  "iam:AddClientIDToOpenIDConnectProvider",
  "iam:TagOpenIDConnectProvider",
  "iam:UntagOpenIDConnectProvider",
];

/** The OIDC `sub` values of the jobs that may use the read-only role of `env`. */
export function previewSubjects(subject: string): string[] {
  return [
    // preview.yml on a pull request from this repository (forks get no OIDC token for it).
    `${subject}:pull_request`,
    // deploy-env.yml's reviewed-plan job and drift.yml, on main.
    `${subject}:ref:refs/heads/main`,
    // preview.yml in the merge queue: the queue's temporary branches.
    `${subject}:ref:refs/heads/gh-readonly-queue/main/*`,
  ];
}

/** The OIDC `sub` of the jobs that may deploy `env`: only jobs running in its GitHub environment. */
export function deploySubject(subject: string, env: string): string {
  return `${subject}:environment:${env}`;
}

/**
 * The account layer, applied by hand once per AWS account (one account per environment, the
 * stack name is the environment) before any pipeline run:
 * - the GitHub OIDC identity provider, audience `sts.amazonaws.com`;
 * - `berth-preview-<env>`: read-only, assumable by pull-request previews, the merge queue and jobs
 *   on main (the reviewed prod plan, drift);
 * - `berth-deploy-<env>`: assumable only by jobs running in the GitHub environment `<env>`, with
 *   the maximum session the deploy workflow asks for;
 * - the CodeConnections connection to GitHub and the account's CodeBuild source credential, which
 *   the in-VPC runner (stacks/network) uses;
 * - the account-wide ECR registry settings (scanning, pull-through caches): one per account and
 *   region, so here rather than in an environment's platform layer.
 */
export function program(): AccountOutputs {
  const cfg = loadAccountConfig();
  const env = pulumi.getStack();
  const tags = mergePlainTags({ "berth:layer": "account", "berth:environment": env }, cfg.tags);
  const subject = cfg.subject ?? `repo:${cfg.repository}`;
  const partition = aws.getPartitionOutput().partition;

  const github = new aws.iam.OpenIdConnectProvider("github", {
    url: GITHUB_OIDC_URL,
    clientIdLists: ["sts.amazonaws.com"],
    tags,
  });
  const trust = (test: "StringEquals" | "StringLike", subjects: string[]) =>
    policyDocument(
      [
        {
          effect: Effect.Allow,
          actions: ["sts:AssumeRoleWithWebIdentity"],
          principals: { federated: [github.arn] },
          conditions: [
            { test: "StringEquals", variable: `${ISSUER}:aud`, values: ["sts.amazonaws.com"] },
            { test, variable: `${ISSUER}:sub`, values: subjects },
          ],
        },
      ],
      { kind: "trust" },
    );

  const preview = new aws.iam.Role("preview", {
    name: `berth-preview-${env}`,
    description: `Read-only: pulumi preview and drift checks of ${env} from ${cfg.repository}`,
    assumeRolePolicy: trust("StringLike", previewSubjects(subject)),
    tags,
  });
  new aws.iam.RolePolicyAttachment("preview-read-only", {
    role: preview.name,
    policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/ReadOnlyAccess`,
  });

  // The deploy role creates every resource of the environment: PowerUserAccess (everything but
  // IAM, Organizations and Account management) plus the IAM actions the layers use, on this
  // account's roles, policies, instance profiles and OIDC providers. What guards it is its trust:
  // a job in the GitHub environment `<env>`, which for prod waits for the required reviewers.
  const deploy = new aws.iam.Role("deploy", {
    name: `berth-deploy-${env}`,
    description: `pulumi up of ${env} from ${cfg.repository}, GitHub environment ${env} only`,
    assumeRolePolicy: trust("StringEquals", [deploySubject(subject, env)]),
    maxSessionDuration: cfg.deploySessionSeconds,
    tags,
  });
  new aws.iam.RolePolicyAttachment("deploy-power-user", {
    role: deploy.name,
    policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/PowerUserAccess`,
  });
  const account = aws.getCallerIdentityOutput().accountId;
  const iamArn = (kind: string) => pulumi.interpolate`arn:${partition}:iam::${account}:${kind}/*`;
  new aws.iam.RolePolicy("deploy-iam", {
    role: deploy.name,
    policy: policyDocument([
      allow(DEPLOY_IAM_ACTIONS, ["role", "policy", "instance-profile", "oidc-provider"].map(iamArn)),
    ]),
  });

  // CodeBuild's access to GitHub for the in-VPC runners: a connection (its GitHub App handshake
  // is completed once in the console) as the account's source credential for GITHUB.
  const connection = new aws.codeconnections.Connection("github", {
    name: `berth-github-${env}`,
    providerType: "GitHub",
    tags,
  });
  new aws.codebuild.SourceCredential("github", {
    authType: "CODECONNECTIONS",
    serverType: "GITHUB",
    token: connection.arn,
  });

  new RegistrySettings("registry", {
    scanType: cfg.registryScan,
    scanRules: [
      { frequency: cfg.registryScan === "ENHANCED" ? "CONTINUOUS_SCAN" : "SCAN_ON_PUSH", filters: ["*"] },
    ],
    pullThroughCache: cfg.pullThroughCache.map((upstream) => ({ upstream })),
  });

  return {
    oidcProviderArn: github.arn,
    deployRoleArn: deploy.arn,
    previewRoleArn: preview.arn,
    githubConnectionArn: connection.arn,
  };
}
