import { KUBERNETES_VERSIONS } from "@berth/eks-cluster";
import { describe, expect, it } from "vitest";
import { eksStandardSupportEnding } from "../src/eks";

describe("eks-standard-support-ending", () => {
  it("defaults to the same end-of-standard-support dates as @berth/eks-cluster's version table", () => {
    const defaults = (
      eksStandardSupportEnding.configSchema?.properties as Record<string, { default?: unknown }> | undefined
    )?.["standardSupportEnds"]?.default;
    expect(defaults).toEqual(
      Object.fromEntries(KUBERNETES_VERSIONS.map((v) => [v.version, v.endOfStandardSupport])),
    );
  });
});
