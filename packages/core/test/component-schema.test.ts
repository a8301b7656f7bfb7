import path from "node:path";
import { describe, expect, it } from "vitest";
import { componentSchema, undocumentedInputs } from "../src/component-schema.js";

const fixture = path.join(__dirname, "fixtures", "schema-ok");

describe("componentSchema", () => {
  it("builds the schema with named enums and reports the undocumented argument", async () => {
    const module = await import("./fixtures/schema-ok/src/index.js");
    const { schema, components } = await componentSchema(fixture, "schema-ok", module);
    expect(components).toEqual(["Widget"]);
    const widget = schema.resources["schema-ok:index:Widget"];
    expect(Object.keys(widget?.inputProperties ?? {}).sort()).toEqual(["label", "size", "volume"]);
    expect(widget?.inputProperties?.volume?.$ref).toBe("#/types/schema-ok:index:Volume");
    expect(schema.types?.["schema-ok:index:Volume"]?.enum).toEqual([
      { name: "Low", value: "low", description: "Quiet." },
      { name: "High", value: "high", description: "Loud." },
    ]);
    expect(undocumentedInputs(schema)).toEqual(["Widget.label"]);
  });
});
