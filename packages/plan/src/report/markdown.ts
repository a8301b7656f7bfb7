import type { MermaidOptions } from "./mermaid";
import { MERMAID_LEGEND, renderMermaid } from "./mermaid";
import { remoteComponentNote, remoteComponentsOf } from "./remote";
import { renderResilienceMarkdown } from "./resilience";
import {
  describeUrn,
  groupByLevel,
  RESOURCE_COUNT_DEFINITION,
  SAVINGS_BASELINE,
  summarizeLayer,
  summarizePlan,
} from "./summary";
import type { AcceptanceNote, AcceptedViolation, PlanReport, PlanViolation } from "./types";

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

function acceptanceTarget(a: AcceptanceNote): string {
  return a.urn ? `\`${a.urn}\`` : `\`${a.type ?? "*"}\` \`${a.name ?? "*"}\``;
}

/** Accepted findings: a count, then one line per reason with what it covers. */
function acceptedLines(report: PlanReport, accepted: readonly AcceptedViolation[]): string[] {
  const out: string[] = [];
  if (accepted.length) {
    out.push(
      `<details><summary>${plural(accepted.length, "accepted finding")} (not counted above; from \`${cell(report.accepted?.file ?? "")}\`)</summary>`,
      "",
    );
    const byReason = new Map<string, AcceptedViolation[]>();
    for (const v of accepted) {
      const key = `${v.pack ? `${v.pack}/` : ""}${v.policy}\u0000${v.reason}\u0000${v.expires}`;
      byReason.set(key, [...(byReason.get(key) ?? []), v]);
    }
    for (const [key, vs] of byReason) {
      const [policy, reason, expires] = key.split("\u0000");
      const where = [...new Set(vs.map((v) => describeUrn(v.urn)))].map((u) => `\`${u}\``).join(", ");
      out.push(`- \`${policy}\` ×${vs.length} until ${expires}: ${cell(reason ?? "")} (${where})`);
    }
    out.push("", "</details>", "");
  }
  const notes = report.accepted;
  if (notes?.expired.length) {
    out.push("**Expired acceptances** (their findings are reported again above):", "");
    for (const a of notes.expired)
      out.push(`- \`${a.policy}\` on ${acceptanceTarget(a)}: expired ${a.expires} (${cell(a.reason)})`);
    out.push("");
  }
  if (notes?.stale.length) {
    out.push("**Stale acceptances** (they match no finding: remove them):", "");
    for (const a of notes.stale) out.push(`- \`${a.policy}\` on ${acceptanceTarget(a)} (${cell(a.reason)})`);
    out.push("");
  }
  if (notes?.refused.length) {
    out.push(
      "**Refused acceptances** (a mandatory violation cannot be accepted; `pulumi up` would still fail):",
      "",
    );
    for (const a of notes.refused) out.push(`- \`${a.policy}\` on ${acceptanceTarget(a)}`);
    out.push("");
  }
  return out;
}

/**
 * The "AWS conformance" section: every input AWS (or the AWS provider at preview) would reject,
 * with the rule and its source; any fails the plan. Values unknown until deploy are counted.
 */
function conformanceLines(report: PlanReport): string[] {
  const checked = report.layers.filter((l) => l.graph.conformance !== undefined);
  if (checked.length === 0) return [];
  const violations = checked.flatMap((l) => l.graph.conformance?.violations ?? []);
  const skipped = checked.reduce((n, l) => n + (l.graph.conformance?.skipped.length ?? 0), 0);
  const resources = checked.reduce((n, l) => n + (l.graph.conformance?.checked ?? 0), 0);
  const out = ["### AWS conformance", ""];
  if (violations.length === 0) {
    out.push(`No input AWS would reject (${plural(resources, "resource")} checked against the catalog).`);
  } else {
    out.push(
      `**${plural(violations.length, "input")} AWS would reject**: a real \`pulumi up\` would fail.`,
      "",
      "| Resource | Component | Property | Value | Allowed | Source |",
      "|---|---|---|---|---|---|",
    );
    for (const v of violations) {
      out.push(
        `| \`${cell(v.type)}\` ${cell(v.name)} | ${cell(v.component)} | \`${cell(v.path)}\` | ` +
          `\`${cell(JSON.stringify(v.value) ?? "undefined")}\` | ${cell(v.rule)} | ${cell(v.source)} |`,
      );
    }
  }
  if (skipped > 0) out.push("", `${plural(skipped, "value")} unknown until deploy, not checked.`);
  out.push("");
  return out;
}

/** The definitions the report relies on, stated once. */
function readingGuide(report: PlanReport, diagrams: boolean): string[] {
  const total = summarizePlan(report.layers);
  const out = ["### How to read this report", ""];
  out.push(
    `- **Counts.** ${RESOURCE_COUNT_DEFINITION}. Every count in this report and in the JSON ` +
      `(\`summary.resources\`, the per-layer table, "Resources by type") uses it. ` +
      `The deploy-time estimate schedules one step per resource and per remote component ` +
      `(${total.resources} + ${total.remoteComponents} = ${total.resources + total.remoteComponents} steps here).`,
  );
  if (report.analytics?.markdown) out.push(`- **Savings baseline.** ${SAVINGS_BASELINE}`);
  const remotes = report.layers.flatMap((l) => remoteComponentsOf(l.graph).map((r) => ({ l, r })));
  if (remotes.length) {
    out.push(
      "- **Remote components** are built by their provider plugin, which does not run offline: the plan holds " +
        "one node with its inputs, and no policy or AWS rule sees what it creates.",
    );
    for (const { l, r } of remotes) {
      const n = remoteComponentNote(r.type);
      out.push(
        `  - \`${r.type}\` \`${cell(r.name)}\` (${cell(l.layer)}) creates ${n.creates}. Cost: ${n.cost}. Time: ${n.time}.`,
      );
    }
  }
  if (diagrams) out.push(`- ${MERMAID_LEGEND}`);
  out.push("");
  return out;
}

function render(report: PlanReport, options: MarkdownOptions, diagrams: boolean): string {
  const out: string[] = [];
  const total = summarizePlan(report.layers);
  out.push(`## berth plan: \`${report.env}\``, "");
  out.push(
    `Offline plan under Pulumi's mock engine${report.preview ? " (preview mode: computed values unknown)" : ""}: ` +
      `${plural(total.resources, "resource")} in ${plural(total.components, "component")}` +
      (total.remoteComponents ? ` and ${plural(total.remoteComponents, "remote component")}` : "") +
      ` across ${plural(report.layers.length, "layer")}. No cloud credentials were used.`,
    "",
  );
  out.push(
    "| Layer | Stack | Resources | Components | Remote | Protected | Mandatory | Advisory | Accepted |",
  );
  out.push("|---|---|---:|---:|---:|---:|---:|---:|---:|");
  for (const l of report.layers) {
    const s = summarizeLayer(l);
    out.push(
      `| ${cell(l.layer)} | \`${cell(`${l.project}/${l.stack}`)}\` | ${s.resources} | ${s.components} | ` +
        `${s.remoteComponents} | ${s.protected} | ${s.violations["mandatory"] ?? 0} | ` +
        `${s.violations["advisory"] ?? 0} | ${s.accepted} |`,
    );
  }
  out.push(
    `| **Total** | | **${total.resources}** | **${total.components}** | **${total.remoteComponents}** | ` +
      `**${total.protected}** | **${total.violations["mandatory"] ?? 0}** | ` +
      `**${total.violations["advisory"] ?? 0}** | **${total.accepted}** |`,
    "",
  );

  out.push(...conformanceLines(report));

  out.push("### Policy violations", "");
  const all = report.layers.flatMap((l) => l.violations);
  const accepted = report.layers.flatMap((l) => l.accepted ?? []);
  if (!report.policies.ran) out.push(`> Policies skipped: ${report.policies.note ?? "not run"}`, "");
  else if (all.length === 0) out.push(`No violations (packs: ${report.policies.packs.join(", ")}).`, "");
  else {
    out.push(`Packs: ${report.policies.packs.join(", ")}.`, "");
    out.push(...violationLines(all, options.maxViolationsPerLevel ?? 30));
  }
  out.push(...acceptedLines(report, accepted));

  if (report.resilience) out.push(...renderResilienceMarkdown(report.resilience));
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
  out.push(...readingGuide(report, diagrams));
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
