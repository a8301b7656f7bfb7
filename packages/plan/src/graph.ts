import type { ConformanceResult } from "./catalog/check";
/** Options on a resource that matter for review and policy. */
export interface ResourceOptions {
  protect: boolean;
  ignoreChanges: string[];
  deleteBeforeReplace: boolean;
  retainOnDelete: boolean;
  replaceOnChanges: string[];
  additionalSecretOutputs: string[];
  /** URN of an explicit provider, if any (`urn::id` reference). */
  provider?: string;
  /** URN the resource is deleted with, if any. */
  deletedWith?: string;
  /** Custom timeouts, if any. */
  customTimeouts?: { create?: string; update?: string; delete?: string };
  /** Aliases given (as URNs or specs rendered to strings). */
  aliases: string[];
  /** Import id, if the resource is imported. */
  importId?: string;
}

/** One registered resource in a captured program. */
export interface GraphResource {
  urn: string;
  type: string;
  /** Logical name. */
  name: string;
  /** True for custom (cloud) resources, false for components and the stack. */
  custom: boolean;
  /** True when the resource was read (`.get`, StackReference), not registered for creation. */
  read: boolean;
  /** True for a remote (multi-language) component, e.g. `eks:index:Cluster`: under the mock engine
   * its children are not visible, so the inputs given to it are what tests and policies check. */
  remote: boolean;
  /** Parent URN; undefined only for the stack itself. */
  parent?: string;
  /** Every URN this resource depends on (implicit through inputs, and explicit `dependsOn`). */
  dependencies: string[];
  /** For each input property, the URNs its value came from. */
  propertyDependencies: Record<string, string[]>;
  /** Dependencies given with `dependsOn`: those that no input property explains. */
  explicitDependencies: string[];
  /** Inputs as sent to the engine: secrets unwrapped, unknowns are the UNKNOWN sentinel. */
  inputs: Record<string, unknown>;
  /** Outputs: for custom resources what the mock returned, for components what they registered. */
  outputs: Record<string, unknown>;
  /** Physical id from the mock (empty in preview). */
  id?: string;
  /** Paths (e.g. `containerDefinitions`, `tags.Owner`) of inputs that were secret. */
  secretPaths: string[];
  /** Paths of inputs unknown at registration (preview only). */
  unknownPaths: string[];
  options: ResourceOptions;
}

/** A dependency edge: `from` depends on `to`. */
export interface GraphEdge {
  from: string;
  to: string;
  /** `parent` (ownership), `input` (through an input property) or `dependsOn` (explicit). */
  kind: "parent" | "input" | "dependsOn";
  /** Input properties that carry the dependency, for `input` edges. */
  properties?: string[];
}

/** The plain-data form of a graph, as written to `plan-out/<env>.json`. */
export interface GraphJson {
  project: string;
  stack: string;
  preview: boolean;
  resources: GraphResource[];
  stackOutputs: Record<string, unknown>;
}

/**
 * The resources a Pulumi program registered, with parents, dependencies, inputs and options,
 * plus a small query API for tests:
 *
 * ```ts
 * graph.ofType("aws:ecs/service:Service");
 * graph.one("aws:iam/role:Role", "web-task");
 * graph.childrenOf(component.urn);
 * ```
 */
export class ResourceGraph {
  readonly resources: readonly GraphResource[];
  private readonly byUrnMap: Map<string, GraphResource>;
  private readonly childrenMap = new Map<string, GraphResource[]>();
  /**
   * The AWS conformance check of this graph's resources (set by `capture()` unless it ran with
   * `conformance: false`): what AWS would reject, and what was unknown and so not checked.
   */
  conformance?: ConformanceResult;

  constructor(
    readonly project: string,
    readonly stack: string,
    readonly preview: boolean,
    resources: GraphResource[],
    /** The stack's exported outputs. */
    readonly stackOutputs: Record<string, unknown> = {},
  ) {
    this.resources = resources;
    this.byUrnMap = new Map(resources.map((r) => [r.urn, r]));
    for (const r of resources) {
      if (!r.parent) continue;
      const list = this.childrenMap.get(r.parent) ?? [];
      list.push(r);
      this.childrenMap.set(r.parent, list);
    }
  }

  /** Rebuilds a graph from its JSON form. */
  static fromJSON(json: GraphJson): ResourceGraph {
    return new ResourceGraph(json.project, json.stack, json.preview, json.resources, json.stackOutputs);
  }

  toJSON(): GraphJson {
    return {
      project: this.project,
      stack: this.stack,
      preview: this.preview,
      resources: [...this.resources],
      stackOutputs: this.stackOutputs,
    };
  }

  /** Number of resources, the stack included. */
  get size(): number {
    return this.resources.length;
  }

  /** The `pulumi:pulumi:Stack` resource. */
  get root(): GraphResource | undefined {
    return this.resources.find((r) => r.type === "pulumi:pulumi:Stack");
  }

  /** The resource with this URN, or undefined. */
  get(urn: string): GraphResource | undefined {
    return this.byUrnMap.get(urn);
  }

  /** The resource with this URN; throws naming the URN when absent. */
  byUrn(urn: string): GraphResource {
    const r = this.byUrnMap.get(urn);
    if (!r) throw new Error(`no resource with URN ${urn}`);
    return r;
  }

  /** Every resource of a type, in registration order. */
  ofType(type: string): GraphResource[] {
    return this.resources.filter((r) => r.type === type);
  }

  /** Number of resources of a type. */
  count(type: string): number {
    return this.ofType(type).length;
  }

  /** Resources with this logical name (any type). */
  named(name: string): GraphResource[] {
    return this.resources.filter((r) => r.name === name);
  }

  /**
   * The single resource of `type` (and `name`, when given). Throws when there is none or more
   * than one, listing what exists, so a failing test says why.
   */
  one(type: string, name?: string): GraphResource {
    const found = this.ofType(type).filter((r) => name === undefined || r.name === name);
    if (found.length !== 1) {
      const have = this.ofType(type).map((r) => r.name);
      throw new Error(
        `expected exactly one ${type}${name ? ` named "${name}"` : ""}, found ${found.length}` +
          (have.length ? ` (have: ${have.join(", ")})` : ""),
      );
    }
    return found[0] as GraphResource;
  }

  /** Direct children of a resource. */
  childrenOf(urn: string): GraphResource[] {
    return this.childrenMap.get(urn) ?? [];
  }

  /** Every descendant of a resource, depth first. */
  descendantsOf(urn: string): GraphResource[] {
    const out: GraphResource[] = [];
    const walk = (u: string) => {
      for (const c of this.childrenOf(u)) {
        out.push(c);
        walk(c.urn);
      }
    };
    walk(urn);
    return out;
  }

  /** The parent chain of a resource, nearest first. */
  ancestorsOf(urn: string): GraphResource[] {
    const out: GraphResource[] = [];
    let cur = this.get(urn)?.parent;
    while (cur) {
      const p = this.get(cur);
      if (!p) break;
      out.push(p);
      cur = p.parent;
    }
    return out;
  }

  /** True when `from` depends on `to`, directly. */
  dependsOn(from: string, to: string): boolean {
    return this.get(from)?.dependencies.includes(to) ?? false;
  }

  /** True when `from` depends on `to` through any chain of dependencies. */
  dependsOnTransitively(from: string, to: string): boolean {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length) {
      const u = stack.pop() as string;
      for (const d of this.get(u)?.dependencies ?? []) {
        if (d === to) return true;
        if (!seen.has(d)) {
          seen.add(d);
          stack.push(d);
        }
      }
    }
    return false;
  }

  /** Every edge: parent ownership, input dependencies and explicit `dependsOn`. */
  get edges(): GraphEdge[] {
    const edges: GraphEdge[] = [];
    for (const r of this.resources) {
      if (r.parent) edges.push({ from: r.urn, to: r.parent, kind: "parent" });
      const props = new Map<string, string[]>();
      for (const [p, urns] of Object.entries(r.propertyDependencies)) {
        for (const u of urns) props.set(u, [...(props.get(u) ?? []), p]);
      }
      for (const d of r.dependencies) {
        const via = props.get(d);
        edges.push(
          via
            ? { from: r.urn, to: d, kind: "input", properties: via }
            : { from: r.urn, to: d, kind: "dependsOn" },
        );
      }
    }
    return edges;
  }

  /** Resources counted by type, most frequent first. */
  countsByType(): Array<{ type: string; count: number }> {
    const counts = new Map<string, number>();
    for (const r of this.resources) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
    return [...counts.entries()]
      .map(([type, count]) => ({ type, count }))
      .sort((a, b) => b.count - a.count || a.type.localeCompare(b.type));
  }
}
