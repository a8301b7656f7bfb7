/** IAM: roles, policies, attachments, instance profiles, OIDC providers. */

import { entry, FREE, rule, TIMING } from "./define";
import { iamPolicy } from "./documents";
import { arn, intIn, str } from "./rules";
import type { Check } from "./types";

const NAME = /^[\w+=,.@-]+$/;
const NAME_ALLOWED = "letters, digits and +=,.@_-";
const PATH = /^(\/|\/[\u0021-\u007E]+\/)$/;
const IAM_FREE = FREE("IAM is free");

/** IAM User Guide, "IAM and AWS STS quotas": a managed policy is at most 6,144 characters, whitespace excluded. */
const managedPolicySize: Check = (v, path, out) => {
  if (typeof v === "string" && v.replace(/\s/g, "").length > 6144)
    out.push({
      path,
      value: `${v.replace(/\s/g, "").length} characters`,
      rule: "a managed policy of at most 6,144 characters (whitespace excluded)",
    });
};
/** IAM User Guide, "IAM and AWS STS quotas": a role's inline policies total at most 10,240 characters. */
const inlinePolicySize: Check = (v, path, out) => {
  if (typeof v === "string" && v.replace(/\s/g, "").length > 10240)
    out.push({
      path,
      value: `${v.replace(/\s/g, "").length} characters`,
      rule: "inline role policies of at most 10,240 characters (whitespace excluded)",
    });
};

export const iam = [
  entry("aws:iam/role:Role", {
    constraints: [
      rule(
        "name",
        str({ min: 1, max: 64, pattern: NAME, allowed: NAME_ALLOWED }),
        "IAM API Reference, CreateRole: RoleName (1-64, [\\w+=,.@-]+)",
      ),
      rule(
        "namePrefix",
        str({ min: 1, max: 38, pattern: NAME, allowed: NAME_ALLOWED }),
        "terraform-provider-aws internal/service/iam/role.go: name_prefix (at most 38 = 64 - 26 generated)",
      ),
      rule(
        "path",
        str({ min: 1, max: 512, pattern: PATH, allowed: "/ or /path/ of printable ASCII" }),
        "IAM API Reference, CreateRole: Path (1-512, / or /.../)",
      ),
      rule(
        "description",
        str({
          max: 1000,
          pattern: /^[\t\n\r\u0020-\u007E\u00A1-\u00FF]*$/,
          allowed: "printable Latin-1 characters",
        }),
        "IAM API Reference, CreateRole: Description (up to 1000 characters)",
      ),
      rule(
        "maxSessionDuration",
        intIn(3600, 43200),
        "IAM API Reference, CreateRole: MaxSessionDuration (3600-43200 seconds)",
      ),
      rule(
        "assumeRolePolicy",
        iamPolicy("trust"),
        'IAM User Guide, "IAM JSON policy element reference" (a trust policy names a Principal)',
      ),
      rule(
        "inlinePolicies[*].policy",
        iamPolicy("identity"),
        'IAM User Guide, "IAM JSON policy element reference"',
      ),
      rule(
        "managedPolicyArns[*]",
        arn({ service: "iam", resourceType: "policy" }),
        "IAM API Reference, AttachRolePolicy: PolicyArn (an IAM policy ARN)",
      ),
      rule(
        "permissionsBoundary",
        arn({ service: "iam", resourceType: "policy" }),
        "IAM API Reference, CreateRole: PermissionsBoundary (an IAM policy ARN)",
      ),
    ],
    durations: { create: 5, source: TIMING.IAM },
    replaceOn: ["name", "path"],
    cost: IAM_FREE,
  }),
  entry("aws:iam/policy:Policy", {
    constraints: [
      rule(
        "name",
        str({ min: 1, max: 128, pattern: NAME, allowed: NAME_ALLOWED }),
        "IAM API Reference, CreatePolicy: PolicyName (1-128, [\\w+=,.@-]+)",
      ),
      rule(
        "path",
        str({ min: 1, max: 512, pattern: PATH, allowed: "/ or /path/ of printable ASCII" }),
        "IAM API Reference, CreatePolicy: Path",
      ),
      rule("policy", iamPolicy("identity"), 'IAM User Guide, "IAM JSON policy element reference"'),
      rule(
        "policy",
        managedPolicySize,
        'IAM User Guide, "IAM and AWS STS quotas": managed policy size 6,144 characters',
      ),
    ],
    durations: { create: 3, source: TIMING.IAM },
    replaceOn: ["name", "path"],
    cost: IAM_FREE,
  }),
  entry("aws:iam/rolePolicy:RolePolicy", {
    constraints: [
      rule(
        "name",
        str({ min: 1, max: 128, pattern: NAME, allowed: NAME_ALLOWED }),
        "IAM API Reference, PutRolePolicy: PolicyName (1-128, [\\w+=,.@-]+)",
      ),
      rule(
        "role",
        str({ min: 1, max: 64, pattern: NAME, allowed: "a role name (not an ARN)" }),
        "IAM API Reference, PutRolePolicy: RoleName (1-64, [\\w+=,.@-]+)",
      ),
      rule("policy", iamPolicy("identity"), 'IAM User Guide, "IAM JSON policy element reference"'),
      rule(
        "policy",
        inlinePolicySize,
        'IAM User Guide, "IAM and AWS STS quotas": role inline policies 10,240 characters',
      ),
    ],
    durations: { create: 3, source: TIMING.IAM },
    replaceOn: ["name", "role"],
    cost: IAM_FREE,
  }),
  entry("aws:iam/rolePolicyAttachment:RolePolicyAttachment", {
    constraints: [
      rule(
        "policyArn",
        arn({ service: "iam", resourceType: "policy" }),
        "IAM API Reference, AttachRolePolicy: PolicyArn (an IAM policy ARN)",
      ),
      rule(
        "role",
        str({ min: 1, max: 64, pattern: NAME, allowed: "a role name (not an ARN)" }),
        "IAM API Reference, AttachRolePolicy: RoleName (1-64, [\\w+=,.@-]+)",
      ),
    ],
    durations: { create: 2, source: TIMING.IAM },
    replaceOn: ["role", "policyArn"],
    cost: IAM_FREE,
  }),
  entry("aws:iam/instanceProfile:InstanceProfile", {
    constraints: [
      rule(
        "name",
        str({ min: 1, max: 128, pattern: NAME, allowed: NAME_ALLOWED }),
        "IAM API Reference, CreateInstanceProfile: InstanceProfileName (1-128, [\\w+=,.@-]+)",
      ),
      rule(
        "path",
        str({ min: 1, max: 512, pattern: PATH, allowed: "/ or /path/ of printable ASCII" }),
        "IAM API Reference, CreateInstanceProfile: Path",
      ),
    ],
    durations: { create: 5, source: TIMING.IAM },
    replaceOn: ["name", "path"],
    cost: IAM_FREE,
  }),
  entry("aws:iam/openIdConnectProvider:OpenIdConnectProvider", {
    constraints: [
      rule(
        "url",
        str({ min: 1, max: 255, pattern: /^https:\/\//, allowed: "an https:// URL" }),
        "IAM API Reference, CreateOpenIDConnectProvider: Url (1-255, begins with https://)",
      ),
      rule(
        "clientIdLists[*]",
        str({ min: 1, max: 255 }),
        "IAM API Reference, CreateOpenIDConnectProvider: ClientIDList (each 1-255)",
      ),
    ],
    durations: { create: 3, source: TIMING.IAM },
    replaceOn: ["url"],
    cost: IAM_FREE,
  }),
  entry("aws:iam/serviceLinkedRole:ServiceLinkedRole", {
    constraints: [
      rule(
        "awsServiceName",
        str({ min: 1, max: 128, pattern: /^[\w+=,.@-]+$/ }),
        "IAM API Reference, CreateServiceLinkedRole: AWSServiceName",
      ),
    ],
    durations: { create: 5, source: TIMING.IAM },
    replaceOn: ["awsServiceName", "customSuffix"],
    cost: IAM_FREE,
  }),
];
