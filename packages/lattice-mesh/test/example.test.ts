import { describe, expect, it } from "vitest";
import { endToEnd } from "../examples/end-to-end";
import { plan } from "./helpers";

describe("smoke e2e", () => {
  it("plans", async () => {
    const g = await plan(endToEnd);
    for (const r of g.resources ?? [])
      console.log(r.type, r.name, r.parent?.split("::").pop(), JSON.stringify(r.inputs).slice(0, 250));
    expect(g).toBeDefined();
  });
});
