import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fixtureGraph, type PolicyPackConfig, runPolicies } from "@berth/plan";
import { describe, expect, it } from "vitest";
import { enforcementLevel, packName, policies } from "../src/policies";
import { ecsServiceResilience } from "../src/resilience";
import { resilienceCases } from "./resilience-fixtures";

const pack = { name: packName, enforcementLevel, policies: [ecsServiceResilience] };
const envConfig = (env: string): PolicyPackConfig =>
  JSON.parse(
    readFileSync(
      join(__dirname, "..", "..", "..", "stacks", "policy-config", `aws-containers.${env}.json`),
      "utf8",
    ),
  ) as PolicyPackConfig;
const allOnSpot = resilienceCases.find((k) => k.title === "2 tasks all on FARGATE_SPOT");

describe("ecs-service-resilience", () => {
  it("is registered in the pack", () => {
    expect(policies).toContain(ecsServiceResilience);
  });

  it("names the service, the scenario, what is left and what it needs", async () => {
    const v = await runPolicies(fixtureGraph(allOnSpot?.resources ?? [], { stack: "prod" }), pack);
    expect(v.map((x) => x.message.split("\n").slice(1).join(" "))).toEqual([
      'service "web" (3 zone(s), 2 on Spot): all Spot reclaimed: 0 of 2 left, needs 1 ' +
        "[desired count 2; rolling deployment keeps 100% (rounded up)]",
    ]);
    expect(v[0]?.urn).toBe("urn:pulumi:prod::berth::aws:ecs/service:Service::web");
  });

  it.each([
    ["prod", "mandatory"],
    ["staging", "advisory"],
    ["dev", "advisory"],
  ])("the %s config makes it %s", async (env, level) => {
    const v = await runPolicies(
      fixtureGraph(allOnSpot?.resources ?? [], { stack: env }),
      pack,
      envConfig(env),
    );
    expect(v.map((x) => [x.policy, x.level])).toEqual([["ecs-service-resilience", level]]);
  });

  it("the rule is advisory without a config (a stack outside Berth's environments)", async () => {
    const v = await runPolicies(fixtureGraph(allOnSpot?.resources ?? [], { stack: "prod" }), pack);
    expect(v.map((x) => x.level)).toEqual(["advisory"]);
  });
});
