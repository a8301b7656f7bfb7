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
