import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseConfig, rawConfig, StackConfigError } from "../src";

const schema = z
  .object({
    natGateways: z.enum(["Single", "OnePerAz"]),
    replicas: z.number().int().min(1).max(10),
    protect: z.boolean().default(false),
    endpoints: z.array(z.string()).max(3).default([]),
    sizes: z.object({ cpu: z.number() }).strict().optional(),
  })
  .strict();

const parse = (raw: Record<string, string>) =>
  parseConfig(schema, rawConfig("berth-network", raw), "berth-network", "berth-network/dev");

describe("rawConfig", () => {
  it("keeps only the project's namespace and parses JSON-looking values", () => {
    expect(
      rawConfig("berth-network", {
        "berth-network:replicas": "3",
        "berth-network:protect": "true",
        "berth-network:sizes": '{"cpu":512}',
        "berth-network:name": "plain text",
        "aws:region": "us-east-1",
      }),
    ).toEqual({ replicas: 3, protect: true, sizes: { cpu: 512 }, name: "plain text" });
  });
});

describe("parseConfig", () => {
  it("returns the typed object with defaults", () => {
    expect(parse({ "berth-network:natGateways": "Single", "berth-network:replicas": "2" })).toEqual({
      natGateways: "Single",
      replicas: 2,
      protect: false,
      endpoints: [],
    });
  });

  it("reports every wrong key with its value and what is allowed", () => {
    let error: unknown;
    try {
      parse({
        "berth-network:natGateways": "Two",
        "berth-network:replicas": "0",
        "berth-network:endpoints": '["a","b","c","d"]',
        "berth-network:sizes": '{"cpu":"big"}',
        "berth-network:typo": "1",
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StackConfigError);
    expect((error as Error).message).toBe(
      "Invalid configuration for stack berth-network/dev:\n" +
        '  - berth-network:natGateways: got "Two"; allowed: one of "Single", "OnePerAz".\n' +
        "  - berth-network:replicas: got 0; allowed: at least 1.\n" +
        '  - berth-network:endpoints: got ["a","b","c","d"]; allowed: at most 3 items.\n' +
        '  - berth-network:sizes.cpu: got "big"; allowed: a number.\n' +
        "  - berth-network:typo: got 1; allowed: no such key; known keys: natGateways, replicas, protect, endpoints, sizes.",
    );
  });

  it("names a missing required key", () => {
    expect(() => parse({ "berth-network:replicas": "1" })).toThrow(
      '  - berth-network:natGateways: got undefined; allowed: one of "Single", "OnePerAz" (required).',
    );
  });

  it("accepts every valid replica count and rejects every invalid one (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -50, max: 50 }), (n) => {
        const ok = n >= 1 && n <= 10;
        const run = () =>
          parse({ "berth-network:natGateways": "Single", "berth-network:replicas": String(n) });
        if (ok) expect(run().replicas).toBe(n);
        else expect(run).toThrow(/berth-network:replicas: got -?\d+; allowed: at (least 1|most 10)\./);
      }),
    );
  });
});

describe("unknown keys, nested too, name the nearest known key", () => {
  const schema = z.strictObject({
    protect: z.boolean().default(false),
    eks: z
      .strictObject({ version: z.string().default("1.35"), admins: z.array(z.string()).default([]) })
      .default({ version: "1.35", admins: [] }),
    repositories: z
      .array(z.strictObject({ name: z.string(), keepImages: z.number().default(30) }))
      .default([]),
  });
  const parse = (raw: Record<string, string>) =>
    parseConfig(schema, rawConfig("berth-platform", raw), "berth-platform", "berth-platform/dev");

  it("at the top, in an object and in a list item", () => {
    expect(() =>
      parse({
        "berth-platform:protected": "true",
        "berth-platform:eks": '{"verison":"1.35"}',
        "berth-platform:repositories": '[{"name":"web","keepImage":5}]',
      }),
    ).toThrow(
      [
        "Invalid configuration for stack berth-platform/dev:",
        '  - berth-platform:eks.verison: got "1.35"; allowed: no such key (did you mean "version"?); known keys: version, admins.',
        '  - berth-platform:repositories[0].keepImage: got 5; allowed: no such key (did you mean "keepImages"?); known keys: name, keepImages.',
        '  - berth-platform:protected: got true; allowed: no such key (did you mean "protect"?); known keys: protect, eks, repositories.',
      ].join("\n"),
    );
  });
});
