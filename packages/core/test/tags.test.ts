import * as pulumi from "@pulumi/pulumi";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkTags, componentTags, mergePlainTags, mergeTags, TAG_LIMITS } from "../src";

const promiseOf = <T>(o: pulumi.Output<T>): Promise<T> => new Promise((resolve) => o.apply(resolve));

describe("tags", () => {
  it("merges with later sets winning, across Outputs", async () => {
    const merged = await promiseOf(
      mergeTags({ a: "1", b: "1" }, undefined, pulumi.output({ b: "2", c: "3" })),
    );
    expect(merged).toEqual({ a: "1", b: "2", c: "3" });
  });

  it("plain merge equals Object.assign semantics (property)", () => {
    const tags = fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }));
    fc.assert(
      fc.property(fc.array(fc.option(tags, { nil: undefined }), { maxLength: 4 }), (sets) => {
        expect(mergePlainTags(...sets)).toEqual(Object.assign({}, ...sets.map((s) => s ?? {})));
      }),
    );
  });

  it("checks AWS tag limits and names the offending key", () => {
    expect(checkTags({ ok: "v" })).toEqual([]);
    expect(checkTags({ "aws:owner": "x" })).toEqual([
      {
        path: "tags.aws:owner",
        value: "aws:owner",
        allowed: "a key that does not start with the reserved prefix aws:",
      },
    ]);
    const long = "k".repeat(129);
    expect(checkTags({ [long]: "v" })[0]?.allowed).toBe("a key of 1 to 128 characters");
    expect(checkTags({ k: "v".repeat(257) }, "serviceTags")[0]).toMatchObject({ path: "serviceTags.k" });
    const many = Object.fromEntries(Array.from({ length: TAG_LIMITS.maxTags + 1 }, (_, i) => [`k${i}`, "v"]));
    expect(checkTags(many)[0]).toEqual({ path: "tags", value: "51 tags", allowed: "at most 50 tags" });
  });

  it("marks the owning component", () => {
    expect(componentTags("berth:ecs:FargateService", "web")).toEqual({
      "berth:component": "berth:ecs:FargateService",
      "berth:name": "web",
    });
  });
});
