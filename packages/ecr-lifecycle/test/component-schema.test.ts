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
    expect(undocumentedInputs(schema)).toEqual([]);
  });
});
