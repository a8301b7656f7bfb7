import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { capture } from "../src/capture";
import type { ResourceGraph } from "../src/graph";
import {
  renderGraphTree,
  renderJson,
  renderMarkdown,
  renderMermaid,
  renderTree,
  shortType,
  summarizePlan,
  toPlanJson,
} from "../src/report";
import type { PlanReport } from "../src/report/types";

const fixtures = path.join(__dirname, "fixtures", "repo", "stacks");
// biome-ignore lint/suspicious/noExplicitAny: plain JS fixture modules
const load = (layer: string) => require(path.join(fixtures, layer, "program.js")) as { program: () => any };

let network: ResourceGraph;
let workloads: ResourceGraph;
let report: PlanReport;

beforeAll(async () => {
  network = await capture(load("network").program, {
    project: "fixture-network",
    stack: "prod",
    config: {
      "fixture-network:cidr": "10.0.0.0/16",
      "fixture-network:protect": true,
      "fixture-network:flowLogRetentionDays": 30,
    },
  });
  workloads = await capture(load("workloads").program, {
    project: "fixture-workloads",
    stack: "prod",
    config: {
      "fixture-workloads:openIngress": true,
      "fixture-workloads:replicas": 2,
      "fixture-workloads:dbPassword": "s3cret",
    },
    secretKeys: ["fixture-workloads:dbPassword"],
    stackOutputs: { "organization/fixture-network/prod": network.stackOutputs },
  });
  report = {
    env: "prod",
    preview: false,
    policies: { ran: true, packs: ["fixture"] },
    layers: [
      { layer: "network", project: "fixture-network", stack: "prod", graph: network, violations: [] },
      {
        layer: "workloads",
        project: "fixture-workloads",
        stack: "prod",
        graph: workloads,
        violations: [
          {
            pack: "fixture",
            policy: "no-open-ingress",
            level: "mandatory",
            urn: workloads.one("aws:ec2/securityGroup:SecurityGroup").urn,
            message: "Security groups must not accept traffic from 0.0.0.0/0.\ningress is open",
          },
          { pack: "fixture", policy: "log-retention", level: "advisory", message: "stack-wide | note" },
        ],
      },
    ],
  };
});

describe("terminal tree", () => {
  it("draws components with their children and marks protected and read resources", () => {
    const lines = renderGraphTree(workloads).split("\n");
    // Children come in registration order, which follows when their inputs resolve.
    expect(lines[0]).toBe("├─ fixture:app:Web web  [5 resources]");
    expect(lines.slice(1, 5).sort()).toEqual([
      "│  ├─ aws:cloudwatch/logGroup:LogGroup web-logs",
      "│  ├─ aws:ec2/securityGroup:SecurityGroup web-sg",
      "│  ├─ aws:ecs/cluster:Cluster web-cluster",
      "│  ├─ aws:ecs/taskDefinition:TaskDefinition web-task",
    ]);
    expect(lines.slice(5)).toEqual([
      "│  └─ aws:ecs/service:Service web-service",
      "└─ pulumi:pulumi:StackReference organization/fixture-network/prod  (read)",
    ]);
    expect(renderGraphTree(network)).toContain("aws:ec2/vpc:Vpc main  (protected)");
  });

  it("collapses three or more sibling leaves of one type", async () => {
    const aws = await import("@pulumi/aws");
    const g = await capture(() => {
      for (const n of ["a", "b", "c", "d", "e"]) new aws.sqs.Queue(`q-${n}`, {});
      new aws.sqs.Queue("only", {}, { protect: true });
    });
    expect(renderGraphTree(g)).toBe("└─ aws:sqs/queue:Queue × 6  q-a, q-b, q-c, q-d, …  (1 protected)");
  });

  it("prints per layer the tree and counts by type, violations grouped by level, and totals", () => {
    const text = renderTree(report);
    expect(text).toContain("berth plan prod");
    expect(text).toContain("network (fixture-network/prod)  3 resources, 0 components, 1 protected");
    expect(text).toMatch(/\n {5}1 {2}aws:ec2\/vpc:Vpc\n/);
    const mandatory = text.indexOf("mandatory (1)");
    const advisory = text.indexOf("advisory (1)");
    expect(mandatory).toBeGreaterThan(0);
    expect(advisory).toBeGreaterThan(mandatory);
    expect(text).toContain(
      "    ● fixture/no-open-ingress  Security groups must not accept traffic from 0.0.0.0/0.\n" +
        "      aws:ec2/securityGroup:SecurityGroup web-sg: ingress is open\n",
    );
    expect(text).toContain("    ● fixture/log-retention  stack-wide | note\n      (stack)");
    expect(text).toContain(
      "Total: 8 resources, 1 components, 1 protected in 2 layers; 1 mandatory, 1 advisory",
    );
    expect(text.includes("\u001b[")).toBe(false); // no colour unless asked
    expect(renderTree(report, { color: true }).includes("\u001b[")).toBe(true);
  });

  it("says when the policies were skipped", () => {
    const text = renderTree({ ...report, policies: { ran: false, packs: [], note: "--no-policies" } });
    expect(text).toContain("skipped: --no-policies");
  });
});

describe("Mermaid diagram", () => {
  it("draws components as subgraphs, main resources as nodes and dependency edges between them", () => {
    const m = renderMermaid(workloads);
    expect(m.split("\n")[0]).toBe("flowchart LR");
    expect(m).toContain('subgraph n0["Web web +2 more"]');
    expect(m).toContain('n4["ecs.Service<br/>web-service"]');
    expect(m).toContain('n2["ecs.Cluster<br/>web-cluster"]');
    expect(m).toContain("n4 --> n2"); // service -> cluster
    expect(m).toContain("n4 --> n3"); // service -> task definition
    expect(m).toContain("n0 --> n1"); // the security group (folded into web) reads the stack reference
    expect(m).toContain("class n1 read");
    expect(m).toMatch(/\n {2}end\n/);
  });

  it("marks protected nodes and escapes quotes", () => {
    expect(renderMermaid(network)).toContain("class n0 protected");
    expect(shortType("aws:ecs/service:Service")).toBe("ecs.Service");
    expect(shortType("berth:ecs:FargateService")).toBe("FargateService");
  });

  it("falls back to components only past the node cap, and caps edges", () => {
    const m = renderMermaid(workloads, { maxNodes: 2, maxEdges: 0 });
    expect(m).toContain('subgraph n0["Web web +5 more"]');
    expect(m).not.toContain("ecs.Service");
    expect(m).not.toContain("-->");
  });
});

describe("Markdown report", () => {
  it("has a summary table, grouped violations, a diagram per layer and the protected resources", () => {
    const md = renderMarkdown(report);
    expect(md.startsWith("## berth plan: `prod`\n")).toBe(true);
    // Resources | Components | Remote | Protected | Mandatory | Advisory | Accepted
    expect(md).toContain("| network | `fixture-network/prod` | 3 | 0 | 0 | 1 | 0 | 0 | 0 |");
    expect(md).toContain("| workloads | `fixture-workloads/prod` | 5 | 1 | 0 | 0 | 1 | 1 | 0 |");
    expect(md).toContain("| **Total** | | **8** | **1** | **0** | **1** | **1** | **1** | **0** |");
    expect(md).toContain(
      "- `fixture/no-open-ingress`: Security groups must not accept traffic from 0.0.0.0/0.\n" +
        "  - `aws:ec2/securityGroup:SecurityGroup web-sg`: ingress is open\n",
    );
    expect(md).toContain("- `fixture/log-retention`: stack-wide \\| note\n  - `(stack)`\n"); // table-safe
    expect(md.match(/```mermaid/g)).toHaveLength(2);
    expect(md).toContain("<summary>Protected resources (1)</summary>");
    expect(md).toContain("- `aws:ec2/vpc:Vpc` main");
  });

  it("drops the diagrams when the report would pass the size limit", () => {
    const md = renderMarkdown(report, { maxChars: 100 });
    expect(md).not.toContain("```mermaid");
    expect(md).toContain("### workloads");
  });
});

describe("JSON report", () => {
  it("holds per layer the graph, the violations and a summary", () => {
    const json = JSON.parse(renderJson(report)) as ReturnType<typeof toPlanJson>;
    expect(json.version).toBe(1);
    expect(json.env).toBe("prod");
    expect(json.layers.map((l) => l.layer)).toEqual(["network", "workloads"]);
    const wl = json.layers[1];
    expect(wl?.violations).toHaveLength(2);
    expect(wl?.summary.byType).toContainEqual({ type: "aws:ecs/service:Service", count: 1 });
    expect(wl?.graph.resources.some((r) => r.type === "aws:ecs/service:Service")).toBe(true);
    expect(json.summary).toEqual(summarizePlan(report.layers));
    expect(json.summary.protected).toBe(1);
    expect(json.summary.violations).toEqual({ mandatory: 1, advisory: 1 });
  });

  it("keeps secrets marked, not hidden, in the graph", () => {
    const json = toPlanJson(report);
    const task = json.layers[1]?.graph.resources.find(
      (r) => r.type === "aws:ecs/taskDefinition:TaskDefinition",
    );
    expect(task?.secretPaths).toContain("containerDefinitions");
  });
});

describe("the AWS conformance section", () => {
  it("lists every input AWS would reject in the Markdown and the JSON, with rule and source", async () => {
    const aws = await import("@pulumi/aws");
    const graph = await capture(
      () => {
        new aws.ec2.SecurityGroup("web-alb", { vpcId: "vpc-0123", description: "the service's port out" });
      },
      { conformance: "record" },
    );
    const r: PlanReport = {
      env: "dev",
      preview: false,
      policies: { ran: true, packs: ["fixture"] },
      layers: [{ layer: "raw", project: "raw", stack: "dev", graph, violations: [] }],
    };
    const md = renderMarkdown(r);
    expect(md).toContain("### AWS conformance");
    expect(md).toContain("**1 input AWS would reject**: a real `pulumi up` would fail.");
    expect(md).toContain(
      '| `aws:ec2/securityGroup:SecurityGroup` web-alb | (none) | `description` | `"the service\'s port out"` |',
    );
    const json = toPlanJson(r);
    expect(json.layers[0]?.conformance?.violations).toEqual([
      expect.objectContaining({ name: "web-alb", path: "description", value: "the service's port out" }),
    ]);
    expect(json.layers[0]?.conformance?.checked).toBe(1);
  });
});
