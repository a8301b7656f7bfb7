/** CodeBuild (the in-VPC GitHub Actions runner) and CodeConnections (its link to GitHub). */

import { entry, FREE, rule, TIMING } from "./define";
import { arn, intIn, oneOf, str } from "./rules";

export const codebuild = [
  entry("aws:codebuild/project:Project", {
    mock: "generic",
    constraints: [
      rule(
        "name",
        str({
          min: 2,
          max: 255,
          pattern: /^[A-Za-z0-9][A-Za-z0-9\-_]{1,254}$/,
          allowed: "letters, digits, - and _, starting with a letter or digit",
        }),
        "CodeBuild API Reference, CreateProject: name (2-255, [A-Za-z0-9][A-Za-z0-9\\-_]{1,254})",
      ),
      rule("description", str({ max: 255 }), "CodeBuild API Reference, CreateProject: description (0-255)"),
      rule(
        "buildTimeout",
        intIn(5, 2160),
        "CodeBuild API Reference, CreateProject: timeoutInMinutes (5-2160)",
      ),
      rule(
        "queuedTimeout",
        intIn(5, 480),
        "CodeBuild API Reference, CreateProject: queuedTimeoutInMinutes (5-480)",
      ),
      rule(
        "serviceRole",
        arn({ service: "iam", resourceType: "role" }),
        "CodeBuild API Reference, CreateProject: serviceRole (the ARN of an IAM role)",
      ),
    ],
    durations: { create: 3, source: TIMING.NO_DATA },
    replaceOn: ["name"],
    cost: FREE(
      "billed per build minute while a runner job runs; an idle project costs nothing (usage not modelled)",
    ),
  }),
  entry("aws:codebuild/webhook:Webhook", {
    mock: "generic",
    constraints: [
      rule(
        "projectName",
        str({ min: 2, max: 255, pattern: /^[A-Za-z0-9][A-Za-z0-9\-_]{1,254}$/ }),
        "CodeBuild API Reference, CreateWebhook: projectName (2-255, the project's name)",
      ),
    ],
    durations: { create: 2, source: TIMING.NO_DATA },
    replaceOn: ["projectName"],
    cost: FREE("webhooks are free"),
  }),
  entry("aws:codebuild/sourceCredential:SourceCredential", {
    mock: "generic",
    constraints: [
      rule(
        "authType",
        oneOf(["OAUTH", "BASIC_AUTH", "PERSONAL_ACCESS_TOKEN", "CODECONNECTIONS", "SECRETS_MANAGER"]),
        "CodeBuild API Reference, ImportSourceCredentials: authType (valid values)",
      ),
      rule(
        "serverType",
        oneOf(["GITHUB", "BITBUCKET", "GITHUB_ENTERPRISE", "GITLAB", "GITLAB_SELF_MANAGED"]),
        "CodeBuild API Reference, ImportSourceCredentials: serverType (valid values)",
      ),
      rule("token", str({ min: 1 }), "CodeBuild API Reference, ImportSourceCredentials: token (at least 1)"),
    ],
    durations: { create: 2, source: TIMING.NO_DATA },
    replaceOn: ["*"],
    cost: FREE("source credentials are free"),
  }),
  entry("aws:codeconnections/connection:Connection", {
    mock: "generic",
    constraints: [
      rule(
        "name",
        str({ min: 1, max: 32 }),
        "CodeConnections API Reference, CreateConnection: ConnectionName (1-32)",
      ),
      rule(
        "providerType",
        oneOf([
          "Bitbucket",
          "GitHub",
          "GitHubEnterpriseServer",
          "GitLab",
          "GitLabSelfManaged",
          "AzureDevOps",
        ]),
        "CodeConnections API Reference, CreateConnection: ProviderType (valid values)",
      ),
    ],
    durations: { create: 2, source: TIMING.NO_DATA },
    replaceOn: ["name", "providerType", "hostArn"],
    cost: FREE("connections are free"),
  }),
];
