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
  it("is optional: always awake, allowSleepInProd false", () => {
    const cfg = parse(valid);
    expect(cfg.awake).toBeUndefined();
    expect(cfg.allowSleepInProd).toBe(false);
  });

  it("exports the parsed schedule as awake", () => {
    expect(parse({ ...valid, [`${NS}:awake`]: AWAKE }).awake).toEqual({
      days: "Mon-Fri",
      from: "07:00",
      to: "20:00",
      timezone: "UTC",
    });
  });

  it("reports every problem of the block as a config issue at awake.<field>", () => {
    expect(() =>
      parse({
        ...valid,
        [`${NS}:awake`]: '{"days":"Fri-Mon","from":"7:00","to":"20:00","timezone":"Mars/Olympus","form":"x"}',
      }),
    ).toThrow(
      [
        `Invalid configuration for stack ${NS}/dev:`,
        `  - ${NS}:awake.form: got "x"; allowed: no such property (did you mean "from"?).`,
        `  - ${NS}:awake.days: got "Fri-Mon"; allowed: days of the week as a range (Mon-Fri), a list (Mon,Wed,Fri) or both (Mon-Wed,Fri).`,
        `  - ${NS}:awake.from: got "7:00"; allowed: a time of day "HH:MM" on a 24-hour clock (quote it in YAML).`,
        `  - ${NS}:awake.timezone: got "Mars/Olympus"; allowed: an IANA time zone name such as Europe/Berlin, America/New_York or UTC.`,
      ].join("\n"),
    );
  });

  it("refuses a sleep schedule on prod naming both keys, unless allowed", () => {
    expect(() => parse({ ...valid, [`${NS}:awake`]: AWAKE }, "prod")).toThrow(
      `  - ${NS}:awake: got {"days":"Mon-Fri","from":"07:00","to":"20:00","timezone":"UTC"}; allowed: no sleep schedule on the prod stack unless ${NS}:allowSleepInProd is true (remove ${NS}:awake or set ${NS}:allowSleepInProd: true).`,
    );
    const allowed = parse({ ...valid, [`${NS}:awake`]: AWAKE, [`${NS}:allowSleepInProd`]: "true" }, "prod");
    expect(allowed.awake?.days).toBe("Mon-Fri");
    expect(parse(valid, "prod").awake).toBeUndefined();
    expect(() => parse({ ...valid, [`${NS}:awake`]: AWAKE }, "staging")).not.toThrow();
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
