import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { EXIT, main, resilienceMinFraction } from "../src/cli";
import type { GraphResource } from "../src/graph";
import { type FixtureResource, fixtureGraph } from "../src/policy/fixtures";
import {
  analyzeLayers,
  type PlanJson,
  type PlanReport,
  renderMarkdown,
  renderTree,
  resourceView,
  toPlanJson,
} from "../src/report";

const SUBNETS3 = ["subnet-a", "subnet-b", "subnet-c"];
const ASG_ARN =
  "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:uuid:autoScalingGroupName/spot-asg";

/**
 * The platform layer: a mixed group of 4 in 3 zones (on-demand base 1, then 0%: 3 of 4 Spot)
 * behind the capacity provider `spot-cp`, and an on-demand node group of 2 in 2 zones.
 */
const platform: FixtureResource[] = [
  {
    type: "aws:autoscaling/group:Group",
    name: "spot-asg",
    inputs: {
      name: "spot-asg",
      minSize: 4,
      maxSize: 10,
      vpcZoneIdentifiers: SUBNETS3,
      mixedInstancesPolicy: {
        instancesDistribution: { onDemandBaseCapacity: 1, onDemandPercentageAboveBaseCapacity: 0 },
      },
    },
    outputs: {
      name: "spot-asg",
      arn: ASG_ARN,
      minSize: 4,
      maxSize: 10,
      vpcZoneIdentifiers: SUBNETS3,
      mixedInstancesPolicy: {
        instancesDistribution: { onDemandBaseCapacity: 1, onDemandPercentageAboveBaseCapacity: 0 },
      },
    },
  },
  {
    type: "aws:ecs/capacityProvider:CapacityProvider",
    name: "spot-cp",
    inputs: { name: "spot-cp", autoScalingGroupProvider: { autoScalingGroupArn: ASG_ARN } },
  },
  {
    type: "aws:eks/nodeGroup:NodeGroup",
    name: "system",
    inputs: {
      capacityType: "ON_DEMAND",
      scalingConfig: { minSize: 2, desiredSize: 2, maxSize: 4 },
      subnetIds: ["subnet-a", "subnet-b"],
      updateConfig: { maxUnavailable: 1 },
    },
  },
];

/**
 * The workloads layer: `api` (4 tasks on the platform's provider, no subnets of its own, 50%
 * healthy) and `web` (FARGATE in 2 zones, desired 5 but an autoscaling minimum of 3).
 */
const workloads: FixtureResource[] = [
  {
    type: "aws:ecs/service:Service",
    name: "api",
    inputs: {
      name: "api",
      cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/apps",
      desiredCount: 4,
      capacityProviderStrategies: [{ capacityProvider: "spot-cp", base: 0, weight: 1 }],
      deploymentMinimumHealthyPercent: 50,
    },
  },
  {
    type: "aws:ecs/service:Service",
    name: "web",
    inputs: {
      name: "web",
      cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/apps",
      desiredCount: 5,
      launchType: "FARGATE",
      networkConfiguration: { subnets: ["subnet-a", "subnet-b"] },
    },
  },
  {
    type: "aws:appautoscaling/target:Target",
    name: "web-target",
    inputs: { serviceNamespace: "ecs", resourceId: "service/apps/web", minCapacity: 3, maxCapacity: 10 },
  },
];

const layers = [
  { layer: "platform", graph: fixtureGraph(platform, { stack: "prod", project: "platform" }) },
  { layer: "workloads", graph: fixtureGraph(workloads, { stack: "prod", project: "workloads" }) },
];

const table = (rows: ReturnType<typeof analyzeLayers>["rows"]) =>
  rows.map((r) => [r.layer, r.name, r.baseline, r.zones, r.onSpot, r.left, r.required, r.shortfalls]);

describe("the resilience analysis of a plan, by hand", () => {
  it("analyzes every layer together: a service on another layer's capacity gets its zones and Spot share", () => {
    expect(table(analyzeLayers(layers).rows)).toEqual([
      // Node group: 2 in 2 zones → zone loss 2 - 1 = 1; on-demand → 2; update 1 down → 1. Needs 1.
      ["platform", "system", 2, 2, 0, { zoneLoss: 1, spotReclaim: 2, deployment: 1 }, 1, []],
      // Group of 4 in 3 zones: zone loss 4 - 2 = 2; Spot ceil(4 × 3/4) = 3 → 1 left; refresh keeps
      // ceil(4 × 90%) = 4. Needs ceil(0.5 × 4) = 2: short when Spot is reclaimed.
      ["platform", "spot-asg", 4, 3, 3, { zoneLoss: 2, spotReclaim: 1, deployment: 4 }, 2, ["spotReclaim"]],
      // api: 4 tasks, the group's 3 zones → 2 left; 3/4 on Spot → 3, 1 left; 50% → 2. Needs 2.
      ["workloads", "api", 4, 3, 3, { zoneLoss: 2, spotReclaim: 1, deployment: 2 }, 2, ["spotReclaim"]],
      // web: the minimum 3, not 5; 2 zones → 3 - 2 = 1; FARGATE → 3; 100% → 3. Needs 2.
      ["workloads", "web", 3, 2, 0, { zoneLoss: 1, spotReclaim: 3, deployment: 3 }, 2, ["zoneLoss"]],
    ]);
  });

  it("keeps the rows of the reported layers only, still with the other layers' capacity", () => {
    const rows = analyzeLayers(layers, ["workloads"]).rows;
    expect(rows.map((r) => [r.name, r.zones, r.onSpot, r.undecided])).toEqual([
      ["api", 3, 3, undefined],
      ["web", 2, 0, undefined],
    ]);
  });

  it("without the platform layer, api's zones and Spot share are undecided and not judged", () => {
    const [api] = analyzeLayers([layers[1] as (typeof layers)[number]]).rows;
    expect(api?.undecided).toEqual(["zoneLoss", "spotReclaim"]);
    // Counted as on-demand in one zone: zone loss 0, Spot 4; 50% → 2. Only the deployment is judged.
    expect(api?.left).toEqual({ zoneLoss: 0, spotReclaim: 4, deployment: 2 });
    expect(api?.shortfalls).toEqual([]);
  });

  it("minFraction sets what each must keep", () => {
    const rows = analyzeLayers(layers, undefined, 1).rows;
    expect(rows.map((r) => [r.name, r.required, r.shortfalls])).toEqual([
      ["system", 2, ["zoneLoss", "deployment"]],
      ["spot-asg", 4, ["zoneLoss", "spotReclaim"]],
      ["api", 4, ["zoneLoss", "spotReclaim", "deployment"]],
      ["web", 3, ["zoneLoss"]],
    ]);
  });

  it("maps a graph resource to the model's view: inputs merged with outputs, outputs win", () => {
    const r = { urn: "u", type: "t", name: "n", inputs: { a: 1, b: 2 }, outputs: { b: 3, c: 4 } };
    expect(resourceView(r as unknown as GraphResource)).toEqual({
      urn: "u",
      type: "t",
      name: "n",
      props: { a: 1, b: 3, c: 4 },
    });
  });
});

describe("the report's minFraction comes from the aws-containers config", () => {
  it("reads the rule's entry, defaults to 0.5, and refuses a value outside 0-1", () => {
    expect(resilienceMinFraction(undefined)).toBe(0.5);
    expect(resilienceMinFraction({ "ecs-service-resilience": "mandatory" })).toBe(0.5);
    expect(resilienceMinFraction({ "ecs-service-resilience": { minFraction: 0.75 } })).toBe(0.75);
    for (const bad of [1.5, -0.1, "half"])
      expect(() => resilienceMinFraction({ "ecs-service-resilience": { minFraction: bad } })).toThrow(
        `aws-containers config: ecs-service-resilience.minFraction: got ${JSON.stringify(bad)}; allowed: a number from 0 to 1`,
      );
  });
});

describe("the resilience section in the reports", () => {
  const report: PlanReport = {
    env: "prod",
    preview: false,
    layers: layers.map((l) => ({ ...l, project: l.layer, stack: "prod", violations: [] })),
    policies: { ran: false, packs: [] },
    resilience: analyzeLayers(layers),
  };

  it("terminal: a table with the scenario names, shortfalls marked", () => {
    const text = renderTree(report);
    const lines = text.split("\n");
    const at = lines.findIndex((l) => l.startsWith("Resilience"));
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]?.trim().split(/\s{2,}/)).toEqual([
      "layer",
      "workload",
      "baseline",
      "zones",
      "on Spot",
      "one zone lost",
      "all Spot reclaimed",
      "during a deployment",
      "must keep",
    ]);
    const row = (name: string) =>
      lines
        .find((l) => l.includes(`${name} (`))
        ?.trim()
        .split(/\s{2,}/);
    expect(row("api")).toEqual(["workloads", "api (ECS service)", "4", "3", "3", "2", "1 !", "2", "2"]);
    expect(row("web")).toEqual(["workloads", "web (ECS service)", "3", "2", "0", "1 !", "3", "3", "2"]);
    expect(row("system")).toEqual(["platform", "system (EKS node group)", "2", "2", "0", "1", "2", "1", "1"]);
    expect(text).toContain(
      'must keep = max(1, ceil(0.5 × baseline)); "!" marks a scenario below it (3 workloads)',
    );
  });

  it("Markdown: the table, bold shortfalls, the assumptions and scenario names once", () => {
    const md = renderMarkdown(report);
    expect(md).toContain("### Resilience");
    expect(md).toContain(
      "| Layer | Workload | Kind | Baseline | Zones | On Spot | one zone lost | all Spot reclaimed | during a deployment | Must keep |",
    );
    expect(md).toContain("| workloads | `api` | ECS service | 4 | 3 | 3 | 2 | **1** | 2 | 2 |");
    expect(md).toContain("| workloads | `web` | ECS service | 3 | 2 | 0 | **1** | 3 | 3 | 2 |");
    expect(md).toContain("| platform | `spot-asg` | Auto Scaling group | 4 | 3 | 3 | 2 | **1** | 4 | 2 |");
    expect(md.match(/<summary>What the numbers assume<\/summary>/g)).toHaveLength(1);
    expect(md).toContain("- **one zone lost**: tasks and nodes spread evenly over their zones");
  });

  it("Markdown marks an undecided scenario with ?", () => {
    const md = renderMarkdown({
      ...report,
      resilience: analyzeLayers([layers[1] as (typeof layers)[number]]),
    });
    expect(md).toContain("| workloads | `api` | ECS service | 4 | 1 | 0 | 0? | 4? | 2 | 2 |");
    expect(md).toContain("`?` marks a scenario not judged");
  });

  it("JSON: resilience rows with every number and the fraction", () => {
    const json = toPlanJson(report);
    expect(json.resilienceMinFraction).toBe(0.5);
    expect(json.resilience?.find((r) => r.name === "api")).toMatchObject({
      layer: "workloads",
      kind: "ecs-service",
      baseline: 4,
      zones: 3,
      onSpot: 3,
      left: { zoneLoss: 2, spotReclaim: 1, deployment: 2 },
      required: 2,
      shortfalls: ["spotReclaim"],
    });
    expect(toPlanJson({ ...report, resilience: undefined }).resilience).toBeUndefined();
  });
});

describe("berth plan prod on the real stacks", () => {
  it("prints the resilience table and passes ecs-service-resilience", async () => {
    const root = path.resolve(__dirname, "..", "..", "..");
    const out = mkdtempSync(path.join(tmpdir(), "berth-resilience-"));
    let stdout = "";
    let stderr = "";
    const code = await main(["plan", "prod", "--root", root, "--out", out, "--no-cost", "--no-time"], {
      stdout: (s) => {
        stdout += s;
      },
      stderr: (s) => {
        stderr += s;
      },
      cwd: root,
      color: false,
    });
    // The plan ran; whether it exits 0 also depends on findings outside this test (AWS
    // conformance), so the test asserts that no mandatory policy violation stopped it.
    expect(code, stderr).not.toBe(EXIT.error);
    expect(stderr).not.toContain("mandatory policy violation");
    expect(stdout).toContain("Resilience");
    // web: the autoscaling minimum 3 in 3 private subnets; FARGATE base 2, then 1:3 → 1 on Spot.
    const web = stdout
      .split("\n")
      .find((l) => l.includes("web-service (ECS service)"))
      ?.trim()
      .split(/\s{2,}/);
    expect(web).toEqual(["workloads", "web-service (ECS service)", "3", "3", "1", "2", "2", "3", "2"]);
    const json = JSON.parse(readFileSync(path.join(out, "prod.json"), "utf8")) as PlanJson;
    const services = json.resilience?.filter((r) => r.kind === "ecs-service") ?? [];
    expect(services.length).toBeGreaterThan(0);
    for (const s of services) expect(s.shortfalls, s.name).toEqual([]);
    const rule = json.layers
      .flatMap((l) => l.violations)
      .filter((v) => v.policy === "ecs-service-resilience");
    expect(rule).toEqual([]);
    expect(json.layers.flatMap((l) => l.violations).filter((v) => v.level === "mandatory")).toEqual([]);
    expect(readFileSync(path.join(out, "prod.md"), "utf8")).toContain("### Resilience");
  }, 120_000);
});
