import path from "node:path";
import { componentSchema, undocumentedInputs } from "@berth/core/component-schema";
import { describe, expect, it } from "vitest";
import {
  Cluster,
  ClusterCapacityProviders,
  EventTask,
  ExpressService,
  QueueWorker,
  ScheduledTask,
} from "../src";

const PACKAGE = path.join(__dirname, "..");
const SCHEMA = "berth-ecs-fargate";

/** The components of this helper's files, by class name. */
const COMPONENTS = {
  Cluster,
  ClusterCapacityProviders,
  ExpressService,
  QueueWorker,
  ScheduledTask,
  EventTask,
};

/** Builds the schema of one component alone (the analyzer stops at the first type it cannot read). */
function schemaOf(component: keyof typeof COMPONENTS) {
  return componentSchema(PACKAGE, SCHEMA, { [component]: COMPONENTS[component] });
}

/** The components of this helper's files whose args the analyzer reads in full, with their arguments. */
const ANALYZABLE = {
  Cluster: ["containerInsights", "ec2Capacity", "execKmsKeyArn", "execLogRetentionDays", "tags"],
} as const;

/**
 * The components the analyzer cannot read yet, with the first type it stops at. Each one names a
 * type outside this component's own arguments (`PolicyStatement` of `@berth/core`, read from a
 * `.d.ts`, as for `FargateService`) or
 * a decision still open (an event pattern is arbitrary JSON; aliases with a parent resource). When
 * a blocker is removed this test fails: move the component to {@link ANALYZABLE}.
 */
const BLOCKED = {
  ClusterCapacityProviders: "'ClusterCapacityProvidersArgs.associationAliases[]': type 'string | Alias'",
  ExpressService: "'PolicyStatement.effect'",
  QueueWorker: "'PolicyStatement.effect'",
  ScheduledTask: "'PolicyStatement.effect'",
  EventTask: "'EventTaskArgs.eventPattern values': type 'unknown'",
} as const;

describe("component schema (Pulumi's component analyzer) of the task components", () => {
  it("every component is either analyzable or has its blocker named", () => {
    expect([...Object.keys(ANALYZABLE), ...Object.keys(BLOCKED)].sort()).toEqual(
      Object.keys(COMPONENTS).sort(),
    );
  });

  it.each(Object.entries(ANALYZABLE))(
    "%s: listed with every argument, each documented, literal unions as named enums",
    async (component, args) => {
      const { schema } = await schemaOf(component as keyof typeof COMPONENTS);
      const resource = schema.resources[`${SCHEMA}:index:${component}`];
      expect(Object.keys(resource?.inputProperties ?? {}).sort()).toEqual([...args].sort());
      expect(undocumentedInputs(schema)).toEqual([]);
      if (component !== "Cluster") return;
      // Cluster.containerInsights is the named enum ContainerInsights.
      expect(resource?.inputProperties?.["containerInsights"]?.$ref).toBe(
        `#/types/${SCHEMA}:index:ContainerInsights`,
      );
      expect(schema.types?.[`${SCHEMA}:index:ContainerInsights`]?.enum).toEqual([
        { name: "Enhanced", value: "enhanced", description: expect.any(String) },
        { name: "Enabled", value: "enabled", description: expect.any(String) },
        { name: "Disabled", value: "disabled", description: expect.any(String) },
      ]);
    },
    120_000,
  );

  it.each(Object.entries(BLOCKED))(
    "%s: the analyzer still stops at %s",
    async (component, where) => {
      await expect(schemaOf(component as keyof typeof COMPONENTS)).rejects.toThrow(where);
    },
    120_000,
  );
});
