import pc from "picocolors";
import type { GraphResource, ResourceGraph } from "../graph";
import { remoteComponentNote } from "./remote";
import {
  describeUrn,
  groupByLevel,
  plannedResources,
  RESOURCE_COUNT_DEFINITION,
  SAVINGS_BASELINE,
  summarizeLayer,
  summarizePlan,
} from "./summary";
import type { LayerPlan, PlanReport, PlanViolation } from "./types";

/** How the terminal report renders. */
export interface TreeOptions {
  /** Use ANSI colours. @default false */
  color?: boolean;
  /** Collapse at least this many sibling leaves of one type into one line. @default 3 */
  collapseAt?: number;
  /** Rows of the counts-by-type table. @default 25 */
  maxTypes?: number;
}

type Colors = ReturnType<typeof pc.createColors>;

function marks(r: GraphResource, c: Colors): string {
  const m: string[] = [];
  if (r.options.protect) m.push(c.yellow("protected"));
  if (r.remote) m.push(c.dim("remote component"));
  if (r.read) m.push(c.dim("read"));
  if (r.options.retainOnDelete) m.push(c.dim("retain on delete"));
  return m.length ? `  ${c.dim("(")}${m.join(c.dim(", "))}${c.dim(")")}` : "";
}

type Row = { kind: "one"; r: GraphResource } | { kind: "many"; type: string; items: GraphResource[] };

function rows(graph: ResourceGraph, children: GraphResource[], collapseAt: number): Row[] {
  const leavesByType = new Map<string, GraphResource[]>();
  for (const ch of children) {
    if (graph.childrenOf(ch.urn).length === 0) {
      leavesByType.set(ch.type, [...(leavesByType.get(ch.type) ?? []), ch]);
    }
  }
  const out: Row[] = [];
  const emitted = new Set<string>();
  for (const ch of children) {
    const same = leavesByType.get(ch.type);
    if (same && same.length >= collapseAt && same.includes(ch)) {
      if (!emitted.has(ch.type)) {
        emitted.add(ch.type);
        out.push({ kind: "many", type: ch.type, items: same });
      }
      continue;
    }
    out.push({ kind: "one", r: ch });
  }
  return out;
}

/** The component/resource tree of one graph, one resource per line, box-drawn. */
export function renderGraphTree(graph: ResourceGraph, options: TreeOptions = {}): string {
  const c = pc.createColors(options.color ?? false);
  const collapseAt = options.collapseAt ?? 3;
  const lines: string[] = [];
  const walk = (parent: string, prefix: string) => {
    const list = rows(graph, [...graph.childrenOf(parent)], collapseAt);
    list.forEach((row, i) => {
      const last = i === list.length - 1;
      const branch = prefix + (last ? "└─ " : "├─ ");
      const next = prefix + (last ? "   " : "│  ");
      if (row.kind === "many") {
        const names = row.items.map((r) => r.name);
        const shown = names.slice(0, 4).join(", ") + (names.length > 4 ? ", …" : "");
        const prot = row.items.filter((r) => r.options.protect).length;
        lines.push(
          `${branch}${c.dim(row.type)} ${c.bold(`× ${row.items.length}`)}  ${c.dim(shown)}` +
            (prot ? `  ${c.dim("(")}${c.yellow(`${prot} protected`)}${c.dim(")")}` : ""),
        );
        return;
      }
      const r = row.r;
      const desc = plannedResources(graph.descendantsOf(r.urn)).length;
      const label = r.custom ? `${c.dim(r.type)} ${r.name}` : `${c.cyan(r.type)} ${c.bold(r.name)}`;
      const count = !r.custom && desc > 0 ? c.dim(`  [${desc} resources]`) : "";
      lines.push(`${branch}${label}${count}${marks(r, c)}`);
      if (r.remote) {
        // The provider plugin builds its children; under the mock engine they do not exist.
        const n = remoteComponentNote(r.type);
        lines.push(`${next}${c.dim(`not in the plan: ${n.creates}`)}`);
        lines.push(`${next}${c.dim(`cost: ${n.cost}; time: ${n.time}`)}`);
      }
      walk(r.urn, next);
    });
  };
  const root = graph.root;
  if (root) walk(root.urn, "");
  // Resources whose parent was never registered (should not happen) still show up.
  const orphans = graph.resources.filter((r) => r.parent && !graph.get(r.parent));
  for (const r of orphans) lines.push(`?  ${r.type} ${r.name}${marks(r, c)}`);
  return lines.join("\n");
}

/** A two-column table of counts by type. */
export function renderCounts(byType: Array<{ type: string; count: number }>, max = 25): string {
  const shown = byType.slice(0, max);
  const width = Math.max(4, ...shown.map((t) => String(t.count).length));
  const lines = shown.map((t) => `  ${String(t.count).padStart(width)}  ${t.type}`);
  if (byType.length > max) {
    const rest = byType.slice(max).reduce((n, t) => n + t.count, 0);
    lines.push(`  ${String(rest).padStart(width)}  (${byType.length - max} more types)`);
  }
  return lines.join("\n");
}

/** Cuts a line to `max` characters, with an ellipsis. */
function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * Violations grouped by level, then by policy: the policy's description once, then one line per
 * resource with what the policy reported (clipped to fit a terminal; the Markdown and JSON reports
 * keep the whole text).
 */
export function renderViolations(violations: readonly PlanViolation[], options: TreeOptions = {}): string {
  const c = pc.createColors(options.color ?? false);
  if (violations.length === 0) return `  ${c.green("no violations")}`;
  const lines: string[] = [];
  for (const [level, list] of groupByLevel(violations)) {
    const paint = level === "mandatory" ? c.red : level === "advisory" ? c.yellow : c.dim;
    lines.push(`  ${paint(c.bold(`${level} (${list.length})`))}`);
    const byPolicy = new Map<string, PlanViolation[]>();
    for (const v of list) {
      const key = `${v.pack ? `${v.pack}/` : ""}${v.policy}`;
      byPolicy.set(key, [...(byPolicy.get(key) ?? []), v]);
    }
    for (const [policy, vs] of byPolicy) {
      const [description] = (vs[0]?.message ?? "").split("\n");
      lines.push(
        `    ${paint("●")} ${c.bold(policy)}${vs.length > 1 ? c.dim(` ×${vs.length}`) : ""}  ${c.dim(description ?? "")}`,
      );
      for (const v of vs) {
        const detail = v.message.split("\n").slice(1).join(" ").trim();
        lines.push(`      ${describeUrn(v.urn)}${detail ? `: ${clip(detail, 160)}` : ""}`);
      }
    }
  }
  return lines.join("\n");
}

function layerHeader(l: LayerPlan, c: Colors): string {
  const s = summarizeLayer(l);
  const time = l.durationMs !== undefined ? c.dim(`  ${(l.durationMs / 1000).toFixed(1)} s`) : "";
  return (
    `${c.bold(`${l.layer}`)} ${c.dim(`(${l.project}/${l.stack})`)}  ` +
    `${s.resources} resources, ${s.components} components` +
    (s.remoteComponents ? `, ${s.remoteComponents} remote components` : "") +
    (s.reads ? `, ${s.reads} reads` : "") +
    (s.protected ? `, ${c.yellow(`${s.protected} protected`)}` : "") +
    time
  );
}

/** The whole terminal report: per layer the tree and counts by type, then violations and totals. */
export function renderTree(report: PlanReport, options: TreeOptions = {}): string {
  const c = pc.createColors(options.color ?? false);
  const out: string[] = [];
  out.push(c.bold(`berth plan ${report.env}`) + (report.preview ? c.dim("  (preview)") : ""));
  for (const l of report.layers) {
    out.push("");
    out.push(layerHeader(l, c));
    out.push(renderGraphTree(l.graph, options));
    out.push("");
    out.push(c.dim("  count  type"));
    out.push(renderCounts(summarizeLayer(l).byType, options.maxTypes ?? 25));
  }
  const total = summarizePlan(report.layers);
  out.push("");
  out.push(c.bold("Policies"));
  if (!report.policies.ran) out.push(`  ${c.yellow("skipped")}: ${report.policies.note ?? "not run"}`);
  else {
    out.push(c.dim(`  packs: ${report.policies.packs.join(", ")}`));
    out.push(
      renderViolations(
        report.layers.flatMap((l) => l.violations),
        options,
      ),
    );
    const accepted = report.layers.reduce((n, l) => n + (l.accepted?.length ?? 0), 0);
    if (accepted)
      out.push(
        c.dim(
          `  ${accepted} accepted finding${accepted === 1 ? "" : "s"} not shown (${report.accepted?.file}; reasons in the Markdown report)`,
        ),
      );
    for (const a of report.accepted?.expired ?? [])
      out.push(
        `  ${c.yellow("expired acceptance")}: ${a.policy} (${a.expires}); its findings are shown again`,
      );
    for (const a of report.accepted?.stale ?? [])
      out.push(`  ${c.yellow("stale acceptance")}: ${a.policy} matches no finding; remove it`);
    for (const a of report.accepted?.refused ?? [])
      out.push(
        `  ${c.red("refused acceptance")}: ${a.policy} matches a mandatory violation, which cannot be accepted`,
      );
  }
  if (report.analytics?.terminal) {
    out.push("");
    out.push(report.analytics.terminal);
    if (report.analytics.terminal.includes("Savings of Berth's defaults"))
      out.push("", c.dim(`Savings baseline: ${SAVINGS_BASELINE}`));
  }
  out.push("");
  const v = total.violations;
  out.push(
    c.bold("Total") +
      `: ${total.resources} resources, ${total.components} components` +
      (total.remoteComponents ? `, ${total.remoteComponents} remote components` : "") +
      `, ${total.protected} protected` +
      ` in ${report.layers.length} layer${report.layers.length === 1 ? "" : "s"}` +
      (report.policies.ran
        ? `; ${v["mandatory"] ?? 0} mandatory, ${v["advisory"] ?? 0} advisory violations` +
          (total.accepted ? `, ${total.accepted} accepted` : "")
        : ""),
  );
  out.push(
    c.dim(
      `  (${RESOURCE_COUNT_DEFINITION}; deploy-time steps = resources + remote components = ` +
        `${total.resources + total.remoteComponents})`,
    ),
  );
  return out.join("\n");
}
