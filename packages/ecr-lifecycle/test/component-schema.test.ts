import path from "node:path";
import { componentSchema, undocumentedInputs } from "@berth/core/component-schema";
import { describe, expect, it } from "vitest";

describe("component schema", () => {
  it("Pulumi's component analyzer reads every component's arguments, each documented", async () => {
    const { schema, components } = await componentSchema(
      path.join(__dirname, ".."),
      "berth-ecr-lifecycle",
      await import("../src/index.js"),
    );
    expect(components).toEqual(["RegistrySettings", "Repository"]);
    const inputs = (c: string) =>
      Object.keys(schema.resources[`berth-ecr-lifecycle:index:${c}`]?.inputProperties ?? {}).sort();
    expect(inputs("Repository")).toEqual(
      [
        "repositoryName",
        "imageTagMutability",
        "mutabilityExclusions",
        "scanOnPush",
        "encryption",
        "kmsKeyArn",
        "forceDelete",
        "lifecycleRules",
        "public",
        "publicCatalog",
        "tags",
        "pullAccountIds",
        "pullOrganizationId",
        "pullLambdaFunctionArns",
        "pushRoleArns",
        "policyStatements",
      ].sort(),
    );
    expect(inputs("RegistrySettings")).toEqual(
      [
        "scanType",
        "scanRules",
        "replicationRules",
        "pullThroughCache",
        "creationTemplates",
        "replicationSourceAccountIds",
        "pullThroughCachePrincipalArns",
      ].sort(),
    );
    for (const e of ["ScanType", "ScanFrequency", "PullThroughUpstream", "TemplateAppliedFor", "TagStatus"])
      expect(schema.types?.[`berth-ecr-lifecycle:index:${e}`]?.enum?.length).toBeGreaterThan(1);
    // @berth/core's statement effect is a named enum, so policy statements are analyzable too.
    expect(schema.types?.["berth-ecr-lifecycle:index:Effect"]?.enum?.length).toBe(2);
    expect(undocumentedInputs(schema)).toEqual([]);
  });
});
