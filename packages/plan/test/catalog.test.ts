import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import { describe, expect, it } from "vitest";
import { capture } from "../src";
import { COST_MODELS } from "../src/analytics/cost";
import { DURATIONS, REPLACE_ON } from "../src/analytics/time";
import { CATALOG, ConformanceError } from "../src/catalog";
import { CATALOG_TABLE_MARKERS, catalogTable } from "../src/catalog/docs";

describe("the catalog", () => {
  it("has a complete entry for every type: mock, durations with a source, cost, sourced constraints", () => {
    expect(CATALOG.size).toBeGreaterThan(60);
    for (const [type, e] of CATALOG) {
      expect(e.type).toBe(type);
      expect(e.mock === "generic" || typeof e.mock === "function", type).toBe(true);
      expect(e.durations.create, type).toBeGreaterThan(0);
      expect(e.durations.source.length, type).toBeGreaterThan(10);
      expect("model" in e.cost || e.cost.free.length > 0, type).toBe(true);
      for (const c of e.constraints) {
        expect(c.source, `${type} ${c.path}`).toMatch(
          /Reference|Guide|terraform-provider-aws|@pulumi\/aws|awsx|Kubernetes|quotas/,
        );
        expect(typeof c.check).toBe("function");
      }
    }
  });

  it("prices exactly the types whose entry says so, and every cost model belongs to an entry", () => {
    const priced = [...CATALOG.values()].filter((e) => "model" in e.cost).map((e) => e.type);
    expect(priced.sort()).toEqual(Object.keys(COST_MODELS).sort());
  });

  it("is where the deploy-time model reads its durations and replace-on properties", () => {
    expect(Object.keys(DURATIONS).sort()).toEqual([...CATALOG.keys()].sort());
    expect(DURATIONS["aws:eks/cluster:Cluster"]?.create).toBe(600);
    expect(REPLACE_ON["aws:ecs/taskDefinition:TaskDefinition"]).toEqual(["*"]);
  });

  it("is the table in docs/analytics.md (regenerate with `node scripts/catalog-table.cjs`)", () => {
    const doc = readFileSync(path.join(__dirname, "..", "docs", "analytics.md"), "utf8");
    const [start, end] = CATALOG_TABLE_MARKERS;
    const inDoc = doc.slice(doc.indexOf(start) + start.length, doc.indexOf(end)).trim();
    expect(inDoc).toBe(catalogTable());
  });

  it("rejects a captured AWS type that has no entry, so no type goes unmodelled", async () => {
    const err = await capture(() => {
      new aws.sns.Topic("alerts", {});
    }).catch((e: unknown) => e);
    expect(ConformanceError.isInstance(err)).toBe(true);
    const v = (err as ConformanceError).violations;
    expect(v.map((x) => [x.type, x.path, x.rule])).toEqual([
      [
        "aws:sns/topic:Topic",
        "(type)",
        "a resource type with an entry in the plan catalog (packages/plan/src/catalog)",
      ],
    ]);
  });
});
