import * as pulumi from "@pulumi/pulumi";
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import {
  checkKubernetesVersion,
  DEFAULT_KUBERNETES_VERSION,
  KUBERNETES_VERSIONS,
  SUPPORT_WARNING_DAYS,
  supportedVersions,
  supportStatus,
  supportWarning,
} from "../src";
import { baseArgs, captureCluster, failure } from "./helpers";

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

describe("the advisory before standard support ends", () => {
  it("warns from 90 days before the end of standard support, with the date and what EKS does then", () => {
    expect(supportWarning("1.35", "STANDARD", day("2026-12-26"))).toBeUndefined();
    expect(supportWarning("1.35", "STANDARD", day("2026-12-27"))).toBe(
      "Kubernetes 1.35 leaves EKS standard support on 2027-03-27 (in 90 days). EKS then upgrades the control plane to the next version itself and the pinned version no longer matches; upgrade first (control plane, then add-ons, then node groups), or set supportType EXTENDED (billed per cluster hour) to stay on it.",
    );
    expect(supportWarning("1.35", "EXTENDED", day("2027-03-27"))).toBe(
      "Kubernetes 1.35 leaves EKS standard support on 2027-03-27 (in 0 days). supportType is EXTENDED, so the cluster stays on 1.35 and extended support is billed from then on, until 2028-03-27; plan the upgrade.",
    );
    // Past standard support it is the version check's business, not a warning.
    expect(supportWarning("1.35", "EXTENDED", day("2027-03-28"))).toBeUndefined();
  });

  it("warns exactly in the 90 days before each version's end of standard support", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...KUBERNETES_VERSIONS),
        fc.integer({ min: -400, max: 400 }),
        (v, offset) => {
          const end = new Date(`${v.endOfStandardSupport}T12:00:00Z`);
          const today = new Date(end.getTime() - offset * 24 * 60 * 60 * 1000);
          const warned = supportWarning(v.version, "STANDARD", today) !== undefined;
          const inStandard = supportStatus(v.version, today) === "standard";
          expect(warned).toBe(inStandard && offset >= 0 && offset <= SUPPORT_WARNING_DAYS);
        },
      ),
    );
  });

  it("the component logs the advisory as a Pulumi warning and plans on", async () => {
    const warn = vi.spyOn(pulumi.log, "warn").mockImplementation(() => Promise.resolve());
    try {
      const g = await captureCluster(baseArgs({ version: "1.34", today: day("2026-11-22") }));
      expect(g.one("eks:index:Cluster").inputs["version"]).toBe("1.34");
      expect(warn.mock.calls.map((c) => c[0])).toEqual([
        supportWarning("1.34", "STANDARD", day("2026-11-22")),
      ]);
      expect(warn.mock.calls[0]?.[0]).toContain("leaves EKS standard support on 2026-12-02 (in 10 days)");
    } finally {
      warn.mockRestore();
    }
  });

  it("checks the version on the injected day: extended support needs supportType EXTENDED, which config can say", async () => {
    const later = day("2027-04-01");
    expect(await failure(baseArgs({ version: "1.35", today: later }))).toBe(
      'Invalid arguments for berth:eks:EksCluster "c":\n  - version: got "1.35"; allowed: a version in standard support (1.36), or supportType "EXTENDED". Hint: 1.35 is in extended support (extra cost) until 2028-03-27; upgrade, or set supportType: "EXTENDED" to stay on it for now',
    );
    const g = await captureCluster(baseArgs({ version: "1.35", supportType: "EXTENDED", today: later }));
    expect(g.one("eks:index:Cluster").inputs["upgradePolicy"]).toEqual({ supportType: "EXTENDED" });
  });
});
