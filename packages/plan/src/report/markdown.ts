import type { MermaidOptions } from "./mermaid";
import { renderMermaid } from "./mermaid";
import { describeUrn, groupByLevel, summarizeLayer, summarizePlan } from "./summary";
import type { PlanReport, PlanViolation } from "./types";

/** Limits that keep the report under GitHub's 65,536-character comment limit. */
export interface MarkdownOptions extends MermaidOptions {
  /** Violations listed per level before "and N more". @default 30 */
  maxViolationsPerLevel?: number;
  /** Rows of each counts-by-type table. @default 40 */
  maxTypes?: number;
  /** Characters after which diagrams are dropped. @default 60000 */
  maxChars?: number;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

function violationLines(violations: readonly PlanViolation[], max: number): string[] {
  const out: string[] = [];
  for (const [level, list] of groupByLevel(violations)) {
    out.push(`**${level}** (${list.length})`, "");
    const byPolicy = new Map<string, PlanViolation[]>();
    for (const v of list) {
      const key = `${v.pack ? `${v.pack}/` : ""}${v.policy}`;
      byPolicy.set(key, [...(byPolicy.get(key) ?? []), v]);
    }
    let shown = 0;
    for (const [policy, vs] of byPolicy) {
      if (shown >= max) break;
      const [description] = (vs[0]?.message ?? "").split("\n");
      out.push(`- \`${policy}\`: ${cell(description ?? "")}`);
      for (const v of vs) {
        if (shown++ >= max) break;
        const detail = v.message.split("\n").slice(1).join(" ").trim();
        out.push(`  - \`${describeUrn(v.urn)}\`${detail ? `: ${cell(detail)}` : ""}`);
      }
    }
    if (list.length > max) out.push(`- … and ${list.length - max} more`);
    out.push("");
  }
  return out;
}

function render(report: PlanReport, options: MarkdownOptions, diagrams: boolean): string {
  const out: string[] = [];
  const total = summarizePlan(report.layers);
  out.push(`## berth plan: \`${report.env}\``, "");
  out.push(
    `Offline plan under Pulumi's mock engine${report.preview ? " (preview mode: computed values unknown)" : ""}: ` +
      `${plural(total.custom, "resource")} in ${plural(total.components, "component")} across ` +
      `${plural(report.layers.length, "layer")}. No cloud credentials were used.`,
    "",
  );
  out.push("| Layer | Stack | Resources | Components | Protected | Mandatory | Advisory |");
  out.push("|---|---|---:|---:|---:|---:|---:|");
  for (const l of report.layers) {
    const s = summarizeLayer(l);
    out.push(
      `| ${cell(l.layer)} | \`${cell(`${l.project}/${l.stack}`)}\` | ${s.custom} | ${s.components} | ` +
        `${s.protected} | ${s.violations["mandatory"] ?? 0} | ${s.violations["advisory"] ?? 0} |`,
    );
  }
  out.push(
    `| **Total** | | **${total.custom}** | **${total.components}** | **${total.protected}** | ` +
      `**${total.violations["mandatory"] ?? 0}** | **${total.violations["advisory"] ?? 0}** |`,
    "",
  );

  out.push("### Policy violations", "");
  const all = report.layers.flatMap((l) => l.violations);
  if (!report.policies.ran) out.push(`> Policies skipped: ${report.policies.note ?? "not run"}`, "");
  else if (all.length === 0) out.push(`No violations (packs: ${report.policies.packs.join(", ")}).`, "");
  else {
    out.push(`Packs: ${report.policies.packs.join(", ")}.`, "");
    out.push(...violationLines(all, options.maxViolationsPerLevel ?? 30));
  }

  if (report.analytics?.markdown) out.push(report.analytics.markdown, "");

  for (const l of report.layers) {
    const s = summarizeLayer(l);
    out.push(`### ${l.layer}`, "");
    if (diagrams) out.push("```mermaid", renderMermaid(l.graph, options), "```", "");
    const max = options.maxTypes ?? 40;
    out.push(`<details><summary>Resources by type (${s.resources})</summary>`, "");
    out.push("| Count | Type |", "|---:|---|");
    for (const t of s.byType.slice(0, max)) out.push(`| ${t.count} | \`${t.type}\` |`);
    if (s.byType.length > max) out.push(`| … | ${s.byType.length - max} more types |`);
    out.push("", "</details>", "");
    const prot = l.graph.resources.filter((r) => r.options.protect);
    if (prot.length) {
      out.push(`<details><summary>Protected resources (${prot.length})</summary>`, "");
      for (const r of prot) out.push(`- \`${r.type}\` ${cell(r.name)}`);
      out.push("", "</details>", "");
    }
  }
  return out.join("\n");
}

/**
 * The plan as Markdown fit for a PR comment or `$GITHUB_STEP_SUMMARY`: a summary table, the
 * violations grouped by level, and per layer a Mermaid diagram, counts by type and the protected
 * resources. Diagrams are dropped when the report would pass `maxChars`.
 */
export function renderMarkdown(report: PlanReport, options: MarkdownOptions = {}): string {
  const full = render(report, options, true);
  if (full.length <= (options.maxChars ?? 60000)) return full;
  return render(report, options, false);
}
