import { checkStatements, Effect, renderPolicyDocument } from "@berth/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type AuthRule,
  authPolicyDocument,
  authPolicyStatements,
  checkAuthRules,
  INVOKE_ACTION,
  narrowsNothing,
} from "../src";
import { plan } from "./helpers";

const SVC = "arn:aws:vpc-lattice:us-east-1:123456789012:service/svc-0123456789abcdef0";

/** Renders a document from plain rules inside the mock engine (documents are outputs). */
async function render(rules: AuthRule[], resource: string): Promise<unknown> {
  let doc = "";
  await plan(() => {
    authPolicyDocument(rules, resource).apply((d) => {
      doc = d;
    });
  });
  return JSON.parse(doc);
}

describe("auth policy builder", () => {
  it("renders accounts, roles, an organization and authenticated principals with conditions, exactly", async () => {
    const doc = await render(
      [
        {
          sid: "Orders",
          principals: {
            accounts: ["111122223333"],
            roleArns: ["arn:aws:iam::111122223333:role/checkout-task"],
            organizationIds: ["o-a1b2c3d4e5"],
          },
          methods: ["GET", "POST"],
          paths: ["/orders/*", "/health"],
          sourceVpcs: ["vpc-0a1b2c3d"],
        },
        { sid: "Signed", principals: { authenticated: true }, sourceVpcAccounts: ["111122223333"] },
        {
          sid: "NoDelete",
          effect: Effect.Deny,
          principals: { organizationIds: ["o-a1b2c3d4e5"] },
          methods: ["DELETE"],
        },
      ],
      SVC,
    );
    const resources = [`${SVC}/health`, `${SVC}/orders/*`];
    const request = {
      StringEquals: {
        "vpc-lattice-svcs:RequestMethod": ["GET", "POST"],
        "vpc-lattice-svcs:SourceVpc": ["vpc-0a1b2c3d"],
      },
    };
    expect(doc).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "OrdersPrincipals",
          Effect: "Allow",
          Principal: { AWS: ["111122223333", "arn:aws:iam::111122223333:role/checkout-task"] },
          Action: [INVOKE_ACTION],
          Resource: resources,
          Condition: request,
        },
        {
          Sid: "OrdersOrganization",
          Effect: "Allow",
          Principal: "*",
          Action: [INVOKE_ACTION],
          Resource: resources,
          Condition: {
            StringEquals: { "aws:PrincipalOrgID": ["o-a1b2c3d4e5"], ...request.StringEquals },
          },
        },
        {
          Sid: "SignedAuthenticated",
          Effect: "Allow",
          Principal: "*",
          Action: [INVOKE_ACTION],
          Resource: [`${SVC}/*`],
          Condition: {
            StringNotEqualsIgnoreCase: { "aws:PrincipalType": ["Anonymous"] },
            StringEquals: { "vpc-lattice-svcs:SourceVpcOwnerAccount": ["111122223333"] },
          },
        },
        {
          Sid: "NoDeleteOrganization",
          Effect: "Deny",
          Principal: "*",
          Action: [INVOKE_ACTION],
          Resource: [`${SVC}/*`],
          Condition: {
            StringEquals: {
              "aws:PrincipalOrgID": ["o-a1b2c3d4e5"],
              "vpc-lattice-svcs:RequestMethod": ["DELETE"],
            },
          },
        },
      ],
    });
  });

  it("uses Resource * for a service network", async () => {
    expect(await render([{ principals: { accounts: ["111122223333"] } }], "*")).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "Rule0Principals",
          Effect: "Allow",
          Principal: { AWS: "111122223333" },
          Action: [INVOKE_ACTION],
          Resource: ["*"],
        },
      ],
    });
  });

  it("never renders a * principal without a condition, whatever the rules (property)", () => {
    const principals = fc.record(
      {
        accounts: fc.array(fc.stringMatching(/^\d{12}$/), { maxLength: 2 }),
        organizationIds: fc.array(fc.stringMatching(/^o-[a-z0-9]{10}$/), { maxLength: 2 }),
        authenticated: fc.boolean(),
        anyone: fc.boolean(),
      },
      { requiredKeys: [] },
    );
    const rule = fc.record(
      {
        principals,
        methods: fc.subarray(["GET", "POST", "DELETE"]),
        sourceVpcs: fc.array(fc.stringMatching(/^vpc-[0-9a-f]{8}$/), { maxLength: 1 }),
        effect: fc.constantFrom(Effect.Allow, Effect.Deny),
      },
      { requiredKeys: ["principals"] },
    );
    fc.assert(
      fc.property(fc.array(rule, { minLength: 1, maxLength: 4 }), (rules) => {
        fc.pre(checkAuthRules(rules, "rules", true).length === 0);
        const statements = authPolicyStatements(rules, "*");
        expect(checkStatements(statements, "s", { kind: "resource" })).toEqual([]);
        const doc = renderPolicyDocument(statements as Parameters<typeof renderPolicyDocument>[0]);
        for (const s of doc.Statement) {
          expect(s["Action"]).toEqual([INVOKE_ACTION]);
          if (s["Principal"] === "*") expect(Object.keys(s["Condition"] ?? {}).length).toBeGreaterThan(0);
        }
      }),
    );
  });

  it("names each bad rule field, value and what is allowed", () => {
    const issues = checkAuthRules(
      [
        { principals: {} },
        {
          sid: "bad-sid",
          principals: {
            accounts: ["1234"],
            roleArns: ["arn:aws:iam::123456789012:user/bob"],
            organizationIds: ["org-1"],
          },
          methods: ["FETCH"],
          paths: ["orders"],
        },
        { principals: { anyone: true } },
      ],
      "authRules",
      false,
    );
    expect(issues.map((i) => `${i.path}: ${JSON.stringify(i.value)}; ${i.allowed}`)).toEqual([
      "authRules[0].principals: {}; at least one of accounts, roleArns, organizationIds, authenticated: true or anyone: true",
      'authRules[1].sid: "bad-sid"; letters and digits only',
      'authRules[1].principals.accounts[0]: "1234"; a 12-digit AWS account id',
      'authRules[1].principals.roleArns[0]: "arn:aws:iam::123456789012:user/bob"; an IAM role ARN (arn:aws:iam::<account>:role/<name>)',
      'authRules[1].principals.organizationIds[0]: "org-1"; an AWS Organizations id (o- and 10 to 32 lowercase letters or digits)',
      'authRules[1].methods[0]: "FETCH"; one of GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE, PATCH',
      'authRules[1].paths: ["orders"]; no paths on a service network policy (paths are part of a service\'s ARN)',
      'authRules[1].paths[0]: "orders"; a path starting with "/", optionally ending with * for a prefix',
      "authRules[2].principals.anyone: true; anyone: true only with sourceVpcs, sourceVpcAccounts or conditions that narrow the callers (never a bare * principal)",
    ]);
    expect(checkAuthRules([], "authRules", true)[0]?.allowed).toBe(
      "at least one rule (with IAM auth and no rule, every request is denied)",
    );
  });

  it("refuses a condition that narrows nothing, and anyone: true scoped only by such conditions", () => {
    const issues = checkAuthRules(
      [
        {
          principals: { anyone: true },
          conditions: [
            { test: "StringLike", variable: "vpc-lattice-svcs:SourceVpc", values: ["*"] },
            {
              test: "StringEqualsIfExists",
              variable: "vpc-lattice-svcs:RequestHeader/x-tenant",
              values: ["a"],
            },
            { test: "StringEquals", variable: "aws:PrincipalTag/team", values: [] },
          ],
        },
        {
          principals: { anyone: true },
          conditions: [{ test: "StringLike", variable: "vpc-lattice-svcs:SourceVpc", values: ["vpc-0a1b*"] }],
        },
      ],
      "authRules",
      true,
    );
    expect(issues.map((i) => i.path)).toEqual([
      "authRules[0].conditions[0]",
      "authRules[0].conditions[1]",
      "authRules[0].conditions[2]",
      "authRules[0].principals.anyone",
    ]);
    expect(issues[0]?.allowed).toBe(
      "a condition that narrows the callers: values other than only * patterns, and no ...IfExists operator (it passes when the key is absent)",
    );
    fc.assert(
      fc.property(
        fc.stringMatching(/^\*{1,4}$/),
        fc.constantFrom("StringLike", "ArnLike", "ForAnyValue:StringLike"),
        (pattern, test) =>
          narrowsNothing({ test, variable: "vpc-lattice-svcs:SourceVpc", values: [pattern] }),
      ),
    );
    fc.assert(
      fc.property(
        fc.stringMatching(/^vpc-[0-9a-f]{8}$/),
        (vpc) =>
          !narrowsNothing({ test: "StringEquals", variable: "vpc-lattice-svcs:SourceVpc", values: [vpc] }),
      ),
    );
  });

  it("authPolicyDocument throws on bad rules instead of rendering them", () => {
    expect(() => authPolicyDocument([{ principals: { anyone: true } }], "*")).toThrow(
      /rules\[0\]\.principals\.anyone: got true; allowed: anyone: true only with sourceVpcs/,
    );
  });
});
