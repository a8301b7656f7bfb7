import { CATALOG } from "./index";

/** Start and end markers of the generated catalog table in docs/analytics.md. */
export const CATALOG_TABLE_MARKERS = ["<!-- catalog-table:start -->", "<!-- catalog-table:end -->"] as const;

/**
 * The catalog as a Markdown table (type, create/update seconds, replace-on properties, cost,
 * number of constraints), the table docs/analytics.md holds between {@link CATALOG_TABLE_MARKERS}.
 */
export function catalogTable(): string {
  const rows = [...CATALOG.values()]
    .sort((a, b) => a.type.localeCompare(b.type))
    .map((e) => {
      const update = e.durations.update ?? Math.min(e.durations.create, 10);
      const replace =
        e.replaceOn.length === 0
          ? ""
          : e.replaceOn.includes("*")
            ? "any input but tags"
            : e.replaceOn.join(", ");
      const cost = "model" in e.cost ? "priced" : `free (${e.cost.free})`;
      return `| \`${e.type}\` | ${e.durations.create} | ${update} | ${replace} | ${cost} | ${e.constraints.length} |`;
    });
  return [
    "| Type | Create s | Update s | Replaced when these change | Cost | Constraints |",
    "|---|---:|---:|---|---|---:|",
    ...rows,
  ].join("\n");
}
