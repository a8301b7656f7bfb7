import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseConfig, rawConfig } from "@berth/stack-config";
import { describe, expect, it } from "vitest";
import { platformConfigSchemaFor } from "../src/config";

const NS = "berth-platform";
const valid: Record<string, string> = {};
const AWAKE = '{"days":"Mon-Fri","from":"07:00","to":"20:00","timezone":"UTC"}';
const parse = (raw: Record<string, string>, stack = "dev") =>
  parseConfig(platformConfigSchemaFor(stack), rawConfig(NS, raw), NS, `${NS}/${stack}`);

describe("berth-platform:awake and allowSleepInProd", () => {
  // The keys' checks are tested once in @berth/stack-config (test/awake.test.ts); this layer's
  // schema must wire both refinements.
  it("wires the shared checks: a bad block is reported at awake.<field>, prod refuses a schedule", () => {
    expect(parse(valid).awake).toBeUndefined();
    expect(parse({ ...valid, [`${NS}:awake`]: AWAKE }).awake?.days).toBe("Mon-Fri");
    expect(() =>
      parse({ ...valid, [`${NS}:awake`]: '{"days":"Mon-Fri","from":"7:00","to":"20:00"}' }),
    ).toThrow(
      `  - ${NS}:awake.from: got "7:00"; allowed: a time of day "HH:MM" on a 24-hour clock (quote it in YAML).`,
    );
    expect(() => parse({ ...valid, [`${NS}:awake`]: AWAKE }, "prod")).toThrow(
      `allowed: no sleep schedule on the prod stack unless ${NS}:allowSleepInProd is true`,
    );
  });

  it("dev and staging sleep Mon-Fri 07:00-20:00 UTC; prod has no schedule", () => {
    for (const env of ["dev", "staging", "prod"]) {
      const text = readFileSync(join(__dirname, "..", `Pulumi.${env}.yaml`), "utf8");
      const block = `  ${NS}:awake:\n    days: Mon-Fri\n    from: "07:00"\n    to: "20:00"\n    timezone: UTC\n`;
      expect(text.includes(block)).toBe(env !== "prod");
      expect(text.includes(`${NS}:awake`)).toBe(env !== "prod");
    }
  });
});
