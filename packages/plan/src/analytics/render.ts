/**
 * Terminal and Markdown renderings of the analytics report: totals, breakdowns (top N),
 * assumptions, savings against the anchors' defaults, and the critical path.
 */
import type { AnalyticsReport } from "./index";
import type { CostBreakdownRow, CostReport, PathStep, TimeEstimate, TimeReport } from "./types";

/** Rows shown per breakdown. */
export const TOP_N = 8;

/** `$1,234.56` */
export function usd(x: number): string {
  const sign = x < 0 ? "-" : "";
  return `${sign}$${Math.abs(x).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

function signedUsd(x: number): string {
  return x > 0 ? `+${usd(x)}` : usd(x);
}

/** `1h 02m 05s`, `12m 30s`, `45s` */
export function duration(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  if (h) return `${h}h ${String(m).padStart(2, "0")}m ${String(r).padStart(2, "0")}s`;
  if (m) return `${m}m ${String(r).padStart(2, "0")}s`;
  return `${r}s`;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function top(rows: CostBreakdownRow[], n = TOP_N): { rows: CostBreakdownRow[]; rest?: CostBreakdownRow } {
  if (rows.length <= n) return { rows };
  const rest = rows.slice(n);
  const monthly = rest.reduce((s, r) => s + r.monthly, 0);
  return {
    rows: rows.slice(0, n),
    rest: { key: `(${rest.length} more)`, monthly, share: rest.reduce((s, r) => s + r.share, 0) },
  };
}

function table(headers: string[], rows: string[][], align: Array<"l" | "r">): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => (align[i] === "r" ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [fmt(headers), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(fmt)].join("\n");
}

function mdTable(headers: string[], rows: string[][], align: Array<"l" | "r">): string {
  const esc = (s: string) => s.replace(/\|/g, "\\|");
  return [
    `| ${headers.map(esc).join(" | ")} |`,
    `|${align.map((a) => (a === "r" ? "---:" : "---")).join("|")}|`,
    ...rows.map((r) => `| ${r.map(esc).join(" | ")} |`),
  ].join("\n");
}

type Tab = (headers: string[], rows: string[][], align: Array<"l" | "r">) => string;

function breakdownRows(rows: CostBreakdownRow[]): string[][] {
  const t = top(rows);
  return [...t.rows, ...(t.rest ? [t.rest] : [])].map((r) => [r.key, usd(r.monthly), pct(r.share)]);
}

function costSections(c: CostReport, tab: Tab, h: (s: string) => string): string[] {
  const out: string[] = [];
  out.push(
    h(`Monthly cost: ${usd(c.total)} (${c.env}, ${c.region})`),
    `Range with Spot prices at the ends of their ranges: ${usd(c.totalRange.low)} - ${usd(c.totalRange.high)}. ` +
      `Usage-based part (from assumptions): ${usd(c.usageBased)}. Prices as of ${c.priceDate}, month = ${c.hoursPerMonth} h.`,
  );
  if (c.sleep)
    out.push(
      h(`Sleep saves ${usd(c.sleep.savings)}/month (${pct(c.sleep.savingsPct)})`),
      `With the sleep schedules ${usd(c.sleep.withSchedules)}/month; always awake ${usd(c.sleep.withoutSchedules)}/month. Hours assumed:`,
      tab(
        ["Resource", "Type", "Awake h/week", "Awake", "Asleep", "Time zone"],
        c.sleep.resources.map((r) => [
          r.name,
          r.type,
          `${Number(r.awakeHoursPerWeek.toFixed(2))} of 168`,
          String(r.awakeCount),
          String(r.floor),
          r.timezone,
        ]),
        ["l", "l", "r", "r", "r", "l"],
      ),
    );
  out.push(
    h(`Savings of Berth's defaults: ${usd(c.anchor.savings)}/month (${pct(c.anchor.savingsPct)})`),
    `The same environment with the anchors' defaults costs ${usd(c.anchor.total)}/month` +
      (c.anchor.changes.length ? `: ${c.anchor.changes.join("; ")}.` : " (nothing differs)."),
  );
  if (c.delta) {
    out.push(
      h(`Change against the previous plan: ${signedUsd(c.delta.change)}/month`),
      `${usd(c.delta.previousTotal)} -> ${usd(c.delta.total)}`,
    );
    if (c.delta.resources.length)
      out.push(
        tab(
          ["Resource", "Before", "After", "Change"],
          c.delta.resources
            .slice(0, TOP_N)
            .map((r) => [`${r.name} (${r.type})`, usd(r.before), usd(r.after), signedUsd(r.change)]),
          ["l", "r", "r", "r"],
        ),
      );
  }
  out.push(h("By layer"), tab(["Layer", "Monthly", "Share"], breakdownRows(c.byLayer), ["l", "r", "r"]));
  out.push(
    h("By component"),
    tab(["Component", "Monthly", "Share"], breakdownRows(c.byComponent), ["l", "r", "r"]),
  );
  const shown = c.resources.slice(0, TOP_N);
  const rest = c.resources.slice(TOP_N);
  const rows = shown.map((r) => [r.name, r.type, usd(r.monthly)]);
  if (rest.length) rows.push([`(${rest.length} more)`, "", usd(rest.reduce((s, r) => s + r.monthly, 0))]);
  out.push(h(`Top resources`), tab(["Resource", "Type", "Monthly"], rows, ["l", "l", "r"]));
  const notModelled = c.unpriced.filter((u) => !u.reason.startsWith("free"));
  out.push(h("Assumptions"), c.assumptions.map((a) => `- ${a}`).join("\n"));
  if (notModelled.length)
    out.push(
      `Not priced (${notModelled.length}): ` +
        notModelled
          .slice(0, TOP_N)
          .map((u) => `${u.urn.split("::").pop()} (${u.type}): ${u.reason}`)
          .join("; ") +
        (notModelled.length > TOP_N ? "; ..." : ""),
    );
  return out;
}

function pathRows(path: PathStep[]): string[][] {
  return path.map((p) => [
    `${p.viaDependsOn ? "(dependsOn) " : p.waitedForWorker ? "(waits for a worker) " : ""}${p.name}`,
    p.type,
    p.layer,
    duration(p.seconds),
    duration(p.finish),
  ]);
}

function estimateSections(e: TimeEstimate, tab: Tab): string[] {
  const out: string[] = [];
  if (e.layers.length > 1)
    out.push(
      `Layers in order: ${e.layers.map((l) => `${l.layer} ${duration(l.seconds)} (${l.operations} steps)`).join(", then ")}.`,
    );
  if (e.path.length)
    out.push(
      tab(["Critical path", "Type", "Layer", "Takes", "Done at"], pathRows(e.path), [
        "l",
        "l",
        "l",
        "r",
        "r",
      ]),
    );
  if (e.explicitEdgesOnPath.length)
    out.push(
      `Explicit dependsOn edges on the path (each one serializes work; remove it if the order is not real): ` +
        e.explicitEdgesOnPath
          .map((x) => `${x.from.split("::").pop()} -> ${x.to.split("::").pop()}`)
          .join(", "),
    );
  return out;
}

function timeSections(t: TimeReport, tab: Tab, h: (s: string) => string): string[] {
  const out: string[] = [
    h(`Deploy time (fresh pulumi up): ~${duration(t.fresh.seconds)}`),
    `${t.fresh.operations} steps, parallelism ${t.parallelism}; longest dependency chain ${duration(t.fresh.longestPathSeconds)}.`,
    ...estimateSections(t.fresh, tab),
  ];
  if (t.update) {
    const u = t.update;
    out.push(
      h(`Update against the previous plan: ~${duration(u.seconds)}`),
      `${u.created.length} create, ${u.replaced.length} replace, ${u.updated.length} update in place, ${u.deleted.length} delete.` +
        (u.replaced.length
          ? ` Replaced: ${u.replaced.map((r) => `${r.urn.split("::").pop()} (${r.properties.join(", ")})`).join("; ")}.`
          : ""),
      ...estimateSections(u, tab),
    );
  }
  out.push(h("Timing assumptions"), t.assumptions.map((a) => `- ${a}`).join("\n"));
  if (t.defaulted.length)
    out.push(`Default duration used for: ${t.defaulted.map((d) => `${d.type} (${d.seconds}s)`).join(", ")}.`);
  return out;
}

/** Plain text for the terminal. */
export function renderAnalyticsTerminal(r: AnalyticsReport): string {
  const h = (s: string) => `\n${s}\n${"=".repeat(Math.min(s.length, 100))}`;
  const parts: string[] = [];
  if (r.cost) parts.push(...costSections(r.cost, table, h));
  if (r.time) parts.push(...timeSections(r.time, table, h));
  return `${parts.join("\n").trim()}\n`;
}

/** Markdown for a PR comment. */
export function renderAnalyticsMarkdown(r: AnalyticsReport): string {
  const h = (s: string) => `\n### ${s}\n`;
  const parts: string[] = [];
  if (r.cost)
    parts.push(...costSections(r.cost, mdTable, h).map((s) => (s.startsWith("\n###") ? s : `${s}\n`)));
  if (r.time)
    parts.push(...timeSections(r.time, mdTable, h).map((s) => (s.startsWith("\n###") ? s : `${s}\n`)));
  return `${parts.join("\n").trim()}\n`;
}
