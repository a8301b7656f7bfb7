import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkKubernetesVersion,
  DEFAULT_KUBERNETES_VERSION,
  KUBERNETES_VERSIONS,
  supportedVersions,
  supportStatus,
} from "../src";

const day = (iso: string) => new Date(`${iso}T12:00:00Z`);

describe("Kubernetes versions", () => {
  it("keeps a consistent table: 14 months standard, then 12 months extended, newest first", () => {
    for (const v of KUBERNETES_VERSIONS) {
      expect(v.released < v.endOfStandardSupport).toBe(true);
      expect(v.endOfStandardSupport < v.endOfExtendedSupport).toBe(true);
      const std = new Date(v.endOfStandardSupport);
      const ext = new Date(v.endOfExtendedSupport);
      expect(ext.getUTCFullYear() - std.getUTCFullYear()).toBe(1);
    }
    const minors = KUBERNETES_VERSIONS.map((v) => Number(v.version.split(".")[1]));
    expect(minors).toEqual([...minors].sort((a, b) => b - a));
    expect(KUBERNETES_VERSIONS.map((v) => v.version)).toContain(DEFAULT_KUBERNETES_VERSION);
  });

  it("knows where each version stood on 2026-11-22", () => {
    const today = day("2026-11-22");
    expect(supportedVersions(today)).toEqual(["1.36", "1.35", "1.34", "1.33", "1.32", "1.31"]);
    expect(supportStatus("1.35", today)).toBe("standard");
    expect(supportStatus("1.34", today)).toBe("standard");
    expect(supportStatus("1.33", today)).toBe("extended");
    expect(supportStatus("1.31", day("2026-11-27"))).toBe("ended");
    expect(supportStatus("1.30", today)).toBe("unknown");
    expect(supportStatus("1.36", day("2026-05-01"))).toBe("not-yet-released");
  });

  it("accepts standard versions, and extended ones only with supportType EXTENDED", () => {
    const today = day("2026-11-22");
    expect(checkKubernetesVersion("1.35", "STANDARD", today)).toBeUndefined();
    expect(checkKubernetesVersion("1.33", "EXTENDED", today)).toBeUndefined();
    expect(checkKubernetesVersion("1.33", "STANDARD", today)).toEqual({
      allowed: 'a version in standard support (1.36, 1.35, 1.34), or supportType "EXTENDED"',
      hint: '1.33 is in extended support (extra cost) until 2027-07-29; upgrade, or set supportType: "EXTENDED" to stay on it for now',
    });
    expect(checkKubernetesVersion("1.29", "EXTENDED", today)?.allowed).toBe(
      "one of 1.36, 1.35, 1.34, 1.33, 1.32, 1.31",
    );
  });

  it("property: any version string outside the table is rejected, any table version is accepted in its window", () => {
    const known = new Set(KUBERNETES_VERSIONS.map((v) => v.version));
    fc.assert(
      fc.property(fc.string(), (s) => {
        fc.pre(!known.has(s));
        return checkKubernetesVersion(s, "EXTENDED", day("2026-11-22")) !== undefined;
      }),
    );
    fc.assert(
      fc.property(fc.constantFrom(...KUBERNETES_VERSIONS), fc.integer({ min: 0, max: 700 }), (v, offset) => {
        const d = new Date(new Date(`${v.released}T00:00:00Z`).getTime() + offset * 86_400_000);
        const status = supportStatus(v.version, d);
        const problem = checkKubernetesVersion(v.version, "EXTENDED", d);
        return (status === "standard" || status === "extended") === (problem === undefined);
      }),
    );
  });
});
