import { describe, expect, it } from "vitest";
import { z } from "zod";
import { awakeConfigShape, checkAwakeConfig, parseConfig, rawConfig, refuseSleepInProd } from "../src";

/**
 * The sleep-schedule keys every layer shares, tested once here; each layer keeps one smoke test
 * that its schema wires them (stacks/platform, stacks/workloads: awake-config.test.ts).
 */
const NS = "berth-layer";
const schemaFor = (stack: string) =>
  z
    .strictObject({ ...awakeConfigShape, tags: z.record(z.string(), z.string()).default({}) })
    .superRefine(checkAwakeConfig)
    .superRefine(refuseSleepInProd(NS, stack));
const AWAKE = '{"days":"Mon-Fri","from":"07:00","to":"20:00","timezone":"UTC"}';
const parse = (raw: Record<string, string>, stack = "dev") =>
  parseConfig(schemaFor(stack), rawConfig(NS, raw), NS, `${NS}/${stack}`);

describe("awake and allowSleepInProd", () => {
  it("is optional: always awake, allowSleepInProd false", () => {
    const cfg = parse({});
    expect(cfg.awake).toBeUndefined();
    expect(cfg.allowSleepInProd).toBe(false);
  });

  it("exports the parsed schedule as awake", () => {
    expect(parse({ [`${NS}:awake`]: AWAKE }).awake).toEqual({
      days: "Mon-Fri",
      from: "07:00",
      to: "20:00",
      timezone: "UTC",
    });
  });

  it("reports every problem of the block as a config issue at awake.<field>", () => {
    expect(() =>
      parse({
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
    expect(() => parse({ [`${NS}:awake`]: AWAKE }, "prod")).toThrow(
      `  - ${NS}:awake: got {"days":"Mon-Fri","from":"07:00","to":"20:00","timezone":"UTC"}; allowed: no sleep schedule on the prod stack unless ${NS}:allowSleepInProd is true (remove ${NS}:awake or set ${NS}:allowSleepInProd: true).`,
    );
    const allowed = parse({ [`${NS}:awake`]: AWAKE, [`${NS}:allowSleepInProd`]: "true" }, "prod");
    expect(allowed.awake?.days).toBe("Mon-Fri");
    expect(parse({}, "prod").awake).toBeUndefined();
    expect(() => parse({ [`${NS}:awake`]: AWAKE }, "staging")).not.toThrow();
  });
});
