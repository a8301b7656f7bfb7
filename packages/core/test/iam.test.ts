import * as pulumi from "@pulumi/pulumi";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  allow,
  checkStatements,
  Effect,
  isConditionOperator,
  type PolicyStatement,
  parsePolicyDocument,
  policyDocument,
  renderPolicyDocument,
  serviceTrustPolicy,
} from "../src";

const promiseOf = <T>(o: pulumi.Output<T>): Promise<T> => new Promise((resolve) => o.apply(resolve));

describe("IAM documents", () => {
  it("renders typed statements to the JSON IAM expects, sorted and de-duplicated", async () => {
    const doc = await promiseOf(
      policyDocument([
        allow(
          ["logs:PutLogEvents", "logs:CreateLogStream", "logs:PutLogEvents"],
          [pulumi.output("arn:aws:logs:us-east-1:1:log-group:g:*")],
        ),
        { sid: "Pull", actions: ["ecr:GetAuthorizationToken"], resources: ["*"] },
      ]),
    );
    expect(JSON.parse(doc)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: ["arn:aws:logs:us-east-1:1:log-group:g:*"],
        },
        { Sid: "Pull", Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: ["*"] },
      ],
    });
  });

  it("builds a service trust policy with a confused-deputy condition", async () => {
    const doc = await promiseOf(
      serviceTrustPolicy(
        ["ecs-tasks.amazonaws.com"],
        [{ test: "StringEquals", variable: "aws:SourceAccount", values: ["123456789012"] }],
      ),
    );
    expect(JSON.parse(doc)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "ecs-tasks.amazonaws.com" },
          Action: ["sts:AssumeRole"],
          Condition: { StringEquals: { "aws:SourceAccount": ["123456789012"] } },
        },
      ],
    });
  });

  it("merges conditions with the same operator and key", () => {
    const doc = renderPolicyDocument([
      {
        actions: ["ecr:BatchGetImage"],
        principals: { aws: ["*"] },
        conditions: [
          { test: "StringEquals", variable: "aws:PrincipalOrgID", values: ["o-1"] },
          { test: "StringEquals", variable: "aws:PrincipalOrgID", values: ["o-2", "o-1"] },
        ],
      },
    ]);
    expect(doc.Statement[0]).toEqual({
      Effect: "Allow",
      Principal: "*",
      Action: ["ecr:BatchGetImage"],
      Condition: { StringEquals: { "aws:PrincipalOrgID": ["o-1", "o-2"] } },
    });
  });

  it("refuses administrator access and anonymous principals", () => {
    expect(() => policyDocument([allow(["*"], ["*"])])).toThrow(
      /Action \* on Resource \* is administrator access/,
    );
    expect(
      checkStatements([{ actions: ["ecr:BatchGetImage"], principals: { aws: ["*"] } }], "statements", {
        kind: "resource",
      }),
    ).toEqual([
      {
        path: "statements[0].principals.aws",
        value: "*",
        allowed: "named principals, or * together with a condition such as aws:PrincipalOrgID",
      },
    ]);
  });

  it("names the statement and field of a malformed statement", () => {
    const issues = checkStatements([{ actions: ["GetObject"], resources: [] }]);
    expect(issues.map((i) => i.path)).toEqual(["statements[0].actions[0]", "statements[0].resources"]);
    expect(
      checkStatements([{ actions: ["s3:GetObject"], resources: ["*"], principals: { service: ["x"] } }])[0]
        ?.allowed,
    ).toBe("no principals in an identity policy");
    expect(checkStatements([{ actions: ["sts:AssumeRole"] }], "trust", { kind: "trust" })[0]?.path).toBe(
      "trust[0].principals",
    );
    expect(checkStatements([])[0]?.allowed).toBe("at least one statement");
  });

  it("refuses an effect other than Allow or Deny (a JavaScript caller's lowercase string)", () => {
    const statement = {
      effect: "allow",
      actions: ["s3:GetObject"],
      resources: ["*"],
    } as unknown as PolicyStatement;
    expect(checkStatements([statement])).toEqual([
      {
        path: "statements[0].effect",
        value: "allow",
        allowed: '"Allow" or "Deny" (Effect.Allow, Effect.Deny)',
      },
    ]);
    expect(checkStatements([{ effect: Effect.Deny, actions: ["s3:*"], resources: ["*"] }])).toEqual([]);
  });

  it("accepts every well-formed action and rejects every malformed one (property)", () => {
    const service = fc.stringMatching(/^[a-z0-9-]{1,12}$/);
    const action = fc.stringMatching(/^[A-Za-z0-9*?]{1,20}$/);
    fc.assert(
      fc.property(service, action, (s, a) => {
        expect(checkStatements([allow([`${s}:${a}`], ["arn:aws:s3:::b"])])).toEqual([]);
        expect(checkStatements([allow([`${s}${a}`], ["arn:aws:s3:::b"])]).length).toBeGreaterThan(0);
      }),
    );
  });

  it("parses documents back, and rejects what is not one", () => {
    expect(parsePolicyDocument('{"Version":"2012-10-17","Statement":[]}')).toEqual({
      Version: "2012-10-17",
      Statement: [],
    });
    expect(parsePolicyDocument("nope")).toBeUndefined();
    expect(parsePolicyDocument('{"a":1}')).toBeUndefined();
  });
});

describe("isConditionOperator", () => {
  it("knows the IAM operators with their IfExists suffix and set qualifiers, Null without IfExists", () => {
    for (const op of [
      "StringEquals",
      "ArnLikeIfExists",
      "ForAnyValue:StringLike",
      "ForAllValues:StringEquals",
      "Null",
      "Bool",
    ])
      expect(isConditionOperator(op), op).toBe(true);
    for (const op of ["StringEqual", "NullIfExists", "ForSomeValues:StringLike", "stringequals", ""])
      expect(isConditionOperator(op), op).toBe(false);
  });
});
