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
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
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
  const analyzed = analyzerView(dir);
  try {
    const provider = new experimental.ComponentProvider({ dirname: analyzed, name: schemaName, components });
    const schema = JSON.parse(await provider.getSchema()) as ComponentSchema;
    return { schema, components: components.map((c) => c.name).sort() };
  } finally {
    fs.rmSync(analyzed, { recursive: true, force: true });
  }
}

/**
 * The analyzer reads a package through `<dir>/tsconfig.json` and `<dir>/package.json`, and a
 * workspace dependency (`@berth/*`) through that dependency's built `.d.ts`. A `.d.ts` loses the
 * initializer of an `as const` enum object, which the analyzer reads the members from, so an enum
 * shared across Berth packages (e.g. `@berth/ecs-fargate`'s `PortProtocol` in `Ec2Service`'s
 * containers) would stop it although its source is analyzable. A provider that serves these
 * components is built from this repository's sources, so the schema is built the same way: a
 * temporary directory whose `tsconfig.json` extends the package's own and maps each `@berth/*`
 * dependency to its `src/index.ts`, and whose `package.json` points at the package's source entry.
 */
function analyzerView(dir: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as Record<
    string,
    unknown
  > & { dependencies?: Record<string, string>; peerDependencies?: Record<string, string> };
  const paths: Record<string, string[]> = {};
  for (const name of Object.keys({ ...manifest.peerDependencies, ...manifest.dependencies })) {
    if (!name.startsWith("@berth/")) continue;
    // pnpm links each workspace dependency into the package's own node_modules.
    const linked = path.join(dir, "node_modules", ...name.split("/"));
    if (!fs.existsSync(linked)) continue;
    const depDir = fs.realpathSync(linked);
    const source = path.join(depDir, "src", "index.ts");
    if (fs.existsSync(source)) paths[name] = [source];
  }
  const view = fs.mkdtempSync(path.join(os.tmpdir(), "berth-schema-"));
  const { exports: _exports, ...rest } = manifest;
  fs.writeFileSync(
    path.join(view, "package.json"),
    JSON.stringify({ ...rest, main: path.join(dir, "src", "index.js") }),
  );
  fs.writeFileSync(
    path.join(view, "tsconfig.json"),
    JSON.stringify({
      extends: path.join(dir, "tsconfig.json"),
      compilerOptions: { rootDir: path.parse(dir).root, paths },
      include: [path.join(dir, "src")],
    }),
  );
  return view;
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
