/**
 * The Pulumi package schema of a Berth package's components, as Pulumi's component analyzer
 * (`ComponentProvider` from `@pulumi/pulumi/provider/experimental`) builds it from the TypeScript
 * source. A component whose args the analyzer cannot read (an inline literal union, a callback, an
 * intersection) cannot later be served to Python, Go, C# or YAML programs; each package's
 * `test/component-schema.test.ts` calls this so that such args fail a test instead.
 *
 * Test-time only: the analyzer loads the TypeScript compiler, so this lives behind its own subpath
 * (`@berth/core/component-schema`) and is never imported by a component.
 */
import { createRequire } from "node:module";
import path from "node:path";

/** One input or output property of a component in the schema. */
export interface SchemaProperty {
  readonly description?: string;
  readonly type?: string;
  readonly $ref?: string;
  readonly items?: SchemaProperty;
  readonly additionalProperties?: SchemaProperty;
}

/** One component resource in the schema. */
export interface SchemaResource {
  readonly isComponent?: boolean;
  readonly description?: string;
  readonly inputProperties?: Readonly<Record<string, SchemaProperty>>;
  readonly requiredInputs?: readonly string[];
  readonly properties?: Readonly<Record<string, SchemaProperty>>;
}

/** The parts of a Pulumi package schema the tests read. */
export interface ComponentSchema {
  readonly name: string;
  readonly resources: Readonly<Record<string, SchemaResource>>;
  readonly types?: Readonly<
    Record<
      string,
      {
        readonly type?: string;
        readonly enum?: readonly unknown[];
        readonly description?: string;
        readonly properties?: Readonly<Record<string, SchemaProperty>>;
      }
    >
  >;
}

/**
 * Builds the schema of every component class a package exports.
 * @param packageDir the package's directory (holding `package.json`).
 * @param schemaName the Pulumi package name to give the schema, e.g. `berth-ecs-fargate`.
 * @param moduleExports the package's module (`await import("../src/index.js")`).
 * @returns the parsed schema and the names of the component classes found.
 */
export async function componentSchema(
  packageDir: string,
  schemaName: string,
  moduleExports: object,
): Promise<{ schema: ComponentSchema; components: string[] }> {
  const dir = path.resolve(packageDir);
  // Resolve the SDK as the package under test sees it (one copy of @pulumi/pulumi per install).
  const requireFromPackage = createRequire(path.join(dir, "package.json"));
  const experimental = requireFromPackage(
    "@pulumi/pulumi/provider/experimental",
  ) as typeof import("@pulumi/pulumi/provider/experimental");
  const components = experimental.getPulumiComponents(moduleExports);
  const provider = new experimental.ComponentProvider({ dirname: dir, name: schemaName, components });
  const schema = JSON.parse(await provider.getSchema()) as ComponentSchema;
  return { schema, components: components.map((c) => c.name).sort() };
}

/**
 * Every input property of every component in the schema that has no description, as
 * `Component.property` (empty when every argument is documented).
 */
export function undocumentedInputs(schema: ComponentSchema): string[] {
  const missing: string[] = [];
  for (const [token, resource] of Object.entries(schema.resources)) {
    const component = token.split(":").at(-1) ?? token;
    for (const [property, spec] of Object.entries(resource.inputProperties ?? {})) {
      if (!spec.description?.trim()) missing.push(`${component}.${property}`);
    }
  }
  for (const [token, type] of Object.entries(schema.types ?? {})) {
    for (const [property, spec] of Object.entries(type.properties ?? {})) {
      if (!spec.description?.trim()) missing.push(`${token.split(":").at(-1) ?? token}.${property}`);
    }
  }
  return missing.sort();
}
