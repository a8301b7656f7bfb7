import path from "node:path";
import { type ComponentSchema, componentSchema, undocumentedInputs } from "@berth/core/component-schema";
import { describe, expect, it } from "vitest";
import { EC2_SERVICE_KEYS, MANAGED_INSTANCES_KEYS, SPOT_CAPACITY_KEYS } from "../src";

const dir = path.join(__dirname, "..");
const NAME = "berth-ecs-ec2-spot";
const inputsOf = (schema: ComponentSchema, component: string) =>
  Object.keys(schema.resources[`${NAME}:index:${component}`]?.inputProperties ?? {}).sort();

// Pulumi's component analyzer builds the schema a Python, Go or YAML program would see; it stops
// at the first type it cannot express (an inline literal union, an inline object type).
// The analyzer loads the TypeScript compiler over the package: some 15 s a component here, more on
// a busy two-core runner.
const SLOW = { timeout: 180_000 };

describe("Pulumi's component analyzer reads the components", () => {
  it("SpotCapacity: every argument, named enums, every argument documented", SLOW, async () => {
    const m = await import("../src/index.js");
    const { schema, components } = await componentSchema(dir, NAME, { SpotCapacity: m.SpotCapacity });
    expect(components).toEqual(["SpotCapacity"]);
    expect(inputsOf(schema, "SpotCapacity")).toEqual([...SPOT_CAPACITY_KEYS].sort());
    expect(schema.resources[`${NAME}:index:SpotCapacity`]?.inputProperties?.["architecture"]?.$ref).toBe(
      `#/types/${NAME}:index:Architecture`,
    );
    expect(schema.types?.[`${NAME}:index:Architecture`]?.enum).toEqual([
      { name: "Arm64", value: "arm64", description: "64-bit Arm (AWS Graviton): cheaper per vCPU." },
      { name: "X86_64", value: "x86_64", description: "64-bit x86 (Intel and AMD)." },
    ]);
    expect(undocumentedInputs(schema)).toEqual([]);
  });

  it("ManagedInstancesCapacity: every argument, every argument documented", SLOW, async () => {
    const m = await import("../src/index.js");
    const { schema, components } = await componentSchema(dir, NAME, {
      ManagedInstancesCapacity: m.ManagedInstancesCapacity,
    });
    expect(components).toEqual(["ManagedInstancesCapacity"]);
    expect(inputsOf(schema, "ManagedInstancesCapacity")).toEqual([...MANAGED_INSTANCES_KEYS].sort());
    expect(undocumentedInputs(schema)).toEqual([]);
  });

  // Ec2Service also takes @berth/ecs-fargate's `ContainerArgs` and `ServiceScalingArgs` and
  // @berth/core's `PolicyStatement`: the analyzer reads them from their sources (componentSchema).
  it(
    "Ec2Service: every argument, those of @berth/ecs-fargate and @berth/core included, each documented",
    SLOW,
    async () => {
      const m = await import("../src/index.js");
      const { schema } = await componentSchema(dir, NAME, { Ec2Service: m.Ec2Service });
      expect(inputsOf(schema, "Ec2Service")).toEqual([...EC2_SERVICE_KEYS].sort());
      expect(schema.types?.[`${NAME}:index:PortProtocol`]?.enum?.length).toBeGreaterThan(1);
      expect(undocumentedInputs(schema)).toEqual([]);
    },
  );
});
