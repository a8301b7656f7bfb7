import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseConfig, rawConfig } from "@berth/stack-config";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { workloadsConfigSchemaFor } from "../src/config";

const NS = "berth-workloads";
const valid: Record<string, string> = {
  [`${NS}:imageTag`]: "1.4.2",
  [`${NS}:certificateArn`]: "arn:aws:acm:us-east-1:123456789012:certificate/abc-123",
  [`${NS}:web`]:
    '{"cpu":256,"memory":512,"tasks":{"min":1,"max":2},"spot":{"base":0,"weight":1,"onDemandWeight":0}}',
  [`${NS}:worker`]: '{"tasks":{"min":0,"max":2},"acceptableLatencySeconds":60}',
  [`${NS}:report`]: '{"schedule":"rate(1 day)","timezone":"UTC"}',
  [`${NS}:bridgeTasks`]: "1",
  [`${NS}:orders`]: '{"tasks":{"min":1,"max":2}}',
  [`${NS}:express`]: '{"tasks":{"min":1,"max":2}}',
  [`${NS}:logRetentionDays`]: "7",
};
const AWAKE = '{"days":"Mon-Fri","from":"07:00","to":"20:00","timezone":"UTC"}';
const parse = (raw: Record<string, string>, stack = "dev") =>
  parseConfig(workloadsConfigSchemaFor(stack), rawConfig(NS, raw), NS, `${NS}/${stack}`);

describe("berth-workloads:awake and allowSleepInProd", () => {
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
      const file = parseYaml(readFileSync(join(__dirname, "..", `Pulumi.${env}.yaml`), "utf8")) as {
        config: Record<string, unknown>;
      };
      const awake = file.config[`${NS}:awake`];
      expect(awake).toEqual(
        env === "prod" ? undefined : { days: "Mon-Fri", from: "07:00", to: "20:00", timezone: "UTC" },
      );
    }
  });
});
