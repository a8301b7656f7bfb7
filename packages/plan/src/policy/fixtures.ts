/**
 * Small hand-written resource graphs for policy tests: plain data (so the same fixture can go
 * through the in-process runner and the gRPC analyzer), with references by logical name.
 */
import { type GraphResource, ResourceGraph } from "../graph";
import { UNKNOWN } from "../values";

/** One resource in a fixture. */
export interface FixtureResource {
  type: string;
  name: string;
  inputs?: Record<string, unknown>;
  /** Outputs for stack policies. @default the inputs plus `id`, `arn` and `name` (when absent) */
  outputs?: Record<string, unknown>;
  /** @default true (false for `remote`) */
  custom?: boolean;
  /** A remote component such as `eks:index:Cluster`. @default false */
  remote?: boolean;
  /** Input property -> logical names of the fixture resources its value came from. */
  deps?: Record<string, string[]>;
  /** Parent's logical name. @default the stack */
  parent?: string;
  /** Input paths that are secret. */
  secretPaths?: string[];
}

/** Options for {@link fixtureGraph}. */
export interface FixtureGraphOptions {
  /** Stack name (in URNs). @default "dev" */
  stack?: string;
  /** Project name. @default "berth" */
  project?: string;
  /** Build a preview graph (the flag only; put {@link UNKNOWN} in inputs where needed). @default false */
  preview?: boolean;
}

/** The URN a fixture resource gets. */
export function fixtureUrn(type: string, name: string, stack = "dev", project = "berth"): string {
  return `urn:pulumi:${stack}::${project}::${type}::${name}`;
}

function unknownPaths(value: unknown, path: string, out: string[]): void {
  if (value === UNKNOWN) out.push(path);
  else if (Array.isArray(value)) {
    value.forEach((v, i) => {
      unknownPaths(v, `${path}[${i}]`, out);
    });
  } else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) unknownPaths(v, path ? `${path}.${k}` : k, out);
}

/** Builds a graph (with its stack resource) from fixture resources. */
export function fixtureGraph(
  resources: readonly FixtureResource[],
  options: FixtureGraphOptions = {},
): ResourceGraph {
  const stack = options.stack ?? "dev";
  const project = options.project ?? "berth";
  const stackUrn = fixtureUrn("pulumi:pulumi:Stack", `${project}-${stack}`, stack, project);
  const urnOf = new Map(resources.map((r) => [r.name, fixtureUrn(r.type, r.name, stack, project)]));
  const find = (name: string) => {
    const u = urnOf.get(name);
    if (!u) throw new Error(`fixture: no resource named "${name}" (have: ${[...urnOf.keys()].join(", ")})`);
    return u;
  };
  const base = (): GraphResource["options"] => ({
    protect: false,
    ignoreChanges: [],
    deleteBeforeReplace: false,
    retainOnDelete: false,
    replaceOnChanges: [],
    additionalSecretOutputs: [],
    aliases: [],
  });
  const out: GraphResource[] = [
    {
      urn: stackUrn,
      type: "pulumi:pulumi:Stack",
      name: `${project}-${stack}`,
      custom: false,
      read: false,
      remote: false,
      dependencies: [],
      propertyDependencies: {},
      explicitDependencies: [],
      inputs: {},
      outputs: {},
      secretPaths: [],
      unknownPaths: [],
      options: base(),
    },
  ];
  for (const r of resources) {
    const urn = find(r.name);
    const inputs = r.inputs ?? {};
    const remote = r.remote ?? false;
    const custom = r.custom ?? !remote;
    const propertyDependencies: Record<string, string[]> = {};
    for (const [k, names] of Object.entries(r.deps ?? {})) propertyDependencies[k] = names.map(find);
    const dependencies = [...new Set(Object.values(propertyDependencies).flat())];
    const id = `${r.name}-id`;
    const outputs = r.outputs ?? {
      id,
      arn: `arn:aws:fixture:us-east-1:123456789012:${r.name}`,
      name: r.name,
      ...inputs,
    };
    const unknowns: string[] = [];
    unknownPaths(inputs, "", unknowns);
    out.push({
      urn,
      type: r.type,
      name: r.name,
      custom,
      read: false,
      remote,
      parent: r.parent ? find(r.parent) : stackUrn,
      dependencies,
      propertyDependencies,
      explicitDependencies: [],
      inputs,
      outputs,
      ...(custom ? { id } : {}),
      secretPaths: r.secretPaths ?? [],
      unknownPaths: unknowns,
      options: base(),
    });
  }
  return new ResourceGraph(project, stack, options.preview ?? false, out);
}
