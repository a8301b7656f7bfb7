import * as pulumi from "@pulumi/pulumi";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BerthValidationError, formatIssue, joinPath, renamedKeys, renderValue, Validator } from "../src";

describe("BerthValidationError", () => {
  it("names the component, the field, the value and what is allowed", () => {
    const err = new BerthValidationError("berth:ecs:FargateService", "web", [
      { path: "cpu", value: 300, allowed: "one of 256, 512, 1024" },
      {
        path: "containers[0].image",
        value: "",
        allowed: "a non-empty image reference",
        hint: "use repo.imageUri(tag)",
      },
    ]);
    expect(err.message).toBe(
      'Invalid arguments for berth:ecs:FargateService "web":\n' +
        "  - cpu: got 300; allowed: one of 256, 512, 1024.\n" +
        '  - containers[0].image: got ""; allowed: a non-empty image reference. Hint: use repo.imageUri(tag)',
    );
    expect(err.errors).toEqual([
      { propertyPath: "cpu", reason: "got 300; allowed: one of 256, 512, 1024." },
      {
        propertyPath: "containers[0].image",
        reason: 'got ""; allowed: a non-empty image reference. Hint: use repo.imageUri(tag)',
      },
    ]);
  });

  it("is a Pulumi InputPropertiesError, so the engine prints it without a stack trace", () => {
    const err = new BerthValidationError("berth:x:Y", "n", [{ path: "a", value: 1, allowed: "2" }]);
    expect(pulumi.InputPropertiesError.isInstance(err)).toBe(true);
    expect(BerthValidationError.isBerthValidationError(err)).toBe(true);
    expect(BerthValidationError.isBerthValidationError(new Error("x"))).toBe(false);
  });

  it("refuses to be built without an issue", () => {
    expect(() => new BerthValidationError("berth:x:Y", "n", [])).toThrow("needs at least one issue");
  });
});

describe("Validator", () => {
  it("collects every issue and throws them together", () => {
    const v = new Validator("berth:x:Y", "n");
    expect(v.check(true, "a", 1, "anything")).toBe(true);
    expect(v.check(false, "b", 2, "3")).toBe(false);
    v.merge([{ path: "c", value: 4, allowed: "5" }], "nested[0]");
    expect(v.issues.map((i) => i.path)).toEqual(["b", "nested[0].c"]);
    expect(() => v.throwIfAny()).toThrow(
      /- b: got 2; allowed: 3\.\n {2}- nested\[0\]\.c: got 4; allowed: 5\./,
    );
  });

  it("does not throw when nothing is wrong", () => {
    expect(() => new Validator("berth:x:Y", "n").throwIfAny()).not.toThrow();
  });

  it("reports exactly the failed checks, in order (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.string({ minLength: 1, maxLength: 8 }))), (checks) => {
        const v = new Validator("berth:x:Y", "n");
        for (const [ok, path] of checks) v.check(ok, path, 0, "x");
        expect(v.issues.map((i) => i.path)).toEqual(checks.filter(([ok]) => !ok).map(([, p]) => p));
      }),
    );
  });
});

describe("helpers", () => {
  it("joins paths with dots and brackets", () => {
    expect(joinPath("containers[0]", "cpu")).toBe("containers[0].cpu");
    expect(joinPath("rules", "[2].priority")).toBe("rules[2].priority");
    expect(joinPath("", "a")).toBe("a");
    expect(joinPath("a", "")).toBe("a");
  });

  it("renders values readably and never as [object Object]", () => {
    expect(renderValue("x")).toBe('"x"');
    expect(renderValue(undefined)).toBe("undefined");
    expect(renderValue({ a: [1] })).toBe('{"a":[1]}');
    expect(renderValue("y".repeat(300)).length).toBeLessThanOrEqual(302);
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(renderValue(v)).not.toContain("[object Object]");
      }),
    );
  });

  it("formats an issue with its hint", () => {
    expect(formatIssue({ path: "p", value: 1, allowed: "2", hint: "try 2" })).toBe(
      "got 1; allowed: 2. Hint: try 2",
    );
  });
});

describe("Validator.retiredKeys", () => {
  it("refuses removed and renamed arguments with what to write instead, and returns the rest", () => {
    const v = new Validator("berth:test:Thing", "t");
    const rest = v.retiredKeys(
      "",
      { cluster: "apps", minTasks: 1, cpu: 256 },
      {
        ...renamedKeys({ cluster: "clusterArn", minTasks: "minCapacity" }),
        attachToCluster: { allowed: "no such argument", hint: "use ClusterCapacityProviders" },
      },
    );
    expect(rest).toEqual({ cpu: 256 });
    expect(v.issues).toEqual([
      { path: "cluster", value: "apps", allowed: "no such property (renamed)", hint: "use clusterArn" },
      { path: "minTasks", value: 1, allowed: "no such property (renamed)", hint: "use minCapacity" },
    ]);
    expect(v.retiredKeys("x", "not an object", {})).toBe("not an object");
  });
});
