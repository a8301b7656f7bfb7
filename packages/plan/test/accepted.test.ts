import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type AcceptedFinding, acceptanceMatches, applyAccepted, parseAccepted } from "../src/policy/config";

const urn = (type: string, name: string) => `urn:pulumi:dev::proj::berth:eks:Cluster$${type}::${name}`;
const lbc = {
  pack: "aws-containers",
  policy: "iam-task-role-no-wildcards",
  level: "advisory",
  urn: urn("aws:iam/role:Role", "eks-lb-controller"),
};
const acceptance: AcceptedFinding = {
  policy: "aws-containers/iam-task-role-no-wildcards",
  type: "aws:iam/role:Role",
  name: "*-lb-controller",
  reason: "upstream policy",
  expires: "2027-03-31",
};

const date = fc
  .date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe("accepted findings", () => {
  it("match by pack/policy, type and a name pattern, or by exact URN", () => {
    expect(acceptanceMatches(acceptance, lbc)).toBe(true);
    expect(acceptanceMatches({ ...acceptance, policy: "iam-task-role-no-wildcards" }, lbc)).toBe(true);
    expect(acceptanceMatches({ ...acceptance, policy: "cost/iam-task-role-no-wildcards" }, lbc)).toBe(false);
    expect(acceptanceMatches({ ...acceptance, name: "eks-*-csi" }, lbc)).toBe(false);
    expect(acceptanceMatches({ ...acceptance, type: "aws:iam/policy:Policy" }, lbc)).toBe(false);
    const { type: _t, name: _n, ...rest } = acceptance;
    expect(acceptanceMatches({ ...rest, urn: lbc.urn }, lbc)).toBe(true);
    expect(acceptanceMatches({ ...rest, urn: `${lbc.urn}x` }, lbc)).toBe(false);
    // A dot in the pattern is a dot, not "any character".
    expect(acceptanceMatches({ ...acceptance, name: "eks.lb-controller" }, lbc)).toBe(false);
  });

  it("apply through their expiry day and not after (property)", () => {
    fc.assert(
      fc.property(date, date, (expires, today) => {
        const out = applyAccepted([lbc], [{ ...acceptance, expires }], today);
        const active = expires >= today;
        expect(out.accepted.length).toBe(active ? 1 : 0);
        expect(out.kept.length).toBe(active ? 0 : 1);
        expect(out.expired.length).toBe(active ? 0 : 1);
      }),
    );
  });

  it("never accept a mandatory violation (property)", () => {
    fc.assert(
      fc.property(fc.constantFrom("mandatory", "advisory", "remediate"), (level) => {
        const out = applyAccepted([{ ...lbc, level }], [acceptance], "2026-01-01");
        expect(out.accepted.length).toBe(level === "mandatory" ? 0 : 1);
        expect(out.refused.length).toBe(level === "mandatory" ? 1 : 0);
      }),
    );
  });

  it("report an acceptance that matches nothing as stale", () => {
    const out = applyAccepted([], [acceptance], "2026-01-01");
    expect(out.stale).toEqual([acceptance]);
  });

  it("suggest the nearest key for a misspelt one", () => {
    expect(() => parseAccepted({ accepted: [{ ...acceptance, expiry: "2027-01-01" }] })).toThrow(
      "accepted[0].expiry: unknown key; allowed: policy, urn, type, name, reason, expires (did you mean expires?)",
    );
  });

  it("parse YAML dates and reject malformed entries with every problem", () => {
    expect(
      parseAccepted({ accepted: [{ ...acceptance, expires: new Date("2027-03-31T00:00:00Z") }] }),
    ).toEqual([acceptance]);
    expect(() =>
      parseAccepted({
        accepted: [{ policy: "p", urn: "u", type: "t", reason: "r", expires: "2027-13-01" }],
        x: 1,
      }),
    ).toThrow(
      "Invalid accepted findings:\n" +
        "  - x: unknown top-level key; allowed: accepted\n" +
        '  - accepted[0].expires: got "2027-13-01"; allowed: a date YYYY-MM-DD\n' +
        "  - accepted[0]: both `urn` and `type`/`name`; allowed: one of the two",
    );
  });
});
