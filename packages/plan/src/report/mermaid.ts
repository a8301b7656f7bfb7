import type { GraphResource, ResourceGraph } from "../graph";

/** Size limits for a diagram that stays readable in a PR comment. */
export interface MermaidOptions {
  /** Most nodes (components and resources) drawn. @default 40 */
  maxNodes?: number;
  /** Most dependency edges drawn. @default 60 */
  maxEdges?: number;
}

/**
 * Resource types worth a node of their own. Anything else (role attachments, security group
 * rules, lifecycle policies, alarms, ...) folds into its component.
 */
const MAIN_TYPES = new Set([
  "aws:ec2/vpc:Vpc",
  "aws:ec2/vpcEndpoint:VpcEndpoint",
  "aws:ec2/flowLog:FlowLog",
  "aws:ec2/natGateway:NatGateway",
  "aws:ecs/cluster:Cluster",
  "aws:ecs/service:Service",
  "aws:ecs/taskDefinition:TaskDefinition",
  "aws:ecs/capacityProvider:CapacityProvider",
  "aws:ecs/expressGatewayService:ExpressGatewayService",
  "aws:ecr/repository:Repository",
  "aws:lb/loadBalancer:LoadBalancer",
  "aws:lb/targetGroup:TargetGroup",
  "aws:autoscaling/group:Group",
  "aws:sqs/queue:Queue",
  "aws:scheduler/schedule:Schedule",
  "aws:cloudwatch/eventRule:EventRule",
  "aws:eks/cluster:Cluster",
  "aws:eks/nodeGroup:NodeGroup",
  "aws:vpclattice/serviceNetwork:ServiceNetwork",
  "aws:vpclattice/service:Service",
  "aws:vpclattice/targetGroup:TargetGroup",
  "aws:vpclattice/serviceNetworkVpcAssociation:ServiceNetworkVpcAssociation",
]);

/** `aws:ecs/service:Service` -> `ecs.Service`; `berth:ecs:FargateService` -> `FargateService`. */
export function shortType(type: string): string {
  const [pkg, mod, kind] = type.split(":");
  if (pkg === "aws") return `${(mod ?? "").split("/")[0]}.${kind}`;
  if (pkg === "pulumi") return kind ?? type;
  return kind ?? type;
}

/** Escapes text for a quoted Mermaid label. */
function esc(text: string): string {
  return text.replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
}

interface Plan {
  /** URNs drawn, in registration order. */
  shown: Set<string>;
  /** Components drawn as subgraphs. */
  groups: Set<string>;
  /** Omitted resources, by the component they folded into. */
  folded: Map<string, number>;
  truncated: boolean;
}

function choose(graph: ResourceGraph, maxNodes: number): Plan {
  const all = graph.resources.filter((r) => r.type !== "pulumi:pulumi:Stack");
  const components = all.filter((r) => !r.custom);
  const reads = all.filter((r) => r.read);
  const main = all.filter((r) => r.custom && !r.read && MAIN_TYPES.has(r.type));
  const tiers = [[...components, ...reads, ...main], [...components, ...reads], components];
  let pick = tiers.find((t) => t.length <= maxNodes);
  let truncated = false;
  if (!pick) {
    pick = components.slice(0, maxNodes);
    truncated = true;
  }
  const shown = new Set(pick.map((r) => r.urn));
  const groups = new Set(
    pick.filter((r) => !r.custom && !r.remote && graph.childrenOf(r.urn).length > 0).map((r) => r.urn),
  );
  const folded = new Map<string, number>();
  for (const r of all) {
    if (shown.has(r.urn)) continue;
    const owner = nearestShown(graph, r, shown);
    if (owner) folded.set(owner, (folded.get(owner) ?? 0) + 1);
  }
  return { shown, groups, folded, truncated };
}

function nearestShown(graph: ResourceGraph, r: GraphResource, shown: Set<string>): string | undefined {
  if (shown.has(r.urn)) return r.urn;
  return graph.ancestorsOf(r.urn).find((a) => shown.has(a.urn))?.urn;
}

/**
 * The key to {@link renderMermaid}'s diagrams, in Markdown: printed once under the diagrams.
 */
export const MERMAID_LEGEND = [
  "**Reading the diagrams.** `A --> B`: A depends on B through an input (B is created first and A uses one of its outputs). " +
    "`A -.-> B`: A waits for B only because of an explicit `dependsOn`. " +
    "A box around nodes is a component; `+N more` counts the small resources folded into it. " +
    "`[[name]]` is a component drawn without its children; a slanted box `/name/` is a read (stack reference or `.get`), not created; " +
    "a hexagon is a remote component: its children are not in the plan. " +
    "A thick orange outline marks a protected resource.",
].join("\n");

/**
 * A Mermaid `flowchart` of a graph: components as subgraphs, their main resources as nodes, and
 * dependency edges between what is drawn. Small resources fold into their component (its title
 * says how many); past `maxNodes` only components are drawn.
 */
export function renderMermaid(graph: ResourceGraph, options: MermaidOptions = {}): string {
  const maxNodes = options.maxNodes ?? 40;
  const maxEdges = options.maxEdges ?? 60;
  const plan = choose(graph, maxNodes);
  const ids = new Map<string, string>();
  let n = 0;
  for (const r of graph.resources) if (plan.shown.has(r.urn)) ids.set(r.urn, `n${n++}`);

  const lines = ["flowchart LR"];
  const protectedIds: string[] = [];
  const readIds: string[] = [];
  const remoteIds: string[] = [];
  const emit = (r: GraphResource, indent: string) => {
    const id = ids.get(r.urn) as string;
    const more = plan.folded.get(r.urn);
    const extra = more ? ` +${more} more` : "";
    if (plan.groups.has(r.urn)) {
      lines.push(`${indent}subgraph ${id}["${esc(`${shortType(r.type)} ${r.name}${extra}`)}"]`);
      for (const ch of descendantsShownDirectly(graph, r, plan.shown)) emit(ch, `${indent}  `);
      lines.push(`${indent}end`);
      return;
    }
    const text = `"${esc(shortType(r.type))}<br/>${esc(r.name + extra)}"`;
    if (r.read) {
      lines.push(`${indent}${id}[/${text}/]`);
      readIds.push(id);
    } else if (r.remote) {
      // A remote component: its children are built by its provider plugin and are not in the plan.
      lines.push(
        `${indent}${id}{{"${esc(shortType(r.type))}<br/>${esc(r.name + extra)}<br/>remote: children not in plan"}}`,
      );
      remoteIds.push(id);
    } else if (!r.custom) lines.push(`${indent}${id}[[${text}]]`);
    else lines.push(`${indent}${id}[${text}]`);
    if (r.options.protect) protectedIds.push(id);
  };
  const top = graph.resources.filter(
    (r) => plan.shown.has(r.urn) && nearestShownAncestor(graph, r, plan.shown) === undefined,
  );
  for (const r of top) emit(r, "  ");

  // Dependency edges between drawn nodes; edges into a node's own enclosing group are noise.
  // `a --> b`: a depends on b through an input; `a -.-> b`: only through an explicit dependsOn.
  const edges = new Map<string, boolean>();
  let dropped = 0;
  for (const e of graph.edges) {
    if (e.kind === "parent") continue;
    const from = graph.get(e.from);
    const to = graph.get(e.to);
    if (!from || !to) continue;
    // Reads (stack references) are used all over a component: one edge from its outermost box.
    const a = to.read ? outermostShown(graph, from, plan.shown) : nearestShown(graph, from, plan.shown);
    const b = nearestShown(graph, to, plan.shown);
    if (!a || !b || a === b) continue;
    if (graph.ancestorsOf(a).some((x) => x.urn === b) || graph.ancestorsOf(b).some((x) => x.urn === a))
      continue;
    const key = `${ids.get(a)} ${ids.get(b)}`;
    const viaInput = e.kind === "input";
    if (edges.has(key)) {
      if (viaInput) edges.set(key, true);
      continue;
    }
    if (edges.size >= maxEdges) {
      dropped++;
      continue;
    }
    edges.set(key, viaInput);
  }
  for (const [key, viaInput] of edges) {
    const [a, b] = key.split(" ");
    lines.push(`  ${a} ${viaInput ? "-->" : "-.->"} ${b}`);
  }
  lines.push("  classDef protected stroke:#d97706,stroke-width:3px");
  lines.push("  classDef read stroke-dasharray:4 3");
  lines.push("  classDef remote stroke-dasharray:2 2,stroke-width:2px");
  if (protectedIds.length) lines.push(`  class ${protectedIds.join(",")} protected`);
  if (readIds.length) lines.push(`  class ${readIds.join(",")} read`);
  if (remoteIds.length) lines.push(`  class ${remoteIds.join(",")} remote`);
  if (plan.truncated || dropped) {
    lines.push(
      `  %% truncated: ${plan.truncated ? "components over the node cap; " : ""}${dropped} edges omitted`,
    );
  }
  return lines.join("\n");
}

function outermostShown(graph: ResourceGraph, r: GraphResource, shown: Set<string>): string | undefined {
  const chain = [r, ...graph.ancestorsOf(r.urn)].filter((x) => shown.has(x.urn));
  return chain[chain.length - 1]?.urn;
}

function nearestShownAncestor(
  graph: ResourceGraph,
  r: GraphResource,
  shown: Set<string>,
): string | undefined {
  return graph.ancestorsOf(r.urn).find((a) => shown.has(a.urn))?.urn;
}

/** Shown resources whose nearest shown ancestor is `r`. */
function descendantsShownDirectly(
  graph: ResourceGraph,
  r: GraphResource,
  shown: Set<string>,
): GraphResource[] {
  return graph
    .descendantsOf(r.urn)
    .filter((d) => shown.has(d.urn) && nearestShownAncestor(graph, d, shown) === r.urn);
}
