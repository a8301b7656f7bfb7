import type { AnalyticsReport } from "./index";

export function renderAnalyticsTerminal(r: AnalyticsReport): string {
  return JSON.stringify(r, null, 2);
}

export function renderAnalyticsMarkdown(r: AnalyticsReport): string {
  return "```json\n" + JSON.stringify(r, null, 2) + "\n```\n";
}
